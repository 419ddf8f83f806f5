import ArgumentParser
import Foundation
import VitalityBuild

extension Vitality {
    /// `vitality watch`: builds, then builds again whenever an input or template file changes.
    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build, then rebuild (incrementally) whenever a file in the input or templates folder changes, printing the summary line each time. Stop with Ctrl-C.")

        @OptionGroup var common: CommonOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var report: DiagnosticOptions

        @OptionGroup var log: LogOptions

        @Option(name: .long, help: ArgumentHelp("Seconds between looks at the folders (0.2–60).", valueName: "s"))
        var interval = 1.0

        func validate() throws {
            guard (0.2...60).contains(interval) else { throw ValidationError("--interval must be between 0.2 and 60 seconds.") }
        }

        func run() throws {
            let options = try output.options(for: common)
            var seen = InputStamps(options)
            while true {
                do {
                    try runBuild(options, report: report, log: log, output: output.output)
                } catch let exit as ExitCode where exit.rawValue == 1 || exit.rawValue == exitLocked {
                    // A failed build is reported and waited out: the next save may fix it.
                }
                if !log.quiet {
                    report.say("Watching \(common.input)/ and \(common.templates)/ for changes (Ctrl-C stops).")
                }
                // Rebuild once the files have stopped changing for one interval, so a save in
                // several writes is built once.
                while true {
                    Thread.sleep(forTimeInterval: interval)
                    let now = InputStamps(options)
                    if now == seen { continue }
                    seen = now
                    Thread.sleep(forTimeInterval: interval)
                    let settled = InputStamps(options)
                    if settled == seen { break }
                    seen = settled
                }
            }
        }
    }
}
