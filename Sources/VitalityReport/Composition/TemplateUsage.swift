import VitalityAnalysis
import VitalityModel

/// What a template uses of the data: the indicators its texts, key figures, charts and tables
/// show, and whether it has programme parts (measures, status and attainment charts, programme
/// sections). The default report year and the missing-value warnings follow from it.
struct TemplateUsage {
    /// Indicator ids in order of first use (including `vitality_index`).
    private(set) var indicatorIDs: [String] = []
    /// Whether the template shows the programme: measures, status or attainment charts, or a
    /// `programme:` section.
    private(set) var usesProgramme = false

    init(_ template: ReportTemplate) {
        let settings = template.settings
        for text in [settings.title, settings.subtitle, settings.author ?? "", settings.subject, settings.keywords] {
            addPlaceholders(text)
        }
        visit(template.blocks)
    }

    private mutating func visit(_ blocks: [TemplateBlock]) {
        for block in blocks {
            switch block {
            case .cover, .pageBreak: break
            case .heading(let text, _, _), .paragraph(let text, _), .contents(let text, _, _):
                addPlaceholders(text)
            case .kpis(let ids, _), .figures(let ids, _, _):
                for id in ids { add(id) }
            case .chart(let chart):
                for text in [chart.title, chart.subtitle].compactMap({ $0 }) { addPlaceholders(text) }
                switch chart.type {
                case .status, .attainment: usesProgramme = true
                case .line:
                    for id in chart.indicators { add(id) }
                    usesProgramme = true  // a line chart may carry the programme's target line
                case .ranking, .groupedBars, .slope, .bars, .horizontalBars, .stackedBars, .percentBars, .dotRange, .smallMultiples:
                    for id in chart.indicators { add(id) }
                }
            case .measures:
                usesProgramme = true
            case .mostImproved:
                add(Analysis.vitalityIndexID)
            case .programme(let inner, _):
                usesProgramme = true
                visit(inner)
            }
        }
    }

    private mutating func add(_ id: String) {
        if !indicatorIDs.contains(id) { indicatorIDs.append(id) }
    }

    private mutating func addPlaceholders(_ text: String) {
        guard case .success(let parsed) = TemplateText.parse(text) else { return }
        for name in parsed.names {
            let parts = name.split(separator: ".", maxSplits: 1)
            if parts.count == 2 { add(String(parts[0])) }
            if name == "most_improved" || name == "home_is_most_improved" { add(Analysis.vitalityIndexID) }
        }
    }
}
