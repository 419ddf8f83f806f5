import VitalityAnalysis
import VitalityCharts
import VitalityModel
import VitalityScene

/// Binds chart blocks to figures: builds the chart module's specs from the report context and
/// lays them out at the report's text width.
extension ReportBuilder {

    func header(_ block: ChartBlock?, title: String, subtitle: String?, indicators: [Indicator]) -> ChartHeader {
        ChartHeader(
            title: block?.title ?? title, subtitle: block?.subtitle ?? subtitle,
            sourceNote: shortSourceNote(indicators), locale: context.locale)
    }

    func layout(_ spec: AnyChartSpec, height: Double) -> Scene {
        ChartLayout.layout(spec, size: Size(geometry.contentWidth, height), theme: chartTheme, measurer: measurer)
    }

    /// The charts follow the report's theme: the standard palette, the greyscale print theme, or
    /// a brand theme from the template's accent colour and font.
    private var chartTheme: ChartTheme {
        let theme = template.settings.theme
        if theme.accent == ReportTheme.grayscale.accent { return .greyscale }
        if theme.accent == ReportTheme.standard.accent && theme.fontFamily == ReportTheme.standard.fontFamily { return .standard }
        return .brand(BrandStyle(primary: theme.accent, fontFamily: theme.fontFamily))
    }

    /// The scene of a chart block and its default file name; nil after a diagnostic.
    mutating func chartScene(_ block: ChartBlock, indicators: [Indicator]) -> (name: String, scene: Scene)? {
        switch block.type {
        case .line:
            guard let indicator = indicators.first else { return nil }
            return ("line-\(indicator.id)", lineChart(block, indicator))
        case .ranking:
            guard let indicator = indicators.first else { return nil }
            let suffix = (block.rankingMeasure == .value ? "-value" : "-change") + (block.year.map { "-\($0)" } ?? "")
            return ("ranking-\(indicator.id)\(suffix)", rankingChart(block, indicator))
        case .groupedBars:
            if let rate = indicators.first(where: { $0.kind == .rate }) {
                report(
                    block, code: "template.grouped-rate",
                    "Grouped bars show percent changes; `\(rate.id)` is a rate whose change is in percentage points. Use a line or ranking chart for it.")
                return nil
            }
            return ("grouped-bars-\(indicators.map(\.id).joined(separator: "-"))", groupedBars(block, indicators))
        case .status:
            return ("programme-status", statusChart(block))
        case .attainment:
            let slug = block.theme.map { "-" + Self.slug($0) } ?? ""
            return ("attainment\(slug)", attainmentChart(block))
        case .slope:
            guard let indicator = indicators.first else { return nil }
            let end = block.year ?? context.year
            let start = block.fromYear ?? end - 1
            guard start < end else {
                report(block, code: "template.chart-from", "A slope chart's `from` (\(start)) must be before its `year` (\(end)).")
                return nil
            }
            return ("slope-\(indicator.id)-\(start)-\(end)", slopeChart(block, indicator, from: start, to: end))
        case .bars:
            guard let indicator = indicators.first else { return nil }
            return ("bars-\(indicator.id)\(block.year.map { "-\($0)" } ?? "")", barsChart(block, indicator))
        case .horizontalBars:
            guard let indicator = indicators.first else { return nil }
            return ("horizontal-bars-\(indicator.id)\(block.year.map { "-\($0)" } ?? "")", horizontalBarsChart(block, indicator))
        case .stackedBars, .percentBars:
            guard canStack(block, indicators) else { return nil }
            let percent = block.type == .percentBars
            return ("\(percent ? "percent" : "stacked")-bars-\(ids(indicators))", stackedBarsChart(block, indicators, stacking: percent ? .percent : .stacked))
        case .dotRange:
            if let rate = indicators.first(where: { $0.kind == .rate || $0.id == Analysis.vitalityIndexID }) {
                report(
                    block, code: "template.dot-range-rate",
                    "A dot/range chart compares yearly percent changes; `\(rate.id)` is a rate or index whose percent change means nothing. Use a ranking chart for it."
                )
                return nil
            }
            return ("dot-range-\(ids(indicators))", dotRangeChart(block, indicators))
        case .smallMultiples:
            return ("small-multiples-\(ids(indicators))", smallMultiplesChart(block, indicators))
        }
    }

    private func ids(_ indicators: [Indicator]) -> String { indicators.map(\.id).joined(separator: "-") }

    /// Stacked bars add their indicators up: levels in one unit only, never rates or the index.
    private mutating func canStack(_ block: ChartBlock, _ indicators: [Indicator]) -> Bool {
        if let rate = indicators.first(where: { $0.kind == .rate || $0.id == Analysis.vitalityIndexID }) {
            report(
                block, code: "template.stacked-rate",
                "Stacked bars add their indicators up; `\(rate.id)` is a rate or index that cannot be added. Stack levels in one unit, such as counts.")
            return false
        }
        let units = indicators.map { "`\($0.id)` (\($0.unit(language: "fi").text))" }
        guard Set(indicators.map { $0.unit(language: "fi").text }).count == 1 else {
            report(
                block, code: "template.stacked-units",
                "Stacked bars add their indicators up, so they need one unit; these have \(units.joined(separator: ", ")).")
            return false
        }
        return true
    }

    /// The region's municipalities in two years, one line each, the home municipality highlighted.
    private func slopeChart(_ block: ChartBlock, _ indicator: Indicator, from start: Int, to end: Int) -> Scene {
        let entries = context.municipalities.map { area in
            SlopeEntry(
                name: area.name(language: context.locale.rawValue),
                start: context.figures.row(area: area.code, indicator: indicator.id, year: start)?.value,
                end: context.figures.row(area: area.code, indicator: indicator.id, year: end)?.value,
                isHome: area.code == context.home.code)
        }
        let spec = SlopeChartSpec(
            header: header(
                block, title: "\(context.label(indicator)) \(start)–\(end)",
                subtitle: "\(context.regionName), \(context.municipalities.count) \(context.vocabulary.municipalities)",
                indicators: [indicator]),
            startLabel: String(start), endLabel: String(end), entries: entries,
            format: format.valueFormat(indicator))
        return layout(.slope(spec), height: block.height ?? 380)
    }

    private mutating func report(_ block: ChartBlock, code: String, _ message: String) {
        appendDiagnostic(Diagnostic(.error, code: code, message, at: block.location))
    }

    private func lineChart(_ block: ChartBlock, _ indicator: Indicator) -> Scene {
        let rows = context.figures.series(area: context.home.code, indicator: indicator.id).filter { $0.year <= (block.year ?? context.year) }
        let years = rows.map(\.year)
        let vocabulary = context.vocabulary
        let medianName = "\(vocabulary.median), \(context.regionName)"
        var target: TargetLine?
        // The target is the programme's: only on the owner's charts, from the programme's first year.
        if context.showsProgramme,
            let measure = context.dataset.measures.first(where: { $0.indicator == indicator.id && $0.target != nil }),
            let value = measure.target
        {
            target = TargetLine(value: value, year: measure.targetYear)
        }
        let spec = LineChartSpec(
            header: header(
                block, title: "\(context.label(indicator)), \(context.homeName)",
                subtitle: "\(years.first.map(String.init) ?? "")–\(years.last.map(String.init) ?? "")"
                    + unitSuffix(indicator),
                indicators: [indicator]),
            years: years,
            series: [
                LineSeries(name: context.homeName, role: .home, values: rows.map(\.value)),
                LineSeries(name: medianName, role: .median, values: rows.map(\.regionMedian)),
            ],
            target: target, format: format.valueFormat(indicator))
        return layout(.line(spec), height: block.height ?? 250)
    }

    /// `, asukasta` after a chart's years, in the report's language; nothing for `%` or no unit.
    private func unitSuffix(_ indicator: Indicator) -> String {
        let unit = indicator.unit(language: context.locale.rawValue).text
        return unit.isEmpty || unit == "%" ? "" : ", \(unit)"
    }

    /// The yearly change a ranking compares: percentage points of a rate, the index's absolute
    /// change (a percent of a z-score mean means nothing), the percent change of a level.
    private func rankedChange(_ row: FigureRow?, _ indicator: Indicator) -> Double? {
        if indicator.kind == .rate { return row?.changePP }
        if indicator.id == Analysis.vitalityIndexID { return row?.changeAbs }
        return row?.changePct
    }

    private func rankingChart(_ block: ChartBlock, _ indicator: Indicator) -> Scene {
        let byValue = block.rankingMeasure == .value
        let year = block.year ?? context.year
        let entries = context.municipalities.map { area -> RankingEntry in
            let row = context.figures.row(area: area.code, indicator: indicator.id, year: year)
            let value = byValue ? row?.value : rankedChange(row, indicator)
            return RankingEntry(name: area.name(language: context.locale.rawValue), value: value, isHome: area.code == context.home.code)
        }
        let vocabulary = context.vocabulary
        let format: ValueFormat
        let title: String
        let regionLine = "\(context.regionName), \(context.municipalities.count) \(vocabulary.municipalities)"
        var subtitle = regionLine
        if byValue {
            format = self.format.valueFormat(indicator)
            title = "\(context.label(indicator)) \(year)"
        } else {
            format =
                indicator.id == Analysis.vitalityIndexID
                ? ValueFormat(decimals: 2, kind: .absoluteChange) : self.format.changeFormat(indicator)
            // The years go in the subtitle: a long label would otherwise break "2020–2021" at the dash.
            title = "\(context.label(indicator)): \(vocabulary.yearlyChange.lowercased())"
            subtitle = "\(year - 1)–\(year), \(regionLine)"
        }
        let spec = RankingChartSpec(
            header: header(block, title: title, subtitle: subtitle, indicators: [indicator]),
            entries: entries, descending: indicator.direction != .down, format: format)
        return layout(.ranking(spec), height: block.height ?? 400)
    }

    private func groupedBars(_ block: ChartBlock, _ indicators: [Indicator]) -> Scene {
        let years = Array(((context.year - block.years + 1)...context.year))
        let categories = indicators.map { indicator in
            BarCategory(
                label: context.label(indicator),
                values: years.map { context.homeRow(indicator.id, year: $0)?.changePct })
        }
        let spec = GroupedBarChartSpec(
            header: header(
                block, title: "\(context.homeName): \(context.vocabulary.yearlyChange.lowercased()), %",
                subtitle: "\(years.first ?? context.year)–\(context.year)", indicators: indicators),
            groups: years.map(String.init), categories: categories)
        return layout(.groupedBar(spec), height: block.height ?? 260)
    }

    /// A file-name-safe form of a goal area's name: `Vuorovaikutus ja osallisuus` →
    /// `vuorovaikutus-ja-osallisuus`.
    static func slug(_ text: String) -> String {
        let folded = text.lowercased().map { character -> Character in
            switch character {
            case "ä", "å": return "a"
            case "ö": return "o"
            default: return character.isLetter || character.isNumber ? character : "-"
            }
        }
        return String(folded).split(separator: "-").joined(separator: "-")
    }

    /// Target attainment of the measures of a goal area, best first; measures without a
    /// computable attainment (planned, no target) are listed last as "–".
    private mutating func attainmentChart(_ block: ChartBlock) -> Scene {
        let measures = context.dataset.measures.filter { block.theme == nil || $0.theme == block.theme }
        var entries: [RankingEntry] = []
        for measure in measures {
            let attainment = Analysis.targetAttainment(measure, year: context.year)
            entries.append(
                RankingEntry(
                    name: "\(measure.id) \(shown(measure.title(language: context.locale.rawValue), "measure titles"))", value: attainment?.percent,
                    isHome: attainment?.onTrack == true))
        }
        let themeName = measures.first.map { shown($0.theme(language: context.locale.rawValue), "goal areas") } ?? block.theme
        let vocabulary = context.vocabulary
        let spec = RankingChartSpec(
            header: ChartHeader(
                title: block.title ?? (vocabulary.attainmentTitle + (themeName.map { ": \($0)" } ?? "")),
                subtitle: block.subtitle ?? vocabulary.attainmentSubtitle(year: context.year),
                sourceNote: vocabulary.measuresSourceName, locale: context.locale),
            entries: entries, descending: true, format: ValueFormat(decimals: 0, kind: .rate))
        return layout(.ranking(spec), height: block.height ?? max(150, 100 + Double(entries.count) * 22))
    }

    private mutating func statusChart(_ block: ChartBlock) -> Scene {
        var themes: [String] = []
        var themeNames: [String: String] = [:]
        var counts: [String: [MeasureStatus: Int]] = [:]
        for measure in context.dataset.measures {
            if counts[measure.theme] == nil {
                themes.append(measure.theme)
                themeNames[measure.theme] = shown(measure.theme(language: context.locale.rawValue), "goal areas")
            }
            let status = measure.status
            counts[measure.theme, default: [:]][status, default: 0] += 1
        }
        let spec = StatusChartSpec(
            header: ChartHeader(
                title: block.title ?? context.vocabulary.programmeStatus,
                subtitle: block.subtitle ?? "\(context.dataset.measures.count) \(context.vocabulary.measuresWord)",
                sourceNote: context.vocabulary.measuresSourceName, locale: context.locale),
            rows: themes.map { StatusRow(label: themeNames[$0] ?? $0, counts: counts[$0] ?? [:]) })
        return layout(.status(spec), height: block.height ?? max(160, 90 + Double(themes.count) * 30))
    }

    /// The latest `count` years up to `end`, oldest first.
    private func yearRange(ending end: Int, count: Int) -> [Int] {
        Array((end - count + 1)...end)
    }

    /// `bars`: the home municipality's values of one indicator over the latest years, as
    /// columns, the chart's last year highlighted.
    private func barsChart(_ block: ChartBlock, _ indicator: Indicator) -> Scene {
        let years = yearRange(ending: block.year ?? context.year, count: block.years)
        let spec = BarChartSpec(
            header: header(
                block, title: "\(context.label(indicator)), \(context.homeName)",
                subtitle: "\(years[0])–\(years[years.count - 1])" + unitSuffix(indicator), indicators: [indicator]),
            series: [context.label(indicator)],
            categories: years.map { BarCategory(label: String($0), values: [context.homeRow(indicator.id, year: $0)?.value]) },
            format: format.valueFormat(indicator), highlightedCategory: years.count - 1)
        return layout(.bar(spec), height: block.height ?? 250)
    }

    /// `horizontal_bars`: one indicator for the home municipality, its region and the country,
    /// a bar for each of the latest years.
    private func horizontalBarsChart(_ block: ChartBlock, _ indicator: Indicator) -> Scene {
        let years = yearRange(ending: block.year ?? context.year, count: block.years)
        let country = context.dataset.areas.first { $0.kind == .country }
        let areas = [context.home, context.region] + (country.map { [$0] } ?? [])
        let categories = areas.map { area in
            BarCategory(
                label: area.name(language: context.locale.rawValue),
                values: years.map { context.figures.row(area: area.code, indicator: indicator.id, year: $0)?.value })
        }
        let spec = BarChartSpec(
            header: header(
                block, title: context.label(indicator),
                subtitle: "\(years[0])–\(years[years.count - 1])" + unitSuffix(indicator), indicators: [indicator]),
            series: years.map(String.init), categories: categories, orientation: .horizontal,
            format: format.valueFormat(indicator))
        return layout(.bar(spec), height: block.height ?? max(140, 90 + Double(categories.count * years.count) * 16))
    }

    /// `stacked_bars` and `percent_bars`: the home municipality's values of several indicators
    /// (parts of one whole, in one unit) stacked for each of the latest years; `percent` shows
    /// each part's share of the year's total, as horizontal bars.
    private func stackedBarsChart(_ block: ChartBlock, _ indicators: [Indicator], stacking: BarStacking) -> Scene {
        let years = yearRange(ending: block.year ?? context.year, count: block.years)
        let percent = stacking == .percent
        let spec = BarChartSpec(
            header: header(
                block, title: "\(context.homeName): \(indicators.map { context.label($0) }.joined(separator: ", "))",
                subtitle: "\(years[0])–\(years[years.count - 1])" + (percent ? ", %" : unitSuffix(indicators[0])),
                indicators: indicators),
            series: indicators.map { context.label($0) },
            categories: years.map { year in
                BarCategory(label: String(year), values: indicators.map { context.homeRow($0.id, year: year)?.value })
            },
            orientation: percent ? .horizontal : .vertical, stacking: stacking, format: format.valueFormat(indicators[0]))
        return layout(.bar(spec), height: block.height ?? (percent ? max(150, 110 + Double(years.count) * 28) : 280))
    }

    /// `dot_range`: for each indicator, every municipality's yearly percent change in the region,
    /// its median and the home municipality's on one axis.
    private func dotRangeChart(_ block: ChartBlock, _ indicators: [Indicator]) -> Scene {
        let year = block.year ?? context.year
        let rows = indicators.map { indicator in
            DotRangeRow(
                label: context.label(indicator),
                values: context.municipalities.map { context.figures.row(area: $0.code, indicator: indicator.id, year: year)?.changePct },
                home: context.homeRow(indicator.id, year: year)?.changePct)
        }
        let regionLine = "\(context.regionName), \(context.municipalities.count) \(context.vocabulary.municipalities)"
        let spec = DotRangeChartSpec(
            header: header(
                block, title: "\(context.homeName): \(context.vocabulary.yearlyChange.lowercased()), %",
                subtitle: "\(year - 1)–\(year), \(regionLine)", indicators: indicators),
            homeName: context.homeName, rows: rows, format: ValueFormat(decimals: 1, unit: "%", kind: .percentChange))
        return layout(.dotRange(spec), height: block.height ?? max(160, 110 + Double(rows.count) * 40))
    }

    /// `small_multiples`: a small line chart per indicator, the home municipality's series with
    /// the region median, each panel on its own scale.
    private func smallMultiplesChart(_ block: ChartBlock, _ indicators: [Indicator]) -> Scene {
        let end = block.year ?? context.year
        let series = indicators.map { context.figures.series(area: context.home.code, indicator: $0.id).filter { $0.year <= end } }
        let years = Set(series.flatMap { $0.map(\.year) }).sorted()
        let medianName = "\(context.vocabulary.median), \(context.regionName)"
        let panels = zip(indicators, series).map { indicator, rows in
            let byYear = Dictionary(rows.map { ($0.year, $0) }, uniquingKeysWith: { first, _ in first })
            return SmallMultiplePanel(
                title: context.label(indicator),
                series: [
                    LineSeries(name: context.homeName, role: .home, values: years.map { byYear[$0]?.value }),
                    LineSeries(name: medianName, role: .median, values: years.map { byYear[$0]?.regionMedian }),
                ], format: format.valueFormat(indicator))
        }
        let spec = SmallMultiplesSpec(
            header: header(
                block, title: "\(context.homeName) \(years.first.map(String.init) ?? "")–\(years.last.map(String.init) ?? "")",
                subtitle: nil, indicators: indicators),
            years: years, panels: panels, sharedScale: false,
            format: ValueFormat(decimals: indicators.map(\.decimals).max() ?? 0))
        let rows = (indicators.count + 2) / 3
        return layout(.smallMultiples(spec), height: block.height ?? min(700, 80 + Double(rows) * 130))
    }

    mutating func uniqueChartName(_ base: String) -> String {
        var name = base
        var counter = 2
        while charts.contains(where: { $0.name == name }) {
            name = "\(base)-\(counter)"
            counter += 1
        }
        return name
    }
}
