import Foundation
import Testing
import VitalityBuild
import VitalityModel
import VitalityTestSupport

@testable import VitalityReport

/// Files a template names (shared sections, logos) stay inside the templates folder by their
/// real paths: a symbolic link inside the folder that points out of it is refused.
@Suite struct ContainmentTests {
    static let template = """
        report:
          title: "Raportti {{year}}"
          home: Orivesi
          theme: {logo: images/logo.png}
        blocks:
          - cover
          - include: shared/section.yaml
        """

    /// A templates folder with `shared/section.yaml` and `images/logo.png` as symbolic links
    /// to files outside it (or, with `inside`, to files inside it).
    static func folder(inside: Bool) throws -> (templates: TemporaryFolder, outside: TemporaryFolder) {
        let templates = try ReportTestSupport.templatesFolder(["brand.yaml": template])
        let outside = try TemporaryFolder()
        let fileManager = FileManager.default
        for folder in ["shared", "images", "real"] {
            try fileManager.createDirectory(at: templates.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let target = inside ? templates.appendingPathComponent("real") : outside.url
        try Data("blocks:\n  - heading: Jaettu\n".utf8).write(to: target.appendingPathComponent("section.yaml"))
        try Data(try LogoTests.logoPNG()).write(to: target.appendingPathComponent("logo.png"))
        try fileManager.createSymbolicLink(
            atPath: templates.appendingPathComponent("shared/section.yaml").path,
            withDestinationPath: target.appendingPathComponent("section.yaml").path)
        try fileManager.createSymbolicLink(
            atPath: templates.appendingPathComponent("images/logo.png").path,
            withDestinationPath: target.appendingPathComponent("logo.png").path)
        return (templates, outside)
    }

    @Test func symbolicLinksLeavingTheFolderAreErrors() throws {
        // Both folders stay while `folders` lives: the links point into the outside one.
        let folders = try Self.folder(inside: false)
        let templates = folders.templates
        var parser = TemplateParser(file: "brand.yaml", templates: .onDisk(templates.path))
        let parsed = parser.parse(Self.template, id: "brand")
        #expect(parsed == nil)
        let logo = try #require(parser.diagnostics.first { $0.code == "template.logo-outside" }, "\(parser.diagnostics)")
        #expect(logo.location?.line == 4)
        #expect(logo.message.contains("symbolic link"))
        let include = try #require(parser.diagnostics.first { $0.code == "template.include-outside" }, "\(parser.diagnostics)")
        #expect(include.location?.line == 7)
    }

    @Test func symbolicLinksInsideTheFolderAreRead() throws {
        let folders = try Self.folder(inside: true)
        let templates = folders.templates
        var parser = TemplateParser(file: "brand.yaml", templates: .onDisk(templates.path))
        let parsed = parser.parse(Self.template, id: "brand")
        let template = try #require(parsed, "\(parser.diagnostics)")
        #expect(template.settings.theme.logo != nil)
        #expect(template.blocks.count == 2)
    }

    @Test func aFolderLinkOutOfTheTemplatesFolderIsAnError() throws {
        let templates = try ReportTestSupport.templatesFolder(["brand.yaml": Self.template])
        let outside = try TemporaryFolder()
        try Data("blocks:\n  - heading: Jaettu\n".utf8).write(to: outside.appendingPathComponent("section.yaml"))
        try FileManager.default.createSymbolicLink(atPath: templates.appendingPathComponent("shared").path, withDestinationPath: outside.path)
        var parser = TemplateParser(file: "brand.yaml", templates: .onDisk(templates.path))
        _ = parser.parse(Self.template.replacingOccurrences(of: "  theme: {logo: images/logo.png}\n", with: ""), id: "brand")
        #expect(parser.diagnostics.contains { $0.code == "template.include-outside" }, "\(parser.diagnostics)")
    }

    @Test func aFIFOIsNotOpened() throws {
        let templates = try ReportTestSupport.templatesFolder(["brand.yaml": Self.template])
        try FileManager.default.createDirectory(at: templates.appendingPathComponent("shared"), withIntermediateDirectories: true)
        #expect(mkfifo(templates.appendingPathComponent("shared/section.yaml").path, 0o600) == 0)
        var parser = TemplateParser(file: "brand.yaml", templates: .onDisk(templates.path))
        _ = parser.parse(Self.template.replacingOccurrences(of: "  theme: {logo: images/logo.png}\n", with: ""), id: "brand")
        #expect(parser.diagnostics.contains { $0.code == "template.include-not-file" }, "\(parser.diagnostics)")
    }
}
