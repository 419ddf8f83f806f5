import VitalityModel

/// One cell of a statistics file as a layout sees it, before area, indicator and number are
/// resolved.
public struct RawObservation: Sendable, Hashable {
    public var areaLabel: String
    public var indicatorLabel: String
    /// nil when the layout has no year for the cell (the indicator label may carry one).
    public var year: Int?
    public var value: CSVField
    public var line: Int
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
    func cells(in document: CSVDocument, headerLine: Int, records: ArraySlice<CSVRecord>) -> (cells: [RawObservation], diagnostics: [Diagnostic])
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
    static let ignoredInLong = ["region", "maakunta", "unit", "yksikkö"]
}

/// The area label of a record: the code column's text when present and non-empty, else the name.
private func areaLabel(_ table: CSVTable, _ record: CSVRecord, code: Int?, name: Int?, cache: inout FieldTextCache) -> String {
    if let code, let field = table.field(record, code) {
        let text = cache.text(table, field)
        if !text.isEmpty { return text }
    }
    if let name, let field = table.field(record, name) { return cache.text(table, field) }
    return ""
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

    public func cells(in document: CSVDocument, headerLine: Int, records: ArraySlice<CSVRecord>) -> (cells: [RawObservation], diagnostics: [Diagnostic]) {
        let table = document.table
        var cells: [RawObservation] = []
        var diagnostics: [Diagnostic] = []
        var cache = FieldTextCache()
        cells.reserveCapacity(records.count)
        for record in records {
            guard let value = table.field(record, valueColumn) else {
                diagnostics.append(Diagnostic(.error, code: "statistics.short-row",
                                              "This row has \(record.fieldCount) cells; the value is in column \(valueColumn + 1).",
                                              at: document.location(record)))
                continue
            }
            let yearText = cache.text(table, table.field(record, yearColumn))
            guard let year = parseYear(yearText) else {
                diagnostics.append(Diagnostic(.error, code: "statistics.bad-year", "Year `\(yearText)` is not a four-digit year.",
                                              at: document.location(record, table.field(record, yearColumn))))
                continue
            }
            cells.append(RawObservation(
                areaLabel: areaLabel(table, record, code: codeColumn, name: nameColumn, cache: &cache),
                indicatorLabel: cache.text(table, table.field(record, indicatorColumn)),
                year: year, value: value, line: record.line))
        }
        return (cells, diagnostics)
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
            .filter { !taken.contains($0.offset) && !$0.element.trimmedCSV.isEmpty }
            .map { (index: $0.offset, header: $0.element.trimmedCSV) }
        guard !values.isEmpty else { return nil }
        return PxWebLongLayout(codeColumn: code, nameColumn: name, yearColumn: year, indicatorColumn: indicator, valueColumns: values)
    }

    public func cells(in document: CSVDocument, headerLine: Int, records: ArraySlice<CSVRecord>) -> (cells: [RawObservation], diagnostics: [Diagnostic]) {
        let table = document.table
        var cells: [RawObservation] = []
        var diagnostics: [Diagnostic] = []
        var cache = FieldTextCache()
        cells.reserveCapacity(records.count * valueColumns.count)
        for record in records {
            let yearText = cache.text(table, table.field(record, yearColumn))
            guard let year = parseYear(yearText) else {
                diagnostics.append(Diagnostic(.error, code: "statistics.bad-year", "Year `\(yearText)` is not a four-digit year.",
                                              at: document.location(record, table.field(record, yearColumn))))
                continue
            }
            let area = areaLabel(table, record, code: codeColumn, name: nameColumn, cache: &cache)
            let rowIndicator = indicatorColumn.map { cache.text(table, table.field(record, $0)) }
            for column in valueColumns {
                guard let value = table.field(record, column.index) else { continue }
                let indicator: String
                if let rowIndicator {
                    indicator = valueColumns.count == 1 ? rowIndicator : "\(rowIndicator) \(column.header)"
                } else {
                    indicator = column.header
                }
                cells.append(RawObservation(areaLabel: area, indicatorLabel: indicator, year: year, value: value, line: record.line))
            }
        }
        return (cells, diagnostics)
    }
}

/// PX-Web wide layout: an area column, optionally a `Tiedot` column, and years as columns
/// (`"Alue";"Tiedot";"2015";"2016"`), or heading variables joined into the column name with the
/// year last (`"Väkiluku 2015"`, `vakiluku_2017`). Columns with no year are skipped with a warning.
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
        for (index, text) in header.enumerated() where !areaColumns.contains(index) && index != indicator {
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

    public func cells(in document: CSVDocument, headerLine: Int, records: ArraySlice<CSVRecord>) -> (cells: [RawObservation], diagnostics: [Diagnostic]) {
        let table = document.table
        var diagnostics: [Diagnostic] = []
        var cells: [RawObservation] = []
        var cache = FieldTextCache()
        cells.reserveCapacity(records.count * valueColumns.count)
        for column in skippedColumns {
            diagnostics.append(Diagnostic(.warning, code: "statistics.column-without-year",
                                          "Column `\(column.header)` names no year, so its values were skipped. Add the year to the column name (`\(column.header) 2021`).",
                                          at: SourceLocation(file: document.file, line: headerLine, column: column.index + 1)))
        }
        for record in records {
            let area = areaLabel(table, record, code: codeColumn, name: nameColumn, cache: &cache)
            let rowIndicator = indicatorColumn.map { cache.text(table, table.field(record, $0)) }
            for column in valueColumns {
                guard let value = table.field(record, column.index) else { continue }
                let indicator: String
                switch (rowIndicator, column.label) {
                case let (row?, label?): indicator = "\(row) \(label)"
                case let (row?, nil): indicator = row
                case let (nil, label?): indicator = label
                case (nil, nil): indicator = title ?? ""
                }
                cells.append(RawObservation(areaLabel: area, indicatorLabel: indicator, year: column.year, value: value, line: record.line))
            }
        }
        return (cells, diagnostics)
    }
}
