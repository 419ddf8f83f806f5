import Foundation
import VitalityAnalysis
import VitalityData
import VitalityModel
import VitalityRender
import VitalityReport
import VitalityScene

/// What the user asked for: folders, year, home municipality, resolution.
package struct BuildOptions: Sendable {
    var inputDirectory: String
    var templatesDirectory: String
    var outputDirectory: String
    /// `--year`: the year of templates that do not pin one; nil = each template's latest
    /// complete year.
    package var year: Int?
    /// `--override-pinned-year`: `year` applies to templates that pin a year too.
    package var overridesPinnedYear = false
    /// Home municipality by code or name; nil = each template's own.
    package var home: String?
    package var dpi: Double
    /// `SOURCE_DATE_EPOCH`, for the PDF creation date; nil = 31 December of the report year.
    package var sourceDateEpoch: Int?
    /// Build only this locale (`fi`, `sv`, `en`); nil = every locale each template lists.
    package var locale: ReportLocale?
    /// Which files to write for each chart (beside its CSV data table); default PNG and PDF.
    package var chartFormats: Set<ChartFormat> = [.png, .pdf]
    /// When another build holds the output folder: wait for it (true) or fail at once.
    package var waitForLock = true
    /// Told who holds the output folder's lock before waiting for it.
    package var onWait: (@Sendable (String) -> Void)?
    /// Templates to build, by file name without `.yaml`; empty = every template.
    package var templates: [String] = []
    /// Threads that compose reports and render outputs; the output is the same for any count.
    package var jobs = 1
    /// Render and rewrite every output, ignoring what the previous build left.
    package var force = false
    /// Build only this part of the reports (`--shard 2/4`).
    package var shard: Manifest.Shard?
    /// Told after each output file is done, from the thread that made it.
    package var onProgress: (@Sendable (BuildProgress) -> Void)?

    package init(
        inputDirectory: String = "input", templatesDirectory: String = "templates",
        outputDirectory: String = "output", year: Int? = nil, home: String? = nil, dpi: Double = 150,
        sourceDateEpoch: Int? = nil, locale: ReportLocale? = nil
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

/// How far a build is: output files done of all, and reports whose files are all done.
package struct BuildProgress: Sendable {
    package var filesDone: Int
    package var filesTotal: Int
    package var reportsDone: Int
    package var reportsTotal: Int
    /// The report whose last file this was, when one was completed.
    package var completedReport: ReportSummary?
    /// How many files of `completedReport` were written (the others were unchanged).
    package var completedReportWritten = 0
}

/// What a build did with one output file.
package enum OutputAction: String, Sendable {
    /// Rendered, and its bytes differed from the file there (or there was none): written.
    case written
    /// Rendered, and the file there already had these bytes: left as it was.
    case unchanged
    /// Not rendered: its key matched the previous build's and the file is as that build left it.
    case kept
}

/// One output file of a build: its manifest entry and what was done.
package struct OutputResult: Sendable {
    package var entry: Manifest.Entry
    package var action: OutputAction
}

/// The result of `check` or `build`: every diagnostic and, for a build, the files made.
package struct BuildOutcome: Sendable {
    package var diagnostics: [Diagnostic]
    /// Every output of the build (the manifest last), with what was done to it.
    package var files: [OutputResult] = []
    /// Files of an earlier build that this one no longer makes, removed.
    package var removed: [String] = []
    package var reports: [ReportSummary]
    /// The outputs written (new or changed bytes).
    package var written: [Manifest.Entry] { files.filter { $0.action == .written }.map(\.entry) }
    /// The output folder was locked by another build and `waitForLock` was false.
    package var locked = false
    /// Whether the output folder's files changed: the build published, or a failed publish
    /// could not be undone. False for a failed build that left the folder as it was.
    package var outputChanged = false
    /// What was done to an interrupted publish of an earlier run before this build.
    var recovered: OutputFolder.Recovery?

    package var succeeded: Bool { !diagnostics.hasErrors }
}

/// What was made of one template: its PDF, page count, year and home municipality.
package struct ReportSummary: Sendable {
    package var id: String
    package var pages: Int
    package var year: Int
    package var home: String
    package var charts: Int
}

/// Runs the pipeline: read and validate inputs and templates, compute figures, compose the
/// reports, render them and the charts, and write everything atomically with a manifest.
package enum Builder {
    /// Reads and validates everything, names every output as `build` would, and writes nothing.
    package static func check(_ options: BuildOptions) -> BuildOutcome {
        var outcome = BuildOutcome(diagnostics: [], reports: [])
        _ = prepare(options, outcome: &outcome, digests: false)
        return outcome
    }

    /// Builds every template into the output folder, holding its lock throughout. First
    /// completes a publish an earlier run left unfinished. On any error the output folder's files
    /// stay as they were (`outputChanged` false) unless a failed publish could not be undone.
    package static func build(_ options: BuildOptions) -> BuildOutcome {
        var outcome = BuildOutcome(diagnostics: [], reports: [])
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
            outcome.diagnostics.append(
                Diagnostic(
                    .note, code: "build.recovered",
                    recovered == .completed
                        ? "An earlier build was stopped while publishing; its publish was completed first."
                        : "An earlier build failed while publishing; its changes were undone first.",
                    at: SourceLocation(file: options.outputDirectory)))
        }
        defer { folder.release() }
        let stamps = InputStamps(options)
        guard let prepared = prepare(options, outcome: &outcome), outcome.succeeded else { return outcome }

        let manifestName = options.shard?.manifestName ?? OutputFolder.manifestName
        let previous = folder.previousManifest(named: manifestName)
        let staging: Staging
        do { staging = try folder.beginStaging() } catch {
            outcome.diagnostics.append(Diagnostic(.error, code: error.code, error.description))
            return outcome
        }
        let outputs = prepared.plan.outputs
        let results = produce(
            outputs, prepared: prepared, options: options, folder: folder, staging: staging,
            previous: options.force ? [:] : Dictionary(previous?.outputs.map { ($0.path, $0) } ?? [], uniquingKeysWith: { first, _ in first }))
        var entries: [OutputResult] = []
        for result in results {
            switch result {
            case .success(let made): entries.append(made)
            case .failure(let error):
                outcome.diagnostics.append(Diagnostic(.error, code: "build.render", error.description))
            }
        }
        // The input digests must be of the bytes parsed: an input changed while it was read fails.
        outcome.diagnostics += stamps.changes(among: prepared.inputs.map(\.path))
        guard outcome.succeeded else {
            staging.discard()
            return outcome
        }

        // The manifest owns its files: what the previous build wrote and this one no longer
        // makes is removed, unless this build makes only part of the set (`--locale`, named
        // templates), whose other files it keeps listed.
        let produced = Set(entries.map(\.entry.path))
        let builtTemplates = Set(prepared.reports.map(\.templateID))
        var kept: [Manifest.Entry] = []
        var removals: [String] = []
        for entry in previous?.outputs ?? [] where !produced.contains(entry.path) && entry.path != manifestName {
            let outsideThisBuild =
                (options.locale.map { entry.locale != $0.rawValue } ?? false)
                || (!options.templates.isEmpty && entry.template.map { !builtTemplates.contains($0) } ?? (entry.path != "figures.csv"))
            switch folder.presence(of: entry) {
            case .missing: continue
            case .changed:
                outcome.diagnostics.append(
                    Diagnostic(
                        .note, code: "build.output-changed",
                        "This file was changed after Vitality wrote it; it is left as it is and no longer listed in \(manifestName).",
                        at: SourceLocation(file: OutputFolder.join(options.outputDirectory, entry.path))))
            case .same:
                if outsideThisBuild { kept.append(entry) } else { removals.append(entry.path) }
            }
        }
        let manifest = Manifest(
            generator: VitalityVersion.generator, options: manifestOptions(options, prepared: prepared),
            inputs: prepared.inputs, outputs: (entries.map(\.entry) + kept).sorted { $0.path < $1.path },
            shard: options.shard)
        let manifestBytes = manifest.encoded()
        let manifestEntry = Manifest.entry(path: manifestName, bytes: manifestBytes)
        let manifestAction: OutputAction = folder.presence(of: manifestEntry) == .same && !options.force ? .unchanged : .written
        outcome.files = entries + [OutputResult(entry: manifestEntry, action: manifestAction)]

        if staging.count == 0 && removals.isEmpty && manifestAction == .unchanged {
            staging.discard()
            return outcome
        }
        if manifestAction == .written {
            do { try staging.add(manifestName, bytes: manifestBytes, order: Int.max) } catch {
                staging.discard()
                outcome.diagnostics.append(Diagnostic(.error, code: error.code, error.description))
                return outcome
            }
        }
        do { try folder.publish(staging, removing: removals) } catch {
            outcome.outputChanged = !error.undone
            outcome.diagnostics.append(Diagnostic(.error, code: error.error.code, error.error.description))
            return outcome
        }
        outcome.outputChanged = true
        outcome.removed = removals
        return outcome
    }

    /// Makes every planned output on `options.jobs` threads: kept when its key and file match the
    /// previous build's entry, else rendered and staged when its bytes differ from the file there.
    private static func produce(
        _ outputs: [OutputPlan.Output], prepared: Prepared, options: BuildOptions, folder: OutputFolder,
        staging: Staging, previous: [String: Manifest.Entry]
    ) -> [Result<OutputResult, BuildError>] {
        let tracker = ProgressTracker(outputs: outputs, reports: prepared.summaries, notify: options.onProgress)
        let folder = UncheckedFolder(folder: folder)
        // The longest work first, so that no thread starts `figures.csv` or a report when the
        // others are done; results keep the plan's order.
        let order = outputs.indices.sorted { workRank(outputs[$0]) > workRank(outputs[$1]) || (workRank(outputs[$0]) == workRank(outputs[$1]) && $0 < $1) }
        // Each thread keeps the text layouts it drew: a chart's texts come again in its other
        // formats and in the report, and labels repeat from chart to chart.
        let results = WorkerPool.map(
            count: outputs.count, jobs: options.jobs, state: { TextLayoutCache() },
            { layouts, position in
                let index = order[position]
                let output = outputs[index]
                let result = produce(
                    output, index: index, prepared: prepared, options: options, folder: folder, staging: staging,
                    previous: previous, layouts: layouts)
                tracker.done(output, written: (try? result.get())?.action == .written)
                return (index, result)
            })
        var ordered = [Result<OutputResult, BuildError>?](repeating: nil, count: outputs.count)
        for (index, result) in results { ordered[index] = result }
        return ordered.compactMap { $0 }
    }

    /// How long an output takes to make, roughly: `figures.csv`, then reports, then charts.
    private static func workRank(_ output: OutputPlan.Output) -> Int {
        switch output.content {
        case .figures: 3
        case .report: 2
        case .chart: 1
        case .chartData: 0
        }
    }

    private static func produce(
        _ output: OutputPlan.Output, index: Int, prepared: Prepared, options: BuildOptions, folder: UncheckedFolder,
        staging: Staging, previous: [String: Manifest.Entry], layouts: TextLayoutCache
    ) -> Result<OutputResult, BuildError> {
        let locale = locale(of: output, prepared: prepared)
        let template = template(of: output, prepared: prepared)
        do throws(BuildError) {
            let key = key(of: output, reports: prepared.reports, options: options)
            if let key, let before = previous[output.path], before.key == key, before.locale == locale,
                before.template == template, folder.folder.presence(of: before) == .same
            {
                return .success(OutputResult(entry: before, action: .kept))
            }
            if case .figures = output.content, let table = prepared.reports.first?.figures {
                return .success(try produceFigures(table, path: output.path, index: index, options: options, folder: folder, staging: staging))
            }
            let bytes = try bytes(of: output, reports: prepared.reports, options: options, layouts: layouts)
            let entry = Manifest.entry(
                path: output.path, bytes: bytes, locale: locale, template: template,
                key: key ?? Manifest.sha256Hex(bytes))
            if !options.force && folder.folder.presence(of: entry) == .same {
                return .success(OutputResult(entry: entry, action: .unchanged))
            }
            try staging.add(output.path, bytes: bytes, order: index)
            return .success(OutputResult(entry: entry, action: .written))
        } catch {
            return .failure(error)
        }
    }

    /// Streams `figures.csv` into the stage as its blocks are formatted (it is the one output
    /// that grows with the data: 467 MB for 4.6 M rows), and takes it out again when it equals
    /// the file there.
    private static func produceFigures(
        _ table: FigureTable, path: String, index: Int, options: BuildOptions, folder: UncheckedFolder, staging: Staging
    ) throws(BuildError) -> OutputResult {
        let file = try staging.open(path, order: index, large: true)
        try FiguresCSV.write(table, jobs: options.jobs) { bytes throws(BuildError) in try file.write(bytes) }
        let (size, digest) = try file.finish()
        let entry = Manifest.Entry(path: path, bytes: size, sha256: digest, locale: nil, template: nil, key: digest)
        if !options.force && folder.folder.presence(of: entry) == .same {
            staging.withdraw(path)
            return OutputResult(entry: entry, action: .unchanged)
        }
        return OutputResult(entry: entry, action: .written)
    }

    /// Completes or undoes a publish that a killed run left in `directory`, and removes the
    /// leftovers of killed runs, holding the folder's lock.
    package static func recover(outputDirectory: String, wait: Bool, onWait: @escaping (String) -> Void = { _ in }) throws(BuildError) -> OutputFolder.Recovery?
    {
        let folder = try OutputFolder(path: outputDirectory, wait: wait) { onWait($0.description) }
        defer { folder.release() }
        return try folder.recover()
    }

    /// The locale an output belongs to (its report's); nil for `figures.csv`.
    private static func locale(of output: OutputPlan.Output, prepared: Prepared) -> String? {
        output.content.report.flatMap { prepared.locales.indices.contains($0) ? prepared.locales[$0].rawValue : nil }
    }

    /// The template an output belongs to; nil for `figures.csv`.
    private static func template(of output: OutputPlan.Output, prepared: Prepared) -> String? {
        output.content.report.flatMap { prepared.reports.indices.contains($0) ? prepared.reports[$0].templateID : nil }
    }

    /// The key of a rendered output (see `OutputKey`); nil for CSV files, whose key is their digest.
    private static func key(of output: OutputPlan.Output, reports: [ComposedReport], options: BuildOptions) -> String? {
        switch output.content {
        case .report(let index):
            return OutputKey.report(reports[index].document)
        case .chart(let reportIndex, let chartIndex, let format):
            let report = reports[reportIndex]
            return OutputKey.chart(
                report.charts[chartIndex].scene, format: format, dpi: options.dpi,
                metadata: chartMetadata(report.charts[chartIndex], of: report))
        case .chartData, .figures:
            return nil
        }
    }

    /// The PDF metadata of a chart written on its own.
    private static func chartMetadata(_ chart: ComposedChart, of report: ComposedReport) -> DocumentMetadata {
        DocumentMetadata(
            title: chart.scene.title, author: report.document.metadata.author,
            subject: report.document.metadata.title, creationDate: report.document.metadata.creationDate,
            language: report.document.metadata.language)
    }

    /// Renders one planned output.
    private static func bytes(
        of output: OutputPlan.Output, reports: [ComposedReport], options: BuildOptions, layouts: TextLayoutCache
    ) throws(BuildError) -> [UInt8] {
        let fileName = (output.path as NSString).lastPathComponent
        switch output.content {
        case .report(let index):
            let report = reports[index]
            return try render({ try Renderer.pdf(report.document, layouts: layouts) }, what: fileName)
        case .chart(let reportIndex, let chartIndex, let format):
            let report = reports[reportIndex]
            let chart = report.charts[chartIndex]
            switch format {
            case .png:
                return try render({ try Renderer.png(chart.scene, dpi: options.dpi, layouts: layouts) }, what: fileName)
            case .pdf:
                let metadata = chartMetadata(chart, of: report)
                return try render({ try Renderer.pdf(chart.scene, metadata: metadata, layouts: layouts) }, what: fileName)
            case .svg:
                return try render({ try Renderer.svg(chart.scene) }, what: fileName)
            }
        case .chartData(let reportIndex, let chartIndex):
            return Array((reports[reportIndex].charts[chartIndex].scene.data?.csv() ?? "").utf8)
        case .figures:
            guard let table = reports.first?.figures else { return [] }
            return FiguresCSV.bytes(table)
        }
    }

    private static func render(_ body: () throws -> [UInt8], what: String) throws(BuildError) -> [UInt8] {
        do { return try body() } catch { throw .render(what: what, reason: "\(error)") }
    }

    // MARK: Preparation (shared by check and build)

    private struct Prepared: Sendable {
        /// The reports this build makes (all, or a shard's).
        var reports: [ComposedReport]
        var inputs: [Manifest.Entry]
        /// The locale of each report.
        var locales: [ReportLocale]
        /// The name of every file `build` writes (but the manifest), planned from the reports.
        var plan: OutputPlan
        /// What each report is, for progress lines.
        var summaries: [ReportSummary]
        /// Year and home of every report of the whole set, shards included, for the manifest.
        var everyReport: [(id: String, year: Int, home: String)]
    }

    private static func prepare(_ options: BuildOptions, outcome: inout BuildOutcome, digests: Bool = true) -> Prepared? {
        if let reason = Renderer.untestedCairo {
            outcome.diagnostics.append(Diagnostic(.error, code: "render.cairo-version", reason))
            return nil
        }
        let read = InputFolderReader().read(directory: options.inputDirectory)
        outcome.diagnostics += read.diagnostics
        let templates = loadTemplates(
            options.templatesDirectory, locale: options.locale, selection: options.templates, diagnostics: &outcome.diagnostics)
        guard !outcome.diagnostics.hasErrors else { return nil }

        let request = ReportRequest(
            year: options.year, overridesPinnedYear: options.overridesPinnedYear, home: options.home,
            sourceDateEpoch: options.sourceDateEpoch)
        let dataset = read.dataset
        // Only a build writes a manifest: `check` does not hash the inputs. A build hashes the
        // data files while the figures are computed.
        let dataDigests = digests ? BackgroundTask { inputEntries(files: read.files.map(\.path)) } : nil
        // A template with `for_each:` is one report per municipality. Every report is composed
        // on its own, by the threads; each measures text with its own Pango objects.
        let plans = ReportComposer(measurer: PangoTextMeasurer()).units(of: templates, dataset: dataset, request: request)
        let jobs = plans.flatMap(\.jobs)
        let results = WorkerPool.map(
            count: jobs.count, jobs: options.jobs, state: { PangoTextMeasurer() },
            { measurer, index in ReportComposer(measurer: measurer).compose(jobs[index], dataset: dataset) })
        var reports: [ComposedReport] = []
        var locales: [ReportLocale] = []
        var first = 0
        for plan in plans {
            let own = Array(results[first..<(first + plan.jobs.count)])
            first += plan.jobs.count
            for (report, diagnostics) in plan.finish(own) {
                // A template's languages share its problems: each is listed once.
                outcome.diagnostics += diagnostics.filter { !outcome.diagnostics.contains($0) }
                if let report {
                    reports.append(report)
                    locales.append(plan.template.settings.locale)
                }
            }
        }
        guard !outcome.diagnostics.hasErrors else { return nil }
        // Names are planned over the whole set, so that a shard's files are named as in a build
        // of all; a shard then makes every `count`-th report, and `figures.csv` in the first.
        var plan = OutputPlan.plan(reports, formats: options.chartFormats)
        outcome.diagnostics += plan.diagnostics
        guard !outcome.diagnostics.hasErrors else { return nil }
        let everyReport = reports.map { (id: $0.id, year: $0.year, home: $0.home.code) }
        if let shard = options.shard {
            let mine = Set(reports.indices.filter { $0 % shard.count == shard.index - 1 })
            var renumbered: [Int: Int] = [:]
            for (new, old) in mine.sorted().enumerated() { renumbered[old] = new }
            plan.outputs = plan.outputs.compactMap { output in
                var output = output
                switch output.content {
                case .report(let index):
                    guard let new = renumbered[index] else { return nil }
                    output.content = .report(report: new)
                case .chart(let index, let chart, let format):
                    guard let new = renumbered[index] else { return nil }
                    output.content = .chart(report: new, chart: chart, format: format)
                case .chartData(let index, let chart):
                    guard let new = renumbered[index] else { return nil }
                    output.content = .chartData(report: new, chart: chart)
                case .figures:
                    guard shard.index == 1 else { return nil }
                }
                return output
            }
            // The first report, whose figures `figures.csv` holds, is always in the first shard.
            reports = mine.sorted().map { reports[$0] }
            locales = mine.sorted().map { locales[$0] }
        }
        let summaries = reports.map {
            ReportSummary(id: $0.id, pages: $0.document.pages.count, year: $0.year, home: $0.home.nameFI, charts: $0.charts.count)
        }
        outcome.reports = summaries
        let templateFiles = Set(templates.map(\.file) + templates.flatMap(\.includes))
        let inputs = ((dataDigests?.value ?? []) + (digests ? inputEntries(files: templateFiles.sorted()) : []))
            .sorted { $0.path < $1.path }
        return Prepared(reports: reports, inputs: inputs, locales: locales, plan: plan, summaries: summaries, everyReport: everyReport)
    }

    private static func isTemplateFile(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    private static func loadTemplates(_ directory: String, locale: ReportLocale?, selection: [String], diagnostics: inout [Diagnostic]) -> [ReportTemplate] {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: directory) else {
            diagnostics.append(
                Diagnostic(
                    .error, code: "template.folder", "The templates folder does not exist or cannot be read; expected report templates (*.yaml) there.",
                    at: SourceLocation(file: directory)))
            return []
        }
        var yamlNames = names.filter(isTemplateFile).sorted()
        if !selection.isEmpty {
            let available = yamlNames.map { ($0 as NSString).deletingPathExtension }
            for name in selection where !available.contains(name) {
                diagnostics.append(
                    Diagnostic(
                        .error, code: "usage.unknown-template",
                        "There is no template `\(DiagnosticText.escapingControls(name))`; the templates are: \(available.joined(separator: ", ")).",
                        at: SourceLocation(file: directory)))
            }
            yamlNames = yamlNames.filter { selection.contains(($0 as NSString).deletingPathExtension) }
        }
        if yamlNames.isEmpty && selection.isEmpty {
            diagnostics.append(
                Diagnostic(
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
                    diagnostics.append(
                        Diagnostic(
                            .warning, code: "template.locale-skipped",
                            "This template is written in \(locales.map(\.rawValue).joined(separator: ", ")), not `\(locale.rawValue)`; it is not built. Add `\(locale.rawValue)` to its `locales:` and give the texts in it.",
                            at: SourceLocation(file: path)))
                    continue
                }
                locales = [locale]
            }
            // One report per locale; the same problem found in several locales is told once.
            for code in locales {
                var parser = TemplateParser(file: path, locale: code, templates: .onDisk(directory))
                parser.decodesPNG = Renderer.decodesPNG
                if let template = parser.parse(text, id: id) { templates.append(template) }
                for diagnostic in parser.diagnostics where !diagnostics.contains(diagnostic) {
                    diagnostics.append(diagnostic)
                }
            }
        }
        return templates
    }

    /// The inputs' sizes and digests, each file read in blocks: a 230 MB statistics file is
    /// never held whole for its digest.
    private static func inputEntries(files: [String]) -> [Manifest.Entry] {
        files.sorted().compactMap { path in
            guard let (bytes, digest) = Manifest.digestOfFile(atPath: path) else { return nil }
            return Manifest.Entry(path: path, bytes: bytes, sha256: digest)
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
        for report in prepared.everyReport {
            result["report.\(report.id).year"] = String(report.year)
            result["report.\(report.id).home"] = report.home
        }
        if !options.templates.isEmpty { result["templates"] = options.templates.sorted().joined(separator: ",") }
        return result
    }
}

/// The output folder as the render threads use it: only `presence(of:)`, which reads files
/// through descriptors of its own and changes nothing.
private struct UncheckedFolder: @unchecked Sendable {
    let folder: OutputFolder
}

/// Counts finished outputs and reports and tells `BuildOptions.onProgress`.
private final class ProgressTracker: @unchecked Sendable {
    private let lock = NSLock()
    private let notify: (@Sendable (BuildProgress) -> Void)?
    private let filesTotal: Int
    private var filesDone = 0
    private var remainingByReport: [Int]
    private var writtenByReport: [Int]
    private var reportsDone = 0
    private let reports: [ReportSummary]

    init(outputs: [OutputPlan.Output], reports: [ReportSummary], notify: (@Sendable (BuildProgress) -> Void)?) {
        self.notify = notify
        self.reports = reports
        filesTotal = outputs.count
        var remaining = Array(repeating: 0, count: reports.count)
        for output in outputs {
            if let index = output.content.report, remaining.indices.contains(index) { remaining[index] += 1 }
        }
        remainingByReport = remaining
        writtenByReport = Array(repeating: 0, count: reports.count)
    }

    func done(_ output: OutputPlan.Output, written: Bool) {
        lock.lock()
        filesDone += 1
        var completed: ReportSummary?
        var completedWritten = 0
        if let index = output.content.report, remainingByReport.indices.contains(index) {
            remainingByReport[index] -= 1
            if written { writtenByReport[index] += 1 }
            completedWritten = writtenByReport[index]
            if remainingByReport[index] == 0 {
                reportsDone += 1
                completed = reports[index]
            }
        }
        let progress = BuildProgress(
            filesDone: filesDone, filesTotal: filesTotal, reportsDone: reportsDone, reportsTotal: reports.count,
            completedReport: completed, completedReportWritten: completedWritten)
        // Told under the lock, so lines and counts arrive in order.
        notify?(progress)
        lock.unlock()
    }
}
