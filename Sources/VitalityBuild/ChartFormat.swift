import Foundation

/// A file format a chart can be written in.
package enum ChartFormat: String, Sendable, Hashable, CaseIterable {
    case png, pdf, svg

    /// Formats from a comma-separated list such as `png,pdf,svg`; nil names the unknown entry.
    package static func parseList(_ text: String) -> Result<Set<ChartFormat>, ChartFormatError> {
        var result: Set<ChartFormat> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let format = ChartFormat(rawValue: name) else { return .failure(ChartFormatError(name: name)) }
            result.insert(format)
        }
        return result.isEmpty ? .failure(ChartFormatError(name: text)) : .success(result)
    }
}

/// An entry of `--formats` that is not png, pdf or svg.
package struct ChartFormatError: Error, Sendable {
    package var name: String
}
