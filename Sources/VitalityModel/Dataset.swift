/// Everything read from the input folder: areas, indicators, statistics and programme
/// measures. A plain value; lookups go through an index built once at init.
public struct Dataset: Sendable {
    public private(set) var areas: [Area]
    public private(set) var indicators: [Indicator]
    public private(set) var observations: [Observation]
    public private(set) var measures: [Measure]

    private var areaIndex: [String: Int] = [:]
    private var indicatorIndex: [String: Int] = [:]
    private var valueIndex: [ObservationKey: Int] = [:]

    private struct ObservationKey: Hashable {
        var area: String
        var indicator: String
        var year: Int
    }

    /// Builds the dataset. When two observations share area, indicator and year, the first wins
    /// (readers report such duplicates as diagnostics before this point).
    public init(areas: [Area], indicators: [Indicator], observations: [Observation], measures: [Measure] = []) {
        self.areas = areas
        self.indicators = indicators
        self.observations = observations
        self.measures = measures
        for (i, area) in areas.enumerated() where areaIndex[area.code] == nil { areaIndex[area.code] = i }
        for (i, indicator) in indicators.enumerated() where indicatorIndex[indicator.id] == nil {
            indicatorIndex[indicator.id] = i
        }
        for (i, observation) in observations.enumerated() {
            let key = ObservationKey(area: observation.areaCode, indicator: observation.indicatorID, year: observation.year)
            if valueIndex[key] == nil { valueIndex[key] = i }
        }
    }

    public func area(code: String) -> Area? { areaIndex[code].map { areas[$0] } }
    public func indicator(id: String) -> Indicator? { indicatorIndex[id].map { indicators[$0] } }

    /// The observed cell (number or missing symbol), nil when the files have no such row.
    public func observed(area: String, indicator: String, year: Int) -> ObservedValue? {
        valueIndex[ObservationKey(area: area, indicator: indicator, year: year)].map { observations[$0].value }
    }

    /// The number for an area, indicator and year; nil when missing or absent.
    public func value(area: String, indicator: String, year: Int) -> Double? {
        observed(area: area, indicator: indicator, year: year)?.number
    }

    /// All years that have at least one observation, ascending.
    public var years: [Int] { Array(Set(observations.map(\.year))).sorted() }

    /// Years with at least one observation of the indicator, ascending.
    public func years(indicator: String) -> [Int] {
        Array(Set(observations.lazy.filter { $0.indicatorID == indicator }.map(\.year))).sorted()
    }

    /// Municipalities of a region, in code order (aggregates excluded).
    public func municipalities(region: String) -> [Area] {
        areas.filter { $0.kind == .municipality && $0.regionCode == region }.sorted { $0.code < $1.code }
    }

    /// Indicator ids that have observations but no row in the indicator table, sorted.
    public var unlistedIndicatorIDs: [String] {
        Set(observations.map(\.indicatorID)).filter { indicatorIndex[$0] == nil }.sorted()
    }
}
