import Foundation
import Testing
import VitalityScene

@testable import VitalityRender

@Suite struct PangoTextMeasurerTests {
    @Test func resolvesDejaVuSans() {
        let measurer = PangoTextMeasurer()
        #expect(measurer.resolvedFamily(for: Font(size: 10)) == "DejaVu Sans")
    }

    @Test func measuresAtSeventyTwoDots() {
        let measurer = PangoTextMeasurer()
        let style = TextStyle(font: Font(size: 10))
        let metrics = measurer.measure("Orivesi", style: style)
        // 10 pt DejaVu Sans: line height ≈ 11.6 pt, not the 15.5 of Pango's 96 dpi default.
        #expect(metrics.height > 11 && metrics.height < 12.5)
        #expect(metrics.width > 30 && metrics.width < 45)
        #expect(metrics.lineCount == 1)
    }

    @Test func wrapsAndEllipsizes() {
        let measurer = PangoTextMeasurer()
        let style = TextStyle(font: Font(size: 10))
        let text = "Alueella olevien työpaikkojen lukumäärä kasvoi selvästi ohjelmakauden aikana"
        let wrapped = measurer.measure(text, style: style, maxWidth: 100, maxLines: nil)
        #expect(wrapped.lineCount > 2)
        #expect(wrapped.width <= 100.5)
        let clipped = measurer.measure(text, style: style, maxWidth: 100, maxLines: 2)
        #expect(clipped.lineCount == 2)
        #expect(clipped.isTruncated)
    }

    /// The measurer remembers what it measured: asking again gives what a fresh measurer gives,
    /// and a request differing in any part (width, lines, wrapping, font, the item's rotation)
    /// is measured on its own, whatever was asked before.
    @Test func remembersEachRequestOnItsOwn() {
        let text = "Alueella olevien työpaikkojen lukumäärä kasvoi selvästi ohjelmakauden aikana"
        let regular = TextStyle(font: Font(size: 10))
        let bold = TextStyle(font: Font(size: 10, weight: .bold))
        let shared = PangoTextMeasurer()
        let requests: [(TextStyle, Double?, Int?)] = [
            (regular, nil, nil), (regular, 100, nil), (regular, 100, 2), (regular, 60, nil), (bold, 100, nil), (bold, nil, nil),
            (regular, 100, nil),
        ]
        var results: [TextMetrics] = []
        for (style, width, lines) in requests {
            let remembered = shared.measure(text, style: style, maxWidth: width, maxLines: lines)
            #expect(remembered == PangoTextMeasurer().measure(text, style: style, maxWidth: width, maxLines: lines))
            results.append(remembered)
        }
        #expect(results[0].lineCount == 1)
        #expect(results[1].lineCount > 2)
        #expect(results[2].lineCount == 2 && results[2].isTruncated)
        #expect(results[3].lineCount > results[1].lineCount)
        #expect(results[4].width != results[1].width || results[4].lineCount != results[1].lineCount)
        #expect(results[5].width > results[0].width)
        #expect(results[6] == results[1])

        let line = TextItem(text, frame: Rect(x: 0, y: 0, width: 120, height: 1000), style: regular, wraps: true)
        var rotated = line
        rotated.rotation = .counterclockwise
        #expect(shared.measure(line).lineCount > 2)
        #expect(shared.measure(rotated) == PangoTextMeasurer().measure(rotated))
        #expect(shared.measure(rotated).lineCount == 1)
    }
}

/// The font file behind a font: what output keys fingerprint.
@Suite struct FontFileTests {
    static let dejaVu = "/usr/share/fonts/truetype/dejavu/"

    /// setup.sh installs fonts-dejavu-core, whose files are where Debian puts them.
    @Test func givesTheFileOfEachFace() throws {
        let measurer = PangoTextMeasurer()
        let faces: [(Font, String, String)] = [
            (Font(size: 10), "DejaVu Sans", "DejaVuSans.ttf"),
            (Font(size: 7, weight: .bold), "DejaVu Sans Bold", "DejaVuSans-Bold.ttf"),
            (Font(size: 12, italic: true), "DejaVu Sans Oblique", "DejaVuSans-Oblique.ttf"),
            (Font(size: 10, weight: .bold, italic: true), "DejaVu Sans Bold Oblique", "DejaVuSans-BoldOblique.ttf"),
        ]
        for (font, description, file) in faces {
            let found = try #require(measurer.fontFile(for: font))
            #expect(found.description == description)
            let expected = try #require(FileManager.default.contents(atPath: Self.dejaVu + file))
            #expect(found.bytes == Array(expected), "\(file)")
        }
    }

    @Test func doesNotDependOnTheSize() throws {
        let measurer = PangoTextMeasurer()
        let small = try #require(measurer.fontFile(for: Font(size: 6)))
        let large = try #require(measurer.fontFile(for: Font(size: 40)))
        #expect(small.description == large.description && small.bytes == large.bytes)
    }
}
