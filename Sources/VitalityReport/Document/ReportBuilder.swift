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
    private var flow: [FlowItem] = []
    private var hasCover = false
    private var tableCount = 0
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
    private var untranslated: Set<String> = []
    private var reportedMissing: Set<Placeholders.MissingFigure> = []

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
                    diagnostics.append(Diagnostic(.error, code: "template.contents-twice", "A report has one table of contents; remove the second `contents` block.", at: location))
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
                [chart.title, chart.subtitle].compactMap { $0 }.forEach { validate($0, at: chart.location) }
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

    // MARK: Table of contents

    /// One line per heading up to `levels`: title, page number and a link to the heading.
    /// Page numbers come from a first pagination; the lines have the same height either way.
    private func contentsEntries(levels: Int, pages: [String: Int]) -> [FlowItem] {
        var headings: [(title: String, level: Int, destination: String)] = []
        for item in flow {
            guard let heading = item.heading else { continue }
            headings.append((heading.title, heading.level, "section-\(headings.count + 1)"))
        }
        let listed = headings.filter { $0.level <= levels }
        let width = geometry.contentWidth
        let numberWidth = 36.0
        var items: [FlowItem] = []
        for (index, heading) in listed.enumerated() {
            var titleStyle = heading.level == 1 ? TextStyle(font: style.font(10, weight: .bold), color: style.ink) : style.body
            let indent = Double(heading.level - 1) * 14
            let lineHeight = measurer.measure("Ag", style: titleStyle).height
            let titleFrame = Rect(x: indent, y: 0, width: width - indent - numberWidth - 8, height: lineHeight)
            var numberStyle = titleStyle
            numberStyle.alignment = .trailing
            titleStyle.alignment = .leading
            let page = pages[heading.destination].map(String.init) ?? "0"
            var content: [SceneItem] = []
            if index == 0 { content.append(.beginStructure(StructureTag("TOC"))) }
            content += [
                .beginStructure(StructureTag("TOCI")),
                // Cairo 1.16 leaves text directly under a TOCI that also holds a link unmarked.
                .beginStructure(StructureTag("Reference")),
                .text(TextItem(heading.title, frame: titleFrame, style: titleStyle, maxLines: 1, role: .paragraph)),
                .text(TextItem(page, frame: Rect(x: width - numberWidth, y: 0, width: numberWidth, height: lineHeight), style: numberStyle, maxLines: 1, role: .paragraph)),
                .endStructure("Reference"),
                .link(Rect(x: 0, y: 0, width: width, height: lineHeight), .destination(heading.destination)),
                .endStructure("TOCI"),
            ]
            if index == listed.count - 1 { content.append(.endStructure("TOC")) }
            items.append(FlowItem(height: lineHeight, spaceBefore: heading.level == 1 && index > 0 ? 7 : 3, content: content))
        }
        return items
    }

    // MARK: Binding helpers

    mutating func appendDiagnostic(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// Fills a text's placeholders; a mistake is an error at `location`, a missing figure a
    /// warning (once per figure). Branches not taken are checked too.
    private mutating func resolve(_ text: String, at location: SourceLocation) -> String? {
        guard let parsed = validated(text, at: location) else { return nil }
        switch placeholders.resolve(parsed) {
        case .success(let resolution):
            // A missing value of the report year is already warned about for the whole report
            // (`ReportYear.missingValues`); the text adds the other gaps (changes, earlier years).
            for gap in resolution.missing where !(gap.field == "value" && gap.year == context.year)
                && reportedMissing.insert(gap).inserted {
                let name = context.dataset.area(code: gap.areaCode)?.nameFI ?? gap.areaCode
                diagnostics.append(Diagnostic(
                    .warning, code: "report.missing-value",
                    "`{{\(gap.indicatorID).\(gap.field)}}` needs \(gap.indicatorID) of \(name) for \(gap.year), which the data lacks; the text says the figure is not yet available.",
                    at: location))
            }
            return Self.tidySpaces(resolution.text)
        case .failure(let problem):
            diagnostics.append(Diagnostic(.error, code: problem.code, message(problem), at: location))
            return nil
        }
    }

    /// One space where a condition left two, none before punctuation it left behind; no-break
    /// spaces inside numbers stay.
    static func tidySpaces(_ text: String) -> String {
        var result = ""
        for character in text.trimmingCharacters(in: .whitespacesAndNewlines) {
            if character == " " || character == "\n" {
                if result.last != " " { result.append(" ") }
            } else if [".", ",", ";", ")", ":"].contains(character), result.last == " " {
                result.removeLast()
                result.append(character)
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The text parsed and every name in it checked (all branches); nil after an error.
    private mutating func validated(_ text: String, at location: SourceLocation) -> TemplateText? {
        let problem: Placeholders.Problem?
        var result: TemplateText?
        switch TemplateText.parse(text) {
        case .failure(let error): problem = .syntax(error.message)
        case .success(let parsed):
            problem = placeholders.validate(parsed)
            result = parsed
        }
        guard let problem else { return result }
        diagnostics.append(Diagnostic(.error, code: problem.code, message(problem), at: location))
        return nil
    }

    private mutating func validate(_ text: String, at location: SourceLocation) {
        _ = validated(text, at: location)
    }

    private func message(_ problem: Placeholders.Problem) -> String {
        switch problem {
        case .syntax(let message):
            return message
        case .unknownName(let name):
            return "Unknown placeholder `{{\(name)}}`; use `{{indicator.field}}` or one of \((Placeholders.reportNames + Placeholders.flags).joined(separator: ", "))."
        case .unknownIndicator(let id):
            return "Unknown indicator `\(id)` in a placeholder; known indicators: \(knownIndicatorList)."
        case .unknownField(let field):
            return "Unknown field `\(field)` in a placeholder; expected one of \(Placeholders.indicatorFields.joined(separator: ", "))."
        case .filter(let message):
            return message
        case .notAFlag(let name):
            return "`\(name)` is a condition, not a text: use it as `{{#if \(name)}}…{{/if}}`."
        case .noGenitive(let name):
            return "The Finnish genitive of \(name) is not in the area table; write the sentence with `{{home}}` in the nominative, or use a home municipality whose genitive is listed."
        }
    }

    private var knownIndicatorList: String {
        (context.dataset.indicators.map(\.id) + [Analysis.vitalityIndexID]).joined(separator: ", ")
    }

    private mutating func indicators(_ ids: [String], at location: SourceLocation) -> [Indicator]? {
        var result: [Indicator] = []
        for id in ids {
            guard let indicator = context.indicator(id) else {
                diagnostics.append(Diagnostic(
                    .error, code: "template.unknown-indicator",
                    "Unknown indicator `\(id)`; known indicators: \(knownIndicatorList).", at: location))
                return nil
            }
            result.append(indicator)
        }
        return result
    }

    private mutating func uniqueChartName(_ base: String) -> String {
        var name = base
        var counter = 2
        while charts.contains(where: { $0.name == name }) {
            name = "\(base)-\(counter)"
            counter += 1
        }
        return name
    }

    // MARK: Tables

    private mutating func measuresTable(theme: String?, status: MeasureStatus?) -> TableSpec {
        let vocabulary = context.vocabulary
        let measures = context.dataset.measures.filter {
            (theme == nil || $0.theme == theme) && (status == nil || $0.status == status)
        }
        var rows: [[TableSpec.Cell]] = []
        for measure in measures {
            let unit = shown(measure.unit(language: context.locale), "units")
            let target = measure.target.map { format.measureValue($0, unit: unit) + (measure.targetYear.map { " (\($0))" } ?? "") } ?? "–"
            var actualText = "–"
            var attainmentText = "–"
            var attainmentColor: Color?
            if let latest = measure.actuals.filter({ $0.key <= context.year }).max(by: { $0.key < $1.key }) {
                actualText = format.measureValue(latest.value, unit: unit) + " (\(latest.key))"
            }
            if let attainment = Analysis.targetAttainment(measure, year: context.year) {
                attainmentText = format.percent(attainment.percent, decimals: 0) + ", "
                    + (attainment.onTrack ? vocabulary.onTrack : vocabulary.behind)
                attainmentColor = attainment.onTrack ? style.good : style.bad
            }
            rows.append([
                TableSpec.Cell("\(measure.id) \(shown(measure.title(language: context.locale), "measure titles"))"),
                TableSpec.Cell(shown(measure.team(language: context.locale), "team names")),
                TableSpec.Cell(vocabulary.statusName(measure.status)),
                TableSpec.Cell(target),
                TableSpec.Cell(actualText),
                TableSpec.Cell(attainmentText, color: attainmentColor),
            ])
        }
        if rows.isEmpty {
            rows.append([TableSpec.Cell(vocabulary.noMeasures), .init(""), .init(""), .init(""), .init(""), .init("")])
        }
        return TableSpec(
            columns: [
                .init(title: vocabulary.measure, weight: 2.9, alignment: .leading),
                .init(title: vocabulary.team, weight: 1.85, alignment: .leading),
                .init(title: vocabulary.status, weight: 1.35, alignment: .leading),
                .init(title: vocabulary.target, weight: 1.25, alignment: .trailing),
                .init(title: vocabulary.latest, weight: 1.25, alignment: .trailing),
                .init(title: vocabulary.attainment, weight: 1.3, alignment: .trailing),
            ],
            rows: rows, note: vocabulary.measuresSource)
    }

    private func figuresTable(_ indicators: [Indicator], columns: [FigureColumn]) -> TableSpec {
        let vocabulary = context.vocabulary
        var tableColumns: [TableSpec.Column] = [.init(title: vocabulary.indicator, weight: 3, alignment: .leading)]
        for column in columns {
            let title: String
            switch column {
            case .value: title = "\(vocabulary.value) \(context.year)"
            case .change: title = "\(vocabulary.change) \(context.year - 1)–\(context.year)"
            case .regionMedian: title = vocabulary.regionMedian(context.regionName)
            case .rank: title = "\(vocabulary.rank) / \(context.municipalities.count)"
            case .rankChange: title = vocabulary.rankChange
            case .changeRank: title = vocabulary.changeRank
            case .periodChange: title = "\(vocabulary.change) \(context.settings.programmeStart)–\(context.year)"
            }
            tableColumns.append(.init(title: title, weight: 1.3, alignment: .trailing))
        }
        var rows: [[TableSpec.Cell]] = []
        for indicator in indicators {
            let row = context.homeRow(indicator.id)
            var cells = [TableSpec.Cell(context.label(indicator))]
            for column in columns {
                switch column {
                case .value: cells.append(.init(format.value(row?.value, indicator)))
                case .change: cells.append(.init(format.change(row, indicator)))
                case .regionMedian: cells.append(.init(format.value(row?.regionMedian, indicator)))
                case .rank: cells.append(.init(format.rank(row?.rank)))
                case .rankChange:
                    let change = row?.rankChange
                    let color: Color? = change.map { $0 > 0 ? style.good : ($0 < 0 ? style.bad : style.ink) }
                    cells.append(.init(format.rankChange(change), color: color))
                case .changeRank: cells.append(.init(format.rank(row?.changeRank)))
                case .periodChange:
                    let period = Analysis.periodChange(
                        context.dataset, area: context.home.code, indicator: indicator.id,
                        from: context.settings.programmeStart, to: context.year)
                    cells.append(.init(
                        indicator.kind == .rate
                            ? format.percentagePoints(period?.absolute, indicator)
                            : format.signed(period?.absolute, indicator)))
                }
            }
            rows.append(cells)
        }
        let note = "\(vocabulary.source): " + shortSourceNote(indicators) + ". " + vocabulary.indexNote
        return TableSpec(columns: tableColumns, rows: rows, note: note)
    }

    /// A text of the input data in the report's language, remembering which kinds of text
    /// had no translation so the report can say once that they are shown in Finnish.
    mutating func shown(_ translated: Translated, _ kind: String) -> String {
        if !translated.isTranslated { untranslated.insert(kind) }
        return translated.text
    }

    /// A chart's source note: the distinct sources before their first `;` ("Tilastokeskus"),
    /// and a remark when some of the figures are illustrative. The full texts are in the
    /// report's closing sources table.
    func shortSourceNote(_ indicators: [Indicator]) -> String {
        var names: [String] = []
        var illustrative = false
        for indicator in indicators {
            let source = indicator.source(language: context.locale).text
            let name = source.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !name.isEmpty && !names.contains(name) { names.append(name) }
            if context.vocabulary.marksIllustrative(source) { illustrative = true }
        }
        var note = names.isEmpty ? context.vocabulary.statisticsFinland : names.joined(separator: ", ")
        if illustrative { note += "; " + context.vocabulary.partlyIllustrative }
        return note
    }

    private func mostImprovedSentence() -> String {
        let vocabulary = context.vocabulary
        let regionGenitive = (try? placeholders.resolve("{{region_genitive}}").get().text) ?? context.regionName
        guard let best = context.mostImproved else {
            return vocabulary.noneImprovedSentence(region: context.regionName, regionGenitive: regionGenitive, year: context.year)
        }
        let name = context.dataset.area(code: best.areaCode)?.name(language: context.locale) ?? best.areaName
        return vocabulary.mostImproved(
            name: name, region: context.regionName, regionGenitive: regionGenitive,
            year: context.year, from: best.rank + best.rankChange, to: best.rank)
    }

    /// The closing section: every indicator used, with its source in the report's language,
    /// so each number can be traced; and a note when data texts are shown untranslated.
    private mutating func sourcesSection() -> [FlowItem] {
        let vocabulary = context.vocabulary
        var items = [text.heading(vocabulary.sources, level: 1)]
        let id = tableCount + 1
        var rows: [[TableSpec.Cell]] = []
        for indicator in context.dataset.indicators {
            rows.append([TableSpec.Cell(context.label(indicator)), TableSpec.Cell(shown(indicator.source(language: context.locale), "sources"))])
        }
        items += tables.items(TableSpec(
            columns: [
                .init(title: vocabulary.indicator, weight: 2, alignment: .leading),
                .init(title: vocabulary.source, weight: 3, alignment: .leading),
            ],
            rows: rows + [[TableSpec.Cell(vocabulary.vitalityIndex), TableSpec.Cell(vocabulary.indexSource + ". " + vocabulary.indexNote)]],
            note: nil), id: id)
        if !untranslated.isEmpty {
            items.append(text.paragraph(vocabulary.untranslatedNote(untranslated.sorted())))
        }
        return items
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

    /// "Orivesi: key figures 2021. Population 9 158 (−0,7 %); …" for a KPI grid without its own.
    private func kpiAltText(_ indicators: [Indicator]) -> String {
        let parts = indicators.map { indicator -> String in
            let row = context.homeRow(indicator.id)
            return "\(context.label(indicator)) \(format.value(row?.value, indicator)) (\(format.change(row, indicator)))"
        }
        return "\(context.homeName): \(context.vocabulary.keyFigures) \(context.year). " + parts.joined(separator: "; ") + "."
    }

    private func furniture(page: Int, of total: Int) -> [SceneItem] {
        let left = geometry.margins.left
        let width = geometry.contentWidth
        let headerY = geometry.margins.top - 30
        let footerY = geometry.size.height - geometry.margins.bottom + 22
        let furnitureStyle = style.furniture
        var trailing = furnitureStyle
        trailing.alignment = .trailing
        let height = measurer.measure("Ag", style: furnitureStyle).height
        // Cairo 1.16 cannot mark content as /Artifact, and untagged content breaks PDF/UA:
        // the running header and the page number are tagged paragraphs, read after the page.
        func tagged(_ item: TextItem) -> [SceneItem] {
            [.beginStructure(StructureTag("P")), .text(item), .endStructure("P")]
        }
        return tagged(TextItem(title, frame: Rect(x: left, y: headerY, width: width * 0.7, height: height), style: furnitureStyle, maxLines: 1, role: .pageFurniture))
            + tagged(TextItem(context.homeName, frame: Rect(x: left + width * 0.7, y: headerY, width: width * 0.3, height: height), style: trailing, maxLines: 1, role: .pageFurniture))
            + [.shape(.path([.move(Point(left, headerY + height + 4)), .line(Point(left + width, headerY + height + 4))]), fill: nil, stroke: StrokeStyle(color: style.rule, width: 0.5))]
            + tagged(TextItem("\(page) / \(total)", frame: Rect(x: left, y: footerY, width: width, height: height), style: trailing, maxLines: 1, role: .pageFurniture))
    }

    private func coverPage() -> Scene {
        let size = geometry.size
        let left = geometry.margins.left
        let width = geometry.contentWidth
        var items: [SceneItem] = [
            .shape(.rect(Rect(x: 0, y: 0, width: size.width, height: size.height * 0.42)), fill: style.accent, stroke: nil),
        ]
        var y = size.height * 0.16
        func add(_ string: String, _ textStyle: TextStyle, gap: Double, role: TextRole) {
            let metrics = measurer.measure(string, style: textStyle, maxWidth: width, maxLines: 4)
            items.append(.beginStructure(StructureTag("P")))
            items.append(.text(TextItem(string, frame: Rect(x: left, y: y, width: width, height: metrics.height), style: textStyle, wraps: true, maxLines: 4, role: role)))
            items.append(.endStructure("P"))
            y += metrics.height + gap
        }
        add(context.homeName.uppercased(), TextStyle(font: style.font(14, weight: .bold), color: .white), gap: 14, role: .subtitle)
        add(title, TextStyle(font: style.font(30, weight: .bold), color: .white), gap: 12, role: .title)
        if !subtitle.isEmpty {
            add(subtitle, TextStyle(font: style.font(13), color: .white), gap: 12, role: .subtitle)
        }
        y = size.height * 0.42 + 36
        if let author {
            add(author, TextStyle(font: style.font(11, weight: .bold), color: style.ink), gap: 6, role: .paragraph)
        }
        add("\(context.regionName) · \(context.year)", TextStyle(font: style.font(11), color: style.muted), gap: 6, role: .paragraph)
        if let logo = template.settings.theme.logo, context.isHomeOwner {
            // At most 56 pt high and a third of the text width, keeping the aspect ratio.
            let aspect = Double(logo.pixelWidth) / Double(logo.pixelHeight)
            let height = min(56, width / 3 / aspect)
            let frame = Rect(x: left, y: size.height - geometry.margins.bottom - height, width: height * aspect, height: height)
            let alt = "\(context.vocabulary.logo): \(author ?? context.ownerName)"
            items.append(.beginStructure(StructureTag("Figure", altText: alt)))
            items.append(.image(ImageItem(png: logo.png, frame: frame, altText: alt)))
            items.append(.endStructure("Figure"))
        }
        return Scene(size: size, items: items, title: title)
    }
}
