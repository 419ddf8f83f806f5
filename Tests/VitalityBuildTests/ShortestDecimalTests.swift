import Foundation
import Testing
import VitalityTestSupport

@testable import VitalityBuild

/// `ShortestDecimal` against hand-checked digits and against Swift's `description`, whose
/// digits it must give for every normal Double.
@Suite struct ShortestDecimalTests {
    static func digits(_ value: Double) -> (UInt64, Int)? {
        ShortestDecimal.digits(value).map { ($0.significand, $0.exponent) }
    }

    @Test func handCheckedValues() throws {
        #expect(try #require(Self.digits(0.1)) == (1, -1))
        #expect(try #require(Self.digits(-0.1)) == (1, -1))
        #expect(try #require(Self.digits(123.25)) == (12325, -2))
        #expect(try #require(Self.digits(0.1 + 0.2)) == (30_000_000_000_000_004, -17))
        #expect(try #require(Self.digits(1.0 / 3)) == (3_333_333_333_333_333, -16))
        #expect(try #require(Self.digits(-30.0 / 9008.0 * 100)) == (3_330_373_001_776_199, -16))
        #expect(try #require(Self.digits(1e23)) == (1, 23))
        #expect(try #require(Self.digits(1500)) == (15, 2))
        // Trailing zeros of the method's 16- or 17-digit significand: 15, then 4, 2 and 1 of them.
        #expect(try #require(Self.digits(123.4)) == (1234, -1))
        #expect(try #require(Self.digits(9.5)) == (95, -1))
        #expect(try #require(Self.digits(1_234_567.0625)) == (12_345_670_625, -4))
        #expect(try #require(Self.digits(0.000_012_3)) == (123, -7))
        #expect(try #require(Self.digits(0x1p53)) == (9_007_199_254_740_992, 0))
        // The smallest and largest normal numbers; 2^−1022 is where the spacing changes.
        #expect(try #require(Self.digits(.leastNormalMagnitude)) == (22_250_738_585_072_014, -324))
        #expect(try #require(Self.digits(.greatestFiniteMagnitude)) == (17_976_931_348_623_157, 292))
        // A power of two has a narrower interval below it. 2^−44 is 5.68434188608080148…e−14;
        // …801e−14, the nearer of two 16-digit neighbours, is 4.9e−30 below, out of the lower
        // half interval (3.2e−30); …802e−14 is 5.1e−30 above, inside the upper one (6.3e−30).
        #expect(try #require(Self.digits(0x1p-44)) == (5_684_341_886_080_802, -29))
        // 2^60 = 1152921504606846976: …847e3 is 24 above, within half its ulp of 256.
        #expect(try #require(Self.digits(0x1p60)) == (1_152_921_504_606_847, 3))
        #expect(Self.digits(0) == nil)
        // Subnormal numbers, from `description`: 5e−324 and 8e−323 (Schubfach alone gives 7.9e−323).
        #expect(try #require(Self.digits(.leastNonzeroMagnitude)) == (5, -324))
        #expect(try #require(Self.digits(16 * .leastNonzeroMagnitude)) == (8, -323))
        #expect(Self.digits(.infinity) == nil)
        #expect(Self.digits(.nan) == nil)
    }

    /// The significand and exponent that `description` prints, e.g. "-1.25e-07" → (125, −9).
    static func describedDigits(_ value: Double) -> (UInt64, Int)? {
        let text = value.magnitude.description
        let parts = text.split(separator: "e")
        var exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        var digits = String(mantissa[0])
        if mantissa.count == 2 {
            digits += mantissa[1]
            exponent -= mantissa[1].count
        }
        guard var significand = UInt64(digits) else { return nil }
        while significand != 0, significand % 10 == 0 {
            significand /= 10
            exponent += 1
        }
        return (significand, exponent)
    }

    @Test func agreesWithDescriptionOnEveryKindOfNormalDouble() throws {
        var random = SplitMix64(seed: 2026)
        var samples: [Double] = []
        for _ in 0..<300_000 {
            let value = Double(bitPattern: random.next())
            if value.isNormal { samples.append(value) }
        }
        for exponent in -1022...1023 {
            let power = Double(sign: .plus, exponent: exponent, significand: 1)
            samples += [power, power.nextUp, power.nextDown, power * 1.5]
        }
        for exponent in -307...308 {
            let power = try #require(Double("1e\(exponent)"))
            samples += [power, power.nextUp, power.nextDown]
        }
        for _ in 0..<100_000 {
            let previous = Double(random.next(upperBound: 1_000_000 as UInt64) + 1)
            let current = Double(random.next(upperBound: 1_000_000 as UInt64))
            samples += [(current - previous) / previous * 100, current / previous * 100, current / 1000]
        }
        // Numbers with few decimals, as statistics are read, whose significands come out of the
        // method with up to 16 trailing zeros to remove.
        for _ in 0..<100_000 {
            let whole = Double(random.next(upperBound: 100_000_000 as UInt64))
            let scale = [1.0, 10, 100, 1000, 10_000][Int(random.next(upperBound: 5 as UInt64))]
            samples += [whole / scale, (whole + 1) / scale / 1e6]
        }
        var mismatches: [String] = []
        for value in samples where value.isNormal {
            let expected = try #require(Self.describedDigits(value))
            let actual = try #require(Self.digits(value))
            if actual != expected, mismatches.count < 10 { mismatches.append("\(value): \(actual) != \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }
}
