import ArgumentParser
import Foundation
import VitalityBuild
import VitalityModel

/// Options of commands that write the output folder: `build` and `watch`.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder the reports and charts are written to.", valueName: "dir"), completion: .directory)
    var output = "output"

    @Option(name: .long, help: ArgumentHelp("Resolution of PNG charts in dots per inch (36–600).", valueName: "n"))
    var dpi = 150

    @Option(name: .long, help: ArgumentHelp("Chart file formats, comma-separated: png, pdf, svg.", valueName: "list"), completion: .chartFormats)
    var formats = "png,pdf"

    @Option(name: .shortAndLong, help: ArgumentHelp("Threads that compose and render (1–256; default: the machine's cores). The files are the same for any number.", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Render and rewrite every file, ignoring what the previous build left.")
    var force = false

    @Option(name: .long, help: ArgumentHelp("Build only the K-th of N parts of the reports (e.g. 2/4), for a CI matrix; writes manifest.shard-K-of-N.json. Join the parts with `vitality merge-manifests`.", valueName: "K/N"))
    var shard: String?

    @Flag(name: .long, help: "When another build holds the output folder, fail at once (exit 75) instead of waiting for it.")
    var noWait = false

    func validate() throws {
        guard (36...600).contains(dpi) else { throw ValidationError("--dpi must be between 36 and 600.") }
        if case .failure(let error) = ChartFormat.parseList(formats) {
            throw ValidationError("--formats: '\(error.name)' is not one of png, pdf, svg.")
        }
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 256.") }
        if let shard, Self.parseShard(shard) == nil {
            throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N ≤ 1000, such as 2/4; not '\(DiagnosticText.escapingControls(String(shard.prefix(20))))'.")
        }
    }

    /// `2/4` → part 2 of 4.
    static func parseShard(_ text: String) -> Manifest.Shard? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let index = Int(parts[0]), let count = Int(parts[1]), (1...1000).contains(count), (1...count).contains(index)
        else { return nil }
        return Manifest.Shard(index: index, count: count)
    }

    func options(for common: CommonOptions) throws -> BuildOptions {
        var options = try buildOptions(common, output: output, dpi: Double(dpi))
        if case .success(let chosen) = ChartFormat.parseList(formats) { options.chartFormats = chosen }
        options.waitForLock = !noWait
        options.jobs = jobs
        options.force = force
        options.shard = shard.flatMap(Self.parseShard)
        let folder = output
        options.onWait = { holder in printError("Waiting for another build of \(folder)/ to finish: \(holder).") }
        return options
    }
}

/// One build as `build` and `watch` run it: `--strict` first checks, then builds, logs and
/// decides the exit status (0, 1, 64 for an unknown template, 75 when locked with `--no-wait`).
func runBuild(_ base: BuildOptions, report: DiagnosticOptions, log logOptions: LogOptions, output: String) throws {
    var options = base
    if report.strict {
        let checked = Builder.check(options)
        if report.fails(checked.diagnostics) {
            report.emit(checked.diagnostics, quiet: logOptions.quiet)
            try failOnUsage(checked.diagnostics)
            printError("Nothing was written; \(output)/ is unchanged (--strict).")
            throw ExitCode(1)
        }
    }
    let log = BuildLog(logOptions, diagnostics: report)
    options.onProgress = { progress in log.progress(progress) }
    let outcome = Builder.build(options)
    log.endProgress()
    report.emit(outcome.diagnostics, quiet: logOptions.quiet)
    try failOnUsage(outcome.diagnostics)
    guard outcome.succeeded else {
        if outcome.locked {
            printError("Nothing was written; another build holds \(output)/ (--no-wait).")
            throw ExitCode(exitLocked)
        }
        if outcome.outputChanged {
            printError("The build failed while publishing and \(output)/ could not be restored; run `vitality build` again to finish it.")
        } else {
            printError("Nothing was written; \(output)/ is unchanged.")
        }
        throw ExitCode(1)
    }
    log.finish(outcome, output: output)
    if report.fails(outcome.diagnostics) { throw ExitCode(1) }
}
