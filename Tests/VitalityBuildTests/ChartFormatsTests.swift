import Foundation
import Testing
import VitalityTestSupport
import VitalityBuild

/// `--formats` and the data table written beside every chart.
@Suite(.serialized) struct ChartFormatsTests {
    @Test func formatListParses() throws {
        #expect(try ChartFormat.parseList("png,pdf,svg").get() == [.png, .pdf, .svg])
        #expect(try ChartFormat.parseList(" SVG ").get() == [.svg])
        guard case .failure(let error) = ChartFormat.parseList("png,gif") else {
            Issue.record("gif accepted")
            return
        }
        #expect(error.name == "gif")
        if case .success = ChartFormat.parseList("png,,pdf") { Issue.record("empty entry accepted") }
    }

    @Test func svgOnlyBuildWritesSvgAndCsvBesideEveryChart() throws {
        let output = try TemporaryFolder()
        var options = BuildOptions(
            inputDirectory: TestSupport.sampleInput, templatesDirectory: TestSupport.sampleTemplates, outputDirectory: output.path)
        options.chartFormats = [.svg]
        let outcome = Builder.build(options)
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        let charts = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("charts").path).sorted()
        let svgs = charts.filter { $0.hasSuffix(".svg") }
        #expect(!svgs.isEmpty)
        #expect(!charts.contains { $0.hasSuffix(".png") || $0.hasSuffix(".pdf") })
        #expect(charts.filter { $0.hasSuffix(".csv") }.count == svgs.count)
        let csv = try String(contentsOf: output.appendingPathComponent("charts/line-population.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("series,role,year,value,display\r\nOrivesi,home,2015,"))
        // 2021 population of Orivesi, full precision and as shown.
        #expect(csv.contains("Orivesi,home,2021,8978,8\u{00A0}978\r\n"))
        let manifest = try String(contentsOf: output.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"formats\"") && manifest.contains("\"svg\""))
    }
}
