import Foundation
import Testing
import VitalityBuild
import VitalityModel
import VitalityRender
import VitalityScene
import VitalityTestSupport

@testable import VitalityReport

/// A brand theme's logo: read from the templates folder, drawn on the cover, listed as input.
@Suite struct LogoTests {
    /// A 120 × 40 px PNG: a red rectangle, made with the product renderer (1 pt = 1 px at 72 dpi).
    static func logoPNG() throws -> [UInt8] {
        let scene = Scene(
            size: Size(120, 40),
            items: [
                .shape(.rect(Rect(x: 0, y: 0, width: 120, height: 40)), fill: Color(hex: 0xCC0000), stroke: nil)
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
        let output = try TemporaryFolder()
        var parser = TemplateParser(file: "brand.yaml", templates: .onDisk(templates.path))
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

        let outcome = Builder.build(
            BuildOptions(
                inputDirectory: ReportTestSupport.sampleInput, templatesDirectory: templates.path, outputDirectory: output.path))
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        let manifest = try String(contentsOf: output.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("images/logo.png"))
        let pdfimages = try #require(ToolLookup.executable("pdfimages"), "pdfimages is needed (scripts/setup.sh --test)")
        let list = try ProcessRunner.run(pdfimages, ["-f", "1", "-l", "1", "-list", output.appendingPathComponent("brand.pdf").path])
        #expect(list.output.contains("120    40"))
    }

    @Test func logoOutsideTheFolderOrNotAPNGIsAnError() throws {
        let templates = try ReportTestSupport.templatesFolder(["notes.txt": "not a picture"])
        for (path, code) in [("../logo.png", "template.logo-outside"), ("notes.txt", "template.logo-format"), ("missing.png", "template.logo-missing")] {
            let text = Self.template.replacingOccurrences(of: "images/logo.png", with: path)
            var parser = TemplateParser(file: "brand.yaml", templates: .onDisk(templates.path))
            let parsed = parser.parse(text, id: "brand")
            #expect(parsed == nil)
            let error = try #require(parser.diagnostics.first { $0.code == code }, "\(path)")
            #expect(error.location?.line == 4)
        }
    }

    /// A truncated PNG is refused when the template is read (its chunks do not reach `IEND`);
    /// a complete PNG whose compressed pixels are damaged passes that test, so only decoding
    /// finds it: `vitality check` reports both at the logo's line.
    @Test(arguments: ["truncated", "damaged pixels"])
    func brokenLogoIsReportedByCheck(_ damage: String) throws {
        let png = try Self.logoPNG()
        let broken = damage == "truncated" ? Array(png.prefix(png.count / 2)) : try Self.damagingPixels(png)
        #expect(broken.count > 0)
        let templates = try ReportTestSupport.templatesFolder(["brand.yaml": Self.template])
        try FileManager.default.createDirectory(at: templates.appendingPathComponent("images"), withIntermediateDirectories: true)
        try Data(broken).write(to: templates.appendingPathComponent("images/logo.png"))
        #expect(Renderer.decodesPNG(png))
        #expect(!Renderer.decodesPNG(broken))

        let outcome = Builder.check(BuildOptions(inputDirectory: ReportTestSupport.sampleInput, templatesDirectory: templates.path))
        #expect(!outcome.succeeded)
        let code = damage == "truncated" ? "template.logo-format" : "template.logo-unreadable"
        let error = try #require(outcome.diagnostics.first { $0.code == code }, "\(outcome.diagnostics)")
        #expect(error.location?.file.hasSuffix("brand.yaml") == true)
        #expect(error.location?.line == 4)
        #expect((error.location?.column ?? 0) > 0)
    }

    /// The PNG with the bytes of its first `IDAT` chunk's data inverted (lengths and CRCs kept,
    /// so the chunk structure stays whole while the pixels cannot be inflated).
    static func damagingPixels(_ png: [UInt8]) throws -> [UInt8] {
        var bytes = png
        var offset = 8
        while offset + 8 <= bytes.count {
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            if type == "IDAT" {
                for index in (offset + 8)..<min(offset + 8 + length, bytes.count) { bytes[index] ^= 0xFF }
                return bytes
            }
            offset += 12 + length
        }
        throw CancellationError()
    }
}
