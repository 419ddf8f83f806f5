import Foundation
import Testing
import VitalityModel
import VitalityTestSupport

@testable import VitalityData

/// A duplicate whose earlier value is a JSON-stat cell names that cell's line and column, found
/// again by its position in `value` (`DuplicateOfCell`). Every line and column below is counted
/// by hand in the text above it (columns count bytes from 1).
@Suite struct JSONStatDuplicateTests {
    /// Orivesi's population, 2020 and 2021, given twice: as area `KU562` and as `562`.
    static func twice(_ value: String) -> String {
        """
        {"class":"dataset","label":"Väkiluku","id":["Alue","Vuosi"],"size":[2,2],
        "dimension":{
        "Alue":{"label":"Alue","category":{"index":["KU562","562"],"label":{"KU562":"Orivesi","562":"Orivesi"}}},
        "Vuosi":{"label":"Vuosi","category":{"index":["2020","2021"]}}},
        "role":{"time":["Vuosi"]},
        \(value)}
        """
    }

    /// The same dataset on one line, `value` first (so its cells' columns count from 11).
    static func oneLine(_ value: String) -> String {
        "{\(value),\"label\":\"Väkiluku\",\"id\":[\"Alue\",\"Vuosi\"],\"size\":[2,2],\"dimension\":{\"Alue\":{\"category\":{\"index\":[\"KU562\",\"562\"]}},"
            + "\"Vuosi\":{\"category\":{\"index\":[\"2020\",\"2021\"]}}},\"role\":{\"time\":[\"Vuosi\"]}}"
    }

    static func duplicates(_ text: String) -> [Diagnostic] {
        JSONStatReaderTests.read(text).0.result.diagnostics.filter { $0.code == "statistics.duplicate-observation" }
    }

    @Test(arguments: [
        // Cells 0–3 are KU562 2020, KU562 2021, 562 2020, 562 2021. 562 2020 repeats 9008 (kept
        // once); 562 2021 (8900) differs from KU562 2021 (8978), the cell at position 1.
        // `"value":[` is 9 bytes; line 7 is `  8978,`; line 8 ` 9008, 8900]}`.
        ("\"value\":[9008,\n  8978,\n 9008, 8900]", "t.json:8:8", "t.json:7:3"),
        // A sparse object: positions 1 and 3, stored in order of position, so the cell at
        // position 3 (line 7 ` "3": 8900,`) repeats the one at position 1 (line 8 ` "1":8978}}`).
        ("\"value\":{\n \"3\": 8900,\n \"1\":8978}", "t.json:7:7", "t.json:8:6"),
    ])
    func aDuplicateOverSeveralLinesNamesTheEarlierCellsLine(value: String, here: String, earlier: String) throws {
        let found = Self.duplicates(Self.twice(value))
        #expect(found.count == 1, "\(found)")
        let duplicate = try #require(found.first)
        #expect(duplicate.location.map { "\($0)" } == here)
        #expect(
            duplicate.message
                == "Area 562, indicator `population`, year 2021 has the value 8900.0 here but 8978.0 at \(earlier). Keep one of them.")
    }

    @Test(arguments: [
        // `{"value":[` is 10 bytes: 9008 at 11, 8978 at 16, 9008 at 21, 8900 at 26.
        ("\"value\":[9008,8978,9008,8900]", "t.json:1:26", "t.json:1:16"),
        // `{"value":{` then `"3":` at 11–14, 8900 at 15, `,` at 19, `"1":` at 20–23, 8978 at 24.
        ("\"value\":{\"3\":8900,\"1\":8978}", "t.json:1:15", "t.json:1:24"),
    ])
    func aDuplicateOnOneLineNamesTheEarlierCellsColumn(value: String, here: String, earlier: String) throws {
        let found = Self.duplicates(Self.oneLine(value))
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.location.map { "\($0)" } == here)
        #expect(found.first?.message.contains("but 8978.0 at \(earlier). Keep") == true, "\(found)")
    }

    @Test func aNullRepeatedWithAnotherSymbolNamesTheNull() throws {
        // Cell 1 is null with status `..`, cell 3 null with `-`: two missing values that differ.
        // `{"value":[` is 10 bytes: 1 at 11, null at 13, 1 at 18, null at 20.
        let text = Self.oneLine("\"value\":[1,null,1,null],\"status\":{\"1\":\"..\",\"3\":\"-\"}")
        let found = Self.duplicates(text)
        #expect(found.map { $0.location.map { "\($0)" } } == ["t.json:1:20"])
        #expect(found.first?.message.contains("has the value `-` here but `..` at t.json:1:13.") == true, "\(found)")
    }

    /// A cell position given twice in a sparse `value` is a member given twice in one object,
    /// refused like any other (DATA.md), at the later member's cell; nothing is stored.
    @Test(arguments: [
        // `{"value":{` then `"1":` at 11–14, 8978 at 15, `,` at 19, `"1":` at 20–23, 8900 at 24.
        ("\"value\":{\"1\":8978,\"1\":8900}", 24),
        // `"1":` at 11–14, 2e999 at 15–19, `,` at 20, `"1":` at 21–24, 8978 at 25: the first repeat.
        ("\"value\":{\"1\":2e999,\"1\":8978,\"1\":8900}", 25),
        // The same value twice is refused too.
        ("\"value\":{\"0\":9008,\"0\":9008}", 24),
    ])
    func aPositionGivenTwiceInASparseObjectIsASyntaxError(value: String, column: Int) throws {
        let (read, store) = JSONStatReaderTests.read(Self.oneLine(value))
        #expect(store.isEmpty)
        #expect(read.result.diagnostics.map(\.code) == ["jsonstat.syntax"], "\(read.result.diagnostics)")
        let position = value.contains("\"0\"") ? 0 : 1
        #expect(read.result.diagnostics.first?.message == "The cell position \(position) is given twice in `value`.")
        #expect(read.result.diagnostics.first?.location == SourceLocation(file: "t.json", line: 1, column: column))
    }

    /// A folder of the files `files` (name and text) in `statistics/`, with the population indicator.
    static func folder(_ files: [(String, String)]) throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder("jsonstat-duplicates")
        let statistics = folder.appendingPathComponent("statistics")
        try FileManager.default.createDirectory(at: statistics, withIntermediateDirectories: true)
        try Data("id,label_fi\npopulation,Väkiluku\n".utf8).write(to: folder.appendingPathComponent("indicators.csv"))
        for (name, text) in files { try Data(text.utf8).write(to: statistics.appendingPathComponent(name)) }
        return (folder, folder.path + "/statistics/")
    }

    /// Orivesi's population in one JSON-stat file, `value` first: its cells at columns 11, 16, ….
    static func orivesi(years: [Int], values: String) -> String {
        "{\"value\":[\(values)],\"label\":\"Väkiluku\",\"id\":[\"Alue\",\"Vuosi\"],\"size\":[1,\(years.count)],"
            + "\"dimension\":{\"Alue\":{\"category\":{\"index\":[\"KU562\"]}},\"Vuosi\":{\"category\":{\"index\":["
            + years.map { "\"\($0)\"" }.joined(separator: ",") + "]}}},\"role\":{\"time\":[\"Vuosi\"]}}"
    }

    @Test func duplicatesAcrossFilesNameTheJSONStatCellsLineBothWays() throws {
        let (folder, statistics) = try Self.folder([
            // a.json: 2020 = 9008 at 1:11, 2021 = 8978 at 1:16.
            ("a.json", Self.orivesi(years: [2020, 2021], values: "9008,8978")),
            // b.csv line 2 repeats 2021 with 9000 (a CSV place's column is the field's number: 3).
            ("b.csv", "alue;vuosi;Väkiluku\nOrivesi;2021;9000\n"),
            ("c.csv", "alue;vuosi;Väkiluku\nOrivesi;2019;9100\n"),
            // d.json: 2019 = 9200 at 1:11, repeating c.csv's line 2.
            ("d.json", Self.orivesi(years: [2019], values: "9200")),
            // e.json: 2020 = 9009 at 1:11, repeating a.json's first cell.
            ("e.json", Self.orivesi(years: [2020], values: "9009")),
        ])
        let read = InputFolderReader().read(directory: folder.path)
        let found = read.diagnostics.filter { $0.code == "statistics.duplicate-observation" }
        #expect(found.map { $0.location.map { "\($0)" } } == [statistics + "b.csv:2:3", statistics + "d.json:1:11", statistics + "e.json:1:11"])
        #expect(found.count == 3)
        guard found.count == 3 else { return }
        #expect(found[0].message.hasSuffix("year 2021 has the value 9000.0 here but 8978.0 at \(statistics)a.json:1:16. Keep one of them."))
        #expect(found[1].message.hasSuffix("year 2019 has the value 9200.0 here but 9100.0 at \(statistics)c.csv:2:3. Keep one of them."))
        #expect(found[2].message.hasSuffix("year 2020 has the value 9009.0 here but 9008.0 at \(statistics)a.json:1:11. Keep one of them."))
        #expect(read.dataset.value(area: "562", indicator: "population", year: 2021) == 8978)
    }

    @Test func aJSONStatFileChangedSinceItWasReadIsSaidToBe() throws {
        let (folder, statistics) = try Self.folder([
            ("a.json", Self.orivesi(years: [2020, 2021], values: "9008,8978")), ("b.csv", "alue;vuosi;Väkiluku\nOrivesi;2021;9000\n"),
        ])
        defer { withExtendedLifetime(folder) {} }
        let reader = StatisticsReader(indicators: fixtureIndicators)
        var store = ObservationStore()
        let json = JSONStatReader(reader: reader).read(path: statistics + "a.json", into: &store)
        let source = try #require(json.result.cellSource)
        #expect(source.stamp != nil)
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: statistics + "b.csv")))
        let csv = reader.read(CSVDocument(bytes: bytes, file: statistics + "b.csv"), into: &store)
        let pending = csv.duplicatesOfCells
        #expect(pending.map(\.position) == [1])
        #expect(csv.diagnostics.contains(try #require(pending.first).diagnostic))
        // Until it is placed, the error names the cell by its position, from 0.
        #expect(pending.first?.diagnostic.message.contains("but 8978.0 at position 1 of `value` in \(statistics)a.json. Keep") == true)
        let placed = DuplicateOfCell.placeAll(pending, sources: [statistics + "a.json": source], in: csv.diagnostics)
        #expect(placed.contains { $0.message.contains("but 8978.0 at \(statistics)a.json:1:16. Keep") })

        // Another version of the file (the cell moved one byte on) is not read for its line.
        try Data((" " + Self.orivesi(years: [2020, 2021], values: "9008,8978")).utf8).write(to: URL(fileURLWithPath: statistics + "a.json"))
        let changed = DuplicateOfCell.placeAll(pending, sources: [statistics + "a.json": source], in: csv.diagnostics)
        #expect(
            changed.contains {
                $0.message.contains(
                    "but 8978.0 at position 1 of `value` in \(statistics)a.json, whose line and column cannot be given: the file has changed since it was read. Keep"
                )
            }, "\(changed)")
        #expect(changed.count == csv.diagnostics.count)
        // A file gone is the same.
        try FileManager.default.removeItem(atPath: statistics + "a.json")
        #expect(DuplicateOfCell.placeAll(pending, sources: [statistics + "a.json": source], in: csv.diagnostics) == changed)
    }

    @Test func aCellHoldingAnotherValueThanWasReadIsNotNamed() throws {
        let pending = DuplicateOfCell(
            area: "562", indicator: "population", year: 2021, first: .number(8978), file: "a.json", position: 1,
            second: SourceLocation(file: "b.csv", line: 2, column: 3), value: .number(9000))
        func place(_ text: String) -> String? {
            Array(text.utf8).withUnsafeBufferPointer { buffer in
                DuplicateOfCell.place([pending], buffer: buffer, valueStart: 9, lines: LineIndex(buffer))[pending.diagnostic]?.message
            }
        }
        // `{"value":` is 9 bytes, so `[` is at offset 9; 8978 at 1:16.
        #expect(place("{\"value\":[9008,8978]}")?.contains("but 8978.0 at a.json:1:16. Keep") == true)
        #expect(place("{\"value\":[9008,8979]}") == pending.unplaced.message)
        #expect(place("{\"value\":[9008]}") == pending.unplaced.message)
        #expect(place("{\"value\":[9008,null]}") == pending.unplaced.message)
        #expect(place("{\"value\":{\"1\":8978}}")?.contains("but 8978.0 at a.json:1:15. Keep") == true)
    }
}
