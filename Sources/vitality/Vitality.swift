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
        subcommands: [Build.self, Check.self, List.self, Gallery.self],
        defaultSubcommand: Build.self)
}

/// Options shared by `build` and `check`.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder with indicators.csv, statistics/*.csv and measures.csv.", valueName: "dir"))
    var input = "input"

    @Option(name: .long, help: ArgumentHelp("Folder with report templates (*.yaml).", valueName: "dir"))
    var templates = "templates"

    @Option(name: .long, help: ArgumentHelp("Report year of templates without `year:` (default: the latest year with every value the template uses for the home municipality).", valueName: "yyyy"))
    var year: Int?

    @Flag(name: .long, help: "Apply --year also to templates that pin a year with `year:`.")
    var overridePinnedYear = false

    @Option(name: .long, help: ArgumentHelp("Home municipality by code or name (default: the template's).", valueName: "code|name"))
    var home: String?

    @Option(name: .long, help: ArgumentHelp("Build only this language: fi, sv or en (default: every language each template lists; other languages than a template's first are written as <id>.<locale>.pdf).", valueName: "fi|sv|en"))
    var locale: String?

    func validate() throws {
        if let locale, !["fi", "sv", "en"].contains(locale) {
            throw ValidationError("--locale must be fi, sv or en.")
        }
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
        static let configuration = CommandConfiguration(abstract: "Build every report template and its charts into the output folder.")

        @OptionGroup var common: CommonOptions

        @OptionGroup var report: DiagnosticOptions

        @Option(name: .long, help: ArgumentHelp("Folder the reports and charts are written to.", valueName: "dir"))
        var output = "output"

        @Option(name: .long, help: ArgumentHelp("Resolution of PNG charts in dots per inch (36–600).", valueName: "n"))
        var dpi = 150

        @Option(name: .long, help: ArgumentHelp("Chart file formats, comma-separated: png, pdf, svg.", valueName: "list"))
        var formats = "png,pdf"

        func validate() throws {
            guard (36...600).contains(dpi) else { throw ValidationError("--dpi must be between 36 and 600.") }
            if case .failure(let error) = ChartFormat.parseList(formats) {
                throw ValidationError("--formats: '\(error.name)' is not one of png, pdf, svg.")
            }
        }

        func run() throws {
            var options = try buildOptions(common, output: output, dpi: Double(dpi))
            if case .success(let chosen) = ChartFormat.parseList(formats) { options.chartFormats = chosen }
            if report.strict {
                let checked = Builder.check(options)
                if report.fails(checked.diagnostics) {
                    report.emit(checked.diagnostics)
                    printError("Nothing was written; \(output)/ is unchanged (--strict).")
                    throw ExitCode(1)
                }
            }
            let outcome = Builder.build(options)
            report.emit(outcome.diagnostics)
            guard outcome.succeeded else {
                printError("Nothing was written; \(output)/ is unchanged.")
                throw ExitCode(1)
            }
            for summary in outcome.reports {
                report.say("\(summary.id): \(summary.home) \(summary.year), \(summary.pages) pages, \(summary.charts) charts")
            }
            for entry in outcome.written {
                report.say("wrote \((output as NSString).appendingPathComponent(entry.path)) (\(entry.bytes) bytes)")
            }
            if report.fails(outcome.diagnostics) { throw ExitCode(1) }
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
            guard !report.fails(outcome.diagnostics) else { throw ExitCode(1) }
            for summary in outcome.reports {
                report.say("\(summary.id): \(summary.home) \(summary.year), \(summary.pages) pages, \(summary.charts) charts: OK")
            }
        }
    }
}

private func buildOptions(_ common: CommonOptions, output: String, dpi: Double) throws -> BuildOptions {
    let epoch = try sourceDateEpoch(ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"])
    var options = BuildOptions(
        inputDirectory: common.input, templatesDirectory: common.templates, outputDirectory: output,
        year: common.year, home: common.home, dpi: dpi, sourceDateEpoch: epoch, locale: common.locale)
    options.overridesPinnedYear = common.overridePinnedYear
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
