import Foundation
import Testing
import VitalityTestSupport
import VitalityBuild
import VitalityModel
import VitalityReport

/// Every template mistake is a diagnostic naming the file, line and column, found by
/// `check` before anything is drawn.
@Suite struct TemplateDiagnosticsTests {
    private func check(_ blocks: String, extraFiles: [String: String] = [:], settings: String = minimalSettings) throws -> [Diagnostic] {
        var files = extraFiles
        files["t.yaml"] = settings + "\nblocks:\n" + blocks
        let folder = try ReportTestSupport.templatesFolder(files)
        let outcome = Builder.check(BuildOptions(inputDirectory: ReportTestSupport.sampleInput, templatesDirectory: folder.path))
        return outcome.diagnostics.filter { $0.code.hasPrefix("template") || $0.code.hasPrefix("report") }
            .map { diagnostic in
                var copy = diagnostic
                copy.location?.file = (diagnostic.location?.file as NSString?)?.lastPathComponent ?? ""
                return copy
            }
    }

    private func only(_ diagnostics: [Diagnostic], _ code: String) throws -> Diagnostic {
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        let first = try #require(errors.first)
        #expect(first.code == code, "\(first)")
        return first
    }

    // Settings take lines 1–4 and `blocks:` line 5, so the first block is on line 6.

    @Test func unknownBlockNamesLineAndColumn() throws {
        let diagnostic = try only(check("  - heading: A\n  - chrat: {type: line}\n"), "template.unknown-block")
        #expect(diagnostic.location == SourceLocation(file: "t.yaml", line: 7, column: 5))
        #expect(diagnostic.message.contains("`chrat`"))
    }

    @Test func unknownIndicator() throws {
        let diagnostic = try only(check("  - heading: A\n  - kpis: [population, popluation]\n"), "template.unknown-indicator")
        #expect(diagnostic.location == SourceLocation(file: "t.yaml", line: 7, column: 5))
        #expect(diagnostic.message.contains("`popluation`"))
    }

    @Test func badPlaceholder() throws {
        let diagnostic = try only(check("  - paragraph: \"Väkiluku {{population.valeu}}\"\n"), "template.placeholder")
        #expect(diagnostic.location == SourceLocation(file: "t.yaml", line: 6, column: 5))
        #expect(diagnostic.message.contains("`valeu`"))
    }

    @Test func wrongType() throws {
        let diagnostic = try only(check("  - heading: [a, b]\n"), "template.type")
        #expect(diagnostic.location == SourceLocation(file: "t.yaml", line: 6, column: 14))
    }

    @Test func wrongChartHeightType() throws {
        let diagnostic = try only(check("  - chart: {type: line, indicator: jobs, height: tall}\n"), "template.height")
        #expect(diagnostic.location?.line == 6)
        #expect(diagnostic.location?.column == 50)
    }

    @Test func yamlSyntaxError() throws {
        let diagnostic = try only(check("  - paragraph: \"unterminated\n"), "template.syntax")
        #expect(diagnostic.location?.file == "t.yaml")
        #expect((diagnostic.location?.line ?? 0) >= 6)
    }

    @Test func includeOutsideTheTemplatesFolder() throws {
        let diagnostic = try only(check("  - include: ../secret.yaml\n"), "template.include-outside")
        #expect(diagnostic.location == SourceLocation(file: "t.yaml", line: 6, column: 14))
    }

    @Test func missingInclude() throws {
        let diagnostic = try only(check("  - include: shared/nothing.yaml\n"), "template.include-missing")
        #expect(diagnostic.location == SourceLocation(file: "t.yaml", line: 6, column: 14))
    }

    @Test func errorInsideSharedSectionNamesThatFile() throws {
        let diagnostic = try only(
            check("  - include: shared/part.yaml\n", extraFiles: ["shared/part.yaml": "blocks:\n  - heading: B\n  - tabel: x\n"]),
            "template.unknown-block")
        #expect(diagnostic.location == SourceLocation(file: "part.yaml", line: 3, column: 5))
    }

    @Test func includeCycle() throws {
        let diagnostic = try only(
            check("  - include: shared/a.yaml\n", extraFiles: ["shared/a.yaml": "blocks:\n  - include: shared/a.yaml\n"]),
            "template.include-cycle")
        #expect(diagnostic.location == SourceLocation(file: "a.yaml", line: 2, column: 14))
    }

    @Test func missingTranslation() throws {
        let settings = minimalSettings + "\n  locales: [fi, sv]"
        let diagnostic = try only(check("  - heading: {fi: Asuminen}\n", settings: settings), "template.translation")
        #expect(diagnostic.location == SourceLocation(file: "t.yaml", line: 7, column: 14))
        #expect(diagnostic.message.contains("sv"))
    }

    @Test func marginOutOfRange() throws {
        let settings = minimalSettings + "\n  margins: 5mm"
        let diagnostic = try only(check("  - heading: A\n", settings: settings), "template.margin")
        #expect(diagnostic.location == SourceLocation(file: "t.yaml", line: 5, column: 12))
    }

    @Test func badThemeColour() throws {
        let settings = minimalSettings + "\n  theme: {accent: blue}"
        let diagnostic = try only(check("  - heading: A\n", settings: settings), "template.colour")
        #expect(diagnostic.location == SourceLocation(file: "t.yaml", line: 5, column: 19))
    }

    @Test func checkWritesNothingAndFindsErrorsBeforeDrawing() throws {
        let output = try TemporaryFolder()
        let folder = try ReportTestSupport.templatesFolder(["t.yaml": minimalSettings + "\nblocks:\n  - kpis: [nope]\n"])
        let outcome = Builder.build(BuildOptions(
            inputDirectory: ReportTestSupport.sampleInput, templatesDirectory: folder.path, outputDirectory: output.path))
        #expect(!outcome.succeeded)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
    }
}
