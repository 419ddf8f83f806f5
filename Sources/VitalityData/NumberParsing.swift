import VitalityModel

/// Reads statistics numbers from CSV cells with one decimal separator per file. Accepts `-` and
/// U+2212 minus, grouping spaces (U+0020, U+00A0, U+202F) between digits, and the missing-value
/// symbols `.` … `.......`, `-` and the empty cell.
package struct NumberParsing: Sendable, Hashable {
    /// `.` or `,`.
    package var decimalSeparator: UInt8

    package init(decimalSeparator: Character) {
        self.decimalSeparator = decimalSeparator == "," ? UInt8(ascii: ",") : UInt8(ascii: ".")
    }

    package var decimalCharacter: Character { decimalSeparator == UInt8(ascii: ",") ? "," : "." }

    /// Decides the decimal separator from the evidence of the whole file: cells shaped like
    /// `12,5` count for comma, `12.5` for point. A `,`-delimited file never has decimal commas.
    /// Returns point when there is no evidence either way.
    package static func detect(table: CSVTable, cells: some Sequence<CSVField>) -> NumberParsing {
        if table.delimiter == UInt8(ascii: ",") { return NumberParsing(decimalSeparator: ".") }
        var commas = 0
        var points = 0
        table.bytes.withUnsafeBufferPointer { buffer in
            for field in cells {
                switch separatorEvidence(buffer, field.start, field.end) {
                case UInt8(ascii: ","): commas += 1
                case UInt8(ascii: "."): points += 1
                default: break
                }
            }
        }
        return NumberParsing(decimalSeparator: commas > points ? "," : ".")
    }

    /// The separator in a cell shaped digits-separator-digits (after an optional sign), or nil.
    static func separatorEvidence(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt8? {
        var i = start
        while i < end, buffer[i] == 0x20 { i += 1 }
        if i < end, buffer[i] == UInt8(ascii: "-") { i += 1 }
        var digitsBefore = 0
        var separator: UInt8?
        var digitsAfter = 0
        while i < end {
            let byte = buffer[i]
            if byte >= 0x30, byte <= 0x39 {
                if separator == nil { digitsBefore += 1 } else { digitsAfter += 1 }
            } else if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "."), separator == nil, digitsBefore > 0 {
                separator = byte
            } else if byte == 0x20 || byte == 0x0D || byte >= 0x80 {
                // grouping spaces (also U+00A0, U+202F) and the U+2212 minus are not evidence
            } else {
                return nil
            }
            i += 1
        }
        return digitsAfter > 0 ? separator : nil
    }

    /// Outcome of reading one cell.
    package enum Parsed: Sendable, Hashable {
        case value(ObservedValue)
        /// The cell is text, not a number or missing symbol.
        case notANumber(String)
        /// The cell is a number that a Double cannot hold as written (`outOfRangeRule`).
        case outOfRange(String)
    }

    /// When a number cell is out of range (DATA.md §1): more than 15 significant digits (counted
    /// from the first to the last non-zero digit) that the Double read from the cell does not give
    /// back as its shortest decimal form (`12345678901234567` would be kept as …568; every cell of
    /// up to 15 digits, and `0.30000000000000004`, survive), a magnitude above 1.797…e308, or a
    /// non-zero magnitude below 2.225e-308 (it would become zero or lose digits).
    static let exactSignificantDigits = 15

    /// The rule of `Parsed.outOfRange` in words, for diagnostics.
    static let rangeRule =
        "a number must survive being stored as a double: digits after the 15th significant one are kept only when the stored number gives them back, and its size must lie between 2.2e-308 and 1.8e308 (or be 0)."

    /// The significant digits of a decimal text: digits only, without leading and trailing zeros,
    /// up to an exponent mark.
    static func significantDigits(_ text: some Sequence<UInt8>) -> [UInt8] {
        var digits: [UInt8] = []
        for byte in text {
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { break }
            guard byte >= 0x30, byte <= 0x39, !(digits.isEmpty && byte == 0x30) else { continue }
            digits.append(byte)
        }
        while digits.last == 0x30 { digits.removeLast() }
        return digits
    }

    /// Reads a cell as a number or a missing-value symbol.
    package func parse(_ table: CSVTable, _ field: CSVField) -> Parsed {
        let result: Parsed? = table.bytes.withUnsafeBufferPointer { buffer in
            parse(buffer, field.start, field.end)
        }
        return result ?? .notANumber(table.text(field))
    }

    /// Reads a string as a number or missing-value symbol (for cells outside a `CSVTable`).
    package func parse(_ text: String) -> Parsed {
        var bytes = Array(text.utf8)
        let result: Parsed? = bytes.withUnsafeMutableBufferPointer { buffer in
            parse(UnsafeBufferPointer(buffer), 0, buffer.count)
        }
        return result ?? .notANumber(text)
    }

    /// The advice for a workbook cell that holds a number as text with a decimal comma (`12,5`
    /// typed or pasted into a sheet in a Finnish Excel, which shows it left-aligned): a workbook's
    /// numbers are read as numbers, so the cell is not one (DATA.md §1 "Workbooks"). Empty for
    /// any other cell.
    static func textNumberAdvice(_ text: String, at location: SourceLocation) -> String {
        guard location.isSheet, text.contains(","), case .value(.number) = NumberParsing(decimalSeparator: ",").parse(text.trimmedCSV) else {
            return ""
        }
        return " The cell holds the number as text: make it a number in the workbook (retype it, or use Data › Text to Columns) and save the workbook again."
    }

    /// 10^exponent for 0...22, exact; the common cases without the lazily initialised table.
    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1000
        default: return powersOfTen[exponent]
        }
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The common cell `-?digits` or `-?digits<separator>digits` (this file's separator, at most
    /// 15 digits) in one pass: its value, exactly as `parse` reads it, and its separator evidence
    /// as `separatorEvidence` gives it (0 for none). nil for any other cell.
    @inline(__always)
    func plainNumber(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (value: Double, evidence: UInt8)? {
        var i = start
        guard i < end, end - start <= 17 else { return nil }
        let negative = buffer[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionStart = -1
        while i < end {
            let byte = buffer[i]
            let digit = byte &- 0x30
            if digit < 10 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                digits += 1
            } else if byte == decimalSeparator, fractionStart < 0, digits > 0 {
                fractionStart = digits
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0, digits <= 15 else { return nil }
        var value: Double
        if fractionStart >= 0 {
            guard digits > fractionStart else { return nil }
            value = Double(mantissa) / Self.powerOfTen(digits - fractionStart)
        } else {
            value = Double(mantissa)
        }
        if negative { value = -value }
        return (value, fractionStart >= 0 ? decimalSeparator : 0)
    }

    func parse(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Parsed? {
        var lower = start
        var upper = end
        while lower < upper, isSpace(buffer, lower) { lower += spaceLength(buffer, lower) }
        while upper > lower, buffer[upper - 1] == 0x20 || buffer[upper - 1] == 0x09 || buffer[upper - 1] == 0x0D { upper -= 1 }
        if lower == upper { return .value(.missing(symbol: "")) }
        if upper - lower <= 7, (lower..<upper).allSatisfy({ buffer[$0] == UInt8(ascii: ".") }) {
            return .value(.missing(symbol: String(repeating: ".", count: upper - lower)))
        }
        if upper - lower == 1, buffer[lower] == UInt8(ascii: "-") { return .value(.missing(symbol: "-")) }

        var i = lower
        var negative = false
        if buffer[i] == UInt8(ascii: "-") || buffer[i] == UInt8(ascii: "+") {
            negative = buffer[i] == UInt8(ascii: "-")
            i += 1
        } else if i + 2 < upper, buffer[i] == 0xE2, buffer[i + 1] == 0x88, buffer[i + 2] == 0x92 {
            negative = true
            i += 3
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        /// Significant digits up to the last non-zero one.
        var trimmedSignificant = 0
        var fractionDigits = 0
        var digits = 0
        var seenSeparator = false
        var previousWasDigit = false
        var exponent = 0
        var hasExponent = false
        while i < upper {
            let byte = buffer[i]
            if byte >= 0x30, byte <= 0x39 {
                if mantissa != 0 || byte != 0x30 { significantDigits += 1 }
                if byte != 0x30 { trimmedSignificant = significantDigits }
                mantissa = mantissa &* 10 &+ UInt64(byte - 0x30)
                digits += 1
                if seenSeparator { fractionDigits += 1 }
                previousWasDigit = true
                i += 1
            } else if byte == decimalSeparator, !seenSeparator, digits > 0 || i + 1 < upper {
                seenSeparator = true
                previousWasDigit = false
                i += 1
            } else if isSpace(buffer, i), previousWasDigit, !seenSeparator {
                let next = i + spaceLength(buffer, i)
                guard next < upper, buffer[next] >= 0x30, buffer[next] <= 0x39 else { return nil }
                previousWasDigit = false
                i = next
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E"), digits > 0 {
                guard upper - i <= 20,
                    let value = Int(String(decoding: buffer[(i + 1)..<upper], as: UTF8.self))
                else { return nil }
                exponent = value
                hasExponent = true
                i = upper
            } else {
                return nil
            }
        }
        guard digits > 0, !seenSeparator || fractionDigits > 0 else { return nil }
        var value: Double
        if significantDigits <= 15, !hasExponent, fractionDigits <= 22 {
            value = Double(mantissa) / Self.powerOfTen(fractionDigits)
        } else {
            var text = ""
            for k in lower..<upper {
                let byte = buffer[k]
                if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { break }
                if byte >= 0x30 && byte <= 0x39 { text.append(Character(Unicode.Scalar(byte))) }
                if byte == decimalSeparator { text.append(".") }
            }
            text += hasExponent ? "e\(exponent)" : ""
            guard let parsed = Double(text) else { return nil }
            value = parsed
        }
        if !value.isFinite || (trimmedSignificant > 0 && value < Double.leastNormalMagnitude)
            || (trimmedSignificant > Self.exactSignificantDigits
                && Self.significantDigits(buffer[lower..<upper]) != Self.significantDigits(value.description.utf8))
        {
            return .outOfRange(String(decoding: buffer[lower..<upper], as: UTF8.self))
        }
        if negative { value = -value }
        return .value(.number(value))
    }

    private func isSpace(_ buffer: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let byte = buffer[i]
        if byte == 0x20 || byte == 0x09 { return true }
        if byte == 0xC2, i + 1 < buffer.count, buffer[i + 1] == 0xA0 { return true }
        if byte == 0xE2, i + 2 < buffer.count, buffer[i + 1] == 0x80, buffer[i + 2] == 0xAF { return true }
        return false
    }

    private func spaceLength(_ buffer: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        switch buffer[i] {
        case 0xC2: return 2
        case 0xE2: return 3
        default: return 1
        }
    }
}
