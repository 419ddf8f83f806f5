import Testing
import VitalityScene
@testable import VitalityRender

@Suite struct PNGRenderTests {
    static let red = Color(hex: 0xFF0000)

    @Test func pixelSizeFollowsDPI() throws {
        let scene = Scene(size: Size(720, 360))
        let png = try Renderer.png(scene, dpi: 150)
        // Signature (8) + IHDR length (4) + "IHDR" (4), then width and height big-endian.
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: png[12..<16], as: UTF8.self) == "IHDR")
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        // 720 pt × 150/72 = 1500 px, 360 pt × 150/72 = 750 px.
        #expect(width == 1500)
        #expect(height == 750)
    }

    @Test func filledRectLandsOnExpectedPixels() throws {
        let scene = Scene(size: Size(300, 200), items: [
            .shape(.rect(Rect(x: 100, y: 50, width: 100, height: 50)), fill: Self.red, stroke: nil),
        ])
        let image = try Renderer.rasterize(scene, dpi: 144)
        // 144 dpi = 2 px per pt: the rect covers x 200..<400, y 100..<200.
        #expect(image.width == 600 && image.height == 400)
        #expect(image.pixel(300, 150) == (255, 0, 0))
        #expect(image.pixel(200, 100) == (255, 0, 0))
        #expect(image.pixel(199, 150) == (255, 255, 255))
        #expect(image.pixel(400, 150) == (255, 255, 255))
        #expect(image.pixel(300, 200) == (255, 255, 255))
        #expect(image.pixel(10, 10) == (255, 255, 255))
    }

    @Test func rendersAreByteIdentical() throws {
        let scene = Scene(size: Size(200, 100), items: [
            .shape(.circle(center: Point(50, 50), radius: 30), fill: Self.red, stroke: StrokeStyle(color: .black, width: 2)),
            .text(TextItem("Väkiluku −0,7 %", frame: Rect(x: 90, y: 40, width: 100, height: 12), style: bodyStyle)),
        ])
        #expect(try Renderer.png(scene, dpi: 150) == Renderer.png(scene, dpi: 150))
    }

    @Test func strokeDrawsOverFillAndRoundedCornersStayWhite() throws {
        let scene = Scene(size: Size(100, 100), items: [
            .shape(.rect(Rect(x: 10, y: 10, width: 80, height: 80), cornerRadius: 20), fill: Self.red,
                   stroke: StrokeStyle(color: .black, width: 4)),
        ])
        let image = try Renderer.rasterize(scene, dpi: 72)
        #expect(image.pixel(50, 50) == (255, 0, 0))
        // The left edge stroke spans x 8…12 at mid-height.
        #expect(image.pixel(10, 50) == (0, 0, 0))
        // Corner (11, 11) lies outside the rounded corner of radius 20 centred at (30, 30).
        #expect(image.pixel(11, 11) == (255, 255, 255))
    }

    @Test func dashedLineHasGaps() throws {
        let scene = Scene(size: Size(220, 20), items: [
            .shape(.path([.move(Point(10, 10)), .line(Point(210, 10))]), fill: nil,
                   stroke: StrokeStyle(color: .black, width: 4, dash: [10, 10])),
        ])
        let image = try Renderer.rasterize(scene, dpi: 72)
        var dashes = 0
        var previous = false
        for x in 0..<image.width {
            let ink = image.isInk(x, 10)
            if ink && !previous { dashes += 1 }
            previous = ink
        }
        // 200 pt of line with a 10 on / 10 off pattern: 10 dashes.
        #expect(dashes == 10)
    }

    @Test func groupTranslatesScalesAndClips() throws {
        let scene = Scene(size: Size(200, 200), items: [
            .group([.shape(.rect(Rect(x: 0, y: 0, width: 50, height: 50)), fill: Self.red, stroke: nil)],
                   offset: Point(100, 100), scale: 2, clip: Rect(x: 0, y: 0, width: 25, height: 50)),
        ])
        let image = try Renderer.rasterize(scene, dpi: 72)
        // Scaled ×2 at (100,100): 100 pt wide, but clipped to 25 group units = 50 pt: x 100..<150.
        #expect(image.pixel(120, 150) == (255, 0, 0))
        #expect(image.pixel(160, 150) == (255, 255, 255))
        #expect(image.pixel(90, 150) == (255, 255, 255))
    }

    @Test func counterclockwiseTextStaysInsideItsFootprint() throws {
        let measurer = PangoTextMeasurer()
        let metrics = measurer.measure("Väestö, henkeä", style: bodyStyle)
        // Rotated footprint: as wide as the line is tall, as tall as the line is long.
        let frame = Rect(x: 20, y: 30, width: metrics.height, height: metrics.width)
        let scene = Scene(size: Size(100, 150), items: [
            .text(TextItem("Väestö, henkeä", frame: frame, style: bodyStyle, rotation: .counterclockwise)),
        ])
        let image = try Renderer.rasterize(scene, dpi: 72)
        let ink = try #require(image.inkBounds)
        #expect(ink.minX >= 19 && ink.maxX <= Int(frame.maxX) + 1)
        #expect(ink.minY >= 29 && ink.maxY <= Int(frame.maxY) + 1)
        // Reads upwards: far taller than wide.
        #expect(ink.maxY - ink.minY > 3 * (ink.maxX - ink.minX))
    }

    @Test func unwrappedTextAlignsInsideItsFrame() throws {
        let frame = Rect(x: 10, y: 10, width: 200, height: 14)
        func inkSpan(_ alignment: TextAlignment) throws -> (Int, Int) {
            let style = TextStyle(font: Font(size: 10), alignment: alignment)
            let scene = Scene(size: Size(220, 40), items: [.text(TextItem("1 234", frame: frame, style: style))])
            let ink = try #require(try Renderer.rasterize(scene, dpi: 72).inkBounds)
            return (ink.minX, ink.maxX)
        }
        let leading = try inkSpan(.leading)
        let center = try inkSpan(.center)
        let trailing = try inkSpan(.trailing)
        #expect(leading.0 >= 10 && leading.0 <= 13)
        // Trailing ink ends at the frame's right edge (210) within the side bearing.
        #expect(trailing.1 >= 206 && trailing.1 <= 210)
        // Centred ink midpoint near 110.
        #expect(abs((center.0 + center.1) / 2 - 110) <= 2)
    }

    @Test func wrappedTextUsesPredictedLines() throws {
        let text = "Alueella olevien työpaikkojen lukumäärä kasvoi selvästi ohjelmakauden aikana"
        let measurer = PangoTextMeasurer()
        let metrics = measurer.measure(text, style: bodyStyle, maxWidth: 100, maxLines: nil)
        let frame = Rect(x: 10, y: 10, width: 100, height: metrics.height)
        let scene = Scene(size: Size(140, 140), items: [.text(TextItem(text, frame: frame, style: bodyStyle, wraps: true))])
        let ink = try #require(try Renderer.rasterize(scene, dpi: 72).inkBounds)
        #expect(metrics.lineCount >= 4)
        #expect(ink.maxX <= 111)
        // Ink reaches into the last line: below the top of line n, inside the frame.
        let lineHeight = metrics.height / Double(metrics.lineCount)
        #expect(Double(ink.maxY) > frame.maxY - lineHeight)
        #expect(Double(ink.maxY) <= frame.maxY + 1)
    }

    @Test func invalidSizesThrow() {
        #expect(throws: RenderError.self) { try Renderer.png(Scene(size: Size(0, 100)), dpi: 72) }
        #expect(throws: RenderError.self) { try Renderer.png(Scene(size: Size(.nan, 100)), dpi: 72) }
        // 20 000 pt × 150/72 ≈ 41 667 px > 32 767.
        #expect(throws: RenderError.self) { try Renderer.png(Scene(size: Size(20_000, 10)), dpi: 150) }
        #expect(throws: RenderError.self) { try Renderer.png(Scene(size: Size(100, 100)), dpi: 0) }
    }
}
