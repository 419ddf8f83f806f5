import VitalityAnalysis
import VitalityModel

/// Texts of headings, paragraphs and settings: placeholders filled and checked, mistakes
/// reported at the text's place.
extension ReportBuilder {
    /// Fills a text's placeholders; a mistake is an error at `location`, a missing figure a
    /// warning (once per figure). Branches not taken are checked too.
    mutating func resolve(_ text: String, at location: SourceLocation) -> String? {
        guard let parsed = validated(text, at: location) else { return nil }
        switch placeholders.resolve(parsed) {
        case .success(let resolution):
            // A missing value of the report year is already warned about for the whole report
            // (`ReportYear.missingValues`); the text adds the other gaps (changes, earlier years).
            for gap in resolution.missing
            where !(gap.field == "value" && gap.year == context.year)
                && reportedMissing.insert(gap).inserted
            {
                let name = context.dataset.area(code: gap.areaCode)?.nameFI ?? gap.areaCode
                appendDiagnostic(
                    Diagnostic(
                        .warning, code: "report.missing-value",
                        "`{{\(gap.indicatorID).\(gap.field)}}` needs \(gap.indicatorID) of \(name) for \(gap.year), which the data lacks; the text says the figure is not yet available.",
                        at: location))
            }
            return Self.tidySpaces(resolution.text)
        case .failure(let problem):
            appendDiagnostic(Diagnostic(.error, code: problem.code, message(problem), at: location))
            return nil
        }
    }

    /// One space where a condition left two, none before punctuation it left behind; no-break
    /// spaces inside numbers stay.
    static func tidySpaces(_ text: String) -> String {
        var result = ""
        for character in text.trimmingCharacters(in: .whitespacesAndNewlines) {
            if character == " " || character == "\n" {
                if result.last != " " { result.append(" ") }
            } else if [".", ",", ";", ")", ":"].contains(character), result.last == " " {
                result.removeLast()
                result.append(character)
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The text parsed and every name in it checked (all branches); nil after an error.
    private mutating func validated(_ text: String, at location: SourceLocation) -> TemplateText? {
        let problem: Placeholders.Problem?
        var result: TemplateText?
        switch TemplateText.parse(text) {
        case .failure(let error): problem = .syntax(error.message)
        case .success(let parsed):
            problem = placeholders.validate(parsed)
            result = parsed
        }
        guard let problem else { return result }
        appendDiagnostic(Diagnostic(.error, code: problem.code, message(problem), at: location))
        return nil
    }

    mutating func validate(_ text: String, at location: SourceLocation) {
        _ = validated(text, at: location)
    }

    private func message(_ problem: Placeholders.Problem) -> String {
        switch problem {
        case .syntax(let message):
            return message
        case .unknownName(let name):
            return
                "Unknown placeholder `{{\(name)}}`; use `{{indicator.field}}` or one of \((Placeholders.reportNames + Placeholders.flags).joined(separator: ", "))."
        case .unknownIndicator(let id):
            return "Unknown indicator `\(id)` in a placeholder; known indicators: \(knownIndicatorList)."
        case .unknownField(let field):
            return "Unknown field `\(field)` in a placeholder; expected one of \(Placeholders.indicatorFields.joined(separator: ", "))."
        case .filter(let message):
            return message
        case .notAFlag(let name):
            return "`\(name)` is a condition, not a text: use it as `{{#if \(name)}}…{{/if}}`."
        case .noGenitive(let name):
            return
                "The Finnish genitive of \(name) is not in the area table; write the sentence with `{{home}}` in the nominative, or use a home municipality whose genitive is listed."
        }
    }
}
