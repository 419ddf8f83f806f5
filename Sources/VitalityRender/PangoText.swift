import CCairo
import CPangoCairo
import VitalityScene

/// The Pango settings shared by measuring and drawing, so layout and rendering agree:
/// 72 dpi (1 font point = 1 unit), no hinting, unrounded glyph positions (CAIRO-NOTES.md).
enum PangoSupport {
    static func configure(_ layout: OpaquePointer) {
        configure(context: pango_layout_get_context(layout))
        pango_layout_context_changed(layout)
    }

    static func configure(context: OpaquePointer?) {
        pango_cairo_context_set_resolution(context, 72)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(context, 0)
    }

    /// A Pango description of `font` (family, absolute size, weight, slant); the caller frees it.
    static func description(of font: Font) -> OpaquePointer? {
        let description = pango_font_description_new()
        pango_font_description_set_family(description, font.family)
        pango_font_description_set_absolute_size(description, font.size * Double(PANGO_SCALE))
        pango_font_description_set_weight(description, font.weight == .bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_style(description, font.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        return description
    }

    /// Puts a text into `layout` with the style and box rules of a `TextItem`:
    /// - `wraps` with a width: word wrap at `width`; with `maxLines`, ellipsize after that many lines.
    /// - not wrapping, with a width: one line per paragraph, ellipsized at `width` (layout sizes
    ///   single-line frames to the measured text, so only text that does not fit is cut).
    /// - without a width: no ellipsis.
    static func apply(_ setting: TextSetting, to layout: OpaquePointer) {
        let (text, width, wraps, maxLines) = (setting.text, setting.width, setting.wraps, setting.maxLines)
        let description = description(of: setting.font)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)

        pango_layout_set_text(layout, text, -1)
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_height(layout, -1)
        let boxWidth = width.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
        switch (boxWidth, wraps, maxLines) {
        case (let boxWidth?, true, let maxLines):
            pango_layout_set_width(layout, pangoUnits(boxWidth))
            if let maxLines, maxLines > 0 {
                pango_layout_set_height(layout, -Int32(clamping: maxLines))
                pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
            } else {
                pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE)
            }
        case (let boxWidth?, false, _):
            pango_layout_set_width(layout, pangoUnits(boxWidth))
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
        default:
            pango_layout_set_width(layout, -1)
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE)
        }
        switch setting.alignment {
        case .leading: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .trailing: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
    }

    private static func pangoUnits(_ points: Double) -> Int32 {
        Int32(clamping: Int((min(points, 1e6) * Double(PANGO_SCALE)).rounded(.up)))
    }

    static func metrics(of layout: OpaquePointer) -> TextMetrics {
        var ink = PangoRectangle()
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        let scale = Double(PANGO_SCALE)
        return TextMetrics(
            width: Double(logical.x + logical.width) / scale,
            height: Double(logical.height) / scale,
            baseline: Double(pango_layout_get_baseline(layout)) / scale,
            lineCount: Int(pango_layout_get_line_count(layout)),
            isTruncated: pango_layout_is_ellipsized(layout) != 0)
    }
}

/// Measures text with Pango exactly as `Renderer` draws it, remembering what it measured. Holds
/// its own Cairo and Pango objects: use one instance per thread.
package final class PangoTextMeasurer: TextMeasuring {
    private let surface: OpaquePointer
    private let cairo: OpaquePointer
    private let layout: OpaquePointer
    /// Metrics already measured: charts and reports repeat their texts (tick labels, names,
    /// headings), and Pango gives the same metrics for the same request. Measuring was 9.6 % of
    /// a one-thread build of the shipped set, 3 % with this cache.
    private var measured: [TextSetting: TextMetrics] = [:]

    /// Entries kept before the cache is emptied, so that a long batch stays in bounded memory.
    private static let cacheLimit = 20_000

    package init() {
        surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
        cairo = cairo_create(surface)
        layout = pango_cairo_create_layout(cairo)
        PangoSupport.configure(layout)
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(layout))
        cairo_destroy(cairo)
        cairo_surface_destroy(surface)
    }

    /// Extents of `text` wrapped at `maxWidth` (when given) and ellipsized after `maxLines`.
    /// This is what `Renderer` draws for a `TextItem` with `wraps` and `frame.width == maxWidth`;
    /// without `maxWidth` it is one unwrapped line, as drawn for a non-wrapping item without
    /// `maxLines`. A non-wrapping item with `maxLines` is one ellipsized line: `measure(item)`.
    package func measure(_ text: String, style: TextStyle, maxWidth: Double?, maxLines: Int?) -> TextMetrics {
        metrics(TextSetting(text, style: style, width: maxWidth, wraps: maxWidth != nil, maxLines: maxLines))
    }

    /// Extents of a text item laid out exactly as `Renderer` draws it (unrotated, so for
    /// `.counterclockwise` the box width is `frame.height`).
    package func measure(_ item: TextItem) -> TextMetrics {
        metrics(TextSetting(item))
    }

    private func metrics(_ setting: TextSetting) -> TextMetrics {
        if let known = measured[setting] { return known }
        PangoSupport.apply(setting, to: layout)
        let metrics = PangoSupport.metrics(of: layout)
        if measured.count >= Self.cacheLimit { measured.removeAll(keepingCapacity: true) }
        measured[setting] = metrics
        return metrics
    }

    /// The family fontconfig actually resolved for a request (Pango falls back silently).
    func resolvedFamily(for font: Font) -> String {
        withLoadedFont(font) { loaded in
            let resolved = pango_font_describe(loaded)
            defer { pango_font_description_free(resolved) }
            guard let family = pango_font_description_get_family(resolved) else { return "" }
            return String(cString: family)
        } ?? ""
    }

    /// What Pango draws `font` with on this machine: the font it resolves the family, weight
    /// and slant to (as Pango describes it, without the size) and the bytes of that font's
    /// file; nil when Pango loads no font. Output keys hold it, so that a font file replaced
    /// under the same name renders again what uses it.
    package func fontFile(for font: Font) -> (description: String, bytes: [UInt8])? {
        withLoadedFont(font) { loaded -> (String, [UInt8])? in
            let resolved = pango_font_describe(loaded)
            defer { pango_font_description_free(resolved) }
            pango_font_description_unset_fields(resolved, PANGO_FONT_MASK_SIZE)
            let text = pango_font_description_to_string(resolved)
            defer { g_free(text) }
            guard let text, let hbFont = pango_font_get_hb_font(loaded), let face = hb_font_get_face(hbFont) else { return nil }
            let blob = hb_face_reference_blob(face)
            defer { hb_blob_destroy(blob) }
            var length: UInt32 = 0
            guard let data = hb_blob_get_data(blob, &length), length > 0 else { return nil }
            let bytes = UnsafeRawBufferPointer(start: data, count: Int(length))
            return (String(cString: text), Array(bytes))
        } ?? nil
    }

    private func withLoadedFont<T>(_ font: Font, _ body: (UnsafeMutablePointer<PangoFont>) -> T) -> T? {
        let description = PangoSupport.description(of: font)
        defer { pango_font_description_free(description) }
        let context = pango_layout_get_context(layout)
        guard let loaded = pango_context_load_font(context, description) else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(loaded)) }
        return body(loaded)
    }
}

/// What Pango lays a text out from: the text, the font, the alignment and the box rules of a
/// `TextItem` (the colour is drawn, not laid out). The key of what measuring and drawing keep.
struct TextSetting: Hashable {
    var text: String
    var font: Font
    var alignment: TextAlignment
    var width: Double?
    var wraps: Bool
    var maxLines: Int?

    init(_ text: String, style: TextStyle, width: Double?, wraps: Bool, maxLines: Int?) {
        self.text = text
        font = style.font
        alignment = style.alignment
        self.width = width
        self.wraps = wraps
        self.maxLines = maxLines
    }

    /// A text item as drawn unrotated: for `.counterclockwise` the box width is `frame.height`.
    init(_ item: TextItem) {
        self.init(
            item.text, style: item.style, width: item.rotation == .counterclockwise ? item.frame.height : item.frame.width,
            wraps: item.wraps, maxLines: item.maxLines)
    }
}
