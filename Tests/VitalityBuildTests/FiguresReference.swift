import Foundation
import VitalityTestSupport
@testable import VitalityAnalysis
import VitalityModel
import VitalityScene

/// The analysis and `figures.csv` writer as they were before the columnar rewrite (issue 12),
/// kept as a test oracle: per-row dictionaries and string keys, `String(describing:)` numbers.
/// The new implementation must give the same bytes.
enum ReferenceFigures {
    static func figures(_ dataset: Dataset, options: AnalysisOptions = AnalysisOptions()) -> [FigureRow] {
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
                let change = Analysis.yearlyChange(
                    from: dataset.value(area: key.area, indicator: indicatorID, year: key.year - 1), to: value, kind: kind)
                return FigureRow(
                    areaCode: key.area, areaName: dataset.area(code: key.area)?.nameFI ?? key.area,
                    indicatorID: indicatorID, year: key.year, value: value,
                    changeAbs: change?.absolute, changePct: change?.percent, changePP: change?.percentagePoints,
                    index: Analysis.index(value: value, base: dataset.value(area: key.area, indicator: indicatorID, year: baseYear))
                )
            }
            fillRegionalFigures(&indicatorRows, direction: indicator?.direction ?? .neutral, regions: regions) { row in
                kind == .rate ? row.changePP : row.changePct
            }
            rows += indicatorRows
        }
        rows += vitalityRows(dataset, options: options, regions: regions)
        return rows.sorted {
            ($0.indicatorID, $0.areaCode, $0.year) < ($1.indicatorID, $1.areaCode, $1.year)
        }
    }

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
        let valueRanks = values.mapValues { Analysis.ranks($0, direction: direction) }
        let changeRanks = changes.mapValues { Analysis.ranks($0, direction: direction) }
        let medians = values.mapValues { Analysis.median(Array($0.values)) }
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

    static func vitalityRows(_ dataset: Dataset, options: AnalysisOptions, regions: RegionMembership) -> [FigureRow] {
        var rows: [FigureRow] = []
        for (region, municipalities) in regions.municipalities {
            var indexByYear: [Int: [String: Double]] = [:]
            for year in dataset.years {
                let indexes = Analysis.vitalityIndex(
                    dataset, municipalities: municipalities, year: year, components: options.vitalityComponents)
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
                        indicatorID: Analysis.vitalityIndexID, year: year, value: value, changeAbs: changeAbs))
                }
                if let regionArea = dataset.area(code: region), regionArea.kind == .region {
                    regionRows.append(FigureRow(
                        areaCode: region, areaName: regionArea.nameFI, indicatorID: Analysis.vitalityIndexID, year: year, value: nil))
                }
            }
            fillRegionalFigures(&regionRows, direction: .up, regions: regions) { $0.changeAbs }
            rows += regionRows
        }
        return rows
    }

    static let header =
        "area_code,area,indicator,year,value,change_abs,change_pct,change_pp,index,rank,change_rank,rank_change,region_median"

    static func render(_ rows: [FigureRow]) -> String {
        var lines = [header]
        for row in rows {
            let cells: [String] = [
                CSVField.encode(row.areaCode), CSVField.encode(row.areaName), CSVField.encode(row.indicatorID), String(row.year),
                number(row.value), number(row.changeAbs), number(row.changePct), number(row.changePP),
                number(row.index), integer(row.rank), integer(row.changeRank), integer(row.rankChange),
                number(row.regionMedian),
            ]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        var shortest = String(describing: value)
        // Whole numbers from 10^15 to 2^53, which `description` ends in ".0", are written
        // like every other whole number, without it.
        if shortest.hasSuffix(".0") { shortest.removeLast(2) }
        guard shortest.contains("e") else { return shortest }
        return plainDecimal(shortest)
    }

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
}
