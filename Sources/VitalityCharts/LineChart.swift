import Foundation
import VitalityModel
import VitalityScene

extension ChartLayout {
    /// A line chart: years on x, nice value ticks on y, the home line highlighted and labelled.
    package static func layout(_ spec: LineChartSpec, size: Size, theme: ChartTheme = .standard, measurer: some TextMeasuring) -> Scene {
        var frame = ChartFrame(spec.header, size: size, theme: theme, measurer: measurer, altText: lineAltText(spec), data: ChartData.line(spec))
        let locale = frame.locale
        let pad = theme.padding
        let count = spec.years.count
        let values = spec.series.flatMap { $0.values.prefix(count) }.compactMap { $0 }.filter(\.isFinite)

        let hasUnlabelledOthers = spec.series.contains { $0.role == .other }
        if let otherLabel = spec.otherSeriesLabel, hasUnlabelledOthers {
            frame.placeLegend([LegendEntry(label: otherLabel, swatch: .line(StrokeStyle(color: theme.muted, width: 1)))])
        }
        guard count > 0, !values.isEmpty else { return frame.noData() }
        var top = frame.top
        let bottom = frame.bottom

        let tickStyle = theme.tickStyle()
        let lineHeight = measurer.measure("0", style: tickStyle).height
        if let unit = spec.format.unit, !unit.isEmpty {
            let caption = frame.canvas.text(unit, style: tickStyle, x: pad, y: top, maxWidth: size.width / 2)
            if frame.canvas.place(caption) { top = caption.frame.maxY + 4 }
        }
        let plotTop = top + lineHeight / 2
        let plotBottom = bottom - lineHeight - 4
        guard plotBottom - plotTop > lineHeight * 2 else {
            return frame.scene()
        }

        var scaleValues: [Double?] = values
        if let target = spec.target { scaleValues.append(target.value) }
        let scale = NiceScale(
            values: scaleValues, includeZero: false,
            targetTickCount: tickCount(for: plotBottom - plotTop, spacing: lineHeight * 3))
        let tickDecimals = max(scale.tickDecimals, 0)
        let tickLabels = scale.ticks.map { spec.format.tick($0, locale: locale, decimals: tickDecimals) }
        let axisWidth = tickLabels.map { measurer.measure($0, style: tickStyle).width }.max() ?? 0
        let plotLeft = pad + min(axisWidth, size.width / 4) + 5

        // End labels for the series, most important first, as many as fit the height.
        let ordered = spec.series.enumerated().sorted { rank($0.element.role) < rank($1.element.role) }
        var endLabels: [(series: Int, text: String, valueY: Double, style: TextStyle)] = []
        var usedHeight = 0.0
        for (index, series) in ordered {
            guard let last = series.values.prefix(count).lastIndex(where: { $0 != nil }), let value = series.values[last] else { continue }
            guard series.role != .other || spec.series.filter({ $0.role == .other }).count <= 4 else { continue }
            guard usedHeight + lineHeight + 1 <= plotBottom - plotTop + lineHeight else { break }
            usedHeight += lineHeight + 1
            let style = theme.labelStyle(bold: series.role == .home, color: color(for: series.role, theme: theme, text: true))
            let label = frame.canvas.shortened(
                series.name, suffix: " " + spec.format.string(value, locale: locale), style: style, maxWidth: size.width * 0.35)
            endLabels.append((index, label, value, style))
        }
        let endWidth = min(
            endLabels.map { measurer.measure($0.text, style: $0.style).width + 1 }.max() ?? 0, size.width * 0.35)
        let yearLabels = spec.years.map { String($0) }
        let yearWidth = yearLabels.map { measurer.measure($0, style: tickStyle).width }.max() ?? 0
        let plotRight = size.width - pad - (endWidth > 0 ? endWidth + 8 : 0)
        let inset = yearWidth / 2 + 2
        let xStart = plotLeft + inset
        let xEnd = max(xStart, plotRight - inset)
        func x(_ index: Int) -> Double {
            count == 1 ? (xStart + xEnd) / 2 : xStart + Double(index) / Double(count - 1) * (xEnd - xStart)
        }
        func y(_ value: Double) -> Double { scale.position(value, start: plotBottom, end: plotTop) }

        // The drawn lines, so that notes and period labels can keep off them.
        var segments: [(Point, Point)] = []
        for series in spec.series {
            var previous: Point?
            for index in 0..<min(count, series.values.count) {
                guard let value = series.values[index], value.isFinite else { previous = nil; continue }
                let point = Point(x(index), y(value))
                if let previous { segments.append((previous, point)) }
                previous = point
            }
        }
        if let target = spec.target { segments.append((Point(plotLeft, y(target.value)), Point(plotRight, y(target.value)))) }
        func clearOfLines(_ rect: Rect) -> Bool { !segments.contains { segment($0.0, $0.1, crosses: rect.insetBy(dx: -2, dy: -2)) } }
        let step = count > 1 ? (xEnd - xStart) / Double(count - 1) : xEnd - xStart
        for period in spec.periods {
            guard let first = spec.years.first, let last = spec.years.last, period.to >= first, period.from <= last else { continue }
            func position(_ year: Int) -> Double { count == 1 ? x(0) : xStart + Double(year - first) / Double(max(1, last - first)) * (xEnd - xStart) }
            let left = max(plotLeft, position(max(period.from, first)) - step / 2)
            let right = min(plotRight, position(min(period.to, last)) + step / 2)
            guard right > left else { continue }
            frame.canvas.fill(Rect(x: left, y: plotTop, width: right - left, height: plotBottom - plotTop), theme.tileBackground)
            if let label = period.label, !label.isEmpty {
                // At the top of the band, else at its bottom: wherever no line runs through it.
                var item = frame.canvas.text(label, style: theme.tickStyle(), x: left + 3, y: plotTop + 1, maxWidth: right - left - 6, role: .label)
                let bottomY = plotBottom - item.frame.height - 1
                for top in [plotTop + 1, bottomY] {
                    item.frame.y = top
                    if clearOfLines(item.frame), frame.canvas.place(item) { break }
                }
            }
        }
        for (tick, label) in zip(scale.ticks, tickLabels) {
            let ty = y(tick)
            frame.canvas.line(Point(plotLeft, ty), Point(plotRight, ty), StrokeStyle(color: theme.gridline, width: 0.5))
            var item = frame.canvas.text(label, style: theme.tickStyle(alignment: .trailing), x: plotLeft - 5, y: 0, maxWidth: size.width / 4, role: .tick)
            item.frame.y = ty - item.frame.height / 2
            frame.canvas.place(item)
        }
        frame.canvas.line(Point(plotLeft, plotBottom), Point(plotRight, plotBottom), StrokeStyle(color: theme.axis, width: 0.75))

        // Year labels: every k-th from the last year so that neighbours keep a gap.
        let spacing = count > 1 ? (xEnd - xStart) / Double(count - 1) : .infinity
        let every = [1, 2, 5, 10, 20, 50, 100].first { Double($0) * spacing >= yearWidth + 6 } ?? count
        for index in 0..<count where (count - 1 - index) % every == 0 {
            frame.canvas.line(Point(x(index), plotBottom), Point(x(index), plotBottom + 3), StrokeStyle(color: theme.axis, width: 0.75))
            let item = frame.canvas.text(yearLabels[index], style: theme.tickStyle(alignment: .center), x: x(index), y: plotBottom + 4, role: .tick)
            frame.canvas.place(item)
        }

        if let target = spec.target {
            let ty = y(target.value)
            frame.canvas.line(Point(plotLeft, ty), Point(plotRight, ty), StrokeStyle(color: theme.text, width: 1, dash: [2, 2]))
            let label = target.label ?? {
                let value = spec.format.string(target.value, locale: locale)
                return target.year.map { "\(Words.target(locale)) \($0): \(value)" } ?? "\(Words.target(locale)): \(value)"
            }()
            var item = frame.canvas.text(label, style: theme.labelStyle(), x: plotLeft + 4, y: 0, maxWidth: plotRight - plotLeft - 8, role: .label)
            item.frame.y = ty - item.frame.height - 1
            if item.frame.minY < plotTop || !frame.canvas.place(item) {
                item.frame.y = ty + 1
                frame.canvas.place(item)
            }
        }

        for (_, series) in spec.series.enumerated().sorted(by: { rank($0.element.role) > rank($1.element.role) }) {
            let style = stroke(for: series.role, theme: theme)
            var elements: [PathElement] = []
            var runLength = 0
            for index in 0..<count {
                guard index < series.values.count, let value = series.values[index], value.isFinite else {
                    if runLength == 1, let previous = series.values[index - 1] {
                        frame.canvas.circle(Point(x(index - 1), y(previous)), radius: style.width, fill: style.color)
                    }
                    runLength = 0
                    continue
                }
                elements.append(runLength == 0 ? .move(Point(x(index), y(value))) : .line(Point(x(index), y(value))))
                runLength += 1
            }
            if runLength == 1, let value = series.values[count - 1] {
                frame.canvas.circle(Point(x(count - 1), y(value)), radius: style.width, fill: style.color)
            }
            frame.canvas.path(elements, style)
            if series.role == .home, let last = series.values.prefix(count).lastIndex(where: { $0 != nil }), let value = series.values[last] {
                frame.canvas.circle(Point(x(last), y(value)), radius: 3, fill: theme.highlight)
            }
        }

        // End labels: at their line's height, pushed apart, kept inside the plot's height.
        var boxes = endLabels.map { label -> TextItem in
            var item = frame.canvas.text(label.text, style: label.style, x: plotRight + 6, y: 0, maxWidth: endWidth, role: .value)
            item.frame.y = y(label.valueY) - item.frame.height / 2
            return item
        }.sorted { $0.frame.midY < $1.frame.midY }
        var floor = plotTop - lineHeight / 2
        for index in boxes.indices {
            boxes[index].frame.y = max(boxes[index].frame.y, floor)
            floor = boxes[index].frame.maxY + 1
        }
        var ceiling = plotBottom + lineHeight / 2
        for index in boxes.indices.reversed() {
            boxes[index].frame.y = min(boxes[index].frame.y, ceiling - boxes[index].frame.height)
            ceiling = boxes[index].frame.minY - 1
        }
        for box in boxes { frame.canvas.place(box) }
        for note in spec.annotations {
            guard let index = spec.years.firstIndex(of: note.year), note.value.isFinite else { continue }
            let point = Point(x(index), y(note.value))
            let item = frame.canvas.text(note.text, style: theme.labelStyle(color: theme.text), x: 0, y: 0, maxWidth: size.width * 0.3, maxLines: 2, role: .label)
            let (w, h) = (item.frame.width, item.frame.height)
            var candidates: [Rect] = []
            for distance in [14.0, 28, 42] {
                let (left, right) = (point.x - distance - w, point.x + distance)
                let (above, below) = (point.y - distance - h, point.y + distance)
                for (cx, cy) in [(left, above), (right, above), (left, below), (right, below)] {
                    candidates.append(Rect(x: cx, y: cy, width: w, height: h))
                }
            }
            guard let spot = candidates.first(where: {
                plotArea(plotLeft, plotTop, plotRight, plotBottom).contains($0) && frame.canvas.isFree($0, margin: 2) && clearOfLines($0)
            }) else { continue }
            var placed = item
            placed.frame = spot
            frame.canvas.place(placed)
            let end = Point(spot.midX < point.x ? spot.maxX : spot.minX, spot.midY < point.y ? spot.maxY : spot.minY)
            frame.canvas.line(point, end, StrokeStyle(color: theme.text, width: 0.5))
            frame.canvas.circle(point, radius: 2, fill: theme.text)
        }
        return frame.scene()
    }

    /// True when the segment from `a` to `b` touches `rect`.
    static func segment(_ a: Point, _ b: Point, crosses rect: Rect) -> Bool {
        func inside(_ p: Point) -> Bool { p.x >= rect.minX && p.x <= rect.maxX && p.y >= rect.minY && p.y <= rect.maxY }
        if inside(a) || inside(b) { return true }
        // Liang–Barsky clipping: the segment meets the rectangle when a parameter interval survives.
        var (t0, t1) = (0.0, 1.0)
        let (dx, dy) = (b.x - a.x, b.y - a.y)
        for (p, q) in [(-dx, a.x - rect.minX), (dx, rect.maxX - a.x), (-dy, a.y - rect.minY), (dy, rect.maxY - a.y)] {
            if p == 0 {
                if q < 0 { return false }
            } else {
                let t = q / p
                if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
                if t0 > t1 { return false }
            }
        }
        return true
    }

    static func plotArea(_ left: Double, _ top: Double, _ right: Double, _ bottom: Double) -> Rect {
        Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    static func rank(_ role: SeriesRole) -> Int {
        switch role {
        case .home: 0
        case .median: 1
        case .other: 2
        }
    }

    static func color(for role: SeriesRole, theme: ChartTheme, text: Bool) -> Color {
        switch role {
        case .home: theme.highlight
        case .median: theme.median
        case .other: text ? theme.secondaryText : theme.muted
        }
    }

    static func stroke(for role: SeriesRole, theme: ChartTheme) -> StrokeStyle {
        switch role {
        case .home: StrokeStyle(color: theme.highlight, width: 2.5)
        case .median: StrokeStyle(color: theme.median, width: 1.5, dash: [4, 3])
        case .other: StrokeStyle(color: theme.muted, width: 1)
        }
    }

    static func lineAltText(_ spec: LineChartSpec) -> String {
        let locale = spec.header.locale
        let unit = spec.format.unit.map { " \($0)" } ?? ""
        var parts: [String] = []
        for series in spec.series where series.role != .other {
            let count = min(series.values.count, spec.years.count)
            guard let last = series.values.prefix(count).lastIndex(where: { $0 != nil }), let value = series.values[last] else { continue }
            parts.append("\(series.name) \(spec.format.string(value, locale: locale))\(unit) \(spec.years[last])")
        }
        if let target = spec.target {
            let year = target.year.map { " \($0)" } ?? ""
            parts.append("\(Words.target(locale).lowercased())\(year) \(spec.format.string(target.value, locale: locale))\(unit)")
        }
        return sentence(spec.header.title, parts, locale: locale)
    }
}
