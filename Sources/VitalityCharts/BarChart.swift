import Foundation
import VitalityModel
import VitalityScene

/// Which way the bars run.
package enum BarOrientation: String, Sendable, Hashable {
    /// Categories along x, values up (columns).
    case vertical
    /// Categories down the side, values to the right.
    case horizontal
}

/// How the bars of one category share it.
package enum BarStacking: String, Sendable, Hashable {
    /// Side by side, one bar per series.
    case grouped
    /// On top of each other; positive values stack up from zero, negative ones down.
    case stacked
    /// Stacked and scaled to 100 % of the category's total; negative values count as zero.
    case percent
}

/// Bars of one or more series over categories: vertical or horizontal, grouped, stacked or
/// 100 % stacked. `categories[c].values[s]` belongs to `series[s]`; nil is missing.
package struct BarChartSpec: Sendable, Hashable {
    package var header: ChartHeader
    /// Series names in legend order; with one series no legend is drawn.
    package var series: [String]
    var categories: [BarCategory]
    var orientation: BarOrientation
    var stacking: BarStacking
    package var format: ValueFormat
    /// A category drawn in the highlight colour (single series only), e.g. the home municipality.
    var highlightedCategory: Int?

    package init(
        header: ChartHeader, series: [String], categories: [BarCategory], orientation: BarOrientation = .vertical,
        stacking: BarStacking = .grouped, format: ValueFormat = ValueFormat(), highlightedCategory: Int? = nil
    ) {
        self.header = header
        self.series = series
        self.categories = categories
        self.orientation = orientation
        self.stacking = stacking
        self.format = format
        self.highlightedCategory = highlightedCategory
    }
}

extension ChartLayout {
    /// Bars by the spec's orientation and stacking. Value labels follow one rule per chart:
    /// grouped bars label every bar at its end (all or none, by the widest label); stacked
    /// segments are labelled inside where the label fits and reads at 4.5 : 1 on the segment's
    /// colour, and every stack gets its total.
    package static func layout(_ spec: BarChartSpec, size: Size, theme: ChartTheme = .standard, measurer: some TextMeasuring) -> Scene {
        var frame = ChartFrame(spec.header, size: size, theme: theme, measurer: measurer, altText: barAltText(spec), data: barData(spec))
        let locale = frame.locale
        let pad = theme.padding
        let seriesCount = spec.series.count
        let values = spec.categories.flatMap { $0.values.prefix(seriesCount) }
        guard seriesCount > 0, !spec.categories.isEmpty, values.contains(where: { $0?.isFinite == true }) else { return frame.noData() }
        if seriesCount > 1 {
            frame.placeLegend(spec.series.enumerated().map { LegendEntry(label: $0.element, swatch: .box(theme.paletteColor($0.offset))) })
        }
        let (top, bottom) = (frame.top, frame.bottom)
        let geometry = BarGeometry(spec: spec)
        let tickStyle = theme.tickStyle()
        let valueStyle = TextStyle(font: Font(family: theme.fontFamily, size: theme.labelSize - 1), color: theme.text, alignment: .center)
        let lineHeight = measurer.measure("0", style: tickStyle).height
        let valueHeight = measurer.measure("0", style: valueStyle).height
        let stacked = spec.stacking != .grouped
        let endFormat = spec.stacking == .percent ? ValueFormat(decimals: 0, kind: .rate) : spec.format
        // Labels at bar ends need room beyond the longest bar on both sides.
        let endTexts = geometry.ends.map { endFormat.string($0, locale: locale) }
        let endWidth = endTexts.map { measurer.measure($0, style: valueStyle).width }.max() ?? 0
        let hasNegative = geometry.low < 0

        // Band axis labels: below the plot (vertical) or left of it (horizontal).
        let categoryStyle = theme.labelStyle(alignment: spec.orientation == .vertical ? .center : .trailing)
        let categoryLineHeight = measurer.measure("A", style: categoryStyle).height
        var plot: Rect
        switch spec.orientation {
        case .vertical:
            let categoryHeight = categoryLineHeight * 2 + 4
            let plotTop = top + valueHeight + 2
            let plotBottom = bottom - categoryHeight - 4
            let tickWidth =
                geometry.scaleTicks(for: plotBottom - plotTop, spacing: lineHeight * 3)
                .map { measurer.measure(tickLabel($0.value, $0.decimals, spec: spec, locale: locale), style: tickStyle).width }.max() ?? 0
            let left = pad + min(tickWidth, size.width / 4) + 5
            plot = Rect(x: left, y: plotTop, width: size.width - pad - left, height: plotBottom - plotTop)
            if hasNegative { plot.height -= valueHeight + 2 }
        case .horizontal:
            let labelWidth = min(
                spec.categories.map { measurer.measure($0.label, style: categoryStyle).width + 1 }.max() ?? 0, size.width * 0.3)
            let left = pad + labelWidth + 6 + (hasNegative ? endWidth + 4 : 0)
            let right = size.width - pad - (stacked || geometry.high > 0 ? endWidth + 4 : 0)
            plot = Rect(x: left, y: top, width: right - left, height: bottom - lineHeight - 4 - top)
        }
        guard plot.width > 20, plot.height > lineHeight * 2 else { return frame.scene() }

        let valueLength = spec.orientation == .vertical ? plot.height : plot.width
        let scale = geometry.scale(for: valueLength, spacing: spec.orientation == .vertical ? lineHeight * 3 : 55)
        func v(_ value: Double) -> Double {
            spec.orientation == .vertical
                ? scale.position(value, start: plot.maxY, end: plot.minY) : scale.position(value, start: plot.minX, end: plot.maxX)
        }
        /// The rectangle between two values within a band slot.
        func bar(_ from: Double, _ to: Double, bandStart: Double, bandWidth: Double) -> Rect {
            let (a, b) = (v(from), v(to))
            var length = abs(b - a)
            var start = min(a, b)
            if length < 1.5 { (start, length) = ((a + b) / 2 - 0.75, 1.5) }  // zero stays visible
            return spec.orientation == .vertical
                ? Rect(x: bandStart, y: start, width: bandWidth, height: length)
                : Rect(x: start, y: bandStart, width: length, height: bandWidth)
        }

        // Value ticks and gridlines.
        for tick in scale.ticks {
            let position = v(tick)
            let label = tickLabel(tick, scale.tickDecimals, spec: spec, locale: locale)
            switch spec.orientation {
            case .vertical:
                frame.canvas.line(Point(plot.minX, position), Point(plot.maxX, position), StrokeStyle(color: theme.gridline, width: 0.5))
                var item = frame.canvas.text(label, style: theme.tickStyle(alignment: .trailing), x: plot.minX - 5, y: 0, maxWidth: size.width / 4, role: .tick)
                item.frame.y = position - item.frame.height / 2
                frame.canvas.place(item)
            case .horizontal:
                frame.canvas.line(Point(position, plot.minY), Point(position, plot.maxY), StrokeStyle(color: theme.gridline, width: 0.5))
                frame.canvas.place(frame.canvas.text(label, style: theme.tickStyle(alignment: .center), x: position, y: plot.maxY + 3, role: .tick), margin: 2)
            }
        }

        let bandLength = spec.orientation == .vertical ? plot.width : plot.height
        let bandStep = bandLength / Double(spec.categories.count)
        let bandOrigin = spec.orientation == .vertical ? plot.minX : plot.minY
        let inner = bandStep * (stacked || seriesCount == 1 ? 0.7 : 0.84)
        let slot = stacked ? inner : inner / Double(seriesCount)
        let barWidth = stacked || seriesCount == 1 ? slot : slot * 0.9

        // Grouped end labels: all or none, with the unit suffix when every one fits, else bare.
        let bare = ValueFormat(decimals: spec.format.decimals, kind: spec.format.kind == .level || spec.format.kind == .rate ? .level : .absoluteChange)
        let finite = values.compactMap { $0 }.filter(\.isFinite)
        let groupedFormat: ValueFormat? = {
            guard !stacked else { return nil }
            if spec.orientation == .horizontal { return barWidth >= valueHeight - 1 ? spec.format : nil }
            return [spec.format, bare].first { format in
                finite.allSatisfy { measurer.measure(format.string($0, locale: locale), style: valueStyle).width + 1.5 <= slot }
            }
        }()

        // Category labels: one line centred (or two, or staggered rows) under columns; right-aligned beside bars.
        let staggered =
            spec.orientation == .vertical
            && spec.categories.contains { category in
                category.label.split(separator: " ").contains { measurer.measure(String($0), style: categoryStyle).width > bandStep - 4 }
            }
        for (index, category) in spec.categories.enumerated() {
            let centre = bandOrigin + (Double(index) + 0.5) * bandStep
            switch spec.orientation {
            case .vertical:
                let label =
                    staggered
                    ? frame.canvas.text(
                        category.label, style: categoryStyle, x: centre,
                        y: plot.maxY + (hasNegative ? valueHeight + 2 : 0) + 4
                            + Double(index % 2) * categoryLineHeight, maxWidth: 2 * bandStep - 4)
                    : frame.canvas.text(
                        category.label, style: categoryStyle, x: centre, y: plot.maxY + (hasNegative ? valueHeight + 2 : 0) + 4,
                        maxWidth: bandStep - 4, maxLines: 2)
                frame.canvas.place(label)
            case .horizontal:
                let labelRight =
                    pad
                    + min(
                        spec.categories.map { measurer.measure($0.label, style: categoryStyle).width + 1 }.max() ?? 0, size.width * 0.3)
                var label = frame.canvas.text(
                    category.label, style: categoryStyle, x: labelRight, y: 0, maxWidth: labelRight - pad,
                    maxLines: bandStep >= categoryLineHeight * 2 + 2 ? 2 : 1)
                label.frame.y = centre - label.frame.height / 2
                frame.canvas.place(label)
            }
        }

        for (index, category) in spec.categories.enumerated() {
            let bandStart = bandOrigin + Double(index) * bandStep + (bandStep - inner) / 2
            if stacked {
                let parts = geometry.segments(index)
                for part in parts {
                    let rect = bar(part.from, part.to, bandStart: bandStart, bandWidth: barWidth)
                    let fill = theme.paletteColor(part.series)
                    frame.canvas.fill(rect, fill)
                    // A thin background-coloured seam between neighbouring segments.
                    if spec.orientation == .vertical {
                        frame.canvas.line(Point(rect.minX, rect.minY), Point(rect.maxX, rect.minY), StrokeStyle(color: theme.background, width: 0.75))
                    } else {
                        frame.canvas.line(Point(rect.maxX, rect.minY), Point(rect.maxX, rect.maxY), StrokeStyle(color: theme.background, width: 0.75))
                    }
                    let shown =
                        spec.stacking == .percent ? endFormat.string(part.to - part.from, locale: locale) : spec.format.string(part.value, locale: locale)
                    var style = valueStyle
                    style.color = fill.readableText
                    var text = frame.canvas.text(shown, style: style, x: rect.midX, y: 0, role: .value)
                    text.frame.y = rect.midY - text.frame.height / 2
                    if text.frame.width + 4 <= rect.width, text.frame.height + 1 <= rect.height,
                        style.color.contrastRatio(with: fill) >= 4.5
                    {
                        frame.canvas.place(text)
                    }
                }
                if spec.stacking == .stacked, let total = geometry.totals[index] {
                    let end = v(geometry.stackEnd(index))
                    placeEndLabel(
                        &frame.canvas, text: spec.format.string(total, locale: locale), style: valueStyle, end: end,
                        negative: geometry.stackEnd(index) < 0, centre: bandStart + barWidth / 2, orientation: spec.orientation)
                }
                continue
            }
            for series in 0..<seriesCount {
                let slotStart = bandStart + Double(series) * slot
                let centre = slotStart + slot / 2
                guard series < category.values.count, let value = category.values[series], value.isFinite else {
                    // Missing: a dash on the baseline, so it reads differently from a zero.
                    var missing = frame.canvas.text("–", style: valueStyle, x: 0, y: 0, role: .value)
                    if spec.orientation == .vertical {
                        missing.frame.x = centre - missing.frame.width / 2
                        missing.frame.y = v(0) - missing.frame.height - 1
                    } else {
                        missing.frame.x = v(0) + 2
                        missing.frame.y = centre - missing.frame.height / 2
                    }
                    if (spec.orientation == .vertical ? missing.frame.width : missing.frame.height) <= slot { frame.canvas.place(missing) }
                    continue
                }
                let isHighlighted = seriesCount == 1 && spec.highlightedCategory == index
                let fill = seriesCount == 1 ? (spec.highlightedCategory == nil || isHighlighted ? theme.highlight : theme.muted) : theme.paletteColor(series)
                frame.canvas.fill(bar(0, value, bandStart: centre - barWidth / 2, bandWidth: barWidth), fill)
                guard let groupedFormat else { continue }
                var style = valueStyle
                if isHighlighted { style.font.weight = .bold }
                placeEndLabel(
                    &frame.canvas, text: groupedFormat.string(value, locale: locale), style: style, end: v(value),
                    negative: value < 0, centre: centre, orientation: spec.orientation)
            }
        }
        let zero = v(0)
        if spec.orientation == .vertical {
            frame.canvas.line(Point(plot.minX, zero), Point(plot.maxX, zero), StrokeStyle(color: theme.axis, width: 1))
        } else {
            frame.canvas.line(Point(zero, plot.minY), Point(zero, plot.maxY), StrokeStyle(color: theme.axis, width: 1))
        }
        return frame.scene()
    }

    /// A value label just beyond a bar's end (`end` is the end's coordinate on the value axis).
    private static func placeEndLabel(
        _ canvas: inout ChartCanvas, text: String, style: TextStyle, end: Double, negative: Bool, centre: Double, orientation: BarOrientation
    ) {
        var item = canvas.text(text, style: style, x: 0, y: 0, role: .value)
        switch orientation {
        case .vertical:
            item.frame.x = centre - item.frame.width / 2
            item.frame.y = negative ? end + 1 : end - item.frame.height - 1
        case .horizontal:
            item.frame.x = negative ? end - 3 - item.frame.width : end + 3
            item.frame.y = centre - item.frame.height / 2
        }
        canvas.place(item)
    }

    private static func tickLabel(_ value: Double, _ decimals: Int, spec: BarChartSpec, locale: ReportLocale) -> String {
        spec.stacking == .percent
            ? NumberFormat(locale: locale, decimals: 0).percent(value) : spec.format.tick(value, locale: locale, decimals: decimals)
    }

    static func barData(_ spec: BarChartSpec) -> DataTable {
        let locale = spec.header.locale
        let geometry = BarGeometry(spec: spec)
        var table = DataTable(
            columns: spec.stacking == .percent
                ? ["category", "series", "value", "display", "share_percent", "share_display"] : ["category", "series", "value", "display"])
        for (index, category) in spec.categories.enumerated() {
            for (series, name) in spec.series.enumerated() {
                let value = series < category.values.count ? category.values[series] : nil
                var row = [category.label, name, ChartData.exact(value), spec.format.string(value, locale: locale)]
                if spec.stacking == .percent {
                    let share = geometry.share(index, series)
                    row += [ChartData.exact(share), ValueFormat(decimals: 0, kind: .rate).string(share, locale: locale)]
                }
                table.rows.append(row)
            }
        }
        return table
    }

    static func barAltText(_ spec: BarChartSpec) -> String {
        let locale = spec.header.locale
        var parts: [String] = []
        for category in spec.categories.prefix(8) {
            let shown = zip(spec.series, category.values).compactMap { name, value -> String? in
                guard let value else { return nil }
                let number = spec.format.string(value, locale: locale)
                return spec.series.count == 1 ? number : "\(name) \(number)"
            }
            if !shown.isEmpty { parts.append("\(category.label) \(shown.joined(separator: " / "))") }
        }
        return sentence(spec.header.title, parts, locale: locale)
    }
}

/// The value-axis arithmetic of a bar chart: stacks, shares and the domain.
struct BarGeometry {
    struct Segment {
        var series: Int
        var from: Double
        var to: Double
        var value: Double
    }

    let spec: BarChartSpec
    /// Stack totals (stacked), nil where a category has no values.
    let totals: [Double?]
    let low: Double
    let high: Double
    /// Every value an end label may show (for reserving room).
    let ends: [Double]

    init(spec: BarChartSpec) {
        self.spec = spec
        let count = spec.series.count
        var totals: [Double?] = []
        var low = 0.0
        var high = 0.0
        var ends: [Double] = []
        for category in spec.categories {
            let finite = category.values.prefix(count).compactMap { $0 }.filter(\.isFinite)
            switch spec.stacking {
            case .grouped:
                low = min(low, finite.min() ?? 0)
                high = max(high, finite.max() ?? 0)
                ends += finite
                totals.append(nil)
            case .stacked:
                let up = finite.filter { $0 > 0 }.reduce(0, +)
                let down = finite.filter { $0 < 0 }.reduce(0, +)
                low = min(low, down)
                high = max(high, up)
                totals.append(finite.isEmpty ? nil : finite.reduce(0, +))
                if !finite.isEmpty { ends.append(finite.reduce(0, +)) }
            case .percent:
                high = 100
                totals.append(nil)
                ends.append(100)
            }
        }
        self.totals = totals
        self.low = low
        self.high = high
        self.ends = ends
    }

    func scale(for length: Double, spacing: Double) -> NiceScale {
        if spec.stacking == .percent {
            return NiceScale(values: [0, 100], includeZero: true, targetTickCount: length >= spacing * 4 ? 5 : 3)
        }
        return NiceScale(values: [low, high], includeZero: true, targetTickCount: tickCount(for: length, spacing: spacing))
    }

    func scaleTicks(for length: Double, spacing: Double) -> [(value: Double, decimals: Int)] {
        let scale = scale(for: length, spacing: spacing)
        return scale.ticks.map { ($0, scale.tickDecimals) }
    }

    /// A series' share of its category in percent (percent stacking), nil when missing.
    func share(_ category: Int, _ series: Int) -> Double? {
        let values = spec.categories[category].values.prefix(spec.series.count)
        let total = values.compactMap { $0 }.filter(\.isFinite).map { max(0, $0) }.reduce(0, +)
        guard series < values.count, let value = values[series], value.isFinite, total > 0 else { return nil }
        return max(0, value) / total * 100
    }

    /// Stack segments of a category, in series order; positive ones up from zero, negative ones down.
    func segments(_ category: Int) -> [Segment] {
        var up = 0.0
        var down = 0.0
        var result: [Segment] = []
        let values = spec.categories[category].values
        for series in 0..<min(spec.series.count, values.count) {
            guard let value = values[series], value.isFinite else { continue }
            if spec.stacking == .percent {
                guard let share = share(category, series), share > 0 else { continue }
                result.append(Segment(series: series, from: up, to: up + share, value: value))
                up += share
            } else if value >= 0 {
                guard value > 0 else { continue }
                result.append(Segment(series: series, from: up, to: up + value, value: value))
                up += value
            } else {
                result.append(Segment(series: series, from: down + value, to: down, value: value))
                down += value
            }
        }
        return result
    }

    /// Where a stack's total label goes: beyond the longer side.
    func stackEnd(_ category: Int) -> Double {
        let parts = segments(category)
        let up = parts.map(\.to).max() ?? 0
        let down = parts.map(\.from).min() ?? 0
        return (totals[category] ?? 0) < 0 ? down : up
    }
}
