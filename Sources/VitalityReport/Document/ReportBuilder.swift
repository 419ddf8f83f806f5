import VitalityAnalysis
import VitalityModel
import VitalityScene

/// Walks a template's blocks in order and turns them into flow items and charts, collecting
/// binding problems (unknown indicator, bad placeholder) as diagnostics at the block's place.
struct ReportBuilder {
    let context: ReportContext
    let measurer: any TextMeasuring
    let template: ReportTemplate
    let style: ReportStyle
    let geometry: PageGeometry

    private(set) var diagnostics: [Diagnostic] = []
    private(set) var charts: [ComposedChart] = []
    private(set) var flow: [FlowItem] = []
    private var hasCover = false
    private(set) var tableCount = 0
    /// Where the table of contents' entries go in `flow`, and the deepest level listed.
    private var contents: (index: Int, count: Int, levels: Int)?

    init(context: ReportContext, measurer: any TextMeasuring, template: ReportTemplate) {
        self.context = context
        self.measurer = measurer
        self.template = template
        self.geometry = PageGeometry(size: template.settings.pageSize, margins: template.settings.margins)
        self.style = ReportStyle(theme: template.settings.theme)
    }

    var format: FigureFormatter { FigureFormatter(locale: context.locale) }
    var text: TextFlow { TextFlow(measurer: measurer, style: style, width: geometry.contentWidth) }
    var tables: TableFlow { TableFlow(measurer: measurer, style: style, width: geometry.contentWidth) }
    var placeholders: Placeholders { Placeholders(context: context, format: format) }

    /// The settings' texts with their placeholders filled (set by `build`).
    private(set) var title = ""
    private(set) var subtitle = ""
    private(set) var subject = ""
    private(set) var keywords = ""
    /// The programme owner's organisation as author; nil when the report is not the owner's.
    private(set) var author: String?
    /// Texts of the input data shown in Finnish because they have no translation (for the note).
    var untranslated: Set<String> = []
    var reportedMissing: Set<Placeholders.MissingFigure> = []

    mutating func build() {
        let settings = template.settings
        let settingsLocation = SourceLocation(file: template.file)
        title = resolve(settings.title, at: settingsLocation) ?? settings.title
        subtitle = resolve(settings.subtitle, at: settingsLocation) ?? ""
        subject = resolve(settings.subject, at: settingsLocation) ?? ""
        keywords = resolve(settings.keywords, at: settingsLocation) ?? ""
        author = context.isHomeOwner ? settings.author.flatMap { resolve($0, at: settingsLocation) } ?? context.ownerName : nil
        visit(template.blocks)
        flow += sourcesSection()
        if let contents {
            let entries = contentsEntries(levels: contents.levels, pages: [:])
            flow.insert(contentsOf: entries, at: contents.index)
            self.contents = (contents.index, entries.count, contents.levels)
        }
    }

    private mutating func visit(_ blocks: [TemplateBlock]) {
        for block in blocks {
            switch block {
            case .programme(let inner, _):
                if context.showsProgramme { visit(inner) } else { validateOnly(inner) }
            case .cover:
                hasCover = true
            case .pageBreak:
                flow.append(.pageBreak())
            case .heading(let heading, let level, let location):
                guard let resolved = resolve(heading, at: location) else { continue }
                flow.append(text.heading(resolved, level: level))
            case .paragraph(let paragraph, let location):
                guard let resolved = resolve(paragraph, at: location) else { continue }
                flow.append(text.paragraph(resolved))
            case .kpis(let ids, let location):
                guard let indicators = indicators(ids, at: location) else { continue }
                var scene = kpiScene(indicators)
                if scene.altText.isEmpty { scene.altText = kpiAltText(indicators) }
                flow.append(text.figure(scene))
            case .chart(var chart):
                guard let indicators = indicators(chart.indicators, at: chart.location) else { continue }
                if chart.type == .status || chart.type == .attainment, !context.showsProgramme { continue }
                // Titles are texts like any other: placeholders and conditions resolved.
                if let title = chart.title {
                    guard let resolved = resolve(title, at: chart.location) else { continue }
                    chart.title = resolved
                }
                if let subtitle = chart.subtitle {
                    guard let resolved = resolve(subtitle, at: chart.location) else { continue }
                    chart.subtitle = resolved
                }
                guard let composed = chartScene(chart, indicators: indicators) else { continue }
                let name = uniqueChartName(chart.name ?? composed.name)
                charts.append(ComposedChart(name: name, scene: composed.scene, origin: chart.nameLocation ?? chart.location))
                flow.append(text.figure(composed.scene))
            case .measures(let theme, let status, _):
                guard context.showsProgramme else { continue }
                let table = measuresTable(theme: theme, status: status)
                flow += tables.items(table, id: nextTableID())
            case .figures(let ids, let columns, let location):
                guard let indicators = indicators(ids, at: location) else { continue }
                flow += tables.items(figuresTable(indicators, columns: columns), id: nextTableID())
            case .mostImproved:
                flow.append(text.paragraph(mostImprovedSentence()))
            case .contents(let title, let levels, let location):
                guard contents == nil else {
                    diagnostics.append(
                        Diagnostic(
                            .error, code: "template.contents-twice", "A report has one table of contents; remove the second `contents` block.", at: location))
                    continue
                }
                guard let resolved = resolve(title, at: location) else { continue }
                flow.append(text.heading(resolved, level: 1, inOutline: false))
                contents = (flow.count, 0, levels)
            }
        }
    }

    /// Checks the texts and indicators of blocks that are left out of this report, so a
    /// mistake in them is found whatever the home municipality and year.
    private mutating func validateOnly(_ blocks: [TemplateBlock]) {
        for block in blocks {
            switch block {
            case .heading(let text, _, let location), .paragraph(let text, let location), .contents(let text, _, let location):
                validate(text, at: location)
            case .kpis(let ids, let location), .figures(let ids, _, let location):
                _ = indicators(ids, at: location)
            case .chart(let chart):
                _ = indicators(chart.indicators, at: chart.location)
                for text in [chart.title, chart.subtitle].compactMap({ $0 }) { validate(text, at: chart.location) }
            case .programme(let inner, _):
                validateOnly(inner)
            case .cover, .pageBreak, .measures, .mostImproved:
                break
            }
        }
    }

    private mutating func nextTableID() -> Int {
        tableCount += 1
        return tableCount
    }

    // MARK: Binding

    mutating func appendDiagnostic(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    var knownIndicatorList: String {
        (context.dataset.indicators.map(\.id) + [Analysis.vitalityIndexID]).joined(separator: ", ")
    }

    private mutating func indicators(_ ids: [String], at location: SourceLocation) -> [Indicator]? {
        var result: [Indicator] = []
        for id in ids {
            guard let indicator = context.indicator(id) else {
                diagnostics.append(
                    Diagnostic(
                        .error, code: "template.unknown-indicator",
                        "Unknown indicator `\(id)`; known indicators: \(knownIndicatorList).", at: location))
                return nil
            }
            result.append(indicator)
        }
        return result
    }

    // MARK: Document

    func document(creationDate: String) -> Document {
        let paginator = Paginator(geometry: geometry)
        let firstContentPage = hasCover ? 1 : 0
        var result = paginator.paginate(flow, firstPageIndex: firstContentPage)
        if let contents {
            var pageNumbers: [String: Int] = [:]
            for entry in result.outline { pageNumbers[entry.destination] = entry.pageIndex + 1 }
            var numbered = flow
            numbered.replaceSubrange(
                contents.index..<(contents.index + contents.count),
                with: contentsEntries(levels: contents.levels, pages: pageNumbers))
            result = paginator.paginate(numbered, firstPageIndex: firstContentPage)
        }
        var pages: [Scene] = []
        if hasCover { pages.append(coverPage()) }
        let total = result.pages.count + firstContentPage
        for (index, content) in result.pages.enumerated() {
            let number = index + firstContentPage + 1
            pages.append(Scene(size: geometry.size, items: content + furniture(page: number, of: total), title: title))
        }
        let metadata = DocumentMetadata(
            title: title,
            author: author ?? "",
            subject: subject,
            keywords: keywords,
            creator: "Vitality", creationDate: creationDate, language: context.vocabulary.languageTag)
        return Document(
            metadata: metadata, pages: pages, outline: result.outline,
            pageLabels: (1...max(1, pages.count)).map(String.init))
    }
}
