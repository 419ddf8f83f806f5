/// A point in PDF points (1/72 inch), y growing downwards as in Cairo.
package struct Point: Sendable, Hashable, Codable {
    package var x: Double
    package var y: Double
    package init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// A width and height in points.
package struct Size: Sendable, Hashable, Codable {
    package var width: Double
    package var height: Double
    package init(_ width: Double, _ height: Double) {
        self.width = width
        self.height = height
    }

    /// ISO A4 portrait in points.
    package static let a4 = Size(595.2756, 841.8898)

    /// A size given in millimetres.
    static func millimetres(_ width: Double, _ height: Double) -> Size {
        Size(width * 72 / 25.4, height * 72 / 25.4)
    }
}

/// An axis-aligned rectangle in points; `x`, `y` is the top-left corner.
package struct Rect: Sendable, Hashable, Codable {
    package var x: Double
    package var y: Double
    package var width: Double
    package var height: Double

    package init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    package init(origin: Point, size: Size) {
        self.init(x: origin.x, y: origin.y, width: size.width, height: size.height)
    }

    package var minX: Double { x }
    package var minY: Double { y }
    package var maxX: Double { x + width }
    package var maxY: Double { y + height }
    package var midX: Double { x + width / 2 }
    package var midY: Double { y + height / 2 }
    var origin: Point { Point(x, y) }
    package var size: Size { Size(width, height) }

    /// True when the two rectangles share interior area (touching edges do not count).
    package func intersects(_ other: Rect) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }

    /// True when `other` lies inside this rectangle, allowing `tolerance` points of overhang.
    package func contains(_ other: Rect, tolerance: Double = 0.01) -> Bool {
        other.minX >= minX - tolerance && other.maxX <= maxX + tolerance
            && other.minY >= minY - tolerance && other.maxY <= maxY + tolerance
    }

    package func insetBy(dx: Double, dy: Double) -> Rect {
        Rect(x: x + dx, y: y + dy, width: max(0, width - 2 * dx), height: max(0, height - 2 * dy))
    }

    func offsetBy(dx: Double, dy: Double) -> Rect {
        Rect(x: x + dx, y: y + dy, width: width, height: height)
    }
}

/// An sRGB colour with alpha, components 0…1.
package struct Color: Sendable, Hashable, Codable {
    package var red: Double
    package var green: Double
    package var blue: Double
    package var alpha: Double

    package init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A colour from `0xRRGGBB`.
    package init(hex: UInt32, alpha: Double = 1) {
        self.init(
            red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
            blue: Double(hex & 0xFF) / 255, alpha: alpha)
    }

    package static let black = Color(hex: 0x000000)
    package static let white = Color(hex: 0xFFFFFF)
}
