import Crypto
import Foundation
import VitalityScene

/// The SHA-256 of a value's `Encodable` form, streamed into the hash without building a JSON
/// document first (JSONEncoder took 57 % of a no-change rebuild; this takes a fraction of
/// that — `scripts/bench-builds.sh`). Every token is tagged and every string and byte run
/// length-prefixed, and absent optionals are written as an explicit nil, so every key of a type
/// is always present and two different values of one type never give the same stream.
enum DigestEncoder {
    /// With `leafShortcuts`, scene items, path elements, points, sizes, rectangles and colours
    /// (most of a scene's values) are written directly, as the same stream their `Codable`
    /// conformance gives (`SceneDigest.swift`; a test compares both ways, so a new field or case
    /// of one of them fails it until written there too).
    static func digest(_ value: some Encodable, leafShortcuts: Bool = true) throws -> String {
        let sink = DigestSink(leafShortcuts: leafShortcuts)
        try value.encode(to: StreamingEncoder(sink: sink))
        return sink.finish()
    }
}

/// The hash and a buffer in front of it. The buffer is raw memory: an array held by the
/// class was checked for exclusive access on every append.
final class DigestSink {
    private var hasher = SHA256()
    private static let capacity = 1 << 16
    private let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
    private var count = 0
    let leafShortcuts: Bool

    init(leafShortcuts: Bool) { self.leafShortcuts = leafShortcuts }

    deinit { buffer.deallocate() }

    /// One `Double` field of a keyed container, as `Codable` writes it.
    func field(_ key: String, _ value: Double) {
        string(.key, key)
        double(value)
    }

    enum Tag: UInt8 {
        case keyed = 1
        case key, nilValue, bool, string, double, signed, unsigned, unkeyed, element, bytes
    }

    private func room(_ bytes: Int) {
        if count + bytes > Self.capacity { flush() }
    }

    func tag(_ tag: Tag) {
        room(1)
        buffer.storeBytes(of: tag.rawValue, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    func word(_ value: UInt64) {
        room(8)
        buffer.storeBytes(of: value.littleEndian, toByteOffset: count, as: UInt64.self)
        count += 8
    }

    func string(_ tag: Tag, _ text: String) {
        self.tag(tag)
        var text = text
        text.withUTF8 { utf8 in
            word(UInt64(utf8.count))
            append(UnsafeRawBufferPointer(utf8))
        }
    }

    private func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if bytes.count > Self.capacity {
            flush()
            hasher.update(bufferPointer: bytes)
            return
        }
        room(bytes.count)
        (buffer + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
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
        hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer, count: count))
        count = 0
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

/// Writes one value of any kind: primitives as tagged bytes, byte arrays as one run, the scene's
/// geometry and colours field by field (`leafShortcuts`), anything else through its own
/// `encode(to:)`.
private func write<Value: Encodable>(_ value: Value, to sink: DigestSink) throws {
    let type = ObjectIdentifier(Value.self)
    let known = KnownTypes.shared
    func load<Target>(_ target: Target.Type) -> Target {
        withUnsafePointer(to: value) { UnsafeRawPointer($0).load(as: Target.self) }
    }
    if type == known.bytes {
        sink.bytes(load([UInt8].self))
    } else if type == known.string {
        sink.string(.string, load(String.self))
    } else if type == known.double {
        sink.double(load(Double.self))
    } else if type == known.int {
        sink.signed(Int64(load(Int.self)))
    } else if type == known.bool {
        sink.flag(load(Bool.self))
    } else if sink.leafShortcuts, type == known.sceneItem {
        sink.item(load(SceneItem.self))
    } else if sink.leafShortcuts, type == known.pathElement {
        sink.pathElement(load(PathElement.self))
    } else if sink.leafShortcuts, type == known.point {
        sink.point(load(Point.self))
    } else if sink.leafShortcuts, type == known.rect {
        sink.rect(load(Rect.self))
    } else if sink.leafShortcuts, type == known.size {
        sink.size(load(Size.self))
    } else if sink.leafShortcuts, type == known.color {
        sink.color(load(Color.self))
    } else {
        try value.encode(to: StreamingEncoder(sink: sink))
    }
}

/// The types `write` handles itself, identified once: comparing a value's type with these is
/// cheap where a dynamic cast, or looking up `[UInt8]`'s metadata, for every value was most
/// of the cost of a scene's key.
private struct KnownTypes: Sendable {
    static let shared = KnownTypes()
    let bytes = ObjectIdentifier([UInt8].self)
    let string = ObjectIdentifier(String.self)
    let double = ObjectIdentifier(Double.self)
    let int = ObjectIdentifier(Int.self)
    let bool = ObjectIdentifier(Bool.self)
    let point = ObjectIdentifier(Point.self)
    let rect = ObjectIdentifier(Rect.self)
    let size = ObjectIdentifier(Size.self)
    let color = ObjectIdentifier(Color.self)
    let sceneItem = ObjectIdentifier(SceneItem.self)
    let pathElement = ObjectIdentifier(PathElement.self)
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
