import ArgumentParser
import Foundation
import VitalityBuild
import VitalityModel

extension DiagnosticFormat: ExpressibleByArgument {}

/// `--diagnostics text|json|github` and `--strict`, shared by `build`, `check` and `list`.
struct DiagnosticOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "How problems are printed: text (to stderr), json (one object to stdout), github (CI annotations to stdout).",
        valueName: "text|json|github"))
    var diagnostics: DiagnosticFormat = .text

    @Flag(name: .long, help: "Treat warnings as errors: exit 1 when any warning is found.")
    var strict = false

    /// True when the diagnostics fail the run (errors, or warnings under `--strict`).
    func fails(_ list: [Diagnostic]) -> Bool { DiagnosticPolicy.fails(list, strict: strict) }

    /// Prints the diagnostics in the chosen format; `quiet` leaves notes out of the text format.
    func emit(_ list: [Diagnostic], quiet: Bool = false) {
        let text: String
        if diagnostics == .text {
            text = TextDiagnosticRenderer(colored: Terminal.colorAllowed).render(quiet ? list.filter { $0.severity != .note } : list)
        } else {
            text = diagnostics.renderer.render(list)
        }
        guard !text.isEmpty else { return }
        if diagnostics == .text {
            FileHandle.standardError.write(Data(text.utf8))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// Prints a progress line: to stdout, or to stderr when JSON owns stdout.
    func say(_ line: String, newline: Bool = true) {
        let text = newline ? line + "\n" : line
        if diagnostics == .json {
            FileHandle.standardError.write(Data(text.utf8))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
