import Foundation
import Testing
import VitalityData
import VitalityModel
import VitalityTestSupport

@testable import VitalityBuild

/// The shipped sample written as Excel workbooks, the way a user or PX-Web would save it, gives
/// the same figures as the CSV files (DATA.md, "Workbooks").
@Suite struct WorkbookInputTests {
    /// A CSV file's records as sheet cells: a cell that reads as a number (decimal comma or
    /// point) becomes a number, a `d.M.yyyy` date a date serial with a date format (style 2),
    /// anything else a shared string; an empty cell stays empty.
    static func cells(_ path: String, blankRepeatedStub: Bool = false) throws -> [[WorkbookWriter.Cell]] {
        let (document, _) = CSVDocument.load(path: path)
        let table = try #require(document).table
        var rows: [[WorkbookWriter.Cell]] = []
        var previousFirst: String?
        for record in table.records {
            var row: [WorkbookWriter.Cell] = []
            for (index, field) in table.fields(of: record).enumerated() {
                let text = table.text(field).trimmingCharacters(in: .whitespaces)
                if text.isEmpty {
                    row.append(.empty)
                } else if !field.quoted, let number = Double(text.replacingOccurrences(of: ",", with: ".")), text.allSatisfy({ "0123456789-,.".contains($0) }) {
                    row.append(.number("\(number)" == text ? text : text.replacingOccurrences(of: ",", with: ".")))
                } else if let serial = serial(text) {
                    row.append(.number("\(serial)", style: 2))
                } else if index == 0, blankRepeatedStub, table.fields(of: record).count > 1, text == previousFirst {
                    // PX-Web's xlsx leaves a repeated area name out.
                    row.append(.empty)
                } else {
                    row.append(.text(text))
                }
                if index == 0, table.fields(of: record).count > 1 { previousFirst = text }
            }
            rows.append(row)
        }
        return rows
    }

    /// The Excel serial of a `d.M.yyyy` date (1900 system, after February 1900).
    static func serial(_ text: String) -> Int? {
        let parts = text.split(separator: ".")
        guard parts.count == 3, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]), year > 1900 else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        components.timeZone = TimeZone(identifier: "UTC")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let date = calendar.date(from: components) else { return nil }
        return Int(date.timeIntervalSince1970 / 86_400) + 25_569
    }

    static func figures(_ input: String, _ output: URL) throws -> (Data, [Diagnostic]) {
        var options = BuildOptions(inputDirectory: input, templatesDirectory: TestSupport.sampleTemplates, outputDirectory: output.path)
        options.chartFormats = []
        options.locale = .fi
        let outcome = Builder.build(options)
        #expect(outcome.succeeded, "\(outcome.diagnostics.filter { $0.severity == .error })")
        return (try Data(contentsOf: output.appendingPathComponent("figures.csv")), outcome.diagnostics)
    }

    @Test func sampleAsWorkbooksGivesTheSameFigures() throws {
        let scratch = try TemporaryFolder("xlsx-figures")
        let csvOut = scratch.appendingPathComponent("csv-out")
        let (expected, _) = try Self.figures(TestSupport.sampleInput, csvOut)

        let input = try TestSupport.copyOfSampleInput()
        let statistics = input.appendingPathComponent("statistics")
        var sheets = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: statistics.path) where name.hasSuffix(".csv") {
            let source = statistics.appendingPathComponent(name)
            let pxweb = name.contains("_px")
            var writer = WorkbookWriter(sheets: [.init(name: "Taulukko1", rows: try Self.cells(source.path, blankRepeatedStub: pxweb))])
            if pxweb {
                // PX-Web's footnotes under the table, after an empty row.
                writer.sheets[0].rows += [[], [.text("Lähde: Tilastokeskus")], [.text("Päivitetty 1.3.2022")]]
            }
            try writer.write(to: statistics.appendingPathComponent(name.replacingOccurrences(of: ".csv", with: ".xlsx")))
            try FileManager.default.removeItem(at: source)
            sheets += 1
        }
        #expect(sheets == 3)
        let measures = input.appendingPathComponent("measures.csv")
        try WorkbookWriter(sheets: [.init(name: "Toimenpiteet", rows: try Self.cells(measures.path))])
            .write(to: input.appendingPathComponent("measures.xlsx"))
        try FileManager.default.removeItem(at: measures)

        let (actual, diagnostics) = try Self.figures(input.path, scratch.appendingPathComponent("xlsx-out"))
        #expect(actual == expected)
        #expect(!diagnostics.hasErrors)
        let read = InputFolderReader().read(directory: input.path)
        let footnotes = read.diagnostics.filter { $0.code == "xlsx.footnotes" }
        #expect(footnotes.map { $0.location?.description ?? "" } == ["\(input.path)/statistics/tyollisyys_px.xlsx[Taulukko1]!A105"])
        #expect(read.files.map(\.format) == ["csv", "xlsx", "xlsx", "xlsx", "xlsx"])
        #expect(read.files.compactMap(\.sheet) == ["Taulukko1", "Taulukko1", "Taulukko1", "Toimenpiteet"])
        func unplaced(_ measures: [Measure]) -> [Measure] {
            measures.map {
                var measure = $0
                measure.location = nil
                return measure
            }
        }
        let fromCSV = InputFolderReader().read(directory: TestSupport.sampleInput).dataset.measures
        #expect(fromCSV.count == 26)
        #expect(unplaced(read.dataset.measures) == unplaced(fromCSV))
        #expect(read.dataset.measures.first?.location?.description == "\(input.path)/measures.xlsx[Toimenpiteet]!2:2")
    }
}
