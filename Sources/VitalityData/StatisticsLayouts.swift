import VitalityModel

/// One cell of a statistics file as a layout sees it, before area, indicator and number are
/// resolved. Area and indicator labels are indices into `StatisticsCells.labels`, so each
/// distinct label is decoded and resolved once per file.
public struct RawObservation: Sendable, Hashable {
    public var areaLabel: Int
    public var indicatorLabel: Int
    /// nil when the layout has no year for the cell (the indicator label may carry one).
    public var year: Int?
    public var value: CSVField
    public var line: Int
}

/// What a layout extracted from a file.
public struct StatisticsCells: Sendable {
    public var cells: [RawObservation] = []
    /// Distinct label texts; `RawObservation` labels index into it.
    public var labels: [String] = []
    public var diagnostics: [Diagnostic] = []

    private var labelIDs: [String: Int] = [:]

    public init() {}

    /// The index of a label text, adding it when new.
    public mutating func label(_ text: String) -> Int {
        if let id = labelIDs[text] { return id }
        labels.append(text)
        labelIDs[text] = labels.count - 1
        return labels.count - 1
    }
}

/// A statistics file layout. Each layout recognises itself from the header row; adding a
/// layout means one new conforming type listed in `StatisticsLayouts.all`.
public protocol StatisticsLayout: Sendable {
    /// Short name shown in file summaries.
    var name: String { get }
    /// Recognises the layout from the trimmed header names; nil when it does not fit.
    /// `title` is the quoted title line of a PX-Web "with heading" export.
    static func detect(header: [String], title: String?) -> Self?
    /// The cells of the data records (those after the header on `headerLine`), in file order,
    /// and any layout-specific diagnostics.
    func cells(in document: CSVDocument, headerLine: Int, records: ArraySlice<CSVRecord>) -> StatisticsCells
}

/// The known layouts, tried in order.
public enum StatisticsLayouts {
    public static let all: [any StatisticsLayout.Type] = [LongLayout.self, PxWebLongLayout.self, PxWebWideLayout.self]

    public static func detect(header: [String], title: String?) -> (any StatisticsLayout)? {
        for layout in all {
            if let found = layout.detect(header: header, title: title) { return found }
        }
        return nil
    }
}

enum ColumnNames {
    static let areaCode = ["area_code", "koodi", "kuntakoodi", "aluekoodi", "statfin_alue_code", "kunta_k", "code"]
    static let areaName = ["area", "alue", "kunta", "municipality", "nimi", "name", "område"]
    static let indicator = ["indicator", "tiedot", "mittari", "information", "uppgifter"]
    static let year = ["year", "vuosi", "år"]
    static let value = ["value", "arvo"]
    /// Descriptive columns that hold no values: skipped by every layout.
    static let descriptive = ["region", "maakunta", "unit", "yksikkö", "enhet", "landskap"]
}

extension HeaderMap {
    func isDescriptive(_ index: Int) -> Bool { ColumnNames.descriptive.contains(names[index]) }
}

/// Label ids of cells, decoded once per distinct byte content.
struct LabelCache {
    private struct Key: Hashable {
        var bytes: ArraySlice<UInt8>
        var quoted: Bool

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
            hasher.combine(quoted)
        }
    }

    private var ids: [Key: Int] = [:]
    private var composite: [Int: Int] = [:]
    /// The previous field and id per column: sorted files repeat a label row after row, and a
    /// byte comparison is cheaper than a hash lookup.
    private var previous: [(field: CSVField, id: Int)?] = []

    /// The label id of a field's trimmed text (of "" when the record has no such field).
    mutating func label(_ table: CSVTable, _ field: CSVField?, into cells: inout StatisticsCells) -> Int {
        guard let field else { return cells.label("") }
        let column = field.column
        if column < previous.count, let last = previous[column], last.field.quoted == field.quoted,
           table.bytes[last.field.start..<last.field.end].elementsEqual(table.bytes[field.start..<field.end]) {
            return last.id
        }
        let key = Key(bytes: table.bytes[field.start..<field.end], quoted: field.quoted)
        let id: Int
        if let known = ids[key] {
            id = known
        } else {
            id = cells.label(table.trimmedText(field))
            ids[key] = id
        }
        if column >= previous.count { previous += Array(repeating: nil, count: column + 1 - previous.count) }
        previous[column] = (field, id)
        return id
    }

    /// The label id of `"<row label> <column label>"`, cached per row label and column.
    mutating func joined(_ row: Int, _ column: Int, _ columnLabel: String, into cells: inout StatisticsCells) -> Int {
        let key = row << 20 | column
        if let id = composite[key] { return id }
        let id = cells.label("\(cells.labels[row]) \(columnLabel)")
        composite[key] = id
        return id
    }
}

/// A four-digit year 1900–2100 read straight from a field's bytes (surrounding spaces allowed).
func yearValue(_ table: CSVTable, _ field: CSVField?) -> Int? {
    guard let field else { return nil }
    var start = field.start
    var end = field.end
    while start < end, table.bytes[start] == 0x20 { start += 1 }
    while end > start, table.bytes[end - 1] == 0x20 { end -= 1 }
    guard end - start == 4 else { return nil }
    var year = 0
    for i in start..<end {
        let byte = table.bytes[i]
        guard byte >= 0x30, byte <= 0x39 else { return nil }
        year = year * 10 + Int(byte - 0x30)
    }
    return (1900...2100).contains(year) ? year : nil
}

/// The area label id of a record: the code column's text when present and non-empty, else the name.
private func areaLabel(_ table: CSVTable, _ record: CSVRecord, code: Int?, name: Int?,
                       cache: inout LabelCache, into cells: inout StatisticsCells) -> Int {
    if let code, let field = table.field(record, code), !table.isBlank(field) {
        return cache.label(table, field, into: &cells)
    }
    return cache.label(table, name.flatMap { table.field(record, $0) }, into: &cells)
}

private func badYear(_ document: CSVDocument, _ record: CSVRecord, _ column: Int) -> Diagnostic {
    let field = document.table.field(record, column)
    let text = field.map(document.table.trimmedText) ?? ""
    return Diagnostic(.error, code: "statistics.bad-year", "Year `\(text)` is not a four-digit year.",
                      at: document.location(record, field))
}

/// Long (tidy) layout: one observation a row, columns `area_code`/`koodi`, `area`/`alue`,
/// `indicator`/`tiedot`/`mittari`, `year`/`vuosi`, `value`/`arvo`; optional `region`/`maakunta`
/// and `unit`/`yksikkö` are ignored.
public struct LongLayout: StatisticsLayout {
    public var name: String { "long" }
    var codeColumn: Int?
    var nameColumn: Int?
    var indicatorColumn: Int
    var yearColumn: Int
    var valueColumn: Int

    public static func detect(header: [String], title: String?) -> LongLayout? {
        let map = HeaderMap(header)
        let code = map.index(ColumnNames.areaCode)
        let name = map.index(ColumnNames.areaName)
        guard code != nil || name != nil, let indicator = map.index(ColumnNames.indicator),
              let year = map.index(ColumnNames.year), let value = map.index(ColumnNames.value) else { return nil }
        return LongLayout(codeColumn: code, nameColumn: name, indicatorColumn: indicator, yearColumn: year, valueColumn: value)
    }

    public func cells(in document: CSVDocument, headerLine: Int, records: ArraySlice<CSVRecord>) -> StatisticsCells {
        let table = document.table
        var result = StatisticsCells()
        var cache = LabelCache()
        result.cells.reserveCapacity(records.count)
        for record in records {
            guard let value = table.field(record, valueColumn) else {
                result.diagnostics.append(Diagnostic(.error, code: "statistics.short-row",
                                                     "This row has \(record.fieldCount) cells; the value is in column \(valueColumn + 1).",
                                                     at: document.location(record)))
                continue
            }
            guard let year = yearValue(table, table.field(record, yearColumn)) else {
                result.diagnostics.append(badYear(document, record, yearColumn))
                continue
            }
            let area = areaLabel(table, record, code: codeColumn, name: nameColumn, cache: &cache, into: &result)
            let indicator = cache.label(table, table.field(record, indicatorColumn), into: &result)
            result.cells.append(RawObservation(areaLabel: area, indicatorLabel: indicator, year: year, value: value, line: record.line))
        }
        return result
    }
}

/// PX-Web long layout (Csv2): `"Alue";"Vuosi";"Tiedot";"<contents>"`, in any column order.
/// Without a `Tiedot` column every remaining column is an indicator named by its header
/// (`"Vuosi";"Alue";"Äänioikeutetut"`).
public struct PxWebLongLayout: StatisticsLayout {
    public var name: String { "pxweb-long" }
    var codeColumn: Int?
    var nameColumn: Int?
    var yearColumn: Int
    var indicatorColumn: Int?
    var valueColumns: [(index: Int, header: String)]

    public static func detect(header: [String], title: String?) -> PxWebLongLayout? {
        let map = HeaderMap(header)
        let code = map.index(ColumnNames.areaCode)
        let name = map.index(ColumnNames.areaName)
        guard code != nil || name != nil, let year = map.index(ColumnNames.year) else { return nil }
        let indicator = map.index(ColumnNames.indicator)
        let taken = Set([code, name, year, indicator].compactMap { $0 })
        let values = header.enumerated()
            .filter { !taken.contains($0.offset) && !$0.element.trimmedCSV.isEmpty && !map.isDescriptive($0.offset) }
            .map { (index: $0.offset, header: $0.element.trimmedCSV) }
        guard !values.isEmpty else { return nil }
        return PxWebLongLayout(codeColumn: code, nameColumn: name, yearColumn: year, indicatorColumn: indicator, valueColumns: values)
    }

    public func cells(in document: CSVDocument, headerLine: Int, records: ArraySlice<CSVRecord>) -> StatisticsCells {
        let table = document.table
        var result = StatisticsCells()
        var cache = LabelCache()
        result.cells.reserveCapacity(records.count * valueColumns.count)
        let headerLabels = valueColumns.map { result.label($0.header) }
        for record in records {
            guard let year = yearValue(table, table.field(record, yearColumn)) else {
                result.diagnostics.append(badYear(document, record, yearColumn))
                continue
            }
            let area = areaLabel(table, record, code: codeColumn, name: nameColumn, cache: &cache, into: &result)
            let rowIndicator = indicatorColumn.map { cache.label(table, table.field(record, $0), into: &result) }
            for (position, column) in valueColumns.enumerated() {
                guard let value = table.field(record, column.index) else { continue }
                let indicator: Int
                if let rowIndicator {
                    indicator = valueColumns.count == 1 ? rowIndicator : cache.joined(rowIndicator, column.index, column.header, into: &result)
                } else {
                    indicator = headerLabels[position]
                }
                result.cells.append(RawObservation(areaLabel: area, indicatorLabel: indicator, year: year, value: value, line: record.line))
            }
        }
        return result
    }
}

/// PX-Web wide layout: an area column, optionally a `Tiedot` column, and years as columns
/// (`"Alue";"Tiedot";"2015";"2016"`), or heading variables joined into the column name with the
/// year last (`"Väkiluku 2015"`, `vakiluku_2017`). Columns with no year are skipped with a warning.
/// Bare year columns without a `Tiedot` column take the indicator from the title line.
public struct PxWebWideLayout: StatisticsLayout {
    public var name: String { "pxweb-wide" }
    var codeColumn: Int?
    var nameColumn: Int?
    var indicatorColumn: Int?
    var title: String?
    /// Value columns: index, indicator label from the header (nil for a bare year), year.
    var valueColumns: [(index: Int, label: String?, year: Int)]
    var skippedColumns: [(index: Int, header: String)]

    public static func detect(header: [String], title: String?) -> PxWebWideLayout? {
        let map = HeaderMap(header)
        let code = map.index(ColumnNames.areaCode)
        let name = map.index(ColumnNames.areaName)
        guard code != nil || name != nil, map.index(ColumnNames.year) == nil else { return nil }
        let indicator = map.index(ColumnNames.indicator)
        let areaColumns = Set(map.names.indices.filter { ColumnNames.areaCode.contains(map.names[$0]) || ColumnNames.areaName.contains(map.names[$0]) })
        var values: [(index: Int, label: String?, year: Int)] = []
        var skipped: [(index: Int, header: String)] = []
        for (index, text) in header.enumerated() where !areaColumns.contains(index) && index != indicator && !map.isDescriptive(index) {
            let trimmed = text.trimmedCSV
            if trimmed.isEmpty { continue }
            if let year = parseYear(trimmed) {
                values.append((index, nil, year))
            } else if let (label, year) = splitTrailingYear(trimmed) {
                values.append((index, label, year))
            } else {
                skipped.append((index, trimmed))
            }
        }
        guard !values.isEmpty else { return nil }
        return PxWebWideLayout(codeColumn: code, nameColumn: name, indicatorColumn: indicator, title: title,
                               valueColumns: values, skippedColumns: skipped)
    }

    public func cells(in document: CSVDocument, headerLine: Int, records: ArraySlice<CSVRecord>) -> StatisticsCells {
        let table = document.table
        var result = StatisticsCells()
        var cache = LabelCache()
        result.cells.reserveCapacity(records.count * valueColumns.count)
        for column in skippedColumns {
            result.diagnostics.append(Diagnostic(
                .warning, code: "statistics.column-without-year",
                "Column `\(column.header)` names no year, so its values were skipped. Add the year to the column name (`\(column.header) 2021`).",
                at: SourceLocation(file: document.file, line: headerLine, column: column.index + 1)))
        }
        let columnLabels = valueColumns.map { result.label($0.label ?? title ?? "") }
        for record in records {
            let area = areaLabel(table, record, code: codeColumn, name: nameColumn, cache: &cache, into: &result)
            let rowIndicator = indicatorColumn.map { cache.label(table, table.field(record, $0), into: &result) }
            for (position, column) in valueColumns.enumerated() {
                guard let value = table.field(record, column.index) else { continue }
                let indicator: Int
                switch (rowIndicator, column.label) {
                case let (row?, label?): indicator = cache.joined(row, column.index, label, into: &result)
                case let (row?, nil): indicator = row
                case (nil, _): indicator = columnLabels[position]
                }
                result.cells.append(RawObservation(areaLabel: area, indicatorLabel: indicator, year: column.year, value: value, line: record.line))
            }
        }
        return result
    }
}
