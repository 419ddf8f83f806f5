import VitalityModel

/// One cell of a statistics file as a layout sees it, before area, indicator and number are
/// resolved. Area and indicator labels are indices into `StatisticsCells.labels`, so each
/// distinct label is decoded and resolved once per file.
struct RawObservation: Sendable, Hashable {
    var areaLabel: Int
    var indicatorLabel: Int
    /// nil when the layout has no year for the cell (the indicator label may carry one).
    var year: Int?
    var value: CSVField
    var line: Int
    /// In a file with a region column: label ids of the row's area name (-1 without a name
    /// column) and region cell, which `ObservationSink.describe` checks; -1 otherwise.
    var nameLabel: Int = -1
    var regionLabel: Int = -1
}

/// What a layout extracted from a file.
struct StatisticsCells: Sendable {
    var cells: [RawObservation] = []
    /// Distinct label texts; `RawObservation` labels index into it.
    var labels: [String] = []
    var diagnostics: [Diagnostic] = []

    private var labelIDs: [String: Int] = [:]

    /// The index of a label text, adding it when new.
    mutating func label(_ text: String) -> Int {
        if let id = labelIDs[text] { return id }
        labels.append(text)
        labelIDs[text] = labels.count - 1
        return labels.count - 1
    }
}

/// A statistics file layout. Each layout recognises itself from the header row; adding a
/// layout means one new conforming type listed in `StatisticsLayouts.all`.
///
/// A file is read in two steps so that it can be read in slices of records: `prepare` once,
/// from the first data records (which columns hold text, which year a column without one
/// means), then `extract` for each slice, in file order.
protocol StatisticsLayout: Sendable {
    /// Short name shown in file summaries.
    var name: String { get }
    /// Recognises the layout from the trimmed header names; nil when it does not fit.
    /// `title` is the quoted title line of a PX-Web "with heading" export.
    static func detect(header: [String], title: String?) -> Self?
    /// Decides how records are read from the first data records of the file (those after the
    /// header on `headerLine`); problems of the header and of the file as a whole go into `cells`.
    mutating func prepare(_ document: CSVDocument, headerLine: Int, records: ArraySlice<CSVRecord>, into cells: inout StatisticsCells)
    /// Appends the cells of `records` to `cells`, in file order, with any problems of those records.
    func extract(_ document: CSVDocument, records: ArraySlice<CSVRecord>, cache: inout LabelCache, into cells: inout StatisticsCells)
    /// 1-based columns of the area name and region cells whose label ids `extract` puts in
    /// `RawObservation.nameLabel`/`regionLabel` (0 when there is none).
    var descriptionColumns: (name: Int, region: Int) { get }
}

extension StatisticsLayout {
    /// The cells of the data records of a whole file (those after the header on `headerLine`).
    func cells(in document: CSVDocument, headerLine: Int, records: ArraySlice<CSVRecord>) -> StatisticsCells {
        var prepared = self
        var result = StatisticsCells()
        var cache = LabelCache()
        prepared.prepare(document, headerLine: headerLine, records: records, into: &result)
        prepared.extract(document, records: records, cache: &cache, into: &result)
        return result
    }
}

/// The known layouts, tried in order.
enum StatisticsLayouts {
    static let all: [any StatisticsLayout.Type] = [LongLayout.self, PxWebLayout.self]

    static func detect(header: [String], title: String?) -> (any StatisticsLayout)? {
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
    /// The area's region (DATA.md §4): a municipality the catalogue lacks gets it from there.
    static let region = ["region", "maakunta", "landskap"]
    /// Descriptive columns that hold no values: skipped by every layout.
    static let descriptive = region + ["unit", "yksikkö", "enhet"]
}

extension HeaderMap {
    func isDescriptive(_ index: Int) -> Bool { ColumnNames.descriptive.contains(names[index]) }
}

/// Label ids of cells, decoded once per distinct byte content; kept across the slices of a
/// file that is read in parts (its keys own their bytes, so no slice's text stays alive).
struct LabelCache: Sendable {
    private struct Key: Hashable {
        var bytes: [UInt8]
        var quoted: Bool
    }

    /// Forgets the previous field per column, which points into the table read before.
    mutating func beginTable() {
        previous.removeAll(keepingCapacity: true)
    }

    private var ids: [Key: Int] = [:]
    private var composite: [Int: Int] = [:]
    /// The previous field and id per column: sorted files repeat a label row after row, and a
    /// byte comparison is cheaper than a hash lookup.
    private var previous: [(field: CSVField, id: Int)?] = []

    /// The label id of a field's trimmed text (of "" when the record has no such field).
    mutating func label(_ table: CSVTable, _ field: CSVField?, into cells: inout StatisticsCells) -> Int {
        table.bytes.withUnsafeBufferPointer { label($0, field, into: &cells) }
    }

    /// The label id of a field of `buffer`, which holds every field passed since `beginTable`.
    mutating func label(_ buffer: UnsafeBufferPointer<UInt8>, _ field: CSVField?, into cells: inout StatisticsCells) -> Int {
        guard let field else { return cells.label("") }
        let column = field.column
        if column < previous.count, let last = previous[column], last.field.quoted == field.quoted, sameBytes(buffer, last.field, field) {
            return last.id
        }
        let key = Key(bytes: Array(buffer[field.start..<field.end]), quoted: field.quoted)
        let id: Int
        if let known = ids[key] {
            id = known
        } else {
            id = cells.label(CSVTable.text(buffer, field).trimmedCSV)
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

/// The area label id of a record: the code column's text when present and non-empty, else the name.
private func areaLabel(
    _ table: CSVTable, _ record: CSVRecord, code: Int?, name: Int?,
    cache: inout LabelCache, into cells: inout StatisticsCells
) -> Int {
    if let code, let field = table.field(record, code), !table.isBlank(field) {
        return cache.label(table, field, into: &cells)
    }
    return cache.label(table, name.flatMap { table.field(record, $0) }, into: &cells)
}

private func badYear(_ document: CSVDocument, _ record: CSVRecord, _ column: Int) -> Diagnostic {
    let field = document.table.field(record, column)
    return badYearDiagnostic(field.map(document.table.trimmedText) ?? "", at: document.location(record, field))
}

/// The error of a year cell that `yearValue` does not take: `statistics.year-out-of-range` for a
/// whole number outside 1900–2100, else `statistics.bad-year`. Every statistics reader uses it.
func badYearDiagnostic(_ text: String, at location: SourceLocation) -> Diagnostic {
    if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
        return Diagnostic(
            .error, code: "statistics.year-out-of-range",
            "Year `\(excerpt(text))` is outside the years Vitality accepts (\(plausibleYears.lowerBound)–\(plausibleYears.upperBound)). Check the year column of this row.",
            at: location)
    }
    return Diagnostic(.error, code: "statistics.bad-year", "Year `\(excerpt(text))` is not a four-digit year.", at: location)
}

/// The `statistics.extra-cell` error of a data record with a non-blank cell beyond the header's
/// `headerCount` columns (a stray delimiter shifts the cells, so the row cannot be trusted and is
/// skipped), nil otherwise. Blank cells past the header (a trailing delimiter) are allowed.
/// Every statistics reader uses it.
func extraCellDiagnostic(
    _ buffer: UnsafeBufferPointer<UInt8>, _ fields: some Collection<CSVField>, headerCount: Int,
    file: String, line: Int
) -> Diagnostic? {
    guard fields.count > headerCount,
        let extra = fields.dropFirst(headerCount).first(where: { !isBlank(buffer, $0) })
    else { return nil }
    let at = SourceLocation(file: file, line: line, column: extra.column)
    // A sheet has no delimiters: its extra cell is one typed beside the table.
    let advice =
        at.isSheet
        ? "Delete the cell, or give its column a name in the header if it belongs to the table."
        : "A delimiter too many (often a decimal comma in a comma-separated file) shifts the cells: remove it or quote the cell."
    return Diagnostic(
        .error, code: "statistics.extra-cell",
        "This row has a cell \"\(excerpt(CSVTable.text(buffer, extra).trimmedCSV))\" in column \(columnName(extra.column, file: file)), but the header has only \(headerCount) columns; the row was skipped. \(advice)",
        at: at)
}

extension CSVDocument {
    /// `extraCellDiagnostic` for a record of this document.
    func extraCell(_ record: CSVRecord, headerCount: Int) -> Diagnostic? {
        guard record.fieldCount > headerCount else { return nil }
        return table.bytes.withUnsafeBufferPointer {
            extraCellDiagnostic($0, table.fields(of: record), headerCount: headerCount, file: file, line: record.line)
        }
    }
}

/// Long (tidy) layout: one observation a row, columns `area_code`/`koodi`, `area`/`alue`,
/// `indicator`/`tiedot`/`mittari`, `year`/`vuosi`, `value`/`arvo`; optional `region`/`maakunta`
/// (DATA.md §4: it places municipalities the catalogue lacks and is checked against it) and
/// `unit`/`yksikkö` (ignored).
struct LongLayout: StatisticsLayout {
    var name: String { "long" }
    var codeColumn: Int?
    var nameColumn: Int?
    var indicatorColumn: Int
    var yearColumn: Int
    var valueColumn: Int
    var regionColumn: Int?
    /// Columns of the header row; a data row with a non-blank cell beyond them is an error.
    var headerCount: Int

    static func detect(header: [String], title: String?) -> LongLayout? {
        let map = HeaderMap(header)
        let code = map.index(ColumnNames.areaCode)
        let name = map.index(ColumnNames.areaName)
        guard code != nil || name != nil, let indicator = map.index(ColumnNames.indicator),
            let year = map.index(ColumnNames.year), let value = map.index(ColumnNames.value)
        else { return nil }
        return LongLayout(
            codeColumn: code, nameColumn: name, indicatorColumn: indicator, yearColumn: year, valueColumn: value,
            regionColumn: map.index(ColumnNames.region), headerCount: header.count)
    }

    mutating func prepare(_ document: CSVDocument, headerLine: Int, records: ArraySlice<CSVRecord>, into cells: inout StatisticsCells) {}

    var descriptionColumns: (name: Int, region: Int) {
        (regionColumn == nil ? 0 : nameColumn.map { $0 + 1 } ?? 0, regionColumn.map { $0 + 1 } ?? 0)
    }

    func extract(_ document: CSVDocument, records: ArraySlice<CSVRecord>, cache: inout LabelCache, into result: inout StatisticsCells) {
        let table = document.table
        cache.beginTable()
        result.cells.reserveCapacity(result.cells.count + records.count)
        for record in records {
            if let extra = document.extraCell(record, headerCount: headerCount) {
                result.diagnostics.append(extra)
                continue
            }
            guard let value = table.field(record, valueColumn) else {
                result.diagnostics.append(
                    shortRowDiagnostic(
                        cells: record.fieldCount, valueColumn: valueColumn, file: document.file,
                        line: record.line))
                continue
            }
            guard let year = yearValue(table, table.field(record, yearColumn)) else {
                result.diagnostics.append(badYear(document, record, yearColumn))
                continue
            }
            let area = areaLabel(table, record, code: codeColumn, name: nameColumn, cache: &cache, into: &result)
            let indicator = cache.label(table, table.field(record, indicatorColumn), into: &result)
            var cell = RawObservation(areaLabel: area, indicatorLabel: indicator, year: year, value: value, line: record.line)
            if let regionColumn {
                cell.regionLabel = cache.label(table, table.field(record, regionColumn), into: &result)
                cell.nameLabel = nameColumn.map { cache.label(table, table.field(record, $0), into: &result) } ?? -1
            }
            result.cells.append(cell)
        }
    }
}

/// The parts of a PX-Web column name, whose heading variables are joined by single spaces:
/// `Väkiluku 2015`, `vakiluku_2017`, `Osuus äänistä (%) KU562 Orivesi`, `KU562 Orivesi 2015`, `2015`.
struct HeadingParts: Sendable, Hashable {
    /// The rest of the name once area and year are removed; nil when nothing is left.
    var label: String?
    /// An area named by a code word (`KU562`, `MK06`, `SSS`) and what follows it, or `KOKO MAA`.
    var area: String?
    var year: Int?

    init(label: String?, area: String?, year: Int?) {
        self.label = label
        self.area = area
        self.year = year
    }

    init(_ header: String) {
        var text = header.trimmedCSV
        if let year = parseYear(text) {
            self.init(label: nil, area: nil, year: year)
            return
        }
        var year: Int?
        if let (rest, found) = splitTrailingYear(text) {
            text = rest
            year = found
        }
        var words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if year == nil {
            let yearWords = words.indices.filter { parseYear(words[$0]) != nil }
            if yearWords.count == 1, let index = yearWords.first {
                year = parseYear(words[index])
                words.remove(at: index)
            }
        }
        var area: String?
        if let start = words.firstIndex(where: isAreaCodeWord) {
            area = words[start...].joined(separator: " ")
            words.removeSubrange(start...)
        } else if words.count >= 2, words.suffix(2).joined(separator: " ").lowercased() == "koko maa" {
            area = words.suffix(2).joined(separator: " ")
            words.removeLast(2)
        }
        let label = words.joined(separator: " ")
        self.init(label: label.isEmpty ? nil : label, area: area, year: year)
    }
}

/// `KU562`, `MK06`, `SSS` (any case).
func isAreaCodeWord(_ word: String) -> Bool {
    let upper = word.uppercased()
    if upper == "SSS" { return true }
    let digits = upper.dropFirst(2)
    guard digits.allSatisfy(\.isASCIIDigit) else { return false }
    return (upper.hasPrefix("KU") && digits.count == 3) || (upper.hasPrefix("MK") && digits.count == 2)
}

/// Area and year a file names outside its rows: in the PX-Web title line or the file name
/// (`Kangasala_KU211_2014_2023.csv`). A code word names the area; a year counts only when it is
/// the single year named there.
struct FileContext: Sendable {
    var area: (label: String, source: String)?
    var year: (value: Int, source: String)?

    init(file: String, title: String?) {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        let stem = name.lowercased().hasSuffix(".csv") ? String(name.dropLast(4)) : name
        func words(_ text: String) -> [String] {
            text.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        }
        for (text, source) in [(title ?? "", "the title line"), (stem, "the file name")] {
            let found = words(text)
            if area == nil, let code = found.first(where: isAreaCodeWord) { area = (code, source) }
            if year == nil {
                let years = Set(found.compactMap(parseYear))
                if years.count == 1, let only = years.first { year = (only, source) }
            }
        }
    }
}

/// PX-Web exports in all their shapes (DATA.md §1), with or without the quoted title line:
/// - long (Csv2): `"Alue";"Vuosi";"Tiedot";"<contents>"`, or without `Tiedot` every other
///   column an indicator named by its header (`"Vuosi";"Alue";"Äänioikeutetut"`);
/// - wide: years as columns (`"Alue";"Tiedot";"2015";"2016"`), or heading variables joined in
///   the column name (`"Väkiluku 2015"`, `"Osuus äänistä (%) KU562 Orivesi"`, `vakiluku_2017`).
///
/// Columns of text (stub variables such as `Ikä` or `Country of birth`) are found from the data
/// and become part of the indicator label, except totals (`Yhteensä`, `…, total`). A file without
/// an area column takes the area from the column names, the title line or the file name, else
/// the whole country (with a warning). Columns without a year take the one year the other
/// columns, the title or the file name name (with a note); else they are skipped with a warning.
struct PxWebLayout: StatisticsLayout {
    var name: String { yearColumn == nil ? "pxweb-wide" : "pxweb-long" }
    var codeColumn: Int?
    var nameColumn: Int?
    var yearColumn: Int?
    var indicatorColumn: Int?
    var regionColumn: Int?
    var title: String?
    /// Columns of the header row; a data row with a non-blank cell beyond them is an error.
    var headerCount: Int
    var candidates: [(index: Int, header: String, parts: HeadingParts)]
    /// How records are read, decided by `prepare`; nil before it, or when no column holds values.
    var plan: Plan?

    struct Plan: Sendable {
        /// Stub columns of text whose cells join the indicator label.
        var textColumns: [(index: Int, header: String, parts: HeadingParts)]
        var columns: [ValueColumn]
        /// The area label of every value when the file has no area column and its column names none.
        var contextArea: Int?
        /// One value column beside a year column: the row's `Tiedot` label alone names the indicator.
        var singleLongValue: Bool
    }

    var descriptionColumns: (name: Int, region: Int) {
        (regionColumn == nil || codeColumn == nil ? 0 : nameColumn.map { $0 + 1 } ?? 0, regionColumn.map { $0 + 1 } ?? 0)
    }

    static func detect(header: [String], title: String?) -> PxWebLayout? {
        let map = HeaderMap(header)
        let code = map.index(ColumnNames.areaCode)
        let name = map.index(ColumnNames.areaName)
        let year = map.index(ColumnNames.year)
        let indicator = map.index(ColumnNames.indicator)
        let areaColumns = Set(map.names.indices.filter { ColumnNames.areaCode.contains(map.names[$0]) || ColumnNames.areaName.contains(map.names[$0]) })
        var candidates: [(index: Int, header: String, parts: HeadingParts)] = []
        for (index, text) in header.enumerated()
        where !areaColumns.contains(index) && index != year && index != indicator && !map.isDescriptive(index) {
            let trimmed = text.trimmedCSV
            guard !trimmed.isEmpty else { continue }
            var parts = HeadingParts(trimmed)
            // `Arvo`/`Value` names no indicator: the row's `Tiedot` cell does.
            if ColumnNames.value.contains(map.names[index]) { parts.label = nil }
            candidates.append((index, trimmed, parts))
        }
        let anchored = !areaColumns.isEmpty || year != nil || candidates.contains { $0.parts.year != nil || $0.parts.area != nil }
        guard anchored, !candidates.isEmpty else { return nil }
        return PxWebLayout(
            codeColumn: code, nameColumn: name, yearColumn: year, indicatorColumn: indicator,
            regionColumn: areaColumns.isEmpty ? nil : map.index(ColumnNames.region), title: title, headerCount: header.count, candidates: candidates)
    }

    /// True when every non-blank cell of the column in the first rows is text, not a number or a
    /// missing-value symbol in either decimal convention.
    static func isTextColumn(_ table: CSVTable, _ index: Int, _ records: ArraySlice<CSVRecord>) -> Bool {
        let parsers = [NumberParsing(decimalSeparator: "."), NumberParsing(decimalSeparator: ",")]
        var seen = false
        for record in records.prefix(50) {
            guard let field = table.field(record, index), !table.isBlank(field) else { continue }
            for parser in parsers {
                if case .value = parser.parse(table, field) { return false }
            }
            seen = true
        }
        return seen
    }

    /// A stub value that stands for "all" of its column (`Yhteensä`, `Total`, or the column name
    /// with `, total`/` yhteensä`, as in `COUNTRY OF BIRTH, TOTAL`): left out of indicator labels.
    /// Subtotals such as `FOREIGN COUNTRY, TOTAL` are kept.
    static func isTotal(_ text: String, header: String) -> Bool {
        let lower = text.lowercased()
        if ["yhteensä", "total", "totalt", "kaikki", "i alt", "summa"].contains(lower) { return true }
        let name = header.lowercased()
        return [", total", " total", ", yhteensä", " yhteensä", ", totalt", " totalt"].contains { lower == name + $0 }
    }

    struct ValueColumn: Sendable {
        var index: Int
        var label: Int?
        var area: Int?
        var year: Int?
    }

    mutating func prepare(_ document: CSVDocument, headerLine: Int, records: ArraySlice<CSVRecord>, into result: inout StatisticsCells) {
        let table = document.table
        plan = nil
        func at(_ column: Int) -> SourceLocation { SourceLocation(file: document.file, line: headerLine, column: column + 1) }

        // Stub columns: text columns before the first column of numbers. With no column of
        // numbers at all, a single column stays a value column, so its cells are reported.
        var textColumns: [(index: Int, header: String, parts: HeadingParts)] = []
        for candidate in candidates {
            guard candidate.parts.year == nil, candidate.parts.area == nil,
                Self.isTextColumn(table, candidate.index, records)
            else { break }
            textColumns.append(candidate)
        }
        if textColumns.count == 1, candidates.count == 1 { textColumns = [] }
        let textIndices = Set(textColumns.map(\.index))
        // A column named by a four-digit number outside 1900–2100 is a year column with a typing
        // error, not an indicator: reported and skipped.
        let badYears = Set(candidates.filter { !textIndices.contains($0.index) && isOutOfRangeYear($0.header) }.map(\.index))
        for index in badYears.sorted() {
            let header = candidates.first { $0.index == index }?.header ?? ""
            result.diagnostics.append(badYearDiagnostic(header, at: at(index)))
        }
        let values = candidates.filter { !textIndices.contains($0.index) && !badYears.contains($0.index) }
        guard !values.isEmpty else {
            result.diagnostics.append(
                Diagnostic(
                    .error, code: "statistics.no-values",
                    "No column of this file holds numbers: \(quotedList(candidates.map(\.header))) are text. A statistics file needs at least one column of values; this looks like a list of names.",
                    at: SourceLocation(file: document.file, line: headerLine)))
            return
        }

        let context = FileContext(file: document.file, title: title)
        let hasAreaColumn = codeColumn != nil || nameColumn != nil
        var contextArea: Int?
        if !hasAreaColumn, values.contains(where: { $0.parts.area == nil }) {
            if let area = context.area {
                contextArea = result.label(area.label)
                result.diagnostics.append(
                    Diagnostic(
                        .note, code: "statistics.area-from-context",
                        "The file has no area column; its values were read as figures of `\(area.label)`, named in \(area.source).",
                        at: SourceLocation(file: document.file, line: headerLine)))
            } else {
                contextArea = result.label("SSS")
                result.diagnostics.append(
                    Diagnostic(
                        .warning, code: "statistics.area-assumed-country",
                        "The file has no area column (Alue) and names no area in its column names, title or file name, so its values were read as figures for the whole country. If they are for one municipality, put its code in the file name (`…_KU562.csv`) or export the Alue variable.",
                        at: SourceLocation(file: document.file, line: headerLine)))
            }
        }

        var columns: [ValueColumn] = []
        let yearsNamed = Set(values.compactMap(\.parts.year))
        let withoutYear = values.filter { $0.parts.year == nil }
        var inferredYear: Int?
        if yearColumn == nil, !withoutYear.isEmpty {
            let names = quotedList(withoutYear.map(\.header))
            if yearsNamed.count == 1, let only = yearsNamed.first,
                let source = values.first(where: { $0.parts.year != nil })
            {
                inferredYear = only
                result.diagnostics.append(
                    Diagnostic(
                        .note, code: "statistics.year-from-context",
                        "Column(s) \(names) name no year; they were read as \(only), the year column `\(source.header)` names.",
                        at: at(withoutYear[0].index)))
            } else if yearsNamed.isEmpty, let year = context.year {
                inferredYear = year.value
                result.diagnostics.append(
                    Diagnostic(
                        .note, code: "statistics.year-from-context",
                        "The file has no year column; its values were read as \(year.value), the year named in \(year.source).",
                        at: SourceLocation(file: document.file, line: headerLine)))
            }
        }
        for column in values {
            var year = column.parts.year
            if year == nil, yearColumn == nil {
                year = inferredYear
                if year == nil, indicatorColumn == nil || !yearsNamed.isEmpty {
                    if yearsNamed.isEmpty {
                        result.diagnostics.append(
                            Diagnostic(
                                .error, code: "statistics.no-year",
                                "Column `\(column.header)` has no year: the file has no year column (Vuosi), and no year is named in the column names, the title or the file name. Export the Vuosi variable or add the year to the file name (`…_2021.csv`).",
                                at: at(column.index)))
                    } else {
                        result.diagnostics.append(
                            Diagnostic(
                                .warning, code: "statistics.column-without-year",
                                "Column `\(column.header)` names no year, so its values were skipped. Add the year to the column name (`\(column.header) 2021`).",
                                at: at(column.index)))
                    }
                    continue
                }
            }
            let label = column.parts.label.map { result.label($0) }
            columns.append(ValueColumn(index: column.index, label: label, area: column.parts.area.map { result.label($0) }, year: year))
        }
        plan = Plan(
            textColumns: textColumns, columns: columns, contextArea: contextArea,
            singleLongValue: yearColumn != nil && columns.count == 1)
    }

    func extract(_ document: CSVDocument, records: ArraySlice<CSVRecord>, cache: inout LabelCache, into result: inout StatisticsCells) {
        guard let plan else { return }
        let table = document.table
        let hasAreaColumn = codeColumn != nil || nameColumn != nil
        let textColumns = plan.textColumns
        let contextArea = plan.contextArea
        let singleLongValue = plan.singleLongValue
        cache.beginTable()
        result.cells.reserveCapacity(result.cells.count + records.count * plan.columns.count)
        for record in records {
            if let extra = document.extraCell(record, headerCount: headerCount) {
                result.diagnostics.append(extra)
                continue
            }
            var year: Int?
            if let yearColumn {
                guard let found = yearValue(table, table.field(record, yearColumn)) else {
                    result.diagnostics.append(badYear(document, record, yearColumn))
                    continue
                }
                year = found
            }
            let area = hasAreaColumn ? areaLabel(table, record, code: codeColumn, name: nameColumn, cache: &cache, into: &result) : nil
            let region = regionColumn.map { cache.label(table, table.field(record, $0), into: &result) } ?? -1
            let name = regionColumn != nil && codeColumn != nil ? nameColumn.map { cache.label(table, table.field(record, $0), into: &result) } ?? -1 : -1
            var row = indicatorColumn.map { cache.label(table, table.field(record, $0), into: &result) }
            if !textColumns.isEmpty {
                var parts = row.map { [result.labels[$0]] } ?? []
                for column in textColumns {
                    let text = table.field(record, column.index).map(table.trimmedText) ?? ""
                    if !text.isEmpty, !Self.isTotal(text, header: column.header) { parts.append(text) }
                }
                let joined = parts.joined(separator: " ")
                row = joined.isEmpty ? nil : result.label(joined)
            }
            for column in plan.columns {
                guard let value = table.field(record, column.index) else { continue }
                let indicator: Int
                switch (row, column.label) {
                case let (row?, label?):
                    indicator =
                        singleLongValue && indicatorColumn != nil && textColumns.isEmpty
                        ? row : cache.joined(row, column.index, result.labels[label], into: &result)
                case let (row?, nil): indicator = row
                case let (nil, label?): indicator = label
                case (nil, nil): indicator = result.label(title ?? "")
                }
                guard let areaID = area ?? column.area ?? contextArea else { continue }
                result.cells.append(
                    RawObservation(
                        areaLabel: areaID, indicatorLabel: indicator, year: column.year ?? year,
                        value: value, line: record.line, nameLabel: area == nil ? -1 : name,
                        regionLabel: area == nil ? -1 : region))
            }
        }
    }
}
