/// A place in an input file: 1-based line and column; column 0 when the whole line is meant.
/// In a workbook's sheet, whose `file` is named `book.xlsx[Sheet]`, the line is the sheet's row
/// and the column its column, and the place prints as a cell (`book.xlsx[Sheet]!C12`, a whole
/// row `book.xlsx[Sheet]!12:12`).
package struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    package var file: String
    package var line: Int
    package var column: Int

    package init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    package var description: String {
        let file = DiagnosticText.escapingControls(self.file)
        if line == 0 { return file }
        if isSheet {
            return column == 0 ? "\(file)!\(line):\(line)" : "\(file)!\(Self.columnName(column))\(line)"
        }
        if column == 0 { return "\(file):\(line)" }
        return "\(file):\(line):\(column)"
    }

    /// True for a place in a workbook's sheet: `file` ends in `.xlsx[…]` or `.xlsm[…]`, or it
    /// is a workbook whose name picks its sheet (`book[Sheet].xlsx`).
    package var isSheet: Bool {
        let lower = file.lowercased()
        if lower.hasSuffix("].xlsx") || lower.hasSuffix("].xlsm") { return true }
        guard lower.hasSuffix("]"), let open = lower.lastIndex(of: "[") else { return false }
        let before = lower[..<open]
        return before.hasSuffix(".xlsx") || before.hasSuffix(".xlsm")
    }

    /// A sheet's column name: `A` for 1, `Z` for 26, `AA` for 27.
    package static func columnName(_ column: Int) -> String {
        var column = column
        var name: [Character] = []
        while column > 0 {
            name.insert(Character(Unicode.Scalar(UInt8(65 + (column - 1) % 26))), at: 0)
            column = (column - 1) / 26
        }
        return String(name)
    }

    package static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// How serious a diagnostic is. Errors stop a build; warnings and notes do not.
package enum Severity: String, Sendable, Hashable, Comparable {
    case note
    case warning
    case error

    private var order: Int {
        switch self {
        case .note: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    package static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.order < rhs.order }
}

/// A problem found in an input file or template, as a value: readers collect them
/// instead of throwing at the first one. `code` is stable (e.g. `csv.unterminated-quote`)
/// so scripts and tests can match on it; `message` is written for a spreadsheet user:
/// what was found, what was expected, how to fix it. The message is made safe for a terminal
/// when the diagnostic is created (`DiagnosticText.clean`): control characters escaped, quoted
/// cells shortened.
package struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    package var severity: Severity
    package var code: String
    package var message: String
    package var location: SourceLocation?

    package init(_ severity: Severity, code: String, _ message: String, at location: SourceLocation? = nil) {
        self.severity = severity
        self.code = code
        self.message = DiagnosticText.clean(message)
        self.location = location
    }

    package var description: String { text(colored: false) }

    /// `file:line:col: severity: message [code]`; with `colored`, the severity in ANSI colour
    /// (errors red, warnings yellow, notes cyan), for a terminal.
    package func text(colored: Bool) -> String {
        let place = location.map { "\($0): " } ?? ""
        var label = "\(severity.rawValue):"
        if colored {
            let colour = switch severity {
            case .error: "31"
            case .warning: "33"
            case .note: "36"
            }
            label = "\u{1B}[1;\(colour)m\(label)\u{1B}[0m"
        }
        return "\(place)\(label) \(DiagnosticText.clean(message)) [\(code)]"
    }
}

extension Array where Element == Diagnostic {
    package var hasErrors: Bool { contains { $0.severity == .error } }
}

/// The one rule for text a diagnostic shows, so that a hostile cell or header can neither flood
/// the terminal nor write raw control characters into it: every control character (C0, DEL,
/// C1) and bidirectional override is escaped (`\0`, `\t`, `\n`, `\r`, else `\u{1B}`), every
/// segment quoted in backticks keeps at most `quoteLimit` characters (then `…`), and a message
/// longer than `messageLimit` keeps its beginning and end around `…`. Applying it twice gives
/// the same text.
package enum DiagnosticText {
    /// Characters kept of a quoted segment (a cell, a header, a value).
    static let quoteLimit = 80
    /// Characters kept of a whole message.
    package static let messageLimit = 2_000

    /// `text` with the rule applied.
    package static func clean(_ text: String) -> String {
        if isClean(text) { return text }
        let scalars = text.unicodeScalars
        // An unpaired last backtick is a character of a cell, not the start of a quotation.
        let backticks = scalars.count { $0 == "`" }
        var remainingOpeners = backticks - backticks % 2
        var out = String.UnicodeScalarView()
        var inQuote = false
        var quoted = 0
        for scalar in scalars {
            if scalar == "`", inQuote || remainingOpeners > 0 {
                if !inQuote { remainingOpeners -= 2 }
                inQuote.toggle()
                quoted = 0
                out.append(scalar)
                continue
            }
            let piece = escaped(scalar)
            if inQuote {
                // Counted as shown, so that cleaning the result again cuts nothing more.
                if quoted >= quoteLimit { continue }
                quoted += piece.count
                if quoted >= quoteLimit {
                    out.append("…")
                    quoted = quoteLimit
                    continue
                }
            }
            out.append(contentsOf: piece)
        }
        if out.count > messageLimit {
            let head = out.prefix(messageLimit * 3 / 4)
            let tail = out.suffix(messageLimit / 5)
            var shortened = String.UnicodeScalarView(head)
            shortened.append(contentsOf: " … ".unicodeScalars)
            shortened.append(contentsOf: tail)
            return String(shortened)
        }
        return String(out)
    }

    /// True when the rule leaves `text` as it is, which nearly every message is: found in one
    /// pass without building the text again (a message built scalar by scalar cost 0.1 ms).
    private static func isClean(_ text: String) -> Bool {
        var count = 0
        var backticks = 0
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) { return false }
            if scalar == "`" { backticks += 1 }
            count += 1
        }
        guard count <= messageLimit else { return false }
        // The quoted segments as `clean` pairs the backticks: each shorter than the limit.
        var remainingOpeners = backticks - backticks % 2
        var inQuote = false
        var quoted = 0
        for scalar in text.unicodeScalars {
            if scalar == "`", inQuote || remainingOpeners > 0 {
                if !inQuote { remainingOpeners -= 2 }
                inQuote.toggle()
                quoted = 0
            } else if inQuote {
                quoted += 1
                if quoted >= quoteLimit { return false }
            }
        }
        return true
    }

    /// `text` with control characters and bidirectional overrides escaped, nothing shortened
    /// (file paths).
    package static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { appendEscaped(scalar, to: &out) }
        return String(out)
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        // Printable ASCII without the Unicode tables.
        if scalar.value >= 0x20, scalar.value < 0x7F { return false }
        return scalar.properties.generalCategory == .control
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    private static func appendEscaped(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        out.append(contentsOf: escaped(scalar))
    }

    /// The scalar itself, or its escape (`\0`, `\t`, `\n`, `\r`, `\u{1B}`).
    private static func escaped(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        guard needsEscape(scalar) else { return [scalar] }
        switch scalar {
        case "\0": return ["\\", "0"]
        case "\t": return ["\\", "t"]
        case "\n": return ["\\", "n"]
        case "\r": return ["\\", "r"]
        default: return Array(("\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}").unicodeScalars)
        }
    }
}
