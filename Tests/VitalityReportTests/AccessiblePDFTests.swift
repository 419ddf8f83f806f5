import Foundation
import Testing
import VitalityTestSupport
import VitalityRender
import VitalityScene
@testable import VitalityReport

/// The council report's PDF: tagged structure, language, title in the window, XMP with the
/// PDF/UA identification, figure alternative texts, header cells, link descriptions; checked
/// with qpdf's JSON view and with the `pdfua` checker from PyPI.
@Suite(.serialized) struct AccessiblePDFTests {
    static let report: ComposedReport? = try? ComposedReportTests.composeShipped("council-report")

    static func pdf() throws -> (report: ComposedReport, bytes: [UInt8]) {
        let report = try #require(report)
        return (report, try Renderer.pdf(report.document))
    }

    static func write(_ bytes: [UInt8]) throws -> TemporaryFile {
        try TemporaryFile(bytes, name: "report.pdf", label: "report")
    }

    /// qpdf's JSON objects by "obj:N 0 R", values only.
    static func objects(_ url: TemporaryFile) throws -> [String: [String: Any]] {
        let qpdf = try #require(ToolLookup.executable("qpdf"), "qpdf is needed (scripts/setup.sh --test)")
        let run = try ProcessRunner.run(qpdf, ["--json", "--json-key=qpdf", url.path])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let parts = try #require(json["qpdf"] as? [Any])
        let objects = try #require(parts.last as? [String: Any])
        var result: [String: [String: Any]] = [:]
        for (key, value) in objects {
            if let value = (value as? [String: Any])?["value"] as? [String: Any] { result[key] = value }
        }
        return result
    }

    @Test func catalogHasLanguageTitleDisplayAndMetadata() throws {
        let (_, bytes) = try Self.pdf()
        let url = try Self.write(bytes)
        let objects = try Self.objects(url)
        let catalog = try #require(objects.values.first { $0["/Type"] as? String == "/Catalog" })
        #expect(catalog["/Lang"] as? String == "u:fi-FI")
        #expect((catalog["/ViewerPreferences"] as? [String: Any])?["/DisplayDocTitle"] as? Bool == true)
        #expect((catalog["/MarkInfo"] as? [String: Any])?["/Marked"] as? Bool == true)
        #expect(catalog["/Metadata"] != nil)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("<pdfuaid:part>1</pdfuaid:part>"))
        #expect(text.contains("<rdf:li xml:lang=\"x-default\">Elinvoimaohjelman vuosiraportti 2021</rdf:li>"))
        // qpdf reads the incremental update without complaint.
        let check = try ProcessRunner.run(try #require(ToolLookup.executable("qpdf")), ["--check", url.path])
        #expect(check.status == 0, "\(check.output)")
    }

    @Test func structureHasHeadingsParagraphsFiguresWithAltTablesAndLinks() throws {
        let (report, bytes) = try Self.pdf()
        let objects = try Self.objects(try Self.write(bytes))
        let elements = objects.values.filter { $0["/Type"] as? String == "/StructElem" }
        func count(_ tag: String) -> Int { elements.filter { $0["/S"] as? String == "/\(tag)" }.count }
        let figures = elements.filter { $0["/S"] as? String == "/Figure" }
        // One figure per chart and one for the KPI grid.
        #expect(figures.count == report.charts.count + 1)
        for figure in figures {
            let alt = try #require(figure["/Alt"] as? String)
            #expect(alt.count > 20, "\(alt)")
        }
        #expect(count("H1") == report.document.outline.filter { $0.level == 1 }.count + 1) // + "Sisällys"
        #expect(count("H2") == report.document.outline.filter { $0.level == 2 }.count)
        #expect(count("P") > 20)
        #expect(count("Table") >= 6)
        #expect(count("TH") > 0 && count("TD") > count("TH"))
        for header in elements where header["/S"] as? String == "/TH" {
            #expect((header["/A"] as? [String: Any])?["/Scope"] as? String == "/Column")
        }
        #expect(count("TOC") == 1)
        #expect(count("TOCI") == report.document.outline.filter { $0.level <= 2 }.count)
        let links = objects.values.filter { $0["/Subtype"] as? String == "/Link" }
        #expect(links.count == count("TOCI"))
        for link in links { #expect((link["/Contents"] as? String)?.hasPrefix("u:") == true) }
        let pages = objects.values.filter { $0["/Type"] as? String == "/Page" }
        #expect(pages.count == report.document.pages.count)
        #expect(pages.allSatisfy { $0["/Tabs"] as? String == "/S" })
    }

    @Test func renderingIsByteIdentical() throws {
        let report = try #require(Self.report)
        #expect(try Renderer.pdf(report.document) == Renderer.pdf(report.document))
    }

    @Test(
        .enabled(if: ReportTestSupport.pdfuaPython != nil, "the PDF/UA checker is not installed: pip install pdfua (scripts/setup.sh --test installs it)"),
        arguments: [("council-report", "fi"), ("council-report", "sv"), ("council-report", "en"), ("award-submission", nil)] as [(String, String?)])
    func pdfuaCheckerFindsNothing(template: String, locale: String?) throws {
        let python = try #require(ReportTestSupport.pdfuaPython)
        let report = try ComposedReportTests.composeShipped(template, locale: locale)
        let file = try Self.write(try Renderer.pdf(report.document))
        let run = try ProcessRunner.run(python, ["-m", "pdfua", "check", "--min-severity", "info", file.path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("result: PASS"), "\(run.output)")
    }
}
