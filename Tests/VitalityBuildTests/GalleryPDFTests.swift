import Foundation
import Testing
import VitalityTestSupport
import VitalityBuild
import VitalityRender
import VitalityScene

/// `vitality gallery --formats pdf` and `--benchmark` render every example chart as PDF. Each
/// example starts with an opaque white rectangle over the whole chart, which made Cairo 1.16
/// drop the `Document` and `Figure` tags begun before it ("invalid tag nesting").
@Suite(.serialized) struct GalleryPDFTests {
    @Test func everyGalleryExampleRendersAsPDF() throws {
        let measurer = PangoTextMeasurer()
        let scenes = GalleryBuilder.scenes(measurer: measurer)
        #expect(!scenes.isEmpty)
        for (name, scene) in scenes {
            do {
                let bytes = try Renderer.pdf(scene, metadata: DocumentMetadata(title: scene.title, creationDate: "2021-12-31T00:00:00Z"))
                #expect(bytes.starts(with: Array("%PDF-".utf8)), "\(name)")
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
    }

    @Test func aFigureWhoseFirstShapeCoversThePageIsTagged() throws {
        var scene = Scene(size: Size(200, 100))
        scene.items = [
            .shape(.rect(Rect(x: 0, y: 0, width: 200, height: 100)), fill: Color(hex: 0xFFFFFF), stroke: nil),
            .shape(.rect(Rect(x: 10, y: 10, width: 50, height: 50)), fill: Color(hex: 0x0B4F8A), stroke: nil),
        ]
        scene.altText = "A blue square."
        let bytes = try Renderer.pdf(scene, metadata: DocumentMetadata(title: "square"))
        #expect(String(decoding: bytes, as: UTF8.self).contains("/Figure"))
    }

    @Test func galleryCommandWritesPDFs() throws {
        guard let executable = TestSupport.executable else {
            Issue.record("vitality executable not built")
            return
        }
        let output = try TemporaryFolder()
        let result = try ProcessRunner.run(executable.path, ["gallery", "--output", output.path, "--formats", "pdf"])
        #expect(result.status == 0, "\(result.stderr)")
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".pdf") }
        #expect(pdfs.count >= 10)
    }
}
