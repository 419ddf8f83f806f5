import Foundation
import VitalityModel
import VitalityScene

/// Lays chart specs out into scenes of a given size (points).
package enum ChartLayout {
    /// Any chart spec laid out by its kind.
    package static func layout(_ spec: AnyChartSpec, size: Size, theme: ChartTheme = .standard, measurer: some TextMeasuring) -> Scene {
        switch spec {
        case .line(let spec): layout(spec, size: size, theme: theme, measurer: measurer)
        case .ranking(let spec): layout(spec, size: size, theme: theme, measurer: measurer)
        case .groupedBar(let spec): layout(spec, size: size, theme: theme, measurer: measurer)
        case .status(let spec): layout(spec, size: size, theme: theme, measurer: measurer)
        case .kpiTiles(let spec): layout(spec, size: size, theme: theme, measurer: measurer)
        case .bar(let spec): layout(spec, size: size, theme: theme, measurer: measurer)
        case .slope(let spec): layout(spec, size: size, theme: theme, measurer: measurer)
        case .dotRange(let spec): layout(spec, size: size, theme: theme, measurer: measurer)
        case .smallMultiples(let spec): layout(spec, size: size, theme: theme, measurer: measurer)
        }
    }

    /// "Title: a, b, c." or "Title: no data."
    static func sentence(_ title: String, _ parts: [String], locale: ReportLocale) -> String {
        let body = parts.isEmpty ? Words.noData(locale).lowercased() : parts.joined(separator: ", ")
        return title.isEmpty ? body + "." : "\(title): \(body)."
    }
}
