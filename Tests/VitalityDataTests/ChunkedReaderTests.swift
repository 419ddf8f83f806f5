import Foundation
import Testing
import VitalityModel
import VitalityTestSupport

@testable import VitalityData

/// `ChunkedStatisticsReader`, the one path of every statistics file, reading from the file must
/// give what it gives for the whole document in one slice, wherever the slices end: the same rows in
/// the same order, layout, separator, counts and diagnostics (in slice order, compared as a set).
@Suite struct ChunkedReaderTests {
    let reader = StatisticsReader(indicators: fixtureIndicators)
    static let sliceSizes = [1, 13, 200, 4096, 1 << 20]

    struct Read {
        var rows: [Observation]
        var result: StatisticsReadResult
        var diagnostics: [String]
        var encoding: DetectedEncoding
    }

    func whole(_ path: String) throws -> Read {
        let (loaded, _) = CSVDocument.load(path: path)
        let document = try #require(loaded)
        let result = reader.read(document)
        return Read(
            rows: Array(result.observations), result: result,
            diagnostics: (document.diagnostics + result.diagnostics).map(\.description).sorted(), encoding: document.encoding)
    }

    func chunked(_ path: String, sliceBytes: Int, decodeAhead: Int = 4 << 20) throws -> Read {
        var store = ObservationStore()
        let file = try #require(
            ChunkedStatisticsReader(reader: reader, sliceBytes: sliceBytes, decodeAhead: decodeAhead)
                .read(path: path, into: &store))
        return Read(
            rows: Array(store), result: file.result,
            diagnostics: (file.textDiagnostics + file.result.diagnostics).map(\.description).sorted(), encoding: file.encoding)
    }

    func expectSame(_ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let expected = try whole(path)
        for size in Self.sliceSizes {
            for ahead in [1, 4 << 20] {
                let got = try chunked(path, sliceBytes: size, decodeAhead: ahead)
                let name = "\(path.split(separator: "/").last ?? "") in slices of \(size) bytes, decoded \(ahead) ahead"
                #expect(got.rows == expected.rows, "\(name)", sourceLocation: sourceLocation)
                #expect(got.diagnostics == expected.diagnostics, "\(name)", sourceLocation: sourceLocation)
                #expect(got.encoding == expected.encoding, "\(name)", sourceLocation: sourceLocation)
                #expect(got.result.layout == expected.result.layout, "\(name)", sourceLocation: sourceLocation)
                #expect(got.result.decimalSeparator == expected.result.decimalSeparator, "\(name)", sourceLocation: sourceLocation)
                #expect(got.result.rows == expected.result.rows, "\(name)", sourceLocation: sourceLocation)
                #expect(got.result.stored == expected.result.stored, "\(name)", sourceLocation: sourceLocation)
                #expect(got.result.areas.map(\.code) == expected.result.areas.map(\.code), "\(name)", sourceLocation: sourceLocation)
                #expect(got.result.indicatorIDs == expected.result.indicatorIDs, "\(name)", sourceLocation: sourceLocation)
                #expect(got.result.years == expected.result.years, "\(name)", sourceLocation: sourceLocation)
            }
        }
    }

    static var fixtureFiles: [String] {
        let folders = ["input/statistics", "samples", "broken"]
        var paths: [String] = []
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: fixturePath(folder))) ?? []
            paths += names.filter { $0.hasSuffix(".csv") && !$0.contains("measures") }.sorted().map { fixturePath("\(folder)/\($0)") }
        }
        return paths
    }

    @Test(arguments: fixtureFiles) func fixturesReadAlike(path: String) throws {
        try expectSame(path)
    }

    @Test func shippedSampleReadsAlike() throws {
        let folder = URL(fileURLWithPath: fixturePath("")).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("input/statistics").path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") }
        #expect(names.count >= 3)
        for name in names.sorted() { try expectSame(folder + "/" + name) }
    }

    func temporary(_ bytes: [UInt8], name: String = "s.csv") throws -> TemporaryFile {
        try TemporaryFile(bytes, name: name, label: "chunked")
    }

    @Test func decimalCommaDecidedByTheWholeFileAcrossSlices() throws {
        // The first slice shows decimal points, the rest of the file decimal commas: the file is
        // read again with commas, so the points become errors, as when it is read whole.
        var text = "\"Väkiluku\"\n\n\"Alue\";\"Tiedot\";\"2019\";\"2020\"\n"
        for i in 0..<80 { text += "\"KU562 Orivesi\";\"Mittari \(i)\";1.5;2.5\n" }
        for i in 80..<400 { text += "\"KU562 Orivesi\";\"Mittari \(i)\";1,5;2,5\n" }
        let file = try temporary(Array(text.utf8))
        let path = file.path
        try expectSame(path)
        let got = try chunked(path, sliceBytes: 200)
        #expect(got.result.decimalSeparator == ",")
        #expect(got.rows.count == 320 * 2)
        #expect(got.rows.first?.value == .number(1.5))
        #expect(got.rows.first?.location?.line == 84)
        #expect(got.result.diagnostics.filter { $0.code == "statistics.not-a-number" }.count == 160)
    }

    @Test func evenEvidenceMeansDecimalPointAsForTheWholeFile() throws {
        // Found by the fuzzer: the first slice shows a comma, the whole file one comma and one
        // point; the whole-file rule reads a tie as point, so the slices must too.
        var text = "alue;tiedot;vuosi;arvo\nOrivesi;Osuus;2015;30,4\n"
        for year in 1930...2010 { text += "Orivesi;Väkiluku;\(year);\(year)\n" }
        text += "Orivesi;Osuus;2016;-2.7\n"
        let file = try temporary(Array(text.utf8))
        let path = file.path
        try expectSame(path)
        let got = try chunked(path, sliceBytes: 1)
        #expect(got.result.decimalSeparator == ".")
        #expect(got.rows.last?.value == .number(-2.7))
        #expect(got.diagnostics.contains { $0.contains(":2:4:") && $0.contains("statistics.not-a-number") })
    }

    @Test func singleByteFileReadAgainWhenTheWholeFileShowsCommas() throws {
        // A second pass over a Windows-1252 file decodes it again from the start.
        var bytes = Array("\"V".utf8) + [0xE4] + Array("kiluku\"\n\n\"Alue\";\"Tiedot\";\"2019\";\"2020\"\n".utf8)
        for i in 0..<80 { bytes += Array("\"KU562 Orivesi\";\"Mittari \(i)\";1.5;2.5\n".utf8) }
        for i in 80..<400 { bytes += Array("\"KU020 Akaa\";\"Mittari \(i)\";1,5;2,5\n".utf8) }
        bytes += Array("\"KU020 Akaa\";\"Mittari ".utf8) + [0x81] + Array("\";1,5;2,5\n".utf8)
        let file = try temporary(bytes)
        let path = file.path
        try expectSame(path)
        let got = try chunked(path, sliceBytes: 200, decodeAhead: 64)
        #expect(got.encoding == .windows1252)
        #expect(got.result.decimalSeparator == ",")
        #expect(got.rows.count == 321 * 2)
        #expect(got.diagnostics.filter { $0.contains("encoding.undefined-byte") }.count == 1)
        #expect(got.diagnostics.contains { $0.contains(":404:") && $0.contains("encoding.undefined-byte") })
    }

    @Test func syntaxProblemsAfterTheFirstSliceReportedWhenTheLayoutIsUnknown() throws {
        // Found by CI's fuzzer: no layout is found in the first slice, and a quote that text
        // follows on line 77 was reported only when the file was read whole.
        let text = String(repeating: "x\n", count: 76) + "\"a\"b\n"
        let file = try temporary(Array(text.utf8))
        let path = file.path
        try expectSame(path)
        let got = try chunked(path, sliceBytes: 1)
        #expect(got.diagnostics.contains { $0.contains(":77:1:") && $0.contains("csv.text-after-quote") })
        #expect(got.diagnostics.contains { $0.contains("statistics.unknown-layout") })
    }

    @Test func stubColumnsDecidedFromTheFirstRowsOnly() throws {
        // `Ikä` is text in the first rows; later slices keep reading it as a stub column even
        // where its cells look like numbers.
        var text = "\"Alue\";\"Ikä\";\"Väkiluku 2020\"\n"
        for i in 0..<70 { text += "\"KU562 Orivesi\";\"\(i) vuotta\";\(100 + i)\n" }
        text += "\"KU562 Orivesi\";\"75\";5\n"
        let file = try temporary(Array(text.utf8))
        let path = file.path
        try expectSame(path)
        let got = try chunked(path, sliceBytes: 1)
        #expect(got.rows.count == 71)
        #expect(got.rows.last?.indicatorID == "75 Väkiluku")
        #expect(got.rows.last?.value == .number(5))
    }

    @Test func windows1252FileDecodedOnceAndReadInSlices() throws {
        var bytes = Array("\"Alue\";\"Tiedot\";\"2020\"\r\n".utf8)
        for i in 0..<50 {
            bytes += Array("\"KU562 Orivesi\";\"V".utf8) + [0xE4] + Array("kiluku \(i)\";\(9000 + i)\r\n".utf8)
        }
        let file = try temporary(bytes)
        let path = file.path
        try expectSame(path)
        let got = try chunked(path, sliceBytes: 64)
        #expect(got.encoding == .windows1252)
        #expect(got.rows.count == 50)
        #expect(got.rows[7].indicatorID == "Väkiluku 7")
        #expect(got.rows[7].value == .number(9007))
        #expect(got.rows[7].location?.line == 9)
    }
}
