/// A stroke: colour, width in points and an optional dash pattern.
package struct StrokeStyle: Sendable, Hashable, Codable {
    package var color: Color
    package var width: Double
    package var dash: [Double]

    package init(color: Color, width: Double = 1, dash: [Double] = []) {
        self.color = color
        self.width = width
        self.dash = dash
    }
}

/// One step of a path.
package enum PathElement: Sendable, Hashable, Codable {
    case move(Point)
    case line(Point)
    case close
}

/// A geometric shape.
package enum Shape: Sendable, Hashable, Codable {
    case rect(Rect, cornerRadius: Double = 0)
    case path([PathElement])
    case circle(center: Point, radius: Double)
}

/// Rotation of a text box around its origin.
package enum TextRotation: Sendable, Hashable, Codable {
    case none
    /// Reads bottom to top (a y-axis title); the box's `frame` is the rotated footprint.
    case counterclockwise
}

/// What a piece of text is, for tagged PDF and for tests that look for a role.
package enum TextRole: Sendable, Hashable, Codable {
    case title
    case subtitle
    case heading(level: Int)
    case paragraph
    case label
    case tick
    case legend
    case value
    case note
    case tableHeader
    case tableCell
    case pageFurniture
}

/// A block of text placed by layout. `frame` is the box the text was measured into (top-left
/// origin, width used for wrapping and alignment); layout guarantees the text fits it, so
/// tests can check overlaps on frames.
package struct TextItem: Sendable, Hashable, Codable {
    package var text: String
    package var frame: Rect
    package var style: TextStyle
    /// Wrap inside `frame.width`; when false the text is one line.
    package var wraps: Bool
    /// Ellipsize after this many lines (with `wraps`) or at `frame.width` (without).
    package var maxLines: Int?
    package var rotation: TextRotation
    package var role: TextRole

    package init(
        _ text: String, frame: Rect, style: TextStyle, wraps: Bool = false, maxLines: Int? = nil,
        rotation: TextRotation = .none, role: TextRole = .label
    ) {
        self.text = text
        self.frame = frame
        self.style = style
        self.wraps = wraps
        self.maxLines = maxLines
        self.rotation = rotation
        self.role = role
    }
}

/// A PNG picture placed by layout: the file's bytes and the frame it is scaled into.
package struct ImageItem: Sendable, Hashable, Codable {
    package var png: [UInt8]
    package var frame: Rect
    /// What the picture shows, for tagged PDF.
    package var altText: String

    package init(png: [UInt8], frame: Rect, altText: String) {
        self.png = png
        self.frame = frame
        self.altText = altText
    }
}

/// A link area on a page: to a URL or to a named destination inside the document.
package enum LinkTarget: Sendable, Hashable, Codable {
    case url(String)
    case destination(String)
}

/// One drawable element of a scene, in paint order.
package indirect enum SceneItem: Sendable, Hashable, Codable {
    case shape(Shape, fill: Color?, stroke: StrokeStyle?)
    case text(TextItem)
    /// Items translated by `offset` and scaled, optionally clipped to `clip` (in the group's own
    /// coordinates). Used to place a chart scene on a report page.
    case group([SceneItem], offset: Point, scale: Double, clip: Rect?)
    case link(Rect, LinkTarget)
    /// A PNG picture (a logo) scaled into a frame.
    case image(ImageItem)
    /// A named destination (for the table of contents' links) at a point on the page.
    case destination(name: String, at: Point)
    /// Opens a structure element of a tagged PDF; the items up to the matching
    /// `endStructure` are its content. Ignored by raster and SVG output.
    case beginStructure(StructureTag)
    /// Closes the innermost open structure element of this name.
    case endStructure(String)
}

/// A structure element of a tagged PDF (ISO 32000-1 §14.8.4): `H1`, `P`, `Figure`, `Table`,
/// `TR`, `TH`, `TD`, `TOC`, `TOCI`, `Link`.
package struct StructureTag: Sendable, Hashable, Codable {
    package var name: String
    /// Alternative text of a `Figure`, or the description of a `Link`.
    package var altText: String

    package init(_ name: String, altText: String = "") {
        self.name = name
        self.altText = altText
    }
}

/// The device-independent picture of one chart or one page: geometry and text, every
/// coordinate decided by layout. Render only draws it.
package struct Scene: Sendable, Hashable, Codable {
    package var size: Size
    package var items: [SceneItem]
    /// Title of the picture (chart title, or the document title for a page).
    package var title: String
    /// Alternative text describing what the picture shows, generated from the data.
    package var altText: String
    /// The numbers the picture shows (charts set it; pages leave it nil).
    package var data: DataTable?

    package init(size: Size, items: [SceneItem] = [], title: String = "", altText: String = "", data: DataTable? = nil) {
        self.size = size
        self.items = items
        self.title = title
        self.altText = altText
        self.data = data
    }

    /// Every text item with its frame in scene coordinates (groups flattened), for tests and
    /// overlap checks. Rotated texts report their rotated footprint.
    package var allTexts: [TextItem] {
        var result: [TextItem] = []
        func walk(_ items: [SceneItem], dx: Double, dy: Double, scale: Double) {
            for item in items {
                switch item {
                case .text(var text):
                    text.frame = Rect(
                        x: dx + text.frame.x * scale, y: dy + text.frame.y * scale,
                        width: text.frame.width * scale, height: text.frame.height * scale)
                    result.append(text)
                case .group(let children, let offset, let s, _):
                    walk(children, dx: dx + offset.x * scale, dy: dy + offset.y * scale, scale: scale * s)
                default:
                    break
                }
            }
        }
        walk(items, dx: 0, dy: 0, scale: 1)
        return result
    }
}

/// A bookmark in the PDF outline.
package struct OutlineEntry: Sendable, Hashable, Codable {
    package var title: String
    /// 1 for a top-level entry.
    package var level: Int
    package var pageIndex: Int
    /// Named destination the entry points to (placed with `SceneItem.destination`).
    package var destination: String

    package init(title: String, level: Int, pageIndex: Int, destination: String) {
        self.title = title
        self.level = level
        self.pageIndex = pageIndex
        self.destination = destination
    }
}

/// PDF document information. `creationDate` is ISO 8601 (`2021-12-31T00:00:00Z`) and comes
/// from `SOURCE_DATE_EPOCH` or the data, never from the clock.
package struct DocumentMetadata: Sendable, Hashable, Codable {
    package var title: String
    package var author: String
    package var subject: String
    package var keywords: String
    package var creator: String
    package var creationDate: String?
    /// Natural language of the text as a BCP 47 tag (`fi-FI`); empty for none.
    package var language: String

    package init(
        title: String, author: String = "", subject: String = "", keywords: String = "",
        creator: String = "Vitality", creationDate: String? = nil, language: String = ""
    ) {
        self.language = language
        self.title = title
        self.author = author
        self.subject = subject
        self.keywords = keywords
        self.creator = creator
        self.creationDate = creationDate
    }
}

/// A multi-page document: pages as scenes, an outline and metadata.
package struct Document: Sendable, Hashable, Codable {
    package var metadata: DocumentMetadata
    package var pages: [Scene]
    package var outline: [OutlineEntry]
    /// Page labels shown by viewers (e.g. "1"); empty for none.
    package var pageLabels: [String]

    package init(metadata: DocumentMetadata, pages: [Scene], outline: [OutlineEntry] = [], pageLabels: [String] = []) {
        self.metadata = metadata
        self.pages = pages
        self.outline = outline
        self.pageLabels = pageLabels
    }
}
