import Foundation
import VitalityScene

/// One line of a slope chart: a municipality's value in the first and the last year.
public struct SlopeEntry: Sendable, Hashable {
    public var name: String
    public var start: Double?
    public var end: Double?
    public var isHome: Bool

    public init(name: String, start: Double?, end: Double?, isHome: Bool = false) {
        self.name = name
        self.start = start
        self.end = end
        self.isHome = isHome
    }
}

/// Two years side by side, a line per municipality between its two values, home highlighted.
public struct SlopeChartSpec: Sendable, Hashable {
    public var header: ChartHeader
    /// Column heads, e.g. "2015" and "2021".
    public var startLabel: String
    public var endLabel: String
    public var entries: [SlopeEntry]
    public var format: ValueFormat

    public init(header: ChartHeader, startLabel: String, endLabel: String, entries: [SlopeEntry], format: ValueFormat = ValueFormat()) {
        self.header = header
        self.startLabel = startLabel
        self.endLabel = endLabel
        self.entries = entries
        self.format = format
    }
}

extension ChartLayout {
    /// A slope chart. Labels ("Name value" on the right, the value on the left) are chosen in
    /// order of importance — home, then the largest movers — as many as the height holds, and
    /// pushed apart in the order of their points, with a leader where one moved; the others are
    /// left out (they stay in the data table).
    public static func layout(_ spec: SlopeChartSpec, size: Size, theme: ChartTheme = .standard, measurer: some TextMeasuring) -> Scene {
        var canvas = ChartCanvas(size: size, theme: theme, measurer: measurer)
        let locale = spec.header.locale
        let pad = theme.padding
        let top = canvas.placeHeader(spec.header)
        let bottom = canvas.placeSourceNote(spec.header)
        let data = slopeData(spec)
        let complete = spec.entries.filter { $0.start?.isFinite == true && $0.end?.isFinite == true }
        let altText = slopeAltText(spec)
        guard !complete.isEmpty else {
            canvas.placeNoData(locale, in: Rect(x: pad, y: top, width: size.width - 2 * pad, height: max(0, bottom - top)))
            return canvas.scene(title: spec.header.title, altText: altText, data: data)
        }
        let labelStyle = theme.labelStyle()
        let lineHeight = measurer.measure("Ag", style: labelStyle).height
        let headStyle = theme.labelStyle(bold: true, alignment: .center)
        let plotTop = top + lineHeight + 4 + lineHeight / 2
        let plotBottom = bottom - lineHeight / 2
        guard plotBottom - plotTop > lineHeight * 2 else { return canvas.scene(title: spec.header.title, altText: altText, data: data) }

        let rightTexts = complete.map { canvas.shortened($0.name, suffix: " " + spec.format.string($0.end, locale: locale), style: theme.labelStyle(bold: $0.isHome), maxWidth: size.width * 0.32) }
        let leftTexts = complete.map { spec.format.string($0.start, locale: locale) }
        let rightWidth = rightTexts.enumerated().map { measurer.measure($0.element, style: theme.labelStyle(bold: complete[$0.offset].isHome)).width + 1 }.max() ?? 0
        let leftWidth = leftTexts.map { measurer.measure($0, style: theme.labelStyle(bold: true)).width + 1 }.max() ?? 0
        let leftX = pad + leftWidth + 14
        let rightX = size.width - pad - rightWidth - 14
        guard rightX - leftX > 20 else { return canvas.scene(title: spec.header.title, altText: altText, data: data) }
        // No value axis: the domain is the data's own range, so the lines use the full height.
        let all: [Double] = complete.compactMap(\.start) + complete.compactMap(\.end)
        let low: Double = all.min() ?? 0
        let high: Double = all.max() ?? 1
        let span: Double = high - low
        func y(_ value: Double) -> Double {
            guard span > 0 else { return (plotTop + plotBottom) / 2 }
            let share: Double = (value - low) / span
            return plotBottom - share * (plotBottom - plotTop)
        }

        canvas.place(canvas.text(spec.startLabel, style: headStyle, x: leftX, y: top, role: .tick))
        canvas.place(canvas.text(spec.endLabel, style: headStyle, x: rightX, y: top, role: .tick))
        for x in [leftX, rightX] {
            canvas.line(Point(x, plotTop - lineHeight / 2), Point(x, plotBottom), StrokeStyle(color: theme.gridline, width: 1))
        }
        let drawOrder = complete.indices.sorted { (complete[$0].isHome ? 1 : 0, $0) < (complete[$1].isHome ? 1 : 0, $1) }
        for index in drawOrder {
            let entry = complete[index]
            guard let start = entry.start, let end = entry.end else { continue }
            let style = entry.isHome ? StrokeStyle(color: theme.highlight, width: 2.5) : StrokeStyle(color: theme.muted, width: 1)
            canvas.line(Point(leftX, y(start)), Point(rightX, y(end)), style)
            canvas.circle(Point(leftX, y(start)), radius: entry.isHome ? 3.5 : 2, fill: style.color)
            canvas.circle(Point(rightX, y(end)), radius: entry.isHome ? 3.5 : 2, fill: style.color)
        }

        let priority = complete.indices.sorted { a, b in
            let moveA = abs((complete[a].end ?? 0) - (complete[a].start ?? 0))
            let moveB = abs((complete[b].end ?? 0) - (complete[b].start ?? 0))
            return (complete[a].isHome ? 0 : 1, -moveA, a) < (complete[b].isHome ? 0 : 1, -moveB, b)
        }
        // As many labels as the height holds, most important first; then, in the order of their
        // points, pushed apart so they keep that order, with a leader where one had to move.
        let labelTop = top + lineHeight + 4
        let capacity = max(0, Int((bottom - labelTop) / (lineHeight + 1)))
        let chosen = Array(priority.prefix(capacity))
        // A bare value on the left only goes with its name on the right.
        var named: Set<Int> = []
        for side in [1, 0] {
            let anchor = side == 1 ? rightX : leftX
            var items: [(index: Int, item: TextItem, pointY: Double)] = chosen.filter { side == 1 || named.contains($0) }.compactMap { index in
                let entry = complete[index]
                guard let value = side == 1 ? entry.end : entry.start else { return nil }
                var style = theme.labelStyle(bold: entry.isHome, color: entry.isHome ? theme.highlight : theme.secondaryText,
                                             alignment: side == 1 ? .leading : .trailing)
                style.alignment = side == 1 ? .leading : .trailing
                var item = canvas.text(side == 1 ? rightTexts[index] : leftTexts[index], style: style,
                                       x: side == 1 ? anchor + 8 : anchor - 8, y: 0, role: .value)
                item.frame.y = y(value) - item.frame.height / 2
                return (index, item, y(value))
            }.sorted { ($0.pointY, $0.index) < ($1.pointY, $1.index) }
            // Push apart; drop labels pushed more than three lines from their point (home stays) and
            // push the rest again, until every label sits near its point.
            for _ in 0..<8 {
                var floor = labelTop
                for i in items.indices {
                    items[i].item.frame.y = max(items[i].pointY - items[i].item.frame.height / 2, floor)
                    floor = items[i].item.frame.maxY + 1
                }
                var ceiling = bottom
                for i in items.indices.reversed() {
                    items[i].item.frame.y = min(items[i].item.frame.y, ceiling - items[i].item.frame.height)
                    ceiling = items[i].item.frame.minY - 1
                }
                let far = items.indices.filter { !complete[items[$0].index].isHome && abs(items[$0].item.frame.midY - items[$0].pointY) > 3 * lineHeight }
                guard !far.isEmpty else { break }
                // Drop the least important of the far ones first.
                let rank = Dictionary(uniqueKeysWithValues: priority.enumerated().map { ($0.element, $0.offset) })
                let worst = far.max { (rank[items[$0].index] ?? 0) < (rank[items[$1].index] ?? 0) } ?? far[0]
                let dropCount = max(1, far.count / 2)
                let dropped = Set(far.sorted { (rank[items[$0].index] ?? 0) > (rank[items[$1].index] ?? 0) }.prefix(dropCount) + [worst])
                items = items.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
            }
            for (index, item, pointY) in items {
                // A label pushed more than three lines from its point would mislead; home's always stays.
                guard complete[index].isHome || abs(item.frame.midY - pointY) <= 3 * lineHeight else { continue }
                guard item.frame.minY >= labelTop - 0.01, canvas.place(item) else { continue }
                if side == 1 { named.insert(index) }
                if abs(item.frame.midY - pointY) > 1.5 {
                    let edge = side == 1 ? item.frame.minX - 1 : item.frame.maxX + 1
                    canvas.line(Point(side == 1 ? anchor + 3 : anchor - 3, pointY), Point(edge, item.frame.midY),
                                StrokeStyle(color: theme.axis, width: 0.5))
                }
            }
        }
        return canvas.scene(title: spec.header.title, altText: altText, data: data)
    }

    static func slopeData(_ spec: SlopeChartSpec) -> DataTable {
        let locale = spec.header.locale
        var table = DataTable(columns: ["name", "home", "\(spec.startLabel)", "\(spec.startLabel)_display", "\(spec.endLabel)", "\(spec.endLabel)_display"])
        for entry in spec.entries {
            table.rows.append([entry.name, entry.isHome ? "yes" : "no", ChartData.exact(entry.start), spec.format.string(entry.start, locale: locale),
                               ChartData.exact(entry.end), spec.format.string(entry.end, locale: locale)])
        }
        return table
    }

    static func slopeAltText(_ spec: SlopeChartSpec) -> String {
        let locale = spec.header.locale
        var parts: [String] = []
        if let home = spec.entries.first(where: \.isHome) {
            parts.append("\(home.name) \(spec.startLabel) \(spec.format.string(home.start, locale: locale)), \(spec.endLabel) \(spec.format.string(home.end, locale: locale))")
        }
        let count = spec.entries.filter { $0.start != nil && $0.end != nil }.count
        if count > 0 { parts.append("\(count) \(Words.municipalities(locale))") }
        return sentence(spec.header.title, parts, locale: locale)
    }
}
