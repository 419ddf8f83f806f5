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
    package static func vitalityIndex(
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
    package static func zScores(_ values: [String: Double]) -> [String: Double] {
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
}
