import Foundation
import VitalityScene

extension ChartLayout {
    /// Vertical bars grouped by category (a `BarChartSpec` with `.vertical`, `.grouped`): a zero
    /// baseline, a legend for the groups and a value label at every bar's end, or at none.
    package static func layout(_ spec: GroupedBarChartSpec, size: Size, theme: ChartTheme = .standard, measurer: some TextMeasuring) -> Scene {
        let bars = BarChartSpec(header: spec.header, series: spec.groups, categories: spec.categories, format: spec.format)
        var scene = layout(bars, size: size, theme: theme, measurer: measurer)
        scene.altText = groupedAltText(spec)
        return scene
    }

    static func groupedAltText(_ spec: GroupedBarChartSpec) -> String {
        let locale = spec.header.locale
        guard let lastGroup = spec.groups.indices.last else { return sentence(spec.header.title, [], locale: locale) }
        let parts = spec.categories.prefix(8).compactMap { category -> String? in
            guard lastGroup < category.values.count, let value = category.values[lastGroup] else { return nil }
            return "\(category.label) \(spec.format.string(value, locale: locale))"
        }
        guard !parts.isEmpty else { return sentence(spec.header.title, [], locale: locale) }
        return sentence(spec.header.title, ["\(spec.groups[lastGroup]) \(parts[0])"] + parts.dropFirst(), locale: locale)
    }
}
