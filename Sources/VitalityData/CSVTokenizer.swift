import Foundation
import VitalityModel

/// One cell of a CSV record: a byte range into the table's UTF-8 text (inside the quotes for a
/// quoted field). `column` is the 1-based field index within its record, not a character offset.
/// Stored in 16 bytes, so files are limited to 4 GiB and records to 65 535 fields.
package struct CSVField: Sendable, Hashable {
    private var storedStart: UInt32
    private var storedEnd: UInt32
    private var storedColumn: UInt32
    private var flags: UInt8

    package init(start: Int, end: Int, column: Int, quoted: Bool, hasDoubledQuotes: Bool) {
        storedStart = UInt32(truncatingIfNeeded: start)
        storedEnd = UInt32(truncatingIfNeeded: end)
        storedColumn = UInt32(truncatingIfNeeded: column)
        flags = (quoted ? 1 : 0) | (hasDoubledQuotes ? 2 : 0)
    }

    package var start: Int { Int(storedStart) }
    package var end: Int { Int(storedEnd) }
    package var column: Int { Int(storedColumn) }
    package var quoted: Bool { flags & 1 != 0 }
    /// The content holds doubled quotes (`""`) that decode to one quote.
    var hasDoubledQuotes: Bool { flags & 2 != 0 }

    package var isEmpty: Bool { storedStart == storedEnd }
}

/// One record of a CSV file: its 1-based starting line and the range of its fields in the
/// table's flat field array. A record with quoted newlines spans several lines.
package struct CSVRecord: Sendable, Hashable {
    package var line: Int
    var fieldRange: Range<Int>
    var fieldCount: Int { fieldRange.count }
}

/// A tokenized CSV file. Fields stay byte ranges into `bytes`; text is decoded only on request.
package struct CSVTable: Sendable {
    package var bytes: [UInt8]
    package var delimiter: UInt8
    package var records: [CSVRecord]
    package var fields: [CSVField]

    var delimiterCharacter: Character { Character(Unicode.Scalar(delimiter)) }

    package func fields(of record: CSVRecord) -> ArraySlice<CSVField> { fields[record.fieldRange] }

    /// The field at a 0-based index of a record, nil when the record is shorter.
    package func field(_ record: CSVRecord, _ index: Int) -> CSVField? {
        index < record.fieldCount ? fields[record.fieldRange.lowerBound + index] : nil
    }

    /// The decoded text of a field, with doubled quotes undone.
    package func text(_ field: CSVField) -> String {
        bytes.withUnsafeBufferPointer { Self.text($0, field) }
    }

    /// The decoded text of a field of a UTF-8 buffer, with doubled quotes undone.
    static func text(_ buffer: UnsafeBufferPointer<UInt8>, _ field: CSVField) -> String {
        let raw = String(decoding: buffer[field.start..<field.end], as: UTF8.self)
        return field.hasDoubledQuotes ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
    }

    /// The decoded text of a field with surrounding white space removed.
    func trimmedText(_ field: CSVField) -> String { text(field).trimmedCSV }

    /// The texts of a record's fields, trimmed.
    package func texts(_ record: CSVRecord) -> [String] { fields(of: record).map(trimmedText) }

    /// True when every field of the record is empty or white space.
    func isBlank(_ record: CSVRecord) -> Bool { fields(of: record).allSatisfy(isBlank) }

    /// True when the field is empty or only spaces and tabs.
    func isBlank(_ field: CSVField) -> Bool {
        bytes.withUnsafeBufferPointer { VitalityData.isBlank($0, field) }
    }
}

extension String {
    /// Trimmed of spaces, tabs, no-break spaces and line breaks.
    var trimmedCSV: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}

/// RFC 4180 tokenizer over UTF-8 bytes with per-file delimiter detection.
package enum CSVTokenizer {
    /// Candidate delimiters in order of preference when equally consistent.
    static let candidateDelimiters: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), 0x09, 0x20]

    /// Picks the delimiter whose count outside quotes is most consistent over the first lines
    /// (the most lines sharing the same non-zero count); `,` when no candidate occurs.
    package static func detectDelimiter(_ bytes: some Collection<UInt8>, sampleLines: Int = 30) -> UInt8 {
        var counts: [[Int]] = Array(repeating: [], count: candidateDelimiters.count)
        var current = Array(repeating: 0, count: candidateDelimiters.count)
        var inQuotes = false
        var lineHasContent = false
        var lines = 0
        func endLine() {
            if lineHasContent {
                for k in current.indices { counts[k].append(current[k]) }
                lines += 1
            }
            current = Array(repeating: 0, count: candidateDelimiters.count)
            lineHasContent = false
        }
        for byte in bytes {
            guard lines < sampleLines else { break }
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
                lineHasContent = true
            } else if !inQuotes, byte == 0x0A || byte == 0x0D {
                endLine()
            } else if !inQuotes {
                if let k = candidateDelimiters.firstIndex(of: byte) { current[k] += 1 }
                if byte != 0x20 { lineHasContent = true }
            }
        }
        if lines < sampleLines { endLine() }
        var best: (index: Int, score: Int, mode: Int)?
        for k in candidateDelimiters.indices {
            var frequency: [Int: Int] = [:]
            for count in counts[k] where count > 0 { frequency[count, default: 0] += 1 }
            guard let (mode, score) = frequency.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { continue }
            if best == nil || score > (best?.score ?? 0) { best = (k, score, mode) }
        }
        return best.map { candidateDelimiters[$0.index] } ?? UInt8(ascii: ",")
    }

    /// Splits UTF-8 text into records and fields. An unterminated quote is reported as
    /// `csv.unterminated-quote` at the line and column of its opening quote; the rest of that
    /// line is then read as if the quote were a plain character, so later rows survive.
    package static func tokenize(_ bytes: [UInt8], delimiter: UInt8? = nil, file: String) -> (table: CSVTable, diagnostics: [Diagnostic]) {
        guard bytes.count < Int(UInt32.max) else {
            return (
                CSVTable(bytes: [], delimiter: delimiter ?? UInt8(ascii: ","), records: [], fields: []),
                [
                    Diagnostic(
                        .error, code: "csv.file-too-large", "The file is larger than 4 GiB; split it into several files.",
                        at: SourceLocation(file: file))
                ]
            )
        }
        let delimiter = delimiter ?? detectDelimiter(bytes)
        var records: [CSVRecord] = []
        var fields: [CSVField] = []
        var diagnostics: [Diagnostic] = []
        fields.reserveCapacity(bytes.count / 6)

        bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            var line = 1
            while i < buffer.count {
                let recordLine = line
                let firstField = fields.count
                scanRecord(buffer, at: &i, line: &line, delimiter: delimiter, into: &fields, diagnostics: &diagnostics, file: file)
                records.append(CSVRecord(line: recordLine, fieldRange: firstField..<fields.count))
            }
        }
        return (CSVTable(bytes: bytes, delimiter: delimiter, records: records, fields: fields), diagnostics)
    }

    /// Reads one record starting at `i` (which must be before the end), appending its fields and
    /// advancing `i` past the line break and `line` by the lines it spans.
    static func scanRecord(
        _ buffer: UnsafeBufferPointer<UInt8>, at i: inout Int, line: inout Int, delimiter: UInt8,
        into fields: inout [CSVField], diagnostics: inout [Diagnostic], file: String
    ) {
        let quote = UInt8(ascii: "\"")
        let cr: UInt8 = 0x0D
        let lf: UInt8 = 0x0A
        let count = buffer.count
        var column = 1
        while true {
            if i < count, buffer[i] == quote {
                let openLine = line
                var j = i + 1
                var doubled = false
                var closed = false
                var newlines = 0
                while j < count {
                    let byte = buffer[j]
                    if byte == quote {
                        if j + 1 < count, buffer[j + 1] == quote {
                            doubled = true
                            j += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    if byte == lf { newlines += 1 }
                    j += 1
                }
                if closed {
                    fields.append(CSVField(start: i + 1, end: j, column: column, quoted: true, hasDoubledQuotes: doubled))
                    line += newlines
                    i = j + 1
                    if i < count, buffer[i] != delimiter, buffer[i] != lf, buffer[i] != cr {
                        diagnostics.append(
                            Diagnostic(
                                .warning, code: "csv.text-after-quote",
                                "Text follows the closing quote of field \(column); it was ignored. Put the whole cell inside the quotes.",
                                at: SourceLocation(file: file, line: line, column: column)))
                        while i < count, buffer[i] != delimiter, buffer[i] != lf, buffer[i] != cr { i += 1 }
                    }
                } else {
                    diagnostics.append(
                        Diagnostic(
                            .error, code: "csv.unterminated-quote",
                            "The quote that opens field \(column) is never closed, so the rest of the file would be one cell. Close the quote or remove it.",
                            at: SourceLocation(file: file, line: openLine, column: column)))
                    var k = i
                    while k < count, buffer[k] != delimiter, buffer[k] != lf, buffer[k] != cr { k += 1 }
                    fields.append(CSVField(start: i, end: k, column: column, quoted: false, hasDoubledQuotes: false))
                    i = k
                }
            } else {
                var k = i
                while k < count {
                    let byte = buffer[k]
                    if byte == delimiter || byte == lf || byte == cr { break }
                    k += 1
                }
                fields.append(CSVField(start: i, end: k, column: column, quoted: false, hasDoubledQuotes: false))
                i = k
            }
            if i >= count { return }
            if buffer[i] == delimiter {
                i += 1
                column += 1
            } else {
                if buffer[i] == cr, i + 1 < count, buffer[i + 1] == lf { i += 1 }
                i += 1
                line += 1
                return
            }
        }
    }
}
