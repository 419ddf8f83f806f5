import Foundation
import VitalityModel
import VitalityScene

/// Colours and fonts of the charts. The default palette is Okabe–Ito (safe for the common
/// colour-vision deficiencies); text colours keep at least 4.5:1 contrast on white.
package struct ChartTheme: Sendable, Hashable {
    var fontFamily: String
    var background: Color
    /// The home municipality's bars, line and labels.
    var highlight: Color
    /// Bars and lines of the other municipalities.
    var muted: Color
    /// The region median line.
    package var median: Color
    package var text: Color
    var secondaryText: Color
    var gridline: Color
    var axis: Color
    /// Good, bad and neutral change (text-safe on white and on `tileBackground`).
    var good: Color
    var bad: Color
    var neutral: Color
    var tileBackground: Color
    /// Colours for groups and series in order (e.g. years in a grouped bar chart).
    var palette: [Color]
    /// Colours of the programme statuses, in `MeasureStatus.allCases` order.
    var statusColors: [Color]

    var titleSize: Double
    var subtitleSize: Double
    var labelSize: Double
    var sourceNoteSize: Double
    var kpiValueSize: Double
    /// Outer margin of a chart, in points.
    var padding: Double

    init(
        fontFamily: String = "DejaVu Sans", background: Color = .white, highlight: Color = Color(hex: 0x0072B2),
        muted: Color = Color(hex: 0xBDBDBD), median: Color = Color(hex: 0x595959), text: Color = Color(hex: 0x1A1A1A),
        secondaryText: Color = Color(hex: 0x595959), gridline: Color = Color(hex: 0xE3E3E3), axis: Color = Color(hex: 0x7A7A7A),
        good: Color = Color(hex: 0x00704A), bad: Color = Color(hex: 0xB3420A), neutral: Color = Color(hex: 0x595959),
        tileBackground: Color = Color(hex: 0xF4F6F8),
        palette: [Color] = [0x56B4E9, 0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0xD55E00, 0xF0E442, 0x000000].map { Color(hex: $0) },
        statusColors: [Color] = [0xCFCFCF, 0x56B4E9, 0x009E73, 0xE69F00, 0xB3420A].map { Color(hex: $0) },
        titleSize: Double = 13, subtitleSize: Double = 9.5, labelSize: Double = 8, sourceNoteSize: Double = 7,
        kpiValueSize: Double = 20, padding: Double = 10
    ) {
        self.fontFamily = fontFamily
        self.background = background
        self.highlight = highlight
        self.muted = muted
        self.median = median
        self.text = text
        self.secondaryText = secondaryText
        self.gridline = gridline
        self.axis = axis
        self.good = good
        self.bad = bad
        self.neutral = neutral
        self.tileBackground = tileBackground
        self.palette = palette
        self.statusColors = statusColors
        self.titleSize = titleSize
        self.subtitleSize = subtitleSize
        self.labelSize = labelSize
        self.sourceNoteSize = sourceNoteSize
        self.kpiValueSize = kpiValueSize
        self.padding = padding
    }

    package static let standard = ChartTheme()

    var titleStyle: TextStyle { TextStyle(font: Font(family: fontFamily, size: titleSize, weight: .bold), color: text) }
    var subtitleStyle: TextStyle { TextStyle(font: Font(family: fontFamily, size: subtitleSize), color: secondaryText) }
    var sourceStyle: TextStyle {
        TextStyle(font: Font(family: fontFamily, size: sourceNoteSize, italic: true), color: secondaryText)
    }
    func labelStyle(bold: Bool = false, color: Color? = nil, alignment: TextAlignment = .leading) -> TextStyle {
        TextStyle(font: Font(family: fontFamily, size: labelSize, weight: bold ? .bold : .regular), color: color ?? text, alignment: alignment)
    }
    func tickStyle(alignment: TextAlignment = .leading) -> TextStyle {
        TextStyle(font: Font(family: fontFamily, size: labelSize), color: secondaryText, alignment: alignment)
    }

    func paletteColor(_ index: Int) -> Color {
        palette.isEmpty ? highlight : palette[index % palette.count]
    }

    func sentimentColor(_ sentiment: Sentiment) -> Color {
        switch sentiment {
        case .good: good
        case .bad: bad
        case .neutral: neutral
        }
    }
}

/// Whether a change is good or bad news, decided by the caller from the indicator's direction.
package enum Sentiment: String, Sendable, Hashable {
    case good, bad, neutral
}

extension Color {
    /// WCAG relative luminance.
    var relativeLuminance: Double {
        func channel(_ c: Double) -> Double { c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    }

    /// WCAG contrast ratio between two colours (1…21).
    func contrastRatio(with other: Color) -> Double {
        let (a, b) = (relativeLuminance, other.relativeLuminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// Black-ish or white text, whichever reads better on this fill.
    var readableText: Color {
        contrastRatio(with: .white) >= contrastRatio(with: Color(hex: 0x1A1A1A)) ? .white : Color(hex: 0x1A1A1A)
    }
}
