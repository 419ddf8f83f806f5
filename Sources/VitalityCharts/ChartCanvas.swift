import Foundation
import VitalityModel
import VitalityScene

/// Collects shapes and texts of one chart. Every text is measured, and `place` refuses a text
/// that would leave the canvas or overlap one already placed, so callers offer texts in
/// order of importance.
struct ChartCanvas {
    let size: Size
    let theme: ChartTheme
    let measurer: any TextMeasuring
    private(set) var shapes: [SceneItem] = []
    private(set) var texts: [TextItem] = []

    init(size: Size, theme: ChartTheme, measurer: any TextMeasuring) {
        self.size = size
        self.theme = theme
        self.measurer = measurer
        shapes.append(.shape(.rect(Rect(x: 0, y: 0, width: size.width, height: size.height)), fill: theme.background, stroke: nil))
    }

    var bounds: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }

    mutating func fill(_ rect: Rect, _ color: Color, cornerRadius: Double = 0) {
        guard rect.width > 0, rect.height > 0 else { return }
        shapes.append(.shape(.rect(rect, cornerRadius: cornerRadius), fill: color, stroke: nil))
    }

    mutating func stroke(_ rect: Rect, _ style: StrokeStyle, cornerRadius: Double = 0) {
        shapes.append(.shape(.rect(rect, cornerRadius: cornerRadius), fill: nil, stroke: style))
    }

    mutating func line(_ from: Point, _ to: Point, _ style: StrokeStyle) {
        shapes.append(.shape(.path([.move(from), .line(to)]), fill: nil, stroke: style))
    }

    mutating func path(_ elements: [PathElement], _ style: StrokeStyle) {
        guard !elements.isEmpty else { return }
        shapes.append(.shape(.path(elements), fill: nil, stroke: style))
    }

    mutating func circle(_ center: Point, radius: Double, fill: Color) {
        shapes.append(.shape(.circle(center: center, radius: radius), fill: fill, stroke: nil))
    }

    /// A measured text box. `x` is the left edge, centre or right edge by the style's
    /// alignment; the text wraps at `maxWidth` into `maxLines` lines and is ellipsized after.
    func text(
        _ string: String, style: TextStyle, x: Double, y: Double, maxWidth: Double? = nil, maxLines: Int = 1,
        role: TextRole = .label
    ) -> TextItem {
        let slack = 0.5
        var frameWidth: Double
        var metrics: TextMetrics
        let wraps = maxLines > 1 && maxWidth != nil
        if let maxWidth {
            let limit = max(1, maxWidth)
            let plain = measurer.measure(string, style: style)
            if plain.width + slack <= limit {
                metrics = plain
                frameWidth = plain.width + slack
            } else {
                metrics = measurer.measure(string, style: style, maxWidth: limit, maxLines: maxLines)
                frameWidth = metrics.isTruncated ? limit : min(limit, metrics.width + slack)
            }
        } else {
            metrics = measurer.measure(string, style: style)
            frameWidth = metrics.width + slack
        }
        let left: Double
        switch style.alignment {
        case .leading: left = x
        case .center: left = x - frameWidth / 2
        case .trailing: left = x - frameWidth
        }
        return TextItem(
            string, frame: Rect(x: left, y: y, width: frameWidth, height: metrics.height), style: style,
            wraps: wraps && metrics.lineCount > 1, maxLines: wraps && metrics.lineCount > 1 ? maxLines : nil,
            role: role)
    }

    /// `name + suffix`, with `name` shortened to "Orivesi–Juu…" so that the whole fits
    /// `maxWidth` and the suffix (a value) is never lost to the ellipsis.
    func shortened(_ name: String, suffix: String, style: TextStyle, maxWidth: Double) -> String {
        func width(_ text: String) -> Double { measurer.measure(text, style: style).width + 0.5 }
        guard width(name + suffix) > maxWidth else { return name + suffix }
        let characters = Array(name)
        var (low, high) = (0, characters.count)
        while low < high {
            let middle = (low + high + 1) / 2
            if width(String(characters[..<middle]) + "…" + suffix) <= maxWidth { low = middle } else { high = middle - 1 }
        }
        return low == 0 ? suffix.trimmingCharacters(in: .whitespaces) : String(characters[..<low]).trimmingCharacters(in: .whitespaces) + "…" + suffix
    }

    /// True when `frame` is on the canvas and clear of every placed text.
    func isFree(_ frame: Rect, margin: Double = 0) -> Bool {
        let padded = frame.insetBy(dx: -margin, dy: -margin)
        return bounds.contains(frame) && !texts.contains { $0.frame.intersects(padded) }
    }

    /// Places `item` when it fits (see `isFree`); returns whether it was placed.
    @discardableResult
    mutating func place(_ item: TextItem, margin: Double = 0) -> Bool {
        guard !item.text.isEmpty, isFree(item.frame, margin: margin) else { return false }
        texts.append(item)
        return true
    }

    func scene(title: String, altText: String, data: DataTable? = nil) -> Scene {
        Scene(size: size, items: shapes + texts.map { .text($0) }, title: title, altText: altText, data: data)
    }

    // MARK: Chart furniture

    /// Title and subtitle from the top; returns the y below them.
    mutating func placeHeader(_ header: ChartHeader) -> Double {
        let pad = theme.padding
        let width = size.width - 2 * pad
        var y = pad
        let title = text(header.title, style: theme.titleStyle, x: pad, y: y, maxWidth: width, maxLines: 2, role: .title)
        if place(title) { y = title.frame.maxY + 2 }
        if let subtitle = header.subtitle, !subtitle.isEmpty {
            let item = text(subtitle, style: theme.subtitleStyle, x: pad, y: y, maxWidth: width, maxLines: 2, role: .subtitle)
            if place(item) { y = item.frame.maxY }
        }
        return y + 6
    }

    /// The source note at the bottom-left; returns the y above it.
    mutating func placeSourceNote(_ header: ChartHeader) -> Double {
        let pad = theme.padding
        let note = header.sourceNote.trimmingCharacters(in: .whitespaces)
        guard !note.isEmpty else { return size.height - pad }
        let prefixes = ReportLocale.allCases.map { Words.source($0) }
        let full = prefixes.contains { note.hasPrefix($0) } ? note : "\(Words.source(header.locale)): \(note)"
        var item = text(full, style: theme.sourceStyle, x: pad, y: 0, maxWidth: size.width - 2 * pad, maxLines: 2, role: .note)
        item.frame.y = size.height - pad - item.frame.height
        guard place(item) else { return size.height - pad }
        return item.frame.minY - 6
    }

    /// A legend row (wrapping to more rows) of swatches and labels from `y`; returns the y below.
    mutating func placeLegend(_ entries: [LegendEntry], y top: Double) -> Double {
        guard !entries.isEmpty else { return top }
        let pad = theme.padding
        let swatchWidth = 16.0
        let style = theme.tickStyle()
        let lineHeight = measurer.measure("Ag", style: style).height
        var x = pad
        var y = top
        let maxLabel = size.width - 2 * pad - swatchWidth - 4
        for entry in entries {
            var item = text(entry.label, style: style, x: 0, y: y, maxWidth: maxLabel)
            let needed = swatchWidth + 4 + item.frame.width
            if x > pad && x + needed > size.width - pad {
                x = pad
                y += lineHeight + 3
            }
            item.frame.x = x + swatchWidth + 4
            item.frame.y = y
            guard place(item) else { continue }
            let midY = y + lineHeight / 2
            switch entry.swatch {
            case .box(let color):
                fill(Rect(x: x + 3, y: midY - 4.5, width: 10, height: 9), color)
            case .line(let style):
                line(Point(x, midY), Point(x + swatchWidth, midY), style)
            case .dot(let color):
                circle(Point(x + swatchWidth / 2, midY), radius: 4, fill: color)
            case .tick(let color):
                line(Point(x + swatchWidth / 2, midY - 5), Point(x + swatchWidth / 2, midY + 5), StrokeStyle(color: color, width: 1.5))
            case .area(let color):
                fill(Rect(x: x, y: midY - 5, width: swatchWidth, height: 10), color)
            }
            x += needed + 12
        }
        return y + lineHeight + 6
    }

    /// Tells the reader there is nothing to draw, centred in `rect`.
    mutating func placeNoData(_ locale: ReportLocale, in rect: Rect) {
        let style = TextStyle(font: Font(family: theme.fontFamily, size: theme.subtitleSize), color: theme.secondaryText, alignment: .center)
        var item = text(Words.noData(locale), style: style, x: rect.midX, y: 0, maxWidth: max(1, rect.width))
        item.frame.y = rect.midY - item.frame.height / 2
        place(item)
    }
}

/// One entry of a chart legend.
struct LegendEntry {
    enum Swatch {
        case box(Color)
        case line(StrokeStyle)
        case dot(Color)
        case tick(Color)
        case area(Color)
    }

    var label: String
    var swatch: Swatch
}

/// Chooses how many ticks fit an axis of `length` points with labels `spacing` apart.
func tickCount(for length: Double, spacing: Double) -> Int {
    max(2, min(7, Int(length / max(spacing, 1)) + 1))
}
