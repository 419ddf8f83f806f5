import CCairo
import Testing
import VitalityScene
@testable import VitalityRender

/// The libdeflate PNG writer (issue 12): the same pixels as cairo's own writer, a well-formed
/// file with IHDR, pHYs, IDAT and IEND only, and the same bytes for the same scene.
@Suite struct PNGEncoderTests {
    /// Shapes in several colours, translucent fills over each other, a dashed line and text:
    /// anti-aliased edges give many distinct colours, as charts do.
    static let scene = Scene(size: Size(240, 130), items: [
        .shape(.rect(Rect(x: 10, y: 10, width: 120, height: 60)), fill: Color(hex: 0x0072B2), stroke: nil),
        .shape(.circle(center: Point(120, 70), radius: 40), fill: Color(hex: 0xE69F00, alpha: 0.6),
               stroke: StrokeStyle(color: .black, width: 1.5)),
        .shape(.path([.move(Point(5, 120)), .line(Point(235, 20))]), fill: nil,
               stroke: StrokeStyle(color: Color(hex: 0xD55E00), width: 2, dash: [6, 3])),
        .text(TextItem("Väkiluku −0,7 % 2021", frame: Rect(x: 140, y: 95, width: 95, height: 14), style: bodyStyle)),
    ])

    static let writers: [PNGWriter] = [.standard] + [1, 6, 12].flatMap { level in
        PNGRowFilter.allCases.map { PNGWriter.libdeflate(level: level, filter: $0) }
    }

    @Test(arguments: writers)
    func decodesToCairosPixels(writer: PNGWriter) throws {
        // 150 dpi: 500×271 px. Both writers encode the same raster; Cairo decodes both.
        let (ours, cairos) = try Renderer.withRasterEncoder(Self.scene, dpi: 150) { encode throws(RenderError) in
            (try encode(writer), try encode(.cairo))
        }
        let decoded = try #require(RasterImage.decodePNG(ours))
        let reference = try #require(RasterImage.decodePNG(cairos))
        #expect(decoded.width == 500 && decoded.height == 271)
        #expect(decoded == reference)
        #expect(decoded == (try Renderer.rasterize(Self.scene, dpi: 150)))
        #expect(Set(decoded.pixels).count > 50, "the test scene should have many colours")
    }

    @Test func fileHasExactlyTheExpectedChunks() throws {
        let png = try Renderer.png(Self.scene, dpi: 150)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let chunks = try #require(Self.chunks(png))
        let types = chunks.map(\.type)
        #expect(types.first == "IHDR" && types.dropFirst().first == "pHYs" && types.last == "IEND")
        #expect(Set(types) == ["IHDR", "pHYs", "IDAT", "IEND"])
        let header = try #require(chunks.first?.data)
        // 500 × 271 px, bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace.
        #expect(header == Self.bytes(500) + Self.bytes(271) + [8, 2, 0, 0, 0])
        let physical = try #require(chunks.dropFirst().first?.data)
        // 150 dpi = 5905.5… px/m, rounded to 5906, on both axes; unit metre.
        #expect(physical == Self.bytes(5906) + Self.bytes(5906) + [1])
        #expect(chunks.last?.data.isEmpty == true)
    }

    /// 135×77 px, 1×1 px and 139×2 px: rows of odd byte counts, a single pixel.
    @Test(arguments: [(97.0, 100.5, 57.2), (72, 1, 1), (300, 33.3, 0.5)])
    func oddSizesRoundTrip(dpi: Double, width: Double, height: Double) throws {
        let scene = Scene(size: Size(width, height), items: [
            .shape(.rect(Rect(x: width / 3, y: 0, width: width / 3, height: height)), fill: Color(hex: 0x009E73), stroke: nil),
        ])
        let png = try Renderer.png(scene, dpi: dpi)
        let decoded = try #require(RasterImage.decodePNG(png))
        let expected = try Renderer.rasterize(scene, dpi: dpi)
        #expect(decoded == expected)
        #expect(decoded.width == Int((width * dpi / 72).rounded()) && decoded.height == Int((height * dpi / 72).rounded()))
        #expect(decoded.width % 2 == 1 || decoded.height % 2 == 1)
    }

    @Test func sameSceneGivesSameBytes() throws {
        let first = try Renderer.png(Self.scene, dpi: 150)
        // Another raster of another scene in between, so no state carries over.
        _ = try Renderer.png(Scene(size: Size(50, 50)), dpi: 300)
        #expect(try Renderer.png(Self.scene, dpi: 150) == first)
        // Two encodings of one raster are identical too.
        let pair = try Renderer.withRasterEncoder(Self.scene, dpi: 150) { encode throws(RenderError) in
            (try encode(.standard), try encode(.standard))
        }
        #expect(pair.0 == pair.1 && pair.0 == first)
    }

    @Test func smallerThanOneAndAThirdOfCairos() throws {
        let (ours, cairos) = try Renderer.withRasterEncoder(Self.scene, dpi: 150) { encode throws(RenderError) in
            (try encode(.standard), try encode(.cairo))
        }
        #expect(Double(ours.count) <= 1.3 * Double(cairos.count))
    }

    @Test func rejectsOtherSurfacesAndSettings() throws {
        let surface = try #require(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 4))
        defer { cairo_surface_destroy(surface) }
        #expect(throws: RenderError.self) { try PNGEncoder.encode(surface, dpi: 72, writer: .standard) }
        #expect(throws: RenderError.self) {
            try Renderer.withRasterEncoder(Scene(size: Size(10, 10)), dpi: 72) { encode throws(RenderError) in
                try encode(.libdeflate(level: 13, filter: .none))
            }
        }
    }

    /// Chunks of a PNG as (type, data), nil when a length or CRC is wrong.
    static func chunks(_ png: [UInt8]) -> [(type: String, data: [UInt8])]? {
        var result: [(type: String, data: [UInt8])] = []
        var offset = 8
        while offset + 12 <= png.count {
            let length = png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            guard offset + 12 + length <= png.count else { return nil }
            let typeAndData = Array(png[(offset + 4)..<(offset + 8 + length)])
            let crc = png[(offset + 8 + length)..<(offset + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard crc == CRC32.checksum(typeAndData) else { return nil }
            result.append((String(decoding: typeAndData.prefix(4), as: UTF8.self), Array(typeAndData.dropFirst(4))))
            offset += 12 + length
        }
        return offset == png.count ? result : nil
    }

    static func bytes(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
