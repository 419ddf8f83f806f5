/// The one rule every CSV file Vitality writes follows for a cell (`figures.csv`, the charts'
/// `charts/<chart>.csv`; docs/DATA.md §7), so that a file opened in a spreadsheet never runs a
/// formula and never holds raw control characters:
/// - a control character (C0 other than TAB, LF and CR; DEL; C1) is replaced by U+FFFD `�`;
/// - a cell that starts with `=`, `+`, `-`, `@`, TAB or CR and is not a plain number
///   (`-3.5`, `+12`, `-1e-7`) gets a single quote `'` in front and is quoted (OWASP's advice
///   against CSV injection); numbers stay as they are;
/// - a cell holding a comma, quote, LF or CR, or neutralised as above, is quoted with `"`,
///   inner quotes doubled (RFC 4180).
package enum CSVField {
    /// `text` as one CSV cell, by the rule above.
    package static func encode(_ text: String) -> String {
        var cell = text
        if cell.unicodeScalars.contains(where: isForbiddenControl) {
            cell = String(String.UnicodeScalarView(cell.unicodeScalars.map { isForbiddenControl($0) ? "\u{FFFD}" : $0 }))
        }
        var mustQuote = cell.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        if let first = cell.unicodeScalars.first, formulaStarts.contains(first), !isPlainNumber(cell) {
            cell = "'" + cell
            mustQuote = true
        }
        guard mustQuote else { return cell }
        return "\"" + cell.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// First characters that make a spreadsheet read a cell as a formula.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// Control characters that never reach a file: every C0 but TAB, LF and CR, DEL and C1.
    static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.properties.generalCategory == .control else { return false }
        return scalar != "\t" && scalar != "\n" && scalar != "\r"
    }

    /// `[+-]digits[.digits][(e|E)[+-]digits]`, ASCII only: a number a spreadsheet reads as a
    /// number, never as a formula.
    static func isPlainNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        func digits() -> Int {
            var count = 0
            while let first = scalars.first, ("0"..."9").contains(first) { scalars.removeFirst(); count += 1 }
            return count
        }
        if let first = scalars.first, first == "+" || first == "-" { scalars.removeFirst() }
        guard digits() > 0 else { return false }
        if scalars.first == "." {
            scalars.removeFirst()
            guard digits() > 0 else { return false }
        }
        if let first = scalars.first, first == "e" || first == "E" {
            scalars.removeFirst()
            if let sign = scalars.first, sign == "+" || sign == "-" { scalars.removeFirst() }
            guard digits() > 0 else { return false }
        }
        return scalars.isEmpty
    }
}
