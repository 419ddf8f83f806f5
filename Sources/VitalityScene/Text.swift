/// Font weight of a text run.
public enum FontWeight: String, Sendable, Hashable, Codable {
    case regular
    case bold
}

/// A font request; resolved by Pango (fontconfig) at render time.
public struct Font: Sendable, Hashable, Codable {
    public var family: String
    /// Size in points.
    public var size: Double
    public var weight: FontWeight
    public var italic: Bool

    public init(family: String = "DejaVu Sans", size: Double, weight: FontWeight = .regular, italic: Bool = false) {
        self.family = family
        self.size = size
        self.weight = weight
        self.italic = italic
    }
}

/// Horizontal alignment of text inside its box.
public enum TextAlignment: String, Sendable, Hashable, Codable {
    case leading
    case center
    case trailing
}

/// How a text is drawn: font, colour and alignment within its box.
public struct TextStyle: Sendable, Hashable, Codable {
    public var font: Font
    public var color: Color
    public var alignment: TextAlignment

    public init(font: Font, color: Color = .black, alignment: TextAlignment = .leading) {
        self.font = font
        self.color = color
        self.alignment = alignment
    }
}

/// The logical extents of a laid-out text, in points.
public struct TextMetrics: Sendable, Hashable, Codable {
    public var width: Double
    public var height: Double
    /// Distance from the top of the box to the first line's baseline.
    public var baseline: Double
    public var lineCount: Int
    /// True when the text did not fit in `maxLines` and was ellipsized.
    public var isTruncated: Bool

    public init(width: Double, height: Double, baseline: Double, lineCount: Int, isTruncated: Bool) {
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
public protocol TextMeasuring {
    func measure(_ text: String, style: TextStyle, maxWidth: Double?, maxLines: Int?) -> TextMetrics
}

extension TextMeasuring {
    /// Extents of a single unwrapped line.
    public func measure(_ text: String, style: TextStyle) -> TextMetrics {
        measure(text, style: style, maxWidth: nil, maxLines: nil)
    }
}
