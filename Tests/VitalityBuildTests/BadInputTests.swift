import Foundation
import Testing
import VitalityTestSupport
import VitalityBuild
import VitalityModel

/// A bad input yields diagnostics with file and line, exit 1, and an untouched output folder.
@Suite(.serialized) struct BadInputTests {
    @Test func malformedStatisticsFileLeavesOutputUntouched() throws {
        let input = try TestSupport.copyOfSampleInput()
        let broken = input.appendingPathComponent("statistics/vaesto_ja_muutto.csv")
        var text = try String(contentsOf: broken, encoding: .utf8)
        // Line 3 gets text where a number belongs.
        var lines = text.components(separatedBy: "\n")
        var cells = lines[2].components(separatedBy: ",")
        cells[cells.count - 1] = "yhdeksän"
        lines[2] = cells.joined(separator: ",")
        text = lines.joined(separator: "\n")
        try text.write(to: broken, atomically: true, encoding: .utf8)

        let output = try TemporaryFolder()
        try Data("previous report".utf8).write(to: output.appendingPathComponent("council-report.pdf"))
        let before = try TestSupport.snapshot(output.url)

        let outcome = Builder.build(BuildOptions(
            inputDirectory: input.path, templatesDirectory: TestSupport.sampleTemplates, outputDirectory: output.path))
        #expect(!outcome.succeeded)
        let error = try #require(outcome.diagnostics.first { $0.severity == .error })
        #expect(error.location?.file.hasSuffix("statistics/vaesto_ja_muutto.csv") == true)
        #expect(error.location?.line == 3)
        #expect((error.location?.column ?? 0) > 0)
        #expect(error.message.contains("yhdeksän"))
        #expect(try TestSupport.snapshot(output.url) == before)
    }

    @Test func commandExitsOneAndNamesFileAndLine() throws {
        let executable = try #require(TestSupport.executable, "the vitality executable is built with the tests")
        let input = try TestSupport.copyOfSampleInput()
        let measures = input.appendingPathComponent("measures.csv")
        // An opening quote that never closes: the reader must say where it started.
        var data = try Data(contentsOf: measures)
        data.append(contentsOf: Array("X-99;Asuminen;\"Avoin lainaus;Asumispalvelut;;Suunniteltu\r\n".utf8))
        try data.write(to: measures)
        let output = try TemporaryFolder()
        try Data("keep".utf8).write(to: output.appendingPathComponent("figures.csv"))

        let result = try ProcessRunner.run(executable.path, [
            "build", "--input", input.path, "--templates", TestSupport.sampleTemplates, "--output", output.path,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("measures.csv:"))
        #expect(result.stderr.contains("error"))
        #expect(try String(contentsOf: output.appendingPathComponent("figures.csv"), encoding: .utf8) == "keep")
        #expect(try TestSupport.snapshot(output.url).count == 1)
    }

    @Test func checkWritesNothingAndExitsZeroOnTheSample() throws {
        let executable = try #require(TestSupport.executable)
        let scratch = try TemporaryFolder()
        let result = try ProcessRunner.run(executable.path, [
            "check", "--input", TestSupport.sampleInput, "--templates", TestSupport.sampleTemplates,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("council-report"))
        #expect(try TestSupport.snapshot(scratch.url).isEmpty)
    }

    @Test func unknownIndicatorInTemplateIsReportedWithLine() throws {
        let templates = try TemporaryFolder()
        let yaml = """
        report:
          title: Testi
          home: Orivesi
        blocks:
          - heading: Otsikko
          - chart: {type: line, indicator: no_such_indicator}
        """
        try yaml.write(to: templates.appendingPathComponent("test.yaml"), atomically: true, encoding: .utf8)
        let outcome = Builder.check(BuildOptions(inputDirectory: TestSupport.sampleInput, templatesDirectory: templates.path))
        let error = try #require(outcome.diagnostics.first { $0.code == "template.unknown-indicator" })
        #expect(error.location?.line == 6)
        #expect(error.message.contains("no_such_indicator"))
    }

    @Test func outputPathsCannotLeaveTheOutputFolder() {
        #expect(OutputFolder.components(of: "../escape.pdf") == nil)
        #expect(OutputFolder.components(of: "/etc/passwd") == nil)
        #expect(OutputFolder.components(of: "charts/../../x") == nil)
        #expect(OutputFolder.components(of: ".vitality/lock") == nil)
        #expect(OutputFolder.components(of: "charts/line.png") == ["charts", "line.png"])
    }
}
