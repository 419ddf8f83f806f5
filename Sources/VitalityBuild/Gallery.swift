import Foundation
import VitalityCharts
import VitalityModel
import VitalityRender
import VitalityScene

/// Renders `ChartGallery`'s example of every chart type (and a table piece) to PNG, and
/// optionally PDF and SVG, for the docs gallery; also times each render for the benchmark.
package enum GalleryBuilder {
    /// Time of one chart type's layout and render, in milliseconds (the median of the repeats).
    package struct Timing: Sendable {
        package var name: String
        package var layoutMilliseconds: Double
        package var pngMilliseconds: Double
        package var pdfMilliseconds: Double
    }

    /// Every example as `(file name, bytes)`: `<name>.png` at `dpi`, plus PDF/SVG when asked,
    /// plus `<name>.csv` with the chart's numbers.
    package static func files(dpi: Double, formats: Set<ChartFormat>, locale: ReportLocale = .fi, greyscale: Bool = false) throws -> [(name: String, bytes: [UInt8])] {
        let measurer = PangoTextMeasurer()
        var files: [(String, [UInt8])] = []
        for (name, scene) in scenes(measurer: measurer, locale: locale, theme: greyscale ? .greyscale : .standard) {
            if formats.contains(.png) { files.append(("\(name).png", try Renderer.png(scene, dpi: dpi))) }
            if formats.contains(.pdf) {
                let metadata = DocumentMetadata(title: scene.title, creationDate: "2021-12-31T00:00:00Z")
                files.append(("\(name).pdf", try Renderer.pdf(scene, metadata: metadata)))
            }
            if formats.contains(.svg) { files.append(("\(name).svg", try Renderer.svg(scene))) }
            if let data = scene.data { files.append(("\(name).csv", Array(data.csv().utf8))) }
        }
        return files
    }

    /// The example scenes by name, the table's first piece last.
    package static func scenes(measurer: some TextMeasuring, locale: ReportLocale = .fi, theme: ChartTheme = .standard) -> [(String, Scene)] {
        var result = ChartGallery.samples(locale: locale).map { sample in
            (sample.name, ChartLayout.layout(sample.spec, size: sample.size, theme: theme, measurer: measurer))
        }
        if let piece = TableLayout.pieces(
            ChartGallery.table(locale: locale), width: 300, firstHeight: 400, height: 400, theme: theme, measurer: measurer).first {
            result.append(("table", piece))
        }
        return result
    }

    /// Layout, PNG (at `dpi`) and PDF render times per example, the median of `repeats` runs.
    package static func benchmark(dpi: Double, repeats: Int) throws -> [Timing] {
        let measurer = PangoTextMeasurer()
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        func time(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        var timings: [Timing] = []
        for sample in ChartGallery.samples() {
            var layouts: [Double] = [], pngs: [Double] = [], pdfs: [Double] = []
            for _ in 0..<max(1, repeats) {
                var scene = Scene(size: sample.size)
                layouts.append(time { scene = ChartLayout.layout(sample.spec, size: sample.size, measurer: measurer) })
                pngs.append(try time { _ = try Renderer.png(scene, dpi: dpi) })
                pdfs.append(try time { _ = try Renderer.pdf(scene, metadata: DocumentMetadata(title: scene.title)) })
            }
            timings.append(Timing(name: sample.name, layoutMilliseconds: median(layouts), pngMilliseconds: median(pngs), pdfMilliseconds: median(pdfs)))
        }
        return timings
    }
}
