/// All observations in columns: per row a series (area and indicator), year, value, missing-value
/// symbol and place in the input, 24 bytes instead of an `Observation` with its own strings.
/// Area codes, indicator ids, file names and missing-value symbols are interned. Each
/// (area, indicator, year) is stored once: `insert` keeps the first and returns it for the
/// others, so readers can report duplicates. A random-access collection of `Observation`s,
/// materialised on access.
public struct ObservationStore: Sendable, RandomAccessCollection {
    public private(set) var areaCodes: [String] = []
    public private(set) var indicatorIDs: [String] = []
    public private(set) var files: [String] = []
    private var symbols: [String] = [""]
    private var areaIDs: [String: Int32] = [:]
    private var indicatorIDIndex: [String: Int32] = [:]
    private var fileIDs: [String: UInt16] = [:]

    /// One stored observation: 24 bytes.
    private struct Row {
        var value: Double
        var series: Int32
        var line: Int32
        var year: Int16
        var column: UInt16
        /// `UInt16.max` when the place is unknown.
        var file: UInt16
        /// 0 for a number, else 1 + index into `symbols`.
        var symbol: UInt8
    }

    private var rows: [Row] = []

    // Per series: the rows by year, in `slots[slotStart ..< slotStart + slotCount]` for the
    // years `firstYear ...`; -1 where there is none.
    private var seriesIDs: [UInt64: Int32] = [:]
    private var seriesArea: [Int32] = []
    private var seriesIndicator: [Int32] = []
    private var seriesFirstYear: [Int32] = []
    private var seriesSlotStart: [Int32] = []
    private var seriesSlotCount: [Int32] = []
    private var slots: [Int32] = []
    private var lastSeries: (key: UInt64, id: Int32) = (.max, -1)
    private var typicalSpan = 0

    public init() {}

    public init(_ observations: some Sequence<Observation>) {
        for observation in observations {
            let area = internArea(observation.areaCode)
            let indicator = internIndicator(observation.indicatorID)
            let file = observation.location.map { internFile($0.file) }
            _ = insert(area: area, indicator: indicator, year: observation.year, value: observation.value,
                       file: file, line: observation.location?.line ?? 0, column: observation.location?.column ?? 0)
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    public subscript(row: Int) -> Observation {
        let series = Int(rows[row].series)
        return Observation(areaCode: areaCodes[Int(seriesArea[series])], indicatorID: indicatorIDs[Int(seriesIndicator[series])],
                           year: Int(rows[row].year), value: value(row: row), location: location(row: row))
    }

    public func value(row: Int) -> ObservedValue {
        let symbol = rows[row].symbol
        return symbol == 0 ? .number(rows[row].value) : .missing(symbol: symbols[Int(symbol) - 1])
    }

    public func year(row: Int) -> Int { Int(rows[row].year) }

    public func location(row: Int) -> SourceLocation? {
        let file = rows[row].file
        guard file != .max else { return nil }
        return SourceLocation(file: files[Int(file)], line: Int(rows[row].line), column: Int(rows[row].column))
    }

    public func areaCode(row: Int) -> String { areaCodes[Int(seriesArea[Int(rows[row].series)])] }
    public func indicatorID(row: Int) -> String { indicatorIDs[Int(seriesIndicator[Int(rows[row].series)])] }

    /// Room for `count` more rows.
    public mutating func reserveCapacity(additional count: Int) {
        rows.reserveCapacity(rows.count + count)
    }

    /// Removes the rows from `count` on (a reader undoing a file it reads again).
    public mutating func truncate(to count: Int) {
        guard count < rows.count else { return }
        for row in rows[count...] {
            if let index = slot(Int(row.series), Int(row.year)) { slots[index] = -1 }
        }
        rows.removeSubrange(count...)
        lastSeries = (.max, -1)
    }

    public mutating func internArea(_ code: String) -> Int32 {
        if let id = areaIDs[code] { return id }
        areaCodes.append(code)
        areaIDs[code] = Int32(areaCodes.count - 1)
        return Int32(areaCodes.count - 1)
    }

    public mutating func internIndicator(_ id: String) -> Int32 {
        if let index = indicatorIDIndex[id] { return index }
        indicatorIDs.append(id)
        indicatorIDIndex[id] = Int32(indicatorIDs.count - 1)
        return Int32(indicatorIDs.count - 1)
    }

    /// The id of a file name; files past the 65 534th share the last id.
    public mutating func internFile(_ path: String) -> UInt16 {
        if let id = fileIDs[path] { return id }
        guard files.count < Int(UInt16.max) - 1 else { return UInt16(files.count - 1) }
        files.append(path)
        fileIDs[path] = UInt16(files.count - 1)
        return UInt16(files.count - 1)
    }

    public func areaID(_ code: String) -> Int32? { areaIDs[code] }
    public func indicatorIndex(_ id: String) -> Int32? { indicatorIDIndex[id] }

    private func seriesKey(_ area: Int32, _ indicator: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: area)) << 32 | UInt64(UInt32(bitPattern: indicator))
    }

    /// The row of an area, indicator and year, nil when there is none.
    public func row(area: Int32, indicator: Int32, year: Int) -> Int? {
        guard let series = seriesIDs[seriesKey(area, indicator)] else { return nil }
        return slot(Int(series), year).flatMap { slots[$0] >= 0 ? Int(slots[$0]) : nil }
    }

    public func row(area: String, indicator: String, year: Int) -> Int? {
        guard let area = areaIDs[area], let indicator = indicatorIDIndex[indicator] else { return nil }
        return row(area: area, indicator: indicator, year: year)
    }

    private func slot(_ series: Int, _ year: Int) -> Int? {
        let offset = year - Int(seriesFirstYear[series])
        guard offset >= 0, offset < Int(seriesSlotCount[series]) else { return nil }
        return Int(seriesSlotStart[series]) + offset
    }

    /// Stores an observation and returns nil, or returns the row that already holds the same
    /// area, indicator and year (the new one is then not stored). Years outside 0...32767 are
    /// not stored and return -1.
    public mutating func insert(area: Int32, indicator: Int32, year: Int, value: ObservedValue,
                                file: UInt16?, line: Int, column: Int) -> Int? {
        guard (0...Int(Int16.max)).contains(year) else { return -1 }
        let key = seriesKey(area, indicator)
        let series: Int
        if lastSeries.key == key {
            series = Int(lastSeries.id)
        } else if let found = seriesIDs[key] {
            series = Int(found)
            lastSeries = (key, found)
        } else {
            series = seriesArea.count
            seriesIDs[key] = Int32(series)
            seriesArea.append(area)
            seriesIndicator.append(indicator)
            seriesFirstYear.append(Int32(year))
            seriesSlotStart.append(Int32(slots.count))
            seriesSlotCount.append(0)
            lastSeries = (key, Int32(series))
        }
        let index: Int
        if let existing = slot(series, year) {
            if slots[existing] >= 0 { return Int(slots[existing]) }
            index = existing
        } else {
            index = grow(series, toInclude: year)
        }
        slots[index] = Int32(rows.count)
        var row = Row(value: 0, series: Int32(series), line: Int32(clamping: line), year: Int16(year),
                      column: UInt16(clamping: column), file: file ?? .max, symbol: 0)
        switch value {
        case .number(let number): row.value = number
        case .missing(let symbol): row.symbol = internSymbol(symbol)
        }
        rows.append(row)
        return nil
    }

    private mutating func internSymbol(_ symbol: String) -> UInt8 {
        if let index = symbols.firstIndex(of: symbol) { return UInt8(index + 1) }
        guard symbols.count < 254 else { return UInt8(symbols.count) }
        symbols.append(symbol)
        return UInt8(symbols.count)
    }

    /// Moves a series' slots to the end of the pool with room for `year` (doubling, so that a
    /// series read year by year moves O(log n) times); returns the slot of `year`.
    private mutating func grow(_ series: Int, toInclude year: Int) -> Int {
        let oldFirst = Int(seriesFirstYear[series])
        let oldCount = Int(seriesSlotCount[series])
        let oldStart = Int(seriesSlotStart[series])
        var first = oldCount == 0 ? year : Swift.min(oldFirst, year)
        var end = oldCount == 0 ? year + 1 : Swift.max(oldFirst + oldCount, year + 1)
        if oldCount > 0 {
            if year >= oldFirst + oldCount { end = Swift.max(end, oldFirst + 2 * oldCount) } else { first = Swift.max(0, Swift.min(first, oldFirst + oldCount - 2 * oldCount)) }
        } else {
            // A new series starts with the span of the previous one (files repeat their years).
            end = year + Swift.max(4, typicalSpan)
        }
        typicalSpan = Swift.max(typicalSpan, end - first)
        let start = slots.count
        slots.append(contentsOf: repeatElement(-1, count: end - first))
        for offset in 0..<oldCount {
            slots[start + oldFirst - first + offset] = slots[oldStart + offset]
        }
        seriesFirstYear[series] = Int32(first)
        seriesSlotStart[series] = Int32(start)
        seriesSlotCount[series] = Int32(end - first)
        return start + year - first
    }

    /// Distinct years of all rows, ascending.
    public var years: [Int] {
        var seen = Set<Int16>()
        for row in rows { seen.insert(row.year) }
        return seen.map(Int.init).sorted()
    }

    /// Distinct years of the rows of one indicator, ascending.
    public func years(indicator: String) -> [Int] {
        guard let id = indicatorIDIndex[indicator] else { return [] }
        var seen = Set<Int>()
        for series in seriesIndicator.indices where seriesIndicator[series] == id {
            let start = Int(seriesSlotStart[series])
            for offset in 0..<Int(seriesSlotCount[series]) where slots[start + offset] >= 0 && Int(slots[start + offset]) < rows.count {
                seen.insert(Int(seriesFirstYear[series]) + offset)
            }
        }
        return seen.sorted()
    }

    /// Indicator ids with at least one row.
    public var indicatorsWithRows: Set<String> {
        var series = Set<Int32>()
        for row in rows { series.insert(row.series) }
        return Set(series.map { indicatorIDs[Int(seriesIndicator[Int($0)])] })
    }
}
