import Foundation
import VitalityCharts
import VitalityRender
import VitalityScene

/// PNG encoder benchmark (release build, run by `scripts/bench-png.sh`, never by `swift test`).
///
///     png-bench [repeats] [dpi]      default 15 repeats at 150 dpi
///     png-bench --write <folder> [dpi]   writes the gallery charts as PNG (for bench-png-libs.c)
///
/// Draws every gallery chart once, then encodes that same raster with cairo's own writer and
/// with libdeflate at several levels and row filters, the writers interleaved run by run so a
/// change of load on the shared machine hits them alike. Times are the thread's CPU time
/// (medians), which the other users of the machine disturb less than wall time. Prints CSV:
/// chart, pixels, writer, median ms, speed-up over cairo, size in bytes, size over cairo's.
if CommandLine.arguments.count > 2, CommandLine.arguments[1] == "--write" {
    let folder = URL(fileURLWithPath: CommandLine.arguments[2])
    let dpi = Double(CommandLine.arguments.dropFirst(3).first.flatMap { Int($0) } ?? 150)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, scene) in galleryScenes() {
        try Data(try Renderer.png(scene, dpi: dpi)).write(to: folder.appendingPathComponent("\(name).png"))
    }
    exit(0)
}
/// The gallery's example charts (as `vitality gallery` draws them) and the table's first piece.
func galleryScenes() -> [(String, Scene)] {
    let measurer = PangoTextMeasurer()
    var scenes = ChartGallery.samples().map { ($0.name, ChartLayout.layout($0.spec, size: $0.size, measurer: measurer)) }
    if let piece = TableLayout.pieces(ChartGallery.table(), width: 300, firstHeight: 400, height: 400, measurer: measurer).first {
        scenes.append(("table", piece))
    }
    return scenes
}

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let repeats = max(1, arguments.first ?? 15)
let dpi = Double(arguments.dropFirst().first ?? 150)
let writers: [PNGWriter] = [.cairo] + [1, 2, 4, 6].flatMap { level in
    PNGRowFilter.allCases.map { PNGWriter.libdeflate(level: level, filter: $0) }
}

func cpuMilliseconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) * 1e3 + Double(now.tv_nsec) / 1e6
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

print("chart,pixels,writer,median_ms,speedup,bytes,size_ratio")
var speedups: [PNGWriter: [Double]] = [:]
var ratios: [PNGWriter: [Double]] = [:]
for (name, scene) in galleryScenes() {
    let (times, sizes, pixels) = try Renderer.withRasterEncoder(scene, dpi: dpi) { encode throws(RenderError) in
        var times = Array(repeating: [Double](), count: writers.count)
        var sizes = Array(repeating: 0, count: writers.count)
        var pixels = ""
        for _ in 0..<repeats {
            for (index, writer) in writers.enumerated() {
                let start = cpuMilliseconds()
                let bytes = try encode(writer)
                times[index].append(cpuMilliseconds() - start)
                sizes[index] = bytes.count
                if pixels.isEmpty {
                    let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
                    let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
                    pixels = "\(width)x\(height)"
                }
            }
        }
        return (times.map(median), sizes, pixels)
    }
    for (index, writer) in writers.enumerated() {
        let speedup = times[0] / times[index]
        let ratio = Double(sizes[index]) / Double(sizes[0])
        speedups[writer, default: []].append(speedup)
        ratios[writer, default: []].append(ratio)
        print(String(format: "%@,%@,%@,%.2f,%.2f,%d,%.3f", name, pixels, writer.description, times[index], speedup, sizes[index], ratio))
    }
}
print("\nwriter,min_speedup,median_speedup,max_size_ratio,median_size_ratio")
for writer in writers {
    let speedup = speedups[writer] ?? [], ratio = ratios[writer] ?? []
    print(String(format: "%@,%.2f,%.2f,%.3f,%.3f", writer.description, speedup.min() ?? 0, median(speedup), ratio.max() ?? 0, median(ratio)))
}
