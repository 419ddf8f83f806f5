import VitalityModel

/// A PC-Axis table's description: its variables (stub, then heading) with their values, codes
/// and translations, and the keywords Vitality reports or checks. The cells (`PXData`) run over
/// the stub variables' values, then the heading variables', the last heading variable fastest:
/// cell (s1, …, h1, …) stands at the row-major position of its value indices.
///
/// `DECIMALS` and `PRECISION` say how many decimals PxWeb shows; Vitality keeps every value
/// exactly as written and shows figures with the decimals of indicators.csv, so they are read
/// (and must be whole numbers 0–15) but change no value.
struct PXTable: Equatable {
    struct Variable: Equatable {
        var name: String
        var values: [String]
        /// `CODES("name")`, as many as the values; nil when the file gives none.
        var codes: [String]?
        /// Whether `TIMEVAL("name")` marks it as the time variable.
        var isTime: Bool
        /// Name and values in each other language of `LANGUAGES`, by language code.
        var translations: [String: Translation]
        /// Where its `VALUES` (or `TIMEVAL` range) statement stands.
        var line = 0
        var column = 0
    }

    struct Translation: Equatable {
        var name: String
        var values: [String]
    }

    var stub: [Variable]
    var heading: [Variable]
    var contents: String?
    /// `CONTENTS[sv]`, `CONTENTS[en]`, by language code.
    var translatedContents: [String: String] = [:]
    var units: String?
    var source: String?
    var title: String?
    /// `CONTVARIABLE`: the variable whose values are the table's contents (`Tiedot`).
    var contentVariable: String?
    var decimals: Int?
    /// `PRECISION("Tiedot","Väkiluku")=1`: decimals shown for a value of a variable, by
    /// variable name and value.
    var precision: [String: [String: Int]] = [:]
    /// Where `DATA=` stands, for errors about the cells as a whole.
    var dataLine: Int
    var dataColumn: Int

    var variables: [Variable] { stub + heading }

    /// The product of the variables' value counts: the cells `DATA` must hold.
    var cellCount: Int
    /// The table a parsed document describes; nil with errors at the statements' lines when a
    /// variable has no values, codes or translations do not match its values, `DECIMALS` or
    /// `PRECISION` is not a whole number 0–15, or the values' product exceeds what a file can
    /// hold. A time variable without `VALUES` takes the periods of `TIMEVAL`'s `TLIST(A1,
    /// "2015"-"2021")` range.
    static func make(_ document: PXDocument, file: String) -> (PXTable?, [Diagnostic]) {
        var problems: [Diagnostic] = []
        func error(_ message: String, line: Int, column: Int) {
            problems.append(Diagnostic(.error, code: "px.table", message, at: SourceLocation(file: file, line: line, column: column)))
        }
        func statements(_ keyword: String, language: String? = nil) -> [PXDocument.Statement] {
            document.statements.filter { $0.keyword == keyword && $0.language == language }
        }
        func texts(_ statement: PXDocument.Statement) -> [String] {
            statement.values.compactMap { value in
                if case .text(let text) = value { return text }
                return nil
            }
        }
        func single(_ keyword: String) -> String? {
            statements(keyword).first.flatMap { texts($0).first }
        }
        /// `TIMEVAL("name")=TLIST(A1, "2015"-"2021")` as the statement listing the years.
        func timeRange(_ name: String) -> PXDocument.Statement? {
            guard let statement = statements("TIMEVAL").first(where: { $0.subkeys == [name] }),
                case .timeList("A1", let first?, let last?)? = statement.values.first,
                let low = parseYear(first), let high = parseYear(last), low <= high
            else { return nil }
            var range = statement
            range.values = (low...high).map { .text(String($0)) }
            return range
        }
        let languages = statements("LANGUAGES").first.map(texts) ?? []
        let main = single("LANGUAGE")
        let others = languages.filter { $0 != main }

        func variables(_ keyword: String) -> [Variable] {
            guard let statement = statements(keyword).first else { return [] }
            let names = texts(statement)
            return names.enumerated().compactMap { position, name in
                let listed = statements("VALUES").first(where: { $0.subkeys == [name] })
                guard let values = listed ?? timeRange(name) else {
                    error(
                        "`\(keyword)` names the variable `\(name)`, but no `VALUES(\"\(name)\")` lists its values.", line: statement.line,
                        column: statement.column)
                    return nil
                }
                let valueTexts = texts(values)
                guard !valueTexts.isEmpty, valueTexts.count == values.values.count else {
                    error("`VALUES(\"\(name)\")` must list the variable's values as quoted texts.", line: values.line, column: values.column)
                    return nil
                }
                var variable = Variable(
                    name: name, values: valueTexts, codes: nil, isTime: false, translations: [:], line: values.line, column: values.column)
                if let codes = statements("CODES").first(where: { $0.subkeys == [name] }) {
                    let codeTexts = texts(codes)
                    if codeTexts.count == valueTexts.count {
                        variable.codes = codeTexts
                    } else {
                        error(
                            "`CODES(\"\(name)\")` lists \(codeTexts.count) codes for the \(valueTexts.count) values of `VALUES(\"\(name)\")` (line \(values.line)).",
                            line: codes.line, column: codes.column)
                    }
                }
                variable.isTime = statements("TIMEVAL").contains { $0.subkeys == [name] }
                for language in others {
                    guard let translatedNames = statements(keyword, language: language).first.map(texts),
                        position < translatedNames.count
                    else { continue }
                    let translatedName = translatedNames[position]
                    guard let translated = statements("VALUES", language: language).first(where: { $0.subkeys == [translatedName] })
                    else { continue }
                    let translatedValues = texts(translated)
                    if translatedValues.count == valueTexts.count {
                        variable.translations[language] = Translation(name: translatedName, values: translatedValues)
                    } else {
                        error(
                            "`VALUES[\(language)](\"\(translatedName)\")` lists \(translatedValues.count) values for the \(valueTexts.count) of `VALUES(\"\(name)\")` (line \(values.line)).",
                            line: translated.line, column: translated.column)
                    }
                }
                return variable
            }
        }

        let stub = variables("STUB")
        let heading = variables("HEADING")
        if stub.isEmpty && heading.isEmpty && problems.isEmpty {
            error("The PC-Axis file has neither `STUB` nor `HEADING`: nothing says what its values are.", line: 1, column: 1)
        }
        var product = 1
        for variable in stub + heading {
            let (next, overflow) = product.multipliedReportingOverflow(by: variable.values.count)
            guard !overflow, next <= Int(UInt32.max) else {
                let counts = (stub + heading).map { "\($0.values.count) \($0.name)" }.joined(separator: " × ")
                error("The table's variables make more cells (\(counts)) than a file can hold.", line: document.dataLine, column: document.dataColumn)
                break
            }
            product = next
        }
        func decimalCount(_ statement: PXDocument.Statement) -> Int? {
            guard statement.values.count == 1, case .word(let word)? = statement.values.first, let count = Int(word), (0...15).contains(count)
            else {
                error("`\(statement.keyword)` must be a whole number of decimals from 0 to 15.", line: statement.line, column: statement.column)
                return nil
            }
            return count
        }
        let decimals = statements("DECIMALS").first.flatMap(decimalCount)
        var precision: [String: [String: Int]] = [:]
        for statement in statements("PRECISION") {
            guard let count = decimalCount(statement) else { continue }
            guard statement.subkeys.count == 2 else {
                error(
                    "`PRECISION` names a variable and one of its values: `PRECISION(\"Tiedot\",\"Väkiluku\")=1;`.", line: statement.line,
                    column: statement.column)
                continue
            }
            precision[statement.subkeys[0], default: [:]][statement.subkeys[1]] = count
        }
        guard problems.isEmpty else { return (nil, problems) }
        var translatedContents: [String: String] = [:]
        for language in others {
            if let text = statements("CONTENTS", language: language).first.flatMap({ texts($0).first }) { translatedContents[language] = text }
        }
        let table = PXTable(
            stub: stub, heading: heading, contents: single("CONTENTS"), translatedContents: translatedContents, units: single("UNITS"),
            source: single("SOURCE"),
            title: single("TITLE"), contentVariable: single("CONTVARIABLE"), decimals: decimals, precision: precision,
            dataLine: document.dataLine, dataColumn: document.dataColumn, cellCount: product)
        return (table, [])
    }
}
