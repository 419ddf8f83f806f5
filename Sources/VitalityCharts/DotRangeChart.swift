import Foundation
import VitalityModel
import VitalityScene

/// One indicator of a dot/range plot: every municipality's value and the home municipality's.
package struct DotRangeRow: Sendable, Hashable {
    package var label: String
    /// The region's values (the home municipality's included); nil is missing.
    package var values: [Double?]
    package var home: Double?

    package init(label: String, values: [Double?], home: Double?) {
        self.label = label
        self.values = values
        self.home = home
    }

    var finite: [Double] { values.compactMap { $0 }.filter(\.isFinite).sorted() }

    /// The median of the finite values (mean of the middle two for an even count).
    var median: Double? {
        let sorted = finite
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// The region's spread per indicator on one shared value axis: the range as a bar, every
/// municipality as a small dot, the median as a tick and the home municipality as a big dot.
package struct DotRangeChartSpec: Sendable, Hashable {
    package var header: ChartHeader
    var homeName: String
    package var rows: [DotRangeRow]
    package var format: ValueFormat

    package init(header: ChartHeader, homeName: String, rows: [DotRangeRow], format: ValueFormat = ValueFormat()) {
        self.header = header
        self.homeName = homeName
        self.rows = rows
        self.format = format
    }
}

extension ChartLayout {
    /// A dot/range plot; the legend sits above the plot, the home value is labelled above its dot.
    package static func layout(_ spec: DotRangeChartSpec, size: Size, theme: ChartTheme = .standard, measurer: some TextMeasuring) -> Scene {
        var frame = ChartFrame(spec.header, size: size, theme: theme, measurer: measurer, altText: dotRangeAltText(spec), data: dotRangeData(spec))
        let locale = frame.locale
        let pad = theme.padding
        let all = spec.rows.flatMap(\.finite) + spec.rows.compactMap(\.home).filter(\.isFinite)
        guard !spec.rows.isEmpty, !all.isEmpty else { return frame.noData() }
        frame.placeLegend([
            LegendEntry(label: spec.homeName, swatch: .dot(theme.highlight)),
            LegendEntry(label: Words.median(locale), swatch: .tick(theme.text)),
            LegendEntry(label: Words.range(locale), swatch: .box(theme.gridline)),
        ])
        let (top, bottom) = (frame.top, frame.bottom)
        let tickStyle = theme.tickStyle()
        let valueStyle = theme.labelStyle(bold: true, color: theme.highlight, alignment: .center)
        let lineHeight = measurer.measure("0", style: tickStyle).height
        let plotTop = top
        let plotBottom = bottom - lineHeight - 4
        let rowHeight = min((plotBottom - plotTop) / Double(spec.rows.count), 44)
        guard rowHeight >= lineHeight * 1.5 else { return frame.scene() }
        let labelStyle = theme.labelStyle(alignment: .trailing)
        let labelWidth = min(spec.rows.map { measurer.measure($0.label, style: labelStyle).width + 1 }.max() ?? 0, size.width * 0.3)
        let scale = NiceScale(
            values: all, includeZero: spec.format.kind != .level && spec.format.kind != .rate,
            targetTickCount: tickCount(for: size.width - labelWidth - 2 * pad, spacing: 60))
        let tickLabels = scale.ticks.map { spec.format.tick($0, locale: locale, decimals: scale.tickDecimals) }
        let edge = (tickLabels.map { measurer.measure($0, style: tickStyle).width }.max() ?? 0) / 2 + 2
        let plotLeft = pad + labelWidth + 8 + edge
        let plotRight = size.width - pad - edge
        guard plotRight - plotLeft > 20 else { return frame.scene() }
        func x(_ value: Double) -> Double { scale.position(value, start: plotLeft, end: plotRight) }
        let axisBottom = plotTop + rowHeight * Double(spec.rows.count)
        for (tick, label) in zip(scale.ticks, tickLabels) {
            frame.canvas.line(Point(x(tick), plotTop), Point(x(tick), axisBottom), StrokeStyle(color: theme.gridline, width: 0.5))
            frame.canvas.place(frame.canvas.text(label, style: theme.tickStyle(alignment: .center), x: x(tick), y: axisBottom + 3, role: .tick), margin: 2)
        }
        if scale.lower < 0, scale.upper > 0 {
            frame.canvas.line(Point(x(0), plotTop), Point(x(0), axisBottom), StrokeStyle(color: theme.axis, width: 0.75))
        }
        for (index, row) in spec.rows.enumerated() {
            let midY = plotTop + (Double(index) + 0.6) * rowHeight
            var label = frame.canvas.text(
                row.label, style: labelStyle, x: pad + labelWidth, y: 0, maxWidth: labelWidth,
                maxLines: rowHeight >= lineHeight * 2.5 ? 2 : 1)
            label.frame.y = midY - label.frame.height / 2
            frame.canvas.place(label)
            let values = row.finite
            if let low = values.first, let high = values.last {
                frame.canvas.fill(Rect(x: x(low) - 3, y: midY - 4, width: x(high) - x(low) + 6, height: 8), theme.gridline, cornerRadius: 4)
                for value in values { frame.canvas.circle(Point(x(value), midY), radius: 2, fill: theme.muted) }
            }
            if let median = row.median {
                frame.canvas.line(Point(x(median), midY - 6), Point(x(median), midY + 6), StrokeStyle(color: theme.text, width: 1.5))
            }
            if let home = row.home, home.isFinite {
                frame.canvas.circle(Point(x(home), midY), radius: 4.5, fill: theme.highlight)
                var value = frame.canvas.text(spec.format.string(home, locale: locale), style: valueStyle, x: x(home), y: 0, role: .value)
                value.frame.y = midY - 6 - value.frame.height
                value.frame.x = min(max(value.frame.x, plotLeft - edge), size.width - pad - value.frame.width)
                frame.canvas.place(value)
            }
        }
        return frame.scene()
    }

    static func dotRangeData(_ spec: DotRangeChartSpec) -> DataTable {
        let locale = spec.header.locale
        var table = DataTable(columns: ["row", "statistic", "value", "display"])
        for row in spec.rows {
            let stats: [(String, Double?)] = [
                ("home", row.home), ("minimum", row.finite.first), ("median", row.median), ("maximum", row.finite.last),
            ]
            for (name, value) in stats {
                table.rows.append([row.label, name, ChartData.exact(value), spec.format.string(value, locale: locale)])
            }
            table.rows.append([row.label, "count", String(row.finite.count), String(row.finite.count)])
        }
        return table
    }

    static func dotRangeAltText(_ spec: DotRangeChartSpec) -> String {
        let locale = spec.header.locale
        let parts = spec.rows.prefix(8).compactMap { row -> String? in
            guard let low = row.finite.first, let high = row.finite.last else { return nil }
            let range = "\(spec.format.string(low, locale: locale))…\(spec.format.string(high, locale: locale))"
            return "\(row.label) \(spec.homeName) \(spec.format.string(row.home, locale: locale)) (\(range))"
        }
        return sentence(spec.header.title, parts, locale: locale)
    }
}
