import ArgumentParser
import Foundation
import VitalityBuild

extension Vitality {
    /// `vitality merge-manifests`: joins the manifests of the parts of a sharded build.
    struct MergeManifests: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge-manifests",
            abstract: "Join the manifest.shard-K-of-N.json files of a sharded build (copied into one output folder) into manifest.json, checking that every part is there, built alike, with its files intact.")

        @Option(name: .long, help: ArgumentHelp("The output folder holding every part.", valueName: "dir"), completion: .directory)
        var output = "output"

        @Flag(name: .long, help: "When a build holds the output folder, fail at once (exit 75) instead of waiting for it.")
        var noWait = false

        @OptionGroup var report: DiagnosticOptions

        func run() throws {
            let folder = output
            let outcome = ShardMerge.merge(outputDirectory: output, wait: !noWait) { holder in
                printError("Waiting for another build of \(folder)/ to finish: \(holder).")
            }
            report.emit(outcome.diagnostics)
            if outcome.locked { throw ExitCode(exitLocked) }
            guard let merged = outcome.merged else {
                printError("Nothing was merged; \(output)/ is unchanged.")
                throw ExitCode(1)
            }
            report.say("Merged \(outcome.shardManifests.count) parts into \((output as NSString).appendingPathComponent("manifest.json")): \(merged.outputs.count) files.")
        }
    }
}
