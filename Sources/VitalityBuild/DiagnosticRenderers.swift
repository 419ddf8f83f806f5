import Foundation
import VitalityModel

/// Output formats for diagnostics (`--diagnostics text|json|github`).
package enum DiagnosticFormat: String, Sendable, CaseIterable {
    case text
    case json
    case github

    /// The renderer of this format.
    package var renderer: any DiagnosticRenderer {
        switch self {
        case .text: return TextDiagnosticRenderer()
        case .json: return JSONDiagnosticRenderer()
        case .github: return GitHubDiagnosticRenderer()
        }
    }
}

/// Turns diagnostics into the text written to the terminal or CI log. Pure: same diagnostics,
/// same bytes.
package protocol DiagnosticRenderer: Sendable {
    /// The whole output for the diagnostics, ending in a newline; empty when there is nothing to say.
    func render(_ diagnostics: [Diagnostic]) -> String
}

/// `file:line:col: severity: message [code]` a line, then a count of errors and warnings.
package struct TextDiagnosticRenderer: DiagnosticRenderer {
    /// Severities in colour (for a terminal without `NO_COLOR`).
    var colored: Bool

    package init(colored: Bool = false) {
        self.colored = colored
    }

    package func render(_ diagnostics: [Diagnostic]) -> String {
        var lines = diagnostics.map { $0.text(colored: colored) }
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        if errors + warnings > 0 { lines.append("\(errors) error(s), \(warnings) warning(s)") }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}

/// One JSON object: `{"version":1,"diagnostics":[{"severity","code","message","file","line","column"}…],
/// "errors":n,"warnings":n}`, keys sorted; `file`, `line` and `column` are absent when unknown
/// (line or column 0). The format is described by `docs/schemas/diagnostics.schema.json`.
package struct JSONDiagnosticRenderer: DiagnosticRenderer {
    /// Version of the output's format: raised when a field is removed or changes meaning, not
    /// when one is added.
    package static let formatVersion = 1

    package init() {}

    private struct Entry: Encodable {
        var severity: String
        var code: String
        var message: String
        var file: String?
        var line: Int?
        var column: Int?
    }

    private struct Document: Encodable {
        var version: Int
        var diagnostics: [Entry]
        var errors: Int
        var warnings: Int
    }

    package func render(_ diagnostics: [Diagnostic]) -> String {
        let entries = diagnostics.map { diagnostic in
            Entry(severity: diagnostic.severity.rawValue, code: diagnostic.code, message: DiagnosticText.clean(diagnostic.message),
                  file: diagnostic.location?.file,
                  line: diagnostic.location.flatMap { $0.line > 0 ? $0.line : nil },
                  column: diagnostic.location.flatMap { $0.line > 0 && $0.column > 0 ? $0.column : nil })
        }
        let document = Document(version: Self.formatVersion, diagnostics: entries,
                                errors: diagnostics.count { $0.severity == .error },
                                warnings: diagnostics.count { $0.severity == .warning })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=code::message`
/// (`::warning`, `::notice` for notes), escaped as the runner expects.
package struct GitHubDiagnosticRenderer: DiagnosticRenderer {
    package init() {}

    package func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { diagnostic in
            var properties: [String] = []
            if let location = diagnostic.location {
                properties.append("file=\(Self.escapeProperty(location.file))")
                if location.line > 0 {
                    properties.append("line=\(location.line)")
                    if location.column > 0 { properties.append("col=\(location.column)") }
                }
            }
            properties.append("title=\(Self.escapeProperty(diagnostic.code))")
            return "::\(Self.command(diagnostic.severity)) \(properties.joined(separator: ","))::\(Self.escapeData(DiagnosticText.clean(diagnostic.message)))\n"
        }.joined()
    }

    static func command(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "notice"
        }
    }

    /// `%`, CR and LF percent-encoded, as in the runner's `escapeData`.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// `escapeData` plus `:` and `,`, which separate properties; other control characters
    /// escaped by `DiagnosticText`.
    static func escapeProperty(_ text: String) -> String {
        escapeData(DiagnosticText.escapingControls(text)).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

/// What `--strict` decides: the exit status for a set of diagnostics.
package enum DiagnosticPolicy {
    /// True when the diagnostics fail the run: any error, or with `strict` any warning.
    package static func fails(_ diagnostics: [Diagnostic], strict: Bool) -> Bool {
        diagnostics.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }
}
