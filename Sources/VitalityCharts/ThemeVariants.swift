import Foundation
import VitalityScene

/// A kind of colour vision, for checking that a palette's colours stay apart.
enum ColorVision: String, Sendable, Hashable, CaseIterable {
    case normal, deuteranopia, protanopia

    /// Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
    var matrix: [[Double]]? {
        switch self {
        case .normal: nil
        case .deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
        case .protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
        }
    }
}

extension Color {
    /// CIELAB (D65) of this sRGB colour as seen with `vision`.
    func lab(_ vision: ColorVision = .normal) -> (l: Double, a: Double, b: Double) {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        var rgb = [linear(red), linear(green), linear(blue)]
        if let m = vision.matrix {
            rgb = (0..<3).map { i in min(1, max(0, m[i][0] * rgb[0] + m[i][1] * rgb[1] + m[i][2] * rgb[2])) }
        }
        let x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047
        let y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
        let z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }

    /// CIE76 colour difference (Euclidean distance in CIELAB) as seen with `vision`.
    func deltaE(_ other: Color, vision: ColorVision = .normal) -> Double {
        let (p, q) = (lab(vision), other.lab(vision))
        return ((p.l - q.l) * (p.l - q.l) + (p.a - q.a) * (p.a - q.a) + (p.b - q.b) * (p.b - q.b)).squareRoot()
    }
}

/// A house style: colours and a font family (e.g. from a report template).
package struct BrandStyle: Sendable, Hashable {
    /// The main colour: the home municipality's bars and lines.
    var primary: Color
    /// Series colours in order; the default palette follows them.
    var palette: [Color]
    var fontFamily: String?

    package init(primary: Color, palette: [Color] = [], fontFamily: String? = nil) {
        self.primary = primary
        self.palette = palette
        self.fontFamily = fontFamily
    }
}

extension ChartTheme {
    /// The smallest ΔE (CIE76) between any two of the first `count` palette colours as seen
    /// with `vision`; infinity with fewer than two colours.
    func minimumPaletteDistance(vision: ColorVision, count: Int? = nil) -> Double {
        let colors = Array(palette.prefix(count ?? palette.count))
        var minimum = Double.infinity
        for i in colors.indices {
            for j in colors.indices where j > i { minimum = min(minimum, colors[i].deltaE(colors[j], vision: vision)) }
        }
        return minimum
    }

    /// The text colours of the theme with their backgrounds, for contrast checks.
    var textPairs: [(name: String, text: Color, background: Color)] {
        [
            ("text", text, background), ("secondaryText", secondaryText, background), ("highlight", highlight, background),
            ("good", good, background), ("bad", bad, background), ("neutral", neutral, background),
            ("text on tile", text, tileBackground), ("secondaryText on tile", secondaryText, tileBackground),
            ("good on tile", good, tileBackground), ("bad on tile", bad, tileBackground), ("neutral on tile", neutral, tileBackground),
        ]
    }

    /// WCAG contrast ratio of two colours (1…21).
    static func contrast(_ a: Color, _ b: Color) -> Double { a.contrastRatio(with: b) }

    /// Greys only, for black-and-white printing: series differ by lightness (ΔE ≥ 15 between any
    /// two), the home municipality is black and the others light grey.
    package static let greyscale = ChartTheme(
        highlight: Color(hex: 0x000000), muted: Color(hex: 0xC4C4C4), median: Color(hex: 0x595959),
        good: Color(hex: 0x1A1A1A), bad: Color(hex: 0x1A1A1A), neutral: Color(hex: 0x595959),
        palette: [0x1B1B1B, 0x707070, 0xD3D3D3, 0x474747, 0xA5A5A5].map { Color(hex: $0) },
        statusColors: [0xD3D3D3, 0x707070, 0x1B1B1B, 0xA5A5A5, 0x474747].map { Color(hex: $0) })

    /// The default theme in a house style. The primary colour becomes the highlight (darkened
    /// until it reads as text at 4.5 : 1 on the background), the brand palette leads the series
    /// colours and the default palette follows.
    package static func brand(_ style: BrandStyle) -> ChartTheme {
        var theme = ChartTheme.standard
        var primary = style.primary
        primary.alpha = 1
        var steps = 0
        while primary.contrastRatio(with: theme.background) < 4.5 && steps < 40 {
            primary = Color(red: primary.red * 0.95, green: primary.green * 0.95, blue: primary.blue * 0.95)
            steps += 1
        }
        theme.highlight = primary
        theme.palette = style.palette + theme.palette.filter { !style.palette.contains($0) }
        if let family = style.fontFamily, !family.isEmpty { theme.fontFamily = family }
        return theme
    }
}
