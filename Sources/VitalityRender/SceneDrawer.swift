import CCairo
import CPangoCairo
import Foundation
import VitalityScene

/// Draws scene items onto one Cairo context, text through the thread's kept Pango layouts.
/// Lives only inside the function that created the context; never stored.
struct SceneDrawer {
    let cairo: OpaquePointer
    let layouts: TextLayoutCache
    /// Emit PDF link and destination tags (false for raster surfaces).
    let emitsTags: Bool

    func draw(_ items: [SceneItem]) {
        for item in items {
            draw(item)
        }
    }

    private func draw(_ item: SceneItem) {
        switch item {
        case .shape(let shape, let fill, let stroke):
            draw(shape, fill: fill, stroke: stroke)
        case .text(let text):
            draw(text)
        case .group(let children, let offset, let scale, let clip):
            cairo_save(cairo)
            cairo_translate(cairo, offset.x, offset.y)
            if scale.isFinite, scale > 0 {
                cairo_scale(cairo, scale, scale)
            }
            if let clip {
                cairo_rectangle(cairo, clip.x, clip.y, clip.width, clip.height)
                cairo_clip(cairo)
            }
            draw(children)
            cairo_restore(cairo)
        case .link(let rect, let target):
            guard emitsTags else { return }
            link(rect, to: target)
        case .image(let image):
            draw(image)
        case .destination(let name, let point):
            guard emitsTags else { return }
            destination(name, at: point)
        case .beginStructure(let tag):
            guard emitsTags else { return }
            // Cairo 1.16 ignores unknown attributes; /Alt is added after rendering (PDFAccessibility).
            cairo_tag_begin(cairo, tag.name, "")
        case .endStructure(let name):
            guard emitsTags else { return }
            cairo_tag_end(cairo, name)
        }
    }

    // MARK: Images

    /// Decodes the PNG with cairo and paints it scaled into its frame; a PNG cairo cannot read
    /// draws nothing (templates validate logos before layout).
    private func draw(_ image: ImageItem) {
        let source = ByteSource(image.png)
        let unmanaged = Unmanaged.passRetained(source)
        defer { unmanaged.release() }
        guard let surface = cairo_image_surface_create_from_png_stream(ByteSource.read, unmanaged.toOpaque()) else { return }
        defer { cairo_surface_destroy(surface) }
        let width = Double(cairo_image_surface_get_width(surface))
        let height = Double(cairo_image_surface_get_height(surface))
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, width > 0, height > 0,
              image.frame.width > 0, image.frame.height > 0 else { return }
        cairo_save(cairo)
        cairo_translate(cairo, image.frame.x, image.frame.y)
        cairo_scale(cairo, image.frame.width / width, image.frame.height / height)
        cairo_set_source_surface(cairo, surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cairo), CAIRO_FILTER_GOOD)
        cairo_paint(cairo)
        cairo_restore(cairo)
    }

    // MARK: Shapes

    private func draw(_ shape: Shape, fill: Color?, stroke: StrokeStyle?) {
        let strokes = stroke.map { $0.width > 0 && $0.color.alpha > 0 } ?? false
        guard fill != nil || strokes else { return }
        cairo_new_path(cairo)
        addPath(shape)
        if let fill {
            setSource(fill)
            if strokes { cairo_fill_preserve(cairo) } else { cairo_fill(cairo) }
        }
        if let stroke, strokes {
            setSource(stroke.color)
            cairo_set_line_width(cairo, stroke.width)
            let dash = stroke.dash.filter { $0.isFinite && $0 >= 0 }
            if dash.contains(where: { $0 > 0 }) {
                cairo_set_dash(cairo, dash, Int32(clamping: dash.count), 0)
            } else {
                cairo_set_dash(cairo, nil, 0, 0)
            }
            cairo_stroke(cairo)
            cairo_set_dash(cairo, nil, 0, 0)
        }
        cairo_new_path(cairo)
    }

    private func addPath(_ shape: Shape) {
        switch shape {
        case .rect(let rect, let cornerRadius):
            let radius = min(max(0, cornerRadius), rect.width / 2, rect.height / 2)
            if radius > 0 {
                cairo_new_sub_path(cairo)
                cairo_arc(cairo, rect.maxX - radius, rect.minY + radius, radius, -Double.pi / 2, 0)
                cairo_arc(cairo, rect.maxX - radius, rect.maxY - radius, radius, 0, Double.pi / 2)
                cairo_arc(cairo, rect.minX + radius, rect.maxY - radius, radius, Double.pi / 2, Double.pi)
                cairo_arc(cairo, rect.minX + radius, rect.minY + radius, radius, Double.pi, 3 * Double.pi / 2)
                cairo_close_path(cairo)
            } else {
                cairo_rectangle(cairo, rect.x, rect.y, rect.width, rect.height)
            }
        case .path(let elements):
            for element in elements {
                switch element {
                case .move(let point): cairo_move_to(cairo, point.x, point.y)
                case .line(let point): cairo_line_to(cairo, point.x, point.y)
                case .close: cairo_close_path(cairo)
                }
            }
        case .circle(let center, let radius):
            cairo_new_sub_path(cairo)
            cairo_arc(cairo, center.x, center.y, max(0, radius), 0, 2 * Double.pi)
            cairo_close_path(cairo)
        }
    }

    private func setSource(_ color: Color) {
        cairo_set_source_rgba(cairo, color.red, color.green, color.blue, color.alpha)
    }

    // MARK: Text

    private func draw(_ item: TextItem) {
        guard !item.text.isEmpty else { return }
        let frame = item.frame
        cairo_save(cairo)
        defer { cairo_restore(cairo) }
        switch item.rotation {
        case .none:
            cairo_translate(cairo, frame.x, frame.y)
        case .counterclockwise:
            // The unrotated box runs from the footprint's bottom-left corner upwards.
            cairo_translate(cairo, frame.x, frame.maxY)
            cairo_rotate(cairo, -Double.pi / 2)
        }
        guard let layout = layouts.layout(TextSetting(item), on: cairo) else { return }
        // Pango aligns the text inside the box width it was given.
        setSource(item.style.color)
        cairo_move_to(cairo, 0, 0)
        pango_cairo_show_layout(cairo, layout)
    }

    // MARK: PDF tags

    private func link(_ rect: Rect, to target: LinkTarget) {
        let device = deviceRect(rect)
        let rectAttribute = "rect=[\(number(device.x)) \(number(device.y)) \(number(device.width)) \(number(device.height))]"
        let attributes: String
        switch target {
        case .url(let url): attributes = "\(rectAttribute) uri='\(Self.escaped(url))'"
        case .destination(let name): attributes = "\(rectAttribute) dest='\(Self.escaped(name))'"
        }
        cairo_save(cairo)
        cairo_identity_matrix(cairo)
        cairo_tag_begin(cairo, "Link", attributes)
        cairo_tag_end(cairo, "Link")
        cairo_restore(cairo)
    }

    private func destination(_ name: String, at point: Point) {
        var x = point.x
        var y = point.y
        cairo_user_to_device(cairo, &x, &y)
        cairo_save(cairo)
        cairo_identity_matrix(cairo)
        cairo_tag_begin(cairo, "cairo.dest", "name='\(Self.escaped(name))' x=\(number(x)) y=\(number(y))")
        cairo_tag_end(cairo, "cairo.dest")
        cairo_restore(cairo)
    }

    private func deviceRect(_ rect: Rect) -> Rect {
        let corners = [(rect.minX, rect.minY), (rect.maxX, rect.minY), (rect.minX, rect.maxY), (rect.maxX, rect.maxY)]
            .map { corner in
                var (x, y) = corner
                cairo_user_to_device(cairo, &x, &y)
                return (x, y)
            }
        let xs = corners.map(\.0)
        let ys = corners.map(\.1)
        let minX = xs.min() ?? 0
        let minY = ys.min() ?? 0
        return Rect(x: minX, y: minY, width: (xs.max() ?? 0) - minX, height: (ys.max() ?? 0) - minY)
    }

    /// A number for a tag attribute: fixed notation, no locale.
    private func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        return String(format: "%.3f", value)
    }

    /// A string inside single quotes of a Cairo tag attribute.
    static func escaped(_ value: String) -> String {
        var result = ""
        for character in value {
            if character == "'" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
