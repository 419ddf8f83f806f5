import Foundation
import Testing
import VitalityTestSupport
import VitalityData
import VitalityModel

/// A statistics file with rows for municipalities only still gives the dataset their region,
/// named from the area catalogue, so a report names "Pirkanmaa", not "MK06".
@Suite struct RegionNameTests {
    @Test func aRegionWithoutRowsIsNamedFromTheCatalogue() throws {
        let folder = try TemporaryFolder("region")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("statistics"), withIntermediateDirectories: true)
        for name in ["indicators.csv", "measures.csv"] {
            let sample = URL(fileURLWithPath: fixturePath("../../../input/\(name)"))
            try FileManager.default.copyItem(at: sample, to: folder.appendingPathComponent(name))
        }
        try Data("area_code,area,indicator,year,value\nKU562,Orivesi,Väkiluku,2020,9100\nKU562,Orivesi,Väkiluku,2021,9000\n".utf8)
            .write(to: folder.appendingPathComponent("statistics/population.csv"))

        let result = InputFolderReader().read(directory: folder.path)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let region = try #require(result.dataset.area(code: "MK06"))
        #expect(region.nameFI == "Pirkanmaa")
        #expect(region.kind == .region)
        #expect(result.dataset.area(code: "MK01") == nil)
        #expect(result.dataset.municipalities(region: "MK06").count == 23)
    }
}
