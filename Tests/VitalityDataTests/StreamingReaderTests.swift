import Foundation
import Testing
import VitalityTestSupport
import VitalityData
import VitalityModel

/// The long-layout fast path (memory-mapped, used by `InputFolderReader` for UTF-8 long files)
/// must give what the general path gives on the same bytes.
@Suite struct StreamingReaderTests {
    /// Reads the bytes as `statistics/s.csv` of a folder, and through the general path.
    func both(_ bytes: [UInt8]) throws -> (folder: InputReadResult, general: StatisticsReadResult) {
        let folder = try TemporaryFolder("stream")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("statistics"), withIntermediateDirectories: true)
        try Data("id,label_fi\npopulation,Väkiluku\n".utf8).write(to: folder.appendingPathComponent("indicators.csv"))
        try Data("id;teema;toimenpide;tila\nA-1;Asuminen;Tontit;Valmis\n".utf8).write(to: folder.appendingPathComponent("measures.csv"))
        let path = folder.appendingPathComponent("statistics/s.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let folderResult = InputFolderReader().read(directory: folder.path)
        let general = StatisticsReader(indicators: [Indicator(id: "population", labelFI: "Väkiluku")])
            .read(CSVDocument(bytes: bytes, file: path))
        return (folderResult, general)
    }

    @Test func decimalSeparatorFromTheWholeFile() throws {
        // The first 10 000 value cells show points, the 15 000 after them commas: the whole
        // file decides (comma), so the points are then errors.
        var text = "alue;tiedot;vuosi;arvo\n"
        for i in 0..<10_000 { text += "Orivesi;Väkiluku \(i);2020;1.5\n" }
        for i in 10_000..<25_000 { text += "Orivesi;Väkiluku \(i);2020;2,5\n" }
        let (folder, general) = try both(Array(text.utf8))
        #expect(folder.files[1].decimalSeparator == ",")
        #expect(general.decimalSeparator == ",")
        #expect(Array(folder.dataset.observations) == Array(general.observations))
        #expect(folder.dataset.value(area: "562", indicator: "Väkiluku 20000", year: 2020) == 2.5)
        #expect(folder.dataset.value(area: "562", indicator: "Väkiluku 1", year: 2020) == nil)
        let error = folder.diagnostics.first { $0.code == "statistics.not-a-number" }
        #expect(error?.location?.line == 2)
        #expect(error?.location?.column == 4)
    }

    @Test func quotedCellsCrLfAndReplacementCharacter() throws {
        let text = "area;indicator;year;value\r\n\"562\";\"Väkiluku\";2019;\"9 158\"\r\nK\u{FFFD}rk\u{E4};Väkiluku;2019;5\r\n\"Aka\"\"a\";Väkiluku;2019;7\r\n020;Väkiluku;2020;16391"
        let (folder, general) = try both(Array(text.utf8))
        #expect(folder.files[1].encoding == "UTF-8")
        #expect(Array(folder.dataset.observations) == Array(general.observations))
        #expect(folder.dataset.value(area: "562", indicator: "population", year: 2019) == 9158)
        #expect(folder.dataset.value(area: "020", indicator: "population", year: 2020) == 16391)
        let warning = folder.diagnostics.first { $0.code == "encoding.replacement-character" }
        #expect(warning?.location?.line == 3)
        #expect(folder.diagnostics.contains { $0.code == "statistics.unknown-area" && $0.message.contains("Aka\"a") })
    }

    @Test func windows1252FallsBackToTheGeneralPath() throws {
        // 0xE4 is ä in Windows-1252 and invalid UTF-8: read by the general path.
        var bytes = Array("alue;tiedot;vuosi;arvo\n".utf8)
        bytes += Array("Orivesi;V".utf8) + [0xE4] + Array("kiluku;2020;9008\n".utf8)
        let (folder, _) = try both(bytes)
        #expect(folder.files[1].encoding == "Windows-1252")
        #expect(folder.dataset.value(area: "562", indicator: "population", year: 2020) == 9008)
    }

    @Test func duplicatesAcrossRowsNameBothPlaces() throws {
        let text = "alue;tiedot;vuosi;arvo\nOrivesi;Väkiluku;2020;9008\n562 Orivesi;Väkiluku;2020;9009\n"
        let (folder, _) = try both(Array(text.utf8))
        let error = try #require(folder.diagnostics.first { $0.code == "statistics.duplicate-observation" })
        #expect(error.location?.line == 3)
        #expect(error.message.contains("s.csv:2:4"))
        #expect(folder.dataset.value(area: "562", indicator: "population", year: 2020) == 9008)
    }
}
