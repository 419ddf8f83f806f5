import Foundation

/// A linear scale from a data domain to a drawing range, its domain widened to nice tick
/// values (1, 2, 2.5 or 5 × 10ⁿ).
struct NiceScale: Sendable, Hashable {
    /// The nice domain, from the first tick to the last.
    var lower: Double
    var upper: Double
    /// Distance between ticks.
    var step: Double
    var ticks: [Double]

    /// A scale over the finite values given; `includeZero` keeps the zero baseline of bars.
    /// With no values the domain is 0…1; all-equal values get a domain around them.
    init(values: [Double?], includeZero: Bool, targetTickCount: Int = 6, minimumStep: Double = 0) {
        let finite = values.compactMap { $0 }.filter(\.isFinite)
        var low = finite.min() ?? 0
        var high = finite.max() ?? (includeZero ? 0 : 1)
        if includeZero {
            low = Swift.min(low, 0)
            high = Swift.max(high, 0)
        }
        if high - low <= Swift.max(abs(high), abs(low)) * 1e-12 {
            if low == 0 && high == 0 {
                high = 1
            } else if includeZero {
                // One side is zero, so the span is the value itself.
                if low < 0 { high = 0 } else { low = 0 }
            } else {
                let margin = abs(low) * 0.1
                low -= margin
                high += margin
            }
        }
        let intervals = Double(Swift.max(1, targetTickCount - 1))
        let step = Swift.max(Self.niceStep(atLeast: (high - low) / intervals), minimumStep)
        let first = (low / step + 1e-9).rounded(.down)
        let last = (high / step - 1e-9).rounded(.up)
        let decimals = Self.decimals(for: step)
        let factor = pow(10, Double(decimals))
        ticks = stride(from: first, through: last, by: 1).map { (($0 * step) * factor).rounded() / factor }
        if ticks.count < 2 { ticks = [first * step, (first + 1) * step] }
        self.step = step
        lower = ticks.first ?? 0
        upper = ticks.last ?? 1
    }

    /// The smallest of 1, 2, 2.5, 5 × 10ⁿ that is at least `raw`.
    static func niceStep(atLeast raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for multiple in [1.0, 2, 2.5, 5, 10] where multiple * magnitude >= raw * (1 - 1e-9) {
            return multiple * magnitude
        }
        return 10 * magnitude
    }

    /// Decimals needed to show every tick of a step exactly (2.5 → 1, 0.25 → 2, 1000 → 0).
    static func decimals(for step: Double) -> Int {
        var decimals = 0
        var scaled = step
        while decimals < 12 && abs(scaled - scaled.rounded()) > 1e-9 * Swift.max(1, abs(scaled)) {
            scaled *= 10
            decimals += 1
        }
        return decimals
    }

    var tickDecimals: Int { Self.decimals(for: step) }

    /// Position of `value` in a range where `lower` maps to `start` and `upper` to `end`
    /// (pass `start > end` for an upward y axis).
    func position(_ value: Double, start: Double, end: Double) -> Double {
        let span = upper - lower
        guard span > 0 else { return start }
        return start + (value - lower) / span * (end - start)
    }
}
