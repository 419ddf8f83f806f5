import CCairo
import Foundation
@testable import VitalityRender
import VitalityReport
import VitalityScene

/// libFuzzer entry point for logo PNGs: the input bytes are read as a template's logo
/// (`ReportLogo`, which reads the size from the header and checks the chunks), and an accepted
/// logo is decoded by cairo through the renderer's stream reader (`ByteSource`,
/// `cairo_image_surface_create_from_png_stream`) and drawn the way the report cover draws it
/// (`Renderer.png` of an image item); the
/// resolution chunk writer (`ImageFormats.insertingResolution`) gets the bytes too. A crash, a
/// sanitizer report, a logo whose header size differs from the size cairo decodes, or a
/// resolution pass that breaks the header is a finding. cairo and libpng themselves are the
/// system's uninstrumented libraries: the fuzzer sees their crashes and ASan reports on memory
/// they get from malloc, not their coverage. Built by `scripts/fuzz.sh logo`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLogo(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let logo = ReportLogo(png: bytes, path: "images/logo.png")
    if let logo, logo.png != bytes || logo.pixelWidth <= 0 || logo.pixelHeight <= 0 {
        fatalError("logo does not keep its bytes or has no size: \(logo.pixelWidth)×\(logo.pixelHeight)")
    }

    // Only accepted logos reach cairo in a report, so only they are decoded here.
    let source = ByteSource(bytes)
    let decoded: (width: Int, height: Int)? = logo == nil ? nil : withExtendedLifetime(source) {
        guard let surface = cairo_image_surface_create_from_png_stream(
            ByteSource.read, Unmanaged.passUnretained(source).toOpaque()) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { return nil }
        return (Int(cairo_image_surface_get_width(surface)), Int(cairo_image_surface_get_height(surface)))
    }
    if let logo, let decoded, decoded != (logo.pixelWidth, logo.pixelHeight) {
        fatalError("header says \(logo.pixelWidth)×\(logo.pixelHeight), cairo decoded \(decoded.width)×\(decoded.height)")
    }

    if let logo {
        let image = ImageItem(png: logo.png, frame: Rect(x: 2, y: 2, width: 20, height: 12), altText: "Logo")
        let scene = Scene(size: Size(24, 16), items: [.image(image)], altText: "Logo")
        do {
            let png = try Renderer.png(scene, dpi: 72)
            guard ReportLogo(png: png, path: "rendered.png").map({ ($0.pixelWidth, $0.pixelHeight) == (24, 16) }) == true else {
                fatalError("the rendered page is not a 24×16 PNG")
            }
        } catch {
            fatalError("rendering a scene with a logo failed: \(error)")
        }
    }

    let withResolution = ImageFormats.insertingResolution(bytes, dpi: 150)
    if withResolution != bytes, Array(withResolution.prefix(16)) != Array(bytes.prefix(16)) {
        fatalError("insertingResolution changed the signature or the IHDR chunk header")
    }
    return 0
}
