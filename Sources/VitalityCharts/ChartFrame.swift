import Foundation
import VitalityModel
import VitalityScene

/// What every chart has around its plot: the canvas with its background, the title and subtitle
/// at the top, the source note at the bottom, and the scene's title, alternative text and data
/// table. A layout makes one frame, places its legend, marks and guides on `canvas` between
/// `top` and `bottom`, and ends with `scene()` — or with `noData()` when there is nothing to draw.
struct ChartFrame {
    var canvas: ChartCanvas
    /// The y below the header and whatever the layout placed under it (a legend); the plot starts here.
    var top: Double
    /// The y above the source note; the plot ends here.
    let bottom: Double
    let header: ChartHeader
    let altText: String
    let data: DataTable?

    /// Draws the background, header and source note of a chart of `size`.
    init(_ header: ChartHeader, size: Size, theme: ChartTheme, measurer: any TextMeasuring, altText: String, data: DataTable?) {
        var canvas = ChartCanvas(size: size, theme: theme, measurer: measurer)
        top = canvas.placeHeader(header)
        bottom = canvas.placeSourceNote(header)
        self.canvas = canvas
        self.header = header
        self.altText = altText
        self.data = data
    }

    var locale: ReportLocale { header.locale }

    /// The room between header and source note, inside the side padding.
    var content: Rect {
        let pad = canvas.theme.padding
        return Rect(x: pad, y: top, width: canvas.size.width - 2 * pad, height: max(0, bottom - top))
    }

    /// A legend under the header; the plot starts below it.
    mutating func placeLegend(_ entries: [LegendEntry]) {
        top = canvas.placeLegend(entries, y: top)
    }

    /// The finished chart.
    func scene() -> Scene {
        canvas.scene(title: header.title, altText: altText, data: data)
    }

    /// The finished chart with "no data" in place of the plot.
    mutating func noData() -> Scene {
        canvas.placeNoData(locale, in: content)
        return scene()
    }
}
