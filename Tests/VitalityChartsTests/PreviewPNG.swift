import CCairo
import CPangoCairo
import Foundation
import VitalityScene

/// Draws a scene to a PNG for looking at layouts by eye, only when `VITALITY_CHART_PREVIEW`
/// names a folder. Not the product renderer (that is VitalityRender's `Renderer`).
enum Preview {
    static func write(_ scene: Scene, name: String) {
        guard let folder = ProcessInfo.processInfo.environment["VITALITY_CHART_PREVIEW"] else { return }
        let scale = 2.0
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(scene.size.width * scale), Int32(scene.size.height * scale))
        let cr = cairo_create(surface)
        cairo_scale(cr, scale, scale)
        draw(scene.items, cr)
        cairo_surface_write_to_png(surface, "\(folder)/\(name).png")
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    private static func setColor(_ c: Color, _ cr: OpaquePointer?) { cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha) }

    private static func draw(_ items: [SceneItem], _ cr: OpaquePointer?) {
        for item in items {
            switch item {
            case .shape(let shape, let fill, let stroke):
                cairo_new_path(cr)
                switch shape {
                case .rect(let r, _): cairo_rectangle(cr, r.x, r.y, r.width, r.height)
                case .circle(let c, let radius): cairo_arc(cr, c.x, c.y, radius, 0, 2 * Double.pi)
                case .path(let elements):
                    for element in elements {
                        switch element {
                        case .move(let p): cairo_move_to(cr, p.x, p.y)
                        case .line(let p): cairo_line_to(cr, p.x, p.y)
                        case .close: cairo_close_path(cr)
                        }
                    }
                }
                if let fill {
                    setColor(fill, cr)
                    stroke == nil ? cairo_fill(cr) : cairo_fill_preserve(cr)
                }
                if let stroke {
                    setColor(stroke.color, cr)
                    cairo_set_line_width(cr, stroke.width)
                    cairo_set_dash(cr, stroke.dash, Int32(stroke.dash.count), 0)
                    cairo_stroke(cr)
                }
            case .text(let text):
                let layout = pango_cairo_create_layout(cr)
                let context = pango_layout_get_context(layout)
                pango_cairo_context_set_resolution(context, 72)
                let options = cairo_font_options_create()
                cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
                cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
                pango_cairo_context_set_font_options(context, options)
                cairo_font_options_destroy(options)
                pango_context_set_round_glyph_positions(context, 0)
                pango_layout_context_changed(layout)
                let description = pango_font_description_new()
                pango_font_description_set_family(description, text.style.font.family)
                pango_font_description_set_absolute_size(description, text.style.font.size * Double(PANGO_SCALE))
                pango_font_description_set_weight(description, text.style.font.weight == .bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
                pango_font_description_set_style(description, text.style.font.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
                pango_layout_set_font_description(layout, description)
                pango_font_description_free(description)
                pango_layout_set_text(layout, text.text, -1)
                pango_layout_set_width(layout, Int32((text.frame.width * Double(PANGO_SCALE)).rounded(.up)))
                pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
                pango_layout_set_height(layout, text.wraps ? -Int32(text.maxLines ?? 100) : -1)
                pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
                switch text.style.alignment {
                case .leading: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
                case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
                case .trailing: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
                }
                setColor(text.style.color, cr)
                cairo_move_to(cr, text.frame.x, text.frame.y)
                pango_cairo_show_layout(cr, layout)
                g_object_unref(UnsafeMutableRawPointer(layout))
            case .group(let children, let offset, let scale, _):
                cairo_save(cr)
                cairo_translate(cr, offset.x, offset.y)
                cairo_scale(cr, scale, scale)
                draw(children, cr)
                cairo_restore(cr)
            default:
                break
            }
        }
    }
}
