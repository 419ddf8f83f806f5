import CCairo

extension RasterImage {
    /// The pixels of a PNG file read by Cairo (alpha dropped), nil when it cannot be read.
    static func readPNG(_ path: String) -> RasterImage? {
        guard let surface = cairo_image_surface_create_from_png(path) else { return nil }
        defer { cairo_surface_destroy(surface) }
        return pixels(of: surface)
    }

    /// The pixels of PNG bytes decoded by Cairo (alpha dropped), nil when they cannot be read.
    static func decodePNG(_ png: [UInt8]) -> RasterImage? {
        let source = ByteSource(png)
        let unmanaged = Unmanaged.passRetained(source)
        defer { unmanaged.release() }
        guard let surface = cairo_image_surface_create_from_png_stream(ByteSource.read, unmanaged.toOpaque()) else { return nil }
        defer { cairo_surface_destroy(surface) }
        return pixels(of: surface)
    }

    private static func pixels(of surface: OpaquePointer) -> RasterImage? {
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface) else { return nil }
        let width = Int(cairo_image_surface_get_width(surface))
        let height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let raw = UnsafeRawPointer(data)
        var pixels: [UInt32] = []
        pixels.reserveCapacity(width * height)
        for row in 0..<height {
            for column in 0..<width {
                pixels.append(raw.loadUnaligned(fromByteOffset: row * stride + column * 4, as: UInt32.self) & 0x00FF_FFFF)
            }
        }
        return RasterImage(width: width, height: height, pixels: pixels)
    }

    /// PNG bytes of these pixels (for golden references and diff images).
    func pngBytes() throws(RenderError) -> [UInt8] {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface) else {
            throw RenderError("cannot create a \(width)×\(height) image")
        }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let raw = UnsafeMutableRawPointer(data)
        for row in 0..<height {
            for column in 0..<width {
                raw.storeBytes(of: pixels[row * width + column], toByteOffset: row * stride + column * 4, as: UInt32.self)
            }
        }
        cairo_surface_mark_dirty(surface)
        let sink = ByteSink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, ByteSink.write, Unmanaged.passUnretained(sink).toOpaque())
        }
        guard status == CAIRO_STATUS_SUCCESS else { throw RenderError.cairo(status, while: "encoding PNG") }
        return sink.bytes
    }
}
