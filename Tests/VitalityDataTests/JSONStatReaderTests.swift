import Foundation
import Testing
import VitalityModel
import VitalityTestSupport

@testable import VitalityData

/// JSON-stat 2.0 datasets as PxWeb's API returns them, read into observations.
@Suite struct JSONStatReaderTests {
    /// The table of `PXReaderTests.sample`, as PxWeb's API answers a query for it with
    /// `"format": "json-stat2"`.
    static let sample = """
        {"class":"dataset","label":"Väestö 31.12. muuttujina Alue, Tiedot ja Vuosi","source":"Tilastokeskus",
        "updated":"2024-03-15T05:00:00Z","id":["Alue","Tiedot","Vuosi"],"size":[3,2,2],
        "dimension":{
        "Alue":{"label":"Alue","category":{"index":{"SSS":0,"KU562":1,"KU837":2},"label":{"SSS":"KOKO MAA","KU562":"Orivesi","KU837":"Tampere"}}},
        "Tiedot":{"label":"Tiedot","category":{"index":{"vaesto":0,"aanioik":1},"label":{"vaesto":"Väkiluku","aanioik":"Äänioikeutetut"},
        "unit":{"vaesto":{"base":"henkilöä","decimals":0},"aanioik":{"base":"henkilöä","decimals":0}}}},
        "Vuosi":{"label":"Vuosi","category":{"index":["2020","2021"],"label":{"2020":"2020","2021":"2021"}}}},
        "role":{"time":["Vuosi"],"metric":["Tiedot"]},
        "value":[5533793,5548241,4255466,null,9008,8978,7400,null,244223,249009,199100,null],
        "status":{"3":"..","7":"...","11":"-"},
        "version":"2.0","extension":{"px":{"decimals":0}}}
        """

    static func read(_ text: String) -> (PXReader.Read, ObservationStore) {
        var store = ObservationStore()
        let reader = JSONStatReader(reader: StatisticsReader(indicators: fixtureIndicators))
        let read = Array(text.utf8).withUnsafeBufferPointer { reader.read($0, file: "t.json", into: &store) }
        return (read, store)
    }

    @Test func aPxWebResponseReadsAsThePxFileOfTheSameTable() throws {
        let (read, store) = Self.read(Self.sample)
        #expect(read.result.diagnostics.isEmpty, "\(read.result.diagnostics)")
        #expect(read.result.layout == "json-stat")
        #expect(read.result.rows == 12)
        #expect(
            PXReaderTests.values(store) == [
                "562 population 2020 9008.0", "562 population 2021 8978.0", "562 voters 2020 7400.0", "562 voters 2021 `...`",
                "837 population 2020 244223.0", "837 population 2021 249009.0", "837 voters 2020 199100.0", "837 voters 2021 `-`",
                "SSS population 2020 5533793.0", "SSS population 2021 5548241.0", "SSS voters 2020 4255466.0",
                "SSS voters 2021 `..`",
            ])
        #expect(PXReaderTests.values(store) == PXReaderTests.values(PXReaderTests.read(PXReaderTests.latin(PXReaderTests.sample)).1))
        // A cell is placed by its position in `value` (562 voters 2020 is 1 × 4 + 1 × 2 + 0 = 6),
        // not by a line: consecutive years make one run.
        let row = try #require(store.row(area: "562", indicator: "voters", year: 2020))
        #expect(store.cellPosition(row: row)?.position == 6)
        #expect(store.cellPosition(row: row)?.file == "t.json")
        #expect(store.location(row: row) == SourceLocation(file: "t.json"))
        #expect(store.runCount == 6)
    }

    @Test func aSparseValueObjectHoldsOnlyItsCells() throws {
        let text = Self.sample
            .replacingOccurrences(
                of: "[5533793,5548241,4255466,null,9008,8978,7400,null,244223,249009,199100,null]",
                with: "{\"11\":null,\"4\":9008,\"0\":5533793}"
            )
            .replacingOccurrences(of: "\"index\":{\"SSS\":0,\"KU562\":1,\"KU837\":2}", with: "\"index\":[\"SSS\",\"KU562\",\"KU837\"]")
        let (read, store) = Self.read(text)
        #expect(read.result.diagnostics.isEmpty, "\(read.result.diagnostics)")
        #expect(read.result.rows == 3)
        #expect(PXReaderTests.values(store) == ["562 population 2020 9008.0", "837 voters 2021 `-`", "SSS population 2020 5533793.0"])
    }

    @Test func statusAsOneStringOrAnArrayAndNullWithoutStatus() throws {
        let values = "[5533793,5548241,4255466,null,9008,8978,7400,null,244223,249009,199100,null]"
        let one = Self.sample.replacingOccurrences(of: "{\"3\":\"..\",\"7\":\"...\",\"11\":\"-\"}", with: "\"..\"")
        #expect(PXReaderTests.values(Self.read(one).1).filter { $0.contains("`") } == ["562 voters 2021 `..`", "837 voters 2021 `..`", "SSS voters 2021 `..`"])
        let array = Self.sample.replacingOccurrences(
            of: "{\"3\":\"..\",\"7\":\"...\",\"11\":\"-\"}", with: "[null,null,null,\".\",null,null,null,\"..\",null,null,null,\"...\"]")
        #expect(
            PXReaderTests.values(Self.read(array).1).filter { $0.contains("`") } == ["562 voters 2021 `..`", "837 voters 2021 `...`", "SSS voters 2021 `.`"])
        let none = Self.sample.replacingOccurrences(of: "\"status\":{\"3\":\"..\",\"7\":\"...\",\"11\":\"-\"},", with: "")
        #expect(PXReaderTests.values(Self.read(none).1).filter { $0.contains("`") } == ["562 voters 2021 ``", "837 voters 2021 ``", "SSS voters 2021 ``"])
        #expect(values.contains("null"))
    }

    @Test(arguments: [
        // (replace, with, message start, JSON path, line, column): the place of the value at the
        // path, or of the token named (`value`'s `[`, a sparse key), counted by hand in `sample`.
        (
            "244223,249009,199100,null]", "244223,249009,199100]", "`value` holds 11 values, but the dataset has 12 cells (3 Alue × 2 Tiedot × 2 Vuosi)",
            "$.value", 9, 9
        ),
        ("\"size\":[3,2,2]", "\"size\":[3,2,3]", "Dimension `Vuosi` has 2 categories but `size` does not give that", "$.size[2]", 2, 77),
        ("\"size\":[3,2,2]", "\"size\":[3,\"2\",2]", "Dimension `Tiedot` has 2 categories but `size` does not give that", "$.size[1]", 2, 75),
        ("\"size\":[3,2,2]", "\"size\":[3,2]", "`id` names 3 dimensions but `size` gives 2 sizes", "$.size", 2, 72),
        (
            "\"KU837\":2}", "\"KU837\":1}", "The position of category `KU837` is not one of 0–2, or is taken twice.", "$.dimension.Alue.category.index.KU837",
            4, 71
        ),
        (
            "[5533793,5548241,4255466,null,9008,8978,7400,null,244223,249009,199100,null]", "{\"12\":1,\"0\":2}",
            "`value` has the key `12`, which is not a cell position 0–11", "$.value", 9, 10
        ),
        ("\"class\":\"dataset\"", "\"class\":\"collection\"", "The JSON-stat file is not a `dataset`", "$.class", 1, 10),
        ("\"id\":[\"Alue\",\"Tiedot\",\"Vuosi\"]", "\"id\":[\"Tiedot\",\"Vuosi\"],\"x\":[\"Alue\"]", "`id` names 2 dimensions", "$.size", 2, 78),
        (
            "\"id\":[\"Alue\",\"Tiedot\",\"Vuosi\"]", "\"id\":[\"Alue\",\"Tieto\",\"Vuosi\"]",
            "`id` names the dimension `Tieto`, which `dimension` does not describe.", "$.id[1]", 2, 47
        ),
        ("\"Alue\":{\"label\":\"Alue\"", "\"Alue\":{\"label\":\"Maa\"", "The dataset has no area dimension", "$.id", 2, 39),
    ])
    func structuralProblemsAreErrorsNamingTheJSONPath(replace: String, with: String, message: String, path: String, line: Int, column: Int) throws {
        let text = Self.sample.replacingOccurrences(of: replace, with: with)
        #expect(text != Self.sample)
        let (read, store) = Self.read(text)
        #expect(store.isEmpty)
        let problem = try #require(read.result.diagnostics.first)
        #expect(read.result.diagnostics.count == 1)
        #expect(problem.code == "jsonstat.structure")
        #expect(problem.severity == .error)
        #expect(problem.message.hasPrefix(message), "\(problem.message)")
        #expect(problem.message.hasSuffix("(at `\(path)`)"), "\(problem.message)")
        #expect(problem.location == SourceLocation(file: "t.json", line: line, column: column))
    }

    @Test func aPathIsFoundInTheTextAsFarAsItGoes() throws {
        let text = "{\"a\": {\"b.c\": [1, {\"d\": 2}]},\n \"e\": 3}"
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            #expect(JSONPath("$.a").key("b.c").index(1).key("d").offset(in: buffer) == 24)
            #expect(JSONPath("$.a").key("b.c").index(1).key("d").description == "$.a.b.c[1].d")
            #expect(JSONPath("$.e").offset(in: buffer) == 36)
            // A step that is not there: the last value found on the way.
            #expect(JSONPath("$.a").key("b.c").index(5).offset(in: buffer) == 14)
            #expect(JSONPath("$.x").offset(in: buffer) == 0)
            let lines = LineIndex(buffer)
            #expect(lines.location(of: 36, file: "p.json") == SourceLocation(file: "p.json", line: 2, column: 7))
            #expect(lines.location(of: 0, file: "p.json") == SourceLocation(file: "p.json", line: 1, column: 1))
        }
        #expect(JSONPath("$.size[2]").steps == [.key("size"), .index(2)])
        #expect(JSONPath("$").steps.isEmpty)
    }

    @Test func aCellProblemIsAtTheCellsLineAndColumn() throws {
        // A text in `value` is no JSON-stat cell: a syntax error at the text.
        let (text, _) = Self.read(Self.sample.replacingOccurrences(of: "9008,8978", with: "9008,\"x\""))
        #expect(text.result.diagnostics.map(\.code) == ["jsonstat.syntax"])
        #expect(text.result.diagnostics.first?.location == SourceLocation(file: "t.json", line: 9, column: 44))
        // A period that is no year: at its category.
        let (period, _) = Self.read(Self.sample.replacingOccurrences(of: "\"index\":[\"2020\",\"2021\"]", with: "\"index\":[\"2020\",\"2021Q1\"]"))
        #expect(period.result.diagnostics.map(\.code) == ["statistics.bad-year"])
        #expect(period.result.diagnostics.first?.location == SourceLocation(file: "t.json", line: 7, column: 54))
        // A sparse object in reverse order: each problem at its own cell.
        let sparse = Self.sample.replacingOccurrences(
            of: "[5533793,5548241,4255466,null,9008,8978,7400,null,244223,249009,199100,null]",
            with: "{\"5\":1e999,\n\"4\":2e999}")
        let (read, store) = Self.read(sparse)
        let ranges = read.result.diagnostics.filter { $0.code == "statistics.number-out-of-range" }
        #expect(read.result.diagnostics.map(\.code) == ["statistics.all-rows-skipped"] + ranges.map(\.code))
        #expect(
            ranges.map(\.location) == [
                SourceLocation(file: "t.json", line: 10, column: 5), SourceLocation(file: "t.json", line: 9, column: 14),
            ])
        #expect(ranges.first?.message.hasPrefix("Cell \"2e999\" in t.json line 10, column 5 is a number") == true)
        #expect(store.isEmpty)
    }

    @Test func textThatIsNotJSONIsAnErrorAtItsLineAndColumn() throws {
        let cases: [(text: String, line: Int, column: Int, message: String)] = [
            ("{\"id\": [\"Alue\",}", 1, 16, "Expected a JSON value in the JSON file, found `}`."),
            ("{\n  \"id\": [\"Alue\"],\n  \"size\": [01]}", 3, 12, "Expected a JSON value in the JSON file, found `0`."),
            ("{\"a\": 1, \"a\": 2}", 1, 10, "The member `a` is given twice in one object."),
            ("{\"a\": \"x\\q\"}", 1, 10, "Expected one of `\"` `\\` `/` `b` `f` `n` `r` `t` `u` after `\\` in the JSON file, found `q`."),
            ("{\"a\": 1} 2", 1, 10, "Expected the end of the file after the JSON value in the JSON file, found `2`."),
            (String(repeating: "[", count: 70), 1, 65, "Expected at most 64 nested arrays and objects in the JSON file, found `[`."),
            (
                "{\"id\":[\"Alue\"],\"size\":[1],\"dimension\":{\"Alue\":{\"category\":{\"index\":[\"562\"]}}},\"value\":[\"12\"]}", 1, 88,
                "Expected a number or `null` in `value` in the JSON file, found `\"`."
            ),
        ]
        for (text, line, column, message) in cases {
            let (read, store) = Self.read(text)
            #expect(store.isEmpty)
            #expect(read.result.diagnostics.map(\.code) == ["jsonstat.syntax"], "\(text)")
            #expect(read.result.diagnostics.first?.message == message, "\(text)")
            #expect(read.result.diagnostics.first?.location == SourceLocation(file: "t.json", line: line, column: column), "\(text)")
        }
    }

    @Test func stringEscapesAndTheirErrors() throws {
        func scan(_ bytes: [UInt8]) -> (JSONScanner.Value?, Diagnostic?) {
            bytes.withUnsafeBufferPointer { buffer in
                var scanner = JSONScanner(buffer, file: "s.json")
                do throws(JSONScanner.Failure) {
                    return (try scanner.document(skip: []), nil)
                } catch {
                    return (nil, error.diagnostic)
                }
            }
        }
        guard case (.string(let pair)?, nil) = scan(Array("\"\\ud83d\\ude00 \\u00e4\\n\"".utf8)) else {
            Issue.record("a surrogate pair")
            return
        }
        #expect(pair == "😀 ä\n")
        // The highest pair, U+10FFFF, is four bytes of UTF-8.
        guard case (.string(let highest)?, nil) = scan(Array("\"\\udbff\\udfff\"".utf8)) else {
            Issue.record("the highest surrogate pair")
            return
        }
        #expect(highest.unicodeScalars.map(\.value) == [0x10FFFF])
        guard case (.string(let lone)?, nil) = scan(Array("\"a\\ud83db\"".utf8)) else {
            Issue.record("a lone surrogate")
            return
        }
        #expect(lone == "a\u{FFFD}b")
        let (_, latin) = scan([0x22, 0x56, 0xE4, 0x22])
        #expect(latin?.message == "Expected UTF-8 text (byte 2 of the string before this is not) in the JSON file, found the end of the file.")
        let (_, control) = scan([0x22, 0x61, 0x0A, 0x22])
        #expect(control?.location == SourceLocation(file: "s.json", line: 1, column: 3))
    }

    @Test func anOldWrapperOrAnotherObjectIsRefused() throws {
        let (old, _) = Self.read("{\"dataset\": {\"dimension\": {}, \"value\": []}}")
        #expect(old.result.diagnostics.first?.message.hasPrefix("This is a JSON-stat 1.x response") == true)
        let (other, _) = Self.read("{\"rows\": []}")
        #expect(other.result.diagnostics.first?.message == "The file is not a JSON-stat 2.0 dataset: it has no `id`, `size`, `dimension`, `value`. (at `$`)")
    }

    @Test func numbersAreReadAsCSVCellsAreAndEscapesResolved() throws {
        // `V\u00e4kiluku` is `Väkiluku`; 1e999 is beyond a double, an error at the cell's line and column.
        let text = Self.sample.replacingOccurrences(of: "\"vaesto\":\"Väkiluku\"", with: "\"vaesto\":\"V\\u00e4kiluku\"")
            .replacingOccurrences(of: "9008,8978", with: "9008.50,1e999")
        let (read, store) = Self.read(text)
        #expect(read.result.diagnostics.map(\.code) == ["statistics.number-out-of-range"])
        #expect(read.result.diagnostics.first?.location == SourceLocation(file: "t.json", line: 9, column: 47))
        let row = try #require(store.row(area: "562", indicator: "population", year: 2020))
        #expect(store.value(row: row) == .number(9008.5))
        #expect(store.count == 11)
    }

    @Test func aJsonFileIsReadFromTheInputFolder() throws {
        let folder = try TemporaryFolder("jsonstat-input")
        let statistics = folder.appendingPathComponent("statistics")
        try FileManager.default.createDirectory(at: statistics, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixturePath("input/indicators.csv"), toPath: folder.appendingPathComponent("indicators.csv").path)
        try Data(Self.sample.utf8).write(to: statistics.appendingPathComponent("vaesto.json"))
        let read = InputFolderReader().read(directory: folder.path)
        #expect(read.dataset.observations.count == 12)
        let summary = try #require(read.files.first { $0.kind == .statistics })
        #expect(summary.layout == "json-stat")
        #expect(summary.encoding == "UTF-8")
        #expect(summary.format == "json-stat")
        #expect(
            InputListing.render(read, .files).contains(
                "  kind: statistics, layout: json-stat\n  format: json-stat, encoding: UTF-8, delimiter: -, decimal separator: `.`\n"))
    }
}
