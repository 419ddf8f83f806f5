import VitalityData
import VitalityModel

/// libFuzzer entry point for the CSV tokenizer, text decoding and every file reader: the input
/// bytes are read as a statistics file, a measures sheet and an indicator table. A crash, a
/// sanitizer report or a diagnostic without a location is a finding. Built by `scripts/fuzz.sh`.
private let indicators = [
    Indicator(id: "vakiluku", labelFI: "Väkiluku", aliases: ["M411", "Väestö"]),
    Indicator(id: "tyollisyysaste", labelFI: "Työllisyysaste %", kind: .rate),
]
private let reader = StatisticsReader(indicators: indicators)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReaders(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let document = CSVDocument(bytes: bytes, file: "fuzz.csv")
    let statistics = reader.read(document)
    let measures = MeasuresReader().read(document)
    let table = IndicatorTableReader().read(document)
    for diagnostic in document.diagnostics + statistics.diagnostics + measures.diagnostics + table.diagnostics
    where diagnostic.location == nil {
        fatalError("diagnostic without a location: \(diagnostic)")
    }
    for observation in statistics.observations where !(1900...2100).contains(observation.year) {
        fatalError("year out of range: \(observation)")
    }
    return 0
}
