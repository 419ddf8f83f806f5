/// Font weight of a text run.
package enum FontWeight: String, Sendable, Hashable, Codable {
    case regular
    case bold
}

/// A font request; resolved by Pango (fontconfig) at render time.
package struct Font: Sendable, Hashable, Codable {
    package var family: String
    /// Size in points.
    package var size: Double
    package var weight: FontWeight
    package var italic: Bool

    package init(family: String = "DejaVu Sans", size: Double, weight: FontWeight = .regular, italic: Bool = false) {
        self.family = family
        self.size = size
        self.weight = weight
        self.italic = italic
    }
}

/// Horizontal alignment of text inside its box.
package enum TextAlignment: String, Sendable, Hashable, Codable {
    case leading
    case center
    case trailing
}

/// How a text is drawn: font, colour and alignment within its box.
package struct TextStyle: Sendable, Hashable, Codable {
    package var font: Font
    package var color: Color
    package var alignment: TextAlignment

    package init(font: Font, color: Color = .black, alignment: TextAlignment = .leading) {
        self.font = font
        self.color = color
        self.alignment = alignment
    }
}

/// The logical extents of a laid-out text, in points.
package struct TextMetrics: Sendable, Hashable, Codable {
    package var width: Double
    package var height: Double
    /// Distance from the top of the box to the first line's baseline.
    package var baseline: Double
    package var lineCount: Int
    /// True when the text did not fit in `maxLines` and was ellipsized.
    package var isTruncated: Bool

    package init(width: Double, height: Double, baseline: Double, lineCount: Int, isTruncated: Bool) {
        self.width = width
        self.height = height
        self.baseline = baseline
        self.lineCount = lineCount
        self.isTruncated = isTruncated
    }
}

/// What layout asks of the text engine: the extents of a text in a style, optionally wrapped
/// at `maxWidth` and ellipsized after `maxLines`. Render implements it with Pango so that
/// layout and drawing agree to the point.
package protocol TextMeasuring {
    func measure(_ text: String, style: TextStyle, maxWidth: Double?, maxLines: Int?) -> TextMetrics
}

extension TextMeasuring {
    /// Extents of a single unwrapped line.
    package func measure(_ text: String, style: TextStyle) -> TextMetrics {
        measure(text, style: style, maxWidth: nil, maxLines: nil)
    }
}
