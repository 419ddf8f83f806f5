import CCairo
import CPangoCairo
import VitalityScene

/// Pango layouts of the text one thread has drawn, kept so that the same text drawn again in
/// the same way is not itemized, shaped and broken into lines anew. A chart's texts are drawn
/// into its PNG, its PDF and the report's pages, and tick labels, area names and headings
/// repeat from chart to chart. Drawing text was 18 % of a one-thread build of the shipped set;
/// shaping alone was half of that.
///
/// Pango lays a text out for a context: the font options of the surface kind and the linear
/// part of the transformation. So a layout is kept per context, and a context per surface kind
/// and transformation; a hit draws exactly the layout that a fresh one would make. Made and used
/// on one thread only: Pango's font map is per thread.
package final class TextLayoutCache {
    private struct ContextKey: Hashable {
        var surfaceType: UInt32
        var xx: Double
        var yx: Double
        var xy: Double
        var yy: Double
    }

    private struct LayoutKey: Hashable {
        var context: ContextKey
        var setting: TextSetting
    }

    private var contexts: [ContextKey: OpaquePointer] = [:]
    /// Set when Pango gave no context or layout: the text was not drawn, and the renderer
    /// refuses the output (`takeFailure`).
    private var failed = false
    private var layouts: [LayoutKey: OpaquePointer] = [:]

    /// Layouts kept before all are let go, so that a long batch stays in bounded memory
    /// (a layout of a short label is a few kilobytes).
    static let layoutLimit = 4_000
    /// Contexts kept before all are let go: one per surface kind and scale or rotation in use.
    static let contextLimit = 64

    package init() {}

    deinit { releaseAll() }

    /// Whether a text could not be laid out since the last call; the next output starts clean.
    func takeFailure() -> Bool {
        defer { failed = false }
        return failed
    }

    /// Layouts made so far, for tests.
    var layoutCount: Int { layouts.count }

    /// A layout of the text set as `PangoSupport.apply` sets it, for drawing on `cairo` at its
    /// current transformation; owned by the cache.
    func layout(_ setting: TextSetting, on cairo: OpaquePointer) -> OpaquePointer? {
        var matrix = cairo_matrix_t()
        cairo_get_matrix(cairo, &matrix)
        let contextKey = ContextKey(
            surfaceType: cairo_surface_get_type(cairo_get_target(cairo)).rawValue,
            xx: matrix.xx, yx: matrix.yx, xy: matrix.xy, yy: matrix.yy)
        let key = LayoutKey(context: contextKey, setting: setting)
        if let known = layouts[key] { return known }
        if layouts.count >= Self.layoutLimit || (contexts[contextKey] == nil && contexts.count >= Self.contextLimit) {
            releaseAll()
        }
        guard let context = context(for: contextKey, on: cairo), let layout = pango_layout_new(context) else {
            failed = true
            return nil
        }
        PangoSupport.apply(setting, to: layout)
        layouts[key] = layout
        return layout
    }

    /// The context of one surface kind and transformation, set up once: Pango marks every
    /// layout of a context as changed whenever the context is updated, even to the same state.
    private func context(for key: ContextKey, on cairo: OpaquePointer) -> OpaquePointer? {
        if let known = contexts[key] { return known }
        guard let context = pango_cairo_create_context(cairo) else { return nil }
        PangoSupport.configure(context: context)
        pango_cairo_update_context(cairo, context)
        contexts[key] = context
        return context
    }

    private func releaseAll() {
        for layout in layouts.values { g_object_unref(UnsafeMutableRawPointer(layout)) }
        for context in contexts.values { g_object_unref(UnsafeMutableRawPointer(context)) }
        layouts.removeAll(keepingCapacity: true)
        contexts.removeAll(keepingCapacity: true)
    }
}
