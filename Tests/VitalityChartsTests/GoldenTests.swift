import Foundation
import Testing
import VitalityScene
@testable import VitalityCharts
@testable import VitalityRender

/// Reference PNGs of every chart type (the gallery examples at 72 dpi) in `Golden/`.
///
/// **Exact on the pinned platform.** The references were drawn on Debian 12 with cairo 1.16,
/// pango 1.50 and the DejaVu fonts of `fonts-dejavu-core`. When the test process runs on that
/// (cairo 1.16.x and pango 1.50.x as the libraries report themselves at run time, and
/// `DejaVuSans.ttf` installed), a chart matches only when every decoded pixel is equal to the
/// reference's: a one-digit change of a value label, a bar 1 % longer or a colour 10/255 off all
/// fail (`exactComparisonCatchesASmallChange`).
///
/// **Elsewhere the goldens are skipped**, since other cairo, pango, FreeType or font builds move
/// glyph edges by fractions of a pixel. `VITALITY_GOLDEN_TOLERANT=1` asks for the old tolerant
/// comparison there instead: a pixel matches when no channel differs by more than 40/255, a
/// chart when 99.8 % of its pixels match. That catches a moved axis or a missing bar, not a
/// changed digit; it is never used on the pinned platform.
///
/// After an intended change: `VITALITY_UPDATE_GOLDEN=1 swift test --filter Golden` rewrites the
/// references (on the pinned platform only). On a mismatch the test writes `<name>.diff.png`
/// (differing pixels red on the faded reference) and `<name>.actual.png` to
/// `.build/golden-diff/` and names them in the failure.
@Suite struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let diffFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/golden-diff")
    static let scenes = GalleryScenes.all()

    static func scene(_ name: String) throws -> Scene {
        try #require(scenes.first { $0.0 == name }?.1, "no gallery scene \(name)")
    }

    static func reference(_ name: String) throws -> RasterImage {
        let path = folder.appendingPathComponent("\(name).png").path
        return try #require(
            RasterImage.readPNG(path), "missing reference \(path); run VITALITY_UPDATE_GOLDEN=1 swift test --filter Golden")
    }

    @Test(.enabled(if: GoldenMode.current != .skipped, GoldenMode.skipReason), arguments: GalleryScenes.names())
    func chartMatchesItsReference(name: String) throws {
        let actual = try Renderer.rasterize(try Self.scene(name), dpi: 72)
        if ProcessInfo.processInfo.environment["VITALITY_UPDATE_GOLDEN"] == "1" {
            try #require(GoldenMode.current == .exact, "references are drawn on the pinned platform only: \(GoldenMode.platform)")
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try Data(try actual.pngBytes()).write(to: Self.folder.appendingPathComponent("\(name).png"))
            return
        }
        let expected = try Self.reference(name)
        let comparison = GoldenComparison(expected, actual, mode: GoldenMode.current)
        if !comparison.matches {
            try FileManager.default.createDirectory(at: Self.diffFolder, withIntermediateDirectories: true)
            let diffPath = Self.diffFolder.appendingPathComponent("\(name).diff.png")
            if let diff = comparison.diff { try Data(try diff.pngBytes()).write(to: diffPath) }
            try Data(try actual.pngBytes()).write(to: Self.diffFolder.appendingPathComponent("\(name).actual.png"))
            Issue.record("\(name): \(comparison.summary); diff in \(diffPath.path)")
        }
    }

    /// A small change to a golden scene that the exact comparison must catch.
    enum Change: String, CaseIterable, Sendable, CustomTestStringConvertible {
        /// The highlighted value label `3 020` reads `3 025`.
        case valueLabelOneDigit
        /// A category name with one letter changed: `Kangasala` → `Kangasola`.
        case categoryNameOneLetter
        /// The highlighted bar 1 % longer, on the same baseline.
        case barOnePercentLonger
        /// The highlight colour's blue 10/255 lower on the highlighted bar.
        case highlightColourTenOff

        var testDescription: String { rawValue }

        func apply(to scene: Scene) -> Scene? {
            switch self {
            case .valueLabelOneDigit:
                return SceneEdit.firstText(in: scene, where: { $0.text == "3\u{00A0}020" }) { $0.text = "3\u{00A0}025" }
            case .categoryNameOneLetter:
                return SceneEdit.firstText(in: scene, where: { $0.text == "Kangasala" }) { $0.text = "Kangasola" }
            case .barOnePercentLonger:
                return SceneEdit.firstRect(in: scene, where: { $1 == ChartTheme.standard.highlight }) { rect, _ in
                    // Vertical bars grow upwards from the axis: the bottom edge stays.
                    let longer = rect.height * 1.01
                    rect = Rect(x: rect.x, y: rect.y + rect.height - longer, width: rect.width, height: longer)
                }
            case .highlightColourTenOff:
                return SceneEdit.firstRect(in: scene, where: { $1 == ChartTheme.standard.highlight }) { _, fill in
                    fill.blue -= 10.0 / 255
                }
            }
        }
    }

    /// The exact comparison fails on each change, while the unchanged scene matches; on the
    /// pinned platform against the reference PNG, elsewhere against this machine's own drawing.
    @Test(arguments: Change.allCases)
    func exactComparisonCatchesASmallChange(_ change: Change) throws {
        let scene = try Self.scene("vertical-bars")
        let changed = try #require(change.apply(to: scene), "the vertical bars no longer have what \(change) changes")
        #expect(changed != scene)
        let unchanged = try Renderer.rasterize(scene, dpi: 72)
        let reference = GoldenMode.current == .exact ? try Self.reference("vertical-bars") : unchanged
        #expect(GoldenComparison(reference, unchanged, mode: .exact).matches)
        let comparison = GoldenComparison(reference, try Renderer.rasterize(changed, dpi: 72), mode: .exact)
        #expect(!comparison.matches, "\(change) passes the exact comparison")
        #expect(comparison.differingPixels > 0)
    }

    /// The tolerant comparison (the opt-in off the pinned platform) still notices a bar 10 %
    /// longer and accepts an identical picture.
    @Test func tolerantComparisonNoticesABarTenPercentLonger() throws {
        let spec = try #require(ChartGallery.samples().first { $0.name == "vertical-bars" }?.spec.bar, "no vertical-bars sample")
        var longer = spec
        longer.categories[2].values[0] = (longer.categories[2].values[0] ?? 0) * 1.1
        let measurer = PangoTextMeasurer()
        let before = try Renderer.rasterize(ChartLayout.layout(spec, size: Size(480, 300), measurer: measurer), dpi: 72)
        let after = try Renderer.rasterize(ChartLayout.layout(longer, size: Size(480, 300), measurer: measurer), dpi: 72)
        #expect(!GoldenComparison(before, after, mode: .tolerant).matches)
        #expect(GoldenComparison(before, before, mode: .tolerant).matches)
    }

    /// On the pinned platform the goldens must run exactly; the platform check itself is what
    /// decides, so it must recognise this machine when it is the pinned one.
    @Test func pinnedPlatformIsRecognisedFromTheLibraryVersions() {
        #expect(GoldenMode.isPinned(versions: "cairo 1.16.0, pango 1.50.12, libdeflate 1.14", dejaVu: true))
        #expect(!GoldenMode.isPinned(versions: "cairo 1.18.0, pango 1.50.12, libdeflate 1.19", dejaVu: true))
        #expect(!GoldenMode.isPinned(versions: "cairo 1.16.0, pango 1.52.1, libdeflate 1.14", dejaVu: true))
        #expect(!GoldenMode.isPinned(versions: "cairo 1.16.0, pango 1.50.12, libdeflate 1.14", dejaVu: false))
        #expect(GoldenMode.mode(pinned: true, tolerantOptIn: true) == .exact)
        #expect(GoldenMode.mode(pinned: false, tolerantOptIn: true) == .tolerant)
        #expect(GoldenMode.mode(pinned: false, tolerantOptIn: false) == .skipped)
    }
}

/// How the goldens are compared on this machine.
enum GoldenMode: Equatable, Sendable {
    /// Every decoded pixel equal: the pinned platform.
    case exact
    /// 40/255 per channel and 99.8 % of pixels: elsewhere, with `VITALITY_GOLDEN_TOLERANT=1`.
    case tolerant
    /// Elsewhere, without the opt-in.
    case skipped

    static let fontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    static let platform = "\(Renderer.libraryVersions), DejaVu Sans \(FileManager.default.fileExists(atPath: fontFile) ? "installed" : "missing")"

    static let current = mode(
        pinned: isPinned(versions: Renderer.libraryVersions, dejaVu: FileManager.default.fileExists(atPath: fontFile)),
        tolerantOptIn: ProcessInfo.processInfo.environment["VITALITY_GOLDEN_TOLERANT"] == "1")

    static let skipReason: Comment = """
        goldens are exact on Debian 12 (cairo 1.16, pango 1.50, DejaVu) only; this is \(platform). \
        VITALITY_GOLDEN_TOLERANT=1 compares with the tolerance instead
        """

    /// cairo 1.16.x and pango 1.50.x (as `Renderer.libraryVersions` reports them) with DejaVu Sans.
    static func isPinned(versions: String, dejaVu: Bool) -> Bool {
        dejaVu && versions.hasPrefix("cairo 1.16.") && versions.contains(", pango 1.50.")
    }

    static func mode(pinned: Bool, tolerantOptIn: Bool) -> GoldenMode {
        pinned ? .exact : tolerantOptIn ? .tolerant : .skipped
    }
}

/// A reference against a drawing: how many pixels differ, and whether that passes.
struct GoldenComparison {
    static let channelTolerance: Int32 = 40
    static let matchingShare = 0.998

    let mode: GoldenMode
    let sameSize: Bool
    /// Pixels with any channel different (exact) or more than 40/255 different (tolerant).
    let differingPixels: Int
    let pixelCount: Int
    /// Differing pixels red on the faded reference; nil when the sizes differ.
    let diff: RasterImage?

    init(_ expected: RasterImage, _ actual: RasterImage, mode: GoldenMode) {
        self.mode = mode
        sameSize = expected.width == actual.width && expected.height == actual.height
        pixelCount = expected.pixels.count
        guard sameSize else {
            differingPixels = max(expected.pixels.count, actual.pixels.count)
            diff = nil
            return
        }
        let tolerance = mode == .tolerant ? Self.channelTolerance : 0
        var differing = 0
        var pixels = [UInt32](repeating: 0, count: expected.pixels.count)
        for index in expected.pixels.indices {
            let (a, b) = (expected.pixels[index], actual.pixels[index])
            let same = [16, 8, 0].allSatisfy { shift in abs(Int32((a >> shift) & 0xFF) - Int32((b >> shift) & 0xFF)) <= tolerance }
            if same {
                // Faded reference: a quarter of the way from white.
                let faded = [16, 8, 0].map { shift -> UInt32 in 255 - (255 - ((a >> shift) & 0xFF)) / 4 }
                pixels[index] = faded[0] << 16 | faded[1] << 8 | faded[2]
            } else {
                differing += 1
                pixels[index] = 0xFF0000
            }
        }
        differingPixels = differing
        diff = RasterImage(width: expected.width, height: expected.height, pixels: pixels)
    }

    var matches: Bool {
        guard sameSize else { return false }
        switch mode {
        case .exact: return differingPixels == 0
        case .tolerant, .skipped:
            let share = pixelCount == 0 ? 1 : Double(pixelCount - differingPixels) / Double(pixelCount)
            return share >= Self.matchingShare
        }
    }

    var summary: String {
        guard sameSize else { return "size changed" }
        switch mode {
        case .exact: return "\(differingPixels) of \(pixelCount) pixels differ (exact comparison)"
        case .tolerant, .skipped:
            return "\(differingPixels) of \(pixelCount) pixels differ by more than \(Self.channelTolerance)/255 "
                + "(at most \(Int(Double(pixelCount) * (1 - Self.matchingShare))) may)"
        }
    }
}

/// Edits of a laid-out scene that keep everything else as it was.
enum SceneEdit {
    /// The scene with the first text item that `matches` changed by `edit`; nil when none matches.
    static func firstText(in scene: Scene, where matches: (TextItem) -> Bool, _ edit: (inout TextItem) -> Void) -> Scene? {
        firstItem(in: scene) { item in
            guard case .text(var text) = item, matches(text) else { return nil }
            edit(&text)
            return .text(text)
        }
    }

    /// The scene with the first filled rectangle that `matches` changed by `edit`; nil when none matches.
    static func firstRect(
        in scene: Scene, where matches: (Rect, Color) -> Bool, _ edit: (inout Rect, inout Color) -> Void
    ) -> Scene? {
        firstItem(in: scene) { item in
            guard case .shape(.rect(var rect, let radius), var fill?, let stroke) = item, matches(rect, fill) else { return nil }
            edit(&rect, &fill)
            return .shape(.rect(rect, cornerRadius: radius), fill: fill, stroke: stroke)
        }
    }

    /// Replaces the first item (groups searched depth-first) for which `replacement` gives one.
    static func firstItem(in scene: Scene, _ replacement: (SceneItem) -> SceneItem?) -> Scene? {
        func replace(_ items: inout [SceneItem]) -> Bool {
            for index in items.indices {
                if let new = replacement(items[index]) {
                    items[index] = new
                    return true
                }
                if case .group(var children, let offset, let scale, let clip) = items[index], replace(&children) {
                    items[index] = .group(children, offset: offset, scale: scale, clip: clip)
                    return true
                }
            }
            return false
        }
        var result = scene
        return replace(&result.items) ? result : nil
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
