import Foundation
import Testing
import VitalityBuild
import VitalityModel
import VitalityRender
import VitalityReport
import VitalityScene
import VitalityTestSupport

/// Inputs the fuzzers found (`Fixtures/fuzz/<target>/`, also seeds of `scripts/fuzz.sh`), fed
/// through the fuzz target's code path.
@Suite struct FuzzFindingTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz")

    static func files(_ target: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(target).path)) ?? []
        return names.sorted()
    }

    static func bytes(_ target: String, _ name: String) throws -> [UInt8] {
        let data = try #require(FileManager.default.contents(atPath: folder.appendingPathComponent("\(target)/\(name)").path))
        return Array(data)
    }

    @Test func logoFindingsAreKept() {
        #expect(Self.files("logo").contains("text-chunk-claims-2GB.png"))
        #expect(Self.files("logo").contains("ztxt-chunk-claims-1.7GB.png"))
    }

    /// Found by the logo fuzzer: a 2 × 2 PNG whose next chunk claims 1.7–2 GB. libpng allocates
    /// and clears a chunk's claimed length before reading it (10 s and 2 GB under ASan per
    /// render of the cover); the logo is now refused when a chunk does not fit in the file.
    @Test(arguments: files("logo"))
    func logoFinding(_ name: String) throws {
        let png = try Self.bytes("logo", name)
        let logo = ReportLogo(png: png, path: name)
        if name.contains("claims") {
            #expect(logo == nil, "\(name) is accepted as a logo")
            // The header alone is the one of a valid 2 × 2 image: the chunks are what is wrong.
            #expect(Array(png[16..<24]) == [0, 0, 0, 2, 0, 0, 0, 2])
        }
        // A refused logo has nothing to draw: for a finding, refusing without a crash is enough
        // (the `claims` ones must be refused, above). An accepted one must draw.
        guard let logo else { return }
        let image = ImageItem(png: logo.png, frame: Rect(x: 2, y: 2, width: 20, height: 12), altText: "Logo")
        let page = try Renderer.png(Scene(size: Size(24, 16), items: [.image(image)]), dpi: 72)
        #expect(ReportLogo(png: page, path: "page.png")?.pixelWidth == 24)
    }

    @Test func logoWithAChunkPastTheEndIsRefusedByTheTemplate() throws {
        let templates = try ReportTestSupport.templatesFolder(["brand.yaml": LogoTests.template])
        try FileManager.default.createDirectory(at: templates.appendingPathComponent("images"), withIntermediateDirectories: true)
        try Data(try Self.bytes("logo", "ztxt-chunk-claims-1.7GB.png")).write(to: templates.appendingPathComponent("images/logo.png"))
        var parser = TemplateParser(file: "brand.yaml", templates: .onDisk(templates.path))
        #expect(parser.parse(LogoTests.template, id: "brand") == nil)
        let diagnostic = try #require(parser.diagnostics.first { $0.code == "template.logo-format" })
        #expect(diagnostic.message.contains("not a complete PNG image"))
        #expect(diagnostic.location?.line == 4)
    }

    /// A valid PNG cut short before IEND, and one with bytes after IEND (which libpng ignores).
    @Test func logoMustReachIEND() throws {
        let valid = try LogoTests.logoPNG()
        #expect(ReportLogo(png: valid, path: "logo.png") != nil)
        #expect(ReportLogo(png: valid + [0, 1, 2], path: "logo.png") != nil)
        #expect(ReportLogo(png: Array(valid.dropLast(12)), path: "logo.png") == nil)
        #expect(ReportLogo(png: Array(valid.dropLast(1)), path: "logo.png") == nil)
    }

    /// Every kept template is read the way the fuzz target reads it: per locale, twice, with the
    /// same diagnostics each time, each with a location.
    @Test(arguments: files("template"))
    func templateFinding(_ name: String) throws {
        let text = String(decoding: try Self.bytes("template", name), as: UTF8.self)
        for locale in TemplateParser.locales(of: text) {
            var runs: [[Diagnostic]] = []
            for _ in 0..<4 {
                var parser = TemplateParser(file: name, locale: locale, templates: .onDisk(ReportTestSupport.sampleTemplates))
                _ = parser.parse(text, id: "fuzz")
                runs.append(parser.diagnostics)
            }
            #expect(runs.allSatisfy { $0 == runs[0] }, "\(name) (\(locale)): \(runs)")
            #expect(runs[0].allSatisfy { $0.location != nil })
        }
    }

    /// Found by the template fuzzer: a mapping that repeats `blocks` and also uses a mapping as
    /// a key, twice. Yams's error text pointed at whichever repeated key its unordered sort put
    /// first, so two parses of one file gave different diagnostics.
    @Test func duplicateKeysIncludingAMappingKeyAreReportedTheSameEachTime() throws {
        let name = "duplicate-keys-one-a-mapping.yaml"
        let text = String(decoding: try Self.bytes("template", name), as: UTF8.self)
        var parser = TemplateParser(file: name, templates: .onDisk(ReportTestSupport.sampleTemplates))
        #expect(parser.parse(text, id: "fuzz") == nil)
        let syntax = parser.diagnostics.filter { $0.code == "template.syntax" }
        #expect(syntax.count == 1)
        let message = try #require(syntax.first?.message)
        #expect(message.contains("`blocks`") && message.contains("a list or mapping used as a key"), "\(message)")
        #expect(syntax.first?.location == SourceLocation(file: name))
    }

    @Test func repeatedPlainKeyPointsAtItsLine() {
        let text = "report:\n  title: T\n  home: Orivesi\nblocks:\n  - cover\nblocks:\n  - cover\n"
        var parser = TemplateParser(file: "twice.yaml")
        #expect(parser.parse(text, id: "twice") == nil)
        let diagnostic = parser.diagnostics.first { $0.code == "template.syntax" }
        #expect(diagnostic?.message.contains("repeats a key (`blocks`)") == true, "\(parser.diagnostics)")
        #expect(diagnostic?.location?.line == 4)
    }
}
