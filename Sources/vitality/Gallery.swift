import ArgumentParser
import Foundation
import VitalityBuild
import VitalityModel

extension Vitality {
    /// `vitality gallery`: one example of every chart type, for docs/gallery and the benchmark.
    struct Gallery: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render an example of every chart type (generated figures) into a folder, or time them with --benchmark.")

        @Option(name: .long, help: ArgumentHelp("Folder the examples are written to.", valueName: "dir"), completion: .directory)
        var output = "docs/gallery"

        @Option(name: .long, help: ArgumentHelp("Resolution of the PNGs in dots per inch (36–600).", valueName: "n"))
        var dpi = 150

        @Option(name: .long, help: ArgumentHelp("File formats, comma-separated: png, pdf, svg.", valueName: "list"), completion: .chartFormats)
        var formats = "png"

        @Option(name: .long, help: ArgumentHelp("Language of the fixed chart words: fi, sv or en.", valueName: "fi|sv|en"), completion: .locales)
        var locale = ReportLocale.fi

        @Flag(name: .long, help: "Use the greyscale print theme.")
        var greyscale = false

        @Option(name: .long, help: ArgumentHelp("Time layout, PNG and PDF per chart type over N runs instead of writing files.", valueName: "n"))
        var benchmark: Int?

        func validate() throws {
            guard (36...600).contains(dpi) else { throw ValidationError("--dpi must be between 36 and 600.") }
            if case .failure(let error) = ChartFormat.parseList(formats) {
                throw ValidationError("--formats: '\(error.name)' is not one of png, pdf, svg.")
            }
        }

        func run() throws {
            if let repeats = benchmark {
                print("chart,layout_ms,png_ms,pdf_ms")
                for timing in try GalleryBuilder.benchmark(dpi: Double(dpi), repeats: repeats) {
                    print(String(format: "%@,%.2f,%.2f,%.2f", timing.name, timing.layoutMilliseconds, timing.pngMilliseconds, timing.pdfMilliseconds))
                }
                return
            }
            guard case .success(let chosen) = ChartFormat.parseList(formats) else { return }
            let files = try GalleryBuilder.files(dpi: Double(dpi), formats: chosen, locale: locale, greyscale: greyscale)
            let folder = URL(fileURLWithPath: output)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in files {
                try Data(file.bytes).write(to: folder.appendingPathComponent(file.name), options: .atomic)
                print("wrote \((output as NSString).appendingPathComponent(file.name))")
            }
        }
    }
}
