import Testing
import VitalityTestSupport

@testable import VitalityBuild

@Suite struct FiguresCSVTests {
    @Test func numbersAreFullPrecisionWithoutExponent() {
        #expect(FiguresCSV.number(8978) == "8978")
        #expect(FiguresCSV.number(-30) == "-30")
        // −30 / 9008 × 100 reads back as exactly the same Double.
        let percent = -30.0 / 9008.0 * 100
        #expect(Double(FiguresCSV.number(percent)) == percent)
        #expect(FiguresCSV.number(percent).hasPrefix("-0.3330373001776"))
        #expect(FiguresCSV.number(1.5e-05) == "0.000015")
        #expect(FiguresCSV.number(-2.5e-7) == "-0.00000025")
        #expect(FiguresCSV.number(nil) == "")
        #expect(FiguresCSV.number(.nan) == "")
        #expect(FiguresCSV.number(1e22) == "10000000000000000000000")
        #expect(FiguresCSV.number(-0.5) == "-0.5")
        #expect(FiguresCSV.number(-0.0) == "0")
        // Integers at every length, through the one digit writer.
        var power = 1.0
        for length in 1...15 {
            #expect(FiguresCSV.number(power) == "1" + String(repeating: "0", count: length - 1))
            #expect(FiguresCSV.number(power * 10 - 1) == String(repeating: "9", count: length))
            power *= 10
        }
        // Whole numbers at 10^15 and above, without a trailing ".0" (2^51 + 0.5 keeps its half).
        #expect(FiguresCSV.number(1_234_567_890_123_456) == "1234567890123456")
        #expect(FiguresCSV.number(2_251_799_813_685_248.5) == "2251799813685248.5")
        // Subnormal numbers, from `description`: 5e−324 and 8e−323.
        #expect(FiguresCSV.number(.leastNonzeroMagnitude) == "0." + String(repeating: "0", count: 323) + "5")
        #expect(FiguresCSV.number(16 * .leastNonzeroMagnitude) == "0." + String(repeating: "0", count: 322) + "8")
    }

    @Test func textCellsAreQuotedOnlyWhenNeeded() {
        #expect(FiguresCSV.quoted("Orivesi") == "Orivesi")
        #expect(FiguresCSV.quoted("Työllisyysaste, %") == "\"Työllisyysaste, %\"")
        #expect(FiguresCSV.quoted("a\"b") == "\"a\"\"b\"")
    }

    /// Region medians go through a cache of recent numbers' text: with 8 000 numbers, repeated
    /// and in more than its 1 024 slots, every text is the one `number` gives.
    @Test func repeatedNumbersGiveTheSameTextAsFormattingEachTime() {
        var random = SplitMix64(seed: 5)
        let pool: [Double?] =
            (0..<3000).map { index in
                index % 100 == 0 ? nil : Double(random.next(upperBound: 2_000_000 as UInt64)) / 7 - 100_000
            } + [0, -0.0, 1e-300, 123_456_789.123_456_78, .infinity]
        var cache = FiguresCSV.RepeatedNumbers()
        let out = ByteWriter(capacity: 16)
        var expected = ""
        for _ in 0..<8000 {
            let value = pool[Int(random.next(upperBound: UInt64(pool.count)))]
            cache.append(value, to: out)
            out.append(UInt8(ascii: ";"))
            expected += FiguresCSV.number(value) + ";"
        }
        #expect(out.withBytes { String(decoding: $0, as: UTF8.self) } == expected)
    }
}
