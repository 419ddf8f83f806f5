import VitalityModel

/// Reads the programme tracking sheet `input/measures.csv` (DATA.md §2): Finnish or English
/// headers in any order and case, year columns (`2018`, …) as actual values, dates `d.M.yyyy`,
/// `dd.mm.yyyy`, ISO or a bare year (kept as the year), statuses in Finnish, Swedish or English,
/// decimal comma or point decided per file; theme, measure and team may have Swedish and English
/// translations (`teema_sv`/`theme_sv`, … `_en`). Blank rows and unnamed columns are ignored.
/// Impossible dates, years outside 1900–2100 and reversed ranges (start after end, baseline year
/// after target year) are errors.
package struct MeasuresReader: Sendable {
    package init() {}

    enum Column: String, CaseIterable {
        case id, theme, measure, team, owner, status, start, end, indicator, unit
        case baselineYear, baseline, targetYear, target, comment
        case themeSV, themeEN, measureSV, measureEN, teamSV, teamEN, unitSV, unitEN

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
            case .themeSV: return ["theme_sv", "teema_sv"]
            case .themeEN: return ["theme_en", "teema_en"]
            case .measureSV: return ["measure_sv", "toimenpide_sv"]
            case .measureEN: return ["measure_en", "toimenpide_en"]
            case .teamSV: return ["team_sv", "vastuuyksikkö_sv"]
            case .teamEN: return ["team_en", "vastuuyksikkö_en"]
            case .unitSV: return ["unit_sv", "yksikkö_sv"]
            case .unitEN: return ["unit_en", "yksikkö_en"]
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

    package func read(_ document: CSVDocument) -> (measures: [Measure], diagnostics: [Diagnostic], decimalSeparator: Character) {
        let table = document.table
        var diagnostics: [Diagnostic] = []
        let records = document.nonBlankRecords
        guard let headerRecord = records.first else {
            return ([], [Diagnostic(.error, code: "measures.empty", "The measures file has no header row.", at: SourceLocation(file: document.file))], ".")
        }
        let header = HeaderMap(table.texts(headerRecord))
        diagnostics += duplicateHeaderDiagnostics(table.texts(headerRecord), file: document.file, line: headerRecord.line)
        var columns: [Column: Int] = [:]
        for column in Column.allCases {
            if let index = header.index(column.names) { columns[column] = index }
        }
        let missing = Column.required.filter { columns[$0] == nil }
        if !missing.isEmpty {
            let names = missing.map { "`\($0.names[0])`/`\($0.names[1])`" }.joined(separator: ", ")
            return ([], diagnostics + [Diagnostic(.error, code: "measures.missing-column",
                                                  "The measures file lacks the required column(s) \(names).",
                                                  at: document.location(headerRecord))], ".")
        }
        let yearColumns: [(index: Int, year: Int)] = header.names.indices.compactMap { index in
            parseYear(header.names[index]).map { (index, $0) }
        }
        for (index, name) in header.names.enumerated() where isOutOfRangeYear(name) {
            diagnostics.append(Diagnostic(.error, code: "measures.year-out-of-range",
                                          "Column `\(name)` looks like a year column, but \(name) is outside the years Vitality accepts (\(plausibleYears.lowerBound)–\(plausibleYears.upperBound)), so its actual values would be lost. Correct the year.",
                                          at: SourceLocation(file: document.file, line: headerRecord.line, column: index + 1)))
        }
        let known = Set(columns.values).union(yearColumns.map(\.index))
            .union(header.names.indices.filter { isOutOfRangeYear(header.names[$0]) })
        // (A second column of a known name is a duplicate header, reported above.)
        for (index, name) in header.names.enumerated() where !name.isEmpty && !known.contains(index) && !header.names[..<index].contains(name) {
            diagnostics.append(Diagnostic(.note, code: "measures.extra-column",
                                          "Column `\(excerpt(table.texts(headerRecord)[index]))` is not one Vitality reads; it was ignored.",
                                          at: SourceLocation(file: document.file, line: headerRecord.line, column: index + 1)))
        }
        let dataRecords = records.dropFirst()
        if dataRecords.isEmpty {
            diagnostics.append(Diagnostic(.error, code: "measures.no-rows",
                                          "The measures file has a header but no measures: it was saved empty or cut short. Add one row per measure.",
                                          at: document.location(headerRecord)))
        }

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
                    let at = document.location(record, field)
                    diagnostics.append(Diagnostic(.error, code: "measures.not-a-number",
                                                  "\(what) \"\(excerpt(text))\" is not a number (decimal separator in this file: `\(numbers.decimalCharacter)`).\(NumberParsing.textNumberAdvice(text, at: at))",
                                                  at: at))
                    return nil
                case .outOfRange(let text):
                    diagnostics.append(Diagnostic(.error, code: "measures.number-out-of-range",
                                                  "\(what) \"\(excerpt(text))\" is a number Vitality cannot keep as written: \(NumberParsing.rangeRule) Round it.",
                                                  at: document.location(record, field)))
                    return nil
                }
            }
            func date(_ column: Column) -> CalendarDate? {
                let (text, field) = cell(column)
                if text.isEmpty { return nil }
                let at = document.location(record, field)
                switch Self.date(text) {
                case .valid(let date): return date
                case .impossible:
                    diagnostics.append(Diagnostic(.error, code: "measures.invalid-date",
                                                  "`\(excerpt(text))` in column \(column.names[1]) is not a date in the calendar (that month has fewer days, or there is no such month). Correct the day or the month.",
                                                  at: at))
                case .yearOutOfRange(let year):
                    diagnostics.append(Diagnostic(.error, code: "measures.year-out-of-range",
                                                  "The year \(year) in column \(column.names[1]) (`\(excerpt(text))`) is outside the years Vitality accepts (\(plausibleYears.lowerBound)–\(plausibleYears.upperBound)). Check for a typing error.",
                                                  at: at))
                case .notADate:
                    diagnostics.append(Diagnostic(.error, code: "measures.bad-date",
                                                  "`\(excerpt(text))` in column \(column.names[1]) is not a year or a date (31.12.2024, 2024-12-31, 2024).",
                                                  at: at))
                }
                return nil
            }
            /// A `measures.range` error at `later`'s cell when `earlier` comes after it.
            func checkOrder(_ earlier: (date: CalendarDate?, column: Column), _ later: (date: CalendarDate?, column: Column), what: String) {
                guard let first = earlier.date, let second = later.date, first.isAfter(second) else { return }
                diagnostics.append(Diagnostic(.error, code: "measures.range",
                                              "\(what): \(earlier.column.names[1]) `\(cell(earlier.column).text)` is after \(later.column.names[1]) `\(cell(later.column).text)`. Swap them or correct the one that is wrong.",
                                              at: document.location(record, cell(later.column).field)))
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
            let start = date(.start)
            let end = date(.end)
            checkOrder((start, .start), (end, .end), what: "Measure `\(id.text)` ends before it starts")
            let baselineYear = date(.baselineYear)
            let targetYear = date(.targetYear)
            checkOrder((baselineYear, .baselineYear), (targetYear, .targetYear),
                       what: "The baseline year of measure `\(id.text)` is after its target year")
            var measure = Measure(
                id: id.text, theme: cell(.theme).text, title: cell(.measure).text, team: cell(.team).text,
                owner: cell(.owner).text, status: status, startYear: start?.year, endYear: end?.year,
                indicator: cell(.indicator).text, unit: cell(.unit).text,
                baselineYear: baselineYear?.year, baseline: number(cell(.baseline).field, what: "Baseline"),
                targetYear: targetYear?.year, target: number(cell(.target).field, what: "Target"),
                actuals: actuals, comment: cell(.comment).text, location: document.location(record))
            measure.themeSV = cell(.themeSV).text
            measure.themeEN = cell(.themeEN).text
            measure.titleSV = cell(.measureSV).text
            measure.titleEN = cell(.measureEN).text
            measure.teamSV = cell(.teamSV).text
            measure.unitSV = cell(.unitSV).text
            measure.unitEN = cell(.unitEN).text
            measure.teamEN = cell(.teamEN).text
            measures.append(measure)
        }
        return (measures, diagnostics, numbers.decimalCharacter)
    }

    /// A date or a bare year of the sheet; `month` and `day` are nil for a bare year.
    struct CalendarDate: Hashable {
        var year: Int
        var month: Int?
        var day: Int?

        /// True when this date is certainly after `other`: by year, or by the whole date when
        /// both have one.
        func isAfter(_ other: CalendarDate) -> Bool {
            if year != other.year { return year > other.year }
            guard let month, let day, let otherMonth = other.month, let otherDay = other.day else { return false }
            return (month, day) > (otherMonth, otherDay)
        }
    }

    enum DateCell: Hashable {
        case valid(CalendarDate)
        /// Shaped like a date, but no such day exists (`31.2.2018`, `1.13.2018`).
        case impossible
        /// A year, or a date whose year, outside `plausibleYears`.
        case yearOutOfRange(Int)
        case notADate
    }

    /// Reads `d.M.yyyy`, `dd.mm.yyyy`, `yyyy-MM-dd` (anything after the day, such as a time, is
    /// ignored) or `yyyy`.
    static func date(_ text: String) -> DateCell {
        func fourDigits(_ part: Substring) -> Int? {
            guard part.count == 4, part.allSatisfy(\.isASCIIDigit) else { return nil }
            return Int(part)
        }
        func number(_ part: Substring) -> Int? {
            guard (1...2).contains(part.count), part.allSatisfy(\.isASCIIDigit) else { return nil }
            return Int(part)
        }
        func checked(_ year: Int, _ month: Int?, _ day: Int?) -> DateCell {
            guard plausibleYears.contains(year) else { return .yearOutOfRange(year) }
            guard let month, let day else { return .valid(CalendarDate(year: year)) }
            guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return .impossible }
            return .valid(CalendarDate(year: year, month: month, day: day))
        }
        let trimmed = text.trimmedCSV
        if let year = fourDigits(Substring(trimmed)) { return checked(year, nil, nil) }
        let dotted = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        if dotted.count == 3, let day = number(dotted[0]), let month = number(dotted[1]), let year = fourDigits(dotted[2]) {
            return checked(year, month, day)
        }
        let iso = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        if iso.count == 3, let year = fourDigits(iso[0]), let month = number(iso[1]), let day = number(iso[2].prefix(2)),
           iso[2].dropFirst(2).first.map({ !$0.isASCIIDigit }) ?? true {
            return checked(year, month, day)
        }
        return .notADate
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
