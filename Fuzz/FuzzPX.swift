import Foundation
import VitalityModel

@testable import VitalityData

/// libFuzzer entry point for the PC-Axis reader: the input bytes are read as a `.px` file
/// (code page, statements, table, DATA scanned as bytes, cells stored through the statistics
/// sink), from memory and from a file. A crash, a sanitizer report, a diagnostic without a
/// location, an observation outside 1900–2100, more observations than values, a read file
/// whose values are not as many as its cells, a translated label of an unknown indicator or an
/// empty one, or a difference between the two reads is a finding. Built by `scripts/fuzz.sh px`.
private let indicators = [
    Indicator(id: "vakiluku", labelFI: "Väkiluku", aliases: ["M411", "Väestö 31.12."]),
    Indicator(id: "tyollisyysaste", labelFI: "Työllisyysaste %", kind: .rate),
]
private let reader = PXReader(reader: StatisticsReader(indicators: indicators))
private let scratch = NSTemporaryDirectory() + "/vitality-fuzz-\(getpid()).px"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: data, count: size)
    var store = ObservationStore()
    let read = reader.read(buffer, file: "fuzz.px", into: &store)
    for diagnostic in read.result.diagnostics where diagnostic.location == nil {
        fatalError("diagnostic without a location: \(diagnostic)")
    }
    for observation in store where !(1900...2100).contains(observation.year) {
        fatalError("year out of range: \(observation)")
    }
    guard store.count <= read.result.rows else { fatalError("\(store.count) observations from \(read.result.rows) values") }
    if read.result.rows > 0, read.result.diagnostics.contains(where: { $0.code.hasPrefix("px.") && $0.severity == .error }) {
        fatalError("values read from a refused file: \(read.result.diagnostics)")
    }
    // Translated labels belong to known indicators, in Swedish or English, once per text;
    // filling them in changes nothing but those labels.
    let ids = Set(indicators.map(\.id))
    for label in read.result.translatedLabels
    where !ids.contains(label.indicator) || !["sv", "en"].contains(label.language) || label.text.isEmpty || label.location.line < 1 {
        fatalError("translated label out of place: \(label)")
    }
    var filled = indicators
    _ = fillTranslatedLabels(read.result.translatedLabels, into: &filled)
    guard filled.map(\.id) == indicators.map(\.id), filled.map(\.labelFI) == indicators.map(\.labelFI) else {
        fatalError("filling translated labels changed the indicators: \(filled)")
    }
    if FileManager.default.createFile(atPath: scratch, contents: Data(buffer)) {
        var again = ObservationStore()
        let file = reader.read(path: scratch, into: &again)
        func places(_ diagnostics: [Diagnostic]) -> [String] {
            diagnostics.map { "\($0.code) \($0.location?.line ?? -1):\($0.location?.column ?? -1)" }
        }
        guard Array(again).map(\.value) == Array(store).map(\.value), file.result.rows == read.result.rows,
            places(file.result.diagnostics) == places(read.result.diagnostics)
        else {
            fatalError("the file and the bytes read differently: \(file.result.diagnostics) vs \(read.result.diagnostics)")
        }
    }
    return 0
}
