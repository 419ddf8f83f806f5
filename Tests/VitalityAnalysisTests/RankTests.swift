import Testing
import VitalityAnalysis
import VitalityModel

@Suite struct RankTests {
    @Test func tiesShareTheBestRank() {
        let ranks = Analysis.ranks(["a": 5, "b": 3, "c": 3, "d": 1], direction: .up)
        #expect(ranks == ["a": 1, "b": 2, "c": 2, "d": 4])
    }

    @Test func floatingPointTieWithinRelativeTolerance() {
        let first = 8.1 - 8.3   // −0.20000000000000107
        let second = 8.9 - 9.1  // −0.1999999999999993
        #expect(first != second)
        let ranks = Analysis.ranks(["x": first, "y": second, "z": 0.5, "w": -0.3], direction: .up)
        #expect(ranks == ["z": 1, "x": 2, "y": 2, "w": 4])
        // A real difference of 1e-6 on 0.2 is not a tie.
        #expect(Analysis.ranks(["x": -0.2, "y": -0.200001], direction: .up) == ["x": 1, "y": 2])
    }

    @Test func floatingPointTieInChangeRankOfRate() {
        let dataset = fakeDataset([
            obs("001", "unemployment", 2018, 8.3), obs("001", "unemployment", 2019, 8.1),
            obs("002", "unemployment", 2018, 9.1), obs("002", "unemployment", 2019, 8.9),
            obs("003", "unemployment", 2018, 5.0), obs("003", "unemployment", 2019, 4.0),
            obs("004", "unemployment", 2018, 5.0), obs("004", "unemployment", 2019, 6.0),
        ])
        let table = Analysis.figures(dataset)
        // points −0.2, −0.2, −1.0, +1.0; down: −1.0 best
        #expect(table.row(area: "003", indicator: "unemployment", year: 2019)?.changeRank == 1)
        #expect(table.row(area: "001", indicator: "unemployment", year: 2019)?.changeRank == 2)
        #expect(table.row(area: "002", indicator: "unemployment", year: 2019)?.changeRank == 2)
        #expect(table.row(area: "004", indicator: "unemployment", year: 2019)?.changeRank == 4)
    }

    @Test func downDirectionRanksSmallestFirst() {
        #expect(Analysis.ranks(["a": 12.0, "b": 6.5, "c": 9.0], direction: .down) == ["b": 1, "c": 2, "a": 3])
        let dataset = fakeDataset([
            obs("001", "unemployment", 2019, 12.0), obs("002", "unemployment", 2019, 6.5), obs("003", "unemployment", 2019, 9.0),
        ])
        let table = Analysis.figures(dataset)
        #expect(table.row(area: "002", indicator: "unemployment", year: 2019)?.rank == 1)
        #expect(table.row(area: "001", indicator: "unemployment", year: 2019)?.rank == 3)
    }

    @Test func neutralRanksLargestFirst() {
        #expect(Analysis.ranks(["a": -4, "b": 10, "c": 0], direction: .neutral) == ["b": 1, "c": 2, "a": 3])
        let dataset = fakeDataset([obs("001", "migration", 2019, -4), obs("002", "migration", 2019, 10)])
        #expect(Analysis.figures(dataset).row(area: "002", indicator: "migration", year: 2019)?.rank == 1)
    }

    @Test func unlistedIndicatorIsNeutralLevel() {
        let dataset = fakeDataset([
            obs("001", "Muuttovoitto", 2018, 10), obs("001", "Muuttovoitto", 2019, 15),
            obs("002", "Muuttovoitto", 2018, 40), obs("002", "Muuttovoitto", 2019, 30),
        ])
        let table = Analysis.figures(dataset)
        // level: (15 − 10) / 10 × 100 = +50 %; neutral: the larger value (30) ranks first
        #expect(table.row(area: "001", indicator: "Muuttovoitto", year: 2019)?.changePct == 50)
        #expect(table.row(area: "002", indicator: "Muuttovoitto", year: 2019)?.rank == 1)
        #expect(table.row(area: "001", indicator: "Muuttovoitto", year: 2019)?.changeRank == 1)
    }

    @Test func medianOddAndEven() {
        #expect(Analysis.median([]) == nil)
        #expect(Analysis.median([7]) == 7)
        #expect(Analysis.median([9, 1, 5]) == 5)
        // sorted 1, 3, 5, 9 → (3 + 5) / 2 = 4
        #expect(Analysis.median([9, 1, 5, 3]) == 4)
    }

    @Test func aggregatesStayOutOfRanksAndMedians() {
        let dataset = fakeDataset([
            obs("001", "population", 2019, 100), obs("002", "population", 2019, 300),
            obs("003", "population", 2019, 200), obs("004", "population", 2019, 400),
            obs("005", "population", 2019, nil),
            obs(fakeRegion, "population", 2019, 1_000), obs("SSS", "population", 2019, 5_000_000),
        ])
        let table = Analysis.figures(dataset)
        // municipalities 100, 200, 300, 400 (005 missing): median (200 + 300) / 2 = 250
        #expect(table.row(area: "004", indicator: "population", year: 2019)?.rank == 1)
        #expect(table.row(area: "001", indicator: "population", year: 2019)?.rank == 4)
        #expect(table.row(area: "005", indicator: "population", year: 2019)?.rank == nil)
        #expect(table.row(area: "001", indicator: "population", year: 2019)?.regionMedian == 250)
        #expect(table.row(area: "005", indicator: "population", year: 2019)?.regionMedian == 250)
        let region = table.row(area: fakeRegion, indicator: "population", year: 2019)
        #expect(region?.rank == nil && region?.changeRank == nil && region?.rankChange == nil)
        #expect(region?.regionMedian == 250)
        let country = table.row(area: "SSS", indicator: "population", year: 2019)
        #expect(country?.rank == nil)
        #expect(country?.regionMedian == nil)
        #expect(country?.value == 5_000_000)
    }

    @Test func rankChangeSign() {
        let dataset = fakeDataset([
            obs("001", "population", 2018, 100), obs("002", "population", 2018, 200), obs("003", "population", 2018, 300),
            obs("001", "population", 2019, 400), obs("002", "population", 2019, 200), obs("003", "population", 2019, 300),
        ])
        let table = Analysis.figures(dataset)
        // 001: rank 3 → 1, 3 − 1 = +2 (improved); 002: 2 → 3, −1; 003: 1 → 2, −1
        #expect(table.row(area: "001", indicator: "population", year: 2019)?.rankChange == 2)
        #expect(table.row(area: "002", indicator: "population", year: 2019)?.rankChange == -1)
        #expect(table.row(area: "003", indicator: "population", year: 2019)?.rankChange == -1)
        #expect(table.row(area: "001", indicator: "population", year: 2018)?.rankChange == nil)
        // change rank on percent: 001 +300 %, 002 0 %, 003 0 % → 1, 2, 2
        #expect(table.row(area: "001", indicator: "population", year: 2019)?.changeRank == 1)
        #expect(table.row(area: "003", indicator: "population", year: 2019)?.changeRank == 2)
    }

    @Test func tableIsSortedAndSearchable() {
        let dataset = fakeDataset([
            obs("002", "population", 2019, 1), obs("001", "unemployment", 2019, 1), obs("001", "population", 2019, 1),
            obs("001", "population", 2018, 1),
        ])
        let table = Analysis.figures(dataset)
        let keys = table.rows.map { "\($0.indicatorID) \($0.areaCode) \($0.year)" }
        #expect(keys == ["population 001 2018", "population 001 2019", "population 002 2019", "unemployment 001 2019"])
        #expect(table.series(area: "001", indicator: "population").map(\.year) == [2018, 2019])
        #expect(table.rows(indicator: "population", year: 2019).map(\.areaCode) == ["001", "002"])
        #expect(table.row(area: "001", indicator: "population", year: 2019)?.areaName == "Aaala")
    }
}
