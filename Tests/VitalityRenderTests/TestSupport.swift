import Foundation
import Testing
import VitalityTestSupport
import VitalityScene
@testable import VitalityRender

/// Runs `tool` (poppler-utils, qpdf) on `bytes` written to a temporary file; `"{}"` in
/// `arguments` stands for the file's path.
func runTool(_ tool: String, _ arguments: [String], on bytes: [UInt8], suffix: String = ".pdf") throws -> ProcessResult {
    let executable = try #require(ToolLookup.executable(tool), "\(tool) is needed (scripts/setup.sh --test installs it)")
    return try ProcessRunner.run(executable, arguments, onFile: bytes, suffix: suffix)
}

extension RasterImage {
    /// True when the pixel is clearly darker than the white background.
    func isInk(_ x: Int, _ y: Int) -> Bool {
        let (red, green, blue) = pixel(x, y)
        return Int(red) + Int(green) + Int(blue) < 3 * 160
    }

    /// Bounding box of ink pixels in a pixel region, as (minX, minY, maxX, maxY); nil when blank.
    func inkBounds(x: Range<Int>, y: Range<Int>) -> (minX: Int, minY: Int, maxX: Int, maxY: Int)? {
        var bounds: (minX: Int, minY: Int, maxX: Int, maxY: Int)?
        for row in y.clamped(to: 0..<height) {
            for column in x.clamped(to: 0..<width) where isInk(column, row) {
                if let current = bounds {
                    bounds = (min(current.minX, column), min(current.minY, row), max(current.maxX, column), max(current.maxY, row))
                } else {
                    bounds = (column, row, column, row)
                }
            }
        }
        return bounds
    }

    /// Bounding box of ink over the whole image.
    var inkBounds: (minX: Int, minY: Int, maxX: Int, maxY: Int)? {
        inkBounds(x: 0..<width, y: 0..<height)
    }
}

let bodyStyle = TextStyle(font: Font(size: 10))
