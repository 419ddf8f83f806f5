/// One row of `figures.csv` (DATA.md §7): every computed figure of one area, indicator and year.
/// `nil` is an undefined figure and is written as an empty cell; nothing is rounded.
public struct FigureRow: Sendable, Hashable {
    public var areaCode: String
    public var areaName: String
    /// Indicator id, or `vitality_index` for the composite index.
    public var indicatorID: String
    public var year: Int
    public var value: Double?
    /// `v(y) − v(y−1)`; for rates this equals `changePP`.
    public var changeAbs: Double?
    /// Percent change; only for `level` indicators (a percent of a percent is never shown).
    public var changePct: Double?
    /// Percentage-point change; only for `rate` indicators.
    public var changePP: Double?
    /// `100 × v(y) / v(base)`.
    public var index: Double?
    /// Rank of the value within the region, 1 = best; empty for aggregates.
    public var rank: Int?
    /// Rank of the yearly change within the region, 1 = best; empty for aggregates.
    public var changeRank: Int?
    /// `rank(y−1) − rank(y)`: positive means the position improved.
    public var rankChange: Int?
    /// Median over the municipalities of the area's region (a region row: its own municipalities;
    /// the country: empty).
    public var regionMedian: Double?

    public init(
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

/// All computed figures, sorted by indicator, area code and year, with lookups by key.
public struct FigureTable: Sendable {
    public let rows: [FigureRow]

    private struct RowKey: Hashable {
        var area: String
        var indicator: String
        var year: Int
    }

    private struct IndicatorYear: Hashable {
        var indicator: String
        var year: Int
    }

    private struct AreaIndicator: Hashable {
        var area: String
        var indicator: String
    }

    private let rowIndex: [RowKey: Int]
    private let indicatorYearIndex: [IndicatorYear: [Int]]
    private let seriesIndex: [AreaIndicator: [Int]]

    /// Sorts the rows by indicator, area code and year. When two rows share a key, the first
    /// is the one the lookups return.
    public init(rows: [FigureRow]) {
        let sorted = rows.sorted {
            ($0.indicatorID, $0.areaCode, $0.year) < ($1.indicatorID, $1.areaCode, $1.year)
        }
        var rowIndex: [RowKey: Int] = [:]
        var indicatorYearIndex: [IndicatorYear: [Int]] = [:]
        var seriesIndex: [AreaIndicator: [Int]] = [:]
        for (i, row) in sorted.enumerated() {
            let key = RowKey(area: row.areaCode, indicator: row.indicatorID, year: row.year)
            if rowIndex[key] == nil { rowIndex[key] = i }
            indicatorYearIndex[IndicatorYear(indicator: row.indicatorID, year: row.year), default: []].append(i)
            seriesIndex[AreaIndicator(area: row.areaCode, indicator: row.indicatorID), default: []].append(i)
        }
        self.rows = sorted
        self.rowIndex = rowIndex
        self.indicatorYearIndex = indicatorYearIndex
        self.seriesIndex = seriesIndex
    }

    public func row(area: String, indicator: String, year: Int) -> FigureRow? {
        rowIndex[RowKey(area: area, indicator: indicator, year: year)].map { rows[$0] }
    }

    /// Rows of every area for one indicator and year, in area-code order.
    public func rows(indicator: String, year: Int) -> [FigureRow] {
        (indicatorYearIndex[IndicatorYear(indicator: indicator, year: year)] ?? []).map { rows[$0] }
    }

    /// Rows of one area and indicator, ascending by year.
    public func series(area: String, indicator: String) -> [FigureRow] {
        (seriesIndex[AreaIndicator(area: area, indicator: indicator)] ?? []).map { rows[$0] }
    }

    /// Years present for an indicator, ascending.
    public func years(indicator: String) -> [Int] {
        Set(indicatorYearIndex.keys.lazy.filter { $0.indicator == indicator }.map(\.year)).sorted()
    }
}
