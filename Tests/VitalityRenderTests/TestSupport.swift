import Foundation
import VitalityScene
@testable import VitalityRender

/// Output of a command-line tool run on a temporary PDF.
struct ToolRun {
    let status: Int32
    let output: String
}

/// Writes `bytes` to a temporary file, runs `tool` with `arguments` (the file path replaces
/// "{}"), and returns its standard output.
func runTool(_ tool: String, _ arguments: [String], on bytes: [UInt8], suffix: String = ".pdf") throws -> ToolRun {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("vitality-render-\(UUID().uuidString)\(suffix)")
    try Data(bytes).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
    process.arguments = arguments.map { $0 == "{}" ? url.path : $0 }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ToolRun(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
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
