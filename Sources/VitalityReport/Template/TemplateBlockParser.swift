import Foundation
import VitalityModel
import VitalityScene
import Yams

/// The `blocks:` of a template: each block kind and its keys, charts with their settings.
extension TemplateParser {
    private static let blockKinds = [
        "cover", "heading", "heading1", "heading2", "heading3", "paragraph", "kpis", "chart",
        "measures", "figures", "most_improved", "page_break", "contents", "include", "programme",
    ]

    mutating func parseBlock(_ node: Node) -> TemplateBlock? {
        let location = self.location(of: node)
        let kind: String
        let value: Node?
        switch node {
        case .scalar(let scalar):
            kind = scalar.string
            value = nil
        case .mapping(let mapping) where mapping.count == 1:
            guard let first = mapping.first, let key = first.key.string else { return nil }
            kind = key
            value = first.value
        default:
            error("template.block", "Each block must be one key such as `heading: Asuminen` or a word such as `page_break`.", at: node)
            return nil
        }
        switch kind {
        case "cover": return .cover(location: location)
        case "contents":
            var title = Vocabulary(locale: locale).contents
            var levels = 2
            if let value, case .mapping(let mapping) = value {
                if let text = string(mapping["title"], key: "title") { title = text }
                if let levelNode = mapping["levels"] {
                    if let count = Self.integer(levelNode), (1...3).contains(count) {
                        levels = count
                    } else {
                        error("template.levels", "`levels` must be 1, 2 or 3.", at: levelNode)
                    }
                }
            } else if let value, let text = string(value, key: "contents"), !text.isEmpty {
                title = text
            }
            return .contents(title: title, levels: levels, location: location)
        case "page_break": return .pageBreak(location: location)
        case "programme":
            guard let value, case .sequence = value else {
                error("template.programme-section", "`programme` needs a list of blocks: the parts of the report about the programme.", at: value ?? node)
                return nil
            }
            return .programme(blocks: parseBlocks(value), location: location)
        case "most_improved": return .mostImproved(location: location)
        case "heading", "heading1", "heading2", "heading3":
            let level = kind == "heading" ? 1 : Int(String(kind.last ?? "1")) ?? 1
            guard let text = string(value, key: kind, required: true) else { return nil }
            return .heading(text: text, level: level, location: location)
        case "paragraph":
            guard let text = string(value, key: kind, required: true) else { return nil }
            return .paragraph(text: text.trimmingCharacters(in: .whitespacesAndNewlines), location: location)
        case "kpis":
            guard let list = stringList(value, key: kind) else { return nil }
            return .kpis(indicators: list, location: location)
        case "chart":
            return parseChart(value, location: location).map(TemplateBlock.chart)
        case "measures":
            var theme: String?
            var status: MeasureStatus?
            if let value, case .mapping(let mapping) = value {
                theme = string(mapping["theme"], key: "theme")
                if let statusText = string(mapping["status"], key: "status") {
                    status = MeasureStatus(rawValue: statusText)
                    if status == nil {
                        error(
                            "template.status",
                            "Unknown status `\(statusText)`; expected one of \(MeasureStatus.allCases.map(\.rawValue).joined(separator: ", ")).",
                            at: mapping["status"])
                    }
                }
            } else if let value, let text = value.string, !text.isEmpty {
                theme = text
            }
            return .measures(theme: theme, status: status, location: location)
        case "figures":
            guard let value, case .mapping(let mapping) = value else {
                error("template.figures", "`figures` needs a mapping with `indicators` (a list) and optional `columns`.", at: value ?? node)
                return nil
            }
            guard let indicators = stringList(mapping["indicators"], key: "indicators") else { return nil }
            var columns: [FigureColumn] = [.value, .change, .regionMedian, .rank, .rankChange]
            if let columnNames = mapping["columns"].flatMap({ stringList($0, key: "columns") }) {
                columns = []
                for name in columnNames {
                    if let column = FigureColumn(rawValue: name) {
                        columns.append(column)
                    } else {
                        error(
                            "template.column", "Unknown column `\(name)`; expected one of \(FigureColumn.allCases.map(\.rawValue).joined(separator: ", ")).",
                            at: mapping["columns"])
                    }
                }
            }
            return .figures(indicators: indicators, columns: columns, location: location)
        default:
            error("template.unknown-block", "Unknown block `\(kind)`; expected one of \(Self.blockKinds.joined(separator: ", ")).", at: node)
            return nil
        }
    }

    private mutating func parseChart(_ node: Node?, location: SourceLocation) -> ChartBlock? {
        guard let node, case .mapping(let mapping) = node else {
            error("template.chart", "`chart` needs a mapping such as `{type: line, indicator: population}`.", at: node)
            return nil
        }
        let known: Set<String> = ["type", "indicator", "indicators", "title", "subtitle", "years", "rank_by", "height", "name", "theme", "year", "from"]
        for (key, _) in mapping where !known.contains(key.string ?? "") {
            warning(
                "template.unknown-chart-key", "Unknown chart setting `\(key.string ?? "")` is ignored; known: \(known.sorted().joined(separator: ", ")).",
                at: key)
        }
        guard let typeName = string(mapping["type"], key: "type", required: true, in: node) else { return nil }
        guard let type = ChartType(rawValue: typeName) else {
            error(
                "template.chart-type", "Unknown chart type `\(typeName)`; expected one of \(ChartType.allCases.map(\.rawValue).joined(separator: ", ")).",
                at: mapping["type"])
            return nil
        }
        var chart = ChartBlock(type: type, location: self.location(of: node))
        if let single = string(mapping["indicator"], key: "indicator") { chart.indicators = [single] }
        if let list = mapping["indicators"].flatMap({ stringList($0, key: "indicators") }) { chart.indicators = list }
        chart.title = string(mapping["title"], key: "title")
        chart.subtitle = string(mapping["subtitle"], key: "subtitle")
        chart.name = string(mapping["name"], key: "name")
        chart.nameLocation = mapping.first { $0.key.string == "name" }.map { self.location(of: $0.key) }
        chart.theme = string(mapping["theme"], key: "theme")
        if let years = mapping["years"] {
            if let count = Self.integer(years), (1...10).contains(count) {
                chart.years = count
            } else {
                error("template.years", "`years` must be a whole number from 1 to 10.", at: years)
            }
        }
        if let year = mapping["year"] {
            if let value = Self.integer(year), (1900...2100).contains(value), type.takesYear {
                chart.year = value
            } else {
                let types = ChartType.allCases.filter(\.takesYear).map(\.rawValue).joined(separator: ", ")
                error("template.chart-year", "`year` of a chart is a year such as 2018, for \(types) charts.", at: year)
            }
        }
        if let from = mapping["from"] {
            if let value = Self.integer(from), (1900...2100).contains(value), type == .slope {
                chart.fromYear = value
            } else {
                error("template.chart-from", "`from` is the first year of a slope chart, a year such as 2018.", at: from)
            }
        }
        if let rankBy = string(mapping["rank_by"], key: "rank_by") {
            if let measure = RankingMeasure(rawValue: rankBy) {
                chart.rankingMeasure = measure
            } else {
                error("template.rank-by", "`rank_by` must be `change` or `value`.", at: mapping["rank_by"])
            }
        }
        if let height = mapping["height"] {
            if let points = Self.decimal(height), points >= 80, points <= 700 {
                chart.height = points
            } else {
                error("template.height", "`height` must be a number of points from 80 to 700.", at: height)
            }
        }
        if type != .status && type != .attainment && chart.indicators.isEmpty {
            error("template.chart-indicator", "A `\(type.rawValue)` chart needs `indicator:` (or `indicators:`).", at: node)
            return nil
        }
        if [.bars, .horizontalBars].contains(type), chart.indicators.count > 1 {
            error("template.chart-indicators", "A `\(type.rawValue)` chart shows one indicator; give one `indicator:`.", at: mapping["indicators"] ?? node)
            return nil
        }
        if type.stacks, chart.indicators.count < 2 {
            error(
                "template.chart-indicators", "A `\(type.rawValue)` chart stacks two or more indicators; list them in `indicators:`.",
                at: mapping["indicators"] ?? mapping["indicator"] ?? node)
            return nil
        }
        return chart
    }
}
