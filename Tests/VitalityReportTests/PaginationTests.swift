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
}
