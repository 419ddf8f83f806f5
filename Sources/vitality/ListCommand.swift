import ArgumentParser
import VitalityData

extension InputListing.Subject: ExpressibleByArgument {}

extension Vitality {
    /// `vitality list areas|indicators|years|files`: shows what was read, writes nothing.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what was read from the input folder: areas, indicators, years, or each file's layout, encoding and counts.")

        @Argument(help: ArgumentHelp("What to list.", valueName: "areas|indicators|years|files"))
        var subject: InputListing.Subject

        @Option(name: .long, help: ArgumentHelp("Folder with indicators.csv, statistics/*.csv and measures.csv.", valueName: "dir"), completion: .directory)
        var input = "input"

        @OptionGroup var report: DiagnosticOptions

        func run() throws {
            let result = InputFolderReader().read(directory: input)
            report.emit(result.diagnostics)
            report.say(InputListing.render(result, subject), newline: false)
            if report.fails(result.diagnostics) { throw ExitCode(1) }
        }
    }
}
