import Foundation
import Testing
import VitalityScene
@testable import VitalityCharts
@testable import VitalityRender

/// Reference PNGs of every chart type (the gallery examples at 72 dpi) in `Golden/`.
///
/// Tolerance: a pixel matches when no channel differs by more than 40 of 255, and a chart
/// matches when at least 99.8 % of its pixels match. Cairo/FreeType/HarfBuzz versions differ in
/// hinting and antialiasing, which moves glyph edges by a fraction of a pixel: that changes edge
/// pixels by small amounts (absorbed by the 40) and, at worst, flips a few hundred edge pixels
/// (absorbed by the 0.2 %, ≈ 290 pixels of a 480 × 300 chart). A moved axis, a bar of another
/// length or a missing bar changes far more. Single missing labels are the geometry tests' job.
///
/// After an intended change: `VITALITY_UPDATE_GOLDEN=1 swift test --filter Golden` rewrites the
/// references. On a mismatch the test writes `<name>.diff.png` (differing pixels red on the faded
/// reference) and `<name>.actual.png` to `.build/golden-diff/` and names them in the failure.
@Suite struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let diffFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/golden-diff")
    static let channelTolerance: Int32 = 40
    static let matchingShare = 0.998
    static let scenes = GalleryScenes.all()

    @Test(arguments: GalleryScenes.names())
    func chartMatchesItsReference(name: String) throws {
        guard let scene = Self.scenes.first(where: { $0.0 == name })?.1 else {
            Issue.record("no gallery scene \(name)")
            return
        }
        let actual = try Renderer.rasterize(scene, dpi: 72)
        let path = Self.folder.appendingPathComponent("\(name).png")
        if ProcessInfo.processInfo.environment["VITALITY_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try Data(try actual.pngBytes()).write(to: path)
            return
        }
        guard let expected = RasterImage.readPNG(path.path) else {
            Issue.record("missing reference \(path.path); run VITALITY_UPDATE_GOLDEN=1 swift test --filter Golden")
            return
        }
        #expect(actual.width == expected.width && actual.height == expected.height, "\(name): size changed")
        guard actual.width == expected.width, actual.height == expected.height else { return }
        let (share, diff) = Self.compare(expected, actual)
        if share < Self.matchingShare {
            try FileManager.default.createDirectory(at: Self.diffFolder, withIntermediateDirectories: true)
            let diffPath = Self.diffFolder.appendingPathComponent("\(name).diff.png")
            try Data(try diff.pngBytes()).write(to: diffPath)
            try Data(try actual.pngBytes()).write(to: Self.diffFolder.appendingPathComponent("\(name).actual.png"))
            Issue.record("\(name): only \(share * 100) % of pixels match (need \(Self.matchingShare * 100) %); diff in \(diffPath.path)")
        }
    }

    @Test func comparisonNoticesAMovedBar() throws {
        // The tolerance must not hide a real change: the vertical bars with one bar 10 % longer.
        guard case .bar(var spec) = ChartGallery.samples().first(where: { $0.name == "vertical-bars" })?.spec else {
            Issue.record("no vertical-bars sample")
            return
        }
        let measurer = PangoTextMeasurer()
        let before = try Renderer.rasterize(ChartLayout.layout(spec, size: Size(480, 300), measurer: measurer), dpi: 72)
        spec.categories[2].values[0] = (spec.categories[2].values[0] ?? 0) * 1.1
        let after = try Renderer.rasterize(ChartLayout.layout(spec, size: Size(480, 300), measurer: measurer), dpi: 72)
        #expect(Self.compare(before, after).share < Self.matchingShare)
        #expect(Self.compare(before, before).share == 1)
    }

    /// The share of matching pixels and a diff image.
    static func compare(_ expected: RasterImage, _ actual: RasterImage) -> (share: Double, diff: RasterImage) {
        var matching = 0
        var pixels = [UInt32](repeating: 0, count: expected.pixels.count)
        for index in expected.pixels.indices {
            let (a, b) = (expected.pixels[index], actual.pixels[index])
            let same = [16, 8, 0].allSatisfy { shift in abs(Int32((a >> shift) & 0xFF) - Int32((b >> shift) & 0xFF)) <= channelTolerance }
            if same {
                matching += 1
                // Faded reference: a quarter of the way from white.
                let faded = [16, 8, 0].map { shift -> UInt32 in 255 - (255 - ((a >> shift) & 0xFF)) / 4 }
                pixels[index] = faded[0] << 16 | faded[1] << 8 | faded[2]
            } else {
                pixels[index] = 0xFF0000
            }
        }
        let share = expected.pixels.isEmpty ? 1 : Double(matching) / Double(expected.pixels.count)
        return (share, RasterImage(width: expected.width, height: expected.height, pixels: pixels))
    }
}

/// The gallery's scenes, laid out once.
enum GalleryScenes {
    static func all() -> [(String, Scene)] {
        let measurer = PangoTextMeasurer()
        var result = ChartGallery.samples().map { ($0.name, ChartLayout.layout($0.spec, size: $0.size, measurer: measurer)) }
        if let table = TableLayout.pieces(ChartGallery.table(), width: 300, firstHeight: 400, height: 400, measurer: measurer).first {
            result.append(("table", table))
        }
        return result
    }

    static func names() -> [String] { ChartGallery.samples().map(\.name) + ["table"] }
}
