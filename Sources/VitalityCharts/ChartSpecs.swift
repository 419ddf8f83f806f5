import VitalityModel

/// What every chart carries besides its data: titles, source and language.
package struct ChartHeader: Sendable, Hashable {
    package var title: String
    var subtitle: String?
    /// The data source, e.g. "Tilastokeskus"; shown as "Lähde: Tilastokeskus" (fi).
    var sourceNote: String
    package var locale: ReportLocale

    package init(title: String, subtitle: String? = nil, sourceNote: String, locale: ReportLocale) {
        self.title = title
        self.subtitle = subtitle
        self.sourceNote = sourceNote
        self.locale = locale
    }
}

/// The part a line or bar plays: the home municipality is highlighted.
package enum SeriesRole: String, Sendable, Hashable {
    case home, median, other
}

/// One line of a line chart; `values[i]` belongs to `LineChartSpec.years[i]`, nil is missing.
package struct LineSeries: Sendable, Hashable {
    package var name: String
    var role: SeriesRole
    package var values: [Double?]

    package init(name: String, role: SeriesRole, values: [Double?]) {
        self.name = name
        self.role = role
        self.values = values
    }
}

/// A horizontal target line of a line chart; without `label` it reads "Tavoite 2021: 9 500".
package struct TargetLine: Sendable, Hashable {
    package var value: Double
    package var year: Int?
    package var label: String?

    package init(value: Double, year: Int? = nil, label: String? = nil) {
        self.value = value
        self.year = year
        self.label = label
    }
}

/// A shaded span of years on a line chart, e.g. the programme period, with an optional label.
package struct ShadedPeriod: Sendable, Hashable {
    package var from: Int
    package var to: Int
    package var label: String?

    init(from: Int, to: Int, label: String? = nil) {
        self.from = from
        self.to = to
        self.label = label
    }
}

/// A note pointing at one value of a line chart with a leader line.
package struct LineAnnotation: Sendable, Hashable {
    package var year: Int
    package var value: Double
    package var text: String
}

/// Years on x, one line per series, the home series highlighted and labelled at its end.
package struct LineChartSpec: Sendable, Hashable {
    package var header: ChartHeader
    package var years: [Int]
    package var series: [LineSeries]
    package var target: TargetLine?
    package var format: ValueFormat
    /// Legend text for the unlabelled grey lines of `.other` series (e.g. "Muut kunnat").
    var otherSeriesLabel: String?
    /// Shaded spans behind the lines (drawn first, labelled at the top when there is room).
    var periods: [ShadedPeriod]
    /// Notes with leaders, placed after every other label where they collide with none.
    var annotations: [LineAnnotation]

    package init(
        header: ChartHeader, years: [Int], series: [LineSeries], target: TargetLine? = nil,
        format: ValueFormat = ValueFormat(), otherSeriesLabel: String? = nil, periods: [ShadedPeriod] = [],
        annotations: [LineAnnotation] = []
    ) {
        self.periods = periods
        self.annotations = annotations
        self.header = header
        self.years = years
        self.series = series
        self.target = target
        self.format = format
        self.otherSeriesLabel = otherSeriesLabel
    }
}

/// One row of a ranking chart.
package struct RankingEntry: Sendable, Hashable {
    package var name: String
    package var value: Double?
    var isHome: Bool

    package init(name: String, value: Double?, isHome: Bool = false) {
        self.name = name
        self.value = value
        self.isHome = isHome
    }
}

/// Horizontal bars, one per municipality, sorted best first; missing values last.
package struct RankingChartSpec: Sendable, Hashable {
    package var header: ChartHeader
    var entries: [RankingEntry]
    /// Largest value first (for "higher is better"); false puts the smallest first.
    var descending: Bool
    package var format: ValueFormat

    package init(header: ChartHeader, entries: [RankingEntry], descending: Bool = true, format: ValueFormat = ValueFormat()) {
        self.header = header
        self.entries = entries
        self.descending = descending
        self.format = format
    }
}

/// One category (an indicator) of a grouped bar chart; `values[g]` belongs to `groups[g]`.
package struct BarCategory: Sendable, Hashable {
    package var label: String
    package var values: [Double?]

    package init(label: String, values: [Double?]) {
        self.label = label
        self.values = values
    }
}

/// Vertical bars: categories along x, one bar per group (e.g. year) inside each category.
package struct GroupedBarChartSpec: Sendable, Hashable {
    package var header: ChartHeader
    /// Group names in legend order, e.g. "2019", "2020", "2021".
    var groups: [String]
    var categories: [BarCategory]
    package var format: ValueFormat

    package init(
        header: ChartHeader, groups: [String], categories: [BarCategory],
        format: ValueFormat = ValueFormat(decimals: 1, kind: .percentChange)
    ) {
        self.header = header
        self.groups = groups
        self.categories = categories
        self.format = format
    }
}

extension MeasureStatus {
    /// The status name in a report language: the one table of these words.
    package func name(_ locale: ReportLocale) -> String {
        switch (self, locale) {
        case (.planned, .fi): "Suunniteltu"
        case (.ongoing, .fi): "Käynnissä"
        case (.done, .fi): "Valmis"
        case (.delayed, .fi): "Viivästynyt"
        case (.suspended, .fi): "Keskeytetty"
        case (.planned, .sv): "Planerad"
        case (.ongoing, .sv): "Pågående"
        case (.done, .sv): "Klar"
        case (.delayed, .sv): "Försenad"
        case (.suspended, .sv): "Avbruten"
        case (.planned, .en): "Planned"
        case (.ongoing, .en): "Ongoing"
        case (.done, .en): "Done"
        case (.delayed, .en): "Delayed"
        case (.suspended, .en): "Suspended"
        }
    }
}

/// One goal area with its count of measures per status.
package struct StatusRow: Sendable, Hashable {
    package var label: String
    var counts: [MeasureStatus: Int]

    package init(label: String, counts: [MeasureStatus: Int]) {
        self.label = label
        self.counts = counts
    }

    package var total: Int { counts.values.reduce(0) { $0 + max(0, $1) } }
}

/// Programme status: one stacked horizontal bar per goal area, a segment per status.
package struct StatusChartSpec: Sendable, Hashable {
    package var header: ChartHeader
    package var rows: [StatusRow]

    package init(header: ChartHeader, rows: [StatusRow]) {
        self.header = header
        self.rows = rows
    }
}

/// One key figure: label, big value and its change coloured by the caller's sentiment.
package struct KPITile: Sendable, Hashable {
    package var label: String
    package var value: Double?
    package var format: ValueFormat
    package var change: Double?
    /// How the change is shown, e.g. `.percentChange` or `.percentagePoints`.
    var changeFormat: ValueFormat
    var sentiment: Sentiment
    /// A small line under the label, e.g. the year.
    var subtitle: String?

    package init(
        label: String, value: Double?, format: ValueFormat = ValueFormat(), change: Double? = nil,
        changeFormat: ValueFormat = ValueFormat(decimals: 1, kind: .percentChange), sentiment: Sentiment = .neutral,
        subtitle: String? = nil
    ) {
        self.label = label
        self.value = value
        self.format = format
        self.change = change
        self.changeFormat = changeFormat
        self.sentiment = sentiment
        self.subtitle = subtitle
    }
}

/// A grid of KPI tiles.
package struct KPITilesSpec: Sendable, Hashable {
    package var header: ChartHeader
    var tiles: [KPITile]
    /// Columns of the grid; nil chooses from the width.
    var columns: Int?

    package init(header: ChartHeader, tiles: [KPITile], columns: Int? = nil) {
        self.header = header
        self.tiles = tiles
        self.columns = columns
    }
}

/// The kinds of chart this module lays out.
package enum ChartKind: String, Sendable, Hashable, CaseIterable {
    case line, ranking, groupedBar, status, kpiTiles, bar, slope, dotRange, smallMultiples
}

/// Any chart spec, for callers that hold charts of several kinds.
package enum AnyChartSpec: Sendable, Hashable {
    case line(LineChartSpec)
    case ranking(RankingChartSpec)
    case groupedBar(GroupedBarChartSpec)
    case status(StatusChartSpec)
    case kpiTiles(KPITilesSpec)
    case bar(BarChartSpec)
    case slope(SlopeChartSpec)
    case dotRange(DotRangeChartSpec)
    case smallMultiples(SmallMultiplesSpec)

    package var kind: ChartKind {
        switch self {
        case .line: .line
        case .ranking: .ranking
        case .groupedBar: .groupedBar
        case .status: .status
        case .kpiTiles: .kpiTiles
        case .bar: .bar
        case .slope: .slope
        case .dotRange: .dotRange
        case .smallMultiples: .smallMultiples
        }
    }

    package var header: ChartHeader {
        switch self {
        case .line(let spec): spec.header
        case .ranking(let spec): spec.header
        case .groupedBar(let spec): spec.header
        case .status(let spec): spec.header
        case .kpiTiles(let spec): spec.header
        case .bar(let spec): spec.header
        case .slope(let spec): spec.header
        case .dotRange(let spec): spec.header
        case .smallMultiples(let spec): spec.header
        }
    }
}

/// The words that charts and reports both show, in every `ReportLocale`: the one table of them
/// (reports' own sentences are in VitalityReport's `Vocabulary`).
package enum Words {
    package static func source(_ locale: ReportLocale) -> String {
        switch locale {
        case .fi: "Lähde"
        case .sv: "Källa"
        case .en: "Source"
        }
    }

    package static func target(_ locale: ReportLocale) -> String {
        switch locale {
        case .fi: "Tavoite"
        case .sv: "Mål"
        case .en: "Target"
        }
    }

    package static func municipalities(_ locale: ReportLocale) -> String {
        switch locale {
        case .fi: "kuntaa"
        case .sv: "kommuner"
        case .en: "municipalities"
        }
    }

    /// The count noun of a programme's measures: "12 toimenpidettä".
    package static func measures(_ locale: ReportLocale) -> String {
        switch locale {
        case .fi: "toimenpidettä"
        case .sv: "åtgärder"
        case .en: "measures"
        }
    }

    package static func median(_ locale: ReportLocale) -> String {
        switch locale {
        case .fi: "Mediaani"
        case .sv: "Median"
        case .en: "Median"
        }
    }

    package static func range(_ locale: ReportLocale) -> String {
        switch locale {
        case .fi: "Vaihteluväli"
        case .sv: "Variationsvidd"
        case .en: "Range"
        }
    }

    static func noData(_ locale: ReportLocale) -> String {
        switch locale {
        case .fi: "Ei tietoja"
        case .sv: "Inga uppgifter"
        case .en: "No data"
        }
    }
}
