import Testing
import VitalityAnalysis
import VitalityModel

@Suite struct VitalityIndexTests {
    static let components = [VitalityComponent("population"), VitalityComponent("unemployment")]
    static let options = AnalysisOptions(vitalityComponents: components)

    /// Three municipalities 001, 002, 003; 004 has population only, 005 nothing.
    static let dataset = fakeDataset([
        obs("001", "population", 2018, 100), obs("001", "population", 2019, 110), obs("001", "population", 2020, 99),
        obs("002", "population", 2018, 200), obs("002", "population", 2019, 200), obs("002", "population", 2020, 200),
        obs("003", "population", 2018, 50), obs("003", "population", 2019, 45), obs("003", "population", 2020, 49.5),
        obs("001", "unemployment", 2018, 10), obs("001", "unemployment", 2019, 11), obs("001", "unemployment", 2020, 10),
        obs("002", "unemployment", 2018, 8), obs("002", "unemployment", 2019, 7), obs("002", "unemployment", 2020, 8),
        obs("003", "unemployment", 2018, 6), obs("003", "unemployment", 2019, 6), obs("003", "unemployment", 2020, 6),
        obs("004", "population", 2018, 10), obs("004", "population", 2019, 10),
        obs(fakeRegion, "population", 2019, 355),
    ])

    // √1.5 = 1.2247448713915890, √1.5 / 2 = 0.6123724356957945
    static let z = 1.224744871391589

    @Test func handComputedIndex() {
        // 2019, population % change: 001 +10, 002 0, 003 −10. Mean 0, population sd √(200/3) = 8.16497,
        //   z = +1.22474, 0, −1.22474.
        // 2019, unemployment points (down): 001 +1, 002 −1, 003 0. Mean 0, sd √(2/3) = 0.81650,
        //   z = +1.22474, −1.22474, 0, flipped for down: −1.22474, +1.22474, 0.
        // Index = mean of the two: 001 0, 002 +0.61237, 003 −0.61237.
        // 004 has no unemployment change: no index, and its population change (0 %) is left out of
        // the population standardisation (with it, sd would be √(200/4) and 001 would get 0.0947).
        let index = Analysis.vitalityIndex(Self.dataset, region: fakeRegion, year: 2019, components: Self.components)
        #expect(Set(index.keys) == ["001", "002", "003"])
        #expect(close(index["001"], 0, 1e-12))
        #expect(close(index["002"], Self.z / 2, 1e-12))
        #expect(close(index["003"], -Self.z / 2, 1e-12))
    }

    @Test func weightsAreNormalised() {
        // weights 3 and 1: 002 = (3 × 0 + 1 × 1.22474) / 4 = 0.30619
        let weighted = [VitalityComponent("population", weight: 3), VitalityComponent("unemployment", weight: 1)]
        let index = Analysis.vitalityIndex(Self.dataset, region: fakeRegion, year: 2019, components: weighted)
        #expect(close(index["002"], Self.z / 4, 1e-12))
        // 001: (3 × 1.22474 − 1.22474) / 4 = 0.61237
        #expect(close(index["001"], Self.z / 2, 1e-12))
    }

    @Test func noVariationGivesZeroScores() {
        #expect(Analysis.zScores(["a": 0.1, "b": 0.1, "c": 0.1]) == ["a": 0, "b": 0, "c": 0])
        // values 1, 3: mean 2, population sd 1 → −1, +1
        #expect(Analysis.zScores(["a": 1, "b": 3]) == ["a": -1, "b": 1])
    }

    @Test func missingComponentMeansNoIndex() {
        let index = Analysis.vitalityIndex(
            Self.dataset, region: fakeRegion, year: 2019,
            components: [VitalityComponent("population"), VitalityComponent("not_in_data")])
        #expect(index.isEmpty)
        #expect(Analysis.vitalityIndex(Self.dataset, region: fakeRegion, year: 2019, components: []).isEmpty)
    }

    @Test func indexRowsInFigureTable() {
        // 2020, population %: 001 −10, 002 0, 003 +10 → z −1.22474, 0, +1.22474
        // 2020, unemployment points: 001 −1, 002 +1, 003 0 → flipped z +1.22474, −1.22474, 0
        // Index 2020: 001 0, 002 −0.61237, 003 +0.61237.
        // Ranks 2019: 002 1, 001 2, 003 3; 2020: 003 1, 001 2, 002 3.
        let table = Analysis.figures(Self.dataset, options: Self.options)
        let id = Analysis.vitalityIndexID
        #expect(table.years(indicator: id) == [2019, 2020])
        let r003 = table.row(area: "003", indicator: id, year: 2020)
        #expect(close(r003?.value, Self.z / 2, 1e-12))
        #expect(r003?.rank == 1)
        #expect(r003?.rankChange == 2)  // 3 − 1
        // change_abs 0.61237 − (−0.61237) = 1.22474, ranked first
        #expect(close(r003?.changeAbs, Self.z, 1e-12))
        #expect(r003?.changeRank == 1)
        #expect(r003?.changePct == nil && r003?.changePP == nil && r003?.index == nil)
        let r002 = table.row(area: "002", indicator: id, year: 2020)
        #expect(r002?.rankChange == -2)
        #expect(r002?.changeRank == 3)
        #expect(table.row(area: "001", indicator: id, year: 2020)?.rankChange == 0)
        // 2019 has no previous index: no change, no rank change
        #expect(table.row(area: "002", indicator: id, year: 2019)?.changeAbs == nil)
        #expect(table.row(area: "002", indicator: id, year: 2019)?.rankChange == nil)
        // median of −0.61237, 0, 0.61237 = 0
        #expect(close(r003?.regionMedian, 0, 1e-12))
        let region = table.row(area: fakeRegion, indicator: id, year: 2020)
        #expect(region?.value == nil && region?.rank == nil)
        #expect(close(region?.regionMedian, 0, 1e-12))
        // 004 never has an index; the country has no index row
        #expect(table.series(area: "004", indicator: id).isEmpty)
        #expect(table.series(area: "SSS", indicator: id).isEmpty)
    }

    @Test func mostImprovedOrdering() {
        func row(_ code: String, rankChange: Int?, indexChange: Double?, rank: Int) -> FigureRow {
            FigureRow(
                areaCode: code, areaName: code, indicatorID: Analysis.vitalityIndexID, year: 2020, value: 0.1,
                changeAbs: indexChange, rank: rank, rankChange: rankChange)
        }
        let table = FigureTable(rows: [
            row("001", rankChange: 2, indexChange: 0.5, rank: 3),
            row("002", rankChange: 2, indexChange: 0.9, rank: 4),
            row("003", rankChange: 3, indexChange: 0.1, rank: 1),
            row("004", rankChange: nil, indexChange: nil, rank: 2),
            row("005", rankChange: -1, indexChange: -0.2, rank: 5),
            row(fakeRegion, rankChange: 9, indexChange: 9, rank: 1),
        ])
        let entries = Analysis.mostImproved(table, region: fakeRegion, year: 2020, dataset: fakeDataset([]))
        // 003 (+3) first; 001 and 002 tie at +2, 002 has the larger index change; then 005 (−1);
        // 004 has no rank change and the region is not a municipality.
        #expect(entries.map(\.areaCode) == ["003", "002", "001", "005"])
        #expect(entries.first?.rankChange == 3)
    }

    @Test func mostImprovedFromFigures() {
        let table = Analysis.figures(Self.dataset, options: Self.options)
        let entries = Analysis.mostImproved(table, region: fakeRegion, year: 2020, dataset: Self.dataset)
        #expect(entries.map(\.areaCode) == ["003", "001", "002"])
    }
}
