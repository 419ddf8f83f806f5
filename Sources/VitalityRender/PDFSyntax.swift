/// A value of PDF's object syntax (ISO 32000-1 §7.3) with the bytes it was read from, so that
/// an update can change one entry of a dictionary and copy every other byte as it was.
struct PDFNode {
    indirect enum Value {
        case null
        case boolean(Bool)
        /// The integer, or nil for a real number (never changed, only copied).
        case number(Int?)
        case reference(Int)
        case name(String)
        /// The string's bytes, escapes resolved.
        case string([UInt8])
        case array([PDFNode])
        case dictionary(PDFDictionary)
    }

    var value: Value
    /// Where the value stands in the file.
    var span: Range<Int>

    var dictionary: PDFDictionary? {
        if case .dictionary(let dictionary) = value { return dictionary }
        return nil
    }

    var reference: Int? {
        if case .reference(let number) = value { return number }
        return nil
    }

    var name: String? {
        if case .name(let name) = value { return name }
        return nil
    }

    var string: [UInt8]? {
        if case .string(let bytes) = value { return bytes }
        return nil
    }

    /// The references this value holds: itself, or the elements of an array that are references.
    var references: [Int] {
        switch value {
        case .reference(let number): [number]
        case .array(let elements): elements.compactMap(\.reference)
        default: []
        }
    }
}

/// A dictionary's entries in file order, and where its closing `>>` is.
struct PDFDictionary {
    var entries: [(key: String, value: PDFNode)]
    /// Offset of the closing `>>` in the file.
    var close: Int

    subscript(key: String) -> PDFNode? {
        entries.first { $0.key == key }?.value
    }
}

/// Reads PDF objects from a file's bytes: the tokens of §7.2–7.3 (comments, names with `#`
/// escapes, literal strings with nesting and escapes, hex strings, numbers, `n g R`
/// references, arrays and dictionaries, nested at most 64 deep).
struct PDFSyntaxReader {
    let bytes: [UInt8]
    var position: Int
    private var depth = 0

    init(_ bytes: [UInt8], at position: Int) {
        self.bytes = bytes
        self.position = position
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "/"), UInt8(ascii: "%"):
            true
        default:
            false
        }
    }

    private func peek(_ offset: Int = 0) -> UInt8? {
        let index = position + offset
        return index < bytes.count ? bytes[index] : nil
    }

    mutating func skipSpace() {
        while let byte = peek() {
            if Self.isWhitespace(byte) {
                position += 1
            } else if byte == UInt8(ascii: "%") {
                while let next = peek(), next != 0x0A, next != 0x0D { position += 1 }
            } else {
                return
            }
        }
    }

    /// The regular characters from here: a keyword, a number or a name's text.
    private mutating func regularRun() -> [UInt8] {
        let start = position
        while let byte = peek(), !Self.isWhitespace(byte), !Self.isDelimiter(byte) { position += 1 }
        return Array(bytes[start..<position])
    }

    /// The next keyword (`obj`, `n`, `trailer` …), or "" when a delimiter comes first.
    mutating func keyword() -> String {
        skipSpace()
        return String(decoding: regularRun(), as: UTF8.self)
    }

    /// Reads `keyword` (`obj`, `endobj`, `trailer` …) or throws.
    mutating func expect(_ keyword: String) throws(RenderError) {
        skipSpace()
        let start = position
        guard regularRun() == Array(keyword.utf8) else {
            throw RenderError("expected `\(keyword)` at offset \(start) of the PDF")
        }
    }

    /// An unsigned integer token, or nil (position unchanged).
    mutating func integer() -> Int? {
        skipSpace()
        let start = position
        let run = regularRun()
        guard !run.isEmpty, run.count <= 18, run.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            position = start
            return nil
        }
        return run.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    mutating func value() throws(RenderError) -> PDFNode {
        skipSpace()
        let start = position
        guard let byte = peek() else { throw RenderError("the PDF ends inside an object") }
        switch byte {
        case UInt8(ascii: "/"):
            position += 1
            return PDFNode(value: .name(Self.decodeName(regularRun())), span: start..<position)
        case UInt8(ascii: "("):
            let text = try literalString()
            return PDFNode(value: .string(text), span: start..<position)
        case UInt8(ascii: "<") where peek(1) == UInt8(ascii: "<"):
            return try nested(start) { (reader: inout PDFSyntaxReader) throws(RenderError) in try reader.dictionaryBody(start) }
        case UInt8(ascii: "<"):
            let text = try hexString()
            return PDFNode(value: .string(text), span: start..<position)
        case UInt8(ascii: "["):
            return try nested(start) { (reader: inout PDFSyntaxReader) throws(RenderError) in try reader.arrayBody(start) }
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return number(start)
        default:
            switch String(decoding: regularRun(), as: UTF8.self) {
            case "true": return PDFNode(value: .boolean(true), span: start..<position)
            case "false": return PDFNode(value: .boolean(false), span: start..<position)
            case "null": return PDFNode(value: .null, span: start..<position)
            default: throw RenderError("unexpected token at offset \(start) of the PDF")
            }
        }
    }

    private mutating func nested(_ start: Int, _ body: (inout PDFSyntaxReader) throws(RenderError) -> PDFNode) throws(RenderError) -> PDFNode {
        guard depth < 64 else { throw RenderError("objects nested deeper than 64 at offset \(start) of the PDF") }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func dictionaryBody(_ start: Int) throws(RenderError) -> PDFNode {
        position += 2
        var entries: [(key: String, value: PDFNode)] = []
        while true {
            skipSpace()
            if peek() == UInt8(ascii: ">"), peek(1) == UInt8(ascii: ">") {
                let close = position
                position += 2
                return PDFNode(value: .dictionary(PDFDictionary(entries: entries, close: close)), span: start..<position)
            }
            let keyStart = position
            guard let key = try value().name else { throw RenderError("a dictionary key is not a name at offset \(keyStart) of the PDF") }
            entries.append((key, try value()))
        }
    }

    private mutating func arrayBody(_ start: Int) throws(RenderError) -> PDFNode {
        position += 1
        var elements: [PDFNode] = []
        while true {
            skipSpace()
            if peek() == UInt8(ascii: "]") {
                position += 1
                return PDFNode(value: .array(elements), span: start..<position)
            }
            elements.append(try value())
        }
    }

    /// A number, or `n g R` when two unsigned integers and `R` follow each other.
    private mutating func number(_ start: Int) -> PDFNode {
        let run = regularRun()
        let digits = run.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let whole = digits && run.count <= 18 ? run.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } : nil
        if let whole {
            let end = position
            if integer() != nil {
                skipSpace()
                if peek() == UInt8(ascii: "R"), peek(1).map({ Self.isWhitespace($0) || Self.isDelimiter($0) }) ?? true {
                    position += 1
                    return PDFNode(value: .reference(whole), span: start..<position)
                }
            }
            position = end
        }
        return PDFNode(value: .number(whole), span: start..<position)
    }

    private mutating func literalString() throws(RenderError) -> [UInt8] {
        let start = position
        position += 1
        var text: [UInt8] = []
        var open = 1
        while let byte = peek() {
            position += 1
            switch byte {
            case UInt8(ascii: "\\"):
                guard let escaped = peek() else { break }
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var code = Int(escaped - UInt8(ascii: "0"))
                    for _ in 0..<2 {
                        guard let digit = peek(), digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "7") else { break }
                        code = code * 8 + Int(digit - UInt8(ascii: "0"))
                        position += 1
                    }
                    text.append(UInt8(truncatingIfNeeded: code))
                case 0x0D:
                    if peek() == 0x0A { position += 1 }
                case 0x0A:
                    break
                default:
                    text.append(escaped)
                }
            case UInt8(ascii: "("):
                open += 1
                text.append(byte)
            case UInt8(ascii: ")"):
                open -= 1
                if open == 0 { return text }
                text.append(byte)
            default:
                text.append(byte)
            }
        }
        throw RenderError("a string at offset \(start) of the PDF is not closed")
    }

    private mutating func hexString() throws(RenderError) -> [UInt8] {
        let start = position
        position += 1
        var nibbles: [UInt8] = []
        while let byte = peek() {
            position += 1
            if byte == UInt8(ascii: ">") {
                if nibbles.count % 2 == 1 { nibbles.append(0) }
                return stride(from: 0, to: nibbles.count, by: 2).map { nibbles[$0] << 4 | nibbles[$0 + 1] }
            }
            if Self.isWhitespace(byte) { continue }
            guard let nibble = Self.hexValue(byte) else { throw RenderError("a hex string at offset \(start) of the PDF holds `\(byte)`") }
            nibbles.append(nibble)
        }
        throw RenderError("a hex string at offset \(start) of the PDF is not closed")
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A name's text with `#xx` escapes resolved (Latin-1 for bytes beyond ASCII).
    static func decodeName(_ run: [UInt8]) -> String {
        var decoded: [UInt8] = []
        var index = 0
        while index < run.count {
            if run[index] == UInt8(ascii: "#"), index + 2 < run.count,
                let high = hexValue(run[index + 1]), let low = hexValue(run[index + 2])
            {
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(run[index])
                index += 1
            }
        }
        return String(decoded.map { Character(Unicode.Scalar($0)) })
    }
}
