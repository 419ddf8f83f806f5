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
    /// A slope chart. Labels ("Name value" on the right, the value on the left) go in order of
    /// importance — home, then the largest movers — each at its point or nudged up to two lines
    /// away with a leader; a label that still collides is left out (it stays in the data table).
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
        let scale = NiceScale(values: complete.flatMap { [$0.start, $0.end] }, includeZero: false, targetTickCount: 2)
        func y(_ value: Double) -> Double { scale.position(value, start: plotBottom, end: plotTop) }

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
        let offsets = [0.0, -0.5, 0.5, -1, 1, -1.5, 1.5, -2, 2].map { $0 * (lineHeight + 1) }
        for index in priority {
            let entry = complete[index]
            guard let start = entry.start, let end = entry.end else { continue }
            let color = entry.isHome ? theme.highlight : theme.text
            // The left label (a bare value) only goes with a placed right label (name and value).
            var placedRight = false
            for (side, anchor, value, text) in [(1, rightX, end, rightTexts[index]), (0, leftX, start, leftTexts[index])] {
                if side == 0 && !placedRight { break }
                var style = theme.labelStyle(bold: entry.isHome, color: color, alignment: side == 1 ? .leading : .trailing)
                if !entry.isHome { style.color = theme.secondaryText }
                let item = canvas.text(text, style: style, x: side == 1 ? anchor + 6 : anchor - 6, y: 0, role: .value)
                for offset in offsets {
                    var moved = item
                    moved.frame.y = y(value) - item.frame.height / 2 + offset
                    guard moved.frame.minY >= top + lineHeight + 2, moved.frame.maxY <= bottom, canvas.place(moved) else { continue }
                    if side == 1 { placedRight = true }
                    if offset != 0 {
                        let edge = side == 1 ? moved.frame.minX - 1 : moved.frame.maxX + 1
                        canvas.line(Point(side == 1 ? anchor + 2 : anchor - 2, y(value)), Point(edge, moved.frame.midY),
                                    StrokeStyle(color: theme.axis, width: 0.5))
                    }
                    break
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
