import Foundation
import Testing
import VitalityBuild
import VitalityModel
import VitalityReport
import VitalityScene
import VitalityTestSupport

/// Every chart type of the gallery is usable from a template and draws the shipped data's own
/// numbers. The expected values are read by hand from `input/statistics/`.
@Suite struct TemplateChartTypesTests {
    /// The one chart of a template holding `chart`, composed for 2021, with the diagnostics.
    private func chart(_ chart: String) throws -> (ComposedChart, DataTable) {
        let (report, diagnostics) = ReportTestSupport.compose(minimalSettings + "\nblocks:\n  - chart: \(chart)\n", year: 2021)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        let composed = try #require(report?.charts.first)
        return (composed, try #require(composed.scene.data))
    }

    /// Rows of a data table as dictionaries by column name.
    private func rows(_ table: DataTable) -> [[String: String]] {
        table.rows.map { Dictionary(uniqueKeysWithValues: zip(table.columns, $0)) }
    }

    /// The errors a template with these blocks gets from `vitality check`, file name only.
    private func errors(_ blocks: String) throws -> [Diagnostic] {
        let folder = try ReportTestSupport.templatesFolder(["t.yaml": minimalSettings + "\nblocks:\n" + blocks])
        let outcome = Builder.check(BuildOptions(inputDirectory: ReportTestSupport.sampleInput, templatesDirectory: folder.path))
        return outcome.diagnostics.filter { $0.severity == .error }
    }

    // input/statistics/talous_ja_koulutus.csv: KU562;Orivesi;Valmistuneet asunnot 2017–2021 = 33, 26, 47, 38, 41.
    @Test func barsShowTheHomeValuesOfTheLatestYears() throws {
        let (composed, table) = try chart("{type: bars, indicator: dwellings_completed, years: 5}")
        #expect(composed.name == "bars-dwellings_completed")
        #expect(rows(table).map { $0["category"] ?? "" } == ["2017", "2018", "2019", "2020", "2021"])
        #expect(rows(table).map { $0["value"] ?? "" } == ["33", "26", "47", "38", "41"])
        // The report year's column is the highlighted one; the others are muted.
        let bars = composed.scene.items.compactMap { item -> Color? in
            if case .shape(.rect(let rect, _), let fill?, nil) = item, rect.width < composed.scene.size.width / 2 { return fill }
            return nil
        }
        #expect(Set(bars).count == 2)
    }

    // talous_ja_koulutus.csv, Verotulot asukasta kohden 2020 / 2021: Orivesi 4250 / 4296,
    // MK06 Pirkanmaa 4472 / 4589, SSS KOKO MAA 4402 / 4534.
    @Test func horizontalBarsCompareHomeRegionAndCountry() throws {
        let (composed, table) = try chart("{type: horizontal_bars, indicator: tax_revenue_per_capita, years: 2}")
        #expect(composed.name == "horizontal-bars-tax_revenue_per_capita")
        let shown = rows(table).map { "\($0["category"] ?? "") \($0["series"] ?? "") \($0["value"] ?? "")" }
        #expect(shown == [
            "Orivesi 2020 4250", "Orivesi 2021 4296", "Pirkanmaa 2020 4472", "Pirkanmaa 2021 4589",
            "Koko maa 2020 4402", "Koko maa 2021 4534",
        ])
    }

    // Orivesi Toimipaikat 2020 / 2021 = 752 / 767, Valmistuneet asunnot 38 / 41: stacks of 790 and 808.
    @Test func stackedBarsAddTheIndicatorsUp() throws {
        let (composed, table) = try chart("{type: stacked_bars, indicators: [enterprises, dwellings_completed], years: 2}")
        #expect(composed.name == "stacked-bars-enterprises-dwellings_completed")
        #expect(rows(table).map { $0["value"] ?? "" } == ["752", "38", "767", "41"])
        let texts = ReportTestSupport.texts(composed.scene)
        #expect(texts.contains("790"))
        #expect(texts.contains("808"))
    }

    // 2021: 767 / 808 = 94.93 % enterprises, 41 / 808 = 5.07 % dwellings.
    @Test func percentBarsShowSharesOfTheYearsTotal() throws {
        let (composed, table) = try chart("{type: percent_bars, indicators: [enterprises, dwellings_completed], years: 2}")
        #expect(composed.name == "percent-bars-enterprises-dwellings_completed")
        let last = rows(table).filter { $0["category"] == "2021" }
        let shares = last.compactMap { $0["share_percent"].flatMap(Double.init) }
        #expect(shares.count == 2)
        #expect(abs(shares[0] - 767.0 / 808 * 100) < 1e-9)
        #expect(abs(shares[1] - 41.0 / 808 * 100) < 1e-9)
        #expect(last.map { $0["share_display"] ?? "" } == ["95\u{A0}%", "5\u{A0}%"])
    }

    // vaesto_ja_muutto.csv, Väkiluku 2020 → 2021 of the 23 KU rows: Orivesi 9008 → 8978
    // (−0.333 %), lowest Punkalaidun −2.298 %, median Hämeenkyrö −0.068 %, highest Pirkkala +2.035 %.
    @Test func dotRangeShowsTheRegionsSpreadOfYearlyChange() throws {
        let (composed, table) = try chart("{type: dot_range, indicators: [population, jobs]}")
        #expect(composed.name == "dot-range-population-jobs")
        let population = Dictionary(uniqueKeysWithValues: rows(table).filter { $0["row"] == "Väkiluku" }.map { ($0["statistic"] ?? "", $0) })
        func value(_ statistic: String) -> Double { population[statistic]?["value"].flatMap(Double.init) ?? .nan }
        #expect(abs(value("home") - (8978.0 - 9008) / 9008 * 100) < 1e-9)
        #expect(abs(value("minimum") - -2.298) < 0.001)
        #expect(abs(value("median") - -0.0677) < 0.001)
        #expect(abs(value("maximum") - 2.035) < 0.001)
        #expect(population["count"]?["value"] == "23")
        #expect(population["home"]?["display"] == "−0,3\u{A0}%")
    }

    // Orivesi Väkiluku 2021 = 8978; jobs (tyollisyys_px.csv, "KU562 Orivesi") 2015–2021 = 3073 … 3176.
    @Test func smallMultiplesHaveAPanelPerIndicator() throws {
        let (composed, table) = try chart("{type: small_multiples, indicators: [population, jobs, employment_rate]}")
        #expect(composed.name == "small-multiples-population-jobs-employment_rate")
        let home = rows(table).filter { $0["role"] == "home" }
        #expect(Set(home.map { $0["panel"] ?? "" }) == ["Väkiluku", "Alueella olevien työpaikkojen lukumäärä", "Työllisyysaste, %"])
        #expect(home.first { $0["panel"] == "Väkiluku" && $0["year"] == "2021" }?["value"] == "8978")
        let jobs = home.filter { $0["panel"] == "Alueella olevien työpaikkojen lukumäärä" }.map { $0["value"] ?? "" }
        #expect(jobs == ["3073", "3085", "3110", "3085", "3190", "3140", "3176"])
        #expect(home.first { $0["panel"] == "Työllisyysaste, %" && $0["year"] == "2021" }?["value"] == "69.6")
    }

    @Test func yearPicksTheLastYearOfABarChart() throws {
        let (composed, table) = try chart("{type: bars, indicator: dwellings_completed, years: 2, year: 2019}")
        #expect(composed.name == "bars-dwellings_completed-2019")
        #expect(rows(table).map { $0["value"] ?? "" } == ["26", "47"])
    }

    // MARK: Wrong settings, at their line and column (settings take lines 1–4, `blocks:` line 5).

    @Test func stackingARateIsRefused() throws {
        let found = try errors("  - chart: {type: stacked_bars, indicators: [jobs, employment_rate]}\n")
        #expect(found.map(\.code) == ["template.stacked-rate"])
        #expect(found.first?.location?.line == 6)
    }

    @Test func stackingDifferentUnitsIsRefused() throws {
        let found = try errors("  - heading: A\n  - chart: {type: percent_bars, indicators: [enterprises, jobs]}\n")
        #expect(found.map(\.code) == ["template.stacked-units"])
        #expect(found.first?.location?.line == 7)
        #expect(found.first?.message.contains("`jobs` (työpaikkaa)") == true)
    }

    @Test func stackingOneIndicatorIsRefused() throws {
        let found = try errors("  - chart: {type: stacked_bars, indicator: enterprises}\n")
        #expect(found.map(\.code) == ["template.chart-indicators"])
        #expect(found.first?.location?.line == 6)
        #expect(found.first?.location?.column == 44)
    }

    @Test func barsOfSeveralIndicatorsAreRefused() throws {
        let found = try errors("  - chart: {type: bars, indicators: [enterprises, jobs]}\n")
        #expect(found.map(\.code) == ["template.chart-indicators"])
        #expect(found.first?.location?.line == 6)
        #expect(found.first?.location?.column == 37)
    }

    @Test func dotRangeOfARateIsRefused() throws {
        let found = try errors("  - chart: {type: dot_range, indicators: [population, unemployment_rate]}\n")
        #expect(found.map(\.code) == ["template.dot-range-rate"])
        #expect(found.first?.location?.line == 6)
    }

    @Test func yearIsRefusedWhereATypeHasNone() throws {
        let found = try errors("  - chart: {type: grouped_bars, indicators: [jobs], year: 2019}\n")
        #expect(found.map(\.code) == ["template.chart-year"])
        #expect(found.first?.message.contains("small_multiples") == true)
    }

    /// Each example under *More chart types* in templates/README.md composes without a diagnostic
    /// and makes one chart.
    @Test func readmeExamplesOfTheChartTypesCompose() throws {
        let readme = try String(contentsOfFile: ReportTestSupport.sampleTemplates + "/README.md", encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "### More chart types").dropFirst().first?
            .components(separatedBy: "\n### ").first)
        let examples = section.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("- chart:") }
        #expect(examples.count == 6)
        for example in examples {
            let (report, diagnostics) = ReportTestSupport.compose(minimalSettings + "\nblocks:\n  " + example + "\n")
            #expect(diagnostics.filter { $0.severity != .note }.isEmpty, "\(example): \(diagnostics)")
            #expect(report?.charts.count == 1, "\(example)")
        }
        #expect(examples.map { $0.components(separatedBy: "type: ").last?.components(separatedBy: ",").first ?? "" }
            == ["bars", "horizontal_bars", "stacked_bars", "percent_bars", "dot_range", "small_multiples"])
    }

    /// A template using every new type builds: a PDF and each chart's PNG and CSV.
    @Test func templateWithEveryNewTypeBuilds() throws {
        let templates = try ReportTestSupport.templatesFolder(["types.yaml": minimalSettings + """

            blocks:
              - chart: {type: bars, indicator: dwellings_completed, years: 5}
              - chart: {type: horizontal_bars, indicator: tax_revenue_per_capita, years: 2}
              - chart: {type: stacked_bars, indicators: [enterprises, dwellings_completed]}
              - chart: {type: percent_bars, indicators: [enterprises, dwellings_completed]}
              - chart: {type: dot_range, indicators: [population, jobs]}
              - chart: {type: small_multiples, indicators: [population, jobs, employment_rate]}
            """])
        let output = try TemporaryFolder("types-output")
        let outcome = Builder.build(BuildOptions(
            inputDirectory: ReportTestSupport.sampleInput, templatesDirectory: templates.path, outputDirectory: output.path))
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        let charts = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("charts").path)
        for name in [
            "bars-dwellings_completed", "horizontal-bars-tax_revenue_per_capita", "stacked-bars-enterprises-dwellings_completed",
            "percent-bars-enterprises-dwellings_completed", "dot-range-population-jobs", "small-multiples-population-jobs-employment_rate",
        ] {
            #expect(charts.contains("\(name).png"), "\(name)")
            #expect(charts.contains("\(name).csv"), "\(name)")
        }
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("types.pdf").path))
    }
}
