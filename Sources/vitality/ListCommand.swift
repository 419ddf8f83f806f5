import ArgumentParser
import Foundation
import VitalityBuild
import VitalityData

/// What `vitality list` shows: something read from the input folder, or the reports a build makes.
enum ListSubject: String, ExpressibleByArgument, CaseIterable {
    case areas, indicators, years, files, reports

    var inputSubject: InputListing.Subject? {
        switch self {
        case .areas: return .areas
        case .indicators: return .indicators
        case .years: return .years
        case .files: return .files
        case .reports: return nil
        }
    }
}

extension Vitality {
    /// `vitality list areas|indicators|years|files|reports`: shows what was read or what a build
    /// would make; writes nothing.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what was read from the input folder (areas, indicators, years, each file's layout, encoding and counts), or the reports a build of the templates makes.")

        @Argument(help: ArgumentHelp("What to list.", valueName: "areas|indicators|years|files|reports"))
        var subject: ListSubject

        @OptionGroup var common: CommonOptions

        @OptionGroup var report: DiagnosticOptions

        func validate() throws {
            if subject != .reports && !common.templateNames.isEmpty {
                throw ValidationError("Template names are for `list reports`; `list \(subject.rawValue)` lists the input folder.")
            }
        }

        func run() throws {
            guard let inputSubject = subject.inputSubject else { return try listReports() }
            let result = InputFolderReader().read(directory: common.input)
            report.emit(result.diagnostics)
            report.say(InputListing.render(result, inputSubject), newline: false)
            if report.fails(result.diagnostics) { throw ExitCode(1) }
        }

        /// One line per report, numbered in the order `--shard` splits them: file, home, year,
        /// pages and charts.
        private func listReports() throws {
            let outcome = Builder.check(try buildOptions(common, output: "output", dpi: 150))
            report.emit(outcome.diagnostics)
            try failOnUsage(outcome.diagnostics)
            guard !report.fails(outcome.diagnostics) else { throw ExitCode(1) }
            let rows = outcome.reports.enumerated().map { index, summary in
                [String(index + 1), summary.id + ".pdf", summary.home, String(summary.year), "\(summary.pages) pages", "\(summary.charts) charts"]
            }
            let widths = (0..<6).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                let cells = row.enumerated().map { column, cell in
                    column == 0 ? String(repeating: " ", count: widths[0] - cell.count) + cell
                        : column == 5 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
                }
                report.say(cells.joined(separator: "  "))
            }
        }
    }
}
