/// Bytes appended through a pointer and grown by doubling: the text writers' buffer, which
/// costs no copy-on-write check per byte as an `Array` appended in a closure does (that was a
/// fifth of writing `figures.csv`). Owned by one thread at a time. VitalityData's `AppendBuffer`
/// grows alike for the workbook reader; it says why this one is not built on it.
final class ByteWriter: @unchecked Sendable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Empties the buffer for reuse, with room for at least `capacity` bytes.
    func clear(keepingCapacity capacity: Int) {
        count = 0
        reserve(capacity)
    }

    private func reserve(_ extra: Int) {
        let needed = count + extra
        guard needed > capacity else { return }
        var grown = capacity
        while grown < needed { grown *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        larger.update(from: base, count: count)
        base.deallocate()
        base = larger
        capacity = grown
    }

    func append(_ byte: UInt8) {
        if count == capacity { reserve(1) }
        base[count] = byte
        count += 1
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    func append(_ text: String.UTF8View) {
        var text = String(text)
        text.withUTF8 { append($0) }
    }

    /// The decimal digits of `value`.
    func appendDigits(_ value: UInt64) {
        let length = Self.decimalLength(value)
        reserve(length)
        Self.writeDigits(value, endingAt: base + count + length)
        count += length
    }

    /// `digits` as a plain decimal, no exponent and no trailing `.0`: `0.000015`, `123.25`,
    /// `1500000000000000000000`. Written in place: the digits, two at a time from the right,
    /// then the whole part moved one byte left to make room for the point.
    func appendDecimal(_ digits: ShortestDecimal.Digits, negative: Bool) {
        let significand = digits.significand
        let length = Self.decimalLength(significand)
        let point = length + digits.exponent
        let zeros = point <= 0 ? -point : max(0, point - length)
        reserve(length + zeros + 3)
        var at = base + count
        if negative {
            at[0] = UInt8(ascii: "-")
            at += 1
        }
        if point <= 0 {
            at[0] = UInt8(ascii: "0")
            at[1] = UInt8(ascii: ".")
            at += 2
            at.initialize(repeating: UInt8(ascii: "0"), count: zeros)
            at += zeros
            Self.writeDigits(significand, endingAt: at + length)
            at += length
        } else if point >= length {
            Self.writeDigits(significand, endingAt: at + length)
            at += length
            at.initialize(repeating: UInt8(ascii: "0"), count: zeros)
            at += zeros
        } else {
            Self.writeDigits(significand, endingAt: at + length + 1)
            // At most 17 bytes: a loop, where `update(from:)` called memmove for each number.
            for index in 0..<point { at[index] = at[index + 1] }
            at[point] = UInt8(ascii: ".")
            at += length + 1
        }
        count = at - base
    }

    /// The number of decimal digits of `value` (1 for 0).
    private static func decimalLength(_ value: UInt64) -> Int {
        let guess = ((64 - value.leadingZeroBitCount) * 1233) >> 12  // ⌊bits · log10 2⌋
        return value < powersOfTen[guess] ? max(1, guess) : guess + 1
    }

    /// Writes the decimal digits of `value` so that the last one is just before `end`: eight
    /// at a time as two independent groups of four (shorter chains of divisions than two at a
    /// time), then two at a time.
    private static func writeDigits(_ value: UInt64, endingAt end: UnsafeMutablePointer<UInt8>) {
        var value = value
        var at = end
        digitPairs.withUnsafeBufferPointer { pairs in
            func writeFour(_ four: UInt32, at start: UnsafeMutablePointer<UInt8>) {
                let high = Int(four / 100) * 2
                let low = Int(four % 100) * 2
                start[0] = pairs[high]
                start[1] = pairs[high + 1]
                start[2] = pairs[low]
                start[3] = pairs[low + 1]
            }
            while value >= 100_000_000 {
                let eight = UInt32(value % 100_000_000)
                value /= 100_000_000
                at -= 8
                writeFour(eight / 10_000, at: at)
                writeFour(eight % 10_000, at: at + 4)
            }
            var rest = UInt32(value)
            while rest >= 100 {
                let pair = Int(rest % 100) * 2
                rest /= 100
                at -= 2
                at[0] = pairs[pair]
                at[1] = pairs[pair + 1]
            }
            if rest >= 10 {
                let pair = Int(rest) * 2
                at -= 2
                at[0] = pairs[pair]
                at[1] = pairs[pair + 1]
            } else {
                at -= 1
                at[0] = UInt8(ascii: "0") + UInt8(rest)
            }
        }
    }

    // The tables are literals, which the compiler lays out in the binary: computed ones were
    // initialised lazily, behind a `swift_once` call on every number (2.7 % of a scaled build).

    /// 10^0 … 10^19.
    private static let powersOfTen: [UInt64] = [
        1, 10, 100, 1000, 10000,
        100000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ]

    /// "00", "01", … "99" in ASCII.
    private static let digitPairs: [UInt8] = [
        0x30, 0x30, 0x30, 0x31, 0x30, 0x32, 0x30, 0x33, 0x30, 0x34, 0x30, 0x35, 0x30, 0x36, 0x30, 0x37,
        0x30, 0x38, 0x30, 0x39, 0x31, 0x30, 0x31, 0x31, 0x31, 0x32, 0x31, 0x33, 0x31, 0x34, 0x31, 0x35,
        0x31, 0x36, 0x31, 0x37, 0x31, 0x38, 0x31, 0x39, 0x32, 0x30, 0x32, 0x31, 0x32, 0x32, 0x32, 0x33,
        0x32, 0x34, 0x32, 0x35, 0x32, 0x36, 0x32, 0x37, 0x32, 0x38, 0x32, 0x39, 0x33, 0x30, 0x33, 0x31,
        0x33, 0x32, 0x33, 0x33, 0x33, 0x34, 0x33, 0x35, 0x33, 0x36, 0x33, 0x37, 0x33, 0x38, 0x33, 0x39,
        0x34, 0x30, 0x34, 0x31, 0x34, 0x32, 0x34, 0x33, 0x34, 0x34, 0x34, 0x35, 0x34, 0x36, 0x34, 0x37,
        0x34, 0x38, 0x34, 0x39, 0x35, 0x30, 0x35, 0x31, 0x35, 0x32, 0x35, 0x33, 0x35, 0x34, 0x35, 0x35,
        0x35, 0x36, 0x35, 0x37, 0x35, 0x38, 0x35, 0x39, 0x36, 0x30, 0x36, 0x31, 0x36, 0x32, 0x36, 0x33,
        0x36, 0x34, 0x36, 0x35, 0x36, 0x36, 0x36, 0x37, 0x36, 0x38, 0x36, 0x39, 0x37, 0x30, 0x37, 0x31,
        0x37, 0x32, 0x37, 0x33, 0x37, 0x34, 0x37, 0x35, 0x37, 0x36, 0x37, 0x37, 0x37, 0x38, 0x37, 0x39,
        0x38, 0x30, 0x38, 0x31, 0x38, 0x32, 0x38, 0x33, 0x38, 0x34, 0x38, 0x35, 0x38, 0x36, 0x38, 0x37,
        0x38, 0x38, 0x38, 0x39, 0x39, 0x30, 0x39, 0x31, 0x39, 0x32, 0x39, 0x33, 0x39, 0x34, 0x39, 0x35,
        0x39, 0x36, 0x39, 0x37, 0x39, 0x38, 0x39, 0x39,
    ]

    func withBytes<Result, Failure: Error>(_ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }
}
