import CCairo

extension Renderer {
    /// True when cairo decodes `png` whole (a truncated or corrupt PNG is false), the check a
    /// template's logo passes before layout: `SceneDrawer` draws nothing for a PNG it cannot read.
    package static func decodesPNG(_ png: [UInt8]) -> Bool {
        let source = ByteSource(png)
        let unmanaged = Unmanaged.passRetained(source)
        defer { unmanaged.release() }
        guard let surface = cairo_image_surface_create_from_png_stream(ByteSource.read, unmanaged.toOpaque()) else { return false }
        defer { cairo_surface_destroy(surface) }
        return cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS
            && cairo_image_surface_get_width(surface) > 0 && cairo_image_surface_get_height(surface) > 0
    }
}
