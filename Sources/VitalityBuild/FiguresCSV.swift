import VitalityAnalysis
import VitalityScene

/// `figures.csv` (DATA.md §7): every computed figure, comma separated, `.` decimals at full
/// precision, empty where undefined, rows in the table's order (indicator, area code, year).
public enum FiguresCSV {
    public static let header =
        "area_code,area,indicator,year,value,change_abs,change_pct,change_pp,index,rank,change_rank,rank_change,region_median"

    public static func render(_ table: FigureTable) -> String {
        String(decoding: bytes(table), as: UTF8.self)
    }

    /// The file's bytes: area and indicator cells encoded once each, numbers written straight
    /// into the buffer (`appendNumber`), no string per cell.
    public static func bytes(_ table: FigureTable) -> [UInt8] {
        let areaCells = zip(table.areaCodes, table.areaNames).map { Array("\(quoted($0)),\(quoted($1)),".utf8) }
        let indicatorCells = table.indicatorIDs.map { Array("\(quoted($0)),".utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(64 + table.count * 64)
        out.append(contentsOf: header.utf8)
        out.append(newline)
        table.forEachRecord { record in
            out.append(contentsOf: areaCells[record.area])
            out.append(contentsOf: indicatorCells[record.indicator])
            appendInteger(Int64(record.year), to: &out)
            out.append(comma)
            appendNumber(record.value, to: &out)
            out.append(comma)
            appendNumber(record.changeAbs, to: &out)
            out.append(comma)
            appendNumber(record.changePct, to: &out)
            out.append(comma)
            appendNumber(record.changePP, to: &out)
            out.append(comma)
            appendNumber(record.index, to: &out)
            out.append(comma)
            if let rank = record.rank { appendInteger(Int64(rank), to: &out) }
            out.append(comma)
            if let rank = record.changeRank { appendInteger(Int64(rank), to: &out) }
            out.append(comma)
            if let change = record.rankChange { appendInteger(Int64(change), to: &out) }
            out.append(comma)
            appendNumber(record.regionMedian, to: &out)
            out.append(newline)
        }
        return out
    }

    private static let comma = UInt8(ascii: ",")
    private static let newline = UInt8(ascii: "\n")

    /// Full precision, no exponent, no trailing `.0`: the shortest text that reads back as the
    /// same Double.
    static func number(_ value: Double?) -> String {
        var out: [UInt8] = []
        appendNumber(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `number(value)`. Integers below 10^15 are written as integers; other numbers
    /// are the shortest decimal that reads back as the same Double, without exponent: found as
    /// the fewest fraction digits k for which an integer m has `Double(m) / 10^k == value`
    /// exactly (that decimal is then the only one with k digits that reads back, and so the
    /// shortest). Numbers whose digits do not fit that search (below 10^−5 or with m beyond
    /// 2^53) take `String(describing:)` and are rewritten without exponent, as before.
    static func appendNumber(_ value: Double?, to out: inout [UInt8]) {
        guard let value, value.isFinite else { return }
        if value == value.rounded() {
            // From 10^15 on, whole numbers keep the description's form (`1000000000000000.0`).
            if abs(value) < 1e15 {
                appendInteger(Int64(value), to: &out)
            } else {
                out.append(contentsOf: describedWithoutExponent(value).utf8)
            }
            return
        }
        if let (mantissa, digits) = shortestDecimal(value) {
            appendDecimal(mantissa: mantissa, fractionDigits: digits, to: &out)
        } else {
            out.append(contentsOf: describedWithoutExponent(value).utf8)
        }
    }

    /// Powers of ten that are exact Doubles.
    private static let powers: [Double] = (0...22).map { exponent in
        var power = 1.0
        for _ in 0..<exponent { power *= 10 }
        return power
    }

    /// Limit of an exact integer mantissa (2^53).
    private static let mantissaLimit = 9_007_199_254_740_992.0

    /// The unique integer m with `Double(m) / 10^k == value` among the three nearest to
    /// `value × 10^k`: nil when none reads back, `.ambiguous` when two do.
    private enum Candidate {
        case none
        case found(Int64)
        case ambiguous
        case outOfRange
    }

    private static func candidate(_ value: Double, digits k: Int) -> Candidate {
        let power = powers[k]
        let scaled = value * power
        guard abs(scaled) < mantissaLimit - 4 else { return .outOfRange }
        // |m − value·10^k| < 1 for any m that reads back, so m is within one of the rounding.
        let nearest = Int64(scaled.rounded())
        var found: Int64?
        var m = nearest - 1
        while m <= nearest + 1 {
            if Double(m) / power == value {
                if found != nil { return .ambiguous }
                found = m
            }
            m += 1
        }
        return found.map(Candidate.found) ?? .none
    }

    /// The fewest fraction digits (at most 21) and their integer mantissa; nil when the fast
    /// search cannot decide.
    static func shortestDecimal(_ value: Double) -> (Int64, Int)? {
        let magnitude = abs(value)
        guard magnitude >= 1e-5 else { return nil }
        var high = 21
        while high > 0, magnitude * powers[high] >= mantissaLimit - 4 { high -= 1 }
        guard case .found = candidate(value, digits: high) else { return nil }
        // A decimal that reads back with k digits also does with k + 1 (a zero appended), so
        // the fewest is found by bisection over k.
        var low = 0
        while low < high {
            let middle = (low + high) / 2
            switch candidate(value, digits: middle) {
            case .found: high = middle
            case .none: low = middle + 1
            case .ambiguous, .outOfRange: return nil
            }
        }
        guard case .found(let mantissa) = candidate(value, digits: high) else { return nil }
        return (mantissa, high)
    }

    /// Writes `mantissa / 10^fractionDigits` as a plain decimal (`-0.00015`, `12.5`).
    private static func appendDecimal(mantissa: Int64, fractionDigits: Int, to out: inout [UInt8]) {
        if mantissa < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = mantissa.magnitude
        // The mantissa is below 2^53 < 10^16, so from 16 fraction digits on it is all fraction.
        var scale: UInt64 = 1
        for _ in 0..<Swift.min(fractionDigits, 16) { scale *= 10 }
        appendDigits(fractionDigits >= 16 ? 0 : magnitude / scale, minimumCount: 1, to: &out)
        if fractionDigits > 0 {
            out.append(UInt8(ascii: "."))
            appendDigits(fractionDigits >= 16 ? magnitude : magnitude % scale, minimumCount: fractionDigits, to: &out)
        }
    }

    /// Decimal digits of `value`, zero-padded on the left to `minimumCount`.
    private static func appendDigits(_ value: UInt64, minimumCount: Int, to out: inout [UInt8]) {
        let start = out.count
        var rest = value
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10))
            rest /= 10
        } while rest > 0
        while out.count - start < minimumCount { out.append(UInt8(ascii: "0")) }
        out[start...].reverse()
    }

    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude, minimumCount: 1, to: &out)
    }

    /// The description of a Double, rewritten without exponent: what `figures.csv` always held.
    static func describedWithoutExponent(_ value: Double) -> String {
        let shortest = String(describing: value)
        // A byte scan: `String.contains("e")` goes through Foundation's string search, which
        // took a third of writing figures.csv for 4.6 M rows.
        guard shortest.utf8.contains(UInt8(ascii: "e")) else { return shortest }
        return plainDecimal(shortest)
    }

    /// Rewrites `1.5e-05` as `0.000015` (and `1.5e+20` as digits) without losing digits.
    private static func plainDecimal(_ scientific: String) -> String {
        let parts = scientific.split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1]) else { return scientific }
        var mantissa = String(parts[0])
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        let pieces = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integerDigits = String(pieces[0])
        let fractionDigits = pieces.count > 1 ? String(pieces[1]) : ""
        let digits = integerDigits + fractionDigits
        let point = integerDigits.count + exponent
        var result: String
        if point <= 0 {
            result = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            result = digits + String(repeating: "0", count: point - digits.count)
        } else {
            let index = digits.index(digits.startIndex, offsetBy: point)
            result = digits[..<index] + "." + digits[index...]
        }
        return (negative ? "-" : "") + result
    }

    static func integer(_ value: Int?) -> String {
        value.map(String.init) ?? ""
    }

    /// A text cell by the rule all of Vitality's CSV files share (`CSVField`).
    static func quoted(_ text: String) -> String {
        CSVField.encode(text)
    }
}
