import Foundation
import VitalityData
import VitalityModel

/// Absolute path of a file under Tests/VitalityDataTests/Fixtures.
func fixturePath(_ relative: String, file: StaticString = #filePath) -> String {
    URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Fixtures/\(relative)").path
}

func fixtureDocument(_ relative: String) -> CSVDocument {
    let data = FileManager.default.contents(atPath: fixturePath(relative)) ?? Data()
    return CSVDocument(bytes: [UInt8](data), file: relative)
}

func document(_ text: String, file: String = "test.csv") -> CSVDocument {
    CSVDocument(bytes: Array(text.utf8), file: file)
}

let fixtureIndicators: [Indicator] = IndicatorTableReader().read(fixtureDocument("input/indicators.csv")).indicators
