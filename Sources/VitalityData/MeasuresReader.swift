import VitalityModel

/// Reads the programme tracking sheet `input/measures.csv` (DATA.md §2): Finnish or English
/// headers in any order and case, year columns (`2018`, …) as actual values, dates `d.M.yyyy`,
/// `dd.mm.yyyy`, ISO or a bare year (kept as the year), statuses in Finnish, Swedish or English,
/// decimal comma or point decided per file. Blank rows and unnamed columns are ignored.
public struct MeasuresReader: Sendable {
    public init() {}

    enum Column: String, CaseIterable {
        case id, theme, measure, team, owner, status, start, end, indicator, unit
        case baselineYear, baseline, targetYear, target, comment

        var names: [String] {
            switch self {
            case .id: return ["id", "tunnus"]
            case .theme: return ["theme", "teema"]
            case .measure: return ["measure", "toimenpide"]
            case .team: return ["team", "vastuuyksikkö"]
            case .owner: return ["owner", "vastuuhenkilö"]
            case .status: return ["status", "tila"]
            case .start: return ["start", "alkaa"]
            case .end: return ["end", "päättyy"]
            case .indicator: return ["indicator", "mittari"]
            case .unit: return ["unit", "yksikkö"]
            case .baselineYear: return ["baseline_year", "lähtövuosi"]
            case .baseline: return ["baseline", "lähtötaso"]
            case .targetYear: return ["target_year", "tavoitevuosi"]
            case .target: return ["target", "tavoite"]
            case .comment: return ["comment", "kommentti"]
            }
        }

        static let required: [Column] = [.id, .theme, .measure, .status]
    }

    /// Status words in Finnish, Swedish and English, lower-cased.
    static let statusWords: [String: MeasureStatus] = [
        "suunniteltu": .planned, "planerad": .planned, "planned": .planned,
        "käynnissä": .ongoing, "pågående": .ongoing, "ongoing": .ongoing,
        "valmis": .done, "klar": .done, "done": .done,
        "viivästynyt": .delayed, "försenad": .delayed, "delayed": .delayed,
        "keskeytetty": .suspended, "avbruten": .suspended, "suspended": .suspended,
    ]

    public func read(_ document: CSVDocument) -> (measures: [Measure], diagnostics: [Diagnostic], decimalSeparator: Character) {
        let table = document.table
        var diagnostics: [Diagnostic] = []
        let records = document.nonBlankRecords
        guard let headerRecord = records.first else {
            return ([], [Diagnostic(.error, code: "measures.empty", "The measures file has no header row.", at: SourceLocation(file: document.file))], ".")
        }
        let header = HeaderMap(table.texts(headerRecord))
        var columns: [Column: Int] = [:]
        for column in Column.allCases {
            if let index = header.index(column.names) { columns[column] = index }
        }
        let missing = Column.required.filter { columns[$0] == nil }
        if !missing.isEmpty {
            let names = missing.map { "`\($0.names[0])`/`\($0.names[1])`" }.joined(separator: ", ")
            return ([], [Diagnostic(.error, code: "measures.missing-column",
                                    "The measures file lacks the required column(s) \(names).",
                                    at: document.location(headerRecord))], ".")
        }
        let yearColumns: [(index: Int, year: Int)] = header.names.indices.compactMap { index in
            parseYear(header.names[index]).map { (index, $0) }
        }
        let known = Set(columns.values).union(yearColumns.map(\.index))
        for (index, name) in header.names.enumerated() where !name.isEmpty && !known.contains(index) {
            diagnostics.append(Diagnostic(.note, code: "measures.extra-column",
                                          "Column `\(table.texts(headerRecord)[index])` is not one Vitality reads; it was ignored.",
                                          at: SourceLocation(file: document.file, line: headerRecord.line, column: index + 1)))
        }
        let dataRecords = records.dropFirst()

        var numericCells: [CSVField] = []
        for record in dataRecords {
            for index in [columns[.baseline], columns[.target]].compactMap({ $0 }) + yearColumns.map(\.index) {
                if let field = table.field(record, index) { numericCells.append(field) }
            }
        }
        let numbers = NumberParsing.detect(table: table, cells: numericCells)

        var measures: [Measure] = []
        var firstLine: [String: Int] = [:]
        for record in dataRecords {
            func cell(_ column: Column) -> (text: String, field: CSVField?) {
                guard let index = columns[column], let field = table.field(record, index) else { return ("", nil) }
                return (table.trimmedText(field), field)
            }
            func number(_ field: CSVField?, what: String) -> Double? {
                guard let field else { return nil }
                switch numbers.parse(table, field) {
                case .value(.number(let value)): return value
                case .value(.missing): return nil
                case .notANumber(let text):
                    diagnostics.append(Diagnostic(.error, code: "measures.not-a-number",
                                                  "\(what) \"\(excerpt(text))\" is not a number (decimal separator in this file: `\(numbers.decimalCharacter)`).",
                                                  at: document.location(record, field)))
                    return nil
                case .outOfRange(let text):
                    diagnostics.append(Diagnostic(.error, code: "measures.number-out-of-range",
                                                  "\(what) \"\(excerpt(text))\" is a number Vitality cannot keep as written: \(NumberParsing.rangeRule) Round it.",
                                                  at: document.location(record, field)))
                    return nil
                }
            }
            func year(_ column: Column) -> Int? {
                let (text, field) = cell(column)
                if text.isEmpty { return nil }
                if let year = Self.year(fromDate: text) { return year }
                diagnostics.append(Diagnostic(.error, code: "measures.bad-date",
                                              "`\(text)` in column \(column.names[1]) is not a year or a date (31.12.2024, 2024-12-31, 2024).",
                                              at: document.location(record, field)))
                return nil
            }

            let id = cell(.id)
            guard !id.text.isEmpty else {
                diagnostics.append(Diagnostic(.error, code: "measures.missing-id", "This measure row has no id (tunnus).", at: document.location(record)))
                continue
            }
            if let previous = firstLine[id.text] {
                diagnostics.append(Diagnostic(.error, code: "measures.duplicate-id",
                                              "Measure id `\(id.text)` on line \(record.line) was already used on line \(previous). Each measure needs its own id.",
                                              at: document.location(record, id.field)))
                continue
            }
            firstLine[id.text] = record.line
            let statusCell = cell(.status)
            guard let status = Self.statusWords[statusCell.text.lowercased()] else {
                diagnostics.append(Diagnostic(.error, code: "measures.bad-status",
                                              "Status `\(statusCell.text)` of measure `\(id.text)` is not one of Suunniteltu, Käynnissä, Valmis, Viivästynyt, Keskeytetty (or planned, ongoing, done, delayed, suspended).",
                                              at: document.location(record, statusCell.field)))
                continue
            }
            var actuals: [Int: Double] = [:]
            for column in yearColumns {
                if let value = number(table.field(record, column.index), what: "Actual value for \(column.year)") {
                    actuals[column.year] = value
                }
            }
            measures.append(Measure(
                id: id.text, theme: cell(.theme).text, title: cell(.measure).text, team: cell(.team).text,
                owner: cell(.owner).text, status: status, startYear: year(.start), endYear: year(.end),
                indicator: cell(.indicator).text, unit: cell(.unit).text,
                baselineYear: year(.baselineYear), baseline: number(cell(.baseline).field, what: "Baseline"),
                targetYear: year(.targetYear), target: number(cell(.target).field, what: "Target"),
                actuals: actuals, comment: cell(.comment).text, location: document.location(record)))
        }
        return (measures, diagnostics, numbers.decimalCharacter)
    }

    /// The year of `d.M.yyyy`, `dd.mm.yyyy`, `yyyy-MM-dd` or `yyyy`; nil for anything else.
    static func year(fromDate text: String) -> Int? {
        if let year = parseYear(text) { return year }
        let dotted = text.split(separator: ".", omittingEmptySubsequences: false)
        if dotted.count == 3, let day = Int(dotted[0]), let month = Int(dotted[1]), let year = parseYear(String(dotted[2])),
           (1...31).contains(day), (1...12).contains(month), dotted[0].count <= 2, dotted[1].count <= 2 {
            return year
        }
        let iso = text.split(separator: "-", omittingEmptySubsequences: false)
        if iso.count == 3, let year = parseYear(String(iso[0])), let month = Int(iso[1]), let day = Int(iso[2].prefix(2)),
           (1...12).contains(month), (1...31).contains(day) {
            return year
        }
        return nil
    }
}
