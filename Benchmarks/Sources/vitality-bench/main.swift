import CSV
import Foundation
import SwiftCSV
import VitalityData
import VitalityModel

/// Reader benchmark (release build, run by `scripts/bench-readers.sh`, never by `swift test`).
///
///     vitality-bench generate long|wide <folder> <megabytes>   deterministic input folder
///     vitality-bench read <folder>                            reads it into a Dataset, prints MB/s
///     vitality-bench swiftcsv <file>                          only splits the file into rows with
///                                                             SwiftCSV 0.10 (no numbers, no dataset)
///     vitality-bench csvswift <file>                          the same with CSV.swift 2.5 (yaslab)
///     vitality-bench jsondecoder <file>                       only decodes a JSON-stat file with
///                                                             Foundation's JSONDecoder
///
/// The generated folder has `indicators.csv`, `measures.csv` and one file in `statistics/`:
/// `long` is `area_code;area;indicator;year;value` with decimal commas; `wide` is a PX-Web
/// export with a title line, `"Alue";"Tiedot";"2000";…;"2024"`. Values come from a fixed
/// linear congruential sequence, so the same arguments give the same bytes.
struct Generator {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15

    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }

    /// A value such as `12345` or `87,5` (one in 50 cells the missing symbol `..`).
    mutating func value(into line: inout String, decimalComma: Bool) {
        let draw = next()
        if draw % 50 == 0 { line += ".."; return }
        if draw % 3 == 0 {
            line += "\(draw % 1000)\(decimalComma ? "," : ".")\(draw / 1000 % 10)"
        } else {
            line += "\(draw % 100_000)"
        }
    }
}

func generate(layout: String, folder: String, megabytes: Int) throws {
    let manager = FileManager.default
    try manager.createDirectory(atPath: folder + "/statistics", withIntermediateDirectories: true)
    try "id,label_fi,unit\nindicator_0000,Indikaattori 0,kpl\n".write(toFile: folder + "/indicators.csv", atomically: true, encoding: .utf8)
    try "id;teema;toimenpide;tila\nA-1;Asuminen;Tontit;Valmis\n".write(toFile: folder + "/measures.csv", atomically: true, encoding: .utf8)
    let areas = AreaCatalog.standard.areas.filter { $0.kind == .municipality }
    let target = megabytes * 1_000_000
    let path = folder + "/statistics/" + (layout == "long" ? "long.csv" : "wide.csv")
    guard manager.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
        throw CocoaError(.fileWriteUnknown)
    }
    defer { try? handle.close() }
    var generator = Generator()
    var written = 0
    var chunk = ""
    func flush(force: Bool = false) {
        guard force || chunk.utf8.count > 1 << 20 else { return }
        handle.write(Data(chunk.utf8))
        written += chunk.utf8.count
        chunk = ""
    }
    let years = 2000...2024
    var indicator = 0
    if layout == "long" {
        chunk = "area_code;area;indicator;year;value\n"
        while written + chunk.utf8.count < target {
            for area in areas {
                for year in years {
                    chunk += "\(area.code);\(area.nameFI);Indikaattori \(indicator);\(year);"
                    generator.value(into: &chunk, decimalComma: true)
                    chunk += "\n"
                }
                flush()
            }
            indicator += 1
        }
    } else {
        chunk = "\"Generated benchmark table\"\n\n\"Alue\";\"Tiedot\";" + years.map { "\"\($0)\"" }.joined(separator: ";") + "\n"
        while written + chunk.utf8.count < target {
            for area in areas {
                chunk += "\"KU\(area.code) \(area.nameFI)\";\"Indikaattori \(indicator)\""
                for _ in years {
                    chunk += ";"
                    generator.value(into: &chunk, decimalComma: false)
                }
                chunk += "\n"
                flush()
            }
            indicator += 1
        }
    }
    flush(force: true)
}

func read(folder: String) {
    let statistics = folder + "/statistics"
    let bytes = ((try? FileManager.default.contentsOfDirectory(atPath: statistics)) ?? []).reduce(0) { total, name in
        total + (((try? FileManager.default.attributesOfItem(atPath: statistics + "/" + name))?[.size] as? Int) ?? 0)
    }
    let clock = ContinuousClock()
    let start = clock.now
    let result = InputFolderReader().read(directory: folder)
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let megabytes = Double(bytes) / 1e6
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let peak = Double(usage.ru_maxrss) * 1024 / 1e6
    let errors = result.diagnostics.filter { $0.severity == .error }.count
    let store = result.dataset.observations
    print(String(format: "read %.1f MB in %.3f s: %.0f MB/s; %d observations, %d areas; %d errors; peak RSS %.0f MB (%.2f × file); store %.0f MB (%.2f bytes per observation, %d runs, %d series)",
                 megabytes, seconds, megabytes / seconds, store.count, result.dataset.areas.count,
                 errors, peak, peak / megabytes, Double(store.storageBytes) / 1e6,
                 Double(store.storageBytes) / Double(Swift.max(1, store.count)), store.runCount, store.seriesCount))
}

/// The library candidate: rows and fields as Strings from SwiftCSV's row enumeration.
func swiftCSV(file: String) {
    let clock = ContinuousClock()
    let start = clock.now
    guard let data = FileManager.default.contents(atPath: file) else { print("cannot read \(file)"); exit(1) }
    let text = String(decoding: data, as: UTF8.self)
    var rows = 0
    var fields = 0
    do {
        let csv = try EnumeratedCSV(string: text, delimiter: .semicolon, loadColumns: false, rowLimit: 1)
        try csv.enumerateAsArray(startAt: 0, rowLimit: nil) { row in
            rows += 1
            fields += row.count
        }
    } catch {
        print("SwiftCSV: \(error)")
        exit(1)
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let megabytes = Double(data.count) / 1e6
    print(String(format: "SwiftCSV split %.1f MB into %d rows, %d fields in %.3f s: %.0f MB/s; peak RSS %.0f MB",
                 megabytes, rows, fields, seconds, megabytes / seconds, Double(usage.ru_maxrss) * 1024 / 1e6))
}

/// The other library candidate: CSV.swift's streaming reader, rows as `[String]`.
func csvSwift(file: String) {
    let clock = ContinuousClock()
    let start = clock.now
    guard let stream = InputStream(fileAtPath: file) else { print("cannot read \(file)"); exit(1) }
    var rows = 0
    var fields = 0
    do {
        let reader = try CSVReader(stream: stream, delimiter: ";")
        while let row = reader.next() {
            rows += 1
            fields += row.count
        }
        // CSV.swift 2.5 reports the end of a stream as `cannotReadFile`.
        if let error = reader.error, !(error is CSVError && "\(error)" == "cannotReadFile") { throw error }
    } catch {
        print("CSV.swift: \(error)")
        exit(1)
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let bytes = ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) ?? 0
    let megabytes = Double(bytes) / 1e6
    print(String(format: "CSV.swift split %.1f MB into %d rows, %d fields in %.3f s: %.0f MB/s; peak RSS %.0f MB",
                 megabytes, rows, fields, seconds, megabytes / seconds, Double(usage.ru_maxrss) * 1024 / 1e6))
}

let arguments = CommandLine.arguments.dropFirst()
switch (arguments.first, arguments.count) {
case ("generate", 4):
    let parts = Array(arguments)
    guard ["long", "wide"].contains(parts[1]), let megabytes = Int(parts[3]) else {
        print("usage: vitality-bench generate long|wide <folder> <megabytes>")
        exit(2)
    }
    do {
        try generate(layout: parts[1], folder: parts[2], megabytes: megabytes)
    } catch {
        print("could not write \(parts[2]): \(error)")
        exit(1)
    }
case ("read", 2):
    read(folder: Array(arguments)[1])
case ("swiftcsv", 2):
    swiftCSV(file: Array(arguments)[1])
case ("csvswift", 2):
    csvSwift(file: Array(arguments)[1])
case ("jsondecoder", 2):
    jsonDecoder(file: Array(arguments)[1])
default:
    print("usage: vitality-bench generate long|wide <folder> <megabytes> | read <folder>")
    exit(2)
}
