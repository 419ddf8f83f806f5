import Testing
import VitalityRender
import VitalityScene
@testable import VitalityReport

/// Flow over pages: paragraphs split by lines with never one line alone, headings kept with
/// what follows, table headers repeated, one `Table` element per page.
@Suite struct PaginationTests {
    let measurer = PangoTextMeasurer()
    let geometry = PageGeometry(size: .a4, margins: Margins.standard)
    var text: TextFlow { TextFlow(measurer: measurer, style: ReportStyle(), width: geometry.contentWidth) }

    static let sentence = "Elinvoimaohjelman toimenpiteet etenivät vuonna 2021 suunnitellusti, ja kaupunki seurasi niitä neljännesvuosittain. "

    private func paragraphTexts(_ page: [SceneItem]) -> [TextItem] {
        Scene(size: geometry.size, items: page).allTexts.filter { $0.role == .paragraph }
    }

    @Test func splitParagraphsKeepAtLeastTwoLinesOnEachPage() throws {
        // Paragraphs of 1…20 lines after a spacer of varying height hit every break position.
        var checkedSplits = 0
        for spacer in stride(from: 560.0, through: 700, by: 7) {
            var flow = [FlowItem(height: spacer, content: [])]
            var originals: [String] = []
            for count in [1, 3, 6, 14, 40] {
                let paragraph = String(repeating: Self.sentence, count: count).trimmingCharacters(in: .whitespaces)
                originals.append(paragraph)
                flow.append(text.paragraph(paragraph))
            }
            let result = Paginator(geometry: geometry).paginate(flow, firstPageIndex: 0)
            var pieces: [String] = []
            for page in result.pages {
                for item in paragraphTexts(page) {
                    let lines = measurer.measure(item.text, style: item.style, maxWidth: item.frame.width, maxLines: nil).lineCount
                    let whole = originals.contains(item.text)
                    #expect(whole || lines >= Paginator.minimumLines, "a split part of \(lines) line(s): \(item.text.prefix(40))")
                    #expect(item.frame.maxY <= geometry.contentBottom + 0.01)
                    if !whole { checkedSplits += 1 }
                    pieces.append(item.text)
                }
            }
            // Nothing lost or repeated: the pieces join back into the paragraphs.
            #expect(pieces.joined(separator: " ") == originals.joined(separator: " "))
        }
        #expect(checkedSplits > 20)
    }

    @Test func splitLinesMatchTheUnsplitParagraph() throws {
        let paragraph = String(repeating: Self.sentence, count: 12).trimmingCharacters(in: .whitespaces)
        let item = text.paragraph(paragraph)
        let (head, tail) = try #require(item.split?(4))
        #expect(head.lineCount == 4)
        #expect(head.lineCount + tail.lineCount == item.lineCount)
        #expect(abs(head.height + tail.height - item.height) < 0.01)
    }

    @Test func headingNeverEndsAPage() throws {
        for spacer in stride(from: 600.0, through: 720, by: 5) {
            let flow = [
                FlowItem(height: spacer, content: []),
                text.heading("Elinkeinoelämä", level: 1),
                text.paragraph(String(repeating: Self.sentence, count: 5)),
            ]
            let result = Paginator(geometry: geometry).paginate(flow, firstPageIndex: 0)
            for page in result.pages {
                let texts = Scene(size: geometry.size, items: page).allTexts
                if let last = texts.last { #expect(last.role != .heading(level: 1), "heading alone at the bottom after \(spacer) pt") }
            }
        }
    }

    @Test func longTableRepeatsItsHeaderAndIsOneTablePerPage() throws {
        let table = TableSpec(
            columns: [.init(title: "Toimenpide", weight: 3, alignment: .leading), .init(title: "Tila", weight: 1, alignment: .leading)],
            rows: (1...90).map { [TableSpec.Cell("Toimenpide \($0)"), TableSpec.Cell("Käynnissä")] }, note: nil)
        let flow = TableFlow(measurer: measurer, style: ReportStyle(), width: geometry.contentWidth).items(table, id: 1)
        let result = Paginator(geometry: geometry).paginate(flow, firstPageIndex: 0)
        #expect(result.pages.count >= 2)
        var rows: [String] = []
        for page in result.pages {
            let texts = Scene(size: geometry.size, items: page).allTexts
            #expect(texts.first?.text == "Toimenpide")
            #expect(texts.first?.role == .tableHeader)
            rows += texts.filter { $0.role == .tableCell && $0.text.hasPrefix("Toimenpide ") }.map(\.text)
            let opens = page.filter { if case .beginStructure(let tag) = $0 { tag.name == "Table" } else { false } }.count
            let closes = page.filter { $0 == .endStructure("Table") }.count
            #expect(opens == 1 && closes == 1)
        }
        #expect(rows == (1...90).map { "Toimenpide \($0)" })
    }

    // MARK: Keeping a heading, its introduction and the block's first part together

    private func table(rows: Int, note: String? = nil) -> [FlowItem] {
        let spec = TableSpec(
            columns: [.init(title: "Tunnusluku", weight: 3, alignment: .leading), .init(title: "Arvo", weight: 1, alignment: .trailing)],
            rows: (1...rows).map { [TableSpec.Cell("Rivi \($0)"), TableSpec.Cell("\($0)")] }, note: note)
        return TableFlow(measurer: measurer, style: ReportStyle(), width: geometry.contentWidth).items(spec, id: 1)
    }

    /// The page of the first text satisfying `condition`.
    private func page(of result: Paginator.Result, where condition: (TextItem) -> Bool) -> Int? {
        result.pages.firstIndex { page in Scene(size: geometry.size, items: page).allTexts.contains(where: condition) }
    }

    @Test func headingIntroductionAndTableStartOnOnePage() throws {
        // Before: the heading and its two-line introduction ended a page, the table began the next.
        var checked = 0
        for spacer in stride(from: 500.0, through: 740, by: 4) {
            let flow = [FlowItem(height: spacer, content: [])]
                + [text.heading("Alueellinen vertailu", level: 1), text.paragraph(Self.sentence + "Alla ovat luvut.")]
                + table(rows: 12, note: "Lähde: Tilastokeskus")
            let result = Paginator(geometry: geometry).paginate(flow, firstPageIndex: 0)
            let headingPage = try #require(page(of: result) { $0.role == .heading(level: 1) })
            let introductionEnd = try #require(page(of: result) { $0.text.hasSuffix("Alla ovat luvut.") })
            let headerPage = try #require(page(of: result) { $0.role == .tableHeader })
            #expect(headingPage == introductionEnd && introductionEnd == headerPage, "after \(spacer) pt")
            let firstPage = Scene(size: geometry.size, items: result.pages[headerPage]).allTexts
            #expect(firstPage.filter { $0.role == .tableCell && $0.text.hasPrefix("Rivi") }.count >= 2, "after \(spacer) pt")
            if headingPage > 0 { checked += 1 }
        }
        #expect(checked > 10)
    }

    @Test func headingIntroductionAndChartMoveTogether() throws {
        let chart = text.figure(Scene(size: Size(480, 420), items: [.text(TextItem("kaavio", frame: Rect(x: 0, y: 0, width: 100, height: 10), style: ReportStyle().body, role: .label))]))
        for spacer in stride(from: 100.0, through: 700, by: 10) {
            let flow = [FlowItem(height: spacer, content: []), text.heading("Elinvoiman asema", level: 1), text.paragraph(Self.sentence), chart]
            let result = Paginator(geometry: geometry).paginate(flow, firstPageIndex: 0)
            let headingPage = try #require(page(of: result) { $0.role == .heading(level: 1) })
            #expect(page(of: result) { $0.role == .paragraph } == headingPage, "after \(spacer) pt")
            #expect(page(of: result) { $0.text == "kaavio" } == headingPage, "after \(spacer) pt")
            // Nothing moves when the group fits.
            if spacer <= geometry.contentHeight - 540 { #expect(headingPage == 0) }
        }
    }

    @Test func longIntroductionSplitsRatherThanLeavingThePageHalfEmpty() throws {
        // Heading and a 14-line introduction fit; the table does not. The introduction's last
        // lines go with the table, its first ones stay under the heading.
        let introduction = String(repeating: Self.sentence, count: 7).trimmingCharacters(in: .whitespaces)
        let heading = text.heading("Elinkeinoelämä", level: 1)
        let paragraph = text.paragraph(introduction)
        #expect(paragraph.lineCount >= 8)
        let spacer = geometry.contentHeight - heading.spaceBefore - heading.height - paragraph.spaceBefore - paragraph.height - 5
        let flow = [FlowItem(height: spacer, content: []), heading, paragraph] + table(rows: 20)
        let result = Paginator(geometry: geometry).paginate(flow, firstPageIndex: 0)
        #expect(page(of: result) { $0.role == .heading(level: 1) } == 0)
        let first = paragraphTexts(result.pages[0])
        let second = paragraphTexts(result.pages[1])
        #expect(first.count == 1 && second.count == 1)
        #expect(page(of: result) { $0.role == .tableHeader } == 1)
        #expect((first.first?.text ?? "") + " " + (second.first?.text ?? "") == introduction)
    }

    @Test func groupTallerThanAPageFallsBackToHeadingWithFirstLines() throws {
        let introduction = String(repeating: Self.sentence, count: 40).trimmingCharacters(in: .whitespaces)
        let chart = text.figure(Scene(size: Size(480, 500), items: []))
        let flow = [FlowItem(height: 300, content: []), text.heading("Pitkä", level: 1), text.paragraph(introduction), chart]
        let result = Paginator(geometry: geometry).paginate(flow, firstPageIndex: 0)
        // The heading stays on the first page with the introduction's first lines; no empty page.
        #expect(page(of: result) { $0.role == .heading(level: 1) } == 0)
        #expect(!paragraphTexts(result.pages[0]).isEmpty)
        #expect(result.pages.allSatisfy { !$0.isEmpty })
    }

    @Test func tablesNeverLeaveOneRowOrTheNoteAlone() throws {
        for spacer in stride(from: 560.0, through: 740, by: 3) {
            let flow = [FlowItem(height: spacer, content: [])] + table(rows: 6, note: "Lähde: Tilastokeskus")
            let result = Paginator(geometry: geometry).paginate(flow, firstPageIndex: 0)
            for page in result.pages {
                let texts = Scene(size: geometry.size, items: page).allTexts
                let rows = texts.filter { $0.role == .tableCell && $0.text.hasPrefix("Rivi") }.count
                #expect(rows == 0 || rows >= 2, "\(rows) row(s) on a page after \(spacer) pt")
                if texts.contains(where: { $0.role == .note }) { #expect(rows >= 2) }
            }
        }
    }
}

