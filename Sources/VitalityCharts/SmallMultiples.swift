import Foundation
import VitalityModel
import VitalityScene

/// One small chart of a small-multiples grid: a title and its lines over the spec's years.
package struct SmallMultiplePanel: Sendable, Hashable {
    package var title: String
    package var series: [LineSeries]
    /// How this panel's values are written (alt text, data table) when its indicator differs
    /// from the others; nil is the spec's `format`.
    package var format: ValueFormat?

    package init(title: String, series: [LineSeries], format: ValueFormat? = nil) {
        self.title = title
        self.series = series
        self.format = format
    }
}

/// A grid of small line charts, one per indicator or municipality, with shared or free scales.
package struct SmallMultiplesSpec: Sendable, Hashable {
    package var header: ChartHeader
    package var years: [Int]
    var panels: [SmallMultiplePanel]
    /// One value axis for every panel (comparable heights) or one per panel.
    var sharedScale: Bool
    /// Columns of the grid; nil chooses about 150 points a panel.
    var columns: Int?
    package var format: ValueFormat

    package init(
        header: ChartHeader, years: [Int], panels: [SmallMultiplePanel], sharedScale: Bool = true, columns: Int? = nil,
        format: ValueFormat = ValueFormat()
    ) {
        self.header = header
        self.years = years
        self.panels = panels
        self.sharedScale = sharedScale
        self.columns = columns
        self.format = format
    }
}

extension ChartLayout {
    /// Small multiples: each panel has its title, two or three value ticks, the first and last
    /// year, and its home line's last value labelled.
    package static func layout(_ spec: SmallMultiplesSpec, size: Size, theme: ChartTheme = .standard, measurer: some TextMeasuring) -> Scene {
        let locale = spec.header.locale
        let pad = theme.padding
        let altText = sentence(
            spec.header.title,
            spec.panels.prefix(12).compactMap { panel in
                guard let home = panel.series.first(where: { $0.role == .home }) ?? panel.series.first,
                    let last = home.values.prefix(spec.years.count).lastIndex(where: { $0 != nil })
                else { return nil }
                return "\(panel.title) \((panel.format ?? spec.format).string(home.values[last], locale: locale)) \(spec.years[last])"
            }, locale: locale)
        var frame = ChartFrame(spec.header, size: size, theme: theme, measurer: measurer, altText: altText, data: smallMultiplesData(spec))
        let count = spec.years.count
        func finite(_ panel: SmallMultiplePanel) -> [Double] { panel.series.flatMap { $0.values.prefix(count) }.compactMap { $0 }.filter(\.isFinite) }
        guard count > 0, !spec.panels.isEmpty, spec.panels.contains(where: { !finite($0).isEmpty }) else { return frame.noData() }
        // One legend for the grid, above it: the named (home and median) series.
        var named: [LineSeries] = []
        for series in spec.panels.flatMap(\.series) where series.role != .other && !named.contains(where: { $0.name == series.name }) {
            named.append(series)
        }
        frame.placeLegend(named.map { LegendEntry(label: $0.name, swatch: .line(stroke(for: $0.role, theme: theme))) })
        let (top, bottom) = (frame.top, frame.bottom)
        let gap = 12.0
        let width = size.width - 2 * pad
        let columns = max(1, min(spec.panels.count, spec.columns ?? Int((width + gap) / (150 + gap))))
        let rows = (spec.panels.count + columns - 1) / columns
        let panelWidth = (width - gap * Double(columns - 1)) / Double(columns)
        let panelHeight = (bottom - top - gap * Double(rows - 1)) / Double(rows)
        let tickStyle = theme.tickStyle()
        let lineHeight = measurer.measure("0", style: tickStyle).height
        let titleStyle = theme.labelStyle(bold: true)
        let titleHeight = measurer.measure("Ag", style: titleStyle).height
        guard panelHeight > titleHeight + lineHeight * 4, panelWidth > 40 else {
            return frame.scene()
        }
        let ticks = panelHeight - titleHeight - lineHeight * 2 > lineHeight * 5 ? 3 : 2
        let shared = NiceScale(values: spec.panels.flatMap(finite), includeZero: false, targetTickCount: ticks)

        for (index, panel) in spec.panels.enumerated() {
            let box = Rect(
                x: pad + Double(index % columns) * (panelWidth + gap), y: top + Double(index / columns) * (panelHeight + gap),
                width: panelWidth, height: panelHeight)
            frame.canvas.place(frame.canvas.text(panel.title, style: titleStyle, x: box.minX, y: box.minY, maxWidth: box.width, role: .label))
            let values = finite(panel)
            let plotTop = box.minY + titleHeight + 4 + lineHeight / 2
            let plotBottom = box.maxY - lineHeight - 4
            guard !values.isEmpty else {
                frame.canvas.placeNoData(locale, in: Rect(x: box.minX, y: plotTop, width: box.width, height: plotBottom - plotTop))
                continue
            }
            let scale = spec.sharedScale ? shared : NiceScale(values: values, includeZero: false, targetTickCount: ticks)
            let labels = scale.ticks.map { spec.format.tick($0, locale: locale, decimals: scale.tickDecimals) }
            let axisWidth = min(labels.map { measurer.measure($0, style: tickStyle).width }.max() ?? 0, box.width / 3)
            let yearWidth = measurer.measure("0000", style: tickStyle).width
            let plotLeft = box.minX + axisWidth + 4
            let xStart = plotLeft + yearWidth / 2 + 2
            let xEnd = max(xStart, box.maxX - yearWidth / 2 - 1)
            func x(_ i: Int) -> Double { count == 1 ? (xStart + xEnd) / 2 : xStart + Double(i) / Double(count - 1) * (xEnd - xStart) }
            func y(_ v: Double) -> Double { scale.position(v, start: plotBottom, end: plotTop) }
            for (tick, label) in zip(scale.ticks, labels) {
                frame.canvas.line(Point(plotLeft, y(tick)), Point(box.maxX, y(tick)), StrokeStyle(color: theme.gridline, width: 0.5))
                var item = frame.canvas.text(label, style: theme.tickStyle(alignment: .trailing), x: plotLeft - 3, y: 0, maxWidth: axisWidth, role: .tick)
                item.frame.y = y(tick) - item.frame.height / 2
                frame.canvas.place(item)
            }
            for i in Set([0, count - 1]).sorted() {
                frame.canvas.place(
                    frame.canvas.text(String(spec.years[i]), style: theme.tickStyle(alignment: .center), x: x(i), y: plotBottom + 3, role: .tick))
            }
            for series in panel.series.sorted(by: { rank($0.role) > rank($1.role) }) {
                let style = stroke(for: series.role, theme: theme)
                var elements: [PathElement] = []
                var previous: Int?
                for i in 0..<min(count, series.values.count) {
                    guard let value = series.values[i], value.isFinite else { continue }
                    elements.append(previous == i - 1 ? .line(Point(x(i), y(value))) : .move(Point(x(i), y(value))))
                    previous = i
                }
                if elements.count == 1, case .move(let point) = elements[0] {
                    frame.canvas.circle(point, radius: max(1.5, style.width), fill: style.color)
                }
                frame.canvas.path(elements, style)
                if series.role == .home, let last = series.values.prefix(count).lastIndex(where: { $0?.isFinite == true }), let value = series.values[last] {
                    frame.canvas.circle(Point(x(last), y(value)), radius: 2.5, fill: theme.highlight)
                }
            }
        }
        return frame.scene()
    }

    static func smallMultiplesData(_ spec: SmallMultiplesSpec) -> DataTable {
        var table = DataTable(columns: ["panel", "series", "role", "year", "value", "display"])
        for panel in spec.panels {
            for series in panel.series {
                for (index, year) in spec.years.enumerated() {
                    let value = index < series.values.count ? series.values[index] : nil
                    table.rows.append([
                        panel.title, series.name, series.role.rawValue, String(year), ChartData.exact(value),
                        (panel.format ?? spec.format).string(value, locale: spec.header.locale),
                    ])
                }
            }
        }
        return table
    }
}
