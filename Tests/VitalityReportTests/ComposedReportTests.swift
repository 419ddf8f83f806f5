import Foundation
import Testing
import VitalityBuild
import VitalityData
import VitalityModel
import VitalityRender
import VitalityScene
import VitalityTestSupport

@testable import VitalityReport

/// The shipped templates bound to the shipped sample: figures checked by hand against
/// input/statistics/*.csv, table of contents, locales, award year.
@Suite struct ComposedReportTests {
    static func template(_ name: String) throws -> String {
        try String(contentsOfFile: ReportTestSupport.sampleTemplates + "/\(name).yaml", encoding: .utf8)
    }

    static func composeShipped(
        _ name: String, locale: String? = nil, year: Int? = nil, overridePinned: Bool = false, home: String? = nil
    ) throws -> ComposedReport {
        try composeShippedWithDiagnostics(name, locale: locale, year: year, overridePinned: overridePinned, home: home).report
    }

    static func composeShippedWithDiagnostics(
        _ name: String, locale: String? = nil, year: Int? = nil, overridePinned: Bool = false, home: String? = nil
    ) throws -> (report: ComposedReport, diagnostics: [Diagnostic]) {
        let reportLocale = try locale.map { try #require(ReportLocale(rawValue: $0), "unknown locale \($0)") }
        var parser = TemplateParser(file: "\(name).yaml", locale: reportLocale, templates: .onDisk(ReportTestSupport.sampleTemplates))
        let template = try #require(parser.parse(try template(name), id: name), "\(parser.diagnostics)")
        let (report, diagnostics) = ReportComposer(measurer: PangoTextMeasurer())
            .compose(template, dataset: ReportTestSupport.dataset, request: ReportRequest(year: year, overridesPinnedYear: overridePinned, home: home))
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        return (try #require(report), diagnostics)
    }

    static func allText(_ report: ComposedReport) -> String {
        report.document.pages.flatMap(ReportTestSupport.texts).joined(separator: "\n")
            .replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
    }

    @Test func councilReportFiguresAreTheSampleData() throws {
        let report = try Self.composeShipped("council-report")
        let text = Self.allText(report)
        // Orivesi (KU562) population: 2020 9 008, 2021 8 978; 2018 9 221 → change −243.
        let prose = text.replacingOccurrences(of: "\n", with: " ")
        #expect(prose.contains("Vuoden 2021 lopussa väkiluku oli 8 978; se väheni 30 asukkaalla edellisestä vuodesta."))
        #expect(prose.contains("Ohjelmakauden alusta vuoteen 2021 väkiluku on vähentynyt 243 asukkaalla."))
        #expect(report.id == "council-report")
        #expect(report.document.metadata.language == "fi-FI")
    }

    @Test func tableOfContentsListsHeadingsWithTheirPagesAndLinks() throws {
        let report = try Self.composeShipped("council-report")
        let contentsPage = report.document.pages[1]
        let texts = contentsPage.allTexts.map(\.text)
        #expect(texts.contains("Sisällys"))
        var links: [String] = []
        func walk(_ items: [SceneItem]) {
            for item in items {
                if case .link(_, .destination(let name)) = item { links.append(name) }
                if case .group(let children, _, _, _) = item { walk(children) }
            }
        }
        walk(contentsPage.items)
        let listed = report.document.outline.filter { $0.level <= 2 }
        #expect(links == listed.map(\.destination))
        for entry in listed {
            let index = try #require(texts.firstIndex(of: entry.title), "\(entry.title) not in the contents")
            #expect(texts[index + 1] == String(entry.pageIndex + 1), "\(entry.title)")
        }
        #expect(listed.first?.title == "Yhteenveto")
        #expect(listed.first?.pageIndex == 1)
    }

    @Test func swedishAndEnglishCouncilReports() throws {
        let swedish = try Self.composeShipped("council-report", locale: "sv")
        #expect(swedish.id == "council-report.sv")
        #expect(swedish.document.metadata.title == "Årsrapport om vitalitetsprogrammet 2021")
        #expect(swedish.document.metadata.language == "sv-FI")
        #expect(Self.allText(swedish).contains("Innehåll"))
        #expect(swedish.document.outline.map(\.title).contains("Boende"))
        let english = try Self.composeShipped("council-report", locale: "en")
        #expect(english.id == "council-report.en")
        #expect(
            Self.allText(english).replacingOccurrences(of: "\n", with: " ")
                .contains("At the end of 2021 the population was 8,978; it fell by 30 from the previous year."))
        #expect(english.document.outline.map(\.title).contains("Regional comparison"))
        #expect(english.charts.allSatisfy { $0.name.hasSuffix(".en") })
    }

    @Test func awardSubmissionIsFor2019AndNamesOrivesiMostImproved() throws {
        let report = try Self.composeShipped("award-submission")
        #expect(report.year == 2019)
        let text = Self.allText(report).replacingOccurrences(of: "\n", with: " ")
        // Sample data: Orivesi's vitality index rank 23 (2018) → 1 (2019), +22 places.
        #expect(
            text.contains(
                "Orivesi oli vuonna 2019 Pirkanmaan kunnista se, jonka elinvoimaindeksin sija parani eniten 23 kunnan joukossa: sijalta 23 sijalle 1."))
        #expect(report.document.metadata.title == "Elinvoimapalkintohakemus 2019")
        // `year: 2019` pins the year: --year alone leaves it, with a note; the override moves it.
        let pinned = try Self.composeShippedWithDiagnostics("award-submission", year: 2020)
        #expect(pinned.report.year == 2019)
        #expect(pinned.diagnostics.contains { $0.code == "report.year-pinned" && $0.severity == .note })
        #expect(try Self.composeShipped("award-submission", year: 2020, overridePinned: true).year == 2020)
    }

    @Test func awardSlopeChartShowsEveryMunicipalityInBothYears() throws {
        let report = try Self.composeShipped("award-submission")
        let slope = try #require(report.charts.first { $0.name == "award-unemployment-slope" })
        let table = try #require(slope.scene.data)
        #expect(table.columns == ["name", "home", "2018", "2018_display", "2019", "2019_display"])
        #expect(table.rows.count == 23)
        let orivesi = try #require(table.rows.first { $0[0] == "Orivesi" })
        // Orivesi's unemployment rate in the shipped sample: 11.8 % (2018) → 10.3 % (2019).
        #expect(orivesi[1] == "yes")
        #expect(orivesi[3] == "11,8\u{00A0}%")
        #expect(orivesi[5] == "10,3\u{00A0}%")
        #expect(table.rows.filter { $0[1] == "yes" }.count == 1)
    }

    @Test func slopeChartFromMustPrecedeItsYear() throws {
        let text = minimalSettings + "\nblocks:\n  - chart: {type: slope, indicator: population, from: 2020, year: 2019}\n"
        let (report, diagnostics) = ReportTestSupport.compose(text)
        #expect(report == nil)
        let error = try #require(diagnostics.first { $0.code == "template.chart-from" })
        #expect(error.location?.line == 6)
    }

    @Test func themeAndMarginsShapeThePage() throws {
        let text = minimalSettings + "\n  margins: {left: 30mm, right: 30mm}\n  theme: {accent: \"#AA0000\"}\nblocks:\n  - heading: Otsikko\n"
        let (report, diagnostics) = ReportTestSupport.compose(text)
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let page = try #require(report?.document.pages.first)
        let heading = try #require(page.allTexts.first { $0.role == .heading(level: 1) })
        #expect(abs(heading.frame.x - 30 * 72 / 25.4) < 0.01)
        #expect(abs(heading.frame.width - (595.2756 - 2 * 30 * 72 / 25.4)) < 0.1)
        #expect(heading.style.color == Color(hex: 0xAA0000))
    }

    /// Roles of a page's texts in reading order, without the running header and page number.
    static func roles(_ page: Scene) -> [TextRole] {
        page.allTexts.map(\.role).filter { $0 != .pageFurniture }
    }

    @Test(arguments: [("award-submission", nil), ("council-report", nil), ("council-report", "sv"), ("council-report", "en")] as [(String, String?)])
    func noPageEndsWithAHeadingOrItsIntroduction(_ name: String, _ locale: String?) throws {
        let report = try Self.composeShipped(name, locale: locale)
        for (index, page) in report.document.pages.enumerated() {
            // What ends the page once trailing paragraphs are set aside must not be a heading:
            // a heading and the paragraphs after it start the page of the block they introduce.
            let roles = Self.roles(page)
            var end = roles.endIndex
            while end > roles.startIndex, roles[end - 1] == .paragraph { end -= 1 }
            let last = end > roles.startIndex ? roles[end - 1] : nil
            let endsWithHeading: Bool
            if case .heading = last { endsWithHeading = true } else { endsWithHeading = false }
            // The sections' closing sentences (after a block) are paragraphs too; those may end a page.
            #expect(!endsWithHeading, "\(name) \(locale ?? "fi") page \(index + 1) ends with a heading and its introduction")
        }
    }
}

/// A home outside the template's region is compared within its own region.
@Suite struct RegionFollowsHomeTests {
    @Test func homeInAnotherRegionIsRankedThere() throws {
        let areas = [
            Area(code: "MK06", nameFI: "Pirkanmaa", kind: .region), Area(code: "MK01", nameFI: "Uusimaa", kind: .region),
            Area(code: "562", nameFI: "Orivesi", kind: .municipality, regionCode: "MK06"),
            Area(code: "837", nameFI: "Tampere", kind: .municipality, regionCode: "MK06"),
            Area(code: "091", nameFI: "Helsinki", kind: .municipality, regionCode: "MK01"),
            Area(code: "049", nameFI: "Espoo", kind: .municipality, regionCode: "MK01"),
        ]
        let values: [(String, Double, Double)] = [("562", 100, 90), ("837", 200, 210), ("091", 300, 330), ("049", 400, 410)]
        let observations = values.flatMap { code, first, second in
            [
                Observation(areaCode: code, indicatorID: "population", year: 2020, value: .number(first)),
                Observation(areaCode: code, indicatorID: "population", year: 2021, value: .number(second)),
            ]
        }
        let dataset = Dataset(
            areas: areas, indicators: [Indicator(id: "population", labelFI: "Väkiluku")], observations: observations)
        var parser = TemplateParser(file: "t.yaml")
        let text = """
            report:
              title: "T {{year}}"
              home: "562"
              region: MK06
            blocks:
              - paragraph: "{{home}} {{population.rank}}/{{region_size}} {{population.change_rank}}"
            """
        let parsed = parser.parse(text, id: "t")
        let template = try #require(parsed, "\(parser.diagnostics)")
        let (report, diagnostics) = ReportComposer(measurer: PangoTextMeasurer())
            .compose(template, dataset: dataset, request: ReportRequest(home: "091"))
        #expect(diagnostics.contains { $0.code == "report.region-follows-home" && $0.severity == .note })
        let composed = try #require(report)
        let prose = composed.document.pages.flatMap { page in page.allTexts.filter { $0.role == .paragraph }.map(\.text) }
        // Uusimaa: Espoo 410, Helsinki 330 → Helsinki rank 2 of 2; change +10 % vs Espoo +2,5 % → change rank 1.
        #expect(prose.contains("Helsinki 2/2 1"), "\(prose)")
    }
}

/// Indicator labels a PC-Axis file gives in Swedish and English reach a report in that locale
/// where indicators.csv has none.
@Suite struct TranslatedIndicatorLabelTests {
    @Test func aSwedishReportShowsThePxFilesLabelWhereIndicatorsCSVHasNone() throws {
        let folder = try TemporaryFolder("px-labels")
        let manager = FileManager.default
        let input = URL(fileURLWithPath: ReportTestSupport.sampleInput)
        for name in try manager.contentsOfDirectory(atPath: input.path) {
            try manager.copyItem(at: input.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let indicators = folder.appendingPathComponent("indicators.csv")
        let table = try String(contentsOf: indicators, encoding: .utf8)
        #expect(table.contains("\npopulation,Väkiluku,Folkmängd,Population,"))
        try Data(table.replacingOccurrences(of: "\npopulation,Väkiluku,Folkmängd,Population,", with: "\npopulation,Väkiluku,,,").utf8)
            .write(to: indicators)
        // Orivesi's population of 2021 as the CSV sample has it (the same value twice is kept once).
        let px = """
            CODEPAGE="utf-8";
            LANGUAGE="fi";
            LANGUAGES="fi","sv","en";
            STUB="Alue";
            HEADING="Tiedot","Vuosi";
            CONTVARIABLE="Tiedot";
            VALUES("Alue")="Orivesi";
            CODES("Alue")="KU562";
            VALUES("Tiedot")="Väkiluku";
            VALUES("Vuosi")="2021";
            STUB[sv]="Område";
            HEADING[sv]="Uppgifter","År";
            VALUES[sv]("Område")="Orivesi";
            VALUES[sv]("Uppgifter")="Befolkning";
            VALUES[sv]("År")="2021";
            STUB[en]="Area";
            HEADING[en]="Information","Year";
            VALUES[en]("Area")="Orivesi";
            VALUES[en]("Information")="Population count";
            VALUES[en]("Year")="2021";
            DATA=
            8978;
            """
        try Data(px.utf8).write(to: folder.appendingPathComponent("statistics/vaesto_kielet.px"))
        let read = InputFolderReader().read(directory: folder.path)
        #expect(!read.diagnostics.contains { $0.severity == .error }, "\(read.diagnostics.filter { $0.severity == .error })")
        let population = try #require(read.dataset.indicator(id: "population"))
        #expect(population.labelSV == "Befolkning")
        #expect(population.labelEN == "Population count")

        let text = minimalSettings + "\n  locales: [fi, sv, en]\nblocks:\n  - paragraph: \"{{population.label}}: {{population.value}}\"\n"
        for (locale, expected) in [(ReportLocale.fi, "Väkiluku: 8 978"), (.sv, "Befolkning: 8 978"), (.en, "Population count: 8,978")] {
            var parser = TemplateParser(file: "t.yaml", locale: locale)
            let parsed = parser.parse(text, id: "t")
            let template = try #require(parsed, "\(parser.diagnostics)")
            let (report, diagnostics) = ReportComposer(measurer: PangoTextMeasurer())
                .compose(template, dataset: read.dataset, request: ReportRequest(year: 2021))
            #expect(!diagnostics.hasErrors, "\(diagnostics)")
            let composed = try #require(report)
            let prose = composed.document.pages.flatMap { page in page.allTexts.filter { $0.role == .paragraph }.map(\.text) }
                .map { $0.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ") }
            #expect(prose.contains(expected), "\(locale): \(prose)")
        }
    }
}
