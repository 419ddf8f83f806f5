import Foundation
import Testing
import VitalityTestSupport
import VitalityBuild

/// A new report needs no code: a YAML file in the templates folder becomes a PDF.
@Suite struct NewTemplateTests {
    @Test func myReportTemplateBuildsToMyReportPDF() throws {
        let templates = try ReportTestSupport.templatesFolder([
            "my-report.yaml": """
            report:
              title: "Työllisyyskatsaus {{year}}"
              home: Orivesi
              locales: [fi, en]
              theme: grayscale
              margins: 25mm
            blocks:
              - contents: {levels: 1}
              - heading: {fi: Työllisyys, en: Employment}
              - paragraph: {fi: "Työpaikkoja oli {{jobs.value}}.", en: "There were {{jobs.value}} jobs."}
              - chart: {type: line, indicator: jobs}
              - include: shared/measures.yaml
            """,
            "shared/measures.yaml": """
            blocks:
              - heading: {fi: Viivästyneet, en: Delayed}
              - measures: {status: delayed}
            """,
        ])
        let output = try TemporaryFolder()
        let outcome = Builder.build(BuildOptions(
            inputDirectory: ReportTestSupport.sampleInput, templatesDirectory: templates.path, outputDirectory: output.path))
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        let files = try FileManager.default.contentsOfDirectory(atPath: output.path)
        #expect(files.contains("my-report.pdf"))
        #expect(files.contains("my-report.en.pdf"))
        #expect(outcome.reports.map(\.id) == ["my-report", "my-report.en"])
        let pdfinfo = try #require(ToolLookup.executable("pdfinfo"), "pdfinfo is needed (scripts/setup.sh --test)")
        let info = try ProcessRunner.run(pdfinfo, [output.appendingPathComponent("my-report.pdf").path])
        #expect(info.output.contains("Title:           Työllisyyskatsaus 2021"))
        #expect(info.output.contains("Tagged:          yes"))
        // The shared section is an input of the build.
        let manifest = try String(contentsOf: output.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("shared/measures.yaml"))
    }

    @Test func readmeExampleIsAValidTemplate() throws {
        let readme = try String(contentsOfFile: ReportTestSupport.sampleTemplates + "/README.md", encoding: .utf8)
        let example = try #require(readme.components(separatedBy: "## A complete example").last?
            .components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
        let shared = try String(contentsOfFile: ReportTestSupport.sampleTemplates + "/shared/regional-comparison.yaml", encoding: .utf8)
        let templates = try ReportTestSupport.templatesFolder(["example.yaml": example, "shared/regional-comparison.yaml": shared])
        let outcome = Builder.check(BuildOptions(inputDirectory: ReportTestSupport.sampleInput, templatesDirectory: templates.path))
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        #expect(outcome.reports.map(\.id) == ["example", "example.en"])
    }

    @Test func localeOptionBuildsOnlyThatLanguage() throws {
        let output = try TemporaryFolder()
        let outcome = Builder.build(BuildOptions(
            inputDirectory: ReportTestSupport.sampleInput, templatesDirectory: ReportTestSupport.sampleTemplates,
            outputDirectory: output.path, locale: .sv))
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        #expect(outcome.reports.map(\.id) == ["council-report.sv"])
        #expect(outcome.diagnostics.contains { $0.code == "template.locale-skipped" && $0.location?.file.hasSuffix("award-submission.yaml") == true })
    }
}
