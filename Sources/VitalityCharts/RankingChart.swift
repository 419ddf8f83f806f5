import Foundation
import VitalityModel
import VitalityScene

extension ChartLayout {
    /// Horizontal bars sorted best first, the home bar highlighted, missing values last as "–".
    package static func layout(_ spec: RankingChartSpec, size: Size, theme: ChartTheme = .standard, measurer: some TextMeasuring) -> Scene {
        let rows = sortedRanking(spec)
        var frame = ChartFrame(
            spec.header, size: size, theme: theme, measurer: measurer, altText: rankingAltText(spec, rows: rows),
            data: ChartData.ranking(spec, rows: rows))
        let locale = frame.locale
        let pad = theme.padding
        guard rows.contains(where: { $0.value != nil }) else { return frame.noData() }
        let (top, bottom) = (frame.top, frame.bottom)

        let tickStyle = theme.tickStyle()
        let lineHeight = measurer.measure("0", style: tickStyle).height
        let plotTop = top
        let plotBottom = bottom - lineHeight - 4
        guard plotBottom - plotTop > lineHeight else { return frame.scene() }
        let rowHeight = (plotBottom - plotTop) / Double(rows.count)
        let barHeight = min(rowHeight * 0.72, 18)

        let labelWidth = min(
            rows.map { measurer.measure($0.name, style: theme.labelStyle(bold: $0.isHome)).width + 1 }.max() ?? 0, size.width * 0.35)
        let labelRight = pad + labelWidth
        let valueTexts = rows.map { spec.format.string($0.value, locale: locale) }
        let valueStyle = theme.labelStyle()
        func reserve(_ include: (Double?) -> Bool) -> Double {
            let widths = zip(rows, valueTexts).filter { include($0.0.value) }.map { measurer.measure($0.1, style: valueStyle).width + 4 }
            return min(widths.max() ?? 0, size.width * 0.2)
        }
        let positiveReserve = reserve { ($0 ?? 0) >= 0 }
        let negativeReserve = reserve { ($0 ?? 0) < 0 }
        let plotLeft = labelRight + 6 + negativeReserve
        let plotRight = max(plotLeft + 1, size.width - pad - positiveReserve)
        let scale = NiceScale(
            values: rows.map(\.value), includeZero: true, targetTickCount: tickCount(for: plotRight - plotLeft, spacing: 55))
        func x(_ value: Double) -> Double { scale.position(value, start: plotLeft, end: plotRight) }
        let zeroX = x(0)

        for tick in scale.ticks {
            let tx = x(tick)
            frame.canvas.line(Point(tx, plotTop), Point(tx, plotBottom), StrokeStyle(color: theme.gridline, width: 0.5))
            let label = spec.format.tick(tick, locale: locale, decimals: scale.tickDecimals)
            let item = frame.canvas.text(label, style: theme.tickStyle(alignment: .center), x: tx, y: plotBottom + 3, role: .tick)
            frame.canvas.place(item, margin: 2)
        }

        // Labels go in importance order (home first) so crowded rows drop the others.
        let order = rows.indices.sorted { (rows[$0].isHome ? 0 : 1, $0) < (rows[$1].isHome ? 0 : 1, $1) }
        // Home bars last and at least 3 pt tall, so that they show among hundreds of thin bars.
        for index in rows.indices.sorted(by: { (rows[$0].isHome ? 1 : 0, $0) < (rows[$1].isHome ? 1 : 0, $1) }) {
            guard let value = rows[index].value else { continue }
            let midY = plotTop + (Double(index) + 0.5) * rowHeight
            // A zero is a sliver on the axis, so that it differs from a missing value.
            let length = abs(x(value) - zeroX)
            let start = length < 1.5 ? zeroX - 0.75 : min(x(value), zeroX)
            let height = rows[index].isHome ? max(barHeight, min(3, rowHeight * 3)) : barHeight
            let bar = Rect(x: start, y: midY - height / 2, width: max(length, 1.5), height: height)
            frame.canvas.fill(bar, rows[index].isHome ? theme.highlight : theme.muted)
        }
        frame.canvas.line(Point(zeroX, plotTop), Point(zeroX, plotBottom), StrokeStyle(color: theme.axis, width: 0.75))
        for index in order {
            let row = rows[index]
            let midY = plotTop + (Double(index) + 0.5) * rowHeight
            let nameStyle = theme.labelStyle(bold: row.isHome, color: row.isHome ? theme.highlight : theme.text, alignment: .trailing)
            var name = frame.canvas.text(row.name, style: nameStyle, x: labelRight, y: 0, maxWidth: labelWidth)
            name.frame.y = midY - name.frame.height / 2
            guard frame.canvas.isFree(name.frame) else { continue }
            let value = row.value ?? 0
            let end = x(value)
            let outsideStyle = theme.labelStyle(bold: row.isHome, alignment: value < 0 ? .trailing : .leading)
            var label = frame.canvas.text(valueTexts[index], style: outsideStyle, x: value < 0 ? end - 3 : end + 3, y: 0, role: .value)
            label.frame.y = midY - label.frame.height / 2
            if !frame.canvas.isFree(label.frame) || label.frame.minX < labelRight + 2 {
                // No room outside the bar end: inside it, in a colour that reads on the bar.
                let fill = row.isHome ? theme.highlight : theme.muted
                let insideStyle = theme.labelStyle(bold: row.isHome, color: fill.readableText, alignment: value < 0 ? .leading : .trailing)
                label = frame.canvas.text(valueTexts[index], style: insideStyle, x: value < 0 ? end + 3 : end - 3, y: label.frame.y, role: .value)
                if label.frame.width + 6 > abs(end - zeroX) { continue }
            }
            guard frame.canvas.isFree(label.frame), !label.frame.intersects(name.frame) else { continue }
            frame.canvas.place(name)
            frame.canvas.place(label)
        }
        return frame.scene()
    }

    /// Entries best first by the spec's direction (ties keep input order), missing last.
    static func sortedRanking(_ spec: RankingChartSpec) -> [RankingEntry] {
        let present = spec.entries.enumerated().filter { $0.element.value?.isFinite == true }
        let sorted = present.sorted { a, b in
            let (va, vb) = (a.element.value ?? 0, b.element.value ?? 0)
            if va != vb { return spec.descending ? va > vb : va < vb }
            return a.offset < b.offset
        }.map(\.element)
        return sorted + spec.entries.filter { $0.value?.isFinite != true }.map { RankingEntry(name: $0.name, value: nil, isHome: $0.isHome) }
    }

    static func rankingAltText(_ spec: RankingChartSpec, rows: [RankingEntry]) -> String {
        let locale = spec.header.locale
        let present = rows.filter { $0.value != nil }
        var parts: [String] = []
        if let home = present.first(where: \.isHome), let value = home.value {
            let better = present.filter { spec.descending ? ($0.value ?? 0) > value : ($0.value ?? 0) < value }.count
            let place = "\(better + 1)/\(present.count)"
            let phrase = switch locale {
            case .fi: "sijalla \(place)"
            case .sv: "på plats \(place)"
            case .en: "ranked \(place)"
            }
            parts.append("\(home.name) \(phrase) (\(spec.format.string(value, locale: locale)))")
        }
        if let first = present.first, let last = present.last, present.count > 1 {
            let (firstWord, lastWord) = switch locale {
            case .fi: ("kärjessä", "viimeisenä")
            case .sv: ("först", "sist")
            case .en: ("first", "last")
            }
            parts.append("\(firstWord) \(first.name) (\(spec.format.string(first.value, locale: locale)))")
            parts.append("\(lastWord) \(last.name) (\(spec.format.string(last.value, locale: locale)))")
        }
        return sentence(spec.header.title, parts, locale: locale)
    }
}
