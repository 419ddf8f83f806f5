import Foundation
import VitalityScene

extension ChartLayout {
    /// A grid of KPI tiles: label, optional subtitle, big value and a coloured change.
    public static func layout(_ spec: KPITilesSpec, size: Size, theme: ChartTheme = .standard, measurer: some TextMeasuring) -> Scene {
        var canvas = ChartCanvas(size: size, theme: theme, measurer: measurer)
        let locale = spec.header.locale
        let pad = theme.padding
        let top = canvas.placeHeader(spec.header)
        let bottom = canvas.placeSourceNote(spec.header)
        let altText = kpiAltText(spec)
        guard !spec.tiles.isEmpty else {
            canvas.placeNoData(locale, in: Rect(x: pad, y: top, width: size.width - 2 * pad, height: max(0, bottom - top)))
            return canvas.scene(title: spec.header.title, altText: altText)
        }
        let gap = 8.0
        let width = size.width - 2 * pad
        let fitting = max(1, min(spec.tiles.count, spec.columns ?? Int((width + gap) / (140 + gap))))
        // Balance the rows: 4 tiles that would fit 3 a row go 2 + 2, not 3 + 1.
        let columns = spec.columns ?? (spec.tiles.count + (spec.tiles.count + fitting - 1) / fitting - 1) / ((spec.tiles.count + fitting - 1) / fitting)
        let rows = (spec.tiles.count + columns - 1) / columns
        let tileWidth = (width - gap * Double(columns - 1)) / Double(columns)
        let tileHeight = min((bottom - top - gap * Double(rows - 1)) / Double(rows), 96)
        guard tileHeight > 10, tileWidth > 10 else { return canvas.scene(title: spec.header.title, altText: altText) }

        for (index, tile) in spec.tiles.enumerated() {
            let rect = Rect(
                x: pad + Double(index % columns) * (tileWidth + gap), y: top + Double(index / columns) * (tileHeight + gap),
                width: tileWidth, height: tileHeight)
            canvas.fill(rect, theme.tileBackground, cornerRadius: 4)
            let inner = rect.insetBy(dx: 8, dy: 7)
            var y = inner.minY
            func stack(_ item: TextItem, gapAfter: Double) {
                guard item.frame.maxY <= inner.maxY + 0.01, canvas.place(item) else { return }
                y = item.frame.maxY + gapAfter
            }
            stack(canvas.text(tile.label, style: theme.labelStyle(bold: true), x: inner.minX, y: y, maxWidth: inner.width, maxLines: 2), gapAfter: 1)
            if let subtitle = tile.subtitle, !subtitle.isEmpty {
                stack(canvas.text(subtitle, style: theme.tickStyle(), x: inner.minX, y: y, maxWidth: inner.width, role: .label), gapAfter: 2)
            }
            let valueText = tile.format.string(tile.value, locale: locale)
            var valueItem: TextItem?
            for size in [theme.kpiValueSize, theme.kpiValueSize * 0.8, theme.kpiValueSize * 0.65, theme.labelSize + 3] {
                let style = TextStyle(font: Font(family: theme.fontFamily, size: size, weight: .bold), color: theme.text)
                let item = canvas.text(valueText, style: style, x: inner.minX, y: y + 2, maxWidth: inner.width, role: .value)
                valueItem = item
                if measurer.measure(valueText, style: style).width <= inner.width { break }
            }
            if let valueItem { stack(valueItem, gapAfter: 2) }
            if tile.change != nil {
                let style = TextStyle(font: Font(family: theme.fontFamily, size: theme.subtitleSize), color: theme.sentimentColor(tile.sentiment))
                stack(canvas.text(changeText(tile, locale: locale), style: style, x: inner.minX, y: y, maxWidth: inner.width, role: .value), gapAfter: 0)
            }
        }
        return canvas.scene(title: spec.header.title, altText: altText)
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
