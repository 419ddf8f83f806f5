import VitalityModel

/// Reads the optional `input/areas.csv` (DATA.md §4): municipalities the built-in catalogue lacks,
/// columns `code,name_fi,name_sv,name_en,region` (comma or semicolon delimited, any encoding the
/// other inputs may have). `code`, `name_fi` and `region` are required columns and cells;
/// `region` is a region code (`MK06`) or a region name the catalogue knows (`Pirkanmaa`).
///
/// Right or refused: a row for a code the catalogue already has must agree with it (name and
/// region), else it is an error and the catalogue's area stays — areas.csv adds areas, it never
/// redefines one, so a typing error in a code cannot move a real municipality's data elsewhere.
/// A code given twice, an unknown region and a code that is not three digits are errors at the
/// cell; such rows are not used.
struct AreaTableReader: Sendable {
    var catalog: AreaCatalog
    static let expected = "Expected columns: code, name_fi, name_sv, name_en, region (name_sv and name_en optional)."

    init(catalog: AreaCatalog = .standard) { self.catalog = catalog }

    /// The municipalities to add to the catalogue (origin `.areaTable`), and the problems found.
    func read(_ document: CSVDocument) -> (areas: [Area], diagnostics: [Diagnostic]) {
        let table = document.table
        var diagnostics: [Diagnostic] = []
        let records = document.nonBlankRecords
        guard let headerRecord = records.first else {
            return ([], [Diagnostic(.error, code: "areas.empty", "The area table has no header row. \(Self.expected)",
                                    at: SourceLocation(file: document.file))])
        }
        let names = table.texts(headerRecord)
        diagnostics += duplicateHeaderDiagnostics(names, file: document.file, line: headerRecord.line)
        let header = HeaderMap(names)
        let columns = (code: header.index(["code"]), fi: header.index(["name_fi"]), sv: header.index(["name_sv"]),
                       en: header.index(["name_en"]), region: header.index(["region"]))
        let missing = [("code", columns.code), ("name_fi", columns.fi), ("region", columns.region)].filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty, let codeColumn = columns.code, let fiColumn = columns.fi, let regionColumn = columns.region else {
            return ([], diagnostics + [Diagnostic(
                .error, code: "areas.missing-column",
                "The area table's header (\(quotedList(names))) has no \(missing.map { "`\($0)`" }.joined(separator: ", ")) column. \(Self.expected)",
                at: document.location(headerRecord))])
        }
        let known = Set([codeColumn, fiColumn, regionColumn, columns.sv, columns.en].compactMap { $0 })
        for (index, name) in header.names.enumerated() where !name.isEmpty && !known.contains(index) && !header.names[..<index].contains(name) {
            diagnostics.append(Diagnostic(.note, code: "areas.extra-column",
                                          "Column `\(excerpt(names[index]))` is not one Vitality reads; it was ignored. \(Self.expected)",
                                          at: SourceLocation(file: document.file, line: headerRecord.line, column: index + 1)))
        }
        var areas: [Area] = []
        var firstLine: [String: Int] = [:]
        for record in records.dropFirst() {
            func cell(_ index: Int?) -> (text: String, field: CSVField?) {
                guard let index, let field = table.field(record, index) else { return ("", nil) }
                return (table.trimmedText(field), field)
            }
            func at(_ index: Int) -> SourceLocation {
                SourceLocation(file: document.file, line: record.line, column: index + 1)
            }
            if let extra = document.extraCell(record, headerCount: names.count) {
                diagnostics.append(Diagnostic(.error, code: "areas.extra-cell", extra.message, at: extra.location))
                continue
            }
            let codeText = cell(codeColumn).text
            guard let code = AreaCatalog.municipalityCode(codeText) else {
                diagnostics.append(Diagnostic(.error, code: "areas.bad-code",
                                              codeText.isEmpty
                                                ? "This row has no municipality code. \(Self.expected)"
                                                : "`\(excerpt(codeText))` is not a municipality code: areas.csv defines municipalities by their three-digit Statistics Finland code (`001`, or `KU001`).",
                                              at: at(codeColumn)))
                continue
            }
            if let previous = firstLine[code] {
                diagnostics.append(Diagnostic(.error, code: "areas.duplicate-code",
                                              "Municipality code \(code) is defined again; it was first defined on line \(previous). Keep one row per code.",
                                              at: at(codeColumn)))
                continue
            }
            firstLine[code] = record.line
            let nameFI = cell(fiColumn).text
            guard !nameFI.isEmpty else {
                diagnostics.append(Diagnostic(.error, code: "areas.missing-name",
                                              "Municipality \(code) has no Finnish name (`name_fi`), which reports and charts show.",
                                              at: at(fiColumn)))
                continue
            }
            let regionText = cell(regionColumn).text
            guard let region = catalog.region(regionText) else {
                diagnostics.append(Diagnostic(.error, code: "areas.unknown-region",
                                              regionText.isEmpty
                                                ? "Municipality \(code) \(excerpt(nameFI)) has no region. Give its region code (`MK06`) or name (`Pirkanmaa`)."
                                                : "Region `\(excerpt(regionText))` of municipality \(code) \(excerpt(nameFI)) is not a region Vitality knows. Give a region code (`MK01`–`MK21`) or a region name such as `Pirkanmaa`.",
                                              at: at(regionColumn)))
                continue
            }
            var area = Area(code: code, nameFI: nameFI, nameSV: cell(columns.sv).text, kind: .municipality, regionCode: region.code)
            area.nameEN = cell(columns.en).text
            area.origin = .areaTable
            if let existing = catalog.area(code: code) {
                // The same area again is harmless; a different one is refused.
                let sameName = existing.nameFI == nameFI && (area.nameSV.isEmpty || area.nameSV == existing.nameSV)
                if existing.kind != .municipality || !sameName || existing.regionCode != region.code {
                    let theirs = "\(existing.nameFI)\(existing.nameSV.isEmpty || existing.nameSV == existing.nameFI ? "" : " / \(existing.nameSV)")"
                    let theirRegion = existing.regionCode.map { code in catalog.area(code: code).map { "\(code) \($0.nameFI)" } ?? code } ?? "no region"
                    let column = existing.regionCode != region.code && sameName ? regionColumn : (existing.nameFI != nameFI ? fiColumn : columns.sv ?? fiColumn)
                    diagnostics.append(Diagnostic(
                        .error, code: "areas.contradicts-catalogue",
                        "Code \(code) is \(theirs) in \(theirRegion) in Vitality's 2024 municipality list, but this row says \(excerpt(nameFI))\(area.nameSV.isEmpty ? "" : " / \(excerpt(area.nameSV))") in \(region.code) \(region.nameFI). areas.csv adds municipalities the list lacks and cannot redefine one; the list's area was kept. Check the code, or delete the row.",
                        at: at(column)))
                }
                continue
            }
            areas.append(area)
        }
        return (areas, diagnostics)
    }
}
