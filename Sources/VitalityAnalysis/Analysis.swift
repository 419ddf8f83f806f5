import Foundation
import VitalityModel

/// The analysis stage (DATA.md §5): pure functions over a `Dataset`. Nothing is rounded; an
/// undefined figure is `nil`, never zero.
package enum Analysis {
    /// Indicator id of the composite vitality index in the figure table.
    package static let vitalityIndexID = "vitality_index"

    /// Two numbers within this relative distance of each other are equal for ranking
    /// (so −0.2 computed as 8.1 − 8.3 and as 8.9 − 9.1 tie).
    static let relativeTolerance = 1e-9

    /// Whether two numbers are equal within `relativeTolerance` of the larger magnitude.
    static func approximatelyEqual(_ a: Double, _ b: Double) -> Bool {
        a == b || abs(a - b) <= relativeTolerance * max(abs(a), abs(b))
    }

    /// `(to − from) / |from| × 100`; nil when `from` is zero.
    package static func percentChange(from: Double, to: Double) -> Double? {
        guard from != 0 else { return nil }
        return (to - from) / abs(from) * 100
    }

    /// The change between two consecutive values; nil when either is missing.
    /// A `level` indicator gets a percent change, a `rate` indicator percentage points.
    package static func yearlyChange(from previous: Double?, to current: Double?, kind: IndicatorKind) -> YearlyChange? {
        guard let previous, let current else { return nil }
        let absolute = current - previous
        switch kind {
        case .level:
            return YearlyChange(kind: kind, absolute: absolute, percent: percentChange(from: previous, to: current), percentagePoints: nil)
        case .rate:
            return YearlyChange(kind: kind, absolute: absolute, percent: nil, percentagePoints: absolute)
        }
    }

    /// The change of an area's indicator from `year − 1` to `year`; nil unless both years have a
    /// number (missing years are not bridged). Indicators missing from the indicator table are
    /// treated as `level`.
    package static func yearlyChange(_ dataset: Dataset, area: String, indicator: String, year: Int) -> YearlyChange? {
        yearlyChange(
            from: dataset.value(area: area, indicator: indicator, year: year - 1),
            to: dataset.value(area: area, indicator: indicator, year: year),
            kind: dataset.indicator(id: indicator)?.kind ?? .level
        )
    }

    /// `100 × value / base`; nil when either is missing or the base is zero.
    package static func index(value: Double?, base: Double?) -> Double? {
        guard let value, let base, base != 0 else { return nil }
        return 100 * value / base
    }

    /// Competition ranks, 1 = best: for `up` and `neutral` the largest value, for `down` the
    /// smallest. Values within `relativeTolerance` share the best rank of their group (1, 2, 2, 4).
    /// Non-finite values are left unranked.
    package static func ranks(_ values: [String: Double], direction: Direction) -> [String: Int] {
        let ordered = values.filter { $0.value.isFinite }.sorted { lhs, rhs in
            if lhs.value != rhs.value {
                return direction == .down ? lhs.value < rhs.value : lhs.value > rhs.value
            }
            return lhs.key < rhs.key
        }
        var result: [String: Int] = [:]
        var groupValue = 0.0
        var groupRank = 0
        for (position, entry) in ordered.enumerated() {
            if position == 0 || !approximatelyEqual(entry.value, groupValue) {
                groupValue = entry.value
                groupRank = position + 1
            }
            result[entry.key] = groupRank
        }
        return result
    }

    /// The median; the mean of the two middle values for an even count; nil when empty.
    package static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Change over a period `[from, to]`; nil when either end has no number.
    /// For `rate` indicators the percent change and CAGR stay nil and `percentagePoints` is set.
    package static func periodChange(_ dataset: Dataset, area: String, indicator: String, from: Int, to: Int) -> PeriodChange? {
        guard let start = dataset.value(area: area, indicator: indicator, year: from),
              let end = dataset.value(area: area, indicator: indicator, year: to)
        else { return nil }
        let kind = dataset.indicator(id: indicator)?.kind ?? .level
        return periodChange(from: start, to: end, years: to - from, kind: kind)
    }

    /// Change from `start` to `end` over `years` years. CAGR `(end/start)^(1/years) − 1` only when
    /// both values are positive and `years > 0`.
    package static func periodChange(from start: Double, to end: Double, years: Int, kind: IndicatorKind = .level) -> PeriodChange {
        let absolute = end - start
        switch kind {
        case .rate:
            return PeriodChange(absolute: absolute, percent: nil, percentagePoints: absolute, cagr: nil)
        case .level:
            let cagr: Double? = start > 0 && end > 0 && years > 0 ? pow(end / start, 1 / Double(years)) - 1 : nil
            return PeriodChange(absolute: absolute, percent: percentChange(from: start, to: end), percentagePoints: nil, cagr: cagr)
        }
    }
}

/// A change from one year to the next.
package struct YearlyChange: Sendable, Hashable {
    package var kind: IndicatorKind
    package var absolute: Double
    /// Percent change of a `level` indicator; nil at a zero base and for rates.
    package var percent: Double?
    /// Percentage points of a `rate` indicator; nil for levels.
    package var percentagePoints: Double?

    /// The change that is shown, ranked and standardised: percent for levels, points for rates.
    var headline: Double? {
        kind == .rate ? percentagePoints : percent
    }
}

/// A change over a period (the programme period by default).
package struct PeriodChange: Sendable, Hashable {
    package var absolute: Double
    /// Percent change of a `level` indicator; nil at a zero base and for rates.
    package var percent: Double?
    /// Percentage points of a `rate` indicator; nil for levels.
    package var percentagePoints: Double?
    /// Compound annual growth rate as a fraction (0.1 = 10 % a year); nil unless both ends are
    /// positive, and nil for rates.
    package var cagr: Double?
}
