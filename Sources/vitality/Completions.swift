import ArgumentParser
import VitalityBuild
import VitalityModel

/// Value completions of the options that `vitality --generate-completion-script bash|zsh|fish`
/// writes into the shell's script (docs/CLI.md, "Shell completion"). Folder options complete
/// with `.directory`.
extension CompletionKind {
    /// `--locale`: the languages a template can be written in.
    static var locales: CompletionKind { .list(ReportLocale.codes) }

    /// `--formats`: every comma-separated combination of the chart formats, in their order
    /// (`png`, `pdf`, `png,pdf`, …, `png,pdf,svg`).
    static var chartFormats: CompletionKind {
        let names = ChartFormat.allCases.map(\.rawValue)
        let lists = (1..<(1 << names.count)).map { mask in
            names.indices.filter { mask & (1 << $0) != 0 }.map { names[$0] }.joined(separator: ",")
        }
        return .list(lists)
    }
}

/// `--locale fi|sv|en`: an unknown code is refused by the argument parser with the codes it
/// accepts.
extension ReportLocale: ExpressibleByArgument {}
