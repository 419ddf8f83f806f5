import VitalityModel

/// A PC-Axis table: its variables (stub, then heading) with their values, codes and
/// translations, and its cells in the file's order (issue 14, work in progress on branch
/// `issue14-px`; not yet turned into observations).
///
/// The cells run over the stub variables' values, then the heading variables', the last
/// heading variable fastest: cell (s1, …, h1, …) stands at the row-major position of its value
/// indices.
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
    }

    struct Translation: Equatable {
        var name: String
        var values: [String]
    }

    enum Cell: Equatable {
        case number(Double)
        /// `".."`, `"..."`, `"-"` …: the symbol as written.
        case missing(String)
    }

    var stub: [Variable]
    var heading: [Variable]
    var contents: String?
    var units: String?
    var source: String?
    var decimals: Int?
    var cells: [Cell]

    /// The table a parsed document describes; nil with errors at the statements' lines when a
    /// variable has no values, codes or translations do not match its values, a cell is not a
    /// number or a quoted symbol, or the cells are not as many as the values' product.
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
        let languages = statements("LANGUAGES").first.map(texts) ?? []
        let main = single("LANGUAGE")
        let others = languages.filter { $0 != main }

        func variables(_ keyword: String) -> [Variable] {
            guard let statement = statements(keyword).first else { return [] }
            let names = texts(statement)
            return names.enumerated().compactMap { position, name in
                guard let values = statements("VALUES").first(where: { $0.subkeys == [name] }) else {
                    error(
                        "`\(keyword)` names the variable `\(name)`, but no `VALUES(\"\(name)\")` lists its values.", line: statement.line,
                        column: statement.column)
                    return nil
                }
                let valueTexts = texts(values)
                var variable = Variable(name: name, values: valueTexts, codes: nil, isTime: false, translations: [:])
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
        let cells = Self.cells(document, file: file, problems: &problems)
        var expected: Int? = 1
        for variable in stub + heading {
            expected = expected.flatMap { product in
                let (next, overflow) = product.multipliedReportingOverflow(by: variable.values.count)
                return overflow ? nil : next
            }
        }
        if problems.isEmpty, expected != cells.count {
            let counts = (stub + heading).map { "\($0.values.count) \($0.name)" }.joined(separator: " × ")
            let cellCount = expected.map(String.init) ?? "more"
            error(
                "`DATA` holds \(cells.count) values, but the table has \(cellCount) cells (\(counts)).",
                line: document.dataLine, column: document.dataColumn)
        }
        guard problems.isEmpty else { return (nil, problems) }
        var decimals: Int?
        if let statement = statements("DECIMALS").first, case .word(let word)? = statement.values.first {
            decimals = Int(word)
        }
        let table = PXTable(
            stub: stub, heading: heading, contents: single("CONTENTS"), units: single("UNITS"), source: single("SOURCE"),
            decimals: decimals, cells: cells)
        return (table, [])
    }

    /// The values of `DATA`: numbers with `.` decimals, or quoted symbols, separated by white
    /// space, commas or tabs.
    private static func cells(_ document: PXDocument, file: String, problems: inout [Diagnostic]) -> [Cell] {
        var cells: [Cell] = []
        var line = document.dataLine
        var column = document.dataColumn
        var token = ""
        var tokenLine = line
        var tokenColumn = column
        var quoted = false
        func finish() {
            defer { token = "" }
            guard !token.isEmpty else { return }
            if token.hasPrefix("\"") {
                cells.append(.missing(String(token.dropFirst().dropLast())))
            } else if token.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
                let number = Double(token), number.isFinite
            {
                cells.append(.number(number))
            } else {
                problems.append(
                    Diagnostic(
                        .error, code: "px.data",
                        "`\(token)` in `DATA` is neither a number such as 12.5 nor a quoted symbol such as \"..\".",
                        at: SourceLocation(file: file, line: tokenLine, column: tokenColumn)))
            }
        }
        for character in document.data {
            if quoted {
                token.append(character)
                if character == "\"" { quoted = false }
            } else if character.isWhitespace || character == "," {
                finish()
            } else {
                if token.isEmpty {
                    tokenLine = line
                    tokenColumn = column
                }
                token.append(character)
                if character == "\"" { quoted = true }
            }
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        finish()
        return cells
    }
}
