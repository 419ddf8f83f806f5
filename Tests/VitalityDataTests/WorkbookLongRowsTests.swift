import Foundation
import Testing
import VitalityModel
import VitalityTestSupport

@testable import VitalityData

/// `SheetLongRows`, the long layout's rows read without slices, must store what the general
/// path (`SheetGrid` records through `LongLayout.extract`) stores for every row it takes, and
/// decline every row it cannot read alike: each sheet here is read both ways, in slices and
/// batches of several sizes, and gives the same rows and diagnostics.
@Suite struct WorkbookLongRowsTests {
    typealias Cell = WorkbookWriter.Cell

    let reader = StatisticsReader(indicators: [
        Indicator(id: "population", labelFI: "Väkiluku"),
        Indicator(id: "unemployment_rate", labelFI: "Työttömyysaste", kind: .rate),
    ])

    struct Read: Equatable {
        var rows: [Observation]
        var diagnostics: [String]
        var layout: String
        var count: Int
        var areas: [String]
        var directRows: Int
    }

    func read(_ writer: WorkbookWriter, direct: Bool, slice: Int = 1 << 18, batch: Int = 1 << 18) throws -> Read {
        let folder = try TemporaryFolder("xlsx-long")
        let path = folder.appendingPathComponent("long.xlsx").path
        try writer.write(to: URL(fileURLWithPath: path))
        var store = ObservationStore()
        var workbookReader = WorkbookStatisticsReader(reader: reader, sliceBytes: slice, rowBatchBytes: batch)
        workbookReader.directLongRows = direct
        let read = workbookReader.read(path: path, into: &store)
        let result = try #require(read.result)
        let diagnostics = (result.diagnostics + read.read.diagnostics).map { $0.description.replacingOccurrences(of: path, with: "long.xlsx") }
        return Read(
            rows: store.map { row in
                var row = row
                if let file = row.location?.file { row.location?.file = file.replacingOccurrences(of: path, with: "long.xlsx") }
                return row
            }, diagnostics: diagnostics.sorted(), layout: result.layout, count: result.rows,
            areas: result.areas.map(\.code), directRows: read.read.directRows)
    }

    /// Reads `writer` the general way and the direct way in several slice and batch sizes;
    /// returns the direct read in slices of one record (after the first slice's 62, whose rows
    /// the general way reads: with the default size a small sheet is all one slice).
    func expectSame(_ writer: WorkbookWriter, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Read {
        let expected = try read(writer, direct: false)
        #expect(expected.directRows == 0, sourceLocation: sourceLocation)
        var first: Read?
        for (slice, batch) in [(1, 1), (1 << 18, 1 << 18), (300, 64)] {
            var got = try read(writer, direct: true, slice: slice, batch: batch)
            if first == nil { first = got }
            got.directRows = 0
            #expect(got.rows == expected.rows, "slices of \(slice), batches of \(batch)", sourceLocation: sourceLocation)
            #expect(got.diagnostics == expected.diagnostics, "slices of \(slice), batches of \(batch)", sourceLocation: sourceLocation)
            #expect(got == expected, "slices of \(slice), batches of \(batch)", sourceLocation: sourceLocation)
        }
        return try #require(first)
    }

    /// 70 plain rows (more than the first slice needs), as `gen_data.py` lays them out.
    static func plainRows(region: Bool) -> [[Cell]] {
        var rows: [[Cell]] = []
        for (code, name) in [("020", "Akaa"), ("562", "Orivesi")] {
            for year in 1986...2020 {
                var row: [Cell] = [.text(code), .text(name)]
                if region { row.append(.text("Pirkanmaa")) }
                row += [.text("population"), .number("\(year)"), .number("\(year - 1000)")]
                rows.append(row)
            }
        }
        return rows
    }

    @Test func aPlainSheetIsReadDirectlyAlike() throws {
        let header: [Cell] = [.text("area_code"), .text("area"), .text("region"), .text("indicator"), .text("year"), .text("value")]
        let got = try expectSame(WorkbookWriter(rows: [header] + Self.plainRows(region: true)))
        #expect(got.rows.count == 70)
        #expect(
            got.rows.last
                == Observation(
                    areaCode: "562", indicatorID: "population", year: 2020, value: .number(1020),
                    location: SourceLocation(file: "long.xlsx[Sheet1]", line: 71, column: 6)))
        // All but the first slice's rows (62 records: the header and 61 rows).
        #expect(got.directRows == 70 - 61)
        #expect(got.layout == "long")
    }

    @Test func rowsTheDirectWayDeclinesReadAsTheGeneralWayReadsThem() throws {
        let header: [Cell] = [.text("area_code"), .text("area"), .text("region"), .text("indicator"), .text("year"), .text("value")]
        func row(
            _ code: Cell, _ name: Cell = .text("Orivesi"), region: Cell = .text("Pirkanmaa"), indicator: Cell = .text("population"),
            year: Cell = .number("2021"), value: Cell = .number("9001.5"), extra: [Cell] = []
        ) -> [Cell] {
            [code, name, region, indicator, year, value] + extra
        }
        let tail: [[Cell]] = [
            row(.text("562")),
            row(.text("020"), .text("Akaa"), indicator: .text("unemployment_rate"), value: .number("12.25")),
            // Labels the general path reads: inline, a number, white space around, blank.
            row(.inline("211"), .text("Kangasala")),
            row(.number("837"), .text("Tampere")),
            row(.text(" 604 "), .text("Pirkkala")),
            row(.text("  "), .text("Lempäälä")),
            row(.text("418"), .text("Lempäälä"), indicator: .text(" population ")),
            // Values and years the general path reads: missing, text, exponent, percent, bad.
            row(.text("562"), year: .number("2022"), value: .text("..")),
            row(.text("562"), year: .number("2023"), value: .text("12,5")),
            row(.text("562"), year: .number("2024"), value: .number("1E-3")),
            row(.text("562"), year: .number("2025"), value: .number("0.125", style: 1)),
            row(.text("562"), year: .number("1776")),
            row(.text("562"), year: .text("2026")),
            row(.text("562"), year: .number("2027"), value: .text("")),
            [.text("562"), .text("Orivesi"), .text("Pirkanmaa"), .text("population"), .number("2028")],
            // Beyond the header: a blank cell, then a value.
            row(.text("562"), year: .number("2029"), extra: [.text(" ")]),
            row(.text("562"), year: .number("2030"), extra: [.number("7")]),
            // Unknown labels, a duplicate of a direct row, another region and name for an area.
            row(.text("999"), .text("Nowhere")),
            row(.text("562"), indicator: .text("births")),
            row(.text("562"), year: .number("2020"), value: .number("1")),
            row(.text("562"), region: .text("Uusimaa")),
            row(.text("562"), .text("Orivesi kaupunki"), year: .number("2031")),
            // After an empty row, more data; then footnotes.
            [],
            row(.text("020"), .text("Akaa"), year: .number("2032")),
            [],
            [.text("Lähde: Tilastokeskus")],
        ]
        let got = try expectSame(WorkbookWriter(rows: [header] + Self.plainRows(region: true) + tail))
        #expect(got.directRows > 9)
        #expect(got.rows.contains { $0.areaCode == "211" && $0.year == 2021 })
        #expect(got.diagnostics.contains { $0.contains("statistics.extra-cell") })
        #expect(got.diagnostics.contains { $0.contains("This row has 5 cells; the value is in column F.") })
        #expect(got.diagnostics.contains { $0.contains("statistics.duplicate-observation") })
    }

    @Test func blankStubCellsTakeTheSharedStringAbove() throws {
        // PX-Web leaves a label only on its first row; a stub filled from a shared string is
        // read directly, one filled from an inline string the general way.
        var rows: [[Cell]] = [[.text("Alue"), .text("Tiedot"), .text("Vuosi"), .text("Arvo")]]
        for (index, area) in ["KU562 Orivesi", "KU020 Akaa", "KU211 Kangasala", "KU837 Tampere"].enumerated() {
            for year in 1980...2005 {
                let first: Cell = year > 1980 ? .empty : index == 2 ? .inline(area) : .text(area)
                rows.append([first, year % 2 == 0 && year > 1990 ? .empty : .text("Väkiluku"), .number("\(year)"), .number("\(year * 3)")])
            }
        }
        let got = try expectSame(WorkbookWriter(rows: [[.text("Väestö kunnittain")], []] + rows))
        #expect(got.rows.count == 104)
        #expect(got.rows.filter { $0.areaCode == "211" }.count == 26)
        // The first slice holds the title, the header and 60 rows; of the rest, Kangasala's
        // 18 rows go the general way and Tampere's 26 are read directly.
        #expect(got.directRows == 26)
        #expect(got.layout == "long with heading")
    }

    @Test func aNameOnlyLayoutAndAWideSheetAreReadAlike() throws {
        var long: [[Cell]] = [[.text("alue"), .text("tiedot"), .text("vuosi"), .text("arvo")]]
        for row in Self.plainRows(region: false) { long.append(Array(row.dropFirst())) }
        let got = try expectSame(WorkbookWriter(rows: long))
        #expect(got.rows.count == 70 && got.directRows > 0)
        // A wide sheet is never read directly.
        var wide: [[Cell]] = [[.text("Alue"), .text("Tiedot"), .text("2020"), .text("2021")]]
        for _ in 0..<70 { wide.append([.text("KU562 Orivesi"), .text("Väkiluku"), .number("9008"), .number("8950")]) }
        #expect(try expectSame(WorkbookWriter(rows: wide)).directRows == 0)
    }
}
