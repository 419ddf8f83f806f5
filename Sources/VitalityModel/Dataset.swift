/// Everything read from the input folder: areas, indicators, statistics and programme
/// measures. A plain value; observations live in a columnar `ObservationStore`, which is also
/// the index for lookups by area, indicator and year.
package struct Dataset: Sendable {
    package private(set) var areas: [Area]
    package private(set) var indicators: [Indicator]
    /// Every observation, in the order read; a collection of `Observation` values.
    package private(set) var observations: ObservationStore
    package private(set) var measures: [Measure]

    private var areaIndex: [String: Int] = [:]
    private var indicatorIndex: [String: Int] = [:]

    /// Builds the dataset. When two observations share area, indicator and year, the first wins
    /// (readers report such duplicates as diagnostics before this point).
    package init(areas: [Area], indicators: [Indicator], observations: some Sequence<Observation>, measures: [Measure] = []) {
        self.init(areas: areas, indicators: indicators, store: ObservationStore(observations), measures: measures)
    }

    /// Builds the dataset around observations already stored by a reader.
    package init(areas: [Area], indicators: [Indicator], store: ObservationStore, measures: [Measure] = []) {
        self.areas = areas
        self.indicators = indicators
        self.observations = store
        self.measures = measures
        for (i, area) in areas.enumerated() where areaIndex[area.code] == nil { areaIndex[area.code] = i }
        for (i, indicator) in indicators.enumerated() where indicatorIndex[indicator.id] == nil {
            indicatorIndex[indicator.id] = i
        }
    }

    package func area(code: String) -> Area? { areaIndex[code].map { areas[$0] } }
    package func indicator(id: String) -> Indicator? { indicatorIndex[id].map { indicators[$0] } }

    /// The observed cell (number or missing symbol), nil when the files have no such row.
    package func observed(area: String, indicator: String, year: Int) -> ObservedValue? {
        observations.row(area: area, indicator: indicator, year: year).map { observations.value(row: $0) }
    }

    /// The number for an area, indicator and year; nil when missing or absent.
    package func value(area: String, indicator: String, year: Int) -> Double? {
        observed(area: area, indicator: indicator, year: year)?.number
    }

    /// All years that have at least one observation, ascending.
    package var years: [Int] { observations.years }

    /// Years with at least one observation of the indicator, ascending.
    package func years(indicator: String) -> [Int] { observations.years(indicator: indicator) }

    /// Municipalities of a region, in code order (aggregates excluded).
    package func municipalities(region: String) -> [Area] {
        areas.filter { $0.kind == .municipality && $0.regionCode == region }.sorted { $0.code < $1.code }
    }

    /// Indicator ids that have observations but no row in the indicator table, sorted.
    package var unlistedIndicatorIDs: [String] {
        observations.indicatorsWithRows.filter { indicatorIndex[$0] == nil }.sorted()
    }
}
