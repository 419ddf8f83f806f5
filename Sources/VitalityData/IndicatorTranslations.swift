import VitalityModel

/// A Swedish or English label a statistics file gives an indicator of indicators.csv
/// (PC-Axis `VALUES[sv]`, `VALUES[en]`), where the file says it.
struct TranslatedLabel: Equatable {
    var indicator: String
    /// `sv` or `en`.
    var language: String
    var text: String
    var location: SourceLocation
}

/// Fills the Swedish and English labels indicators.csv leaves empty from the statistics files'
/// translations (DATA.md §3): indicators.csv's label wins (a file's label that differs is a
/// note `statistics.indicator-label`); of two files that translate an indicator differently
/// the first (in file-name order) is kept, with a warning `statistics.indicator-label-conflict`
/// naming both.
func fillTranslatedLabels(_ labels: [TranslatedLabel], into indicators: inout [Indicator]) -> [Diagnostic] {
    var position: [String: Int] = [:]
    for (at, indicator) in indicators.enumerated() where position[indicator.id] == nil { position[indicator.id] = at }
    var filled: [String: TranslatedLabel] = [:]
    var diagnostics: [Diagnostic] = []
    for label in labels {
        guard let at = position[label.indicator] else { continue }
        let language = label.language == "sv" ? "Swedish" : "English"
        let column = "label_\(label.language)"
        let key = label.indicator + "\u{0}" + label.language
        if let first = filled[key] {
            if first.text.lowercased() != label.text.lowercased() {
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "statistics.indicator-label-conflict",
                        "The \(language) label of indicator \(label.indicator) is `\(excerpt(label.text))` here but `\(excerpt(first.text))` in \(first.location); the first is kept. Give the label in the \(column) column of indicators.csv.",
                        at: label.location))
            }
            continue
        }
        let given = label.language == "sv" ? indicators[at].labelSV : indicators[at].labelEN
        if !given.isEmpty {
            if given.lowercased() != label.text.lowercased() {
                diagnostics.append(
                    Diagnostic(
                        .note, code: "statistics.indicator-label",
                        "The file's \(language) label of indicator \(label.indicator) is `\(excerpt(label.text))`, indicators.csv has `\(excerpt(given))`; indicators.csv's label is kept.",
                        at: label.location))
            }
            continue
        }
        filled[key] = label
    }
    for label in filled.values {
        guard let at = position[label.indicator] else { continue }
        if label.language == "sv" { indicators[at].labelSV = label.text } else { indicators[at].labelEN = label.text }
    }
    return diagnostics
}
