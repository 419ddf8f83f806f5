import Foundation
import VitalityModel
import VitalityScene

extension ChartLayout {
    /// A grid of KPI tiles: label, optional subtitle, big value and a coloured change.
    package static func layout(_ spec: KPITilesSpec, size: Size, theme: ChartTheme = .standard, measurer: some TextMeasuring) -> Scene {
        var frame = ChartFrame(spec.header, size: size, theme: theme, measurer: measurer, altText: kpiAltText(spec), data: ChartData.kpi(spec))
        let locale = frame.locale
        let pad = theme.padding
        guard !spec.tiles.isEmpty else { return frame.noData() }
        let (top, bottom) = (frame.top, frame.bottom)
        let gap = 8.0
        let width = size.width - 2 * pad
        let fitting = max(1, min(spec.tiles.count, spec.columns ?? Int((width + gap) / (140 + gap))))
        // Balance the rows: 4 tiles that would fit 3 a row go 2 + 2, not 3 + 1.
        let columns = spec.columns ?? (spec.tiles.count + (spec.tiles.count + fitting - 1) / fitting - 1) / ((spec.tiles.count + fitting - 1) / fitting)
        let rows = (spec.tiles.count + columns - 1) / columns
        let tileWidth = (width - gap * Double(columns - 1)) / Double(columns)
        let tileHeight = min((bottom - top - gap * Double(rows - 1)) / Double(rows), 96)
        guard tileHeight > 10, tileWidth > 10 else { return frame.scene() }

        for (index, tile) in spec.tiles.enumerated() {
            let rect = Rect(
                x: pad + Double(index % columns) * (tileWidth + gap), y: top + Double(index / columns) * (tileHeight + gap),
                width: tileWidth, height: tileHeight)
            frame.canvas.fill(rect, theme.tileBackground, cornerRadius: 4)
            let inner = rect.insetBy(dx: 8, dy: 7)
            let valueText = tile.format.string(tile.value, locale: locale)
            let changeStyle = TextStyle(font: Font(family: theme.fontFamily, size: theme.subtitleSize), color: theme.sentimentColor(tile.sentiment))
            // Richest first; a short tile drops the subtitle, label lines and change before the value.
            let plans: [(labelLines: Int, subtitle: Bool, valueSize: Double, change: Bool)] = [
                (2, true, theme.kpiValueSize, true), (2, true, theme.kpiValueSize * 0.8, true), (1, true, theme.kpiValueSize * 0.8, true),
                (1, false, theme.kpiValueSize * 0.8, true), (1, false, theme.kpiValueSize * 0.65, true),
                (1, false, theme.labelSize + 3, true), (1, false, theme.labelSize + 3, false), (0, false, theme.labelSize + 3, false),
            ]
            var placed = false
            for plan in plans {
                var items: [TextItem] = []
                var y = inner.minY
                func stack(_ item: TextItem, gapBefore: Double = 0) {
                    var item = item
                    item.frame.y = y + gapBefore
                    items.append(item)
                    y = item.frame.maxY
                }
                if plan.labelLines > 0 {
                    stack(frame.canvas.text(tile.label, style: theme.labelStyle(bold: true), x: inner.minX, y: 0, maxWidth: inner.width, maxLines: plan.labelLines))
                }
                if plan.subtitle, let subtitle = tile.subtitle, !subtitle.isEmpty {
                    stack(frame.canvas.text(subtitle, style: theme.tickStyle(), x: inner.minX, y: 0, maxWidth: inner.width), gapBefore: 1)
                }
                let valueStyle = TextStyle(font: Font(family: theme.fontFamily, size: plan.valueSize, weight: .bold), color: theme.text)
                guard measurer.measure(valueText, style: valueStyle).width <= inner.width || plan.valueSize <= theme.labelSize + 3 else { continue }
                // Numbers are never ellipsized: the last resort is a smaller font.
                let value = shrunk(valueText, style: valueStyle, toFit: inner.width, measurer: measurer)
                stack(frame.canvas.text(valueText, style: value, x: inner.minX, y: 0, maxWidth: inner.width, role: .value), gapBefore: 2)
                if plan.change, tile.change != nil {
                    let text = changeText(tile, locale: locale)
                    let style = shrunk(text, style: changeStyle, toFit: inner.width, measurer: measurer)
                    if measurer.measure(text, style: style).width + 0.5 <= inner.width { stack(frame.canvas.text(text, style: style, x: inner.minX, y: 0, maxWidth: inner.width, role: .value), gapBefore: 2) }
                }
                guard y <= inner.maxY + 0.01, items.allSatisfy({ frame.canvas.isFree($0.frame) }) else { continue }
                for item in items { frame.canvas.place(item) }
                placed = true
                break
            }
            if !placed { placeInline(tile, locale: locale, valueText: valueText, changeStyle: changeStyle, in: rect, canvas: &frame.canvas) }
        }
        return frame.scene()
    }

    /// `style` with its font made just small enough (not below 5 pt) for `text` to fit `width`.
    static func shrunk(_ text: String, style: TextStyle, toFit width: Double, measurer: some TextMeasuring) -> TextStyle {
        var style = style
        let measured = measurer.measure(text, style: style).width + 0.5
        guard measured > width, measured > 0 else { return style }
        style.font.size = max(5, ((style.font.size * width / measured) * 4).rounded(.down) / 4)
        return style
    }

    /// A tile too short for stacked text: label, change and value on one line.
    static func placeInline(_ tile: KPITile, locale: ReportLocale, valueText: String, changeStyle: TextStyle, in rect: Rect, canvas: inout ChartCanvas) {
        let theme = canvas.theme
        let inner = rect.insetBy(dx: 6, dy: 0)
        func centred(_ item: TextItem) -> TextItem {
            var item = item
            item.frame.y = rect.midY - item.frame.height / 2
            return item
        }
        var valueStyle = theme.labelStyle(bold: true, alignment: .trailing)
        valueStyle.font.size = theme.labelSize + 1
        let value = centred(canvas.text(valueText, style: valueStyle, x: inner.maxX, y: 0, maxWidth: inner.width, role: .value))
        guard value.frame.height <= rect.height, canvas.place(value) else { return }
        var right = value.frame.minX - 6
        if tile.change != nil {
            var style = changeStyle
            style.font.size = theme.labelSize
            style.alignment = .trailing
            let change = centred(canvas.text(changeText(tile, locale: locale), style: style, x: right, y: 0, role: .value))
            if change.frame.minX > inner.minX + 30, canvas.place(change) { right = change.frame.minX - 6 }
        }
        guard right - inner.minX > 20 else { return }
        canvas.place(centred(canvas.text(tile.label, style: theme.labelStyle(bold: true), x: inner.minX, y: 0, maxWidth: right - inner.minX)))
    }

    /// "▲ +1,2 %", "▼ −63", or the bare text for no change.
    static func changeText(_ tile: KPITile, locale: ReportLocale) -> String {
        let text = tile.changeFormat.string(tile.change, locale: locale)
        if text.hasPrefix("+") { return "▲ " + text }
        if text.hasPrefix(NumberFormat.minus) { return "▼ " + text }
        return text
    }

    static func kpiAltText(_ spec: KPITilesSpec) -> String {
        let locale = spec.header.locale
        let parts = spec.tiles.map { tile -> String in
            var part = "\(tile.label) \(tile.format.string(tile.value, locale: locale))"
            if let unit = tile.format.unit, tile.value != nil, tile.format.kind == .level { part += " \(unit)" }
            if let subtitle = tile.subtitle, !subtitle.isEmpty { part += " \(subtitle)" }
            if tile.change != nil { part += " (\(tile.changeFormat.string(tile.change, locale: locale)))" }
            return part
        }
        return sentence(spec.header.title, parts, locale: locale)
    }
}
