import Testing
import VitalityScene

@testable import VitalityRender

/// Kept layouts draw what fresh ones draw, and a text set in any other way is laid out anew.
@Suite struct TextLayoutCacheTests {
    static let name = "Mänttä-Vilppula, Orivesi ja Ruovesi"
    static let regular = TextStyle(font: Font(size: 10))

    /// The same words in boxes and styles that Pango lays out differently: a cache keyed on
    /// the text alone would draw the first scene's layout into the second.
    static let wide = Scene(
        size: Size(220, 120),
        items: [
            .text(TextItem(name, frame: Rect(x: 10, y: 10, width: 200, height: 14), style: regular)),
            .text(TextItem(name, frame: Rect(x: 10, y: 40, width: 200, height: 14), style: regular)),
            .text(TextItem(name, frame: Rect(x: 10, y: 60, width: 14, height: 200), style: regular, rotation: .counterclockwise)),
        ])
    static let narrow = Scene(
        size: Size(220, 120),
        items: [
            .text(TextItem(name, frame: Rect(x: 10, y: 10, width: 80, height: 40), style: regular, wraps: true)),
            .text(
                TextItem(
                    name, frame: Rect(x: 10, y: 60, width: 200, height: 14),
                    style: TextStyle(font: Font(size: 10), color: Color(hex: 0xAA0000), alignment: .trailing))),
            .text(TextItem(name, frame: Rect(x: 10, y: 80, width: 200, height: 14), style: TextStyle(font: Font(size: 10, weight: .bold)))),
            .text(TextItem(name, frame: Rect(x: 10, y: 100, width: 60, height: 14), style: regular)),
        ])

    @Test func keptLayoutsDrawWhatFreshOnesDraw() throws {
        let shared = TextLayoutCache()
        for scene in [Self.wide, Self.narrow, Self.wide, Self.narrow] {
            #expect(try Renderer.png(scene, dpi: 150, layouts: shared) == Renderer.png(scene, dpi: 150))
            let metadata = DocumentMetadata(title: "Nimet")
            #expect(try Renderer.pdf(scene, metadata: metadata, layouts: shared) == Renderer.pdf(scene, metadata: metadata))
            #expect(try Renderer.png(scene, dpi: 96, layouts: shared) == Renderer.png(scene, dpi: 96))
        }
    }

    /// One layout per way of setting the text and per context (surface kind, scale, rotation);
    /// the colour is not part of a layout.
    @Test func keepsOneLayoutPerSettingAndContext() throws {
        let layouts = TextLayoutCache()
        _ = try Renderer.png(Self.wide, dpi: 150, layouts: layouts)
        // Two identical horizontal texts share a layout; the rotated one has its own context.
        #expect(layouts.layoutCount == 2)
        _ = try Renderer.png(Self.wide, dpi: 150, layouts: layouts)
        #expect(layouts.layoutCount == 2)
        let recoloured = Scene(
            size: Size(220, 120),
            items: [
                .text(
                    TextItem(
                        Self.name, frame: Rect(x: 30, y: 70, width: 200, height: 14),
                        style: TextStyle(font: Font(size: 10), color: Color(hex: 0x0000AA))))
            ])
        _ = try Renderer.png(recoloured, dpi: 150, layouts: layouts)
        #expect(layouts.layoutCount == 2)
        _ = try Renderer.png(Self.narrow, dpi: 150, layouts: layouts)
        // Wrapped at 80, trailing, bold and 60 wide are four more (the red colour is not a fifth).
        #expect(layouts.layoutCount == 6)
        _ = try Renderer.png(Self.wide, dpi: 96, layouts: layouts)
        #expect(layouts.layoutCount == 8)
        _ = try Renderer.pdf(Self.wide, metadata: DocumentMetadata(title: "Nimet"), layouts: layouts)
        #expect(layouts.layoutCount == 10)
    }

    /// Past its limit the cache lets every layout go and starts again, so memory stays bounded.
    @Test func startsAgainPastItsLimit() throws {
        let layouts = TextLayoutCache()
        let items = (0...TextLayoutCache.layoutLimit).map { number in
            SceneItem.text(TextItem("\(number)", frame: Rect(x: 0, y: 0, width: 40, height: 12), style: Self.regular))
        }
        _ = try Renderer.png(Scene(size: Size(40, 12), items: items), dpi: 10, layouts: layouts)
        #expect(layouts.layoutCount == 1)
    }
}
