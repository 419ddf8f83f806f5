import Foundation
import VitalityModel
import VitalityScene

extension ChartLayout {
    /// Programme status: a stacked bar per goal area, a segment per status with its count.
    package static func layout(_ spec: StatusChartSpec, size: Size, theme: ChartTheme = .standard, measurer: some TextMeasuring) -> Scene {
        var frame = ChartFrame(spec.header, size: size, theme: theme, measurer: measurer, altText: statusAltText(spec), data: ChartData.status(spec))
        let locale = frame.locale
        let pad = theme.padding
        guard spec.rows.contains(where: { $0.total > 0 }) else { return frame.noData() }
        let present = MeasureStatus.allCases.filter { status in spec.rows.contains { ($0.counts[status] ?? 0) > 0 } }
        frame.placeLegend(present.map { LegendEntry(label: $0.name(locale), swatch: .box(statusColor($0, theme: theme))) })
        let (top, bottom) = (frame.top, frame.bottom)

        let tickStyle = theme.tickStyle()
        let lineHeight = measurer.measure("0", style: tickStyle).height
        let plotTop = top
        let plotBottom = bottom - lineHeight - 4
        guard plotBottom - plotTop > lineHeight else { return frame.scene() }
        let rowHeight = min((plotBottom - plotTop) / Double(spec.rows.count), 32)
        let barHeight = rowHeight * 0.66

        let labelStyle = theme.labelStyle(alignment: .trailing)
        let labelWidth = min(spec.rows.map { measurer.measure($0.label, style: labelStyle).width + 1 }.max() ?? 0, size.width * 0.3)
        let labelRight = pad + labelWidth
        let totals = spec.rows.map(\.total)
        let totalWidth = totals.map { measurer.measure(String($0), style: tickStyle).width }.max() ?? 0
        let plotLeft = labelRight + 6
        let plotRight = max(plotLeft + 1, size.width - pad - totalWidth - 4)
        let scale = NiceScale(
            values: totals.map(Double.init), includeZero: true, targetTickCount: tickCount(for: plotRight - plotLeft, spacing: 45),
            minimumStep: 1)
        func x(_ value: Double) -> Double { scale.position(value, start: plotLeft, end: plotRight) }
        let axisBottom = plotTop + rowHeight * Double(spec.rows.count)

        for tick in scale.ticks {
            let tx = x(tick)
            frame.canvas.line(Point(tx, plotTop), Point(tx, axisBottom), StrokeStyle(color: theme.gridline, width: 0.5))
            let label = NumberFormat(locale: locale, decimals: scale.tickDecimals).number(tick)
            frame.canvas.place(frame.canvas.text(label, style: theme.tickStyle(alignment: .center), x: tx, y: axisBottom + 3, role: .tick), margin: 2)
        }
        let countStyle = theme.labelStyle(alignment: .center)
        for (index, row) in spec.rows.enumerated() {
            let midY = plotTop + (Double(index) + 0.5) * rowHeight
            var label = frame.canvas.text(
                row.label, style: labelStyle, x: labelRight, y: 0, maxWidth: labelWidth, maxLines: rowHeight >= lineHeight * 2 ? 2 : 1)
            label.frame.y = midY - label.frame.height / 2
            frame.canvas.place(label)
            var start = 0
            for status in MeasureStatus.allCases {
                let count = max(0, row.counts[status] ?? 0)
                guard count > 0 else { continue }
                let fill = statusColor(status, theme: theme)
                let segment = Rect(x: x(Double(start)), y: midY - barHeight / 2, width: x(Double(start + count)) - x(Double(start)), height: barHeight)
                frame.canvas.fill(segment, fill)
                frame.canvas.line(Point(segment.maxX, segment.minY), Point(segment.maxX, segment.maxY), StrokeStyle(color: theme.background, width: 1))
                var style = countStyle
                style.color = fill.readableText
                var text = frame.canvas.text(String(count), style: style, x: segment.midX, y: 0, role: .value)
                text.frame.y = midY - text.frame.height / 2
                if text.frame.width + 4 <= segment.width, text.frame.height <= barHeight + 1 { frame.canvas.place(text) }
                start += count
            }
            var total = frame.canvas.text(String(row.total), style: theme.labelStyle(bold: true), x: x(Double(row.total)) + 4, y: 0, role: .value)
            total.frame.y = midY - total.frame.height / 2
            frame.canvas.place(total)
        }
        frame.canvas.line(Point(plotLeft, plotTop), Point(plotLeft, axisBottom), StrokeStyle(color: theme.axis, width: 0.75))
        return frame.scene()
    }

    static func statusColor(_ status: MeasureStatus, theme: ChartTheme) -> Color {
        let index = MeasureStatus.allCases.firstIndex(of: status) ?? 0
        return index < theme.statusColors.count ? theme.statusColors[index] : theme.paletteColor(index)
    }

    static func statusAltText(_ spec: StatusChartSpec) -> String {
        let locale = spec.header.locale
        let total = spec.rows.reduce(0) { $0 + $1.total }
        guard total > 0 else { return sentence(spec.header.title, [], locale: locale) }
        let noun = Words.measures(locale)
        let parts = MeasureStatus.allCases.compactMap { status -> String? in
            let count = spec.rows.reduce(0) { $0 + max(0, $1.counts[status] ?? 0) }
            return count > 0 ? "\(status.name(locale).lowercased()) \(count)" : nil
        }
        return sentence(spec.header.title, ["\(total) \(noun)"] + parts, locale: locale)
    }
}
