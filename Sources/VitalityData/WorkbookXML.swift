#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a part of a workbook could not be read; `code` is the diagnostic's.
struct WorkbookError: Error, Equatable {
    var code: String
    var message: String
}

/// The tags, text and ends of an XML part, as `XMLScanner` finds them.
protocol XMLEventHandler {
    mutating func start(_ tag: XMLTag) throws(WorkbookError)
    /// The end of an element (also right after the start of a self-closing one).
    mutating func end(_ name: XMLName) throws(WorkbookError)
    /// Character data with entities and character references decoded, in one or more pieces.
    mutating func text(_ text: UnsafeBufferPointer<UInt8>) throws(WorkbookError)
    /// Reads a whole element that starts at `start` (a `<`) of `buffer` in one step, when the
    /// handler knows its shape, instead of as the events the scanner would deliver for it; the
    /// bytes read, or 0 to leave it to the scanner. Only an element that is well-formed and
    /// complete in `buffer` may be taken, and with the effect its events would have.
    mutating func element(_ buffer: UnsafeBufferPointer<UInt8>, at start: Int) throws(WorkbookError) -> Int
}

extension XMLEventHandler {
    func element(_ buffer: UnsafeBufferPointer<UInt8>, at start: Int) throws(WorkbookError) -> Int { 0 }
}

/// An element name as written (`c`, `x:c`); compared by its local part, so that a writer's
/// namespace prefix does not matter.
struct XMLName {
    var bytes: UnsafeBufferPointer<UInt8>

    /// The part after the last `:`.
    var local: UnsafeBufferPointer<UInt8> {
        var index = bytes.count
        while index > 0 {
            index -= 1
            if bytes[index] == UInt8(ascii: ":") { return UnsafeBufferPointer(rebasing: bytes[(index + 1)...]) }
        }
        return bytes
    }

    func `is`(_ name: StaticString) -> Bool { XMLName.equal(local, name) }

    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        let other = name.utf8Start
        for index in 0..<bytes.count where bytes[index] != other[index] { return false }
        return true
    }
}

/// A start tag: its name and its attributes, read on request (only the few a handler asks for).
struct XMLTag {
    var name: XMLName
    /// The bytes between the name and `>` (or `/>`).
    var attributes: UnsafeBufferPointer<UInt8>

    func `is`(_ local: StaticString) -> Bool { name.is(local) }

    /// The raw value (entities not decoded) of the attribute whose local name is `local`; with
    /// `prefixed`, only an attribute that has a prefix (`r:id`, not `id`).
    func raw(_ local: StaticString, prefixed: Bool = false) -> UnsafeBufferPointer<UInt8>? {
        var found: UnsafeBufferPointer<UInt8>?
        forEachAttribute { name, value in
            guard name.is(local), !prefixed || name.bytes.contains(UInt8(ascii: ":")) else { return true }
            found = value
            return false
        }
        return found
    }

    /// Calls `body` with each attribute's name and raw value until it returns false (a
    /// malformed attribute ends the list).
    func forEachAttribute(_ body: (XMLName, UnsafeBufferPointer<UInt8>) -> Bool) {
        let bytes = attributes
        var i = 0
        let count = bytes.count
        while i < count {
            while i < count, XMLBytes.isSpace(bytes[i]) { i += 1 }
            let nameStart = i
            while i < count, bytes[i] != UInt8(ascii: "="), !XMLBytes.isSpace(bytes[i]) { i += 1 }
            let attributeName = XMLName(bytes: UnsafeBufferPointer(rebasing: bytes[nameStart..<i]))
            while i < count, XMLBytes.isSpace(bytes[i]) { i += 1 }
            guard i < count, bytes[i] == UInt8(ascii: "=") else { return }
            i += 1
            while i < count, XMLBytes.isSpace(bytes[i]) { i += 1 }
            guard i < count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else { return }
            let quote = bytes[i]
            i += 1
            let valueStart = i
            while i < count, bytes[i] != quote { i += 1 }
            guard i < count else { return }
            let value = UnsafeBufferPointer(rebasing: bytes[valueStart..<i])
            i += 1
            guard body(attributeName, value) else { return }
        }
    }

    /// The decoded value of an attribute.
    func value(_ local: StaticString, prefixed: Bool = false) throws(WorkbookError) -> String? {
        guard let raw = raw(local, prefixed: prefixed) else { return nil }
        var decoded: [UInt8] = []
        try XMLBytes.decode(raw, into: &decoded)
        return String(decoding: decoded, as: UTF8.self)
    }
}

/// A push scanner of the XML that workbook parts are written in: bytes go in as they are
/// inflated (`feed`), tags and text come out to a handler, so a sheet of hundreds of megabytes
/// never exists in memory whole. It knows elements, attributes, text, CDATA, comments and
/// processing instructions, the five predefined entities and character references. A
/// document type declaration is refused (`xlsx.xml-doctype`): it is how entity expansion
/// ("billion laughs") and external entities get into XML, and no workbook part has one.
///
/// Hand-written rather than Foundation's `XMLParser`: `vitality-bench xlsx-xml` measures both
/// on the same sheet (README, "Performance"); the library's delegate calls build strings and
/// attribute dictionaries for every cell and fall far short of the reader's speed goal.
struct XMLScanner<Handler: XMLEventHandler> {
    var handler: Handler
    /// Bytes of one tag or text run the scanner holds at most while it waits for its end.
    var tokenLimit = 8 << 20
    private var pending: [UInt8] = []
    /// Bytes of a piece that complete a token left unfinished by the piece before (`feed`).
    private static var bridgeBytes: Int { 4096 }
    private var scratch: [UInt8] = []
    private var depth = 0
    private(set) var sawRoot = false
    private var started = false

    init(handler: Handler) { self.handler = handler }

    /// Scans `bytes`, the next piece of the part.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(WorkbookError) {
        var piece = bytes.assumingMemoryBound(to: UInt8.self)
        if started, !pending.isEmpty, piece.count > Self.bridgeBytes {
            // The token the last piece ended in nearly always ends early in this one: it is
            // completed from the start of this piece, and the rest is scanned where it is
            // rather than copied after it.
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: piece[..<Self.bridgeBytes]))
            try scan(final: false)
            guard pending.count <= Self.bridgeBytes else {
                // A token longer than that: the rest of the piece joins it.
                pending.append(contentsOf: UnsafeBufferPointer(rebasing: piece[Self.bridgeBytes...]))
                try scan(final: false)
                return
            }
            // What is left starts within this piece, where it is scanned again.
            piece = UnsafeBufferPointer(rebasing: piece[(Self.bridgeBytes - pending.count)...])
            pending.removeAll(keepingCapacity: true)
        }
        if started, pending.isEmpty {
            // Scanned where it is; only an unfinished token at its end is kept.
            let consumed = try scan(piece, final: false)
            pending.append(contentsOf: piece[consumed...])
            if pending.count > tokenLimit { throw Self.tooLong(tokenLimit) }
            return
        }
        pending.append(contentsOf: bytes)
        if !started {
            // A UTF-8 byte order mark, which some writers put first, is not text.
            guard pending.count >= 3 else { return }
            started = true
            if pending[0] == 0xEF, pending[1] == 0xBB, pending[2] == 0xBF { pending.removeFirst(3) }
        }
        try scan(final: false)
    }

    /// Scans what is left at the end of the part; an unfinished tag or an unclosed element is an error.
    mutating func finish() throws(WorkbookError) {
        try scan(final: true)
        guard pending.isEmpty, depth == 0, sawRoot else {
            throw WorkbookError(code: "xlsx.bad-xml", message: "the XML ends before its last element is closed (the file is cut short or damaged)")
        }
    }

    private mutating func scan(final: Bool) throws(WorkbookError) {
        var pending = self.pending
        self.pending = []
        defer { self.pending = pending }
        let consumed = try pending.withUnsafeBufferPointer { buffer throws(WorkbookError) -> Int in
            try scan(buffer, final: final)
        }
        pending.removeSubrange(0..<consumed)
        if pending.count > tokenLimit { throw Self.tooLong(tokenLimit) }
    }

    private static func tooLong(_ limit: Int) -> WorkbookError {
        WorkbookError(code: "xlsx.bad-xml", message: "one tag or text of the XML is longer than \(limit >> 20) MB, which no workbook writes")
    }

    private static func find(_ byte: UInt8, _ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        // Most ends are a few bytes away (`12</v>`, `</c>`): nearer than a call of `memchr` pays.
        var index = start
        let near = Swift.min(buffer.count, start + 16)
        while index < near {
            if buffer[index] == byte { return index }
            index += 1
        }
        guard index < buffer.count, let base = buffer.baseAddress,
            let found = memchr(base + index, Int32(byte), buffer.count - index)
        else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    private static func find(_ needle: StaticString, _ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let first = needle.utf8Start[0]
        var i = start
        while let at = find(first, buffer, from: i) {
            if at + needle.utf8CodeUnitCount > buffer.count { return nil }
            if XMLName.equal(UnsafeBufferPointer(rebasing: buffer[at..<(at + needle.utf8CodeUnitCount)]), needle) { return at }
            i = at + 1
        }
        return nil
    }

    private static func hasPrefix(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int, _ prefix: StaticString) -> Bool {
        index + prefix.utf8CodeUnitCount <= buffer.count
            && XMLName.equal(UnsafeBufferPointer(rebasing: buffer[index..<(index + prefix.utf8CodeUnitCount)]), prefix)
    }

    /// Scans complete tokens of `buffer`; returns how many bytes were consumed.
    private mutating func scan(_ buffer: UnsafeBufferPointer<UInt8>, final: Bool) throws(WorkbookError) -> Int {
        var i = 0
        let count = buffer.count
        while i < count {
            if buffer[i] != UInt8(ascii: "<") {
                let end = Self.find(UInt8(ascii: "<"), buffer, from: i) ?? (final ? count : -1)
                if end < 0 { return i }
                try deliverText(UnsafeBufferPointer(rebasing: buffer[i..<end]))
                i = end
                continue
            }
            guard i + 1 < count else { break }
            switch buffer[i + 1] {
            case UInt8(ascii: "/"):
                guard let close = Self.find(UInt8(ascii: ">"), buffer, from: i + 2) else { return try pause(at: i, final) }
                var nameEnd = close
                while nameEnd > i + 2, XMLBytes.isSpace(buffer[nameEnd - 1]) { nameEnd -= 1 }
                depth -= 1
                guard depth >= 0 else { throw XMLBytes.malformed("an end tag without its start tag") }
                try handler.end(XMLName(bytes: UnsafeBufferPointer(rebasing: buffer[(i + 2)..<nameEnd])))
                i = close + 1
            case UInt8(ascii: "?"):
                guard let close = Self.find("?>", buffer, from: i + 2) else { return try pause(at: i, final) }
                i = close + 2
            case UInt8(ascii: "!"):
                if Self.hasPrefix(buffer, at: i, "<!--") {
                    guard let close = Self.find("-->", buffer, from: i + 4) else { return try pause(at: i, final) }
                    i = close + 3
                } else if Self.hasPrefix(buffer, at: i, "<![CDATA[") {
                    guard let close = Self.find("]]>", buffer, from: i + 9) else { return try pause(at: i, final) }
                    guard depth > 0 else { throw XMLBytes.malformed("text outside the root element") }
                    try handler.text(UnsafeBufferPointer(rebasing: buffer[(i + 9)..<close]))
                    i = close + 3
                } else if count - i < 9, !final {
                    return i
                } else {
                    throw WorkbookError(
                        code: "xlsx.xml-doctype",
                        message:
                            "the XML has a document type declaration (<!DOCTYPE or <!ENTITY), which no workbook writer puts there and which is how entity expansion and external entities are smuggled in; it is refused"
                    )
                }
            default:
                if depth > 0 {
                    let taken = try handler.element(buffer, at: i)
                    if taken > 0 {
                        i += taken
                        continue
                    }
                }
                // A start tag: up to the `>` outside quoted attribute values.
                var j = i + 1
                var quote: UInt8 = 0
                // Bytes other than `"`, `'`, `<` and `>` go by with one test.
                let special: UInt64 = 1 << 0x22 | 1 << 0x27 | 1 << 0x3C | 1 << 0x3E
                while j < count {
                    let byte = buffer[j]
                    if byte >= 64 || (special >> UInt64(byte)) & 1 == 0 {
                        j += 1
                        continue
                    }
                    if quote != 0 {
                        if byte == quote { quote = 0 }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        quote = byte
                    } else if byte == UInt8(ascii: ">") {
                        break
                    } else if byte == UInt8(ascii: "<") {
                        throw XMLBytes.malformed("a `<` inside a tag")
                    }
                    j += 1
                }
                guard j < count else { return try pause(at: i, final) }
                let selfClosing = buffer[j - 1] == UInt8(ascii: "/") && j - 1 > i + 1
                let inner = i + 1..<(selfClosing ? j - 1 : j)
                var nameEnd = inner.lowerBound
                while nameEnd < inner.upperBound, !XMLBytes.isSpace(buffer[nameEnd]) { nameEnd += 1 }
                guard nameEnd > inner.lowerBound else { throw XMLBytes.malformed("a tag without a name") }
                if depth == 0 {
                    guard !sawRoot else { throw XMLBytes.malformed("a second root element") }
                    sawRoot = true
                }
                let name = XMLName(bytes: UnsafeBufferPointer(rebasing: buffer[inner.lowerBound..<nameEnd]))
                try handler.start(XMLTag(name: name, attributes: UnsafeBufferPointer(rebasing: buffer[nameEnd..<inner.upperBound])))
                if selfClosing {
                    try handler.end(name)
                } else {
                    depth += 1
                }
                i = j + 1
            }
        }
        if final, i < count { throw XMLBytes.malformed("an unfinished tag at the end") }
        return i
    }

    /// Where scanning stops before an unfinished token: an error at the end of the part.
    private func pause(at i: Int, _ final: Bool) throws(WorkbookError) -> Int {
        if final { throw XMLBytes.malformed("an unfinished tag at the end") }
        return i
    }

    private mutating func deliverText(_ raw: UnsafeBufferPointer<UInt8>) throws(WorkbookError) {
        if depth == 0 {
            guard raw.allSatisfy(XMLBytes.isSpace) else { throw XMLBytes.malformed("text outside the root element") }
            return
        }
        guard Self.find(UInt8(ascii: "&"), raw, from: 0) != nil else {
            try handler.text(raw)
            return
        }
        scratch.removeAll(keepingCapacity: true)
        try XMLBytes.decode(raw, into: &scratch)
        let decoded = scratch
        try decoded.withUnsafeBufferPointer { buffer throws(WorkbookError) in try handler.text(buffer) }
    }
}

/// Byte rules of XML shared by the scanner and attribute reading.
enum XMLBytes {
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    static func malformed(_ what: String) -> WorkbookError {
        WorkbookError(code: "xlsx.bad-xml", message: "the XML is malformed (\(what))")
    }

    /// Appends `raw` to `out` with the five predefined entities and character references
    /// decoded; any other `&` is an error (without a document type, no other entity exists).
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) throws(WorkbookError) {
        var i = 0
        while i < raw.count {
            let byte = raw[i]
            guard byte == UInt8(ascii: "&") else {
                out.append(byte)
                i += 1
                continue
            }
            var end = i + 1
            while end < raw.count, end - i < 12, raw[end] != UInt8(ascii: ";") { end += 1 }
            guard end < raw.count, raw[end] == UInt8(ascii: ";") else {
                throw XMLBytes.malformed("a `&` that starts no entity or character reference")
            }
            let name = UnsafeBufferPointer(rebasing: raw[(i + 1)..<end])
            if XMLName.equal(name, "lt") {
                out.append(UInt8(ascii: "<"))
            } else if XMLName.equal(name, "gt") {
                out.append(UInt8(ascii: ">"))
            } else if XMLName.equal(name, "amp") {
                out.append(UInt8(ascii: "&"))
            } else if XMLName.equal(name, "quot") {
                out.append(UInt8(ascii: "\""))
            } else if XMLName.equal(name, "apos") {
                out.append(UInt8(ascii: "'"))
            } else if name.first == UInt8(ascii: "#") {
                var value: UInt32 = 0
                let hex = name.count > 1 && (name[1] == UInt8(ascii: "x"))
                let digits = name.dropFirst(hex ? 2 : 1)
                guard !digits.isEmpty, digits.count <= 8 else { throw XMLBytes.malformed("a bad character reference") }
                for digit in digits {
                    let part: UInt32
                    switch digit {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): part = UInt32(digit - UInt8(ascii: "0"))
                    case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: part = UInt32(digit - UInt8(ascii: "a") + 10)
                    case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: part = UInt32(digit - UInt8(ascii: "A") + 10)
                    default: throw XMLBytes.malformed("a bad character reference")
                    }
                    value = value * (hex ? 16 : 10) + part
                }
                guard value != 0, let scalar = Unicode.Scalar(value) else { throw XMLBytes.malformed("a character reference to no character") }
                out.append(contentsOf: String(Character(scalar)).utf8)
            } else {
                throw WorkbookError(
                    code: "xlsx.xml-entity",
                    message:
                        "the XML uses the entity `&\(String(decoding: name.prefix(12), as: UTF8.self));`, which is not one of XML's five; no workbook writer uses others"
                )
            }
            i = end + 1
        }
    }
}

/// The scanner alone on a workbook's first sheet, for `vitality-bench xlsx-xml`, which compares
/// it with Foundation's `XMLParser` on the same bytes.
package enum WorkbookScan {
    private struct Counter: XMLEventHandler {
        var cells = 0
        var textBytes = 0

        mutating func start(_ tag: XMLTag) throws(WorkbookError) {
            if tag.is("c") { cells += 1 }
        }

        mutating func end(_ name: XMLName) throws(WorkbookError) {}

        mutating func text(_ text: UnsafeBufferPointer<UInt8>) throws(WorkbookError) { textBytes += text.count }
    }

    /// The first sheet's XML, inflated.
    package static func firstSheetXML(path: String) throws -> [UInt8] {
        var workbook = try Workbook(path: path)
        guard let sheet = workbook.sheets.first else { return [] }
        return try workbook.bytes(of: sheet.part)
    }

    /// Cells and text bytes of a sheet's XML, fed to the scanner in 64 KB pieces.
    package static func count(_ xml: [UInt8]) throws -> (cells: Int, textBytes: Int) {
        var scanner = XMLScanner(handler: Counter())
        try xml.withUnsafeBytes { bytes in
            var start = 0
            while start < bytes.count {
                let end = Swift.min(bytes.count, start + (1 << 16))
                try scanner.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                start = end
            }
        }
        try scanner.finish()
        return (scanner.handler.cells, scanner.handler.textBytes)
    }
}
