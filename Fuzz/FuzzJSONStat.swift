import Foundation
import VitalityModel

@testable import VitalityData

/// libFuzzer entry point for the JSON-stat reader: the input bytes are read as a `.json`
/// dataset (`JSONScanner`, then the cube resolved and its cells streamed through the statistics
/// sink). A crash, a sanitizer report, a diagnostic without a line and column, a duplicate
/// naming an earlier cell by its position, an observation outside 1900–2100, more observations than cells read, or observations from a
/// refused file is a finding. Built by `scripts/fuzz.sh jsonstat`.
private let indicators = [
    Indicator(id: "vakiluku", labelFI: "Väkiluku", aliases: ["M411", "Väestö 31.12."]),
    Indicator(id: "tyollisyysaste", labelFI: "Työllisyysaste %", kind: .rate),
]
private let reader = JSONStatReader(reader: StatisticsReader(indicators: indicators))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONStat(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var store = ObservationStore()
    let read = reader.read(UnsafeBufferPointer(start: data, count: size), file: "fuzz.json", into: &store)
    // Every diagnostic but the file's verdict names a line and column.
    let verdicts: Set<String> = ["statistics.no-rows", "statistics.all-rows-skipped", "statistics.only-missing"]
    for diagnostic in read.result.diagnostics where !verdicts.contains(diagnostic.code) {
        guard let location = diagnostic.location, location.line >= 1, location.column >= 1 else {
            fatalError("diagnostic without a line and column: \(diagnostic)")
        }
    }
    // A duplicate of a cell of the same file names that cell's line and column.
    for diagnostic in read.result.diagnostics where diagnostic.code == "statistics.duplicate-observation" {
        guard !diagnostic.message.contains("of `value` in fuzz.json") else { fatalError("an earlier cell not placed: \(diagnostic)") }
    }
    guard read.result.duplicatesOfCells.isEmpty else { fatalError("duplicates left to place: \(read.result.duplicatesOfCells)") }
    for observation in store where !(1900...2100).contains(observation.year) {
        fatalError("year out of range: \(observation)")
    }
    guard store.count <= read.result.rows else { fatalError("\(store.count) observations from \(read.result.rows) cells") }
    if !store.isEmpty, read.result.diagnostics.contains(where: { $0.code.hasPrefix("jsonstat.") }) {
        fatalError("observations from a refused file: \(read.result.diagnostics)")
    }
    return 0
}
