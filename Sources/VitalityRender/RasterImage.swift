import CCairo
import VitalityScene

/// Opaque RGB pixels of a rendered scene, row by row from the top, for tests and checks.
struct RasterImage: Sendable, Equatable {
    let width: Int
    let height: Int
    /// `0xRRGGBB` per pixel.
    let pixels: [UInt32]

    func pixel(_ x: Int, _ y: Int) -> (red: UInt8, green: UInt8, blue: UInt8) {
        let value = pixels[y * width + x]
        return (UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
    }
}

extension Renderer {
    /// The pixels `png(_:dpi:)` encodes.
    static func rasterize(_ scene: Scene, dpi: Double, layouts: TextLayoutCache = TextLayoutCache()) throws(RenderError) -> RasterImage {
        try withRaster(scene, dpi: dpi, layouts: layouts) { surface throws(RenderError) in
            let width = Int(cairo_image_surface_get_width(surface))
            let height = Int(cairo_image_surface_get_height(surface))
            let stride = Int(cairo_image_surface_get_stride(surface))
            guard let data = cairo_image_surface_get_data(surface) else {
                throw RenderError("the image surface has no pixel data")
            }
            var pixels: [UInt32] = []
            pixels.reserveCapacity(width * height)
            let raw = UnsafeRawPointer(data)
            for row in 0..<height {
                for column in 0..<width {
                    let value = raw.loadUnaligned(fromByteOffset: row * stride + column * 4, as: UInt32.self)
                    pixels.append(value & 0x00FF_FFFF)
                }
            }
            return RasterImage(width: width, height: height, pixels: pixels)
        }
    }
}
