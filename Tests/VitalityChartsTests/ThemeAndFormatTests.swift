import Foundation
import Testing
import VitalityScene
import VitalityTestSupport
@testable import VitalityCharts
@testable import VitalityRender

/// Palette distances are CIE76 ΔE in CIELAB after simulating dichromacy with the Machado
/// et al. (2009) matrices at full severity. 15 is the threshold: about six just-noticeable
/// differences (JND ≈ 2.3), so neighbouring bars or lines read as different colours even when
/// small; Okabe–Ito measures 17.0 at its closest pair (orange/yellow, deuteranopia).
@Suite struct ThemeTests {
    static let threshold = 15.0

    @Test func deltaEMatchesHandComputedValues() {
        // White vs black: L* 100 vs 0.
        #expect(abs(Color.white.deltaE(.black) - 100) < 0.01)
        // Pure red under normal vision: L*a*b* ≈ (53.24, 80.09, 67.20) (Bruce Lindbloom's calculator).
        let red = Color(hex: 0xFF0000).lab()
        #expect(abs(red.l - 53.24) < 0.05 && abs(red.a - 80.09) < 0.1 && abs(red.b - 67.20) < 0.1)
        // Greys keep their lightness under both simulations (rows of each matrix sum to 1).
        let grey = Color(hex: 0x777777)
        #expect(abs(grey.lab(.deuteranopia).l - grey.lab().l) < 0.2)
        #expect(abs(grey.lab(.protanopia).l - grey.lab().l) < 0.2)
    }

    @Test func defaultPaletteStaysApartForColourBlindReaders() {
        let theme = ChartTheme.standard
        for vision in ColorVision.allCases {
            let minimum = theme.minimumPaletteDistance(vision: vision)
            #expect(minimum >= Self.threshold, "\(vision): \(minimum)")
        }
        #expect(abs(theme.minimumPaletteDistance(vision: .deuteranopia) - 17.03) < 0.05)
        // Status colours too (they are stacked next to each other).
        let statuses = ChartTheme(palette: theme.statusColors)
        for vision in ColorVision.allCases {
            #expect(statuses.minimumPaletteDistance(vision: vision) >= Self.threshold, "status \(vision)")
        }
    }

    @Test func aCloseBrandPaletteFailsTheCheck() {
        let theme = ChartTheme.brand(BrandStyle(primary: Color(hex: 0x2E7D32), palette: [Color(hex: 0xD32F2F), Color(hex: 0x388E3C)]))
        // Red and green collapse for deuteranopes: the check notices.
        #expect(theme.minimumPaletteDistance(vision: .deuteranopia, count: 2) < Self.threshold)
        #expect(theme.minimumPaletteDistance(vision: .normal, count: 2) > Self.threshold)
    }

    @Test(arguments: [("standard", ChartTheme.standard), ("greyscale", ChartTheme.greyscale)])
    func textContrastIsAtLeastAA(name: String, theme: ChartTheme) {
        for pair in theme.textPairs {
            #expect(pair.text.contrastRatio(with: pair.background) >= 4.5, "\(name) \(pair.name): \(pair.text.contrastRatio(with: pair.background))")
        }
    }

    @Test(arguments: [("standard", ChartTheme.standard), ("greyscale", ChartTheme.greyscale)])
    func labelsInsideStatusSegmentsReadAtAA(name: String, theme: ChartTheme) {
        for color in theme.statusColors {
            #expect(color.readableText.contrastRatio(with: color) >= 4.5, "\(name) \(color)")
        }
        // The greyscale palette's fills all carry readable labels too.
        if name == "greyscale" {
            for color in theme.palette { #expect(color.readableText.contrastRatio(with: color) >= 4.5, "\(color)") }
        }
    }

    @Test func greyscaleThemeHasOnlyGreysThatDiffer() {
        let theme = ChartTheme.greyscale
        for color in theme.palette + theme.statusColors + [theme.highlight, theme.muted, theme.median, theme.text] {
            #expect(color.red == color.green && color.green == color.blue)
        }
        #expect(theme.minimumPaletteDistance(vision: .normal) >= Self.threshold)
        #expect(ChartTheme(palette: theme.statusColors).minimumPaletteDistance(vision: .normal) >= Self.threshold)
    }

    @Test func brandThemeDarkensAPaleHighlightAndKeepsItsFont() {
        let theme = ChartTheme.brand(BrandStyle(primary: Color(hex: 0x7FC8F8), palette: [Color(hex: 0x00557F)], fontFamily: "DejaVu Serif"))
        #expect(theme.highlight.contrastRatio(with: .white) >= 4.5)
        #expect(theme.highlight.blue > theme.highlight.red)  // still the brand's hue family
        #expect(theme.palette.first == Color(hex: 0x00557F))
        #expect(theme.palette.count == ChartTheme.standard.palette.count + 1)
        #expect(theme.fontFamily == "DejaVu Serif")
        let scene = ChartLayout.layout(ChartGallery.samples()[0].spec, size: Size(480, 300), theme: theme, measurer: PangoTextMeasurer())
        #expect(scene.allTexts.allSatisfy { $0.style.font.family == "DejaVu Serif" })
    }
}

@Suite struct OutputFormatTests {
    let scene = ChartLayout.layout(ChartGallery.samples()[2].spec, size: Size(240, 160), measurer: PangoTextMeasurer())

    @Test func crc32OfKnownInputs() {
        #expect(CRC32.checksum(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test(arguments: [72.0, 150, 300])
    func pngRecordsItsResolution(dpi: Double) throws {
        let png = try Renderer.png(scene, dpi: dpi)
        // IHDR is 8 + 25 bytes; pHYs follows it.
        let chunk = Array(png[33..<54])
        #expect(Array(chunk[0..<8]) == [0, 0, 0, 9] + Array("pHYs".utf8))
        let perMetre = chunk[8..<12].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(perMetre == UInt32((dpi / 0.0254).rounded()))
        #expect(chunk[16] == 1)  // unit: metre
        let crc = chunk[17..<21].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(crc == CRC32.checksum(Array(chunk[4..<17])))
        #expect(png.count == (try Renderer.png(scene, dpi: dpi)).count)
        // Exactly one pHYs, and the file still ends with IEND.
        #expect(Array(png.suffix(8)) == Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82])
    }

    @Test func pngReadsBackWithCairo() throws {
        // Cairo itself reads the file back: a bad CRC or chunk would fail here.
        let png = try Renderer.png(scene, dpi: 100)
        let file = try TemporaryFile(png, name: "phys.png", label: "phys")
        let image = RasterImage.readPNG(file.path)
        #expect(image?.width == Int((240.0 * 100 / 72).rounded()))
    }

    @Test func svgIsByteStableWithinAndAcrossRenders() throws {
        let first = try Renderer.svg(scene)
        _ = try Renderer.svg(scene)  // advances Cairo's process-wide surface counter
        let second = try Renderer.svg(scene)
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.contains("id=\"surface1\""))
    }

    @Test func surfaceRenumberingLeavesOtherWordsAlone() {
        let input = Array("<g id=\"surface42\"><use xlink:href=\"#surface42\"/><g id=\"surface7\"/>surfaces mysurface3</g>".utf8)
        let output = String(decoding: ImageFormats.renumberingSurfaces(input), as: UTF8.self)
        #expect(output == "<g id=\"surface1\"><use xlink:href=\"#surface1\"/><g id=\"surface2\"/>surfaces mysurface3</g>")
    }
}
