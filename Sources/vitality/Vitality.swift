import ArgumentParser
import Foundation
import VitalityBuild
import VitalityModel

/// The `vitality` command: builds the council report and charts from CSV inputs and templates.
@main
struct Vitality: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vitality",
        abstract: "Reports and charts for municipal vitality programmes, from CSV exports to PDF and PNG.",
        version: VitalityVersion.generator,
        subcommands: [Build.self, Check.self, List.self, Watch.self, MergeManifests.self, Recover.self, Gallery.self],
        defaultSubcommand: Build.self)
}

/// Options shared by `build`, `check` and `watch`.
struct CommonOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Templates to build, by file name without .yaml (default: every template in the templates folder).", valueName: "template"))
    var templateNames: [String] = []

    @Option(name: .long, help: ArgumentHelp("Folder with indicators.csv, statistics/*.csv and measures.csv.", valueName: "dir"), completion: .directory)
    var input = "input"

    @Option(name: .long, help: ArgumentHelp("Folder with report templates (*.yaml).", valueName: "dir"), completion: .directory)
    var templates = "templates"

    @Option(name: .long, help: ArgumentHelp("Report year of templates without `year:` (default: the latest year with every value the template uses for the home municipality).", valueName: "yyyy"))
    var year: Int?

    @Flag(name: .long, help: "Apply --year also to templates that pin a year with `year:`.")
    var overridePinnedYear = false

    @Option(name: .long, help: ArgumentHelp("Home municipality by code or name (default: the template's).", valueName: "code|name"))
    var home: String?

    @Option(name: .long, help: ArgumentHelp("Build only this language: fi, sv or en (default: every language each template lists; other languages than a template's first are written as <id>.<locale>.pdf).", valueName: "fi|sv|en"), completion: .locales)
    var locale: ReportLocale?

    func validate() throws {
        if let year, !(1900...2100).contains(year) {
            throw ValidationError("--year must be a year such as 2021.")
        }
        if overridePinnedYear && year == nil {
            throw ValidationError("--override-pinned-year needs --year.")
        }
    }
}

extension Vitality {
    /// `vitality build`: writes the reports, charts, figures.csv and manifest.json.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the report templates and their charts into the output folder, rendering only what changed.")

        @OptionGroup var common: CommonOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var report: DiagnosticOptions

        @OptionGroup var log: LogOptions

        func run() throws {
            let options = try output.options(for: common)
            try runBuild(options, report: report, log: log, output: output.output)
        }
    }

    /// `vitality check`: reads and validates everything, writes nothing.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read and validate the inputs and templates without writing anything.")

        @OptionGroup var common: CommonOptions

        @OptionGroup var report: DiagnosticOptions

        func run() throws {
            let outcome = Builder.check(try buildOptions(common, output: "output", dpi: 150))
            report.emit(outcome.diagnostics)
            try failOnUsage(outcome.diagnostics)
            guard !report.fails(outcome.diagnostics) else { throw ExitCode(1) }
            for summary in outcome.reports {
                report.say("\(summary.id): \(summary.home) \(summary.year), \(summary.pages) pages, \(summary.charts) charts: OK")
            }
        }
    }
}

extension Vitality {
    /// `vitality recover`: finishes a publish that a killed build left in an output folder.
    struct Recover: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Complete (or undo) a publish that a stopped build left unfinished in the output folder, and remove the leftovers of stopped builds. `build` does this by itself first.")

        @Option(name: .long, help: ArgumentHelp("The output folder.", valueName: "dir"), completion: .directory)
        var output = "output"

        @Flag(name: .long, help: "When a build holds the output folder, fail at once (exit 75) instead of waiting for it.")
        var noWait = false

        func run() throws {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: output, isDirectory: &isFolder), isFolder.boolValue else {
                print("\(output)/ does not exist; nothing to recover.")
                return
            }
            let folder = output
            do {
                switch try Builder.recover(outputDirectory: output, wait: !noWait, onWait: { holder in
                    printError("Waiting for another build of \(folder)/ to finish: \(holder).")
                }) {
                case .completed: print("\(output)/: completed the publish of a stopped build.")
                case .undone: print("\(output)/: undid the failed publish of a stopped build.")
                case nil: print("\(output)/: nothing to recover.")
                }
            } catch {
                printError("error: \(error.description) [\(error.code)]")
                if case .locked = error { throw ExitCode(exitLocked) }
                throw ExitCode(1)
            }
        }
    }
}

/// Exit status when the output folder is locked by another build and `--no-wait` was given
/// (EX_TEMPFAIL of sysexits.h).
let exitLocked: Int32 = 75

/// Exit status of a usage error (EX_USAGE), as ArgumentParser's own validation uses.
let exitUsage: Int32 = 64

/// Exits with `exitUsage` when the diagnostics hold a usage error (an unknown template name).
func failOnUsage(_ diagnostics: [Diagnostic]) throws {
    if diagnostics.contains(where: { $0.code.hasPrefix("usage.") }) { throw ExitCode(exitUsage) }
}

func buildOptions(_ common: CommonOptions, output: String, dpi: Double) throws -> BuildOptions {
    let epoch = try sourceDateEpoch(ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"])
    var options = BuildOptions(
        inputDirectory: common.input, templatesDirectory: common.templates, outputDirectory: output,
        year: common.year, home: common.home, dpi: dpi, sourceDateEpoch: epoch, locale: common.locale)
    options.overridesPinnedYear = common.overridePinnedYear
    options.templates = common.templateNames
    return options
}

/// `SOURCE_DATE_EPOCH`: unset or empty is nil; otherwise whole seconds from 0 to
/// 253402300799 (31 December 9999, the last date a PDF date can hold), else a usage error.
func sourceDateEpoch(_ text: String?) throws -> Int? {
    guard let text, !text.isEmpty else { return nil }
    guard let seconds = Int(text), (0...253_402_300_799).contains(seconds) else {
        throw ValidationError("SOURCE_DATE_EPOCH must be whole seconds since 1970 from 0 to 253402300799 (year 9999 at most), not '\(DiagnosticText.escapingControls(String(text.prefix(40))))'.")
    }
    return seconds
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
