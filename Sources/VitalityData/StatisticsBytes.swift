import Foundation
import VitalityModel

// The byte-level rules and messages every statistics read shares: the slices of the
// tokenizer path, the long layout's fast extraction and the decoders.

// MARK: Fields

/// True when the field is empty or only spaces and tabs.
func isBlank(_ buffer: UnsafeBufferPointer<UInt8>, _ field: CSVField) -> Bool {
    var i = field.start
    while i < field.end {
        if buffer[i] != 0x20, buffer[i] != 0x09 { return false }
        i += 1
    }
    return true
}

/// True when two fields of a buffer hold the same bytes.
@inline(__always)
func sameBytes(_ buffer: UnsafeBufferPointer<UInt8>, _ a: CSVField, _ b: CSVField) -> Bool {
    let length = a.end - a.start
    guard length == b.end - b.start, let base = buffer.baseAddress else { return false }
    let first = UnsafeRawPointer(base + a.start)
    let second = UnsafeRawPointer(base + b.start)
    var i = 0
    while i + 8 <= length {
        if first.loadUnaligned(fromByteOffset: i, as: UInt64.self) != second.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
            return false
        }
        i += 8
    }
    while i < length {
        if base[a.start + i] != base[b.start + i] { return false }
        i += 1
    }
    return true
}

// MARK: Years

/// The years Vitality accepts anywhere (statistics, measures, column names).
let plausibleYears = 1900...2100

/// The number that exactly four ASCII digits spell, nil for any other bytes.
@inline(__always)
func fourDigits(_ bytes: some Collection<UInt8>) -> Int? {
    guard bytes.count == 4 else { return nil }
    var value = 0
    for byte in bytes {
        guard byte >= 0x30, byte <= 0x39 else { return nil }
        value = value * 10 + Int(byte - 0x30)
    }
    return value
}

/// A four-digit year 1900–2100 from a whole string (white space trimmed), else nil.
func parseYear(_ text: String) -> Int? {
    fourDigits(text.trimmedCSV.utf8).flatMap { plausibleYears.contains($0) ? $0 : nil }
}

/// True for a four-digit whole number that is not a year Vitality accepts (`2210`, `1850`).
func isOutOfRangeYear(_ text: String) -> Bool {
    fourDigits(text.trimmedCSV.utf8).map { !plausibleYears.contains($0) } ?? false
}

/// A four-digit year 1900–2100 from a field of a buffer (surrounding spaces allowed).
func yearValue(_ buffer: UnsafeBufferPointer<UInt8>, _ field: CSVField?) -> Int? {
    guard let field else { return nil }
    var start = field.start
    var end = field.end
    while start < end, buffer[start] == 0x20 { start += 1 }
    while end > start, buffer[end - 1] == 0x20 { end -= 1 }
    return fourDigits(buffer[start..<end]).flatMap { plausibleYears.contains($0) ? $0 : nil }
}

/// `yearValue` for a field of a table.
func yearValue(_ table: CSVTable, _ field: CSVField?) -> Int? {
    table.bytes.withUnsafeBufferPointer { yearValue($0, field) }
}

// MARK: Text

/// The offset of the next U+FFFD (EF BF BD) in `buffer[start..<end]`, nil when there is none.
func nextReplacementCharacter(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
    guard let base = buffer.baseAddress else { return nil }
    var i = start
    while i + 2 < end {
        guard let found = memchr(base + i, 0xEF, end - i) else { return nil }
        i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        if i + 2 >= end { return nil }
        if base[i + 1] == 0xBF, base[i + 2] == 0xBD { return i }
        i += 1
    }
    return nil
}

/// One `encoding.replacement-character` warning per line of `range` holding U+FFFD; `counted`
/// carries the line number of an offset between calls over consecutive ranges.
func replacementWarnings(
    _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, counted: inout (offset: Int, line: Int),
    into diagnostics: inout [Diagnostic], file: String
) {
    var i = range.lowerBound
    var lastWarnedLine = 0
    while let found = nextReplacementCharacter(buffer, from: i, to: range.upperBound) {
        while counted.offset < found {
            if buffer[counted.offset] == 0x0A { counted.line += 1 }
            counted.offset += 1
        }
        if lastWarnedLine != counted.line {
            lastWarnedLine = counted.line
            diagnostics.append(replacementCharacterDiagnostic(line: counted.line, file: file))
        }
        i = found + 3
    }
}

/// The offset after the first line feed at or after `offset` (the buffer's end when there is none).
func lineBoundary(_ buffer: UnsafeBufferPointer<UInt8>, after offset: Int) -> Int {
    guard offset < buffer.count, let base = buffer.baseAddress,
        let found = memchr(base + offset, 0x0A, buffer.count - offset)
    else { return buffer.count }
    return base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
}

/// 0x80 in each byte of `word` that is zero, 0 in the others (exact, no borrow across bytes).
@inline(__always)
func zeroBytes(_ word: UInt64) -> UInt64 {
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    return ~(((word & low7) &+ low7) | word | low7)
}

/// Splits a line with no quote and no lone carriage return at the delimiters (the common case,
/// without the tokenizer's quote handling), keeping the first `capacity` fields in `slots`;
/// returns the number of fields and whether any holds more than spaces and tabs. nil, with
/// nothing consumed, for any other line.
///
/// `noQuoteOrReturn` tells that the text holds neither quotes nor carriage returns (the caller
/// checked its range with `memchr`), so only delimiters and line feeds are looked for.
@inline(__always)
func splitPlainLine(
    _ body: UnsafeBufferPointer<UInt8>, at cursor: inout Int, line: inout Int, delimiter: UInt8,
    into slots: UnsafeMutablePointer<CSVField>, capacity: Int, noQuoteOrReturn: Bool = false
) -> (count: Int, blank: Bool)? {
    guard let base = body.baseAddress else { return nil }
    let start = cursor
    let count = body.count
    var fieldStart = start
    var fields = 0
    var i = start
    var lineEnd = count
    // Eight bytes at a time: a bit per delimiter, line feed, quote or carriage return.
    let delimiters = UInt64(delimiter) &* 0x0101_0101_0101_0101
    scan: while i + 8 <= count {
        let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
        var marks = zeroBytes(word ^ delimiters) | zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A)
        if !noQuoteOrReturn {
            marks |= zeroBytes(word ^ 0x2222_2222_2222_2222) | zeroBytes(word ^ 0x0D0D_0D0D_0D0D_0D0D)
        }
        while marks != 0 {
            let position = i + marks.trailingZeroBitCount >> 3
            let byte = base[position]
            if byte == delimiter {
                if fields < capacity {
                    slots[fields] = CSVField(start: fieldStart, end: position, column: fields + 1, quoted: false, hasDoubledQuotes: false)
                }
                fields += 1
                fieldStart = position + 1
            } else if byte == 0x0A {
                lineEnd = position
                break scan
            } else if byte == 0x22 || position + 1 >= count || base[position + 1] != 0x0A {
                return nil
            }
            marks &= marks &- 1
        }
        i += 8
    }
    if lineEnd == count {
        while i < count {
            let byte = base[i]
            if byte == delimiter {
                if fields < capacity {
                    slots[fields] = CSVField(start: fieldStart, end: i, column: fields + 1, quoted: false, hasDoubledQuotes: false)
                }
                fields += 1
                fieldStart = i + 1
            } else if byte == 0x0A {
                lineEnd = i
                break
            } else if byte == 0x22 || (byte == 0x0D && (i + 1 >= count || base[i + 1] != 0x0A)) {
                return nil
            }
            i += 1
        }
    }
    var blank = true
    var k = start
    while k < lineEnd {
        let byte = base[k]
        if byte != delimiter, byte != 0x20, byte != 0x09, byte != 0x0D {
            blank = false
            break
        }
        k += 1
    }
    var end = lineEnd
    if end > fieldStart, base[end - 1] == 0x0D { end -= 1 }
    if fields < capacity {
        slots[fields] = CSVField(start: fieldStart, end: end, column: fields + 1, quoted: false, hasDoubledQuotes: false)
    }
    cursor = lineEnd < count ? lineEnd + 1 : count
    line += 1
    return (fields + 1, blank)
}

// MARK: Messages

/// The warning for a line holding U+FFFD.
func replacementCharacterDiagnostic(line: Int, file: String) -> Diagnostic {
    Diagnostic(
        .warning, code: "encoding.replacement-character",
        "Line \(line) contains the replacement character \u{FFFD}: the file was probably once decoded with the wrong encoding, and letters such as ä or ö were lost.",
        at: SourceLocation(file: file, line: line))
}

/// The error for a byte Windows-1252 leaves undefined.
func undefinedByteDiagnostic(_ byte: UInt8, offset: Int, file: String, line: Int) -> Diagnostic {
    Diagnostic(
        .error, code: "encoding.undefined-byte",
        "Byte 0x\(String(byte, radix: 16, uppercase: true)) at byte offset \(offset) is neither UTF-8 nor Windows-1252 text. Save the file as UTF-8 and check this line.",
        at: SourceLocation(file: file, line: line))
}

/// The error for a data row of the long layout that ends before its value column.
func shortRowDiagnostic(cells: Int, valueColumn: Int, file: String, line: Int) -> Diagnostic {
    Diagnostic(
        .error, code: "statistics.short-row",
        "This row has \(cells) cells; the value is in column \(columnName(valueColumn + 1, file: file)).",
        at: SourceLocation(file: file, line: line))
}

/// A 1-based column as a message names it: its letters in a workbook's sheet (`F`), else its number.
func columnName(_ column: Int, file: String) -> String {
    SourceLocation(file: file).isSheet ? SourceLocation.columnName(column) : "\(column)"
}
