import Testing
import VitalityAnalysis
import VitalityModel

@Suite struct ChangeTests {
    @Test func orivesiPopulation() {
        let dataset = Dataset(
            areas: [Area(code: "562", nameFI: "Orivesi", regionCode: "MK06")],
            indicators: [population],
            observations: [obs("562", "population", 2017, 9285), obs("562", "population", 2018, 9221), obs("562", "population", 2019, 9158)]
        )
        let row = Analysis.figures(dataset).row(area: "562", indicator: "population", year: 2019)
        // 9158 − 9221 = −63; −63 / 9221 × 100 = −0.68322307775729…
        #expect(row?.changeAbs == -63)
        #expect(close(row?.changePct, -0.6832230777572932, 1e-12))
        #expect(row?.changePP == nil)
        // index base 2018: 100 × 9158 / 9221 = 99.316776922…
        #expect(close(row?.index, 99.31677692224271, 1e-9))
        #expect(Analysis.yearlyChange(dataset, area: "562", indicator: "population", year: 2018)?.absolute == -64)
    }

    @Test func percentChangeIsUndefinedAtZeroBase() {
        #expect(Analysis.percentChange(from: 0, to: 5) == nil)
        // (−5 − −10) / |−10| × 100 = +50: a negative base still gives the direction of change.
        #expect(Analysis.percentChange(from: -10, to: -5) == 50)
        let dataset = fakeDataset([obs("001", "population", 2018, 0), obs("001", "population", 2019, 5)])
        let row = Analysis.figures(dataset).row(area: "001", indicator: "population", year: 2019)
        #expect(row?.changeAbs == 5)
        #expect(row?.changePct == nil)
        // index base 2018 is zero → empty
        #expect(row?.index == nil)
    }

    @Test func missingYearsGiveMissingChangeNeverZero() {
        let dataset = fakeDataset([
            obs("001", "population", 2016, 100),
            obs("001", "population", 2017, nil),  // `..` in the file
            obs("001", "population", 2018, 110),
            // 2019 absent
            obs("001", "population", 2020, 120),
        ])
        let table = Analysis.figures(dataset)
        let missingRow = table.row(area: "001", indicator: "population", year: 2017)
        #expect(missingRow != nil)
        #expect(missingRow?.value == nil)
        #expect(missingRow?.changeAbs == nil)
        // 2018 follows a missing 2017: no change, and 2016 is not used instead.
        #expect(table.row(area: "001", indicator: "population", year: 2018)?.changeAbs == nil)
        #expect(table.row(area: "001", indicator: "population", year: 2018)?.changePct == nil)
        // 2020 follows an absent 2019: no interpolation.
        #expect(table.row(area: "001", indicator: "population", year: 2020)?.changeAbs == nil)
        #expect(table.row(area: "001", indicator: "population", year: 2019) == nil)
        #expect(Analysis.yearlyChange(dataset, area: "001", indicator: "population", year: 2020) == nil)
    }

    @Test func rateChangesInPercentagePoints() {
        let dataset = fakeDataset([obs("001", "unemployment", 2018, 10.0), obs("001", "unemployment", 2019, 8.5)])
        let row = Analysis.figures(dataset).row(area: "001", indicator: "unemployment", year: 2019)
        // 8.5 − 10.0 = −1.5 points; no percent of a percent
        #expect(row?.changePP == -1.5)
        #expect(row?.changeAbs == -1.5)
        #expect(row?.changePct == nil)
    }

    @Test func indexBaseYear() {
        let dataset = fakeDataset([
            obs("001", "population", 2017, 80), obs("001", "population", 2018, 200), obs("001", "population", 2019, 220),
            obs("002", "population", 2019, 50),  // no base-year value
        ])
        let byDefault = Analysis.figures(dataset)
        // base 2018 (programme start): 100 × 220 / 200 = 110; base year itself = 100
        #expect(byDefault.row(area: "001", indicator: "population", year: 2019)?.index == 110)
        #expect(byDefault.row(area: "001", indicator: "population", year: 2018)?.index == 100)
        #expect(byDefault.row(area: "002", indicator: "population", year: 2019)?.index == nil)
        let from2017 = Analysis.figures(dataset, options: AnalysisOptions(indexBaseYear: 2017))
        // 100 × 220 / 80 = 275
        #expect(from2017.row(area: "001", indicator: "population", year: 2019)?.index == 275)
        let programme2019 = Analysis.figures(dataset, options: AnalysisOptions(programmeStart: 2019))
        #expect(programme2019.row(area: "001", indicator: "population", year: 2018)?.index == 100.0 * 200 / 220)
    }

    @Test func cagr() throws {
        // (121 / 100)^(1/2) − 1 = 1.1 − 1 = 0.10
        let change = Analysis.periodChange(from: 100, to: 121, years: 2)
        #expect(close(change.cagr, 0.10, 1e-12))
        #expect(change.absolute == 21)
        #expect(change.percent == 21)
        let dataset = fakeDataset([obs("001", "population", 2018, 100), obs("001", "population", 2020, 121)])
        let fromData = try #require(Analysis.periodChange(dataset, area: "001", indicator: "population", from: 2018, to: 2020))
        #expect(close(fromData.cagr, 0.10, 1e-12))
        #expect(Analysis.periodChange(dataset, area: "001", indicator: "population", from: 2018, to: 2019) == nil)
    }

    @Test func cagrUndefinedForNonPositive() {
        #expect(Analysis.periodChange(from: 0, to: 5, years: 2).cagr == nil)
        #expect(Analysis.periodChange(from: -5, to: 10, years: 2).cagr == nil)
        #expect(Analysis.periodChange(from: 100, to: -1, years: 2).cagr == nil)
        #expect(Analysis.periodChange(from: 100, to: 0, years: 2).cagr == nil)
        // zero base: percent undefined too, absolute still 5
        #expect(Analysis.periodChange(from: 0, to: 5, years: 2).percent == nil)
        #expect(Analysis.periodChange(from: 0, to: 5, years: 2).absolute == 5)
    }

    @Test func periodChangeOfRateIsInPoints() {
        let change = Analysis.periodChange(from: 10, to: 12.5, years: 3, kind: .rate)
        #expect(change.percentagePoints == 2.5)
        #expect(change.percent == nil)
        #expect(change.cagr == nil)
    }
}
