import VitalityAnalysis
import VitalityScene

/// `figures.csv` (DATA.md §7): every computed figure, comma separated, `.` decimals at full
/// precision, empty where undefined, rows in the table's order (indicator, area code, year).
public enum FiguresCSV {
    public static let header =
        "area_code,area,indicator,year,value,change_abs,change_pct,change_pp,index,rank,change_rank,rank_change,region_median"

    public static func render(_ table: FigureTable) -> String {
        var lines = [header]
        lines.reserveCapacity(table.rows.count + 1)
        for row in table.rows {
            let cells: [String] = [
                quoted(row.areaCode), quoted(row.areaName), quoted(row.indicatorID), String(row.year),
                number(row.value), number(row.changeAbs), number(row.changePct), number(row.changePP),
                number(row.index), integer(row.rank), integer(row.changeRank), integer(row.rankChange),
                number(row.regionMedian),
            ]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Full precision, no exponent, no trailing `.0`: the shortest text that reads back as the
    /// same Double.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        let shortest = String(describing: value)
        guard shortest.contains("e") else { return shortest }
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
