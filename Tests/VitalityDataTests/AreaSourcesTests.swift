import Foundation
import Testing
import VitalityModel
import VitalityTestSupport

@testable import VitalityData

/// Areas beyond the built-in catalogue (DATA.md §4): `input/areas.csv` and a statistics file's
/// `region` column. Fixtures under `Fixtures/areas/`.
@Suite struct AreaSourcesTests {
    let population = [Indicator(id: "population", labelFI: "Väkiluku")]

    /// A statistics fixture read by the general reader and by the folder reader (whose UTF-8 long
    /// files take the streaming path, on two threads), which must agree.
    func both(_ fixture: String, areas: String? = nil) throws -> (folder: InputReadResult, general: StatisticsReadResult) {
        let folder = try TemporaryFolder("areas")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("statistics"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixturePath("areas/input/indicators.csv"), toPath: folder.appendingPathComponent("indicators.csv").path)
        if let areas { try Data(areas.utf8).write(to: folder.appendingPathComponent("areas.csv")) }
        let path = folder.appendingPathComponent("statistics/s.csv").path
        try FileManager.default.copyItem(atPath: fixturePath("areas/files/\(fixture)"), toPath: path)
        let folderResult = InputFolderReader().read(directory: folder.path)
        let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
        let general = StatisticsReader(indicators: population).read(CSVDocument(bytes: bytes, file: path))
        return (folderResult, general)
    }

    func located(_ diagnostics: [Diagnostic], _ code: String) -> [(line: Int, column: Int)] {
        diagnostics.filter { $0.code == code }.compactMap { $0.location.map { ($0.line, $0.column) } }
    }

    // MARK: areas.csv

    @Test func areaTableDefinesMunicipalities() throws {
        let (areas, diagnostics) = AreaTableReader().read(fixtureDocument("areas/input/areas.csv"))
        #expect(diagnostics.isEmpty)
        #expect(areas.map(\.code) == ["002", "007"])
        #expect(areas.first?.nameSV == "Kommun 002")
        #expect(areas.first?.name(language: "en") == "Municipality 002")
        #expect(areas.first?.regionCode == "MK02")
        // Region by name, code written `KU007`, no Swedish or English name: Finnish everywhere.
        #expect(areas.last?.regionCode == "MK06")
        #expect(areas.last?.name(language: "sv") == "Kunta 007")
        #expect(areas.last?.name(language: "en") == "Kunta 007")
        #expect(areas.allSatisfy { $0.origin == .areaTable && $0.kind == .municipality })
    }

    @Test func areaTableErrorsNameTheCell() throws {
        let (areas, diagnostics) = AreaTableReader().read(fixtureDocument("areas/files/areas-errors.csv"))
        // Only the first 011 and the row repeating the catalogue's Kangasala are harmless.
        #expect(areas.map(\.code) == ["011"])
        #expect(diagnostics.allSatisfy { $0.severity == .error && $0.location?.file == "areas/files/areas-errors.csv" })
        #expect(located(diagnostics, "areas.unknown-region").map(\.line) == [3])
        #expect(located(diagnostics, "areas.unknown-region").map(\.column) == [5])
        #expect(located(diagnostics, "areas.duplicate-code").map(\.line) == [4])
        #expect(located(diagnostics, "areas.duplicate-code").map(\.column) == [1])
        #expect(diagnostics.first { $0.code == "areas.duplicate-code" }?.message.contains("first defined on line 2") == true)
        #expect(located(diagnostics, "areas.bad-code").map(\.line) == [5])
        #expect(located(diagnostics, "areas.missing-name").map(\.line) == [8])
        #expect(located(diagnostics, "areas.missing-name").map(\.column) == [2])
        // 562 is Orivesi in Pirkanmaa: another region (line 6, the region cell) and another name
        // (line 9, Tampere's name cell) are refused, naming both.
        let contradictions = diagnostics.filter { $0.code == "areas.contradicts-catalogue" }
        #expect(contradictions.compactMap(\.location).map { [$0.line, $0.column] } == [[6, 5], [9, 2]])
        #expect(contradictions.first?.message.contains("Orivesi in MK06 Pirkanmaa") == true)
        #expect(contradictions.first?.message.contains("MK01 Uusimaa") == true)
        #expect(contradictions.last?.message.contains("Tampere / Tammerfors in MK06 Pirkanmaa") == true)
        #expect(contradictions.last?.message.contains("Tampereen kaupunki") == true)
        #expect(diagnostics.count == 6)
    }

    @Test func areaTableHeaderListsTheExpectedColumns() throws {
        let (areas, diagnostics) = AreaTableReader().read(fixtureDocument("areas/files/areas-bad-header.csv"))
        #expect(areas.isEmpty)
        let error = try #require(diagnostics.first { $0.code == "areas.missing-column" })
        #expect(error.location?.line == 1)
        #expect(error.message.contains("`code`, `name_fi`, `region`"))
        #expect(error.message.contains("Expected columns: code, name_fi, name_sv, name_en, region"))
    }

    @Test func areaTableMakesStatisticsRowsUsable() throws {
        // Without areas.csv, 001 (no region column) is skipped; with it, it is read.
        let (without, _) = try both("no-region.csv")
        #expect(without.dataset.area(code: "001") == nil)
        let (with, _) = try both("no-region.csv", areas: "code;name_fi;region\n001;Kunta 001;Varsinais-Suomi\n")
        #expect(with.dataset.value(area: "001", indicator: "population", year: 2020) == 100)
        #expect(with.dataset.area(code: "001")?.regionCode == "MK02")
        #expect(with.dataset.area(code: "001")?.origin == .areaTable)
        #expect(with.files.map(\.kind) == [.indicators, .areas, .statistics])
        #expect(!with.diagnostics.contains { $0.code == "statistics.unknown-area" })
    }

    // MARK: The region column

    @Test func regionColumnPlacesUnknownMunicipalities() throws {
        let folder = InputFolderReader().read(directory: fixturePath("areas/input"))
        #expect(folder.diagnostics.filter { $0.severity != .note }.isEmpty, "\(folder.diagnostics)")
        let dataset = folder.dataset
        let created = try #require(dataset.area(code: "001"))
        #expect(created.nameFI == "Kunta 001")
        #expect(created.regionCode == "MK01")
        #expect(created.kind == .municipality)
        #expect(created.origin == .statistics(fixturePath("areas/input/statistics/with_region.csv")))
        #expect(dataset.area(code: "003")?.regionCode == "MK06")
        #expect(dataset.value(area: "001", indicator: "population", year: 2021) == 110)
        #expect(dataset.value(area: "003", indicator: "population", year: 2020) == 300)
        #expect(dataset.area(code: "002")?.origin == .areaTable)
        #expect(dataset.area(code: "562")?.origin == .catalogue)
        // The created municipalities are ranked within their region.
        #expect(dataset.municipalities(region: "MK06").map(\.code).contains("003"))
        #expect(dataset.municipalities(region: "MK06").map(\.code).contains("007"))
        #expect(folder.files.first { $0.kind == .statistics }?.areas == 5)
    }

    @Test func regionColumnListsTheSource() throws {
        let listing = InputListing.render(InputFolderReader().read(directory: fixturePath("areas/input")), .areas)
        #expect(listing.contains("001   Kunta 001  municipality  MK01    2             2020–2021  statistics/with_region.csv"))
        #expect(listing.contains("002   Kunta 002  municipality  MK02    1             2021       areas.csv"))
        #expect(listing.contains("562   Orivesi    municipality  MK06    1             2021       catalogue"))
    }

    @Test func rowsOfAnAreaMustAgree() throws {
        let (folder, general) = try both("region-conflict.csv")
        for diagnostics in [folder.diagnostics, general.diagnostics] {
            // 001: MK01 on line 2, MK02 on line 3 (the region cell); 004: another name on line 5.
            #expect(located(diagnostics, "statistics.area-conflict").map { [$0.line, $0.column] } == [[3, 3], [5, 2]])
            #expect(located(diagnostics, "statistics.unknown-region").map { [$0.line, $0.column] } == [[6, 3]])
        }
        #expect(folder.diagnostics.first { $0.code == "statistics.area-conflict" }?.message.contains("`MK02` here but `MK01` on line 2") == true)
        #expect(Array(folder.dataset.observations) == Array(general.observations))
        // The first row of each area stands; rows that differ are skipped.
        #expect(folder.dataset.value(area: "001", indicator: "population", year: 2020) == 100)
        #expect(folder.dataset.value(area: "001", indicator: "population", year: 2021) == nil)
        #expect(folder.dataset.area(code: "004")?.nameFI == "Kunta 004")
        #expect(folder.dataset.value(area: "004", indicator: "population", year: 2021) == nil)
        #expect(folder.dataset.area(code: "006") == nil)
    }

    @Test func regionContradictingTheCatalogueIsAWarning() throws {
        let (folder, general) = try both("region-contradiction.csv")
        for diagnostics in [folder.diagnostics, general.diagnostics] {
            let warnings = diagnostics.filter { $0.code == "statistics.region-mismatch" }
            #expect(warnings.map(\.severity) == [.warning])
            #expect(warnings.compactMap(\.location).map { [$0.line, $0.column] } == [[2, 3]])
            #expect(warnings.first?.message.contains("MK06 Pirkanmaa") == true)
            #expect(warnings.first?.message.contains("`Uusimaa` (MK01)") == true)
        }
        #expect(folder.dataset.area(code: "562")?.regionCode == "MK06")
        #expect(folder.dataset.value(area: "562", indicator: "population", year: 2021) == 8978)
    }

    @Test func withoutRegionUnknownAreasAreStillSkipped() throws {
        let (folder, general) = try both("no-region.csv")
        for diagnostics in [folder.diagnostics, general.diagnostics] {
            let warning = try #require(diagnostics.first { $0.code == "statistics.unknown-area" })
            #expect(warning.location?.line == 2)
            #expect(warning.message.contains("input/areas.csv"))
            #expect(warning.message.contains("`region` column"))
        }
        #expect(folder.dataset.area(code: "001") == nil)
        #expect(folder.dataset.value(area: "562", indicator: "population", year: 2020) == 9008)
    }

    @Test func aPlacedMunicipalityCarriesOverToLaterFiles() throws {
        let folder = try TemporaryFolder("areas")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("statistics"), withIntermediateDirectories: true)
        try Data("id,label_fi\npopulation,Väkiluku\n".utf8).write(to: folder.appendingPathComponent("indicators.csv"))
        try Data("area_code,area,region,indicator,year,value\n001,Kunta 001,MK01,population,2020,1\n".utf8)
            .write(to: folder.appendingPathComponent("statistics/a.csv"))
        // b.csv has no region column: 001 is known from a.csv. c.csv places it elsewhere: a warning.
        try Data("area_code,indicator,year,value\n001,population,2021,2\n".utf8).write(to: folder.appendingPathComponent("statistics/b.csv"))
        try Data("area_code,region,indicator,year,value\n001,MK02,population,2022,3\n".utf8).write(to: folder.appendingPathComponent("statistics/c.csv"))
        let read = InputFolderReader().read(directory: folder.path)
        #expect(read.dataset.value(area: "001", indicator: "population", year: 2021) == 2)
        #expect(read.dataset.area(code: "001")?.regionCode == "MK01")
        #expect(!read.diagnostics.contains { $0.code == "statistics.unknown-area" })
        let warning = try #require(read.diagnostics.first { $0.code == "statistics.region-mismatch" })
        #expect(warning.location?.file.hasSuffix("c.csv") == true)
        #expect(warning.message.contains("a.csv"))
    }

    @Test func pxWebRegionColumn() throws {
        // The bench's PX-Web file: `"Area";"Region";"Information";"2020"` with `001 Kunta 001`.
        let text =
            "\"Area\";\"Region\";\"Information\";\"2020\"\n\"001 Kunta 001\";\"Uusimaa\";\"Väkiluku\";5\n\"562 Orivesi\";\"Pirkanmaa\";\"Väkiluku\";9008\n"
        let result = StatisticsReader(indicators: population).read(document(text))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.areas.first { $0.code == "001" }?.regionCode == "MK01")
        #expect(result.areas.first { $0.code == "001" }?.nameFI == "Kunta 001")
        #expect(result.observations.count == 2)
    }

    @Test func streamingAgreesOnManyRowsAcrossRounds() throws {
        // Enough rows for several rounds of the two-thread path, with a conflict deep inside.
        var text = "area_code,area,region,indicator,year,value\n"
        let regions = ["MK01", "MK02", "MK04", "Kanta-Häme", "MK06", "Päijät-Häme", "MK08", "MK09", "MK10"]
        for code in 1...40 {
            for year in 1990...2021 {
                let region = code == 33 && year == 2015 ? "MK11" : regions[code % regions.count]
                text += String(format: "%03d,Kunta %03d,%@,population,%d,%d\n", code, code, region, year, code * year)
            }
        }
        let folder = try TemporaryFolder("areas")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("statistics"), withIntermediateDirectories: true)
        try Data("id,label_fi\npopulation,Väkiluku\n".utf8).write(to: folder.appendingPathComponent("indicators.csv"))
        let path = folder.appendingPathComponent("statistics/s.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let read = InputFolderReader().read(directory: folder.path)
        let general = StatisticsReader(indicators: population).read(CSVDocument(bytes: Array(text.utf8), file: path))
        #expect(Array(read.dataset.observations) == Array(general.observations))
        let reader = StatisticsReader(indicators: population)
        for roundBytes in [nil, 1, 57, 300, 4096] {
            var store = ObservationStore()
            let streamed = try #require(ChunkedStatisticsReader(reader: reader, roundBytes: roundBytes).read(path: path, into: &store))
            #expect(streamed.extractedFast)
            #expect(Array(store) == Array(general.observations), "round of \(String(describing: roundBytes)) bytes")
            #expect(streamed.result.diagnostics == general.diagnostics, "round of \(String(describing: roundBytes)) bytes")
            #expect(streamed.result.areas == general.areas)
        }
        // Area 033 is in MK10 on its first row and in MK11 on one row: that row is skipped.
        let line = 1 + 32 * 32 + (2015 - 1990) + 1
        #expect(located(read.diagnostics, "statistics.area-conflict").map(\.line) == [line])
        #expect(located(general.diagnostics, "statistics.area-conflict").map(\.line) == [line])
        #expect(read.dataset.areas.filter { $0.kind == .municipality }.count >= 40)
        #expect(read.dataset.observations.count == 40 * 32 - 1)
    }
}
