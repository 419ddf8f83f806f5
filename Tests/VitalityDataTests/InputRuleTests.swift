import Foundation
import Testing
import VitalityModel
import VitalityTestSupport

@testable import VitalityData

/// The rules of DATA.md §1 that every statistics read keeps: each case is read by the one path,
/// `ChunkedStatisticsReader`, as a whole document in one slice, from the file in one-byte and
/// large slices and, for UTF-8 long files, by the long layout's fast extraction on one and two
/// threads; all must store the same rows and report the same diagnostics, checked here against
/// hand-written expectations.
@Suite struct StatisticsRuleTests {
    let reader = StatisticsReader(indicators: [
        Indicator(id: "population", labelFI: "Väkiluku"), Indicator(id: "jobs", labelFI: "Työpaikat"),
    ])

    struct Read {
        var rows: [Observation]
        var diagnostics: [Diagnostic]
        var result: StatisticsReadResult
    }

    func temporary(_ bytes: [UInt8]) throws -> TemporaryFile {
        try TemporaryFile(bytes, name: "s.csv", label: "rules")
    }

    /// Reads `bytes` every way; returns the whole document's outcome after checking that the
    /// others agree. `streams` says the long layout's fast extraction must take the file.
    func readAll(_ bytes: [UInt8], streams: Bool, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Read {
        let file = try temporary(bytes)
        let path = file.path
        let document = CSVDocument(bytes: bytes, file: path)
        let whole = reader.read(document)
        let expected = Read(rows: Array(whole.observations), diagnostics: document.diagnostics + whole.diagnostics, result: whole)
        let sortedExpected = expected.diagnostics.map(\.description).sorted()
        for size in [1, 1 << 20] {
            var store = ObservationStore()
            let file = try #require(
                ChunkedStatisticsReader(reader: reader, sliceBytes: size, decodeAhead: 64).read(path: path, into: &store),
                sourceLocation: sourceLocation)
            #expect(Array(store) == expected.rows, "chunked \(size)", sourceLocation: sourceLocation)
            #expect(
                (file.textDiagnostics + file.result.diagnostics).map(\.description).sorted() == sortedExpected,
                "chunked \(size)", sourceLocation: sourceLocation)
            #expect(file.result.rows == whole.rows, sourceLocation: sourceLocation)
        }
        for rounds in [nil, 16] as [Int?] {
            var store = ObservationStore()
            let read = ChunkedStatisticsReader(reader: reader, roundBytes: rounds).read(path: path, into: &store)
            let streamed = read?.extractedFast == true ? read : nil
            #expect((streamed != nil) == streams, "fast extraction taken", sourceLocation: sourceLocation)
            if let streamed {
                #expect(Array(store) == expected.rows, "streaming \(String(describing: rounds))", sourceLocation: sourceLocation)
                #expect(
                    (streamed.textDiagnostics + streamed.result.diagnostics).map(\.description).sorted() == sortedExpected,
                    "streaming \(String(describing: rounds))", sourceLocation: sourceLocation)
            }
        }
        return expected
    }

    func located(_ read: Read, _ code: String) -> [String] {
        read.diagnostics.filter { $0.code == code }.map { "\($0.severity):\($0.location?.line ?? -1):\($0.location?.column ?? -1)" }
    }

    @Test func extraCellIsAnErrorAtItsColumn() throws {
        // One column too many on line 3: `9` would have been stored as the value.
        var text = "area_code,area,indicator,year,value\n562,Orivesi,Väkiluku,2018,9221\n562,Orivesi,X,2019,9,5\n"
        // A blank cell past the header (a trailing delimiter) is no error.
        text += "562,Orivesi,Väkiluku,2020,9008,\n"
        for year in 1950...1990 { text += "020,Akaa,Väkiluku,\(year),\(year)\n" }
        let read = try readAll(Array(text.utf8), streams: true)
        #expect(located(read, "statistics.extra-cell") == ["error:3:6"])
        let extra = read.diagnostics.first { $0.code == "statistics.extra-cell" }?.message ?? ""
        #expect(extra.contains("\"5\" in column 6") && extra.contains("A delimiter too many"), "\(extra)")
        #expect(read.rows.count == 2 + 41)
        #expect(!read.rows.contains { $0.indicatorID == "X" })
    }

    @Test func extraCellInPxWebRow() throws {
        let text = "\"Alue\";\"Tiedot\";\"2019\";\"2020\"\n\"KU562 Orivesi\";\"Väkiluku\";9158;9008;17\n\"KU020 Akaa\";\"Väkiluku\";16600;16391\n"
        let read = try readAll(Array(text.utf8), streams: false)
        #expect(located(read, "statistics.extra-cell") == ["error:2:5"])
        #expect(read.rows.map(\.areaCode) == ["020", "020"])
    }

    @Test func numbersOutOfRangeOrPrecision() throws {
        var text = "alue;tiedot;vuosi;arvo\n"
        text += "Orivesi;Väkiluku;2015;" + String(repeating: "9", count: 400) + "\n"  // line 2: beyond 1.8e308
        text += "Orivesi;Väkiluku;2016;1e999\n"  // line 3
        text += "Orivesi;Väkiluku;2017;123456789012345678\n"  // line 4: 18 significant digits
        text += "Orivesi;Väkiluku;2018;1e-400\n"  // line 5: would become 0
        text += "Orivesi;Väkiluku;2019;0.30000000000000004\n"  // line 6: 17 digits a double keeps
        text += "Orivesi;Väkiluku;2020;1500000000000000000000\n"  // line 7: 2 significant digits
        text += "Orivesi;Väkiluku;2021;1e99999999999999999999\n"  // line 8: exponent not a number
        text += "Orivesi;Väkiluku;2014;12345678901234567\n"  // line 9: 17 digits, would become …568
        let read = try readAll(Array(text.utf8), streams: true)
        #expect(located(read, "statistics.number-out-of-range") == ["error:2:4", "error:3:4", "error:4:4", "error:5:4", "error:9:4"])
        #expect(located(read, "statistics.not-a-number") == ["error:8:4"])
        // The cell is quoted at most 80 characters long.
        let first = try #require(read.diagnostics.first { $0.code == "statistics.number-out-of-range" })
        #expect(first.message.contains("\"" + String(repeating: "9", count: 80) + "…\""))
        #expect(read.rows.map(\.year) == [2019, 2020])
        #expect(read.rows.first?.value == .number(0.1 + 0.2))
        #expect(read.rows.last?.value == .number(1.5e21))
    }

    @Test func yearOutsideTheAcceptedRange() throws {
        let text = "alue;tiedot;vuosi;arvo\nOrivesi;Väkiluku;2200;9000\nOrivesi;Väkiluku;20x0;9000\nOrivesi;Väkiluku;2020;9008\n"
        let read = try readAll(Array(text.utf8), streams: true)
        #expect(located(read, "statistics.year-out-of-range") == ["error:2:3"])
        #expect(located(read, "statistics.bad-year") == ["error:3:3"])
        #expect(read.rows.count == 1)
    }

    @Test func yearColumnOutsideTheAcceptedRange() throws {
        // `2210` is a mistyped 2021: an error at its header cell, its values skipped.
        let text = "\"Alue\";\"Tiedot\";\"2020\";\"2210\"\n\"KU562 Orivesi\";\"Väkiluku\";9008;8978\n"
        let read = try readAll(Array(text.utf8), streams: false)
        #expect(located(read, "statistics.year-out-of-range") == ["error:1:4"])
        #expect(read.rows.map(\.year) == [2020])
    }

    @Test func duplicateHeaderNameIsAnError() throws {
        let text = "alue;tiedot;vuosi;arvo;Vuosi\nOrivesi;Väkiluku;2020;9008;2021\n"
        let read = try readAll(Array(text.utf8), streams: false)
        #expect(located(read, "csv.duplicate-header") == ["error:1:5"])
        #expect(read.rows.isEmpty)
        let wide = try readAll(Array("\"Alue\";\"Tiedot\";\"2019\";\"2019\"\n\"KU562 Orivesi\";\"Väkiluku\";1;2\n".utf8), streams: false)
        #expect(located(wide, "csv.duplicate-header") == ["error:1:4"])
    }

    @Test func headerWithoutRowsIsAnError() throws {
        let read = try readAll(Array("alue;tiedot;vuosi;arvo\n\n".utf8), streams: true)
        #expect(read.diagnostics.map(\.code) == ["statistics.no-rows"])
        #expect(read.diagnostics.first?.severity == .error)
    }

    @Test func everyRowSkippedIsAnError() throws {
        // Unknown areas are warnings row by row; together they leave nothing.
        let read = try readAll(Array("alue;tiedot;vuosi;arvo\nAtlantis;Väkiluku;2020;1\nLemuria;Väkiluku;2020;2\n".utf8), streams: true)
        #expect(located(read, "statistics.all-rows-skipped") == ["error:0:0"])
        #expect(located(read, "statistics.unknown-area").count == 2)
    }

    @Test func onlyMissingValuesIsAWarning() throws {
        let read = try readAll(Array("alue;tiedot;vuosi;arvo\nOrivesi;Väkiluku;2019;..\nOrivesi;Väkiluku;2020;-\n".utf8), streams: true)
        #expect(read.diagnostics.map(\.code) == ["statistics.only-missing"])
        #expect(read.diagnostics.first?.severity == .warning)
        #expect(read.rows.count == 2)
    }

    @Test func oneWindows1252LineInAUTF8FileKeepsTheFileUTF8() throws {
        // Regression: the appended line (ä as the single byte 0xE4) made the whole file
        // Windows-1252, so `Väkiluku` became `VÃ¤kiluku` and the population series vanished.
        var bytes = Array("alue;tiedot;vuosi;arvo\n".utf8)
        for year in 2015...2020 { bytes += Array("Orivesi;Väkiluku;\(year);\(9300 - year)\n".utf8) }
        bytes += Array("Orivesi;Ty".utf8) + [0xF6] + Array("paikat;2020;3000\n".utf8)  // line 8, 0xF6 at byte 11
        let read = try readAll(bytes, streams: false)
        #expect(read.rows.filter { $0.indicatorID == "population" }.count == 6)
        let error = try #require(read.diagnostics.first { $0.code == "encoding.invalid-utf8-line" })
        #expect(error.severity == .error)
        #expect(error.location == SourceLocation(file: error.location?.file ?? "", line: 8))
        #expect(error.message.contains("byte 0xF6 at byte 11 of the line"))
        #expect(read.diagnostics.filter { $0.code == "encoding.invalid-utf8-line" }.count == 1)
        #expect(!read.diagnostics.contains { $0.code == "encoding.replacement-character" })
    }

    @Test func byteOrderMarkKeepsAFileUTF8DespiteABadLine() throws {
        // Was: read whole as Windows-1252 with a warning. Line 3 has 0xE4 at byte 11.
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("koodi;alue;tiedot;vuosi;arvo\r\n562;Orivesi;Väkiluku;2020;9008\r\n".utf8)
        bytes += Array("020;Akaa;V".utf8) + [0xE4] + Array("kiluku;2020;16391\r\n".utf8)
        let read = try readAll(bytes, streams: false)
        #expect(located(read, "encoding.invalid-utf8-line") == ["error:3:0"])
        #expect(read.diagnostics.first { $0.code == "encoding.invalid-utf8-line" }?.message.contains("byte 0xE4 at byte 11 of the line") == true)
        #expect(read.rows.map(\.indicatorID) == ["population", "V\u{FFFD}kiluku"])
        #expect(located(read, "statistics.unknown-indicator") == ["warning:3:5"])
    }
}
