import Crypto
import Foundation

/// The SHA-256 of a value's `Encodable` form, streamed into the hash without building a JSON
/// document first (JSONEncoder took 57 % of a no-change rebuild; this takes a fraction of
/// that — `scripts/bench-builds.sh`). Every token is tagged and every string and byte run
/// length-prefixed, and absent optionals are written as an explicit nil, so every key of a type
/// is always present and two different values of one type never give the same stream.
enum DigestEncoder {
    static func digest(_ value: some Encodable) throws -> String {
        let sink = DigestSink()
        try value.encode(to: StreamingEncoder(sink: sink))
        return sink.finish()
    }
}

/// The hash and a buffer in front of it.
private final class DigestSink {
    private var hasher = SHA256()
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1 << 16) }

    enum Tag: UInt8 {
        case keyed = 1
        case key, nilValue, bool, string, double, signed, unsigned, unkeyed, element, bytes
    }

    func tag(_ tag: Tag) {
        buffer.append(tag.rawValue)
        if buffer.count >= 1 << 16 { flush() }
    }

    func word(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
    }

    func string(_ tag: Tag, _ text: String) {
        self.tag(tag)
        var text = text
        text.withUTF8 { utf8 in
            word(UInt64(utf8.count))
            buffer.append(contentsOf: utf8)
        }
        if buffer.count >= 1 << 16 { flush() }
    }

    func double(_ value: Double) {
        tag(.double)
        word(value.bitPattern)
    }

    func signed(_ value: Int64) {
        tag(.signed)
        word(UInt64(bitPattern: value))
    }

    func flag(_ value: Bool) {
        tag(.bool)
        word(value ? 1 : 0)
    }

    func bytes(_ bytes: [UInt8]) {
        tag(.bytes)
        word(UInt64(bytes.count))
        flush()
        hasher.update(data: bytes)
    }

    private func flush() {
        hasher.update(data: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() -> String {
        flush()
        return Manifest.hex(hasher.finalize())
    }
}

private struct StreamingEncoder: Encoder {
    let sink: DigestSink
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        sink.tag(.keyed)
        return KeyedEncodingContainer(KeyedContainer<Key>(sink: sink))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        sink.tag(.unkeyed)
        return UnkeyedContainer(sink: sink)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(sink: sink) }
}

/// Writes one value of any kind: primitives as tagged bytes, byte arrays as one run, anything
/// else through its own `encode(to:)`. The type is compared, not cast: a dynamic cast of every
/// value to each primitive type was most of the cost of a scene's key.
private func write<Value: Encodable>(_ value: Value, to sink: DigestSink) throws {
    if Value.self == [UInt8].self {
        withUnsafePointer(to: value) { $0.withMemoryRebound(to: [UInt8].self, capacity: 1) { sink.bytes($0.pointee) } }
    } else if Value.self == String.self {
        withUnsafePointer(to: value) { $0.withMemoryRebound(to: String.self, capacity: 1) { sink.string(.string, $0.pointee) } }
    } else if Value.self == Double.self {
        withUnsafePointer(to: value) { $0.withMemoryRebound(to: Double.self, capacity: 1) { sink.double($0.pointee) } }
    } else if Value.self == Int.self {
        withUnsafePointer(to: value) { $0.withMemoryRebound(to: Int.self, capacity: 1) { sink.signed(Int64($0.pointee)) } }
    } else if Value.self == Bool.self {
        withUnsafePointer(to: value) { $0.withMemoryRebound(to: Bool.self, capacity: 1) { sink.flag($0.pointee) } }
    } else {
        try value.encode(to: StreamingEncoder(sink: sink))
    }
}

private func writeSigned(_ value: some FixedWidthInteger & SignedInteger, to sink: DigestSink) {
    sink.signed(Int64(value))
}

private func writeUnsigned(_ value: some FixedWidthInteger & UnsignedInteger, to sink: DigestSink) {
    sink.tag(.unsigned)
    sink.word(UInt64(value))
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: DigestSink
    var codingPath: [any CodingKey] { [] }

    private func key(_ key: Key) { sink.string(.key, key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws {
        self.key(key)
        sink.tag(.nilValue)
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        self.key(key)
        sink.flag(value)
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        self.key(key)
        sink.string(.string, value)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        self.key(key)
        sink.double(value)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        self.key(key)
        sink.double(Double(value))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        self.key(key)
        sink.signed(Int64(value))
    }
    mutating func encode(_ value: Int8, forKey key: Key) throws {
        self.key(key)
        writeSigned(value, to: sink)
    }
    mutating func encode(_ value: Int16, forKey key: Key) throws {
        self.key(key)
        writeSigned(value, to: sink)
    }
    mutating func encode(_ value: Int32, forKey key: Key) throws {
        self.key(key)
        writeSigned(value, to: sink)
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        self.key(key)
        writeSigned(value, to: sink)
    }
    mutating func encode(_ value: UInt, forKey key: Key) throws {
        self.key(key)
        writeUnsigned(value, to: sink)
    }
    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        self.key(key)
        writeUnsigned(value, to: sink)
    }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        self.key(key)
        writeUnsigned(value, to: sink)
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        self.key(key)
        writeUnsigned(value, to: sink)
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        self.key(key)
        writeUnsigned(value, to: sink)
    }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        self.key(key)
        try write(value, to: sink)
    }

    // An absent optional is written, not skipped: every key of a type is always in the stream.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try present(value.map(Double.init), key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try present(value.map(Int.init), key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try present(value.map(Int.init), key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try present(value.map(Int.init), key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: (some Encodable)?, forKey key: Key) throws { try present(value, key) }

    private mutating func present(_ value: (some Encodable)?, _ key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        self.key(key)
        return StreamingEncoder(sink: sink).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        self.key(key)
        return StreamingEncoder(sink: sink).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        sink.string(.key, "super")
        return StreamingEncoder(sink: sink)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        self.key(key)
        return StreamingEncoder(sink: sink)
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let sink: DigestSink
    var codingPath: [any CodingKey] { [] }
    private(set) var count = 0

    init(sink: DigestSink) { self.sink = sink }

    private mutating func element() {
        count += 1
        sink.tag(.element)
    }

    mutating func encodeNil() throws {
        element()
        sink.tag(.nilValue)
    }
    mutating func encode(_ value: Bool) throws {
        element()
        sink.flag(value)
    }
    mutating func encode(_ value: String) throws {
        element()
        sink.string(.string, value)
    }
    mutating func encode(_ value: Double) throws {
        element()
        sink.double(value)
    }
    mutating func encode(_ value: Float) throws {
        element()
        sink.double(Double(value))
    }
    mutating func encode(_ value: Int) throws {
        element()
        sink.signed(Int64(value))
    }
    mutating func encode(_ value: Int8) throws {
        element()
        writeSigned(value, to: sink)
    }
    mutating func encode(_ value: Int16) throws {
        element()
        writeSigned(value, to: sink)
    }
    mutating func encode(_ value: Int32) throws {
        element()
        writeSigned(value, to: sink)
    }
    mutating func encode(_ value: Int64) throws {
        element()
        writeSigned(value, to: sink)
    }
    mutating func encode(_ value: UInt) throws {
        element()
        writeUnsigned(value, to: sink)
    }
    mutating func encode(_ value: UInt8) throws {
        element()
        writeUnsigned(value, to: sink)
    }
    mutating func encode(_ value: UInt16) throws {
        element()
        writeUnsigned(value, to: sink)
    }
    mutating func encode(_ value: UInt32) throws {
        element()
        writeUnsigned(value, to: sink)
    }
    mutating func encode(_ value: UInt64) throws {
        element()
        writeUnsigned(value, to: sink)
    }
    mutating func encode(_ value: some Encodable) throws {
        element()
        try write(value, to: sink)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        element()
        return StreamingEncoder(sink: sink).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        element()
        return StreamingEncoder(sink: sink).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        element()
        return StreamingEncoder(sink: sink)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let sink: DigestSink
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { sink.tag(.nilValue) }
    mutating func encode(_ value: Bool) throws { sink.flag(value) }
    mutating func encode(_ value: String) throws { sink.string(.string, value) }
    mutating func encode(_ value: Double) throws { sink.double(value) }
    mutating func encode(_ value: Float) throws { sink.double(Double(value)) }
    mutating func encode(_ value: Int) throws { sink.signed(Int64(value)) }
    mutating func encode(_ value: Int8) throws { writeSigned(value, to: sink) }
    mutating func encode(_ value: Int16) throws { writeSigned(value, to: sink) }
    mutating func encode(_ value: Int32) throws { writeSigned(value, to: sink) }
    mutating func encode(_ value: Int64) throws { writeSigned(value, to: sink) }
    mutating func encode(_ value: UInt) throws { writeUnsigned(value, to: sink) }
    mutating func encode(_ value: UInt8) throws { writeUnsigned(value, to: sink) }
    mutating func encode(_ value: UInt16) throws { writeUnsigned(value, to: sink) }
    mutating func encode(_ value: UInt32) throws { writeUnsigned(value, to: sink) }
    mutating func encode(_ value: UInt64) throws { writeUnsigned(value, to: sink) }
    mutating func encode(_ value: some Encodable) throws { try write(value, to: sink) }
}
