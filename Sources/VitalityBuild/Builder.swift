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
    /// When another build holds the output folder: wait for it (true) or fail at once.
    public var waitForLock = true
    /// Told who holds the output folder's lock before waiting for it.
    public var onWait: (@Sendable (String) -> Void)?

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
    /// The output folder was locked by another build and `waitForLock` was false.
    public var locked = false
    /// Whether the output folder's files changed: the build published, or a failed publish
    /// could not be undone. False for a failed build that left the folder as it was.
    public var outputChanged = false
    /// What was done to an interrupted publish of an earlier run before this build.
    public var recovered: OutputFolder.Recovery?

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

    /// Builds every template into the output folder, holding its lock throughout. First
    /// completes a publish an earlier run left unfinished. On any error the output folder's files
    /// stay as they were (`outputChanged` false) unless a failed publish could not be undone.
    public static func build(_ options: BuildOptions) -> BuildOutcome {
        var outcome = BuildOutcome(diagnostics: [], written: [], reports: [])
        let folder: OutputFolder
        do {
            folder = try OutputFolder(path: options.outputDirectory, wait: options.waitForLock) { holder in
                options.onWait?(holder.description)
            }
            outcome.recovered = try folder.recover()
        } catch {
            if case .locked = error { outcome.locked = true }
            outcome.diagnostics.append(Diagnostic(.error, code: error.code, error.description))
            return outcome
        }
        if let recovered = outcome.recovered {
            outcome.diagnostics.append(Diagnostic(
                .note, code: "build.recovered",
                recovered == .completed
                    ? "An earlier build was stopped while publishing; its publish was completed first."
                    : "An earlier build failed while publishing; its changes were undone first.",
                at: SourceLocation(file: options.outputDirectory)))
        }
        let stamps = InputStamps(options)
        guard let prepared = prepare(options, outcome: &outcome), outcome.succeeded else { return outcome }

        var files: [(path: String, bytes: [UInt8])] = []
        var outputs: [Manifest.Entry] = []
        do {
            for output in prepared.plan.outputs {
                let bytes = try bytes(of: output, reports: prepared.reports, options: options)
                files.append((output.path, bytes))
                outputs.append(Manifest.entry(path: output.path, bytes: bytes, locale: locale(of: output, prepared: prepared)))
            }
        } catch {
            outcome.diagnostics.append(Diagnostic(.error, code: "build.render", error.description))
            return outcome
        }
        // The input digests must be of the bytes parsed: an input changed while it was read fails.
        outcome.diagnostics += stamps.changes(among: prepared.inputs.map(\.path))
        guard outcome.succeeded else { return outcome }

        // The manifest owns its files: what the previous build wrote and this one no longer
        // makes is removed, unless this build makes only part of the set (`--locale`).
        let produced = Set(outputs.map(\.path))
        var kept: [Manifest.Entry] = []
        var removals: [String] = []
        for entry in folder.previousManifest()?.outputs ?? [] where !produced.contains(entry.path) && entry.path != OutputFolder.manifestName {
            switch folder.presence(of: entry) {
            case .missing: continue
            case .changed:
                outcome.diagnostics.append(Diagnostic(
                    .note, code: "build.output-changed",
                    "This file was changed after Vitality wrote it; it is left as it is and no longer listed in manifest.json.",
                    at: SourceLocation(file: OutputFolder.join(options.outputDirectory, entry.path))))
            case .same:
                if options.locale == nil || entry.locale == options.locale {
                    removals.append(entry.path)
                } else {
                    kept.append(entry)
                }
            }
        }
        let manifest = Manifest(
            generator: "vitality", options: manifestOptions(options, prepared: prepared),
            inputs: prepared.inputs, outputs: outputs + kept.sorted { $0.path < $1.path })
        files.append((OutputFolder.manifestName, manifest.encoded()))

        do {
            try folder.publish(files, removing: removals)
        } catch {
            outcome.outputChanged = !error.undone
            outcome.diagnostics.append(Diagnostic(.error, code: error.error.code, error.error.description))
            return outcome
        }
        outcome.outputChanged = true
        outcome.written = outputs + [Manifest.entry(path: OutputFolder.manifestName, bytes: files[files.count - 1].bytes)]
        return outcome
    }

    /// Completes or undoes a publish that a killed run left in `directory`, and removes the
    /// leftovers of killed runs, holding the folder's lock.
    public static func recover(outputDirectory: String, wait: Bool, onWait: @escaping (String) -> Void = { _ in }) throws(BuildError) -> OutputFolder.Recovery? {
        let folder = try OutputFolder(path: outputDirectory, wait: wait) { onWait($0.description) }
        return try folder.recover()
    }

    /// The locale an output belongs to (its report's); nil for `figures.csv`.
    private static func locale(of output: OutputPlan.Output, prepared: Prepared) -> String? {
        switch output.content {
        case .report(let index), .chart(let index, _, _), .chartData(let index, _):
            return prepared.locales.indices.contains(index) ? prepared.locales[index] : nil
        case .figures:
            return nil
        }
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
        /// The locale of each report.
        var locales: [String]
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
        var locales: [String] = []
        let request = ReportRequest(
            year: options.year, overridesPinnedYear: options.overridesPinnedYear, home: options.home,
            sourceDateEpoch: options.sourceDateEpoch)
        // A template with `for_each:` is one report per municipality.
        let composed = templates.flatMap { template in
            composer.composeEach(template, dataset: read.dataset, request: request).map { (template, $0.0, $0.1) }
        }
        for (template, report, diagnostics) in composed {
            // A template's languages share its problems: each is listed once.
            outcome.diagnostics += diagnostics.filter { !outcome.diagnostics.contains($0) }
            if let report {
                reports.append(report)
                locales.append(template.settings.locale)
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
        return Prepared(reports: reports, inputs: inputs, locales: locales, plan: plan)
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
