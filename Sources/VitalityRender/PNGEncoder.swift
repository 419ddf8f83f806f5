import CCairo
import CPNGEncode

/// How `Renderer.png` turns the drawn raster into PNG bytes.
///
/// The standard writer is libdeflate at level 2 with no row filter, chosen by
/// `scripts/bench-png.sh` (every gallery chart at 150 dpi, each raster encoded by every writer,
/// interleaved, median of 15 runs of thread CPU time, release build, shared 2-core machine at
/// load 6–7; table in docs/GALLERY.md, "PNG encoding"). Against cairo's own writer (libpng
/// defaults: zlib level 6, adaptive filters, plus the pHYs chunk spliced in afterwards) it was
/// 4.1× faster (median over the 13 charts; 3.4× on the line chart, 4.5× on slope) and its files
/// 9 % *smaller* (at most 0.96× cairo's). Charts are mostly flat colour, where unfiltered rows
/// repeat whole runs of pixels that deflate matches directly: the "up" filter (the C floor's
/// fast variant, with libpng at zlib level 1) made files 5–20 % larger for no gain in time, and
/// paeth or all filters cost 1.5–3× the time. libpng at zlib level 1 with no filter was about as
/// fast (3.9×) but its files ≈ 10 % larger than cairo's, and it reports errors by longjmp;
/// libdeflate level 4 was as fast for 1 % less, level 6 slower (3.6×).
package enum PNGWriter: Sendable, Hashable, CustomStringConvertible {
    /// libdeflate at `level` (1–12) with the same row filter on every row.
    case libdeflate(level: Int, filter: PNGRowFilter)
    /// Cairo's own writer, then the `pHYs` chunk inserted: the path before issue 12, kept to
    /// measure against and to check that both give the same pixels.
    case cairo

    /// The writer `Renderer.png(_:dpi:)` uses.
    package static let standard = PNGWriter.libdeflate(level: 2, filter: .none)

    package var description: String {
        switch self {
        case .libdeflate(let level, let filter): "libdeflate-\(level)-\(filter)"
        case .cairo: "cairo"
        }
    }
}

/// A PNG row filter (the same one on every row).
package enum PNGRowFilter: Int32, Sendable, CaseIterable, CustomStringConvertible {
    case none = 0
    case up = 2

    package var description: String { self == .none ? "none" : "up" }
}

/// PNG encoding of Cairo image surfaces.
enum PNGEncoder {
    /// The libdeflate version the encoder was built with.
    static var deflateVersion: String { String(cString: vpng_deflate_version()) }

    /// PNG bytes of an RGB24 image `surface` with a `pHYs` chunk for `dpi`. The bytes depend
    /// only on the pixels, `dpi` and `writer` (and the library versions).
    static func encode(_ surface: OpaquePointer, dpi: Double, writer: PNGWriter) throws(RenderError) -> [UInt8] {
        switch writer {
        case .cairo:
            let sink = ByteSink()
            let status = withExtendedLifetime(sink) {
                cairo_surface_write_to_png_stream(surface, ByteSink.write, Unmanaged.passUnretained(sink).toOpaque())
            }
            guard status == CAIRO_STATUS_SUCCESS else { throw RenderError.cairo(status, while: "encoding PNG") }
            return ImageFormats.insertingResolution(sink.bytes, dpi: dpi)
        case .libdeflate(let level, let filter):
            guard cairo_image_surface_get_format(surface) == CAIRO_FORMAT_RGB24 else {
                throw RenderError("the PNG encoder takes RGB24 image surfaces only")
            }
            guard let data = cairo_image_surface_get_data(surface) else {
                throw RenderError("the image surface has no pixel data")
            }
            var file = vpng_bytes()
            let status = vpng_encode_rgb24(
                data, UInt32(cairo_image_surface_get_width(surface)), UInt32(cairo_image_surface_get_height(surface)),
                Int(cairo_image_surface_get_stride(surface)), ImageFormats.pixelsPerMetre(dpi), Int32(level), filter.rawValue, &file)
            defer { vpng_free(&file) }
            guard status == Int32(VPNG_OK), let bytes = file.bytes else {
                throw RenderError("encoding PNG failed: \(reason(status))")
            }
            return Array(UnsafeBufferPointer(start: bytes, count: file.count))
        }
    }

    private static func reason(_ status: Int32) -> String {
        switch status {
        case Int32(VPNG_INVALID_ARGUMENT): "invalid size, stride, resolution or setting"
        case Int32(VPNG_OUT_OF_MEMORY): "out of memory"
        case Int32(VPNG_COMPRESSION_FAILED): "libdeflate could not compress the image"
        default: "status \(status)"
        }
    }
}
