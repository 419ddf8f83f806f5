import Testing
@testable import VitalityCharts

@Suite struct NumberFormatTests {
    let nbsp = "\u{00A0}"
    let minus = "\u{2212}"

    @Test func finnishNumbers() {
        let whole = NumberFormat(locale: .fi, decimals: 0)
        #expect(whole.number(9243) == "9\(nbsp)243")
        #expect(whole.number(1_234_567) == "1\(nbsp)234\(nbsp)567")
        #expect(whole.number(999) == "999")
        #expect(whole.number(-9243) == "\(minus)9\(nbsp)243")
        let oneDecimal = NumberFormat(locale: .fi, decimals: 1)
        #expect(oneDecimal.number(0.7) == "0,7")
        #expect(oneDecimal.number(-3.25) == "\(minus)3,3")  // half away from zero
        #expect(oneDecimal.number(-0.04) == "0,0")  // rounds to zero: no minus sign
        #expect(NumberFormat(locale: .fi, decimals: 2).number(1.005) == "1,01")  // decimal 1.005, not binary 1.00499…
        #expect(whole.number(2.5) == "3")
        #expect(whole.number(-2.5) == "\(minus)3")
    }

    @Test func englishAndSwedishNumbers() {
        #expect(NumberFormat(locale: .en, decimals: 0).number(9243) == "9,243")
        #expect(NumberFormat(locale: .en, decimals: 1).number(-0.7) == "\(minus)0.7")
        #expect(NumberFormat(locale: .sv, decimals: 1).number(12345.67) == "12\(nbsp)345,7")
        #expect(NumberFormat(locale: .en, decimals: 3).number(0.00005) == "0.000")
        #expect(NumberFormat(locale: .en, decimals: 5).number(0.00005) == "0.00005")
    }

    @Test func signedChanges() {
        #expect(NumberFormat(locale: .fi, decimals: 0).signed(63) == "+63")
        #expect(NumberFormat(locale: .fi, decimals: 0).signed(-1200) == "\(minus)1\(nbsp)200")
        #expect(NumberFormat(locale: .fi, decimals: 0).signed(0.2) == "0")
        #expect(NumberFormat(locale: .fi, decimals: 1).signedPercent(-0.7) == "\(minus)0,7\(nbsp)%")
        #expect(NumberFormat(locale: .sv, decimals: 1).signedPercent(2.25) == "+2,3\(nbsp)%")
        #expect(NumberFormat(locale: .en, decimals: 1).signedPercent(-0.7) == "\(minus)0.7%")
        #expect(NumberFormat(locale: .fi, decimals: 1).percent(12.34) == "12,3\(nbsp)%")
    }

    @Test func percentagePoints() {
        #expect(NumberFormat(locale: .fi, decimals: 1).percentagePoints(1.2) == "+1,2\(nbsp)%-yks.")
        #expect(NumberFormat(locale: .sv, decimals: 1).percentagePoints(1.2) == "+1,2\(nbsp)procentenheter")
        #expect(NumberFormat(locale: .en, decimals: 1).percentagePoints(1.2) == "+1.2\(nbsp)pp")
        #expect(NumberFormat(locale: .en, decimals: 1).percentagePoints(-0.05) == "\(minus)0.1\(nbsp)pp")
    }

    @Test func missingValues() {
        #expect(NumberFormat(locale: .fi).number(nil) == "–")
        #expect(NumberFormat(locale: .fi, missingSymbol: "..").signedPercent(nil) == "..")
        #expect(NumberFormat(locale: .en).number(.nan) == "–")
        #expect(ValueFormat(decimals: 1, isRate: true).string(nil, locale: .fi) == "–")
    }

    @Test func valueFormatKinds() {
        #expect(ValueFormat(decimals: 1, isRate: true).string(9.34, locale: .fi) == "9,3\(nbsp)%")
        #expect(ValueFormat(decimals: 0, kind: .absoluteChange).string(-63, locale: .en) == "\(minus)63")
        #expect(ValueFormat(decimals: 1, kind: .percentagePoints).string(0.25, locale: .fi) == "+0,3\(nbsp)%-yks.")
    }
}

@Suite struct NiceScaleTests {
    @Test func populationDomain() {
        // 0…9243 in six ticks: raw step 9243 / 5 = 1848.6 → 2000.
        let scale = NiceScale(values: [0, 9243], includeZero: true, targetTickCount: 6)
        #expect(scale.ticks == [0, 2000, 4000, 6000, 8000, 10000])
        #expect(scale.step == 2000)
    }

    @Test func mixedSigns() {
        // −3.2…1.1: raw step 4.3 / 5 = 0.86 → 1; floor(−3.2) = −4, ceil(1.1) = 2.
        let scale = NiceScale(values: [-3.2, 1.1], includeZero: true, targetTickCount: 6)
        #expect(scale.ticks == [-4, -3, -2, -1, 0, 1, 2])
        #expect(scale.tickDecimals == 0)
    }

    @Test func smallValues() {
        // 0…0.004: raw step 0.0008 → 0.001, five ticks, three decimals.
        let scale = NiceScale(values: [0, 0.004], includeZero: true, targetTickCount: 6)
        #expect(scale.ticks == [0, 0.001, 0.002, 0.003, 0.004])
        #expect(scale.tickDecimals == 3)
    }

    @Test func quarterSteps() {
        // 0…11: raw step 11 / 4 = 2.75 → 5 with five ticks; 0…9 → 2.25 → 2.5.
        #expect(NiceScale(values: [0, 9], includeZero: true, targetTickCount: 5).ticks == [0, 2.5, 5, 7.5, 10])
        #expect(NiceScale(values: [0, 11], includeZero: true, targetTickCount: 5).ticks == [0, 5, 10, 15])
    }

    @Test func withoutZero() {
        // 8978…9600 without zero: raw step 622 / 5 = 124.4 → 200; 8800…9600.
        let scale = NiceScale(values: [8978, 9600], includeZero: false, targetTickCount: 6)
        #expect(scale.ticks == [8800, 9000, 9200, 9400, 9600])
    }

    @Test func degenerateDomains() {
        // A single value with zero: the bar's own span, 0…5 (step 1).
        #expect(NiceScale(values: [5], includeZero: true, targetTickCount: 6).ticks == [0, 1, 2, 3, 4, 5])
        // All equal, no zero: ±10 % around the value, 90…110 → step 4 → 5.
        #expect(NiceScale(values: [100, 100], includeZero: false, targetTickCount: 6).ticks == [90, 95, 100, 105, 110])
        // All missing: 0…1.
        let empty = NiceScale(values: [nil, nil], includeZero: true, targetTickCount: 6)
        #expect(empty.lower == 0 && empty.upper == 1)
        // All negative with zero: −7…0 → step 1.4 → 2.
        #expect(NiceScale(values: [-7, -2], includeZero: true, targetTickCount: 6).ticks == [-8, -6, -4, -2, 0])
    }

    @Test func minimumStepForCounts() {
        #expect(NiceScale(values: [0, 3], includeZero: true, targetTickCount: 7, minimumStep: 1).ticks == [0, 1, 2, 3])
    }

    @Test func positions() {
        let scale = NiceScale(values: [0, 10], includeZero: true, targetTickCount: 3)
        #expect(scale.position(5, start: 100, end: 0) == 50)
    }
}
