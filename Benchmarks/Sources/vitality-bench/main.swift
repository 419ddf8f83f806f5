import CLibDeflate
import CSV
import CZlib
import Foundation
import FoundationXML
import SwiftCSV
import VitalityData
import VitalityModel
import ZIPFoundation

/// Reader benchmark (release build, run by `scripts/bench-readers.sh`, never by `swift test`).
///
///     vitality-bench generate long|wide <folder> <megabytes>   deterministic input folder
///     vitality-bench read <folder>                            reads it into a Dataset, prints MB/s
///     vitality-bench swiftcsv <file>                          only splits the file into rows with
///                                                             SwiftCSV 0.10 (no numbers, no dataset)
///     vitality-bench csvswift <file>                          the same with CSV.swift 2.5 (yaslab)
///     vitality-bench xlsx <csv> <rows> <csv folder> <xlsx folder>
///                                                             the first <rows> data rows of a
///                                                             comma-separated long file as an input
///                                                             folder with that CSV and one with the
///                                                             same rows as an Excel workbook
///     vitality-bench xlsx-xml <xlsx>                          the first sheet inflated with and
///                                                             without ZIPFoundation's CRC-32 (and
///                                                             with zlib's and libdeflate's), its
///                                                             XML through the reader's scanner
///                                                             and through Foundation's XMLParser
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
        // The file's size, not a link's (scripts/bench-px.sh links the scaled CSV file).
        let path = URL(fileURLWithPath: statistics + "/" + name).resolvingSymlinksInPath().path
        return total + (((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0)
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

/// Writes the first `rows` data rows of a comma-separated long file (`gen_data.py`'s
/// `area_code,area,region,indicator,year,value`) as `statistics/long.csv` of one folder and as
/// `statistics/long.xlsx` of another, as Excel would save them: codes and names as shared
/// strings, years and values as numbers (a missing-value symbol as a string).
func writeWorkbook(csv: String, rows: Int, csvFolder: String, xlsxFolder: String) throws {
    let manager = FileManager.default
    for folder in [csvFolder, xlsxFolder] {
        try manager.createDirectory(atPath: folder + "/statistics", withIntermediateDirectories: true)
        try "id,label_fi,unit\npopulation,Väkiluku,asukasta\n".write(toFile: folder + "/indicators.csv", atomically: true, encoding: .utf8)
        try "id;teema;toimenpide;tila\nA-1;Asuminen;Tontit;Valmis\n".write(toFile: folder + "/measures.csv", atomically: true, encoding: .utf8)
    }
    guard let data = manager.contents(atPath: csv) else { throw CocoaError(.fileReadUnknown) }
    var lines = data.split(separator: UInt8(ascii: "\n"), maxSplits: rows + 1, omittingEmptySubsequences: true)
    if lines.count > rows + 1 { lines.removeLast() }
    var csvOut = Data()
    for line in lines {
        csvOut.append(line)
        csvOut.append(UInt8(ascii: "\n"))
    }
    try csvOut.write(to: URL(fileURLWithPath: csvFolder + "/statistics/long.csv"))

    var strings: [String] = []
    var index: [Substring: Int] = [:]
    func shared(_ text: Substring) -> Int {
        if let found = index[text] { return found }
        strings.append(String(text))
        index[text] = strings.count - 1
        return strings.count - 1
    }
    func column(_ number: Int) -> String { String(UnicodeScalar(UInt8(64 + number))) }
    let sheetPath = xlsxFolder + "/sheet1.xml"
    guard manager.createFile(atPath: sheetPath, contents: nil), let handle = FileHandle(forWritingAtPath: sheetPath) else {
        throw CocoaError(.fileWriteUnknown)
    }
    var chunk = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    for (number, line) in lines.enumerated() {
        let row = number + 1
        chunk += "<row r=\"\(row)\">"
        let fields = String(decoding: line, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
        for (position, field) in fields.enumerated() {
            let reference = "\(column(position + 1))\(row)"
            if row > 1, position >= 4, Double(field) != nil {
                chunk += "<c r=\"\(reference)\"><v>\(field)</v></c>"
            } else {
                chunk += "<c r=\"\(reference)\" t=\"s\"><v>\(shared(field))</v></c>"
            }
        }
        chunk += "</row>"
        if chunk.utf8.count > 1 << 20 {
            handle.write(Data(chunk.utf8))
            chunk = ""
        }
    }
    chunk += "</sheetData></worksheet>"
    handle.write(Data(chunk.utf8))
    try handle.close()

    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    var sst = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst xmlns=\"\(main)\">"
    for text in strings {
        sst += "<si><t>\(text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"))</t></si>"
    }
    sst += "</sst>"
    let parts: [(String, String)] = [
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
        ("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
        ("xl/workbook.xml", "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets><sheet name=\"Taulukko1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
        ("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"),
        ("xl/sharedStrings.xml", sst),
    ]
    let workbookPath = xlsxFolder + "/statistics/long.xlsx"
    try? manager.removeItem(atPath: workbookPath)
    let archive = try Archive(url: URL(fileURLWithPath: workbookPath), accessMode: .create)
    for (path, text) in parts {
        let bytes = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
            bytes.subdata(in: Int(position)..<(Int(position) + size))
        }
    }
    try archive.addEntry(with: "xl/worksheets/sheet1.xml", fileURL: URL(fileURLWithPath: sheetPath), compressionMethod: .deflate, bufferSize: 1 << 20)
    try manager.removeItem(atPath: sheetPath)
    print("wrote \(lines.count - 1) data rows to \(csvFolder)/statistics/long.csv and \(workbookPath)")
}

/// Counts cells with Foundation's SAX parser, the library candidate for reading sheets.
final class XMLParserCounter: NSObject, XMLParserDelegate {
    var cells = 0
    var textBytes = 0

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if elementName == "c" { cells += 1 }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { textBytes += string.utf8.count }
}

/// Inflating the first sheet with ZIPFoundation (pieces of 256 KB, as the reader does) with its
/// own CRC-32 check, without one, and without one but with zlib's `crc32` or libdeflate's
/// `libdeflate_crc32` (what the reader's inflating thread does) over the pieces: ZIPFoundation's
/// Linux build checks with a table in Swift.
func compareInflating(workbook: String) throws {
    let archive = try Archive(url: URL(fileURLWithPath: workbook), accessMode: .read)
    guard let entry = archive["xl/worksheets/sheet1.xml"] else { return }
    let clock = ContinuousClock()
    func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
    let megabytes = Double(entry.uncompressedSize) / 1e6
    enum Check { case zipFoundation, none, zlib, libdeflate }
    for (name, check) in [
        ("ZIPFoundation's CRC-32", Check.zipFoundation), ("no CRC-32", .none), ("zlib's crc32", .zlib), ("libdeflate_crc32", .libdeflate),
    ] {
        var checksum: UInt = 0
        var fast: UInt32 = 0
        var matches = true
        let time = try clock.measure {
            let found = try archive.extract(entry, bufferSize: 1 << 18, skipCRC32: check != .zipFoundation) { data in
                if check == .zlib {
                    checksum = data.withUnsafeBytes { crc32(checksum, $0.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt($0.count)) }
                } else if check == .libdeflate {
                    fast = data.withUnsafeBytes { libdeflate_crc32(fast, $0.baseAddress, $0.count) }
                }
            }
            switch check {
            case .zipFoundation: matches = found == entry.checksum
            case .none: matches = true
            case .zlib: matches = UInt32(truncatingIfNeeded: checksum) == entry.checksum
            case .libdeflate: matches = fast == entry.checksum
            }
        }
        print(String(format: "inflating, %@: %.1f MB in %.3f s: %.0f MB/s%@", name, megabytes, seconds(time), megabytes / seconds(time), matches ? "" : " (checksum differs)"))
    }
}

/// The reader's scanner and Foundation's `XMLParser` on the same sheet XML (inflated first, so
/// neither pays for inflating).
func compareXML(workbook: String) throws {
    try compareInflating(workbook: workbook)
    let xml = try WorkbookScan.firstSheetXML(path: workbook)
    let megabytes = Double(xml.count) / 1e6
    let clock = ContinuousClock()
    func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
    var counted = (cells: 0, textBytes: 0)
    let scanner = clock.measure {
        do { counted = try WorkbookScan.count(xml) } catch { print("scanner: \(error)") }
    }
    print(String(format: "scanner: %.1f MB of sheet XML, %d cells in %.3f s: %.0f MB/s, %.2f M cells/s",
                 megabytes, counted.cells, seconds(scanner), megabytes / seconds(scanner), Double(counted.cells) / seconds(scanner) / 1e6))
    let counter = XMLParserCounter()
    let data = Data(xml)
    let parser = XMLParser(data: data)
    parser.delegate = counter
    let library = clock.measure { _ = parser.parse() }
    print(String(format: "XMLParser: %.1f MB of sheet XML, %d cells in %.3f s: %.0f MB/s, %.2f M cells/s",
                 megabytes, counter.cells, seconds(library), megabytes / seconds(library), Double(counter.cells) / seconds(library) / 1e6))
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
case ("xlsx", 5):
    let parts = Array(arguments)
    guard let rows = Int(parts[2]) else {
        print("usage: vitality-bench xlsx <csv> <rows> <csv folder> <xlsx folder>")
        exit(2)
    }
    do {
        try writeWorkbook(csv: parts[1], rows: rows, csvFolder: parts[3], xlsxFolder: parts[4])
    } catch {
        print("could not write the workbook: \(error)")
        exit(1)
    }
case ("xlsx-xml", 2):
    do {
        try compareXML(workbook: Array(arguments)[1])
    } catch {
        print("could not read the workbook: \(error)")
        exit(1)
    }
case ("jsondecoder", 2):
    jsonDecoder(file: Array(arguments)[1])
default:
    print("usage: vitality-bench generate long|wide <folder> <megabytes> | read <folder>")
    exit(2)
}
