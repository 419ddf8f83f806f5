import VitalityModel

extension Analysis {
    /// Every figure of DATA.md §5 for each area × indicator × year that has a row in the
    /// statistics (a missing-value row included), plus the `vitality_index` rows.
    ///
    /// Choices where the contract is silent:
    /// - An indicator missing from the indicator table is a `level` indicator ranked as `neutral`.
    /// - Only municipalities with a region code are ranked. A region row gets the median of its own
    ///   municipalities; the country row, and an area code not in the area list, get neither.
    /// - `vitality_index` rows: for each municipality that has an index in some year, one row for
    ///   every year in which its region has any index; plus a row for the region itself (empty
    ///   value, the median index) when the region is in the area list. The country has none.
    public static func figures(_ dataset: Dataset, options: AnalysisOptions = AnalysisOptions()) -> FigureTable {
        let regions = RegionMembership(dataset)
        var rows: [FigureRow] = []
        var keysByIndicator: [String: [(area: String, year: Int)]] = [:]
        var seen = Set<String>()
        for observation in dataset.observations {
            let key = "\(observation.indicatorID)\u{1F}\(observation.areaCode)\u{1F}\(observation.year)"
            if seen.insert(key).inserted {
                keysByIndicator[observation.indicatorID, default: []].append((observation.areaCode, observation.year))
            }
        }
        let baseYear = options.effectiveIndexBaseYear
        for (indicatorID, keys) in keysByIndicator {
            let indicator = dataset.indicator(id: indicatorID)
            let kind = indicator?.kind ?? .level
            var indicatorRows = keys.map { key -> FigureRow in
                let value = dataset.value(area: key.area, indicator: indicatorID, year: key.year)
                let change = yearlyChange(
                    from: dataset.value(area: key.area, indicator: indicatorID, year: key.year - 1), to: value, kind: kind)
                return FigureRow(
                    areaCode: key.area, areaName: dataset.area(code: key.area)?.nameFI ?? key.area,
                    indicatorID: indicatorID, year: key.year, value: value,
                    changeAbs: change?.absolute, changePct: change?.percent, changePP: change?.percentagePoints,
                    index: index(value: value, base: dataset.value(area: key.area, indicator: indicatorID, year: baseYear))
                )
            }
            fillRegionalFigures(&indicatorRows, direction: indicator?.direction ?? .neutral, regions: regions) { row in
                kind == .rate ? row.changePP : row.changePct
            }
            rows += indicatorRows
        }
        rows += vitalityRows(dataset, options: options, regions: regions)
        return FigureTable(rows: rows)
    }

    /// Sets rank, change rank, rank change and region median on rows of one indicator.
    static func fillRegionalFigures(
        _ rows: inout [FigureRow], direction: Direction, regions: RegionMembership,
        rankedChange: (FigureRow) -> Double?
    ) {
        struct RegionYear: Hashable {
            var region: String
            var year: Int
        }
        var values: [RegionYear: [String: Double]] = [:]
        var changes: [RegionYear: [String: Double]] = [:]
        for row in rows {
            guard let region = regions.rankingRegion(of: row.areaCode) else { continue }
            let key = RegionYear(region: region, year: row.year)
            if let value = row.value { values[key, default: [:]][row.areaCode] = value }
            if let change = rankedChange(row) { changes[key, default: [:]][row.areaCode] = change }
        }
        let valueRanks = values.mapValues { ranks($0, direction: direction) }
        let changeRanks = changes.mapValues { ranks($0, direction: direction) }
        let medians = values.mapValues { median(Array($0.values)) }
        for i in rows.indices {
            let code = rows[i].areaCode
            let year = rows[i].year
            if let region = regions.rankingRegion(of: code) {
                let rank = valueRanks[RegionYear(region: region, year: year)]?[code]
                let previousRank = valueRanks[RegionYear(region: region, year: year - 1)]?[code]
                rows[i].rank = rank
                rows[i].changeRank = changeRanks[RegionYear(region: region, year: year)]?[code]
                if let rank, let previousRank { rows[i].rankChange = previousRank - rank }
                rows[i].regionMedian = medians[RegionYear(region: region, year: year)] ?? nil
            } else if regions.isRegion(code) {
                rows[i].regionMedian = medians[RegionYear(region: code, year: year)] ?? nil
            }
        }
    }
}

/// Which municipalities belong to which region, from the dataset's area list.
struct RegionMembership {
    /// Municipality codes by region code, sorted.
    let municipalities: [String: [String]]
    private let regionOfMunicipality: [String: String]
    private let regionCodes: Set<String>

    init(_ dataset: Dataset) {
        var municipalities: [String: [String]] = [:]
        var regionOfMunicipality: [String: String] = [:]
        var regionCodes = Set<String>()
        for area in dataset.areas {
            switch area.kind {
            case .municipality:
                guard let region = area.regionCode, regionOfMunicipality[area.code] == nil else { continue }
                regionOfMunicipality[area.code] = region
                municipalities[region, default: []].append(area.code)
            case .region:
                regionCodes.insert(area.code)
            case .country:
                break
            }
        }
        self.municipalities = municipalities.mapValues { $0.sorted() }
        self.regionOfMunicipality = regionOfMunicipality
        self.regionCodes = regionCodes
    }

    /// The region a municipality is ranked in; nil for aggregates and unknown codes.
    func rankingRegion(of code: String) -> String? { regionOfMunicipality[code] }

    func isRegion(_ code: String) -> Bool { regionCodes.contains(code) }
}
