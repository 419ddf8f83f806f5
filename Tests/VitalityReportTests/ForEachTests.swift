import Foundation
import Testing
import VitalityModel
import VitalityReport

/// `for_each:` — a template built for every municipality of its region, of the country or of a
/// list: how it is read.
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

}
