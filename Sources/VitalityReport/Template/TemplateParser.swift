import Foundation
import VitalityModel
import VitalityScene
import Yams

/// Reads a report template from YAML text into a `ReportTemplate`, collecting every problem
/// as a diagnostic with the template's file, line and column (the format is documented in
/// `templates/README.md`).
public struct TemplateParser {
    public let file: String
    public private(set) var diagnostics: [Diagnostic] = []

    public init(file: String) {
        self.file = file
    }

    /// Parses `text`; returns nil when the template cannot be used (errors in `diagnostics`).
    public mutating func parse(_ text: String, id: String) -> ReportTemplate? {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                error("template.empty", "The template is empty; expected a `report:` mapping and a `blocks:` list.", at: nil)
                return nil
            }
            root = node
        } catch let yamlError as YamlError {
            reportSyntax(yamlError)
            return nil
        } catch {
            self.error("template.syntax", "The template is not valid YAML: \(error)", at: nil)
            return nil
        }
        guard case .mapping(let top) = root else {
            error("template.structure", "Expected a mapping with the keys `report` and `blocks` at the top of the template.", at: root)
            return nil
        }
        for (key, _) in top where !["report", "blocks"].contains(key.string ?? "") {
            warning("template.unknown-key", "Unknown top-level key `\(key.string ?? "")` is ignored; expected `report` or `blocks`.", at: key)
        }
        guard let reportNode = top["report"] else {
            error("template.missing-report", "The template has no `report:` mapping (title, home, locale …).", at: root)
            return nil
        }
        let settings = parseSettings(reportNode)
        var blocks: [TemplateBlock] = []
        if let blocksNode = top["blocks"] {
            if case .sequence(let sequence) = blocksNode {
                for item in sequence { if let block = parseBlock(item) { blocks.append(block) } }
            } else {
                error("template.blocks", "`blocks` must be a list (each item starting with `- `).", at: blocksNode)
            }
        } else {
            error("template.missing-blocks", "The template has no `blocks:` list.", at: root)
        }
        guard let settings, !diagnostics.hasErrors else { return nil }
        return ReportTemplate(id: id, file: file, settings: settings, blocks: blocks)
    }

    // MARK: Settings

    private static let settingKeys: Set<String> = [
        "title", "subtitle", "author", "subject", "keywords", "home", "region", "locale",
        "programme", "index_base", "page",
    ]

    private mutating func parseSettings(_ node: Node) -> ReportSettings? {
        guard case .mapping(let mapping) = node else {
            error("template.report", "`report` must be a mapping of settings (title, home, locale …).", at: node)
            return nil
        }
        for (key, _) in mapping where !Self.settingKeys.contains(key.string ?? "") {
            warning("template.unknown-setting", "Unknown report setting `\(key.string ?? "")` is ignored; known settings: \(Self.settingKeys.sorted().joined(separator: ", ")).", at: key)
        }
        guard let title = string(mapping["title"], key: "title", required: true) else { return nil }
        guard let home = string(mapping["home"], key: "home", required: true) else { return nil }
        var settings = ReportSettings(title: title, home: home)
        settings.subtitle = string(mapping["subtitle"], key: "subtitle") ?? ""
        settings.author = string(mapping["author"], key: "author")
        settings.subject = string(mapping["subject"], key: "subject") ?? ""
        settings.keywords = string(mapping["keywords"], key: "keywords") ?? ""
        settings.region = string(mapping["region"], key: "region")
        if let locale = string(mapping["locale"], key: "locale") {
            if ["fi", "sv", "en"].contains(locale) {
                settings.locale = locale
            } else {
                error("template.locale", "Unknown locale `\(locale)`; expected fi, sv or en.", at: mapping["locale"])
            }
        }
        if let programme = mapping["programme"] {
            if let (start, end) = parseYearRange(programme) {
                settings.programmeStart = start
                settings.programmeEnd = end
            }
        }
        if let base = mapping["index_base"] {
            if let year = base.int { settings.indexBaseYear = year } else {
                error("template.index-base", "`index_base` must be a year such as 2018.", at: base)
            }
        }
        if let page = string(mapping["page"], key: "page") {
            switch page.lowercased() {
            case "a4": settings.pageSize = .a4; settings.pageSizeName = "A4"
            case "letter": settings.pageSize = Size(612, 792); settings.pageSizeName = "Letter"
            default: error("template.page", "Unknown page size `\(page)`; expected A4 or Letter.", at: mapping["page"])
            }
        }
        return settings
    }

    private mutating func parseYearRange(_ node: Node) -> (Int, Int)? {
        var start: Int?
        var end: Int?
        if case .mapping(let mapping) = node {
            start = mapping["start"]?.int
            end = mapping["end"]?.int
        } else if let text = node.string {
            let parts = text.split(whereSeparator: { $0 == "-" || $0 == "–" }).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            if parts.count == 2 { start = parts[0]; end = parts[1] }
        }
        guard let start, let end, start < end else {
            error("template.programme", "`programme` must be a period such as `2018-2021` or `{start: 2018, end: 2021}` with start before end.", at: node)
            return nil
        }
        return (start, end)
    }

    // MARK: Blocks

    private static let blockKinds = [
        "cover", "heading", "heading1", "heading2", "heading3", "paragraph", "kpis", "chart",
        "measures", "figures", "most_improved", "page_break",
    ]

    private mutating func parseBlock(_ node: Node) -> TemplateBlock? {
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
        case "page_break": return .pageBreak(location: location)
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
                        error("template.status", "Unknown status `\(statusText)`; expected one of \(MeasureStatus.allCases.map(\.rawValue).joined(separator: ", ")).", at: mapping["status"])
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
                    if let column = FigureColumn(rawValue: name) { columns.append(column) } else {
                        error("template.column", "Unknown column `\(name)`; expected one of \(FigureColumn.allCases.map(\.rawValue).joined(separator: ", ")).", at: mapping["columns"])
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
        let known: Set<String> = ["type", "indicator", "indicators", "title", "subtitle", "years", "rank_by", "height", "name", "theme"]
        for (key, _) in mapping where !known.contains(key.string ?? "") {
            warning("template.unknown-chart-key", "Unknown chart setting `\(key.string ?? "")` is ignored; known: \(known.sorted().joined(separator: ", ")).", at: key)
        }
        guard let typeName = string(mapping["type"], key: "type", required: true, in: node) else { return nil }
        guard let type = ChartType(rawValue: typeName) else {
            error("template.chart-type", "Unknown chart type `\(typeName)`; expected one of \(ChartType.allCases.map(\.rawValue).joined(separator: ", ")).", at: mapping["type"])
            return nil
        }
        var chart = ChartBlock(type: type, location: self.location(of: node))
        if let single = string(mapping["indicator"], key: "indicator") { chart.indicators = [single] }
        if let list = mapping["indicators"].flatMap({ stringList($0, key: "indicators") }) { chart.indicators = list }
        chart.title = string(mapping["title"], key: "title")
        chart.subtitle = string(mapping["subtitle"], key: "subtitle")
        chart.name = string(mapping["name"], key: "name")
        chart.theme = string(mapping["theme"], key: "theme")
        if let years = mapping["years"] {
            if let count = years.int, (1...10).contains(count) { chart.years = count } else {
                error("template.years", "`years` must be a whole number from 1 to 10.", at: years)
            }
        }
        if let rankBy = string(mapping["rank_by"], key: "rank_by") {
            if let measure = RankingMeasure(rawValue: rankBy) { chart.rankingMeasure = measure } else {
                error("template.rank-by", "`rank_by` must be `change` or `value`.", at: mapping["rank_by"])
            }
        }
        if let height = mapping["height"] {
            if let points = height.float, points >= 80, points <= 700 { chart.height = points } else {
                error("template.height", "`height` must be a number of points from 80 to 700.", at: height)
            }
        }
        if type != .status && type != .attainment && chart.indicators.isEmpty {
            error("template.chart-indicator", "A `\(type.rawValue)` chart needs `indicator:` (or `indicators:`).", at: node)
            return nil
        }
        return chart
    }

    // MARK: Scalars and diagnostics

    private mutating func string(_ node: Node?, key: String, required: Bool = false, in parent: Node? = nil) -> String? {
        guard let node else {
            if required { error("template.missing-\(key)", "`\(key)` is required here.", at: parent) }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            error("template.type", "`\(key)` must be a text, not a list or mapping.", at: node)
            return nil
        }
        return scalar.string
    }

    private mutating func stringList(_ node: Node?, key: String) -> [String]? {
        guard let node else { return nil }
        switch node {
        case .sequence(let sequence):
            var result: [String] = []
            for item in sequence {
                guard case .scalar(let scalar) = item else {
                    error("template.type", "Every item of `\(key)` must be a text such as an indicator id.", at: item)
                    return nil
                }
                result.append(scalar.string)
            }
            return result
        case .scalar(let scalar):
            return [scalar.string]
        default:
            error("template.type", "`\(key)` must be a list such as `[population, jobs]`.", at: node)
            return nil
        }
    }

    func location(of node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0)
    }

    private mutating func error(_ code: String, _ message: String, at node: Node?) {
        diagnostics.append(Diagnostic(.error, code: code, message, at: location(of: node)))
    }

    private mutating func warning(_ code: String, _ message: String, at node: Node?) {
        diagnostics.append(Diagnostic(.warning, code: code, message, at: location(of: node)))
    }

    private mutating func reportSyntax(_ yamlError: YamlError) {
        switch yamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            diagnostics.append(Diagnostic(
                .error, code: "template.syntax", "The template is not valid YAML: \(problem). Check indentation and quotes.",
                at: SourceLocation(file: file, line: mark.line, column: mark.column)))
        default:
            diagnostics.append(Diagnostic(.error, code: "template.syntax", "The template is not valid YAML: \(yamlError)", at: SourceLocation(file: file)))
        }
    }
}
