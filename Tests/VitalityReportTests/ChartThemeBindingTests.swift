import Testing
import VitalityScene
@testable import VitalityReport

/// Charts in a report follow the template's theme.
@Suite struct ChartThemeBindingTests {
    private func strokeColours(_ items: [SceneItem]) -> [Color] {
        items.flatMap { item -> [Color] in
            switch item {
            case .shape(_, _, let stroke?): return [stroke.color]
            case .group(let children, _, _, _): return strokeColours(children)
            default: return []
            }
        }
    }

    private func lineChart(theme: String) throws -> Scene {
        let text = minimalSettings + "\n  theme: \(theme)\nblocks:\n  - chart: {type: line, indicator: population}\n"
        let (report, diagnostics) = ReportTestSupport.compose(text)
        #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics)")
        return try #require(report?.charts.first?.scene)
    }

    @Test func brandAccentColoursTheHomeSeries() throws {
        let scene = try lineChart(theme: "{accent: \"#7A1F2B\"}")
        // #7A1F2B has about 10.2 : 1 contrast on white (relative luminance 0.053), so the brand keeps it as it is.
        #expect(strokeColours(scene.items).contains(Color(hex: 0x7A1F2B)))
        #expect(!strokeColours(scene.items).contains(Color(hex: 0x0072B2)))
    }

    @Test func standardThemeUsesTheDefaultHighlight() throws {
        let scene = try lineChart(theme: "standard")
        #expect(strokeColours(scene.items).contains(Color(hex: 0x0072B2)))
    }

    @Test func grayscaleThemeDrawsNoColour() throws {
        let scene = try lineChart(theme: "grayscale")
        let colours = strokeColours(scene.items)
        #expect(!colours.isEmpty)
        #expect(colours.allSatisfy { abs($0.red - $0.green) < 0.01 && abs($0.green - $0.blue) < 0.01 })
    }
}
