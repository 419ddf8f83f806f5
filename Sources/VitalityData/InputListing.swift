import VitalityModel

/// The text of `vitality list areas|indicators|years|files`: what was read from an input folder,
/// so a user can see that their files were understood. Pure; rows in a stable order.
package enum InputListing {
    /// What to list.
    package enum Subject: String, Sendable, CaseIterable {
        case areas
        case indicators
        case years
        case files
    }

    package static func render(_ result: InputReadResult, _ subject: Subject) -> String {
        let rows: [[String]]
        switch subject {
        case .files: return files(result.files)
        case .areas: rows = areas(result.dataset)
        case .indicators: rows = indicators(result.dataset)
        case .years: rows = years(result.dataset)
        }
        return table(rows)
    }

    static func files(_ files: [InputFileSummary]) -> String {
        files.map { file in
            var lines = ["\(file.path)"]
            lines.append("  kind: \(file.kind.rawValue), layout: \(file.layout)")
            let decimal = file.decimalSeparator.map { "`\($0)`" } ?? "-"
            if let sheet = file.sheet {
                lines.append("  format: \(file.format), sheet: `\(sheet)`, decimal separator: \(decimal)")
            } else {
                lines.append("  format: \(file.format), encoding: \(file.encoding), delimiter: \(delimiterName(file.delimiter)), decimal separator: \(decimal)")
            }
            let years = file.years.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" } ?? "-"
            lines.append("  rows: \(file.rows), areas: \(file.areas), indicators: \(file.indicators), years: \(years)")
            return lines.joined(separator: "\n") + "\n"
        }.joined()
    }

    static func delimiterName(_ delimiter: Character?) -> String {
        switch delimiter {
        case nil: return "-"
        case "\t": return "TAB"
        case " ": return "space"
        case let delimiter?: return "`\(delimiter)`"
        }
    }

    private static func span(_ years: [Int]) -> String {
        guard let low = years.min(), let high = years.max() else { return "-" }
        return low == high ? "\(low)" : "\(low)–\(high)"
    }

    /// Areas with at least one observation: code, name, kind, region, observations, years, and
    /// where the area is defined (`catalogue`, `areas.csv`, or the statistics file that placed it).
    static func areas(_ dataset: Dataset) -> [[String]] {
        var count: [String: Int] = [:]
        var years: [String: Set<Int>] = [:]
        for observation in dataset.observations {
            count[observation.areaCode, default: 0] += 1
            years[observation.areaCode, default: []].insert(observation.year)
        }
        let header = ["code", "name", "kind", "region", "observations", "years", "source"]
        return [header] + dataset.areas.filter { count[$0.code] != nil }.map { area in
            var kind = area.kind.rawValue
            if let abolished = area.abolishedYear { kind += " (merged \(abolished))" }
            let source: String
            switch area.origin {
            case .catalogue: source = "catalogue"
            case .areaTable: source = "areas.csv"
            case .statistics(let path): source = "statistics/" + (path.split(separator: "/").last.map(String.init) ?? path)
            }
            return [area.code, area.nameFI, kind, area.regionCode ?? "-", "\(count[area.code] ?? 0)",
                    span(Array(years[area.code] ?? [])), source]
        }
    }

    /// Indicators with observations, in the indicator table's order, then unlisted labels.
    static func indicators(_ dataset: Dataset) -> [[String]] {
        var count: [String: Int] = [:]
        var years: [String: Set<Int>] = [:]
        for observation in dataset.observations {
            count[observation.indicatorID, default: 0] += 1
            years[observation.indicatorID, default: []].insert(observation.year)
        }
        let header = ["id", "label", "unit", "observations", "years"]
        let listed = dataset.indicators.map { indicator in
            [indicator.id, indicator.labelFI, indicator.unit.isEmpty ? "-" : indicator.unit,
             "\(count[indicator.id] ?? 0)", span(Array(years[indicator.id] ?? []))]
        }
        let unlisted = dataset.unlistedIndicatorIDs.map { id in
            [id, "(not in indicators.csv)", "-", "\(count[id] ?? 0)", span(Array(years[id] ?? []))]
        }
        return [header] + listed + unlisted
    }

    /// Years with observations: year, observations, areas, indicators.
    static func years(_ dataset: Dataset) -> [[String]] {
        var count: [Int: Int] = [:]
        var areas: [Int: Set<String>] = [:]
        var indicators: [Int: Set<String>] = [:]
        for observation in dataset.observations {
            count[observation.year, default: 0] += 1
            areas[observation.year, default: []].insert(observation.areaCode)
            indicators[observation.year, default: []].insert(observation.indicatorID)
        }
        let header = ["year", "observations", "areas", "indicators"]
        return [header] + count.keys.sorted().map { year in
            ["\(year)", "\(count[year] ?? 0)", "\(areas[year]?.count ?? 0)", "\(indicators[year]?.count ?? 0)"]
        }
    }

    /// Left-aligned columns separated by two spaces; trailing spaces trimmed.
    static func table(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = Array(repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                line += cell
                if index < row.count - 1 { line += String(repeating: " ", count: widths[index] - cell.count + 2) }
            }
            return line + "\n"
        }.joined()
    }
}
