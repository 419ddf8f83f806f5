import Foundation
import Testing
import VitalityTestSupport
import VitalityScene
@testable import VitalityRender

@Suite struct PDFRenderTests {
    static let finnish = "Väkiluku −0,7\u{00A0}%"

    static func sampleDocument(creationDate: String? = "2021-12-31T00:00:00Z") -> Document {
        let heading = TextStyle(font: Font(size: 18, weight: .bold))
        let page1 = Scene(size: .a4, items: [
            .destination(name: "intro", at: Point(56, 56)),
            .text(TextItem("Johdanto", frame: Rect(x: 56, y: 56, width: 400, height: 22), style: heading, role: .heading(level: 1))),
            .text(TextItem(finnish, frame: Rect(x: 56, y: 90, width: 300, height: 12), style: bodyStyle)),
            .link(Rect(x: 56, y: 120, width: 200, height: 12), .url("https://www.orivesi.fi/")),
            .text(TextItem("www.orivesi.fi", frame: Rect(x: 56, y: 120, width: 200, height: 12), style: bodyStyle)),
            .link(Rect(x: 56, y: 140, width: 200, height: 12), .destination("population")),
        ])
        let page2 = Scene(size: Size(842, 595), items: [
            .destination(name: "population", at: Point(56, 56)),
            .text(TextItem("Väestö", frame: Rect(x: 56, y: 56, width: 300, height: 14), style: bodyStyle)),
        ])
        let page3 = Scene(size: Size(300, 200), items: [
            .destination(name: "notes", at: Point(20, 20)),
        ])
        return Document(
            metadata: DocumentMetadata(
                title: "Orivesi elinvoimaraportti", author: "Orivesi", subject: "Elinvoima",
                keywords: "Orivesi, Pirkanmaa", creationDate: creationDate),
            pages: [page1, page2, page3],
            outline: [
                OutlineEntry(title: "Johdanto", level: 1, pageIndex: 0, destination: "intro"),
                OutlineEntry(title: "Väestö", level: 2, pageIndex: 1, destination: "population"),
                OutlineEntry(title: "Huomiot", level: 1, pageIndex: 2, destination: "notes"),
            ],
            pageLabels: ["i", "1", "2"])
    }

    static func json(_ run: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test func pagesHaveTheirOwnSizes() throws {
        let info = try runTool("pdfinfo", ["-f", "1", "-l", "3", "{}"], on: Renderer.pdf(Self.sampleDocument()))
        #expect(info.stdout.contains("Pages:           3"))
        // A4 = 595.2756 × 841.8898 pt, shown rounded by pdfinfo.
        #expect(info.stdout.contains("Page    1 size:  595.276 x 841.89 pts"))
        #expect(info.stdout.contains("Page    2 size:  842 x 595 pts"))
        #expect(info.stdout.contains("Page    3 size:  300 x 200 pts"))
    }

    @Test func metadataComesFromTheDocument() throws {
        let info = try runTool("pdfinfo", ["{}"], on: Renderer.pdf(Self.sampleDocument())).stdout
        #expect(info.contains("Title:           Orivesi elinvoimaraportti"))
        #expect(info.contains("Author:          Orivesi"))
        #expect(info.contains("Keywords:        Orivesi, Pirkanmaa"))
        #expect(info.contains("Creator:         Vitality"))
        #expect(info.contains("CreationDate:    Fri Dec 31 00:00:00 2021 UTC"))
        #expect(info.contains("Tagged:          yes"))
    }

    @Test func withoutCreationDateThereIsNoDate() throws {
        let pdf = try Renderer.pdf(Self.sampleDocument(creationDate: nil))
        let info = try runTool("pdfinfo", ["{}"], on: pdf).stdout
        #expect(info.contains("Title:           Orivesi elinvoimaraportti"))
        #expect(!info.contains("CreationDate"))
        #expect(!info.contains("ModDate"))
    }

    @Test func rendersAreByteIdentical() throws {
        #expect(try Renderer.pdf(Self.sampleDocument()) == Renderer.pdf(Self.sampleDocument()))
        #expect(try Renderer.pdf(Self.sampleDocument(creationDate: nil)) == Renderer.pdf(Self.sampleDocument(creationDate: nil)))
    }

    @Test func finnishTextComesBack() throws {
        let pdf = try Renderer.pdf(Self.sampleDocument())
        let text = try runTool("pdftotext", ["-enc", "UTF-8", "{}", "-"], on: pdf).stdout
        // Poppler prints U+00A0 as a plain space; U+2212 and the vowels come back as they are.
        #expect(text.contains("Väkiluku −0,7 %"))
        #expect(text.contains("Väestö"))
        // The no-break space itself is in the font's ToUnicode map.
        let expanded = try runTool("qpdf", ["--qdf", "--object-streams=disable", "{}", "-"], on: pdf).stdout
        #expect(expanded.contains("<00a0>"))
    }

    @Test func fileIsStructurallyValid() throws {
        let check = try runTool("qpdf", ["--check", "{}"], on: Renderer.pdf(Self.sampleDocument()))
        // qpdf exits 0 only without errors or warnings (a damaged xref gives 3).
        #expect(check.status == 0)
        #expect(check.output.contains("No syntax or stream encoding errors"))
    }

    @Test func outlineNestsByLevel() throws {
        let json = try Self.json(runTool("qpdf", ["--json", "{}"], on: Renderer.pdf(Self.sampleDocument())))
        let outlines = try #require(json["outlines"] as? [[String: Any]])
        #expect(outlines.compactMap { $0["title"] as? String } == ["Johdanto", "Huomiot"])
        let kids = try #require(outlines.first?["kids"] as? [[String: Any]])
        #expect(kids.compactMap { $0["title"] as? String } == ["Väestö"])
        #expect(kids.first?["destpageposfrom1"] as? Int == 2)
        #expect(outlines.last?["destpageposfrom1"] as? Int == 3)
    }

    @Test func namedDestinationsAndPageLabels() throws {
        let pdf = try Renderer.pdf(Self.sampleDocument())
        let dests = try runTool("pdfinfo", ["-dests", "{}"], on: pdf).stdout
        // Destination (56, 56) on A4: PDF y = 841.89 − 56 ≈ 786.
        #expect(dests.contains("1 [ XYZ   56  786 null      ] \"intro\""))
        #expect(dests.contains("\"population\""))
        #expect(dests.contains("3 [ XYZ   20  180 null      ] \"notes\""))
        let json = try Self.json(runTool("qpdf", ["--json", "{}"], on: pdf))
        let pages = try #require(json["pages"] as? [[String: Any]])
        let labels = pages.compactMap { $0["label"] as? [String: Any] }
        #expect(labels.count == 3)
        #expect(labels.first?["/P"] as? String == "u:i")
        // "1" and "2" become decimal numbering from 1.
        #expect(labels.dropFirst().compactMap { $0["/S"] as? String } == ["/D", "/D"])
    }

    @Test func linksPointToURLAndDestination() throws {
        let pdf = try Renderer.pdf(Self.sampleDocument())
        let expanded = try runTool("qpdf", ["--qdf", "--object-streams=disable", "{}", "-"], on: pdf).stdout
        #expect(expanded.contains("/URI (https://www.orivesi.fi/)"))
        #expect(expanded.contains("/Dest (population)"))
        // Link rect (56, 120, 200×12) on A4: PDF y from 841.8898 − 132 to 841.8898 − 120.
        // Cairo writes annotation dictionaries uncompressed.
        #expect(String(decoding: pdf, as: UTF8.self).contains("/Rect [ 56 709.8898 256 721.8898 ]"))
    }

    @Test func singleScenePDF() throws {
        let scene = Scene(size: Size(400, 300), items: [
            .text(TextItem(Self.finnish, frame: Rect(x: 20, y: 20, width: 200, height: 12), style: bodyStyle)),
        ])
        let pdf = try Renderer.pdf(scene, metadata: DocumentMetadata(title: "Kaavio", creationDate: "2021-12-31T00:00:00Z"))
        let info = try runTool("pdfinfo", ["{}"], on: pdf).stdout
        #expect(info.contains("Pages:           1"))
        #expect(info.contains("Page size:       400 x 300 pts"))
        #expect(info.contains("Title:           Kaavio"))
    }

    @Test func invalidDocumentsThrow() {
        let metadata = DocumentMetadata(title: "x")
        #expect(throws: RenderError.self) { try Renderer.pdf(Scene(size: Size(0, 100)), metadata: metadata) }
        #expect(throws: RenderError.self) { try Renderer.pdf(Scene(size: Size(-5, .infinity)), metadata: metadata) }
        #expect(throws: RenderError.self) { try Renderer.pdf(Document(metadata: metadata, pages: [])) }
        let badOutline = Document(
            metadata: metadata, pages: [Scene(size: .a4)],
            outline: [OutlineEntry(title: "x", level: 1, pageIndex: 3, destination: "")])
        #expect(throws: RenderError.self) { try Renderer.pdf(badOutline) }
    }

    @Test func svgIsAnSVGDocument() throws {
        let scene = Scene(size: Size(100, 50), items: [
            .shape(.rect(Rect(x: 10, y: 10, width: 20, height: 20)), fill: .black, stroke: nil),
        ])
        let svg = String(decoding: try Renderer.svg(scene), as: UTF8.self)
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.contains("<svg"))
        #expect(svg.contains("width=\"100pt\""))
    }
}
