import Foundation
import VitalityScene

extension ChartLayout {
    /// Vertical bars grouped by category, a zero baseline, a legend for the groups and value
    /// labels above (below, for negative values) the bars where they fit.
    public static func layout(_ spec: GroupedBarChartSpec, size: Size, theme: ChartTheme = .standard, measurer: some TextMeasuring) -> Scene {
        var canvas = ChartCanvas(size: size, theme: theme, measurer: measurer)
        let locale = spec.header.locale
        let pad = theme.padding
        var top = canvas.placeHeader(spec.header)
        let bottom = canvas.placeSourceNote(spec.header)
        let altText = groupedAltText(spec)
        let groupCount = spec.groups.count
        let values = spec.categories.flatMap { $0.values.prefix(groupCount) }
        guard groupCount > 0, !spec.categories.isEmpty, values.contains(where: { $0?.isFinite == true }) else {
            canvas.placeNoData(locale, in: Rect(x: pad, y: top, width: size.width - 2 * pad, height: max(0, bottom - top)))
            return canvas.scene(title: spec.header.title, altText: altText)
        }
        top = canvas.placeLegend(
            spec.groups.enumerated().map { LegendEntry(label: $0.element, swatch: .box(theme.paletteColor($0.offset))) }, y: top)

        let tickStyle = theme.tickStyle()
        let valueStyle = TextStyle(font: Font(family: theme.fontFamily, size: theme.labelSize - 1), color: theme.text, alignment: .center)
        let lineHeight = measurer.measure("0", style: tickStyle).height
        let valueHeight = measurer.measure("0", style: valueStyle).height
        let categoryHeight = measurer.measure("A", style: theme.labelStyle()).height * 2 + 4
        let plotTop = top + valueHeight + 2
        let plotBottom = bottom - categoryHeight - 4
        guard plotBottom - plotTop > lineHeight * 2 else { return canvas.scene(title: spec.header.title, altText: altText) }

        let scale = NiceScale(values: values, includeZero: true, targetTickCount: tickCount(for: plotBottom - plotTop, spacing: lineHeight * 3))
        let tickLabels = scale.ticks.map { spec.format.tick($0, locale: locale, decimals: scale.tickDecimals) }
        let axisWidth = min(tickLabels.map { measurer.measure($0, style: tickStyle).width }.max() ?? 0, size.width / 4)
        let plotLeft = pad + axisWidth + 5
        let plotRight = size.width - pad
        func y(_ value: Double) -> Double { scale.position(value, start: plotBottom, end: plotTop) }
        let zeroY = y(0)

        for (tick, label) in zip(scale.ticks, tickLabels) {
            let ty = y(tick)
            canvas.line(Point(plotLeft, ty), Point(plotRight, ty), StrokeStyle(color: theme.gridline, width: 0.5))
            var item = canvas.text(label, style: theme.tickStyle(alignment: .trailing), x: plotLeft - 5, y: 0, maxWidth: size.width / 4, role: .tick)
            item.frame.y = ty - item.frame.height / 2
            canvas.place(item)
        }

        let categoryWidth = (plotRight - plotLeft) / Double(spec.categories.count)
        let slotWidth = categoryWidth * 0.84 / Double(groupCount)
        let barWidth = slotWidth * 0.9
        // Value labels for all bars or none: with the unit suffix when it fits, else bare.
        let finiteValues = values.compactMap { $0 }.filter(\.isFinite)
        let bare = ValueFormat(decimals: spec.format.decimals, kind: spec.format.kind == .level || spec.format.kind == .rate ? .level : .absoluteChange)
        let valueFormat = [spec.format, bare].first { format in
            finiteValues.allSatisfy { measurer.measure(format.string($0, locale: locale), style: valueStyle).width <= slotWidth + 1 }
        }
        // When a word of a label is wider than its category, labels alternate between two
        // rows of one line each, so each gets twice the width instead of breaking inside words.
        let categoryStyle = theme.labelStyle(alignment: .center)
        let staggered = spec.categories.contains { category in
            category.label.split(separator: " ").contains { measurer.measure(String($0), style: categoryStyle).width > categoryWidth - 4 }
        }
        let categoryLineHeight = measurer.measure("A", style: categoryStyle).height
        for (categoryIndex, category) in spec.categories.enumerated() {
            let categoryLeft = plotLeft + Double(categoryIndex) * categoryWidth
            let label = staggered
                ? canvas.text(
                    category.label, style: categoryStyle, x: categoryLeft + categoryWidth / 2,
                    y: plotBottom + 4 + Double(categoryIndex % 2) * categoryLineHeight, maxWidth: 2 * categoryWidth - 4)
                : canvas.text(
                    category.label, style: categoryStyle, x: categoryLeft + categoryWidth / 2, y: plotBottom + 4,
                    maxWidth: categoryWidth - 4, maxLines: 2)
            canvas.place(label)
            for group in 0..<groupCount {
                let slotLeft = categoryLeft + categoryWidth * 0.08 + Double(group) * slotWidth
                let centreX = slotLeft + slotWidth / 2
                guard group < category.values.count, let value = category.values[group], value.isFinite else {
                    var missing = canvas.text("–", style: valueStyle, x: centreX, y: 0, role: .value)
                    missing.frame.y = zeroY - missing.frame.height - 1
                    if missing.frame.width <= slotWidth { canvas.place(missing) }
                    continue
                }
                // A zero is drawn as a sliver on the baseline so that it differs from a missing value.
                let length = abs(y(value) - zeroY)
                let (barTop, barHeight) = length < 1.5 ? (zeroY - 0.75, 1.5) : (min(y(value), zeroY), length)
                canvas.fill(Rect(x: centreX - barWidth / 2, y: barTop, width: barWidth, height: barHeight), theme.paletteColor(group))
                guard let valueFormat else { continue }
                var item = canvas.text(valueFormat.string(value, locale: locale), style: valueStyle, x: centreX, y: 0, role: .value)
                item.frame.y = value < 0 ? y(value) + 1 : y(value) - item.frame.height - 1
                if item.frame.minY >= plotTop - valueHeight - 2, item.frame.maxY <= plotBottom { canvas.place(item) }
            }
        }
        canvas.line(Point(plotLeft, zeroY), Point(plotRight, zeroY), StrokeStyle(color: theme.axis, width: 1))
        return canvas.scene(title: spec.header.title, altText: altText)
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
