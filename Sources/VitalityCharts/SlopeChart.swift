import Foundation
import VitalityModel
import VitalityScene

/// One line of a slope chart: a municipality's value in the first and the last year.
package struct SlopeEntry: Sendable, Hashable {
    package var name: String
    package var start: Double?
    package var end: Double?
    var isHome: Bool

    package init(name: String, start: Double?, end: Double?, isHome: Bool = false) {
        self.name = name
        self.start = start
        self.end = end
        self.isHome = isHome
    }
}

/// Two years side by side, a line per municipality between its two values, home highlighted.
package struct SlopeChartSpec: Sendable, Hashable {
    package var header: ChartHeader
    /// Column heads, e.g. "2015" and "2021".
    var startLabel: String
    var endLabel: String
    var entries: [SlopeEntry]
    package var format: ValueFormat

    package init(header: ChartHeader, startLabel: String, endLabel: String, entries: [SlopeEntry], format: ValueFormat = ValueFormat()) {
        self.header = header
        self.startLabel = startLabel
        self.endLabel = endLabel
        self.entries = entries
        self.format = format
    }
}

extension ChartLayout {
    /// The tallest a slope chart grows to make room for its labels (a page's text height).
    static let slopeMaximumHeight = 700.0

    /// A slope chart. Every line is named at both ends ("Name value", the value next to the line):
    /// labels are sorted by their point (ties by the other end, so they keep the order of the
    /// lines), pushed apart to one line's spacing in clusters centred on their points, kept in the
    /// plot, and joined to their point by a short leader where they moved. The chart grows taller
    /// than `size` only when the labels need it (up to `slopeMaximumHeight`); beyond that the
    /// least important labels — home first, then the largest movers — are left out (all values
    /// stay in the data table).
    package static func layout(_ spec: SlopeChartSpec, size: Size, theme: ChartTheme = .standard, measurer: some TextMeasuring) -> Scene {
        var frame = ChartFrame(spec.header, size: size, theme: theme, measurer: measurer, altText: slopeAltText(spec), data: slopeData(spec))
        let locale = frame.locale
        let pad = theme.padding
        let complete = spec.entries.filter { $0.start?.isFinite == true && $0.end?.isFinite == true }
        guard !complete.isEmpty else { return frame.noData() }
        let (top, bottom) = (frame.top, frame.bottom)
        let lineHeight = max(measurer.measure("Ag", style: theme.labelStyle()).height, measurer.measure("Ag", style: theme.labelStyle(bold: true)).height)
        let spacing = lineHeight + 1
        let headStyle = theme.labelStyle(bold: true, alignment: .center)
        let labelTop = top + lineHeight + 4
        // Taller only when the labels need it: one line each in the label column.
        let labelsHeight = Double(complete.count) * spacing - 1
        if labelsHeight > bottom - labelTop + 0.01, size.height < slopeMaximumHeight {
            let taller = min(slopeMaximumHeight, (size.height + labelsHeight - (bottom - labelTop)).rounded(.up))
            return layout(spec, size: Size(size.width, taller), theme: theme, measurer: measurer)
        }
        let plotTop = labelTop + lineHeight / 2
        let plotBottom = bottom - lineHeight / 2
        guard plotBottom - plotTop > lineHeight * 2 else { return frame.scene() }

        // Labels: "Name value" on both sides, names shortened so that a side takes at most 30 %.
        func entryStyle(_ entry: SlopeEntry, alignment: TextAlignment) -> TextStyle {
            var style = theme.labelStyle(bold: entry.isHome, color: entry.isHome ? theme.highlight : theme.secondaryText, alignment: alignment)
            style.alignment = alignment
            return style
        }
        let maxLabelWidth = size.width * 0.3
        let startTexts = complete.map {
            frame.canvas.shortened(
                $0.name, suffix: " " + spec.format.string($0.start, locale: locale), style: entryStyle($0, alignment: .trailing), maxWidth: maxLabelWidth)
        }
        let endTexts = complete.map {
            frame.canvas.shortened(
                $0.name, suffix: " " + spec.format.string($0.end, locale: locale), style: entryStyle($0, alignment: .leading), maxWidth: maxLabelWidth)
        }
        func widest(_ texts: [String]) -> Double {
            texts.enumerated().map { measurer.measure($0.element, style: entryStyle(complete[$0.offset], alignment: .leading)).width + 1 }.max() ?? 0
        }
        // Room between a point and its label for the leader.
        let gutter = 16.0
        let leftX = pad + widest(startTexts) + gutter
        let rightX = size.width - pad - widest(endTexts) - gutter
        guard rightX - leftX > 20 else { return frame.scene() }
        // No value axis: the domain is the data's own range, so the lines use the full height.
        let all: [Double] = complete.compactMap(\.start) + complete.compactMap(\.end)
        let low: Double = all.min() ?? 0
        let high: Double = all.max() ?? 1
        let span: Double = high - low
        func y(_ value: Double?) -> Double {
            guard let value, span > 0 else { return (plotTop + plotBottom) / 2 }
            let share: Double = (value - low) / span
            return plotBottom - share * (plotBottom - plotTop)
        }

        frame.canvas.place(frame.canvas.text(spec.startLabel, style: headStyle, x: leftX, y: top, role: .tick))
        frame.canvas.place(frame.canvas.text(spec.endLabel, style: headStyle, x: rightX, y: top, role: .tick))
        for x in [leftX, rightX] {
            frame.canvas.line(Point(x, plotTop - lineHeight / 2), Point(x, plotBottom), StrokeStyle(color: theme.gridline, width: 1))
        }
        let drawOrder = complete.indices.sorted { (complete[$0].isHome ? 1 : 0, $0) < (complete[$1].isHome ? 1 : 0, $1) }
        for index in drawOrder {
            let entry = complete[index]
            let style = entry.isHome ? StrokeStyle(color: theme.highlight, width: 2.5) : StrokeStyle(color: theme.muted, width: 1)
            frame.canvas.line(Point(leftX, y(entry.start)), Point(rightX, y(entry.end)), style)
            frame.canvas.circle(Point(leftX, y(entry.start)), radius: entry.isHome ? 3.5 : 2, fill: style.color)
            frame.canvas.circle(Point(rightX, y(entry.end)), radius: entry.isHome ? 3.5 : 2, fill: style.color)
        }

        // When even the tallest chart cannot hold a label per line, the most important ones.
        let rows = spacing > 0 ? (bottom - labelTop + 1) / spacing : Double(complete.count)
        let capacity = rows.isFinite ? max(1, Int(min(rows, Double(complete.count)))) : complete.count
        var labelled = Array(complete.indices)
        if labelled.count > capacity {
            let priority = complete.indices.sorted { a, b in
                let moveA = abs((complete[a].end ?? 0) - (complete[a].start ?? 0))
                let moveB = abs((complete[b].end ?? 0) - (complete[b].start ?? 0))
                return (complete[a].isHome ? 0 : 1, -moveA, a) < (complete[b].isHome ? 0 : 1, -moveB, b)
            }
            labelled = Array(priority.prefix(capacity))
        }
        for side in [SlopeSide.start, .end] {
            let anchor = side == .start ? leftX : rightX
            let order = labelled.sorted { a, b in
                let keyA = side == .start ? (y(complete[a].start), y(complete[a].end)) : (y(complete[a].end), y(complete[a].start))
                let keyB = side == .start ? (y(complete[b].start), y(complete[b].end)) : (y(complete[b].end), y(complete[b].start))
                return (keyA.0, keyA.1, complete[a].name, a) < (keyB.0, keyB.1, complete[b].name, b)
            }
            let points = order.map { y(side == .start ? complete[$0].start : complete[$0].end) }
            let tops = dodgedLabelTops(centres: points, height: lineHeight, spacing: spacing, within: labelTop...bottom)
            for (position, index) in order.enumerated() {
                let entry = complete[index]
                let alignment: TextAlignment = side == .start ? .trailing : .leading
                let x = side == .start ? anchor - gutter + 2 : anchor + gutter - 2
                var item = frame.canvas.text(
                    side == .start ? startTexts[index] : endTexts[index], style: entryStyle(entry, alignment: alignment), x: x, y: tops[position], role: .value)
                item.frame.y = tops[position]
                guard frame.canvas.place(item) else { continue }
                let pointY = points[position]
                if abs(item.frame.midY - pointY) > 1.5 {
                    let edge = side == .start ? item.frame.maxX + 1 : item.frame.minX - 1
                    frame.canvas.line(
                        Point(side == .start ? anchor - 3 : anchor + 3, pointY), Point(edge, item.frame.midY),
                        StrokeStyle(color: theme.axis, width: 0.5))
                }
            }
        }
        return frame.scene()
    }

    /// Which end of a slope chart's lines a label names.
    enum SlopeSide { case start, end }

    /// Tops of labels `height` high whose centres want to be at `centres` (in ascending order),
    /// at least `spacing` apart and inside `bounds`: overlapping labels form clusters, each
    /// centred on its labels' points and kept inside the bounds, merged until none overlap.
    /// Labels keep their order. When they cannot all fit, the last ones pass the bottom.
    static func dodgedLabelTops(centres: [Double], height: Double, spacing: Double, within bounds: ClosedRange<Double>) -> [Double] {
        struct Cluster {
            var first: Int
            var count: Int
            var top: Double
        }
        var clusters: [Cluster] = []
        /// The best top for labels `first..<first + count`: their wanted tops on average, clamped.
        func settledTop(first: Int, count: Int) -> Double {
            var sum = 0.0
            for offset in 0..<count { sum += centres[first + offset] - height / 2 - Double(offset) * spacing }
            let wanted = sum / Double(count)
            let lowest = bounds.upperBound - height - Double(count - 1) * spacing
            return max(bounds.lowerBound, min(wanted, lowest))
        }
        for index in centres.indices {
            clusters.append(Cluster(first: index, count: 1, top: settledTop(first: index, count: 1)))
            while clusters.count > 1 {
                let last = clusters[clusters.count - 1]
                let previous = clusters[clusters.count - 2]
                guard previous.top + Double(previous.count) * spacing > last.top + 0.001 else { break }
                clusters.removeLast(2)
                let count = previous.count + last.count
                clusters.append(Cluster(first: previous.first, count: count, top: settledTop(first: previous.first, count: count)))
            }
        }
        var tops: [Double] = []
        for cluster in clusters {
            for offset in 0..<cluster.count { tops.append(cluster.top + Double(offset) * spacing) }
        }
        return tops
    }

    static func slopeData(_ spec: SlopeChartSpec) -> DataTable {
        let locale = spec.header.locale
        var table = DataTable(columns: ["name", "home", "\(spec.startLabel)", "\(spec.startLabel)_display", "\(spec.endLabel)", "\(spec.endLabel)_display"])
        for entry in spec.entries {
            table.rows.append([
                entry.name, entry.isHome ? "yes" : "no", ChartData.exact(entry.start), spec.format.string(entry.start, locale: locale),
                ChartData.exact(entry.end), spec.format.string(entry.end, locale: locale),
            ])
        }
        return table
    }

    static func slopeAltText(_ spec: SlopeChartSpec) -> String {
        let locale = spec.header.locale
        var parts: [String] = []
        if let home = spec.entries.first(where: \.isHome) {
            parts.append(
                "\(home.name) \(spec.startLabel) \(spec.format.string(home.start, locale: locale)), \(spec.endLabel) \(spec.format.string(home.end, locale: locale))"
            )
        }
        let count = spec.entries.filter { $0.start != nil && $0.end != nil }.count
        if count > 0 { parts.append("\(count) \(Words.municipalities(locale))") }
        return sentence(spec.header.title, parts, locale: locale)
    }
}
