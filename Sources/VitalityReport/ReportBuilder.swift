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

    var title: String { resolveQuietly(template.settings.title) }

    mutating func build() {
        for block in template.blocks {
            switch block {
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
            case .chart(let chart):
                guard let indicators = indicators(chart.indicators, at: chart.location) else { continue }
                guard let composed = chartScene(chart, indicators: indicators) else { continue }
                let name = uniqueChartName(chart.name ?? composed.name)
                charts.append(ComposedChart(name: name, scene: composed.scene, origin: chart.nameLocation ?? chart.location))
                flow.append(text.figure(composed.scene))
            case .measures(let theme, let status, _):
                flow += tables.items(measuresTable(theme: theme, status: status), id: nextTableID())
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
        flow += sourcesSection()
        if let contents {
            let entries = contentsEntries(levels: contents.levels, pages: [:])
            flow.insert(contentsOf: entries, at: contents.index)
            self.contents = (contents.index, entries.count, contents.levels)
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

    private mutating func resolve(_ text: String, at location: SourceLocation) -> String? {
        switch placeholders.resolve(text) {
        case .success(let resolved):
            return resolved
        case .failure(let problem):
            let message: String
            switch problem {
            case .unknownName(let name):
                message = "Unknown placeholder `{{\(name)}}`; use `{{indicator.field}}` or one of home, region, region_genitive, region_size, year, previous_year, programme."
            case .unknownIndicator(let id):
                message = "Unknown indicator `\(id)` in a placeholder; known indicators: \(knownIndicatorList)."
            case .unknownField(let field):
                message = "Unknown field `\(field)` in a placeholder; expected one of \(Placeholders.indicatorFields.joined(separator: ", "))."
            case .unterminated:
                message = "A placeholder starts with `{{` but has no closing `}}`."
            }
            diagnostics.append(Diagnostic(.error, code: "template.placeholder", message, at: location))
            return nil
        }
    }

    private func resolveQuietly(_ text: String) -> String {
        (try? placeholders.resolve(text).get()) ?? text
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

    private func measuresTable(theme: String?, status: MeasureStatus?) -> TableSpec {
        let vocabulary = context.vocabulary
        let measures = context.dataset.measures.filter {
            (theme == nil || $0.theme == theme) && (status == nil || $0.status == status)
        }
        var rows: [[TableSpec.Cell]] = []
        for measure in measures {
            let target = measure.target.map { format.measureValue($0, unit: measure.unit) + (measure.targetYear.map { " (\($0))" } ?? "") } ?? "–"
            var actualText = "–"
            var attainmentText = "–"
            var attainmentColor: Color?
            if let latest = measure.actuals.filter({ $0.key <= context.year }).max(by: { $0.key < $1.key }) {
                actualText = format.measureValue(latest.value, unit: measure.unit) + " (\(latest.key))"
            }
            if let attainment = Analysis.targetAttainment(measure, year: context.year) {
                attainmentText = format.percent(attainment.percent, decimals: 0) + ", "
                    + (attainment.onTrack ? vocabulary.onTrack : vocabulary.behind)
                attainmentColor = attainment.onTrack ? style.good : style.bad
            }
            rows.append([
                TableSpec.Cell("\(measure.id) \(measure.title)"),
                TableSpec.Cell(measure.team),
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
            case .regionMedian: title = "\(context.regionName), mediaani".localizedMedian(context.locale, region: context.regionName)
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

    /// A chart's source note: the distinct sources before their first `;` ("Tilastokeskus"),
    /// and a remark when some of the figures are illustrative. The full texts are in the
    /// report's closing sources table.
    func shortSourceNote(_ indicators: [Indicator]) -> String {
        var names: [String] = []
        var illustrative = false
        for indicator in indicators {
            let name = indicator.source.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !name.isEmpty && !names.contains(name) { names.append(name) }
            let lowered = indicator.source.lowercased()
            if lowered.contains("illustrative") || lowered.contains("havainnollistava") { illustrative = true }
        }
        var note = names.isEmpty ? "Tilastokeskus" : names.joined(separator: ", ")
        if illustrative { note += "; " + context.vocabulary.partlyIllustrative }
        return note
    }

    func sourceList(_ indicators: [Indicator]) -> String {
        var seen: [String] = []
        for indicator in indicators where !indicator.source.isEmpty && !seen.contains(indicator.source) {
            seen.append(indicator.source)
        }
        return seen.isEmpty ? "Tilastokeskus" : seen.joined(separator: "; ")
    }

    private func mostImprovedSentence() -> String {
        let entries = Analysis.mostImproved(context.figures, region: context.region.code, year: context.year, dataset: context.dataset)
        guard let best = entries.first else { return "–" }
        let name = context.dataset.area(code: best.areaCode)?.name(language: context.locale) ?? best.areaName
        let vocabulary = context.vocabulary
        return vocabulary.mostImproved(
            name: name, region: context.regionName,
            regionGenitive: vocabulary.regionGenitive(code: context.region.code, name: context.regionName),
            year: context.year, rankChange: format.rankChange(best.rankChange),
            from: best.rank + best.rankChange, to: best.rank)
    }

    /// The closing section: every indicator used, with its source, so each number can be traced.
    private func sourcesSection() -> [FlowItem] {
        let vocabulary = context.vocabulary
        var items = [text.heading(vocabulary.sources, level: 1)]
        let id = tableCount + 1
        let rows = context.dataset.indicators.map { indicator in
            [TableSpec.Cell(context.label(indicator)), TableSpec.Cell(indicator.source)]
        }
        items += tables.items(TableSpec(
            columns: [
                .init(title: vocabulary.indicator, weight: 2, alignment: .leading),
                .init(title: vocabulary.source, weight: 3, alignment: .leading),
            ],
            rows: rows + [[TableSpec.Cell(vocabulary.vitalityIndex), TableSpec.Cell(vocabulary.indexNote)]],
            note: nil), id: id)
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
            author: template.settings.author.map(resolveQuietly) ?? context.homeName,
            subject: resolveQuietly(template.settings.subject),
            keywords: resolveQuietly(template.settings.keywords),
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
        let subtitle = resolveQuietly(template.settings.subtitle)
        if !subtitle.isEmpty {
            add(subtitle, TextStyle(font: style.font(13), color: .white), gap: 12, role: .subtitle)
        }
        y = size.height * 0.42 + 36
        let author = template.settings.author.map(resolveQuietly) ?? context.homeName
        add(author, TextStyle(font: style.font(11, weight: .bold), color: style.ink), gap: 6, role: .paragraph)
        add("\(context.regionName) · \(context.year)", TextStyle(font: style.font(11), color: style.muted), gap: 6, role: .paragraph)
        if let logo = template.settings.theme.logo {
            // At most 56 pt high and a third of the text width, keeping the aspect ratio.
            let aspect = Double(logo.pixelWidth) / Double(logo.pixelHeight)
            let height = min(56, width / 3 / aspect)
            let frame = Rect(x: left, y: size.height - geometry.margins.bottom - height, width: height * aspect, height: height)
            let alt = "\(context.vocabulary.logo): \(template.settings.author.map(resolveQuietly) ?? context.homeName)"
            items.append(.beginStructure(StructureTag("Figure", altText: alt)))
            items.append(.image(ImageItem(png: logo.png, frame: frame, altText: alt)))
            items.append(.endStructure("Figure"))
        }
        return Scene(size: size, items: items, title: title)
    }
}

extension String {
    /// Column title of the region median in the report's language.
    fileprivate func localizedMedian(_ locale: String, region: String) -> String {
        switch locale {
        case "sv": return "Median, \(region)"
        case "en": return "\(region) median"
        default: return "Mediaani, \(region)"
        }
    }
}
