import Testing
import VitalityAnalysis
import VitalityModel

@Suite struct TargetAttainmentTests {
    func measure(baseline: Double?, target: Double?, actuals: [Int: Double], baselineYear: Int? = 2018, targetYear: Int? = 2022) -> Measure {
        Measure(
            id: "M1", theme: "Asuminen", title: "Tontit", status: .ongoing, baselineYear: baselineYear, baseline: baseline,
            targetYear: targetYear, target: target, actuals: actuals)
    }

    @Test func halfwayOnTrack() throws {
        // (150 − 100) / (200 − 100) × 100 = 50 %; elapsed (2020 − 2018) / (2022 − 2018) = 50 %
        let result = try #require(Analysis.targetAttainment(measure(baseline: 100, target: 200, actuals: [2019: 120, 2020: 150]), year: 2020))
        #expect(result.percent == 50)
        #expect(result.elapsedShare == 50)
        #expect(result.onTrack)
        #expect(result.actualYear == 2020)
    }

    @Test func behindSchedule() throws {
        // latest actual at or before 2021 is 2020's 150: 50 % < elapsed 3/4 = 75 %
        let result = try #require(Analysis.targetAttainment(measure(baseline: 100, target: 200, actuals: [2020: 150, 2022: 210]), year: 2021))
        #expect(result.actual == 150)
        #expect(result.elapsedShare == 75)
        #expect(!result.onTrack)
    }

    @Test func targetBelowBaseline() throws {
        // a `down` goal: (8 − 10) / (5 − 10) × 100 = −2 / −5 × 100 = 40 %
        let result = try #require(Analysis.targetAttainment(measure(baseline: 10, target: 5, actuals: [2019: 8]), year: 2019))
        #expect(close(result.percent, 40, 1e-12))
        // elapsed 1/4 = 25 % → on track
        #expect(result.elapsedShare == 25)
        #expect(result.onTrack)
    }

    @Test func halfwayInFloatingPointIsOnTrack() throws {
        // (0.6 − 0.3) / (0.9 − 0.3) × 100 computes to 49.999999999999986, within 1e-9 of the 50 % elapsed
        let result = try #require(Analysis.targetAttainment(measure(baseline: 0.3, target: 0.9, actuals: [2020: 0.6]), year: 2020))
        #expect(result.percent < 50)
        #expect(result.onTrack)
    }

    @Test func elapsedShareIsClamped() throws {
        let late = try #require(Analysis.targetAttainment(measure(baseline: 100, target: 200, actuals: [2020: 150]), year: 2030))
        #expect(late.elapsedShare == 100)
        #expect(!late.onTrack)
    }

    @Test func undefinedCases() {
        #expect(Analysis.targetAttainment(measure(baseline: 100, target: 100, actuals: [2020: 150]), year: 2020) == nil)
        #expect(Analysis.targetAttainment(measure(baseline: nil, target: 200, actuals: [2020: 150]), year: 2020) == nil)
        #expect(Analysis.targetAttainment(measure(baseline: 100, target: nil, actuals: [2020: 150]), year: 2020) == nil)
        #expect(Analysis.targetAttainment(measure(baseline: 100, target: 200, actuals: [2020: 150], targetYear: nil), year: 2020) == nil)
        // no actual at or before the year
        #expect(Analysis.targetAttainment(measure(baseline: 100, target: 200, actuals: [2021: 150]), year: 2020) == nil)
    }
}
