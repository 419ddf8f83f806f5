import CCairo
import CPangoCairo
import VitalityScene

/// A rendering failure: an invalid size, or a Cairo error status.
package struct RenderError: Error, Sendable, CustomStringConvertible {
    var message: String

    init(_ message: String) {
        self.message = message
    }

    package var description: String { message }

    static func cairo(_ status: cairo_status_t, while step: String) -> RenderError {
        let reason = cairo_status_to_string(status).map { String(cString: $0) } ?? "status \(status.rawValue)"
        return RenderError("cairo failed while \(step): \(reason)")
    }
}

/// Draws scenes with Cairo (shapes) and Pango (text) into PNG, PDF and SVG bytes. Every call
/// makes its own surface and context and takes text layouts from the `TextLayoutCache` it is
/// given, which belongs to the calling thread (a fresh one by default), so calls may run on
/// several threads at once.
package enum Renderer {
    /// Largest raster side Cairo accepts.
    static let maximumPixels = 32_767

    /// PNG bytes of a scene at `dpi` (scene units are points: scale = dpi/72). White background;
    /// the resolution is recorded in a `pHYs` chunk so that viewers and word processors show
    /// the chart at its size in millimetres. Encoded by `PNGWriter.standard` (libdeflate):
    /// the same scene gives the same bytes. `layouts` are the calling thread's kept text layouts.
    package static func png(_ scene: Scene, dpi: Double, layouts: TextLayoutCache = TextLayoutCache()) throws(RenderError) -> [UInt8] {
        try png(scene, dpi: dpi, writer: .standard, layouts: layouts)
    }

    /// PNG bytes of a scene at `dpi`, encoded by `writer`.
    package static func png(
        _ scene: Scene, dpi: Double, writer: PNGWriter, layouts: TextLayoutCache = TextLayoutCache()
    ) throws(RenderError) -> [UInt8] {
        try withRaster(scene, dpi: dpi, layouts: layouts) { surface throws(RenderError) in
            try PNGEncoder.encode(surface, dpi: dpi, writer: writer)
        }
    }

    /// Draws `scene` once at `dpi` and calls `body` with an encoder of that raster, which may
    /// be called any number of times with any writer: for timing writers on the same pixels.
    package static func withRasterEncoder<T>(
        _ scene: Scene, dpi: Double, _ body: ((PNGWriter) throws(RenderError) -> [UInt8]) throws(RenderError) -> T
    ) throws(RenderError) -> T {
        try withRaster(scene, dpi: dpi, layouts: TextLayoutCache()) { surface throws(RenderError) in
            try body { writer throws(RenderError) in try PNGEncoder.encode(surface, dpi: dpi, writer: writer) }
        }
    }

    /// Single-page vector PDF of a scene (fonts embedded by Cairo), with metadata.
    /// A scene with alternative text is tagged as one `Figure`.
    package static func pdf(
        _ scene: Scene, metadata: DocumentMetadata, layouts: TextLayoutCache = TextLayoutCache()
    ) throws(RenderError) -> [UInt8] {
        var page = scene
        if !scene.altText.isEmpty {
            page.items = [.beginStructure(StructureTag("Figure", altText: scene.altText))] + scene.items + [.endStructure("Figure")]
        }
        return try pdf(Document(metadata: metadata, pages: [page]), layouts: layouts)
    }

    /// Multi-page PDF: each scene a page of its own size, with metadata, outline, page labels,
    /// links, named destinations and the structure tags of its scenes, made accessible by
    /// `PDFAccessibility` (language, XMP, figure alternative texts). Byte-identical across runs
    /// for the same document.
    package static func pdf(_ document: Document, layouts: TextLayoutCache = TextLayoutCache()) throws(RenderError) -> [UInt8] {
        guard let first = document.pages.first else { throw RenderError("a PDF needs at least one page") }
        for (index, page) in document.pages.enumerated() {
            try validatePageSize(page.size, page: index + 1)
        }
        for entry in document.outline where !document.pages.indices.contains(entry.pageIndex) {
            throw RenderError("outline entry '\(entry.title)' points to page \(entry.pageIndex + 1) of \(document.pages.count)")
        }

        let sink = ByteSink()
        return try withExtendedLifetime(sink) { () throws(RenderError) -> [UInt8] in
            let surface = cairo_pdf_surface_create_for_stream(
                ByteSink.write, Unmanaged.passUnretained(sink).toOpaque(), first.size.width, first.size.height)
            defer { cairo_surface_destroy(surface) }
            try check(cairo_surface_status(surface), while: "creating the PDF surface")
            setMetadata(document.metadata, on: surface)

            let cairo = try makeContext(surface, while: "creating the PDF context")
            defer { cairo_destroy(cairo) }
            let drawer = SceneDrawer(cairo: cairo, layouts: layouts, emitsTags: true)

            // Cairo 1.16 files link annotations under structure elements; without an enclosing
            // structure tag it references elements it never writes (a damaged cross-reference).
            // It must begin after the first page's size and background: Cairo resets an empty
            // page on both and forgets tags begun before.
            for (index, page) in document.pages.enumerated() {
                if index > 0 {
                    cairo_pdf_surface_set_size(surface, page.size.width, page.size.height)
                }
                if document.pageLabels.indices.contains(index), !document.pageLabels[index].isEmpty {
                    cairo_pdf_surface_set_page_label(surface, document.pageLabels[index])
                }
                // White like the PNG; it also keeps Cairo from dropping the tags of a page with no drawing.
                cairo_set_source_rgb(cairo, 1, 1, 1)
                cairo_paint(cairo)
                let (background, content) = backgroundFirst(page.items, page: page.size)
                drawer.draw(background)
                if index == 0 {
                    cairo_tag_begin(cairo, "Document", "")
                }
                drawer.draw(content)
                cairo_show_page(cairo)
                try check(cairo_status(cairo), while: "drawing page \(index + 1)")
                try checkText(layouts, while: "drawing page \(index + 1)")
            }
            cairo_tag_end(cairo, "Document")
            addOutline(document.outline, to: surface)
            cairo_surface_finish(surface)
            try check(cairo_surface_status(surface), while: "writing the PDF")
            return try PDFAccessibility.apply(AccessibilityAdditions(document: document), to: sink.bytes)
        }
    }

    /// A page's items with its leading background — opaque rectangles covering the whole page,
    /// such as a chart's own white background — moved in front of the structure tags that open
    /// the page. Cairo 1.16 throws away everything recorded on a page when an opaque fill
    /// covers all of it, the structure tags begun before included, and then fails with "invalid
    /// tag nesting" at their end (`vitality gallery --formats pdf` did). The picture is the same:
    /// the background was drawn first anyway.
    static func backgroundFirst(_ items: [SceneItem], page: Size) -> (background: [SceneItem], content: [SceneItem]) {
        let pageRect = Rect(x: 0, y: 0, width: page.width, height: page.height)
        var opening: [SceneItem] = []
        var background: [SceneItem] = []
        var index = items.startIndex
        while index < items.endIndex {
            switch items[index] {
            case .beginStructure:
                opening.append(items[index])
            case .shape(.rect(let rect, _), let fill?, nil) where fill.alpha >= 1 && rect.contains(pageRect):
                background.append(items[index])
            default:
                return (background, opening + items[index...])
            }
            index += 1
        }
        return (background, opening)
    }

    /// SVG bytes of a scene (text as glyph outlines). Cairo numbers `<g id="surfaceN">` with a
    /// process-wide counter; the ids are renumbered from 1 so the bytes depend on the scene alone.
    package static func svg(_ scene: Scene) throws(RenderError) -> [UInt8] {
        try validatePageSize(scene.size, page: 1)
        let sink = ByteSink()
        return try withExtendedLifetime(sink) { () throws(RenderError) -> [UInt8] in
            let surface = cairo_svg_surface_create_for_stream(
                ByteSink.write, Unmanaged.passUnretained(sink).toOpaque(), scene.size.width, scene.size.height)
            defer { cairo_surface_destroy(surface) }
            try check(cairo_surface_status(surface), while: "creating the SVG surface")
            cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_1)
            try drawOnto(surface, scene: scene, scale: 1, emitsTags: false, layouts: TextLayoutCache())
            cairo_surface_finish(surface)
            try check(cairo_surface_status(surface), while: "writing the SVG")
            return ImageFormats.renumberingSurfaces(sink.bytes)
        }
    }

    /// Draws `scene` onto a white RGB image surface at `dpi` and hands the surface to `body`.
    static func withRaster<T>(
        _ scene: Scene, dpi: Double, layouts: TextLayoutCache, _ body: (OpaquePointer) throws(RenderError) -> T
    ) throws(RenderError) -> T {
        guard dpi.isFinite, dpi > 0 else { throw RenderError("resolution must be a positive number of dots per inch, not \(dpi)") }
        let scale = dpi / 72
        let width = try pixelCount(scene.size.width * scale, side: "width")
        let height = try pixelCount(scene.size.height * scale, side: "height")
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
        defer { cairo_surface_destroy(surface) }
        try check(cairo_surface_status(surface), while: "creating a \(width)×\(height) image")
        try drawOnto(surface, scene: scene, scale: scale, emitsTags: false, layouts: layouts)
        cairo_surface_flush(surface)
        guard let surface else { throw RenderError("cairo returned no image surface") }
        return try body(surface)
    }

    /// Draws a scene on a fresh context of `surface`: white background, then the items.
    private static func drawOnto(
        _ surface: OpaquePointer?, scene: Scene, scale: Double, emitsTags: Bool, layouts: TextLayoutCache
    ) throws(RenderError) {
        let cairo = try makeContext(surface, while: "creating the drawing context")
        defer { cairo_destroy(cairo) }
        cairo_scale(cairo, scale, scale)
        cairo_set_source_rgb(cairo, 1, 1, 1)
        cairo_paint(cairo)
        SceneDrawer(cairo: cairo, layouts: layouts, emitsTags: emitsTags).draw(scene.items)
        try check(cairo_status(cairo), while: "drawing")
        try checkText(layouts, while: "drawing")
    }

    /// A new context on `surface`; the caller destroys it.
    private static func makeContext(_ surface: OpaquePointer?, while step: String) throws(RenderError) -> OpaquePointer {
        guard let cairo = cairo_create(surface) else { throw RenderError("cairo returned no context while \(step)") }
        let status = cairo_status(cairo)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_destroy(cairo)
            throw RenderError.cairo(status, while: step)
        }
        return cairo
    }

    private static func checkText(_ layouts: TextLayoutCache, while step: String) throws(RenderError) {
        guard !layouts.takeFailure() else { throw RenderError("pango could not create a text layout while \(step)") }
    }

    private static func pixelCount(_ points: Double, side: String) throws(RenderError) -> Int {
        guard points.isFinite, points > 0 else { throw RenderError("image \(side) must be positive, not \(points)") }
        let pixels = Int(points.rounded())
        guard pixels >= 1 else { throw RenderError("image \(side) rounds to 0 pixels") }
        guard pixels <= maximumPixels else {
            throw RenderError("image \(side) of \(pixels) px exceeds Cairo's limit of \(maximumPixels) px")
        }
        return pixels
    }

    private static func validatePageSize(_ size: Size, page: Int) throws(RenderError) {
        guard size.width.isFinite, size.height.isFinite, size.width > 0, size.height > 0 else {
            throw RenderError("page \(page) has an invalid size \(size.width)×\(size.height) pt")
        }
    }

    private static func check(_ status: cairo_status_t, while step: String) throws(RenderError) {
        guard status == CAIRO_STATUS_SUCCESS else { throw RenderError.cairo(status, while: step) }
    }

    private static func setMetadata(_ metadata: DocumentMetadata, on surface: OpaquePointer?) {
        let fields: [(cairo_pdf_metadata_t, String)] = [
            (CAIRO_PDF_METADATA_TITLE, metadata.title), (CAIRO_PDF_METADATA_AUTHOR, metadata.author),
            (CAIRO_PDF_METADATA_SUBJECT, metadata.subject), (CAIRO_PDF_METADATA_KEYWORDS, metadata.keywords),
            (CAIRO_PDF_METADATA_CREATOR, metadata.creator),
        ]
        for (key, value) in fields where !value.isEmpty {
            cairo_pdf_surface_set_metadata(surface, key, value)
        }
        // Cairo stamps the clock unless told otherwise: the date comes from the metadata or is left out.
        for key in [CAIRO_PDF_METADATA_CREATE_DATE, CAIRO_PDF_METADATA_MOD_DATE] {
            if let date = metadata.creationDate, !date.isEmpty {
                cairo_pdf_surface_set_metadata(surface, key, date)
            } else {
                cairo_pdf_surface_set_metadata(surface, key, nil)
            }
        }
    }

    /// Bookmarks: each entry's parent is the latest entry one level up.
    private static func addOutline(_ outline: [OutlineEntry], to surface: OpaquePointer?) {
        var parents: [Int32] = []
        for entry in outline {
            let level = max(1, entry.level)
            if parents.count >= level { parents.removeSubrange((level - 1)...) }
            let parent = parents.last ?? Int32(CAIRO_PDF_OUTLINE_ROOT)
            let link =
                entry.destination.isEmpty
                ? "page=\(entry.pageIndex + 1)" : "dest='\(SceneDrawer.escaped(entry.destination))'"
            let id = cairo_pdf_surface_add_outline(surface, parent, entry.title, link, CAIRO_PDF_OUTLINE_FLAG_OPEN)
            while parents.count < level - 1 { parents.append(parent) }
            parents.append(id)
        }
    }
}

/// Collects the bytes Cairo writes through a stream callback.
final class ByteSink {
    var bytes: [UInt8] = []

    static let write: cairo_write_func_t = { closure, data, length in
        guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
        if let data, length > 0 {
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        }
        return CAIRO_STATUS_SUCCESS
    }
}

/// Feeds bytes to cairo's PNG reader through its stream callback.
final class ByteSource {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    static let read: cairo_read_func_t = { closure, data, length in
        guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
        let source = Unmanaged<ByteSource>.fromOpaque(closure).takeUnretainedValue()
        let count = Int(length)
        guard count <= source.bytes.count - source.offset else { return CAIRO_STATUS_READ_ERROR }
        source.bytes.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress {
                data.update(from: base + source.offset, count: count)
            }
        }
        source.offset += count
        return CAIRO_STATUS_SUCCESS
    }
}

extension Renderer {
    /// The Cairo release series whose PDFs `PDFAccessibility` was written for and tested with.
    static let testedCairoSeries = ["1.16"]

    /// Why this machine's Cairo cannot be trusted to make the reports' PDFs, or nil when it is
    /// a tested version: `check` and `build` refuse to start with it.
    package static var untestedCairo: String? {
        untestedCairo(version: cairo_version_string().map { String(cString: $0) } ?? "unknown")
    }

    static func untestedCairo(version: String) -> String? {
        let series = version.split(separator: ".").prefix(2).joined(separator: ".")
        guard !testedCairoSeries.contains(series) else { return nil }
        return "This machine has cairo \(version), but Vitality adds the reports' PDF accessibility (language, "
            + "alternative texts, tab order, PDF/UA metadata) to PDFs as cairo \(testedCairoSeries.joined(separator: ", ")) writes them, "
            + "and was tested only with that. Install cairo \(testedCairoSeries.joined(separator: ", ")) (Debian 12's libcairo2), "
            + "or a Vitality release tested with cairo \(version)."
    }

    /// The Cairo, Pango and libdeflate versions the renderer runs on, e.g.
    /// `cairo 1.16.0, pango 1.50.12, libdeflate 1.14`.
    /// Part of every output's key in an incremental build: new libraries may draw the same
    /// scene into other bytes.
    package static var libraryVersions: String {
        let cairo = cairo_version_string().map { String(cString: $0) } ?? "unknown"
        let pango = pango_version_string().map { String(cString: $0) } ?? "unknown"
        return "cairo \(cairo), pango \(pango), libdeflate \(PNGEncoder.deflateVersion)"
    }
}
