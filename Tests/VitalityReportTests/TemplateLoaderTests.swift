import Foundation
import Testing
import VitalityBuild
import VitalityModel
import VitalityTestSupport

@testable import VitalityReport

/// The template parser reads the files a template names only through the loader it is given:
/// files in memory parse like the same files on disk, with the same diagnostics.
@Suite struct TemplateLoaderTests {
    static let template = """
        report:
          title: "Raportti {{year}}"
          home: Orivesi
          theme: {logo: images/logo.png}
        blocks:
          - cover
          - include: shared/outer.yaml
        """
    static let outer = """
        blocks:
          - heading: Ulompi
          - include: shared/inner.yaml
        """
    static let inner = "blocks:\n  - paragraph: Sisempi\n"

    /// The texts and the logo by path inside a templates folder.
    static func files(logo: [UInt8]) -> [String: Data] {
        [
            "brand.yaml": Data(template.utf8), "shared/outer.yaml": Data(outer.utf8),
            "shared/inner.yaml": Data(inner.utf8), "images/logo.png": Data(logo),
        ]
    }

    static func parse(_ text: String, in folder: TemplateFolder) -> (ReportTemplate?, [Diagnostic]) {
        var parser = TemplateParser(file: folder.path + "/brand.yaml", templates: folder)
        let template = parser.parse(text, id: "brand")
        return (template, parser.diagnostics)
    }

    static func memory(_ files: [String: Data], at root: String) -> TemplateFolder {
        let byPath = Dictionary(uniqueKeysWithValues: files.map { (root + "/" + $0.key, $0.value) })
        return TemplateFolder(path: root, loader: TemplateMemoryLoader(files: byPath))
    }

    @Test func includesAndTheLogoAreReadThroughTheLoader() throws {
        let (parsed, diagnostics) = Self.parse(Self.template, in: Self.memory(Self.files(logo: try LogoTests.logoPNG()), at: "/templates"))
        let template = try #require(parsed, "\(diagnostics)")
        #expect(template.blocks.count == 3)
        #expect(template.includes == ["/templates/images/logo.png", "/templates/shared/outer.yaml", "/templates/shared/inner.yaml"])
        #expect(template.settings.theme.logo != nil)
    }

    @Test func aMissingIncludeIsReportedAtItsPlace() throws {
        var files = Self.files(logo: try LogoTests.logoPNG())
        files["shared/inner.yaml"] = nil
        let (parsed, diagnostics) = Self.parse(Self.template, in: Self.memory(files, at: "/templates"))
        #expect(parsed == nil)
        #expect(
            diagnostics == [
                Diagnostic(
                    .error, code: "template.include-missing",
                    "The shared section `shared/inner.yaml` does not exist in the templates folder.",
                    at: SourceLocation(file: "/templates/shared/outer.yaml", line: 3, column: 14))
            ])
    }

    @Test func aMissingFileReadsAsOnDisk() throws {
        for missing in ["shared/inner.yaml", "shared/outer.yaml", "images/logo.png"] {
            var files = Self.files(logo: try LogoTests.logoPNG())
            files[missing] = nil
            let disk = try TemporaryFolder("templates")
            for (path, data) in files {
                let url = disk.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            let fromDisk = Self.parse(Self.template, in: .onDisk(disk.path))
            let fromMemory = Self.parse(Self.template, in: Self.memory(files, at: disk.path))
            #expect(fromDisk.1.contains { $0.code.hasSuffix("-missing") }, "\(fromDisk.1)")
            #expect(fromMemory.1 == fromDisk.1)
            #expect(fromMemory.0 == nil && fromDisk.0 == nil)
        }
    }

    @Test func aPathOutOfTheFolderIsRefusedBeforeTheLoaderIsAsked() {
        let text = Self.template.replacingOccurrences(of: "shared/outer.yaml", with: "../secret.yaml")
        let (parsed, diagnostics) = Self.parse(text, in: Self.memory(["../secret.yaml": Data("blocks: []".utf8)], at: "/templates"))
        #expect(parsed == nil)
        #expect(diagnostics.contains { $0.code == "template.include-outside" && $0.location?.line == 7 }, "\(diagnostics)")
    }
}
