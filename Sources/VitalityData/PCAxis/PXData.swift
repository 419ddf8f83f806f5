import VitalityModel

/// The bytes of a PC-Axis file around `DATA=`: where the statements end, and the values after
/// it, scanned without decoding (they are ASCII in every code page). A value is a number or a
/// quoted symbol (`".."`, `"-"`); values are separated by white space or commas; `;` ends them.
enum PXData {
    /// The offset just after the `=` of the `DATA=` statement, nil when there is none. Quoted
    /// texts are skipped, so `"DATA="` inside a note is not taken for it; a quote never occurs
    /// inside a multi-byte UTF-8 character or in the single-byte code pages' other letters.
    static func start(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        var statementStart = true
        var quoted = false
        while i < buffer.count {
            let byte = buffer[i]
            if quoted {
                if byte == 0x22 { quoted = false }
            } else if byte == 0x22 {
                quoted = true
                statementStart = false
            } else if byte == UInt8(ascii: ";") {
                statementStart = true
            } else if isSpace(byte) {
                // white space keeps a statement's start
            } else if statementStart {
                statementStart = false
                if i + 4 <= buffer.count, buffer[i] == 0x44, buffer[i + 1] == 0x41, buffer[i + 2] == 0x54, buffer[i + 3] == 0x41 {
                    var j = i + 4
                    while j < buffer.count, isSpace(buffer[j]) { j += 1 }
                    if j < buffer.count, buffer[j] == UInt8(ascii: "=") { return j + 1 }
                }
            }
            i += 1
        }
        return nil
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// One value: `start..<end` without the quotes, and where it stands: its 1-based line, and
    /// its place on the line counted in values (as a CSV column counts cells), which is the
    /// column its diagnostics name and lets the store keep a row of years as one run.
    struct Value {
        var start: Int
        var end: Int
        var quoted: Bool
        var line: Int
        var column: Int
    }

    /// The values of `buffer[start...]` (the bytes after `DATA=`, which stand at `line`,
    /// `column`), one `next()` at a time: an iterator rather than a callback, so that the
    /// reader's loop keeps its state in locals (a closure capturing it cost a copy a cell).
    struct Cursor {
        let buffer: UnsafeBufferPointer<UInt8>
        let file: String
        var i: Int
        var line: Int
        var ordinal = 0
        /// The offset the current line's column 1 stands at (negative on the `DATA=` line).
        var lineStart: Int
        /// Set when `next()` returned nil: nil when the values ended with `;` and only white
        /// space follows, else the `px.syntax` error.
        var error: Diagnostic?

        init(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, column: Int, file: String) {
            self.buffer = buffer
            self.file = file
            i = start
            self.line = line
            lineStart = start - (column - 1)
        }

        func failure(_ expected: String, at offset: Int, line: Int, found: String) -> Diagnostic {
            Diagnostic(
                .error, code: "px.syntax", "Expected \(expected) in the PC-Axis file, found \(found).",
                at: SourceLocation(file: file, line: line, column: offset - lineStart + 1))
        }

        /// The next value; nil at the closing `;` or at an error (`error`).
        @inline(__always)
        mutating func next() -> Value? {
            while i < buffer.count {
                let byte = buffer[i]
                if byte == 0x0A {
                    line += 1
                    i += 1
                    lineStart = i
                    ordinal = 0
                    continue
                }
                if byte == 0x20 || byte == 0x0D || byte == 0x09 || byte == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                if byte == UInt8(ascii: ";") {
                    end()
                    return nil
                }
                ordinal += 1
                if byte == 0x22 {
                    var j = i + 1
                    while j < buffer.count, buffer[j] != 0x22, buffer[j] != 0x0A { j += 1 }
                    guard j < buffer.count, buffer[j] == 0x22 else {
                        error = failure(
                            "`\"` closing the symbol opened at line \(line), column \(i - lineStart + 1), on its line", at: j, line: line,
                            found: j < buffer.count ? "the end of the line" : "the end of the file")
                        i = buffer.count
                        return nil
                    }
                    let value = Value(start: i + 1, end: j, quoted: true, line: line, column: ordinal)
                    i = j + 1
                    return value
                }
                var j = i + 1
                while j < buffer.count {
                    let next = buffer[j]
                    if next == 0x20 || next == 0x0A || next == 0x0D || next == 0x09 || next == UInt8(ascii: ",")
                        || next == UInt8(ascii: ";") || next == 0x22
                    {
                        break
                    }
                    j += 1
                }
                let value = Value(start: i, end: j, quoted: false, line: line, column: ordinal)
                i = j
                return value
            }
            error = failure("`;` at the end of `DATA`", at: i, line: line, found: "the end of the file")
            return nil
        }

        /// At the closing `;`: only white space may follow.
        private mutating func end() {
            var j = i + 1
            while j < buffer.count, isSpace(buffer[j]) { j += 1 }
            if j != buffer.count {
                let trailingLine = line + buffer[(i + 1)..<j].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
                if trailingLine != line { lineStart = (buffer[..<j].lastIndex(of: 0x0A) ?? -1) + 1 }
                error = failure("nothing after `DATA`'s closing `;`", at: j, line: trailingLine, found: "more text")
            }
            i = buffer.count
        }
    }
}
