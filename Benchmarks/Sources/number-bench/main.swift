// Writing figures.csv's numbers: ShortestDecimal + ByteWriter.appendDecimal (the files are links
// to Sources/VitalityBuild) against the Double.description path it replaced and against
// libdouble-conversion and fmt. Thread CPU time per number, median of 5 rounds over about 6 M percent
// changes and indices like the ones of the scaled benchmark file. Run scripts/bench-numbers.sh.
import CNumberPeers
import Foundation

#if canImport(Glibc)
import Glibc
#endif

func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// The former figures.csv writer: the description, rewritten without exponent when it has one.
func describedText(_ value: Double, into out: ByteWriter) {
    var text = value.description
    let plain = text.withUTF8 { bytes -> Bool in
        guard !bytes.contains(UInt8(ascii: "e")) else { return false }
        out.append(bytes)
        return true
    }
    if !plain { out.append(Array(text.utf8)) }  // rare here; kept cheap for the measurement
}

/// SplitMix64, so that every run measures the same numbers.
struct Random {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    mutating func next(_ bound: UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (z ^ (z >> 31)) % bound
    }
}

func measure(_ name: String, count: Int, _ body: () -> Int) {
    var rounds: [Double] = []
    var sink = 0
    for _ in 0..<5 {
        let start = cpuSeconds()
        sink &+= body()
        rounds.append((cpuSeconds() - start) / Double(count) * 1e9)
    }
    rounds.sort()
    print(name.padding(toLength: 44, withPad: " ", startingAt: 0), String(format: "%6.1f ns a number", rounds[2]))
    if sink == 42 { print("") }  // keeps the work from being optimised away
}

/// Everything in locals: closures reading main-actor globals paid an isolation check per number.
func run() {
    let values: [Double] = {
        var random = Random()
        var values: [Double] = []
        for _ in 0..<3_000_000 {
            let previous = Double(100 + random.next(100_000))
            let current = previous + Double(Int(random.next(1001)) - 500)
            values.append((current - previous) / previous * 100)
            values.append(current / previous * 100)
        }
        // Whole numbers are written as integers, not through either path.
        return values.filter { $0 != $0.rounded() }
    }()

    // The same text from both of Vitality's paths (exponent-free descriptions only).
    for value in values.prefix(200_000) {
        let check = ByteWriter(capacity: 64)
        let former = ByteWriter(capacity: 64)
        if let digits = ShortestDecimal.digits(value) { check.appendDecimal(digits, negative: value < 0) }
        describedText(value, into: former)
        let same = check.withBytes { a in former.withBytes { b in a.elementsEqual(b) } }
        if !same { fatalError("different text for \(value)") }
    }


    measure("Double.description (the former writer)", count: values.count) {
        let out = ByteWriter(capacity: 1 << 27)
        for value in values { describedText(value, into: out) }
        return out.count
    }
    measure("ShortestDecimal + appendDecimal (Vitality)", count: values.count) {
        let out = ByteWriter(capacity: 1 << 27)
        for value in values {
            if let digits = ShortestDecimal.digits(value) { out.appendDecimal(digits, negative: value < 0) }
        }
        return out.count
    }
    measure("ShortestDecimal digits only", count: values.count) {
        var sum = 0
        for value in values { sum &+= ShortestDecimal.digits(value).map { Int($0.significand) &+ $0.exponent } ?? 0 }
        return sum
    }
    var buffer = [CChar](repeating: 0, count: 64)
    measure("libdouble-conversion digits only", count: values.count) {
        var sum = 0
        var length: Int32 = 0
        var point: Int32 = 0
        for value in values {
            peers_double_conversion_shortest(value, &buffer, 64, &length, &point)
            sum &+= Int(length) &+ Int(point)
        }
        return sum
    }
    measure("fmt \"{}\" (Dragonbox), text with exponent", count: values.count) {
        var sum = 0
        for value in values { sum &+= Int(peers_fmt_shortest(value, &buffer, 64)) }
        return sum
    }
}

run()
