import Foundation
import Testing
import VitalityData
import VitalityModel
import VitalityTestSupport

@testable import VitalityAnalysis
@testable import VitalityBuild

/// The shipped input's statistics written in another format (xlsx, PC-Axis, JSON-stat, all made
/// here) give the same dataset and the same `figures.csv` as the CSV files they came from.
@Suite struct FormatEquivalenceTests {
    static let input = FiguresEquivalenceTests.repositoryRoot.appendingPathComponent("input")

    /// The observations as `area indicator year value` lines, sorted.
    static func lines(_ dataset: Dataset) -> [String] {
        dataset.observations.map { "\($0.areaCode) \($0.indicatorID) \($0.year) \($0.value)" }.sorted()
    }

    /// A copy of the input folder whose statistics/ holds `files` instead of the CSV files.
    static func folder(_ files: [(name: String, bytes: [UInt8])]) throws -> TemporaryFolder {
        let folder = try TemporaryFolder("formats")
        let manager = FileManager.default
        for name in try manager.contentsOfDirectory(atPath: input.path) where name != "statistics" {
            try manager.copyItem(at: input.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let statistics = folder.appendingPathComponent("statistics")
        try manager.createDirectory(at: statistics, withIntermediateDirectories: true)
        for file in files { try Data(file.bytes).write(to: statistics.appendingPathComponent(file.name)) }
        return folder
    }

    /// Dense cubes of the dataset: one per indicator and set of years, over the areas that have
    /// exactly those years (so no cell is invented).
    static func cubes(_ dataset: Dataset) -> [(indicator: String, years: [Int], areas: [String], values: [[ObservedValue]])] {
        var series: [String: [String: [Int: ObservedValue]]] = [:]
        for observation in dataset.observations {
            series[observation.indicatorID, default: [:]][observation.areaCode, default: [:]][observation.year] = observation.value
        }
        var cubes: [(indicator: String, years: [Int], areas: [String], values: [[ObservedValue]])] = []
        for indicator in series.keys.sorted() {
            let areas = series[indicator] ?? [:]
            var groups: [[Int]: [String]] = [:]
            for (area, years) in areas { groups[years.keys.sorted(), default: []].append(area) }
            for years in groups.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                let codes = (groups[years] ?? []).sorted()
                let values = codes.map { code in years.map { areas[code]?[$0] ?? .missing(symbol: "?") } }
                cubes.append((indicator, years, codes, values))
            }
        }
        return cubes
    }

    static func areaCode(_ code: String) -> String { code.count == 3 ? "KU\(code)" : code }

    static func valueText(_ value: ObservedValue) -> String {
        switch value {
        case .number(let number): return "\(number)"
        case .missing(let symbol): return "\"\(symbol)\""
        }
    }

    /// The cubes as PC-Axis files shaped as PxWeb saves them: alternately UTF-8 and
    /// ISO-8859-1, area values wrapped over lines, codes beside names.
    static func pxFiles(_ dataset: Dataset) -> [(name: String, bytes: [UInt8])] {
        let names = Dictionary(dataset.areas.map { ($0.code, $0.nameFI) }, uniquingKeysWith: { first, _ in first })
        return cubes(dataset).enumerated().map { number, cube in
            let latin = number % 2 == 1
            func list(_ items: [String]) -> String {
                stride(from: 0, to: items.count, by: 4).map { start in
                    items[start..<min(start + 4, items.count)].map { "\"\($0)\"" }.joined(separator: ",")
                }.joined(separator: ",\n")
            }
            let years = cube.years.map(String.init)
            var text = """
                CHARSET="ANSI";
                AXIS-VERSION="2013";
                CODEPAGE="\(latin ? "iso-8859-1" : "utf-8")";
                LANGUAGE="fi";
                DECIMALS=1;
                CONTENTS="\(cube.indicator)";
                STUB="Alue";
                HEADING="Vuosi";
                VALUES("Alue")=\(list(cube.areas.map { names[$0] ?? $0 }));
                VALUES("Vuosi")=\(list(years));
                TIMEVAL("Vuosi")=TLIST(A1),\(list(years));
                CODES("Alue")=\(list(cube.areas.map(areaCode)));
                DATA=

                """
            text += cube.values.map { row in row.map(valueText).joined(separator: " ") }.joined(separator: "\n") + ";\n"
            let bytes = latin ? text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } : Array(text.utf8)
            return (String(format: "cube_%03d.px", number), bytes)
        }
    }

    /// The cubes as JSON-stat 2.0 datasets shaped as PxWeb's API returns them: category index
    /// alternately an object and an array, values alternately an array (`null` and a status for
    /// a missing value) and a sparse object.
    static func jsonStatFiles(_ dataset: Dataset) -> [(name: String, bytes: [UInt8])] {
        let names = Dictionary(dataset.areas.map { ($0.code, $0.nameFI) }, uniquingKeysWith: { first, _ in first })
        func quoted(_ text: String) -> String { "\"\(text)\"" }
        return cubes(dataset).enumerated().map { number, cube in
            let codes = cube.areas.map(areaCode)
            let years = cube.years.map(String.init)
            let areaIndex =
                number % 2 == 0
                ? "{" + codes.enumerated().map { "\(quoted($1)):\($0)" }.joined(separator: ",") + "}"
                : "[" + codes.map(quoted).joined(separator: ",") + "]"
            let areaLabels = zip(codes, cube.areas).map { "\(quoted($0)):\(quoted(names[$1] ?? $1))" }.joined(separator: ",")
            let cells = cube.values.flatMap { $0 }
            var statuses: [String] = []
            var entries: [String] = []
            for (position, cell) in cells.enumerated() {
                switch cell {
                case .number(let value): entries.append(number % 2 == 0 ? "\(value)" : "\"\(position)\":\(value)")
                case .missing(let symbol):
                    entries.append(number % 2 == 0 ? "null" : "\"\(position)\":null")
                    if !symbol.isEmpty { statuses.append("\"\(position)\":\(quoted(symbol))") }
                }
            }
            let value = number % 2 == 0 ? "[" + entries.joined(separator: ",") + "]" : "{" + entries.reversed().joined(separator: ",") + "}"
            let text = """
                {"class":"dataset","label":\(quoted(cube.indicator)),"source":"Tilastokeskus","id":["Alue","Vuosi"],
                "size":[\(codes.count),\(years.count)],"dimension":{
                "Alue":{"label":"Alue","category":{"index":\(areaIndex),"label":{\(areaLabels)}}},
                "Vuosi":{"label":"Vuosi","category":{"index":[\(years.map(quoted).joined(separator: ","))]}}},
                "role":{"time":["Vuosi"]},"value":\(value),"status":{\(statuses.joined(separator: ","))},"version":"2.0"}
                """
            return (String(format: "cube_%03d.json", number), Array(text.utf8))
        }
    }

    @Test func shippedStatisticsAsJSONStatGiveTheSameFigures() throws {
        let csv = InputFolderReader().read(directory: Self.input.path)
        let files = Self.jsonStatFiles(csv.dataset)
        #expect(files.count > 1)
        let folder = try Self.folder(files)
        let json = InputFolderReader().read(directory: folder.path)
        #expect(json.diagnostics.filter { $0.severity == .error }.isEmpty, "\(json.diagnostics.prefix(5))")
        #expect(json.files.filter { $0.kind == .statistics }.allSatisfy { $0.layout == "json-stat" })
        #expect(Self.lines(json.dataset) == Self.lines(csv.dataset))
        let expected = FiguresCSV.bytes(Analysis.figures(csv.dataset, options: AnalysisOptions()))
        #expect(FiguresCSV.bytes(Analysis.figures(json.dataset, options: AnalysisOptions())) == expected)
    }

    @Test func shippedStatisticsAsPCAxisGiveTheSameFigures() throws {
        let csv = InputFolderReader().read(directory: Self.input.path)
        #expect(csv.dataset.observations.count > 1000)
        let files = Self.pxFiles(csv.dataset)
        #expect(files.count > 1)
        #expect(files.allSatisfy { !String(decoding: $0.bytes, as: UTF8.self).contains("\"?\"") })
        let folder = try Self.folder(files)
        let px = InputFolderReader().read(directory: folder.path)
        #expect(px.diagnostics.filter { $0.severity == .error }.isEmpty, "\(px.diagnostics.prefix(5))")
        #expect(px.files.filter { $0.kind == .statistics }.allSatisfy { $0.layout == "pc-axis" })
        #expect(Self.lines(px.dataset) == Self.lines(csv.dataset))
        let expected = FiguresCSV.bytes(Analysis.figures(csv.dataset, options: AnalysisOptions()))
        let actual = FiguresCSV.bytes(Analysis.figures(px.dataset, options: AnalysisOptions()))
        #expect(expected.count > 10_000)
        #expect(actual == expected)
    }

    /// The shipped statistics as workbooks, one sheet per CSV file, made as
    /// `WorkbookInputTests` makes them.
    static func workbookFiles() throws -> [(name: String, bytes: [UInt8])] {
        let statistics = input.appendingPathComponent("statistics")
        let scratch = try TemporaryFolder("formats-xlsx")
        return try FileManager.default.contentsOfDirectory(atPath: statistics.path).sorted().filter { $0.hasSuffix(".csv") }.map { name in
            let rows = try WorkbookInputTests.cells(statistics.appendingPathComponent(name).path, blankRepeatedStub: name.contains("_px"))
            let url = scratch.appendingPathComponent(name.replacingOccurrences(of: ".csv", with: ".xlsx"))
            try WorkbookWriter(sheets: [.init(name: "Taulukko1", rows: rows)]).write(to: url)
            return (url.lastPathComponent, [UInt8](try Data(contentsOf: url)))
        }
    }

    @Test func shippedStatisticsInFourFormatsGiveTheSameFiguresCSV() throws {
        let csv = InputFolderReader().read(directory: Self.input.path)
        let formats: [(format: String, files: [(name: String, bytes: [UInt8])])] = [
            ("xlsx", try Self.workbookFiles()), ("px", Self.pxFiles(csv.dataset)), ("json-stat", Self.jsonStatFiles(csv.dataset)),
        ]
        let scratch = try TemporaryFolder("formats-figures")
        let (expected, _) = try WorkbookInputTests.figures(Self.input.path, scratch.appendingPathComponent("csv"))
        #expect(expected.count > 10_000)
        for (format, files) in formats {
            #expect(files.count > 1, "\(format)")
            let folder = try Self.folder(files)
            let read = InputFolderReader().read(directory: folder.path)
            #expect(read.files.filter { $0.kind == .statistics }.map(\.format) == Array(repeating: format, count: files.count))
            let (figures, diagnostics) = try WorkbookInputTests.figures(folder.path, scratch.appendingPathComponent(format))
            #expect(!diagnostics.hasErrors, "\(format): \(diagnostics.filter { $0.severity == .error }.prefix(5))")
            #expect(figures == expected, "\(format)")
        }
    }
}
