import Foundation
import VitalityTestSupport
import VitalityBuild
import VitalityData
import VitalityModel
import VitalityRender
import VitalityReport
import VitalityScene

/// Paths, the shipped sample and helpers shared by the report tests.
enum ReportTestSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var sampleInput: String { repositoryRoot.appendingPathComponent("input").path }
    static var sampleTemplates: String { repositoryRoot.appendingPathComponent("templates").path }

    /// The shipped sample dataset, read once.
    static let dataset: Dataset = InputFolderReader().read(directory: sampleInput).dataset

    /// A templates folder holding `files` (relative path → text).
    static func templatesFolder(_ files: [String: String]) throws -> TemporaryFolder {
        let folder = try TemporaryFolder("templates")
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }

    /// Parses and composes one template text against the sample data.
    static func compose(_ text: String, id: String = "test", locale: ReportLocale? = nil, year: Int? = nil) -> (ComposedReport?, [Diagnostic]) {
        var parser = TemplateParser(file: "\(id).yaml", locale: locale)
        guard let template = parser.parse(text, id: id) else { return (nil, parser.diagnostics) }
        let (report, diagnostics) = ReportComposer(measurer: PangoTextMeasurer())
            .compose(template, dataset: dataset, request: ReportRequest(year: year))
        return (report, parser.diagnostics + diagnostics)
    }

    /// Python with the `pdfua` package (`scripts/setup.sh --test` puts it in `.venv/`), or nil
    /// when it is not installed.
    static let pdfuaPython: String? = {
        let candidates = [repositoryRoot.appendingPathComponent(".venv/bin/python3").path]
            + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" }
        for python in candidates
        where FileManager.default.isExecutableFile(atPath: python) {
            if let result = try? ProcessRunner.run(python, ["-c", "import pdfua"]), result.status == 0 { return python }
        }
        return nil
    }()

    /// Texts of all text items of a page, in drawing order.
    static func texts(_ scene: Scene) -> [String] { scene.allTexts.map(\.text) }
}

/// A minimal report header for inline templates.
let minimalSettings = """
report:
  title: "Testiraportti {{year}}"
  home: Orivesi
  region: MK06
"""
