import Foundation
import Testing
import VitalityBuild
import VitalityModel
import VitalityRender
import VitalityReport

/// `for_each:` — a template built for every municipality of its region, of the country or of a
/// list: how it is read, which reports it expands to and in which order, and the shipped
/// municipality profile.
@Suite struct ForEachTests {
    static func template(_ forEach: String, owner: String = "", blocks: String = "  - kpis: [population]\n") -> String {
        """
        report:
          title: "Profiili {{year}}"
          home: "562"
        \(owner)  for_each: \(forEach)
        blocks:
        \(blocks)
        """
    }

    static func parse(_ text: String, file: String = "p.yaml") -> (ReportTemplate?, [Diagnostic]) {
        var parser = TemplateParser(file: file)
        let template = parser.parse(text, id: "p")
        return (template, parser.diagnostics)
    }

    static func composeEach(_ text: String, home: String? = nil) throws -> [(ComposedReport?, [Diagnostic])] {
        let (parsed, diagnostics) = parse(text)
        let template = try #require(parsed, "\(diagnostics)")
        return ReportComposer(measurer: PangoTextMeasurer())
            .composeEach(template, dataset: ReportTestSupport.dataset, request: ReportRequest(home: home))
    }

    // MARK: Reading `for_each`

    @Test func readsRegionCountryAndAList() throws {
        #expect(Self.parse(Self.template("region")).0?.settings.forEach == .region)
        #expect(Self.parse(Self.template("country")).0?.settings.forEach == .country)
        let listed = try #require(Self.parse(Self.template("[562, Tampere, \"020\"]")).0?.settings.forEach)
        guard case .list(let entries) = listed else {
            Issue.record("expected a list, got \(listed)")
            return
        }
        #expect(entries.map(\.query) == ["562", "Tampere", "020"])
        // Line 4 of the template; each entry's column.
        #expect(entries.map(\.location.line) == [4, 4, 4])
        #expect(entries.map(\.location.column) == [14, 19, 28])
        #expect(Self.parse(Self.template("region").replacingOccurrences(of: "  for_each: region\n", with: "")).0?.settings.forEach == nil)
    }

    @Test func blockListFormIsReadToo() throws {
        let text = Self.template("\n    - 837\n    - Orivesi")
        let (template, diagnostics) = Self.parse(text)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        guard case .list(let entries) = try #require(template?.settings.forEach) else {
            Issue.record("expected a list")
            return
        }
        #expect(entries.map(\.query) == ["837", "Orivesi"])
        #expect(entries.map(\.location) == [SourceLocation(file: "p.yaml", line: 5, column: 7), SourceLocation(file: "p.yaml", line: 6, column: 7)])
    }

    @Test(arguments: [
        ("regions", "template.for-each", 4, 13),
        ("[]", "template.for-each-empty", 4, 13),
        ("[562, Tampere, tampere]", "template.for-each-duplicate", 4, 28),
        ("{region: MK06}", "template.type", 4, 13),
        ("[562, [837]]", "template.type", 4, 19),
    ])
    func mistakesAreErrorsAtTheirLineAndColumn(_ value: String, _ code: String, _ line: Int, _ column: Int) throws {
        let (template, diagnostics) = Self.parse(Self.template(value))
        #expect(template == nil)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(diagnostics)")
        #expect(errors.first?.code == code, "\(diagnostics)")
        #expect(errors.first?.location == SourceLocation(file: "p.yaml", line: line, column: column), "\(diagnostics)")
    }

    @Test func duplicateNamesTheFirstLine() throws {
        let (_, diagnostics) = Self.parse(Self.template("\n    - Tampere\n    - 562\n    - TAMPERE"))
        let error = try #require(diagnostics.first { $0.code == "template.for-each-duplicate" })
        #expect(error.location?.line == 7)
        #expect(error.message.contains("(line 5)"), "\(error.message)")
    }

    // MARK: Expansion

    @Test func regionExpandsToItsMunicipalitiesSortedByCode() throws {
        let results = try Self.composeEach(Self.template("region"))
        let reports = results.compactMap(\.0)
        #expect(reports.count == 23)
        #expect(results.allSatisfy { !$0.1.hasErrors })
        let codes = reports.map(\.home.code)
        #expect(codes == codes.sorted())
        #expect(codes.first == "020" && codes.last == "980")
        #expect(reports.map(\.id).prefix(3) == ["p/020-akaa", "p/108-hameenkyro", "p/143-ikaalinen"])
        let mantta = try #require(reports.first { $0.home.code == "508" })
        #expect(mantta.id == "p/508-mantta-vilppula")
        #expect(mantta.unit == ReportUnit(folder: "p", stem: "508-mantta-vilppula"))
        #expect(mantta.templateID == "p")
        // Ids are unique: the manifest keys options by them.
        #expect(Set(reports.map(\.id)).count == 23)
    }

    @Test func listIsSortedByCodeAndHomeNarrowsToOne() throws {
        let text = Self.template("[Tampere, 562, KU020]")
        #expect(try Self.composeEach(text).compactMap(\.0?.id) == ["p/020-akaa", "p/562-orivesi", "p/837-tampere"])
        // `--home` builds only that municipality's report, in the same place.
        let narrowed = try Self.composeEach(text, home: "Tampere")
        #expect(narrowed.count == 1)
        #expect(narrowed.first?.0?.id == "p/837-tampere")
        #expect(try Self.composeEach(Self.template("region"), home: "908").compactMap(\.0?.id) == ["p/908-valkeakoski"])
    }

    @Test func countryIsEveryMunicipalityOfTheData() throws {
        let results = try Self.composeEach(Self.template("country"))
        let expected = ReportTestSupport.dataset.areas.filter { $0.kind == .municipality }.map(\.code).sorted()
        #expect(results.compactMap(\.0?.home.code) == expected)
        // Each compared within its own region: no note per municipality about the region.
        #expect(!results.flatMap(\.1).contains { $0.code == "report.region-follows-home" })
    }

    @Test func unknownOrRepeatedMunicipalityIsAnErrorAtItsEntry() throws {
        let results = try Self.composeEach(Self.template("[562, Atlantis, Orivesi, 837]"))
        #expect(results.count == 1)
        #expect(results.first?.0 == nil)
        let diagnostics = results.flatMap(\.1)
        let unknown = try #require(diagnostics.first { $0.code == "report.for-each-unknown" })
        #expect(unknown.location == SourceLocation(file: "p.yaml", line: 4, column: 19))
        #expect(unknown.message.contains("`Atlantis`"))
        // `Orivesi` is 562, listed first as `562`.
        let duplicate = try #require(diagnostics.first { $0.code == "report.for-each-duplicate" })
        #expect(duplicate.location == SourceLocation(file: "p.yaml", line: 4, column: 29))
        #expect(duplicate.message.contains("`562`"))
    }

    @Test func unknownHomeStopsTheSet() throws {
        let text = Self.template("region").replacingOccurrences(of: "home: \"562\"", with: "home: Atlantis")
        let results = try Self.composeEach(text)
        #expect(results.count == 1 && results.first?.0 == nil)
        #expect(results.first?.1.map(\.code) == ["report.unknown-home"])
    }

    @Test func fileStemsFollowTheFinnishName() {
        func stem(_ code: String, _ name: String) -> String {
            ReportUnit.stem(of: Area(code: code, nameFI: name, kind: .municipality))
        }
        #expect(stem("562", "Orivesi") == "562-orivesi")
        #expect(stem("508", "Mänttä-Vilppula") == "508-mantta-vilppula")
        #expect(stem("980", "Ylöjärvi") == "980-ylojarvi")
        #expect(stem("478", "Maarianhamina – Mariehamn") == "478-maarianhamina-mariehamn")
        #expect(stem("060", "Brändö ") == "060-brando")
        #expect(stem("035", "Brå") == "035-bra")
        // Decomposed ä (a + U+0308) is the same name.
        #expect(stem("108", "Ha\u{0308}meenkyro\u{0308}") == "108-hameenkyro")
        #expect(stem("999", "???") == "999")
    }

    /// Tampere and Orivesi in Finnish and Swedish, one chart each.
    static let profileInTwoLocales = """
        report:
          title: {fi: "Profiili {{year}}", sv: "Profil {{year}}"}
          home: "562"
          for_each: [837, Orivesi]
          locales: [fi, sv]
        blocks:
          - heading: {fi: Väestö, sv: Befolkning}
          - chart: {type: line, indicator: population, name: population}

        """

    /// The plan's duplicate check covers the reports of one template line (`report:`), which a
    /// municipality listed twice would make; `composeEach` refuses such a list before.
    @Test func sameReportTwiceFromOneTemplateLineIsADuplicate() throws {
        var parser = TemplateParser(file: "p.yaml")
        let parsed = parser.parse(Self.profileInTwoLocales, id: "p")
        let template = try #require(parsed, "\(parser.diagnostics)")
        let dataset = ReportTestSupport.dataset
        let composer = ReportComposer(measurer: PangoTextMeasurer())
        let orivesi = try #require(composer.composeEach(template, dataset: dataset, request: ReportRequest(home: "562")).first?.0)
        let plan = OutputPlan.plan([orivesi, orivesi], formats: [.png])
        let errors = plan.diagnostics.filter { $0.code == "build.duplicate-output" }
        // The report only: its charts are not listed again.
        #expect(errors.count == 1, "\(plan.diagnostics)")
        #expect(errors.first?.message.contains("`p/562-orivesi.pdf` would also be written by two reports of this line") == true, "\(errors)")
        #expect(OutputPlan.plan([orivesi], formats: [.png]).diagnostics.isEmpty)
        #expect(
            OutputPlan.plan([orivesi], formats: [.png]).outputs.map(\.path) == [
                "p/562-orivesi.pdf", "p/charts/562-orivesi/population.png", "p/charts/562-orivesi/population.csv", "figures.csv",
            ])
    }

    // MARK: Programme and texts

    @Test func withoutOwnerNoReportHasTheProgrammeAndNothingIsNoted() throws {
        let blocks = "  - chart: {type: status}\n  - paragraph: \"{{#if home_is_owner}}omistaja{{#else}}muu{{/if}}\"\n"
        let results = try Self.composeEach(Self.template("[562, 837]", blocks: blocks))
        #expect(results.flatMap(\.1).filter { $0.code.hasPrefix("report.programme") }.isEmpty, "\(results.flatMap(\.1))")
        for report in results.compactMap(\.0) {
            #expect(report.charts.isEmpty, "\(report.id)")
            let texts = report.document.pages.flatMap { ReportTestSupport.texts($0) }
            #expect(texts.contains("muu") && !texts.contains("omistaja"), "\(report.id)")
        }
    }

    @Test func withOwnerTheOthersLeaveTheProgrammeOutWithOneNote() throws {
        let blocks = "  - chart: {type: status}\n"
        let results = try Self.composeEach(Self.template("[562, 837, 020]", owner: "  owner: \"562\"\n", blocks: blocks))
        let notes = results.flatMap(\.1).filter { $0.code == "report.programme-left-out" }
        #expect(notes.count == 1)
        #expect(notes.first?.message.contains("Orivesi") == true)
        #expect(notes.first?.message.contains("2 other municipalities") == true)
        #expect(results.compactMap(\.0).map { $0.charts.count } == [0, 1, 0])
    }

    @Test func chartTitlesResolvePlaceholders() throws {
        let blocks = "  - chart: {type: line, indicator: population, title: \"Väkiluku, {{home}} {{year}}\"}\n"
        let reports = try Self.composeEach(Self.template("[837]", blocks: blocks)).compactMap(\.0)
        let chart = try #require(reports.first?.charts.first)
        #expect(ReportTestSupport.texts(chart.scene).contains("Väkiluku, Tampere 2021"))
    }

    // MARK: The shipped profile

    static func shippedProfile() throws -> [(ComposedReport?, [Diagnostic])] {
        let path = ReportTestSupport.sampleTemplates + "/kuntaprofiili.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var parser = TemplateParser(file: path, templates: .onDisk(ReportTestSupport.sampleTemplates))
        let parsed = parser.parse(text, id: "kuntaprofiili")
        let template = try #require(parsed, "\(parser.diagnostics)")
        #expect(parser.diagnostics.isEmpty, "\(parser.diagnostics)")
        return ReportComposer(measurer: PangoTextMeasurer())
            .composeEach(template, dataset: ReportTestSupport.dataset, request: ReportRequest())
    }

    @Test func shippedProfileIsCleanForAllOfPirkanmaa() throws {
        let results = try Self.shippedProfile()
        #expect(results.count == 23)
        #expect(results.flatMap(\.1).isEmpty, "\(results.flatMap(\.1))")
        for report in results.compactMap(\.0) {
            #expect(report.year == 2021, "\(report.id)")
            #expect(report.charts.map(\.name) == ["vakiluku", "elinvoimaindeksi"], "\(report.id)")
            let texts = report.document.pages.flatMap { ReportTestSupport.texts($0) }.joined(separator: "\n")
            #expect(!texts.contains("{{") && !texts.contains("}}"), "\(report.id)")
            #expect(texts.contains("\(report.home.nameFI): kuntaprofiili 2021"), "\(report.id)")
        }
    }

    /// Net internal migration in Pirkanmaa, by hand from input/statistics/vaesto_ja_muutto.csv:
    /// Mänttä-Vilppula had −38 in 2021; 15 municipalities had more (−31, −25, −24, −22, −12, −6,
    /// 11, 12, 26, 26, 68, 71, 350, 378, 2 948), so rank 16. In 2020 it had −238 and only
    /// Sastamala (−275) had less: rank 22. Rank change 22 − 16 = +6. The region median of 2021 is
    /// the 12th of the 23 sorted values: −22.
    @Test func profileTableShowsAHandCheckedRankAndRankChange() throws {
        let report = try #require(Self.shippedProfile().compactMap(\.0).first { $0.home.code == "508" })
        let row = try #require(report.figures.row(area: "508", indicator: "net_migration", year: 2021))
        #expect(row.value == -38)
        #expect(row.rank == 16)
        #expect(row.rankChange == 6)
        #expect(row.regionMedian == -22)
        // The table row as printed: label, value, change (−38 − −238 = +200), median, rank, rank change.
        let texts = report.document.pages.flatMap { ReportTestSupport.texts($0) }
        let expected = ["Kuntien välinen nettomuutto", "\u{2212}38", "+200", "\u{2212}22", "16", "+6"]
        let rows = texts.indices.filter { texts[$0] == expected[0] }.map { Array(texts[$0...].prefix(6)) }
        #expect(rows.contains(expected), "\(rows)")
    }
}
