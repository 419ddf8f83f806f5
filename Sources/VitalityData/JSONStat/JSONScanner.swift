import VitalityModel

/// JSON text (RFC 8259) scanned as bytes for the JSON-stat reader: members become a small tree,
/// except that the cells of a dataset's `value` are left in place (`skip`) and streamed later
/// (`JSONStatReader`), so a table of millions of cells never exists as a tree.
///
/// Hand-written because Foundation's `JSONDecoder` decodes the whole `value` array first:
/// `scripts/bench-px.sh` (the `jsondecoder` step) measured it on the 4.6 M cells of
/// `gen_data.py --scale` at 0.57 M cells/s with a peak of 294 MB (12 × the file), against
/// 69 MB for the CSV reader of the same rows; and its errors name no line or column.
struct JSONScanner {
    /// A JSON value; numbers keep their bytes (`start..<end`) so they are read by the same
    /// `NumberParsing` as CSV cells.
    indirect enum Value {
        case null
        case bool(Bool)
        case number(start: Int, end: Int)
        case string(String)
        case array([Value])
        case object([String: Value])
        /// A value scanned but not kept (`skip`), at its first byte.
        case skipped(start: Int)
    }

    struct Failure: Error {
        var diagnostic: Diagnostic
    }

    let buffer: UnsafeBufferPointer<UInt8>
    let file: String
    var index = 0
    /// Lines of the text, found only when a failure is reported.
    let lines: LineIndex
    /// Deeper nesting is refused: JSON-stat needs five levels, and recursion must stay bounded.
    static let maximumDepth = 64

    init(_ buffer: UnsafeBufferPointer<UInt8>, file: String, lines: LineIndex? = nil) {
        self.buffer = buffer
        self.file = file
        self.lines = lines ?? LineIndex(buffer)
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { index = 3 }
    }

    func failure(_ expected: String) -> Failure {
        let found: String
        if index >= buffer.count {
            found = "the end of the file"
        } else if buffer[index] >= 0x21, buffer[index] < 0x7F {
            found = "`\(Character(Unicode.Scalar(buffer[index])))`"
        } else {
            found = String(format: "byte 0x%02X", buffer[index])
        }
        return Failure(
            diagnostic: Diagnostic(
                .error, code: "jsonstat.syntax", "Expected \(expected) in the JSON file, found \(found).",
                at: lines.location(of: index, file: file)))
    }

    mutating func skipSpace() {
        while index < buffer.count {
            switch buffer[index] {
            case 0x20, 0x0A, 0x09, 0x0D: index += 1
            default: return
            }
        }
    }

    /// The byte after white space, without taking it.
    mutating func peek() -> UInt8? {
        skipSpace()
        return index < buffer.count ? buffer[index] : nil
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        guard peek() == byte else { throw failure(what) }
        index += 1
    }

    /// The whole text as one value, nothing but white space after it. Members named in `skip`
    /// of the outermost object are scanned (so the syntax is checked) but not kept.
    mutating func document(skip: Set<String>) throws(Failure) -> Value {
        let value = try self.value(depth: 0, skip: skip)
        guard peek() == nil else { throw failure("the end of the file after the JSON value") }
        return value
    }

    mutating func value(depth: Int, skip: Set<String> = [], keep: Bool = true) throws(Failure) -> Value {
        guard depth < Self.maximumDepth else { throw failure("at most \(Self.maximumDepth) nested arrays and objects") }
        guard let byte = peek() else { throw failure("a JSON value") }
        let start = index
        switch byte {
        case UInt8(ascii: "{"):
            index += 1
            var members: [String: Value] = [:]
            if peek() == UInt8(ascii: "}") {
                index += 1
                return keep ? .object(members) : .skipped(start: start)
            }
            repeat {
                guard peek() == 0x22 else { throw failure("a quoted member name") }
                let keyOffset = index
                let key = try string()
                try expect(UInt8(ascii: ":"), "`:` after a member name")
                let member = try value(depth: depth + 1, keep: keep && !skip.contains(key))
                if keep {
                    guard members[key] == nil else {
                        throw Failure(
                            diagnostic: Diagnostic(
                                .error, code: "jsonstat.syntax", "The member `\(excerpt(key))` is given twice in one object.",
                                at: lines.location(of: keyOffset, file: file)))
                    }
                    members[key] = member
                }
            } while try separator(closing: UInt8(ascii: "}"))
            return keep ? .object(members) : .skipped(start: start)
        case UInt8(ascii: "["):
            index += 1
            var elements: [Value] = []
            if peek() == UInt8(ascii: "]") {
                index += 1
                return keep ? .array(elements) : .skipped(start: start)
            }
            repeat {
                let element = try value(depth: depth + 1, keep: keep)
                if keep { elements.append(element) }
            } while try separator(closing: UInt8(ascii: "]"))
            return keep ? .array(elements) : .skipped(start: start)
        case 0x22:
            let text = try string()
            return keep ? .string(text) : .skipped(start: start)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            for (word, value) in [("true", Value.bool(true)), ("false", .bool(false)), ("null", .null)] where matches(word) {
                index += word.utf8.count
                return keep ? value : .skipped(start: start)
            }
            throw failure("a JSON value")
        default:
            let (numberStart, numberEnd) = try number()
            return keep ? .number(start: numberStart, end: numberEnd) : .skipped(start: start)
        }
    }

    /// Moves into the current value's member `key` or element `index`, at its first byte;
    /// false (anywhere) when the value is no such object or array or lacks it.
    mutating func enter(_ step: JSONPath.Step) -> Bool {
        do {
            switch step {
            case .key(let name):
                try expect(UInt8(ascii: "{"), "`{`")
                guard peek() != UInt8(ascii: "}") else { return false }
                repeat {
                    guard peek() == 0x22 else { return false }
                    let key = try string()
                    try expect(UInt8(ascii: ":"), "`:`")
                    if key == name {
                        _ = peek()
                        return true
                    }
                    _ = try value(depth: 1, keep: false)
                } while try separator(closing: UInt8(ascii: "}"))
            case .index(let position):
                try expect(UInt8(ascii: "["), "`[`")
                guard peek() != UInt8(ascii: "]") else { return false }
                var at = 0
                repeat {
                    if at == position {
                        _ = peek()
                        return true
                    }
                    _ = try value(depth: 1, keep: false)
                    at += 1
                } while try separator(closing: UInt8(ascii: "]"))
            }
        } catch {
            return false
        }
        return false
    }

    func matches(_ word: String) -> Bool {
        let bytes = word.utf8
        guard index + bytes.count <= buffer.count else { return false }
        return zip(buffer[index..<(index + bytes.count)], bytes).allSatisfy { $0 == $1 }
    }

    /// After an element: true for `,` (another follows), false for `closing`.
    mutating func separator(closing: UInt8) throws(Failure) -> Bool {
        switch peek() {
        case UInt8(ascii: ","):
            index += 1
            return true
        case closing:
            index += 1
            return false
        default:
            throw failure("`,` or `\(Character(Unicode.Scalar(closing)))`")
        }
    }

    /// A number as JSON writes it: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    mutating func number() throws(Failure) -> (start: Int, end: Int) {
        let start = index
        func digits() -> Int {
            let first = index
            while index < buffer.count, buffer[index] >= 0x30, buffer[index] <= 0x39 { index += 1 }
            return index - first
        }
        if index < buffer.count, buffer[index] == UInt8(ascii: "-") { index += 1 }
        let leadingZero = index < buffer.count && buffer[index] == 0x30
        let integer = digits()
        guard integer > 0, !(leadingZero && integer > 1) else {
            index = start
            throw failure("a JSON value")
        }
        if index < buffer.count, buffer[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw failure("a digit after the decimal point") }
        }
        if index < buffer.count, buffer[index] == UInt8(ascii: "e") || buffer[index] == UInt8(ascii: "E") {
            index += 1
            if index < buffer.count, buffer[index] == UInt8(ascii: "+") || buffer[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw failure("a digit of the exponent") }
        }
        return (start, index)
    }

    /// A quoted string with its escapes resolved; the text must be UTF-8.
    mutating func string() throws(Failure) -> String {
        index += 1
        var bytes: [UInt8] = []
        while true {
            guard index < buffer.count else { throw failure("`\"` closing the string") }
            let byte = buffer[index]
            if byte == 0x22 {
                index += 1
                break
            }
            guard byte >= 0x20 else { throw failure("`\"` closing the string (a control character must be escaped)") }
            if byte != UInt8(ascii: "\\") {
                bytes.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < buffer.count else { throw failure("an escape after `\\`") }
            let escape = buffer[index]
            index += 1
            switch escape {
            case 0x22, UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escape)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), matches("\\u") {
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("the low surrogate of a `\\u` pair") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                // A lone surrogate is no character: U+FFFD, as a decoder of the text would give.
                TextDecoding.appendUTF8((0xD800..<0xE000).contains(scalar) ? 0xFFFD : scalar, to: &bytes)
            default:
                index -= 1
                throw failure("one of `\"` `\\` `/` `b` `f` `n` `r` `t` `u` after `\\`")
            }
        }
        if let offset = TextDecoding.firstInvalidUTF8Offset(bytes) {
            throw failure("UTF-8 text (byte \(offset + 1) of the string before this is not)")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func hex4() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < buffer.count else { throw failure("four hexadecimal digits after `\\u`") }
            let byte = buffer[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw failure("four hexadecimal digits after `\\u`")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
