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
}
