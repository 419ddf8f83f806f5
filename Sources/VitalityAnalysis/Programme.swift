import VitalityModel

/// How far a measure has come from its baseline towards its target by a given year.
package struct TargetAttainment: Sendable, Hashable {
    /// Year of the actual value used: the latest at or before the asked year.
    package var actualYear: Int
    package var actual: Double
    /// `(actual − baseline) / (target − baseline) × 100`; works for goals below the baseline too.
    package var percent: Double
    /// Share of the baseline-to-target period elapsed by the asked year, 0…100.
    package var elapsedShare: Double
    /// Attainment at least the elapsed share (within `Analysis.relativeTolerance`).
    package var onTrack: Bool
}

/// One municipality in the "most improved vitality position" list.
package struct MostImprovedEntry: Sendable, Hashable {
    package var areaCode: String
    package var areaName: String
    package var rank: Int
    /// `rank(y−1) − rank(y)` of the vitality index.
    package var rankChange: Int
    package var index: Double
    /// `index(y) − index(y−1)`; nil when last year's index is missing.
    var indexChange: Double?
}

extension Analysis {
    /// Target attainment of a measure in `year`, using the latest actual at or before `year`.
    /// nil when the baseline, baseline year, target, target year or such an actual is missing,
    /// when the target equals the baseline, or when the target year is not after the baseline year.
    package static func targetAttainment(_ measure: Measure, year: Int) -> TargetAttainment? {
        guard let baseline = measure.baseline, let baselineYear = measure.baselineYear,
              let target = measure.target, let targetYear = measure.targetYear,
              target != baseline, targetYear > baselineYear,
              let actualYear = measure.actuals.keys.filter({ $0 <= year }).max(),
              let actual = measure.actuals[actualYear]
        else { return nil }
        let percent = (actual - baseline) / (target - baseline) * 100
        let elapsed = Double(year - baselineYear) / Double(targetYear - baselineYear) * 100
        let elapsedShare = min(100, max(0, elapsed))
        let onTrack = percent >= elapsedShare || approximatelyEqual(percent, elapsedShare)
        return TargetAttainment(actualYear: actualYear, actual: actual, percent: percent, elapsedShare: elapsedShare, onTrack: onTrack)
    }

    /// The region's municipalities that have a vitality-index rank change in `year`, largest rank
    /// change first; ties go to the larger index change (a missing change last), then the better
    /// rank, then the area code.
    package static func mostImproved(_ table: FigureTable, region: String, year: Int, dataset: Dataset) -> [MostImprovedEntry] {
        let members = Set(RegionMembership(dataset).municipalities[region] ?? [])
        let entries = table.rows(indicator: vitalityIndexID, year: year).compactMap { row -> MostImprovedEntry? in
            guard members.contains(row.areaCode), let rank = row.rank, let rankChange = row.rankChange,
                  let index = row.value
            else { return nil }
            return MostImprovedEntry(
                areaCode: row.areaCode, areaName: row.areaName, rank: rank, rankChange: rankChange,
                index: index, indexChange: row.changeAbs)
        }
        return entries.sorted { lhs, rhs in
            if lhs.rankChange != rhs.rankChange { return lhs.rankChange > rhs.rankChange }
            switch (lhs.indexChange, rhs.indexChange) {
            case let (left?, right?) where !approximatelyEqual(left, right): return left > right
            case (.some, nil): return true
            case (nil, .some): return false
            default: break
            }
            if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
            return lhs.areaCode < rhs.areaCode
        }
    }
}
