import Foundation
import Testing
import VitalityTestSupport
import VitalityBuild
import VitalityModel

/// `check` names every output as `build` does: a copied template builds beside its original,
/// and a name that is really taken twice is the same error, at the same lines, from both.
@Suite(.serialized) struct OutputPlanTests {
    /// A small bilingual report with two charts; copies of it make the same chart names.
    static let report = """
        report:
          title: {fi: "Testi {{year}}", sv: "Test {{year}}"}
          home: Orivesi
          region: MK06
          locales: [fi, sv]
        blocks:
          - heading: {fi: Väestö, sv: Befolkning}
          - chart: {type: line, indicator: population}
          - chart: {type: ranking, indicator: jobs, height: 200, name: jobs-ranking}

        """

    static func templates(_ files: [String: String]) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }

    static func options(_ templates: URL, output: URL) -> BuildOptions {
        BuildOptions(inputDirectory: TestSupport.sampleInput, templatesDirectory: templates.path, outputDirectory: output.path)
    }

    /// Runs `vitality check` and `vitality build` on the folder; both results.
    static func checkAndBuild(_ templates: URL, output: URL) throws -> (check: ProcessResult, build: ProcessResult) {
        let executable = try #require(TestSupport.executable, "the vitality executable is built with the tests")
        let common = ["--input", TestSupport.sampleInput, "--templates", templates.path]
        let check = try ProcessRunner.run(executable.path, ["check"] + common)
        let build = try ProcessRunner.run(executable.path, ["build"] + common + ["--output", output.path])
        return (check, build)
    }

    /// The diagnostic lines of a run's stderr (without the closing count and the build's note).
    static func diagnosticLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { $0.contains(": error: ") || $0.contains(": warning: ") }
    }

    @Test func copiedTemplateBuildsBesideItsOriginal() throws {
        let folder = try Self.templates(["annual.yaml": Self.report, "my-report.yaml": Self.report, "other.yaml": Self.report.replacingOccurrences(of: "name: jobs-ranking", with: "name: other-jobs").replacingOccurrences(of: "indicator: population", with: "indicator: jobs")])
        let output = try TemporaryFolder()
        let (check, build) = try Self.checkAndBuild(folder.url, output: output.url)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(build.status == check.status, "\(build.stderr)")
        #expect(Self.diagnosticLines(build.stderr) == Self.diagnosticLines(check.stderr))
        // The two templates with the same chart names each get a folder; `other` shares none.
        for path in [
            "annual.pdf", "annual.sv.pdf", "my-report.pdf", "my-report.sv.pdf",
            "charts/annual/line-population.png", "charts/annual/line-population.sv.csv", "charts/annual/jobs-ranking.pdf",
            "charts/my-report/line-population.png", "charts/my-report/jobs-ranking.sv.png",
            "charts/line-jobs.png", "charts/other-jobs.sv.png",
        ] {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path), "\(path)")
        }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("charts/line-population.png").path))
    }

    @Test func sameReportNameIsOneErrorPerTemplateLineFromCheckAndBuild() throws {
        // `x.yaml` lists sv, so it writes x.sv.pdf; `x.sv.yaml` is named so too.
        let folder = try Self.templates(["x.yaml": Self.report, "x.sv.yaml": Self.report])
        let output = try TemporaryFolder()
        let (check, build) = try Self.checkAndBuild(folder.url, output: output.url)
        #expect(check.status == 1)
        #expect(build.status == 1)
        let lines = Self.diagnosticLines(check.stderr)
        #expect(lines == Self.diagnosticLines(build.stderr))
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.contains { $0.hasPrefix(folder.appendingPathComponent("x.yaml").path + ":5:3: error: `x.sv.pdf`") && $0.hasSuffix("[build.duplicate-output]") })
        #expect(lines.contains { $0.hasPrefix(folder.appendingPathComponent("x.sv.yaml").path + ":1:1: error: `x.sv.pdf`") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
    }

    @Test func chartNameTakenByAnotherLocaleIsFoundAtItsNameLine() throws {
        // The Finnish chart named `jobs-ranking.sv` and the Swedish `jobs-ranking` (+ `.sv`).
        let text = Self.report.replacingOccurrences(of: "indicator: population}", with: "indicator: population, name: jobs-ranking.sv}")
        let folder = try Self.templates(["x.yaml": text])
        let output = try TemporaryFolder()
        let checked = Builder.check(Self.options(folder.url, output: output.url))
        let built = Builder.build(Self.options(folder.url, output: output.url))
        #expect(!checked.succeeded && !built.succeeded)
        #expect(checked.diagnostics == built.diagnostics)
        let lines = checked.diagnostics.filter { $0.code == "build.duplicate-output" }.compactMap(\.location).map(\.line).sorted()
        #expect(lines == [8, 9], "\(checked.diagnostics)")
        let duplicates = checked.diagnostics.filter { $0.code == "build.duplicate-output" }
        #expect(duplicates.allSatisfy { $0.message.contains("`charts/jobs-ranking.sv.*`") })
        #expect(built.written.isEmpty)
    }

    @Test func chartNameLeavingTheChartsFolderIsAnErrorAtItsNameLine() throws {
        let text = Self.report.replacingOccurrences(of: "name: jobs-ranking", with: "name: ../council-report")
        let folder = try Self.templates(["x.yaml": text])
        let output = try TemporaryFolder()
        let checked = Builder.check(Self.options(folder.url, output: output.url))
        let built = Builder.build(Self.options(folder.url, output: output.url))
        #expect(checked.diagnostics == built.diagnostics)
        let error = try #require(checked.diagnostics.first { $0.code == "build.output-name" })
        #expect(error.location == SourceLocation(file: folder.appendingPathComponent("x.yaml").path, line: 9, column: 58))
        #expect(checked.diagnostics.filter { $0.code == "build.output-name" }.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
    }

    /// Chart names come from templates; none of these may name a file outside `charts/`.
    @Test(arguments: [
        "..", "../../../tmp/escape", "/etc/passwd", "a/b", "a\\\\b", ".hidden", "\"x\\0y\"", "\"x\\ey\"",
        String(repeating: "n", count: 201),
    ])
    func hostileChartNamesAreErrorsAtTheirNameLine(_ name: String) throws {
        let text = Self.report.replacingOccurrences(of: "name: jobs-ranking", with: "name: \(name)")
        let folder = try Self.templates(["x.yaml": text])
        let output = try TemporaryFolder()
        let checked = Builder.check(Self.options(folder.url, output: output.url))
        let error = try #require(checked.diagnostics.first { $0.code == "build.output-name" }, "\(checked.diagnostics)")
        #expect(error.location?.line == 9)
        #expect(!Builder.build(Self.options(folder.url, output: output.url)).succeeded)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
    }

    /// A template file `...yaml` would be report `..`: refused before anything is written.
    @Test func aTemplateNamedDotDotIsAnError() throws {
        let folder = try Self.templates(["...yaml": Self.report])
        let output = try TemporaryFolder()
        let checked = Builder.check(Self.options(folder.url, output: output.url))
        #expect(checked.diagnostics.contains { $0.code == "build.output-name" }, "\(checked.diagnostics)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
    }
}
