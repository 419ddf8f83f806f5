import Testing
import VitalityModel
@testable import VitalityReport

/// Conditions and filters of template text, checked by hand against the shipped sample:
/// Orivesi's population 9 008 (2020) → 8 978 (2021), change −30; unemployment rate
/// 12,6 % → 11,2 %, change −1,4 percentage points (down is good).
@Suite struct TemplateTextTests {
    static func paragraph(_ text: String, year: Int = 2021) -> (String?, [Diagnostic]) {
        let yaml = minimalSettings + "\nblocks:\n  - paragraph: \"\(text)\"\n"
        let (report, diagnostics) = ReportTestSupport.compose(yaml, year: year)
        let prose = report?.document.pages.flatMap { $0.allTexts.filter { $0.role == .paragraph }.map(\.text) }
            .first { !$0.contains("·") }?
            .replacingOccurrences(of: "\u{00A0}", with: " ")
        return (prose, diagnostics)
    }

    @Test func filtersWriteWordsThatFollowTheSign() {
        #expect(Self.paragraph("{{population.change}} {{population.change | abs}} {{population.change | trend}}").0 == "−30 30 laski")
        #expect(Self.paragraph("{{population.change | words: kasvoi / väheni / pysyi}}").0 == "väheni")
        // Unemployment fell: good for a `down` indicator.
        #expect(Self.paragraph("{{unemployment_rate.change}} {{unemployment_rate.change | abs}} {{unemployment_rate.change | better: parani / heikkeni / ennallaan}}").0
            == "−1,4 %-yks. 1,4 %-yks. parani")
        #expect(Self.paragraph("{{population.change | abs | plural: asukas / asukasta}}").0 == "asukasta")
        #expect(Self.paragraph("{{region_size | plural: kunta / kuntaa}} {{year}}").0 == "kuntaa 2021")
    }

    @Test func conditionsChooseTheBranchThatHolds() {
        #expect(Self.paragraph("{{#if population.change > 0}}kasvoi{{#elif population.change < 0}}väheni{{#else}}ennallaan{{/if}}").0 == "väheni")
        #expect(Self.paragraph("{{#if population.change >= -30 and population.change <= -30}}tasan{{/if}}").0 == "tasan")
        #expect(Self.paragraph("{{#if not home_is_owner}}muu{{#else}}oma{{/if}}").0 == "oma")
        #expect(Self.paragraph("{{#if population.value or jobs.value}}on{{/if}} {{#if programme_started}}alkanut{{/if}}").0 == "on alkanut")
        // 2015 is the first year: no change, so the condition on it is false and nothing is left twice.
        #expect(Self.paragraph("A {{#if population.change}}muutos{{/if}} B.", year: 2015).0 == "A B.")
    }

    @Test func aMissingFigureIsWrittenInWordsWithAWarning() throws {
        let (text, diagnostics) = Self.paragraph("Muutos {{population.change}}.", year: 2015)
        #expect(text == "Muutos (luku ei ole vielä saatavilla).")
        let warning = try #require(diagnostics.first { $0.code == "report.missing-value" && $0.message.contains("population") })
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("Orivesi") && warning.message.contains("2015"))
    }

    @Test func mistakesAreErrorsEvenInBranchesNotTaken() {
        let cases: [(String, String)] = [
            ("{{#if population.change > 0}}x{{#else}}{{populaton.value}}{{/if}}", "Unknown indicator `populaton`"),
            ("{{#if population.change > 0}}x", "no closing `{{/if}}`"),
            ("{{/if}}", "has no `{{#if …}}`"),
            ("{{population.change | shout}}", "Unknown filter `shout`"),
            ("{{population.change | words: a / b}}", "takes 3 texts"),
            ("{{population.change | trend | abs}}", "only `abs` can come before"),
            ("{{#if population.change >> 0}}x{{/if}}", "is not one of"),
            ("{{home_is_owner}}", "is a condition, not a text"),
            ("{{home | abs}}", "is a text"),
        ]
        for (text, message) in cases {
            let (_, diagnostics) = Self.paragraph(text)
            #expect(diagnostics.contains { $0.severity == .error && $0.message.contains(message) }, "\(text): \(diagnostics)")
        }
    }

    @Test func parserKeepsNestedBranches() throws {
        let parsed = try TemplateText.parse("a{{#if x}}b{{#if y > 1}}c{{/if}}{{#else}}d{{/if}}e").get()
        #expect(parsed.names == ["x", "y"])
        #expect(parsed.pieces.count == 3)
    }

    @Test func spacesLeftByConditionsAreJoined() {
        #expect(ReportBuilder.tidySpaces(" A  B .\n C , D ") == "A B. C, D")
        #expect(ReportBuilder.tidySpaces("9\u{00A0}158  x") == "9\u{00A0}158 x")
    }
}
