/// All observations in a compact column store, about 6 bytes per value when a file repeats its
/// layout: rows are grouped in runs (one series, one file, consecutive years, locations stepping
/// one line or one column at a time) and each value is a 4-byte decimal mantissa with the run's
/// scale. Values are exact: a Double that no mantissa reproduces bit for bit is kept aside.
/// Area codes, indicator ids, file names and missing-value symbols are interned. Each
/// (area, indicator, year) is stored once: `insert` keeps the first and returns it for the
/// others, so readers can report duplicates. A random-access collection of `Observation`s in
/// insertion order, materialised on access.
package struct ObservationStore: Sendable, RandomAccessCollection {
    package private(set) var areaCodes: [String] = []
    package private(set) var indicatorIDs: [String] = []
    package private(set) var files: [String] = []
    private var symbols: [String] = []
    private var symbolIDs: [String: Int32] = [:]
    private var areaIDs: [String: Int32] = [:]
    private var indicatorIDIndex: [String: Int32] = [:]
    private var fileIDs: [String: UInt16] = [:]
    /// Per file id: true when the file's rows are placed by a cell's position (`placeByPosition`).
    private var positioned: [Bool] = []

    /// Consecutive rows of one series and file with years `firstYear, firstYear + 1, …` and
    /// locations `(line + i, column)` (`Step.long`) or `(line, column + i)` (`Step.wide`). Its rows
    /// end where the next run begins. 24 bytes.
    private struct Run {
        var series: Int32
        var firstRow: UInt32
        var line: Int32
        var firstYear: Int16
        var column: UInt16
        /// `UInt16.max` when the place is unknown (then any location continues the run).
        var file: UInt16
        /// Numbers are `mantissa / 10^scale`.
        var scale: UInt8
        var step: UInt8
        /// The series' run before this one, -1 for its first.
        var previousRunOfSeries: Int32
    }

    private enum Step {
        static let long: UInt8 = 0
        static let wide: UInt8 = 1
    }

    /// One (area, indicator): its newest run and the years its runs cover (min > max when none).
    private struct Series {
        var area: Int32
        var indicator: Int32
        var lastRun: Int32
        var minYear: Int16
        var maxYear: Int16
    }

    // Codes in `values`: a mantissa in -maxMantissa...maxMantissa, a missing value
    // (`missingBase + symbol index`) or `overflow` (the Double is in `overflowValues`).
    private static let maxMantissa: Int32 = 2_000_000_000
    private static let missingBase: Int32 = 2_000_000_001
    private static let maxSymbols = 100_000
    private static let overflow: Int32 = -2_000_000_001

    /// One code per row; the row index is the value index.
    private var values: [Int32] = []
    private var runs: [Run] = []
    /// Rows coded `overflow`, ascending, and their values.
    private var overflowRows: [UInt32] = []
    private var overflowValues: [Double] = []
    private var series: [Series] = []
    /// The series by (area, indicator): open addressing with linear probing over series ids
    /// (-1 empty), a power of two in size, at most 3/4 full. 4 bytes a slot instead of the
    /// 16 a `[UInt64: Int32]` takes (1 byte less per value of a 25-year series; see
    /// `wideRowsTakeUnderSixAndAHalfBytes`).
    private var seriesSlots: [Int32] = []
    private var lastSeries: (key: UInt64, id: Int32) = (.max, -1)

    package init() {}

    package init(_ observations: some Sequence<Observation>) {
        for observation in observations {
            let area = internArea(observation.areaCode)
            let indicator = internIndicator(observation.indicatorID)
            let file = observation.location.map { internFile($0.file) }
            _ = insert(area: area, indicator: indicator, year: observation.year, value: observation.value,
                       file: file, line: observation.location?.line ?? 0, column: observation.location?.column ?? 0)
        }
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { values.count }

    package subscript(row: Int) -> Observation {
        observation(row: row, run: runIndex(of: row))
    }

    package func value(row: Int) -> ObservedValue { value(row: row, run: nil) }

    package func year(row: Int) -> Int {
        let run = runs[runIndex(of: row)]
        return Int(run.firstYear) + row - Int(run.firstRow)
    }

    package func location(row: Int) -> SourceLocation? { location(row: row, run: runIndex(of: row)) }

    package func areaCode(row: Int) -> String { areaCodes[Int(series[Int(runs[runIndex(of: row)].series)].area)] }
    package func indicatorID(row: Int) -> String { indicatorIDs[Int(series[Int(runs[runIndex(of: row)].series)].indicator)] }

    /// Bytes held by the store's arrays and series index (capacities, not counts); the interned
    /// labels are counted at 16 bytes a string (28 bytes a slot in their indexes).
    package var storageBytes: Int {
        values.capacity * MemoryLayout<Int32>.stride
            + runs.capacity * MemoryLayout<Run>.stride
            + series.capacity * MemoryLayout<Series>.stride
            + overflowRows.capacity * MemoryLayout<UInt32>.stride
            + overflowValues.capacity * MemoryLayout<Double>.stride
            + seriesSlots.capacity * MemoryLayout<Int32>.stride + positioned.capacity
            + (areaCodes.capacity + indicatorIDs.capacity + files.capacity + symbols.capacity) * 16
            + (areaIDs.capacity + indicatorIDIndex.capacity + fileIDs.capacity + symbolIDs.capacity) * 28
    }

    /// How many runs hold the rows.
    package var runCount: Int { runs.count }
    /// How many series (area and indicator pairs) have been stored.
    package var seriesCount: Int { series.count }
    /// Capacities behind `storageBytes` (for test messages).
    var storageBreakdown: String {
        "values \(values.capacity), runs \(runs.capacity) × \(MemoryLayout<Run>.stride) B, series \(series.capacity) × "
            + "\(MemoryLayout<Series>.stride) B, index slots \(seriesSlots.capacity), areas \(areaIDs.capacity)"
    }

    /// Room for `count` more rows.
    package mutating func reserveCapacity(additional count: Int) {
        values.reserveCapacity(values.count + count)
    }

    /// How many rows, runs and series the store holds: a mark to measure growth from.
    package struct Size: Sendable {
        package var rows: Int
        package var runs: Int
        package var series: Int
    }

    package var size: Size { Size(rows: values.count, runs: runs.count, series: series.count) }

    /// Room for `factor` times the rows, runs and series added since `mark`, plus 5 % (a reader
    /// that has read part of a file reserves for the rest at the same rate).
    package mutating func reserveCapacity(growthSince mark: Size, times factor: Double) {
        let factor = Swift.max(0, factor) * 1.05
        reserveCapacity(additional: Int(Double(values.count - mark.rows) * factor) + 16,
                        runs: Int(Double(runs.count - mark.runs) * factor) + 16,
                        series: Int(Double(series.count - mark.series) * factor) + 16)
    }

    /// Room for `rows` more rows in `runs` more runs of `newSeries` more series (a reader that
    /// can estimate them from the file's size), so that a large read never copies the store while
    /// it grows. Capacity that stays unused is address space only, so an estimate may be generous;
    /// the series index (a quarter of a series' size) still grows by doubling.
    package mutating func reserveCapacity(additional rows: Int, runs newRuns: Int, series newSeries: Int) {
        values.reserveCapacity(values.count + rows)
        runs.reserveCapacity(runs.count + newRuns)
        series.reserveCapacity(series.count + newSeries)
    }

    /// Removes the rows from `count` on (a reader undoing a file it reads again).
    package mutating func truncate(to count: Int) {
        let count = Swift.max(0, count)
        guard count < values.count else { return }
        let containing = runIndex(of: count)
        let firstRemoved = Int(runs[containing].firstRow) == count ? containing : containing + 1
        var touched: [Int32] = []
        if firstRemoved > containing { touched.append(runs[containing].series) }
        // Removed runs are the newest of their series: pop each series' chain back.
        for index in stride(from: runs.count - 1, through: firstRemoved, by: -1) {
            let run = runs[index]
            series[Int(run.series)].lastRun = run.previousRunOfSeries
            touched.append(run.series)
        }
        runs.removeSubrange(firstRemoved...)
        values.removeSubrange(count...)
        let firstOverflow = lowerBound(overflowRows, UInt32(count))
        overflowRows.removeSubrange(firstOverflow...)
        overflowValues.removeSubrange(firstOverflow...)
        for id in Set(touched) { recomputeYears(of: Int(id)) }
    }

    package mutating func internArea(_ code: String) -> Int32 {
        if let id = areaIDs[code] { return id }
        areaCodes.append(code)
        areaIDs[code] = Int32(areaCodes.count - 1)
        return Int32(areaCodes.count - 1)
    }

    package mutating func internIndicator(_ id: String) -> Int32 {
        if let index = indicatorIDIndex[id] { return index }
        indicatorIDs.append(id)
        indicatorIDIndex[id] = Int32(indicatorIDs.count - 1)
        return Int32(indicatorIDs.count - 1)
    }

    /// The id of a file name; files past the 65 534th share the last id.
    package mutating func internFile(_ path: String) -> UInt16 {
        if let id = fileIDs[path] { return id }
        guard files.count < Int(UInt16.max) - 1 else { return UInt16(files.count - 1) }
        files.append(path)
        positioned.append(false)
        fileIDs[path] = UInt16(files.count - 1)
        return UInt16(files.count - 1)
    }

    /// Marks the rows of file `id` as placed by a cell's position instead of a line (JSON-stat:
    /// `line` is the position in `value` plus 1, `column` 0), so that `location(row:)` names
    /// only their file and `cellPosition(row:)` their position.
    package mutating func placeByPosition(file id: UInt16) {
        if Int(id) < positioned.count { positioned[Int(id)] = true }
    }

    /// The file and position (from 0) of a row of a file placed by position, else nil.
    package func cellPosition(row: Int) -> (file: String, position: Int)? {
        let run = runs[runIndex(of: row)]
        guard run.file != .max, positioned[Int(run.file)] else { return nil }
        let offset = run.step == Step.long ? row - Int(run.firstRow) : 0
        return (files[Int(run.file)], Int(run.line) - 1 + offset)
    }

    func areaID(_ code: String) -> Int32? { areaIDs[code] }
    func indicatorIndex(_ id: String) -> Int32? { indicatorIDIndex[id] }

    private func seriesKey(_ area: Int32, _ indicator: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: area)) << 32 | UInt64(UInt32(bitPattern: indicator))
    }

    /// The area and indicator ids of series `id` (`0..<seriesCount`).
    package func seriesKey(_ id: Int) -> (area: Int32, indicator: Int32) {
        (series[id].area, series[id].indicator)
    }

    /// Calls `body` with the year and number (nil for a missing value) of every row of series
    /// `id`, run by run from the newest run; within a run the years ascend. No row is
    /// materialised as an `Observation`.
    package func forEachRow(ofSeries id: Int, _ body: (_ year: Int, _ number: Double?) -> Void) {
        var index = Int(series[id].lastRun)
        while index >= 0 {
            let run = runs[index]
            let first = Int(run.firstRow)
            let end = runEnd(index)
            let power = Self.power(run.scale)
            for row in first..<end {
                let code = values[row]
                let year = Int(run.firstYear) + (row - first)
                if code >= Self.missingBase {
                    body(year, nil)
                } else if code == Self.overflow {
                    body(year, overflowValues[lowerBound(overflowRows, UInt32(row))])
                } else {
                    body(year, Double(code) / power)
                }
            }
            index = Int(run.previousRunOfSeries)
        }
    }

    /// The row of an area, indicator and year, nil when there is none.
    package func row(area: Int32, indicator: Int32, year: Int) -> Int? {
        guard let id = seriesID(seriesKey(area, indicator)) else { return nil }
        return existingRow(of: series[Int(id)], year: year)
    }

    package func row(area: String, indicator: String, year: Int) -> Int? {
        guard let area = areaIDs[area], let indicator = indicatorIDIndex[indicator] else { return nil }
        return row(area: area, indicator: indicator, year: year)
    }

    private func slot(of key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - seriesSlots.count.trailingZeroBitCount))
    }

    private func seriesID(_ key: UInt64) -> Int32? {
        guard !seriesSlots.isEmpty else { return nil }
        let mask = seriesSlots.count - 1
        var index = slot(of: key)
        while true {
            let id = seriesSlots[index]
            if id < 0 { return nil }
            if seriesKey(series[Int(id)].area, series[Int(id)].indicator) == key { return id }
            index = (index + 1) & mask
        }
    }

    /// Indexes the newest series, doubling the table when it would be more than 3/4 full.
    private mutating func addToIndex(_ id: Int32) {
        if series.count * 4 > seriesSlots.count * 3 {
            // The table is rebuilt from `series`, so the old one can go first (never both at once).
            let size = Swift.max(16, seriesSlots.count * 2)
            seriesSlots = []
            seriesSlots = Array(repeating: -1, count: size)
            for old in 0..<id { place(old) }
        }
        place(id)
    }

    private mutating func place(_ id: Int32) {
        let mask = seriesSlots.count - 1
        var index = slot(of: seriesKey(series[Int(id)].area, series[Int(id)].indicator))
        while seriesSlots[index] >= 0 { index = (index + 1) & mask }
        seriesSlots[index] = id
    }

    /// Stores an observation and returns nil, or returns the row that already holds the same
    /// area, indicator and year (the new one is then not stored). Years outside 0...32767 are
    /// not stored and return -1.
    package mutating func insert(area: Int32, indicator: Int32, year: Int, value: ObservedValue,
                                file: UInt16?, line: Int, column: Int) -> Int? {
        guard (0...Int(Int16.max)).contains(year) else { return -1 }
        let key = seriesKey(area, indicator)
        let id: Int
        if lastSeries.key == key {
            id = Int(lastSeries.id)
        } else if let found = seriesID(key) {
            id = Int(found)
            lastSeries = (key, found)
        } else {
            id = series.count
            Self.growGently(&series)
            series.append(Series(area: area, indicator: indicator, lastRun: -1, minYear: 1, maxYear: 0))
            addToIndex(Int32(id))
            lastSeries = (key, Int32(id))
        }
        let year16 = Int16(year)
        let known = series[id]
        if year16 >= known.minYear, year16 <= known.maxYear, let existing = existingRow(of: known, year: year) {
            return existing
        }
        let place = (file: file ?? .max, line: Int32(clamping: line), column: UInt16(clamping: column))
        if !appendToLastRun(series: id, year: year, value: value, place: place) {
            startRun(series: id, year: year16, value: value, place: place)
        }
        if known.minYear > known.maxYear {
            series[id].minYear = year16
            series[id].maxYear = year16
        } else if year16 > known.maxYear {
            series[id].maxYear = year16
        } else if year16 < known.minYear {
            series[id].minYear = year16
        }
        return nil
    }

    /// Appends to the newest run when the row continues it; false when it does not.
    private mutating func appendToLastRun(series id: Int, year: Int, value: ObservedValue,
                                          place: (file: UInt16, line: Int32, column: UInt16)) -> Bool {
        guard let last = runs.indices.last else { return false }
        let run = runs[last]
        guard Int(run.series) == id, run.file == place.file else { return false }
        let count = values.count - Int(run.firstRow)
        guard year == Int(run.firstYear) + count else { return false }
        var step: UInt8? = nil
        if place.file != .max {
            let longStep = Int(place.line) == Int(run.line) + count && place.column == run.column
            let wideStep = place.line == run.line && Int(place.column) == Int(run.column) + count
            if count == 1 {
                guard longStep || wideStep else { return false }
                step = longStep ? Step.long : Step.wide
            } else {
                guard run.step == Step.long ? longStep : wideStep else { return false }
            }
        }
        switch value {
        case .missing(let symbol):
            values.append(missingCode(symbol))
        case .number(let number):
            if let mantissa = Self.mantissa(number, scale: run.scale) {
                values.append(mantissa)
            } else if case let (mantissa, scale)? = Self.smallestScale(number, from: run.scale + 1) {
                guard rescaleLastRun(to: scale) else { return false }
                values.append(mantissa)
            } else {
                appendOverflow(number)
            }
        }
        if let step { runs[last].step = step }
        return true
    }

    private mutating func startRun(series id: Int, year: Int16, value: ObservedValue,
                                   place: (file: UInt16, line: Int32, column: UInt16)) {
        var scale: UInt8 = 0
        switch value {
        case .missing(let symbol):
            values.append(missingCode(symbol))
        case .number(let number):
            if case let (mantissa, found)? = Self.smallestScale(number, from: 0) {
                scale = found
                values.append(mantissa)
            } else {
                appendOverflow(number)
            }
        }
        Self.growGently(&runs)
        runs.append(Run(series: Int32(id), firstRow: UInt32(values.count - 1), line: place.line, firstYear: year,
                        column: place.column, file: place.file, scale: scale, step: Step.long,
                        previousRunOfSeries: series[id].lastRun))
        series[id].lastRun = Int32(runs.count - 1)
    }

    /// Multiplies the newest run's mantissas by 10^(scale − its scale); false, changing nothing,
    /// when one would leave the mantissa range.
    private mutating func rescaleLastRun(to scale: UInt8) -> Bool {
        guard let last = runs.indices.last else { return false }
        let factor = Int64(Self.power(scale - runs[last].scale))
        let rows = Int(runs[last].firstRow)..<values.count
        let limit = Int64(Self.maxMantissa)
        for row in rows where values[row].magnitude <= Self.maxMantissa.magnitude {
            guard (Int64(values[row]) * factor).magnitude <= limit else { return false }
        }
        for row in rows where values[row].magnitude <= Self.maxMantissa.magnitude {
            values[row] = Int32(Int64(values[row]) * factor)
        }
        runs[last].scale = scale
        return true
    }

    private mutating func appendOverflow(_ number: Double) {
        overflowRows.append(UInt32(values.count))
        overflowValues.append(number)
        values.append(Self.overflow)
    }

    private mutating func missingCode(_ symbol: String) -> Int32 {
        if let id = symbolIDs[symbol] { return Self.missingBase + id }
        guard symbols.count < Self.maxSymbols else { return Self.missingBase + Int32(symbols.count - 1) }
        symbols.append(symbol)
        symbolIDs[symbol] = Int32(symbols.count - 1)
        return Self.missingBase + Int32(symbols.count - 1)
    }

    /// Grows a full array by a quarter rather than doubling it: runs and series are a fifth of
    /// the store, and a doubled array is half empty just past a power of two (1.1 M series:
    /// 7.45 → 6.12 bytes a value).
    private static func growGently<Element>(_ array: inout [Element]) {
        if array.count == array.capacity { array.reserveCapacity(array.count + array.count / 4 + 16) }
    }

    /// 10^scale for scale 0...9, all exact Doubles.
    @inline(__always)
    private static func power(_ scale: UInt8) -> Double {
        switch scale {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        case 8: 100_000_000
        default: 1_000_000_000
        }
    }

    /// The mantissa m with `Double(m) / 10^scale` bit for bit `number`, nil when there is none.
    /// Exact by construction: both operands are exact and the division is correctly rounded.
    @inline(__always)
    private static func mantissa(_ number: Double, scale: UInt8) -> Int32? {
        let power = power(scale)
        let scaled = number * power
        guard scaled.magnitude <= Double(maxMantissa) else { return nil }
        // Any integer near `scaled` will do, the check below decides; this avoids a libm call.
        let mantissa = Int32(scaled + (scaled < 0 ? -0.5 : 0.5))
        return (Double(mantissa) / power).bitPattern == number.bitPattern ? mantissa : nil
    }

    private static func smallestScale(_ number: Double, from first: UInt8) -> (Int32, UInt8)? {
        var scale = first
        while scale <= 9 {
            if let mantissa = mantissa(number, scale: scale) { return (mantissa, scale) }
            scale += 1
        }
        return nil
    }

    /// The run holding `row`: the last run that begins at or before it.
    private func runIndex(of row: Int) -> Int {
        precondition(row >= 0 && row < values.count, "row \(row) out of 0..<\(values.count)")
        var low = 0
        var high = runs.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if Int(runs[middle].firstRow) <= row { low = middle } else { high = middle }
        }
        return low
    }

    private func runEnd(_ index: Int) -> Int {
        index + 1 < runs.count ? Int(runs[index + 1].firstRow) : values.count
    }

    private func existingRow(of known: Series, year: Int) -> Int? {
        var index = Int(known.lastRun)
        while index >= 0 {
            let run = runs[index]
            let offset = year - Int(run.firstYear)
            if offset >= 0, offset < runEnd(index) - Int(run.firstRow) { return Int(run.firstRow) + offset }
            index = Int(run.previousRunOfSeries)
        }
        return nil
    }

    private mutating func recomputeYears(of id: Int) {
        var minYear = Int16.max
        var maxYear = Int16.min
        var index = Int(series[id].lastRun)
        while index >= 0 {
            let run = runs[index]
            minYear = Swift.min(minYear, run.firstYear)
            maxYear = Swift.max(maxYear, Int16(Int(run.firstYear) + runEnd(index) - Int(run.firstRow) - 1))
            index = Int(run.previousRunOfSeries)
        }
        if minYear > maxYear { (minYear, maxYear) = (1, 0) }
        series[id].minYear = minYear
        series[id].maxYear = maxYear
    }

    private func lowerBound(_ sorted: [UInt32], _ target: UInt32) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private func value(row: Int, run known: Int?) -> ObservedValue {
        let code = values[row]
        if code >= Self.missingBase { return .missing(symbol: symbols[Int(code - Self.missingBase)]) }
        if code == Self.overflow {
            let index = lowerBound(overflowRows, UInt32(row))
            return .number(overflowValues[index])
        }
        let run = known ?? runIndex(of: row)
        return .number(Double(code) / Self.power(runs[run].scale))
    }

    private func location(row: Int, run index: Int) -> SourceLocation? {
        let run = runs[index]
        guard run.file != .max else { return nil }
        if positioned[Int(run.file)] { return SourceLocation(file: files[Int(run.file)]) }
        let offset = row - Int(run.firstRow)
        let long = run.step == Step.long
        return SourceLocation(file: files[Int(run.file)], line: Int(run.line) + (long ? offset : 0),
                              column: Int(run.column) + (long ? 0 : offset))
    }

    private func observation(row: Int, run index: Int) -> Observation {
        let run = runs[index]
        let owner = series[Int(run.series)]
        return Observation(areaCode: areaCodes[Int(owner.area)], indicatorID: indicatorIDs[Int(owner.indicator)],
                           year: Int(run.firstYear) + row - Int(run.firstRow), value: value(row: row, run: index),
                           location: location(row: row, run: index))
    }

    /// Walks the rows run by run, without a search per row.
    package struct Iterator: IteratorProtocol {
        private let store: ObservationStore
        private var row = 0
        private var run = -1
        private var runEnd = 0

        init(_ store: ObservationStore) { self.store = store }

        package mutating func next() -> Observation? {
            guard row < store.values.count else { return nil }
            while row >= runEnd {
                run += 1
                runEnd = store.runEnd(run)
            }
            defer { row += 1 }
            return store.observation(row: row, run: run)
        }
    }

    package func makeIterator() -> Iterator { Iterator(self) }

    /// Distinct years of all rows, ascending.
    package var years: [Int] {
        var seen = YearSet()
        for index in runs.indices {
            seen.insert(first: Int(runs[index].firstYear), count: runEnd(index) - Int(runs[index].firstRow))
        }
        return seen.sorted
    }

    /// Distinct years of the rows of one indicator, ascending.
    package func years(indicator: String) -> [Int] {
        guard let id = indicatorIDIndex[indicator] else { return [] }
        var seen = YearSet()
        for known in series where known.indicator == id {
            var index = Int(known.lastRun)
            while index >= 0 {
                seen.insert(first: Int(runs[index].firstYear), count: runEnd(index) - Int(runs[index].firstRow))
                index = Int(runs[index].previousRunOfSeries)
            }
        }
        return seen.sorted
    }

    /// Indicator ids with at least one row.
    var indicatorsWithRows: Set<String> {
        Set(series.filter { $0.lastRun >= 0 }.map { indicatorIDs[Int($0.indicator)] })
    }
}

/// The years of runs, as one bit per year of the store's range (0 through `Int16.max`): a
/// hashed set of every row's year cost a hash per row, 3 % of a check of 4.6 M rows.
private struct YearSet {
    private var words = [UInt64](repeating: 0, count: (Int(Int16.max) + 1) / 64)

    /// Marks `first ..< first + count`.
    mutating func insert(first: Int, count: Int) {
        var year = first
        let end = first + count
        while year < end {
            let word = year >> 6
            let bit = year & 63
            let bits = min(64 - bit, end - year)
            let mask: UInt64 = bits == 64 ? .max : ((1 << UInt64(bits)) - 1) << UInt64(bit)
            words[word] |= mask
            year += bits
        }
    }

    var sorted: [Int] {
        var result: [Int] = []
        for (index, word) in words.enumerated() where word != 0 {
            var rest = word
            while rest != 0 {
                result.append(index << 6 + rest.trailingZeroBitCount)
                rest &= rest - 1
            }
        }
        return result
    }
}
