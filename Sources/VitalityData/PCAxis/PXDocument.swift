import VitalityModel

/// A PC-Axis (`.px`) file as written: its keyword statements in order and where its `DATA`
/// values stand, before any keyword is interpreted.
///
/// The syntax (Statistics Sweden's PX file format, 2013): statements
/// `KEYWORD[lang]("subkey", …)=value, …;`, where a value is a quoted text (several quoted texts
/// in a row, as long texts are wrapped over lines, make one), a bare word or number
/// (`DECIMALS=1;`, `SHOWDECIMALS=YES;`) or a time list (`TLIST(A1)` or
/// `TLIST(A1, "2015"-"2021")`); the last statement is `DATA=` with the values up to `;`.
///
/// The statements are scanned as Characters; the data of a 4.6 M-row table is not (16 bytes a
/// character): `PXData` scans it as bytes.
struct PXDocument: Equatable {
    /// One keyword statement.
    struct Statement: Equatable {
        var keyword: String
        /// The `[sv]` of `VALUES[sv]("Alue")=…`; nil for the file's main language.
        var language: String?
        /// The quoted texts in parentheses after the keyword: `("Alue")`, `("Tiedot","Väkiluku")`.
        var subkeys: [String]
        var values: [Value]
        var line: Int
        var column: Int
    }

    enum Value: Equatable {
        case text(String)
        case word(String)
        /// `TLIST(A1)` (the years listed after it) or `TLIST(A1, "2015"-"2021")`.
        case timeList(unit: String, first: String?, last: String?)
    }

    var statements: [Statement]
    /// Where the first character after `DATA=` stands.
    var dataLine: Int
    var dataColumn: Int

    /// Parses the statements of `text` (already decoded) up to `DATA=`; the values after it are
    /// read as bytes (`PXData`). nil with an error naming line and column when the statements
    /// are not well formed or `DATA=` is missing.
    static func parse(_ text: String, file: String) -> (PXDocument?, [Diagnostic]) {
        var scanner = Scanner(text: text, file: file)
        do {
            let document = try scanner.document()
            return (document, [])
        } catch {
            return (nil, [error.diagnostic])
        }
    }

    struct SyntaxError: Error {
        let diagnostic: Diagnostic
    }

    /// Reads statements from the characters of the text, tracking line and column.
    private struct Scanner {
        let characters: [Character]
        let file: String
        var index = 0
        var line = 1
        var column = 1

        init(text: String, file: String) {
            self.file = file
            characters = Array(text)
        }

        var current: Character? { index < characters.count ? characters[index] : nil }

        mutating func advance() {
            guard let character = current else { return }
            index += 1
            // "\r\n" is one Character in Swift, a newline like "\n".
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }

        mutating func skipSpace() {
            while let character = current, character.isWhitespace { advance() }
        }

        func failure(_ expected: String, line: Int? = nil, column: Int? = nil) -> SyntaxError {
            let found = current.map { $0.isNewline ? "the end of the line" : "`\($0)`" } ?? "the end of the file"
            return SyntaxError(
                diagnostic: Diagnostic(
                    .error, code: "px.syntax", "Expected \(expected) in the PC-Axis file, found \(found).",
                    at: SourceLocation(file: file, line: line ?? self.line, column: column ?? self.column)))
        }

        mutating func expect(_ character: Character, _ what: String) throws(SyntaxError) {
            skipSpace()
            guard current == character else { throw failure(what) }
            advance()
        }

        mutating func document() throws(SyntaxError) -> PXDocument {
            var statements: [Statement] = []
            while true {
                skipSpace()
                guard current != nil else { throw failure("`DATA=` with the table's values") }
                let startLine = line
                let startColumn = column
                let keyword = try self.keyword()
                if keyword == "DATA" {
                    try expect("=", "`=` after `DATA`")
                    return PXDocument(statements: statements, dataLine: line, dataColumn: column)
                }
                var statement = Statement(keyword: keyword, language: nil, subkeys: [], values: [], line: startLine, column: startColumn)
                if current == "[" {
                    advance()
                    var language = ""
                    while let character = current, character.isLetter || character == "-" {
                        language.append(character)
                        advance()
                    }
                    guard !language.isEmpty else { throw failure("a language code such as `sv` after `[`") }
                    guard current == "]" else { throw failure("`]` after the language code") }
                    advance()
                    statement.language = language
                }
                if current == "(" {
                    advance()
                    repeat {
                        skipSpace()
                        statement.subkeys.append(try quotedText())
                        skipSpace()
                    } while try separator(closing: ")")
                }
                try expect("=", "`=` after the keyword `\(keyword)`")
                repeat {
                    skipSpace()
                    statement.values.append(try value())
                    skipSpace()
                } while try separator(closing: ";")
                statements.append(statement)
            }
        }

        /// After an item: true for `,` (another item follows), false for `closing`.
        mutating func separator(closing: Character) throws(SyntaxError) -> Bool {
            if current == "," {
                advance()
                return true
            }
            guard current == closing else { throw failure("`,` or `\(closing)`") }
            advance()
            return false
        }

        mutating func keyword() throws(SyntaxError) -> String {
            var keyword = ""
            while let character = current, character.isASCII, character.isLetter || character.isNumber || character == "-" {
                keyword.append(character)
                advance()
            }
            guard !keyword.isEmpty else { throw failure("a keyword such as `VALUES`") }
            return keyword
        }

        /// One quoted text, or several in a row separated only by white space (a long text
        /// wrapped over lines), joined.
        mutating func quotedText() throws(SyntaxError) -> String {
            guard current == "\"" else { throw failure("a quoted text") }
            var result = ""
            while current == "\"" {
                let openLine = line
                let openColumn = column
                advance()
                // A text never spans lines: a long one is several texts in a row.
                while let character = current, character != "\"", !character.isNewline {
                    result.append(character)
                    advance()
                }
                guard current == "\"" else {
                    throw failure("`\"` closing the text opened at line \(openLine), column \(openColumn), on its line")
                }
                advance()
                let save = (index, line, column)
                skipSpace()
                if current != "\"" { (index, line, column) = save }
            }
            return result
        }

        mutating func value() throws(SyntaxError) -> Value {
            if current == "\"" { return .text(try quotedText()) }
            var word = ""
            while let character = current, !character.isWhitespace, character != ",", character != ";", character != "(" {
                word.append(character)
                advance()
            }
            guard !word.isEmpty else { throw failure("a value") }
            guard word == "TLIST", current == "(" else { return .word(word) }
            advance()
            skipSpace()
            let unitLine = line
            let unitColumn = column
            var unit = ""
            while let character = current, character.isLetter || character.isNumber {
                unit.append(character)
                advance()
            }
            guard ["A1", "H1", "Q1", "M1", "W1"].contains(unit) else {
                throw failure("a time unit (A1, H1, Q1, M1 or W1) after `TLIST(`", line: unitLine, column: unitColumn)
            }
            skipSpace()
            var first: String?
            var last: String?
            if current == "," {
                advance()
                skipSpace()
                first = try quotedText()
                try expect("-", "`-` between the first and last period of `TLIST`")
                skipSpace()
                last = try quotedText()
            }
            try expect(")", "`)` closing `TLIST`")
            return .timeList(unit: unit, first: first, last: last)
        }
    }
}
