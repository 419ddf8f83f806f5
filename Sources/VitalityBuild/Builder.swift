import Foundation
import VitalityAnalysis
import VitalityData
import VitalityModel
import VitalityRender
import VitalityReport
import VitalityScene

/// What the user asked for: folders, year, home municipality, resolution.
public struct BuildOptions: Sendable {
    public var inputDirectory: String
    public var templatesDirectory: String
    public var outputDirectory: String
    /// `--year`: the year of templates that do not pin one; nil = each template's latest
    /// complete year.
    public var year: Int?
    /// `--override-pinned-year`: `year` applies to templates that pin a year too.
    public var overridesPinnedYear = false
    /// Home municipality by code or name; nil = each template's own.
    public var home: String?
    public var dpi: Double
    /// `SOURCE_DATE_EPOCH`, for the PDF creation date; nil = 31 December of the report year.
    public var sourceDateEpoch: Int?
    /// Build only this locale (`fi`, `sv`, `en`); nil = every locale each template lists.
    public var locale: String?
    /// Which files to write for each chart (beside its CSV data table); default PNG and PDF.
    public var chartFormats: Set<ChartFormat> = [.png, .pdf]

    public init(
        inputDirectory: String = "input", templatesDirectory: String = "templates",
        outputDirectory: String = "output", year: Int? = nil, home: String? = nil, dpi: Double = 150,
        sourceDateEpoch: Int? = nil, locale: String? = nil
    ) {
        self.locale = locale
        self.inputDirectory = inputDirectory
        self.templatesDirectory = templatesDirectory
        self.outputDirectory = outputDirectory
        self.year = year
        self.home = home
        self.dpi = dpi
        self.sourceDateEpoch = sourceDateEpoch
    }
}

/// The result of `check` or `build`: every diagnostic and, for a build, the files written.
public struct BuildOutcome: Sendable {
    public var diagnostics: [Diagnostic]
    public var written: [Manifest.Entry]
    public var reports: [ReportSummary]

    public var succeeded: Bool { !diagnostics.hasErrors }
}

/// What was made of one template: its PDF, page count, year and home municipality.
public struct ReportSummary: Sendable {
    public var id: String
    public var pages: Int
    public var year: Int
    public var home: String
    public var charts: Int
}

/// Runs the pipeline: read and validate inputs and templates, compute figures, compose the
/// reports, render them and the charts, and write everything atomically with a manifest.
public enum Builder {
    /// Reads and validates everything, names every output as `build` would, and writes nothing.
    public static func check(_ options: BuildOptions) -> BuildOutcome {
        var outcome = BuildOutcome(diagnostics: [], written: [], reports: [])
        _ = prepare(options, outcome: &outcome)
        return outcome
    }

    /// Builds every template into the output folder. On any error nothing in the output folder
    /// changes.
    public static func build(_ options: BuildOptions) -> BuildOutcome {
        var outcome = BuildOutcome(diagnostics: [], written: [], reports: [])
        guard let prepared = prepare(options, outcome: &outcome), outcome.succeeded else { return outcome }

        var files: [(path: String, bytes: [UInt8])] = []
        do {
            for output in prepared.plan.outputs {
                files.append((output.path, try bytes(of: output, reports: prepared.reports, options: options)))
            }
        } catch {
            outcome.diagnostics.append(Diagnostic(.error, code: "build.render", error.description))
            return outcome
        }
        let outputs = files.map { Manifest.entry(path: $0.path, bytes: $0.bytes) }
        let manifest = Manifest(
            generator: "vitality", options: manifestOptions(options, prepared: prepared),
            inputs: prepared.inputs, outputs: outputs)
        files.append(("manifest.json", manifest.encoded()))

        do {
            try AtomicWriter(outputDirectory: URL(fileURLWithPath: options.outputDirectory)).write(files)
        } catch {
            outcome.diagnostics.append(Diagnostic(.error, code: "build.write", error.description))
            return outcome
        }
        outcome.written = outputs + [Manifest.entry(path: "manifest.json", bytes: files[files.count - 1].bytes)]
        return outcome
    }

    /// Renders one planned output.
    private static func bytes(of output: OutputPlan.Output, reports: [ComposedReport], options: BuildOptions) throws(BuildError) -> [UInt8] {
        let fileName = (output.path as NSString).lastPathComponent
        switch output.content {
        case .report(let index):
            let report = reports[index]
            return try render({ try Renderer.pdf(report.document) }, what: fileName)
        case .chart(let reportIndex, let chartIndex, let format):
            let report = reports[reportIndex]
            let chart = report.charts[chartIndex]
            switch format {
            case .png:
                return try render({ try Renderer.png(chart.scene, dpi: options.dpi) }, what: fileName)
            case .pdf:
                let metadata = DocumentMetadata(
                    title: chart.scene.title, author: report.document.metadata.author,
                    subject: report.document.metadata.title, creationDate: report.document.metadata.creationDate,
                    language: report.document.metadata.language)
                return try render({ try Renderer.pdf(chart.scene, metadata: metadata) }, what: fileName)
            case .svg:
                return try render({ try Renderer.svg(chart.scene) }, what: fileName)
            }
        case .chartData(let reportIndex, let chartIndex):
            return Array((reports[reportIndex].charts[chartIndex].scene.data?.csv() ?? "").utf8)
        case .figures:
            guard let table = reports.first?.figures else { return [] }
            return Array(FiguresCSV.render(table).utf8)
        }
    }

    private static func render(_ body: () throws -> [UInt8], what: String) throws(BuildError) -> [UInt8] {
        do { return try body() } catch { throw .render(what: what, reason: "\(error)") }
    }

    // MARK: Preparation (shared by check and build)

    private struct Prepared {
        var reports: [ComposedReport]
        var inputs: [Manifest.Entry]
        /// The name of every file `build` writes (but the manifest), planned from the reports.
        var plan: OutputPlan
    }

    private static func prepare(_ options: BuildOptions, outcome: inout BuildOutcome) -> Prepared? {
        let read = InputFolderReader().read(directory: options.inputDirectory)
        outcome.diagnostics += read.diagnostics
        let templates = loadTemplates(options.templatesDirectory, locale: options.locale, diagnostics: &outcome.diagnostics)
        guard !outcome.diagnostics.hasErrors else { return nil }

        let measurer = PangoTextMeasurer()
        let composer = ReportComposer(measurer: measurer)
        var reports: [ComposedReport] = []
        for template in templates {
            let request = ReportRequest(
                year: options.year, overridesPinnedYear: options.overridesPinnedYear, home: options.home,
                sourceDateEpoch: options.sourceDateEpoch)
            let (report, diagnostics) = composer.compose(template, dataset: read.dataset, request: request)
            // A template's languages share its problems: each is listed once.
            outcome.diagnostics += diagnostics.filter { !outcome.diagnostics.contains($0) }
            if let report {
                reports.append(report)
                outcome.reports.append(ReportSummary(
                    id: report.id, pages: report.document.pages.count, year: report.year,
                    home: report.home.nameFI, charts: report.charts.count))
            }
        }
        guard !outcome.diagnostics.hasErrors else { return nil }
        let plan = OutputPlan.plan(reports, formats: options.chartFormats)
        outcome.diagnostics += plan.diagnostics
        guard !outcome.diagnostics.hasErrors else { return nil }
        let templateFiles = Set(templates.map(\.file) + templates.flatMap(\.includes))
        let inputs = inputEntries(options, files: read.files.map(\.path) + templateFiles.sorted())
        return Prepared(reports: reports, inputs: inputs, plan: plan)
    }

    private static func loadTemplates(_ directory: String, locale: String?, diagnostics: inout [Diagnostic]) -> [ReportTemplate] {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: directory) else {
            diagnostics.append(Diagnostic(
                .error, code: "template.folder", "The templates folder does not exist or cannot be read; expected report templates (*.yaml) there.",
                at: SourceLocation(file: directory)))
            return []
        }
        let yamlNames = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        if yamlNames.isEmpty {
            diagnostics.append(Diagnostic(
                .error, code: "template.none", "No report templates (*.yaml) in the templates folder.",
                at: SourceLocation(file: directory)))
        }
        var templates: [ReportTemplate] = []
        for name in yamlNames {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = fileManager.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(Diagnostic(.error, code: "template.encoding", "The template cannot be read as UTF-8 text.", at: SourceLocation(file: path)))
                continue
            }
            let id = (name as NSString).deletingPathExtension
            var locales = TemplateParser.locales(of: text)
            if let locale {
                guard locales.contains(locale) else {
                    diagnostics.append(Diagnostic(
                        .warning, code: "template.locale-skipped",
                        "This template is written in \(locales.joined(separator: ", ")), not `\(locale)`; it is not built. Add `\(locale)` to its `locales:` and give the texts in it.",
                        at: SourceLocation(file: path)))
                    continue
                }
                locales = [locale]
            }
            // One report per locale; the same problem found in several locales is told once.
            for code in locales {
                var parser = TemplateParser(file: path, locale: code, templatesDirectory: directory)
                parser.decodesPNG = Renderer.decodesPNG
                if let template = parser.parse(text, id: id) { templates.append(template) }
                for diagnostic in parser.diagnostics where !diagnostics.contains(diagnostic) {
                    diagnostics.append(diagnostic)
                }
            }
        }
        return templates
    }

    private static func inputEntries(_ options: BuildOptions, files: [String]) -> [Manifest.Entry] {
        files.sorted().compactMap { path in
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            return Manifest.entry(path: path, bytes: Array(data))
        }
    }

    private static func manifestOptions(_ options: BuildOptions, prepared: Prepared) -> [String: String] {
        var result: [String: String] = [
            "input": options.inputDirectory,
            "templates": options.templatesDirectory,
            "dpi": FiguresCSV.number(options.dpi),
            "formats": ChartFormat.allCases.filter(options.chartFormats.contains).map(\.rawValue).joined(separator: ","),
        ]
        if let year = options.year { result["year"] = String(year) }
        if let home = options.home { result["home"] = home }
        if let epoch = options.sourceDateEpoch { result["source_date_epoch"] = String(epoch) }
        for report in prepared.reports {
            result["report.\(report.id).year"] = String(report.year)
            result["report.\(report.id).home"] = report.home.code
        }
        return result
    }
}
