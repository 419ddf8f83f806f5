import Foundation
import Testing
import VitalityModel
import VitalityTestSupport

@testable import VitalityData

/// The two-thread rounds of the long layout's fast extraction (`ChunkedStatisticsReader` on a
/// UTF-8 long file) must give exactly what one thread gives:
/// the same rows in the same order, lines, diagnostics and decimal separator, wherever the
/// round boundaries fall (before, among and after lines that need the tokenizer).
@Suite struct StreamingRoundsTests {
    let reader = StatisticsReader(indicators: [Indicator(id: "population", labelFI: "Väkiluku")])

    /// One path for all reads of a test, so that the locations compare equal, in a folder that
    /// goes with the test.
    let folder: TemporaryFolder
    let path: String

    init() throws {
        folder = try TemporaryFolder("rounds")
        path = folder.appendingPathComponent("s.csv").path
    }

    func read(_ text: String, roundBytes: Int?) throws -> (rows: [Observation], file: StreamedFile)? {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var store = ObservationStore()
        guard let file = ChunkedStatisticsReader(reader: reader, roundBytes: roundBytes).read(path: path, into: &store),
            file.extractedFast
        else { return nil }
        return (Array(store), file)
    }

    func expectSameAsOneThread(_ text: String) throws {
        let serial = try #require(try read(text, roundBytes: nil))
        for roundBytes in [1, 5, 17, 64, 300, 2 << 20] {
            let rounds = try #require(try read(text, roundBytes: roundBytes))
            #expect(rounds.rows == serial.rows, "round of \(roundBytes) bytes")
            #expect(rounds.file.result.diagnostics == serial.file.result.diagnostics, "round of \(roundBytes) bytes")
            #expect(rounds.file.textDiagnostics == serial.file.textDiagnostics)
            #expect(rounds.file.result.rows == serial.file.result.rows)
            #expect(rounds.file.result.decimalSeparator == serial.file.result.decimalSeparator)
            #expect(rounds.file.result.areas.map(\.code) == serial.file.result.areas.map(\.code))
        }
    }

    @Test func plainRowsWithEveryProblem() throws {
        var text = "area_code;area;indicator;year;value\n"
        for year in 2000...2010 { text += "562;Orivesi;Väkiluku;\(year);\(9000 + year),5\n" }
        text += "\n;;;\n"  // blank lines
        text += "020;Akaa;Väkiluku;2019;-12\n"
        text += "020;Akaa;Väkiluku;2019;13\n"  // duplicate with another value
        text += "020;Akaa;Väkiluku;19;1\n"  // bad year
        text += "020;Akaa;Väkiluku\n"  // short row
        text += "020;Akaa;Väkiluku;2020;..\n"  // missing symbol
        text += "020;Akaa;Väkiluku;2021; 1 234,5 \n"  // grouping space: not a plain number
        text += "020;Akaa;Väkiluku;2022;12.5\n"  // not a number in a comma file
        text += ";Orivesi;Tuntematon;2020;1\n"  // no code, unknown indicator
        text += "999;Nowhere;Väkiluku;2020;1\n"  // unknown area code
        for year in 2000...2010 { text += "837;Tampere;Väkiluku;\(year);\(year)\r\n" }
        text += "837;Tampere;Väkiluku;2011;0000000000000000001,25\n"  // more than 15 digits
        try expectSameAsOneThread(text)
    }

    @Test func quotesAndLoneCarriageReturnsHandOverToOneThread() throws {
        var text = "area;indicator;year;value\n"
        for year in 2000...2005 { text += "Orivesi;Väkiluku;\(year);\(year)\n" }
        text += "\"Akaa\";\"Väki\nluku\";2019;\"7\"\n"
        for year in 2000...2005 { text += "Akaa;Väkiluku;\(year);\(year)\n" }
        text += "Akaa;Väkiluku;2006;1\rAkaa;Väkiluku;2007;2\n"
        for year in 2008...2012 { text += "Akaa;Väkiluku;\(year);\(year)" + (year == 2012 ? "" : "\n") }
        try expectSameAsOneThread(text)
    }

    @Test func replacementCharactersWarnedAtTheirLinesInEveryRound() throws {
        // The splitting threads check each round's text; a round with U+FFFD is validated again
        // by the owner, which names the line.
        var text = "area_code;area;indicator;year;value\n"
        for year in 1950...2010 { text += "562;Orivesi;Väkiluku;\(year);\(year)\n" }
        text += "020;Ak\u{FFFD}a;Väkiluku;2019;5\n"
        for year in 1950...2010 { text += "837;Tampere;Väkiluku;\(year);\(year)\n" }
        text += "091;Helsinki;V\u{FFFD}kiluku;2019;5\n"
        try expectSameAsOneThread(text)
        let rounds = try #require(try read(text, roundBytes: 64))
        #expect(rounds.file.textDiagnostics.map(\.location?.line) == [63, 125])
    }

    @Test func invalidBytesFarIntoTheFileLeaveItToTheDecoder() throws {
        // Past the first 8 MB, which are validated before any round starts: the extraction stops,
        // and the file is decoded and read in slices as the whole-document reader reads it.
        var bytes = Array("area_code;area;indicator;year;value\n".utf8)
        var indicator = 0
        while bytes.count < LongLayoutExtraction.chunk + (1 << 20) {
            for year in 1950...2010 { bytes += Array("562;Orivesi;Väkiluku \(indicator);\(year);\(year)\n".utf8) }
            indicator += 1
        }
        bytes += Array("020;Ak".utf8) + [0xE4] + Array("a;Väkiluku;2019;5\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let document = CSVDocument(bytes: bytes, file: path)
        let general = reader.read(document)
        for roundBytes in [nil, 64, 1 << 20] {
            var store = ObservationStore()
            let file = try #require(ChunkedStatisticsReader(reader: reader, roundBytes: roundBytes).read(path: path, into: &store))
            #expect(!file.extractedFast)
            #expect(Array(store) == Array(general.observations))
            #expect(file.textDiagnostics + file.result.diagnostics == document.diagnostics + general.diagnostics)
        }
    }

    @Test func evenEvidenceMeansDecimalPoint() throws {
        // The first 10 000 value cells show one comma; the whole file one comma and one point.
        var text = "alue;tiedot;vuosi;arvo\nOrivesi;Osuus;2015;30,4\n"
        for i in 0..<10_100 { text += "Orivesi;Väkiluku \(i);2020;\(i)\n" }
        text += "Orivesi;Osuus;2016;-2.7\n"
        let serial = try #require(try read(text, roundBytes: nil))
        #expect(serial.file.result.decimalSeparator == ".")
        #expect(serial.rows.last?.value == .number(-2.7))
        try expectSameAsOneThread(text)
        let general = reader.read(CSVDocument(bytes: Array(text.utf8), file: path))
        #expect(general.decimalSeparator == ".")
        #expect(Array(general.observations).count == serial.rows.count)
    }

    @Test func decimalSeparatorDecidedByTheWholeFile() throws {
        var text = "alue;tiedot;vuosi;arvo\n"
        for i in 0..<10_000 { text += "Orivesi;Väkiluku \(i);2020;1.5\n" }
        for i in 10_000..<25_000 { text += "Orivesi;Väkiluku \(i);2020;2,5\n" }
        let serial = try #require(try read(text, roundBytes: nil))
        let rounds = try #require(try read(text, roundBytes: 4096))
        #expect(serial.file.result.decimalSeparator == ",")
        #expect(rounds.rows == serial.rows)
        #expect(rounds.file.result.diagnostics.count == serial.file.result.diagnostics.count)
        #expect(rounds.file.result.diagnostics == serial.file.result.diagnostics)
        #expect(rounds.rows.count == 15_000)
    }
}
