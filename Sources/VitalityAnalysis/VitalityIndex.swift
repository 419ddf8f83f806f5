import Foundation
import VitalityModel

extension Analysis {
    /// The composite vitality index of a region's municipalities in one year, by area code.
    ///
    /// Each component is the yearly change of its indicator (percent for `level`, percentage points
    /// for `rate`) standardised as a z-score with the population standard deviation; the sign is
    /// flipped for `down` indicators. A municipality missing any component's change gets no index,
    /// and the standardisation runs over the region's municipalities that have every component
    /// (so one incomplete municipality does not shift the others' scores on some components only).
    /// When the changes do not vary (standard deviation zero, or within `relativeTolerance` of the
    /// largest magnitude) every z-score is 0. The index is the weighted mean of the z-scores.
    /// With no components or a zero total weight nobody gets an index.
    public static func vitalityIndex(
        _ dataset: Dataset, region: String, year: Int, components: [VitalityComponent]
    ) -> [String: Double] {
        vitalityIndex(dataset, municipalities: RegionMembership(dataset).municipalities[region] ?? [], year: year, components: components)
    }

    static func vitalityIndex(
        _ dataset: Dataset, municipalities: [String], year: Int, components: [VitalityComponent]
    ) -> [String: Double] {
        let totalWeight = components.reduce(0) { $0 + $1.weight }
        guard !components.isEmpty, totalWeight != 0 else { return [:] }
        var changes: [[String: Double]] = []
        var complete = Set(municipalities)
        for component in components {
            var componentChanges: [String: Double] = [:]
            for code in complete {
                if let change = yearlyChange(dataset, area: code, indicator: component.indicatorID, year: year)?.headline {
                    componentChanges[code] = change
                }
            }
            complete = Set(componentChanges.keys)
            changes.append(componentChanges)
        }
        guard !complete.isEmpty else { return [:] }
        var weightedSums = Dictionary(uniqueKeysWithValues: complete.map { ($0, 0.0) })
        for (component, componentChanges) in zip(components, changes) {
            let flipped = dataset.indicator(id: component.indicatorID)?.direction == .down
            let scores = zScores(componentChanges.filter { complete.contains($0.key) })
            for (code, score) in scores {
                weightedSums[code, default: 0] += component.weight * (flipped ? -score : score)
            }
        }
        return weightedSums.mapValues { $0 / totalWeight }
    }

    /// z-scores with the population standard deviation; all 0 when the values do not vary.
    /// Sums run in key order so the result is the same bit for bit on every run.
    public static func zScores(_ values: [String: Double]) -> [String: Double] {
        guard !values.isEmpty else { return [:] }
        let ordered = values.sorted { $0.key < $1.key }.map(\.value)
        let count = Double(ordered.count)
        let mean = ordered.reduce(0, +) / count
        let variance = ordered.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
        let sd = variance.squareRoot()
        let largest = ordered.map(abs).max() ?? 0
        guard sd > relativeTolerance * largest, sd > 0 else { return values.mapValues { _ in 0 } }
        return values.mapValues { ($0 - mean) / sd }
    }

    /// The `vitality_index` rows (see `figures`), ranked as direction `up`, change rank on `change_abs`.
    static func vitalityRows(_ dataset: Dataset, options: AnalysisOptions, regions: RegionMembership) -> [FigureRow] {
        var rows: [FigureRow] = []
        for (region, municipalities) in regions.municipalities {
            var indexByYear: [Int: [String: Double]] = [:]
            for year in dataset.years {
                let indexes = vitalityIndex(dataset, municipalities: municipalities, year: year, components: options.vitalityComponents)
                if !indexes.isEmpty { indexByYear[year] = indexes }
            }
            guard !indexByYear.isEmpty else { continue }
            let indexed = Set(indexByYear.values.flatMap(\.keys))
            var regionRows: [FigureRow] = []
            for year in indexByYear.keys.sorted() {
                for code in municipalities where indexed.contains(code) {
                    let value = indexByYear[year]?[code]
                    var changeAbs: Double?
                    if let value, let previous = indexByYear[year - 1]?[code] { changeAbs = value - previous }
                    regionRows.append(FigureRow(
                        areaCode: code, areaName: dataset.area(code: code)?.nameFI ?? code,
                        indicatorID: vitalityIndexID, year: year, value: value, changeAbs: changeAbs))
                }
                if let regionArea = dataset.area(code: region), regionArea.kind == .region {
                    regionRows.append(FigureRow(
                        areaCode: region, areaName: regionArea.nameFI, indicatorID: vitalityIndexID, year: year, value: nil))
                }
            }
            fillRegionalFigures(&regionRows, direction: .up, regions: regions) { $0.changeAbs }
            rows += regionRows
        }
        return rows
    }
}
