import Foundation
import Testing
import VitalityAnalysis
import VitalityBuild
import VitalityData
import VitalityModel
import VitalityRender
import VitalityScene
import VitalityTestSupport

@testable import VitalityReport

/// Every shipped template built for every year 2016–2021, seven home municipalities and each
/// of its languages (5 template languages × 7 homes × 6 years = 210 reports; the municipality
/// profile as the report of each home, as `--home` builds it), checked as a
/// reader would: no bare "–" or "{{" in the prose, no other municipality as a sentence's subject,
/// direction words that agree with the signs of the figures, the programme's targets and
/// measures only in the owner's report, and no Finnish units or sources in sv and en reports.
@Suite struct ScenarioMatrixTests {
    /// Orivesi (the owner), Tampere (the largest), Juupajoki (the smallest; no employment rate
    /// for 2015), Kuhmoinen (no unemployment rate for 2016), Punkalaidun (no dependency ratio for
    /// 2015, so no vitality index in 2016), Kangasala and Akaa.
    static let homes = ["562", "837", "177", "291", "619", "211", "020"]
    static let years = Array(2016...2021)
    static let variants: [(template: String, locale: String)] = [
        ("council-report", "fi"), ("council-report", "sv"), ("council-report", "en"), ("award-submission", "fi"),
        ("kuntaprofiili", "fi"),
    ]
    static let cases: [(template: String, locale: String, home: String)] = variants.flatMap { variant in
        homes.map { (variant.template, variant.locale, $0) }
    }

    /// Finnish words of the data that must not appear in a Swedish or English report.
    static let finnishDataWords = ["asukasta", "työpaikkaa", "henkeä", "kpl", "€/asukas", "ei-työllistä", "Tilastokeskus", "havainnollist"]

    static let parsedTemplates: [String: ReportTemplate] = {
        var result: [String: ReportTemplate] = [:]
        for variant in variants {
            let path = ReportTestSupport.sampleTemplates + "/\(variant.template).yaml"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            var parser = TemplateParser(
                file: "\(variant.template).yaml", locale: ReportLocale(rawValue: variant.locale), templates: .onDisk(ReportTestSupport.sampleTemplates))
            result["\(variant.template).\(variant.locale)"] = parser.parse(text, id: variant.template)
        }
        return result
    }()

    @Test(arguments: 0..<cases.count)
    func shippedTemplateStaysTrue(_ caseIndex: Int) throws {
        let scenario = Self.cases[caseIndex]
        let template = try #require(Self.parsedTemplates["\(scenario.template).\(scenario.locale)"])
        let dataset = ReportTestSupport.dataset
        let home = try #require(dataset.area(code: scenario.home))
        let others = dataset.municipalities(region: "MK06").filter { $0.code != home.code }
            .map { $0.name(language: scenario.locale) }
        for year in Self.years {
            let scenarioName = "\(scenario.template) \(scenario.locale) home \(home.nameFI) \(year)"
            let (composed, diagnostics) = ReportComposer(measurer: PangoTextMeasurer()).compose(
                template, dataset: dataset,
                request: ReportRequest(year: year, overridesPinnedYear: true, home: scenario.home))
            #expect(!diagnostics.hasErrors, "\(scenarioName): \(diagnostics)")
            let report = try #require(composed, "\(scenarioName)")
            #expect(report.year == year)
            let prose = Self.prose(report)
            let everything = report.document.pages.flatMap { $0.allTexts.map(\.text) }.joined(separator: "\n")

            // No placeholder left, no bare dash standing for a number.
            #expect(!prose.contains("{{") && !prose.contains("}}"), "\(scenarioName): \(prose)")
            #expect(Self.bareDashes(prose).isEmpty, "\(scenarioName): bare – in \(Self.bareDashes(prose))")

            // No other municipality opens a sentence.
            for sentence in Self.sentences(prose) {
                let opener = others.first { sentence.hasPrefix($0 + " ") || sentence.hasPrefix($0 + ":") }
                #expect(opener == nil, "\(scenarioName): sentence about \(opener ?? ""): \(sentence)")
            }

            // Direction words agree with the figures.
            let figures = report.figures
            let index = figures.row(area: home.code, indicator: Analysis.vitalityIndexID, year: year)
            let population = figures.row(area: home.code, indicator: "population", year: year)
            // The profile tells the rank and population like the council report.
            if scenario.template == "council-report" || scenario.template == "kuntaprofiili" {
                try Self.expectRankWords(prose, rankChange: index?.rank != nil ? index?.rankChange : nil, locale: scenario.locale, scenarioName)
                try Self.expectPopulationWords(prose, change: population?.changeAbs, locale: scenario.locale, scenarioName)
            } else {
                Self.expectAwardWords(prose, row: index, homeIsMostImproved: Self.isMostImproved(home, figures, year, dataset), scenarioName)
            }

            // The programme is the owner's, from its first year.
            let showsProgramme = home.code == "562" && year >= 2018
            let targetWord = ["fi": "Tavoite", "sv": "Mål", "en": "Target"][scenario.locale] ?? "Tavoite"
            let chartTexts = report.charts.flatMap { $0.scene.allTexts.map(\.text) }
            #expect(
                chartTexts.contains { $0.hasPrefix(targetWord + " ") } == (showsProgramme && scenario.template == "council-report"),
                "\(scenarioName): target lines")
            let measureHeader = ["fi": "Toimenpide", "sv": "Åtgärd", "en": "Measure"][scenario.locale] ?? "Toimenpide"
            let hasMeasuresTable = report.document.pages.contains { page in
                page.allTexts.contains { $0.role == .tableHeader && $0.text == measureHeader }
            }
            #expect(hasMeasuresTable == (showsProgramme && scenario.template == "council-report"), "\(scenarioName): measures table")
            if !showsProgramme {
                #expect(report.document.metadata.author.isEmpty || home.code == "562", "\(scenarioName): author \(report.document.metadata.author)")
            }

            // Units and sources in the report's language.
            if scenario.locale != "fi" {
                for word in Self.finnishDataWords {
                    #expect(!everything.contains(word), "\(scenarioName): Finnish `\(word)` in the \(scenario.locale) report")
                }
            } else {
                #expect(!everything.contains("illustrative"), "\(scenarioName): English in the Finnish report")
            }
            #expect(!everything.contains("Vitality,"), "\(scenarioName): the tool named as a source")
        }
    }

    // MARK: A data update

    @Test func partialDataUpdateKeepsTheLastCompleteYearAndWarns() throws {
        let input = try TemporaryFolder()
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: ReportTestSupport.sampleInput), to: input.appendingPathComponent("input"))
        let statistics = input.appendingPathComponent("input/statistics/vaesto_ja_muutto.csv")
        var text = try String(contentsOf: statistics, encoding: .utf8)
        // 2022 arrives for two municipalities' population only.
        text += "KU562,Orivesi,Väkiluku,2022,8950\nKU837,Tampere,Väkiluku,2022,246000\n"
        try Data(text.utf8).write(to: statistics)
        let dataset = InputFolderReader().read(directory: input.appendingPathComponent("input").path).dataset
        #expect(dataset.years.last == 2022)
        let template = try #require(Self.parsedTemplates["council-report.fi"])
        let composer = ReportComposer(measurer: PangoTextMeasurer())

        let (byDefault, defaultDiagnostics) = composer.compose(template, dataset: dataset, request: ReportRequest())
        #expect(try #require(byDefault).year == 2021)
        let incomplete = try #require(defaultDiagnostics.first { $0.code == "report.year-incomplete" })
        #expect(incomplete.severity == .warning)
        #expect(incomplete.message.contains("`jobs` (2022)"), "\(incomplete.message)")
        #expect(incomplete.message.contains("--year 2022"))

        let (asked, askedDiagnostics) = composer.compose(template, dataset: dataset, request: ReportRequest(year: 2022))
        let report = try #require(asked)
        #expect(report.year == 2022)
        let missing = askedDiagnostics.filter { $0.code == "report.missing-value" }
        #expect(missing.allSatisfy { $0.severity == .warning })
        #expect(missing.contains { $0.message.contains("jobs") && $0.message.contains("Orivesi") && $0.message.contains("2022") })
        #expect(!missing.contains { $0.message.contains("`population`") })
        let prose = Self.prose(report)
        #expect(Self.bareDashes(prose).isEmpty, "\(Self.bareDashes(prose))")
        // Orivesi's population 2021 → 2022: 8 978 → 8 950, a fall of 28.
        #expect(prose.contains("Vuoden 2022 lopussa väkiluku oli 8 950; se väheni 28 asukkaalla edellisestä vuodesta."))
        #expect(prose.contains("Työllisyysaste vuodelta 2022 ei ole vielä saatavilla."))
    }

    // MARK: Helpers

    /// The report's paragraphs in reading order, one line.
    static func prose(_ report: ComposedReport) -> String {
        report.document.pages.flatMap { page in page.allTexts.filter { $0.role == .paragraph }.map(\.text) }
            .joined(separator: " ")
            .replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\u{00A0}", with: " ")
    }

    /// A "–" that is not between two digits (a range such as 2018–2021 is fine).
    static func bareDashes(_ text: String) -> [String] {
        let characters = Array(text)
        var found: [String] = []
        for (index, character) in characters.enumerated() where character == "–" {
            let before = index > 0 ? characters[index - 1] : " "
            let after = index + 1 < characters.count ? characters[index + 1] : " "
            if !(before.isNumber && after.isNumber) {
                found.append(String(characters[max(0, index - 30)..<min(characters.count, index + 30)]))
            }
        }
        return found
    }

    static func sentences(_ prose: String) -> [String] {
        prose.components(separatedBy: ". ").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func isMostImproved(_ home: Area, _ figures: FigureTable, _ year: Int, _ dataset: Dataset) -> Bool {
        guard let best = Analysis.mostImproved(figures, region: "MK06", year: year, dataset: dataset).first else { return false }
        return best.rankChange > 0 && best.areaCode == home.code
    }

    static func expectRankWords(_ prose: String, rankChange: Int?, locale: String, _ scenarioName: String) throws {
        let words: [String: (up: String, down: String, same: String, none: String)] = [
            "fi": ("sija nousi", "sija laski", "sija pysyi ennallaan", "elinvoimaindeksiä ei voitu laskea"),
            "sv": ("placeringen steg", "placeringen sjönk", "placeringen var oförändrad", "vitalitetsindexet kunde inte beräknas"),
            "en": (", up ", ", down ", "the same rank as the previous year", "the vitality index could not be computed"),
        ]
        let word = try #require(words[locale], "no rank words for locale \(locale)")
        let expected: String
        let wrong: [String]
        switch rankChange {
        case .some(let change) where change > 0: (expected, wrong) = (word.up, [word.down, word.same])
        case .some(let change) where change < 0: (expected, wrong) = (word.down, [word.up, word.same])
        case .some: (expected, wrong) = (word.same, [word.up, word.down])
        case .none:
            // No change to tell (no index, or none the year before): no direction word at all.
            for text in [word.up, word.down, word.same] { #expect(!prose.contains(text), "\(scenarioName): `\(text)` without a rank change") }
            return
        }
        #expect(prose.contains(expected), "\(scenarioName): expected `\(expected)` for rank change \(String(describing: rankChange))")
        for text in wrong { #expect(!prose.contains(text), "\(scenarioName): `\(text)` with rank change \(String(describing: rankChange))") }
    }

    static func expectPopulationWords(_ prose: String, change: Double?, locale: String, _ scenarioName: String) throws {
        let words: [String: (up: String, down: String, same: String)] = [
            "fi": ("; se kasvoi", "; se väheni", "; se pysyi ennallaan"),
            "sv": ("; den ökade", "; den minskade", "; den var oförändrad"),
            "en": ("; it grew", "; it fell", "; it was unchanged"),
        ]
        let word = try #require(words[locale], "no population words for locale \(locale)")
        // Without a change there is no direction to tell: no word of the three is expected.
        guard let change else { return }
        let expected = change > 0 ? word.up : change < 0 ? word.down : word.same
        #expect(prose.contains(expected), "\(scenarioName): expected `\(expected)` for a population change of \(change)")
        for text in [word.up, word.down, word.same] where text != expected {
            #expect(!prose.contains(text), "\(scenarioName): `\(text)` with a population change of \(change)")
        }
    }

    static func expectAwardWords(_ prose: String, row: FigureRow?, homeIsMostImproved: Bool, _ scenarioName: String) {
        let phrases = ["parani eniten", "nousi elinvoimaindeksissä", "laski elinvoimaindeksissä", "pysyi elinvoimaindeksissä", "ei voida verrata"]
        let expected: String
        if homeIsMostImproved {
            expected = phrases[0]
        } else if let change = row?.rankChange, row?.rank != nil {
            expected = change > 0 ? phrases[1] : change < 0 ? phrases[2] : phrases[3]
        } else {
            expected = phrases[4]
        }
        #expect(prose.contains(expected), "\(scenarioName): expected `\(expected)`")
        for phrase in phrases where phrase != expected {
            #expect(!prose.contains(phrase), "\(scenarioName): `\(phrase)` instead of `\(expected)`")
        }
    }
}
