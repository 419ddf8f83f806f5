import Foundation
import Testing
import VitalityBuild
import VitalityModel
import VitalityRender
import VitalityScene
@testable import VitalityReport

/// A brand theme's logo: read from the templates folder, drawn on the cover, listed as input.
@Suite struct LogoTests {
    /// A 120 × 40 px PNG: a red rectangle, made with the product renderer (1 pt = 1 px at 72 dpi).
    static func logoPNG() throws -> [UInt8] {
        let scene = Scene(size: Size(120, 40), items: [
            .shape(.rect(Rect(x: 0, y: 0, width: 120, height: 40)), fill: Color(hex: 0xCC0000), stroke: nil),
        ])
        return try Renderer.png(scene, dpi: 72)
    }

    static let template = """
    report:
      title: "Brändätty raportti {{year}}"
      home: Orivesi
      theme: {accent: "#7A1F2B", logo: images/logo.png}
    blocks:
      - cover
      - heading: Otsikko
    """

    @Test func logoIsDrawnOnTheCoverAndRecordedAsInput() throws {
        let templates = try ReportTestSupport.templatesFolder(["brand.yaml": Self.template])
        try FileManager.default.createDirectory(at: templates.appendingPathComponent("images"), withIntermediateDirectories: true)
        try Data(try Self.logoPNG()).write(to: templates.appendingPathComponent("images/logo.png"))
        let output = try ReportTestSupport.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: templates)
            try? FileManager.default.removeItem(at: output)
        }
        var parser = TemplateParser(file: "brand.yaml", templatesDirectory: templates.path)
        let parsed = parser.parse(Self.template, id: "brand")
        let template = try #require(parsed)
        let logo = try #require(template.settings.theme.logo)
        #expect(logo.pixelWidth == 120 && logo.pixelHeight == 40)

        let (report, diagnostics) = ReportComposer(measurer: PangoTextMeasurer())
            .compose(template, dataset: ReportTestSupport.dataset, request: ReportRequest())
        #expect(!diagnostics.hasErrors, "\(diagnostics)")
        let cover = try #require(report?.document.pages.first)
        let images = cover.items.compactMap { item -> ImageItem? in
            if case .image(let image) = item { return image }
            return nil
        }
        #expect(images.count == 1)
        // Width capped at a third of the A4 text width, (595.2756 − 2 × 56) / 3 = 161.09 pt,
        // height from the 3:1 aspect ratio, 53.70 pt (under the 56 pt cap); inside the page.
        let frame = try #require(images.first?.frame)
        #expect(abs(frame.width - 161.0919) < 0.001)
        #expect(abs(frame.height - 53.6973) < 0.001)
        #expect(images.first.map { Rect(origin: Point(0, 0), size: cover.size).contains($0.frame) } == true)

        let outcome = Builder.build(BuildOptions(
            inputDirectory: ReportTestSupport.sampleInput, templatesDirectory: templates.path, outputDirectory: output.path))
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        let manifest = try String(contentsOf: output.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("images/logo.png"))
        let pdfimages = try #require(ReportTestSupport.tool("pdfimages"), "pdfimages is needed (scripts/setup.sh --test)")
        let list = try ReportTestSupport.run(pdfimages, ["-f", "1", "-l", "1", "-list", output.appendingPathComponent("brand.pdf").path])
        #expect(list.output.contains("120    40"))
    }

    @Test func logoOutsideTheFolderOrNotAPNGIsAnError() throws {
        let templates = try ReportTestSupport.templatesFolder(["notes.txt": "not a picture"])
        defer { try? FileManager.default.removeItem(at: templates) }
        for (path, code) in [("../logo.png", "template.logo-outside"), ("notes.txt", "template.logo-format"), ("missing.png", "template.logo-missing")] {
            let text = Self.template.replacingOccurrences(of: "images/logo.png", with: path)
            var parser = TemplateParser(file: "brand.yaml", templatesDirectory: templates.path)
            let parsed = parser.parse(text, id: "brand")
            #expect(parsed == nil)
            let error = try #require(parser.diagnostics.first { $0.code == code }, "\(path)")
            #expect(error.location?.line == 4)
        }
    }

    /// A truncated PNG has a valid header, so only decoding it finds the damage; `vitality
    /// check` reports it at the logo's line instead of leaving the cover without it.
    @Test func truncatedLogoIsReportedByCheck() throws {
        let png = try Self.logoPNG()
        let templates = try ReportTestSupport.templatesFolder(["brand.yaml": Self.template])
        defer { try? FileManager.default.removeItem(at: templates) }
        try FileManager.default.createDirectory(at: templates.appendingPathComponent("images"), withIntermediateDirectories: true)
        try Data(png.prefix(png.count / 2)).write(to: templates.appendingPathComponent("images/logo.png"))
        #expect(Renderer.decodesPNG(png))
        #expect(!Renderer.decodesPNG(Array(png.prefix(png.count / 2))))

        let outcome = Builder.check(BuildOptions(inputDirectory: ReportTestSupport.sampleInput, templatesDirectory: templates.path))
        #expect(!outcome.succeeded)
        let error = try #require(outcome.diagnostics.first { $0.code == "template.logo-unreadable" }, "\(outcome.diagnostics)")
        #expect(error.location?.file.hasSuffix("brand.yaml") == true)
        #expect(error.location?.line == 4)
        #expect((error.location?.column ?? 0) > 0)
    }
}
