/// One row of `figures.csv` (DATA.md §7): every computed figure of one area, indicator and year.
/// `nil` is an undefined figure and is written as an empty cell; nothing is rounded.
package struct FigureRow: Sendable, Hashable {
    package var areaCode: String
    package var areaName: String
    /// Indicator id, or `vitality_index` for the composite index.
    package var indicatorID: String
    package var year: Int
    package var value: Double?
    /// `v(y) − v(y−1)`; for rates this equals `changePP`.
    package var changeAbs: Double?
    /// Percent change; only for `level` indicators (a percent of a percent is never shown).
    package var changePct: Double?
    /// Percentage-point change; only for `rate` indicators.
    package var changePP: Double?
    /// `100 × v(y) / v(base)`.
    package var index: Double?
    /// Rank of the value within the region, 1 = best; empty for aggregates.
    package var rank: Int?
    /// Rank of the yearly change within the region, 1 = best; empty for aggregates.
    package var changeRank: Int?
    /// `rank(y−1) − rank(y)`: positive means the position improved.
    package var rankChange: Int?
    /// Median over the municipalities of the area's region (a region row: its own municipalities;
    /// the country: empty).
    package var regionMedian: Double?

    package init(
        areaCode: String, areaName: String, indicatorID: String, year: Int, value: Double?,
        changeAbs: Double? = nil, changePct: Double? = nil, changePP: Double? = nil, index: Double? = nil,
        rank: Int? = nil, changeRank: Int? = nil, rankChange: Int? = nil, regionMedian: Double? = nil
    ) {
        self.areaCode = areaCode
        self.areaName = areaName
        self.indicatorID = indicatorID
        self.year = year
        self.value = value
        self.changeAbs = changeAbs
        self.changePct = changePct
        self.changePP = changePP
        self.index = index
        self.rank = rank
        self.changeRank = changeRank
        self.rankChange = rankChange
        self.regionMedian = regionMedian
    }
}

/// The figures of one row without its texts: the area and indicator are numbers into
/// `FigureTable.areaCodes`, `areaNames` and `indicatorIDs` (what `figures.csv` is written from).
package struct FigureRecord: Sendable, Hashable {
    package var area: Int
    package var indicator: Int
    package var year: Int
    package var value: Double?
    package var changeAbs: Double?
    package var changePct: Double?
    package var changePP: Double?
    package var index: Double?
    package var rank: Int?
    package var changeRank: Int?
    package var rankChange: Int?
    package var regionMedian: Double?
}

/// All computed figures, sorted by indicator, area code and year, with lookups by key.
///
/// Stored by column: one block of series per indicator, one series per area (in area-code
/// order), one cell per year (ascending) holding the value and the two ranks. Changes, index,
/// rank change and region median are derived from the cells when a row is read, by the
/// formulas of `Analysis`, so a table of N rows takes about 19·N bytes.
package struct FigureTable: Sendable {
    /// Area codes and Finnish names (the code when the area is unknown), by area number.
    package let areaCodes: [String]
    package let areaNames: [String]
    /// Indicator ids in table order (ascending; an id may repeat only in a table made from rows).
    package let indicatorIDs: [String]
    let storage: Storage

    enum Storage: Sendable {
        case columns(FigureColumns)
        case rows(RowStorage)
    }

    /// Rows given as they are (tests, hand-made tables): sorted, looked up by dictionaries.
    struct RowStorage: Sendable {
        var rows: [FigureRow]
        var areaOfRow: [Int32]
        var indicatorOfRow: [Int32]
        var rowIndex: [RowKey: Int]
        var indicatorYearIndex: [IndicatorYear: [Int]]
        var seriesIndex: [AreaIndicator: [Int]]
    }

    struct RowKey: Hashable {
        var area: String
        var indicator: String
        var year: Int
    }

    struct IndicatorYear: Hashable {
        var indicator: String
        var year: Int
    }

    struct AreaIndicator: Hashable {
        var area: String
        var indicator: String
    }

    /// Sorts the rows by indicator, area code and year. When two rows share a key, the first
    /// is the one the lookups return.
    package init(rows: [FigureRow]) {
        let sorted = rows.sorted {
            ($0.indicatorID, $0.areaCode, $0.year) < ($1.indicatorID, $1.areaCode, $1.year)
        }
        var rowIndex: [RowKey: Int] = [:]
        var indicatorYearIndex: [IndicatorYear: [Int]] = [:]
        var seriesIndex: [AreaIndicator: [Int]] = [:]
        struct AreaKey: Hashable {
            var code: String
            var name: String
        }
        var areaIDs: [AreaKey: Int32] = [:]
        var indicatorNumbers: [String: Int32] = [:]
        var areaCodes: [String] = []
        var areaNames: [String] = []
        var indicatorIDs: [String] = []
        var areaOfRow: [Int32] = []
        var indicatorOfRow: [Int32] = []
        for (i, row) in sorted.enumerated() {
            let key = RowKey(area: row.areaCode, indicator: row.indicatorID, year: row.year)
            if rowIndex[key] == nil { rowIndex[key] = i }
            indicatorYearIndex[IndicatorYear(indicator: row.indicatorID, year: row.year), default: []].append(i)
            seriesIndex[AreaIndicator(area: row.areaCode, indicator: row.indicatorID), default: []].append(i)
            let areaKey = AreaKey(code: row.areaCode, name: row.areaName)
            if let id = areaIDs[areaKey] {
                areaOfRow.append(id)
            } else {
                areaIDs[areaKey] = Int32(areaCodes.count)
                areaOfRow.append(Int32(areaCodes.count))
                areaCodes.append(row.areaCode)
                areaNames.append(row.areaName)
            }
            if let id = indicatorNumbers[row.indicatorID] {
                indicatorOfRow.append(id)
            } else {
                indicatorNumbers[row.indicatorID] = Int32(indicatorIDs.count)
                indicatorOfRow.append(Int32(indicatorIDs.count))
                indicatorIDs.append(row.indicatorID)
            }
        }
        self.areaCodes = areaCodes
        self.areaNames = areaNames
        self.indicatorIDs = indicatorIDs
        self.storage = .rows(RowStorage(
            rows: sorted, areaOfRow: areaOfRow, indicatorOfRow: indicatorOfRow, rowIndex: rowIndex,
            indicatorYearIndex: indicatorYearIndex, seriesIndex: seriesIndex))
    }

    init(columns: FigureColumns) {
        self.areaCodes = columns.areaCodes
        self.areaNames = columns.areaNames
        self.indicatorIDs = columns.blockIDs
        self.storage = .columns(columns)
    }

    /// Every row, in table order, materialised on access.
    package var rows: FigureRows { FigureRows(table: self) }

    /// How many rows the table has.
    package var count: Int {
        switch storage {
        case .columns(let columns): columns.cellYear.count
        case .rows(let storage): storage.rows.count
        }
    }

    package func row(area: String, indicator: String, year: Int) -> FigureRow? {
        switch storage {
        case .columns(let columns):
            guard let series = columns.series(area: area, indicator: indicator),
                  let cell = columns.cell(series: series, year: year)
            else { return nil }
            return row(columns.record(cell: cell, series: series))
        case .rows(let storage):
            return storage.rowIndex[RowKey(area: area, indicator: indicator, year: year)].map { storage.rows[$0] }
        }
    }

    /// Rows of every area for one indicator and year, in area-code order.
    package func rows(indicator: String, year: Int) -> [FigureRow] {
        switch storage {
        case .columns(let columns):
            var result: [FigureRow] = []
            for block in columns.blocks(indicator) {
                for series in columns.seriesRange(block: block) {
                    if let cell = columns.cell(series: series, year: year) {
                        result.append(row(columns.record(cell: cell, series: series)))
                    }
                }
            }
            return result
        case .rows(let storage):
            return (storage.indicatorYearIndex[IndicatorYear(indicator: indicator, year: year)] ?? []).map { storage.rows[$0] }
        }
    }

    /// Rows of one area and indicator, ascending by year.
    package func series(area: String, indicator: String) -> [FigureRow] {
        switch storage {
        case .columns(let columns):
            guard let series = columns.series(area: area, indicator: indicator) else { return [] }
            return columns.cellRange(series: series).map { row(columns.record(cell: $0, series: series)) }
        case .rows(let storage):
            return (storage.seriesIndex[AreaIndicator(area: area, indicator: indicator)] ?? []).map { storage.rows[$0] }
        }
    }

    /// Years present for an indicator, ascending.
    package func years(indicator: String) -> [Int] {
        switch storage {
        case .columns(let columns):
            var seen = Set<Int>()
            for block in columns.blocks(indicator) {
                for cell in columns.cellRange(block: block) { seen.insert(Int(columns.cellYear[cell])) }
            }
            return seen.sorted()
        case .rows(let storage):
            return Set(storage.indicatorYearIndex.keys.lazy.filter { $0.indicator == indicator }.map(\.year)).sorted()
        }
    }

    /// Whether any row of the indicator has a value below zero.
    package func hasNegativeValue(indicator: String) -> Bool {
        switch storage {
        case .columns(let columns):
            columns.blocks(indicator).contains { block in
                columns.cellRange(block: block).contains { columns.cellHasValue[$0] && columns.cellValue[$0] < 0 }
            }
        case .rows(let storage):
            storage.rows.contains { $0.indicatorID == indicator && ($0.value ?? 0) < 0 }
        }
    }

    /// Calls `body` with every row's figures in table order, without making any text.
    package func forEachRecord(_ body: (FigureRecord) -> Void) {
        forEachRecord(in: 0..<count, body)
    }

    /// Calls `body` with the figures of the rows at `positions` (table order), so that parts of
    /// the table can be written by different threads.
    package func forEachRecord(in positions: Range<Int>, _ body: (FigureRecord) -> Void) {
        let positions = positions.clamped(to: 0..<count)
        guard !positions.isEmpty else { return }
        switch storage {
        case .columns(let columns):
            var series = columns.seriesOf(cell: positions.lowerBound)
            var block = columns.blockOf(series: series)
            for cell in positions {
                while cell >= Int(columns.seriesFirstCell[series + 1]) { series += 1 }
                while series >= Int(columns.blockFirstSeries[block + 1]) { block += 1 }
                body(columns.record(cell: cell, series: series, block: block))
            }
        case .rows(let storage):
            for i in positions {
                let row = storage.rows[i]
                body(FigureRecord(
                    area: Int(storage.areaOfRow[i]), indicator: Int(storage.indicatorOfRow[i]), year: row.year,
                    value: row.value, changeAbs: row.changeAbs, changePct: row.changePct, changePP: row.changePP,
                    index: row.index, rank: row.rank, changeRank: row.changeRank, rankChange: row.rankChange,
                    regionMedian: row.regionMedian))
            }
        }
    }

    /// Row `position` in table order.
    func row(at position: Int) -> FigureRow {
        switch storage {
        case .columns(let columns):
            return row(columns.record(cell: position, series: columns.seriesOf(cell: position)))
        case .rows(let storage):
            return storage.rows[position]
        }
    }

    private func row(_ record: FigureRecord) -> FigureRow {
        FigureRow(
            areaCode: areaCodes[record.area], areaName: areaNames[record.area], indicatorID: indicatorIDs[record.indicator],
            year: record.year, value: record.value, changeAbs: record.changeAbs, changePct: record.changePct,
            changePP: record.changePP, index: record.index, rank: record.rank, changeRank: record.changeRank,
            rankChange: record.rankChange, regionMedian: record.regionMedian)
    }
}

/// The rows of a `FigureTable` in table order, made on access.
package struct FigureRows: RandomAccessCollection, Sendable {
    let table: FigureTable
    package var startIndex: Int { 0 }
    package var endIndex: Int { table.count }
    package subscript(position: Int) -> FigureRow { table.row(at: position) }
}

/// What a block's cells mean: an indicator's values (`level` or `rate`) or the vitality index.
enum BlockKind: UInt8, Sendable {
    case level
    case rate
    case vitality
}

/// The column store behind a computed `FigureTable` (see there).
struct FigureColumns: Sendable {
    var areaCodes: [String] = []
    var areaNames: [String] = []
    /// Position of each area in area-code order.
    var areaOrder: [Int32] = []
    var areaIndex: [String: Int32] = [:]

    var blockIDs: [String] = []
    var blockKinds: [BlockKind] = []
    /// First series of each block, and the series count at the end.
    var blockFirstSeries: [Int32] = [0]
    /// Medians of each block: `blockMedianStart[b] + region × span + year − first year`.
    var blockMedianStart: [Int32] = []
    var blockMedianFirstYear: [Int32] = []
    var blockMedianSpan: [Int32] = []
    var blockIndex: [String: [Int32]] = [:]

    var seriesArea: [Int32] = []
    /// First cell of each series, and the cell count at the end.
    var seriesFirstCell: [Int32] = [0]

    var cellYear: [Int16] = []
    var cellValue: [Double] = []
    var cellHasValue: [Bool] = []
    /// 0 when unranked.
    var cellRank: [Int32] = []
    var cellChangeRank: [Int32] = []

    /// The region whose median an area's rows show (its own for a region row), −1 for none.
    var medianRegionOfArea: [Int32] = []
    var medians: [Double?] = []
    var indexBaseYear: Int = 0

    func blocks(_ indicator: String) -> [Int] { (blockIndex[indicator] ?? []).map { Int($0) } }

    func seriesRange(block: Int) -> Range<Int> { Int(blockFirstSeries[block])..<Int(blockFirstSeries[block + 1]) }

    func cellRange(series: Int) -> Range<Int> { Int(seriesFirstCell[series])..<Int(seriesFirstCell[series + 1]) }

    func cellRange(block: Int) -> Range<Int> {
        let series = seriesRange(block: block)
        return Int(seriesFirstCell[series.lowerBound])..<Int(seriesFirstCell[series.upperBound])
    }

    /// The first series of the indicator for an area code.
    func series(area: String, indicator: String) -> Int? {
        guard let area = areaIndex[area] else { return nil }
        let order = areaOrder[Int(area)]
        for block in blocks(indicator) {
            var low = Int(blockFirstSeries[block])
            var high = Int(blockFirstSeries[block + 1])
            while low < high {
                let middle = (low + high) / 2
                if areaOrder[Int(seriesArea[middle])] < order { low = middle + 1 } else { high = middle }
            }
            if low < Int(blockFirstSeries[block + 1]), seriesArea[low] == area { return low }
        }
        return nil
    }

    /// The cell of a series for a year.
    func cell(series: Int, year: Int) -> Int? {
        let range = cellRange(series: series)
        guard let first = range.first else { return nil }
        let offset = year - Int(cellYear[first])
        // Most series have every year: then the offset finds it.
        if offset >= 0, offset < range.count, Int(cellYear[first + offset]) == year { return first + offset }
        var low = range.lowerBound
        var high = range.upperBound
        while low < high {
            let middle = (low + high) / 2
            if Int(cellYear[middle]) < year { low = middle + 1 } else { high = middle }
        }
        return low < range.upperBound && Int(cellYear[low]) == year ? low : nil
    }

    func seriesOf(cell: Int) -> Int {
        var low = 0
        var high = seriesArea.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if Int(seriesFirstCell[middle]) <= cell { low = middle } else { high = middle }
        }
        return low
    }

    func blockOf(series: Int) -> Int {
        var low = 0
        var high = blockIDs.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if Int(blockFirstSeries[middle]) <= series { low = middle } else { high = middle }
        }
        return low
    }

    func value(_ cell: Int) -> Double? { cellHasValue[cell] ? cellValue[cell] : nil }

    /// The cell of the year before, when the series has it.
    func previousCell(_ cell: Int, series: Int) -> Int? {
        guard cell > Int(seriesFirstCell[series]), Int(cellYear[cell - 1]) == Int(cellYear[cell]) - 1 else { return nil }
        return cell - 1
    }

    /// The change that is ranked: percent for levels, points for rates, the absolute change of
    /// the vitality index.
    func rankedChange(_ cell: Int, series: Int, kind: BlockKind) -> Double? {
        guard let current = value(cell), let previousCell = previousCell(cell, series: series),
              let previous = value(previousCell)
        else { return nil }
        switch kind {
        case .level: return Analysis.percentChange(from: previous, to: current)
        case .rate, .vitality: return current - previous
        }
    }

    func record(cell: Int, series: Int) -> FigureRecord {
        record(cell: cell, series: series, block: blockOf(series: series))
    }

    func record(cell: Int, series: Int, block: Int) -> FigureRecord {
        let area = Int(seriesArea[series])
        let year = Int(cellYear[cell])
        let kind = blockKinds[block]
        let value = value(cell)
        var record = FigureRecord(area: area, indicator: block, year: year, value: value)
        let previous = previousCell(cell, series: series)
        if let value, let previous, let previousValue = self.value(previous) {
            switch kind {
            case .level:
                let change = Analysis.yearlyChange(from: previousValue, to: value, kind: .level)
                record.changeAbs = change?.absolute
                record.changePct = change?.percent
            case .rate:
                record.changeAbs = value - previousValue
                record.changePP = value - previousValue
            case .vitality:
                record.changeAbs = value - previousValue
            }
        }
        if kind != .vitality, let base = self.cell(series: series, year: indexBaseYear) {
            record.index = Analysis.index(value: value, base: self.value(base))
        }
        let rank = Int(cellRank[cell])
        if rank > 0 {
            record.rank = rank
            if let previous, cellRank[previous] > 0 { record.rankChange = Int(cellRank[previous]) - rank }
        }
        if cellChangeRank[cell] > 0 { record.changeRank = Int(cellChangeRank[cell]) }
        let region = Int(medianRegionOfArea[area])
        if region >= 0 {
            let offset = year - Int(blockMedianFirstYear[block])
            let span = Int(blockMedianSpan[block])
            if offset >= 0, offset < span {
                record.regionMedian = medians[Int(blockMedianStart[block]) + region * span + offset]
            }
        }
        return record
    }
}
