import Foundation
@testable import VitalityData
import VitalityModel

/// libFuzzer entry point for the CSV tokenizer, text decoding and every file reader: the input
/// bytes are read as a statistics file, a measures sheet and an indicator table, and through the
/// streaming long-layout reader and the slice-by-slice reader, whose observations must equal the
/// general path's. A crash, a
/// sanitizer report, a diagnostic without a location or a difference is a finding. Built by `scripts/fuzz.sh`.
private let indicators = [
    Indicator(id: "vakiluku", labelFI: "Väkiluku", aliases: ["M411", "Väestö"]),
    Indicator(id: "tyollisyysaste", labelFI: "Työllisyysaste %", kind: .rate),
]
private let reader = StatisticsReader(indicators: indicators)
private let scratch = NSTemporaryDirectory() + "/vitality-fuzz-\(getpid()).csv"

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
    // The streaming long-layout reader must store what the general path stores.
    if FileManager.default.createFile(atPath: scratch, contents: Data(bytes)) {
        var store = ObservationStore()
        if let streamed = StreamingLongReader(reader: reader).read(path: scratch, into: &store) {
            let general = reader.read(CSVDocument(bytes: bytes, file: scratch))
            guard Array(store) == Array(general.observations), streamed.result.rows == general.rows else {
                fatalError("streaming and general readers differ: \(Array(store)) vs \(Array(general.observations))")
            }
        }
        // So must the slice-by-slice reader, with slices as small as one record.
        let general = reader.read(CSVDocument(bytes: bytes, file: scratch))
        for (sliceBytes, decodeAhead) in [(1, 1), (64, 1 << 20)] {
            var sliced = ObservationStore()
            if let chunked = ChunkedStatisticsReader(reader: reader, sliceBytes: sliceBytes, decodeAhead: decodeAhead)
                .read(path: scratch, into: &sliced) {
                guard Array(sliced) == Array(general.observations), chunked.result.rows == general.rows,
                      Set(chunked.result.diagnostics) == Set(general.diagnostics) else {
                    fatalError("chunked (\(sliceBytes)) and general readers differ: \(Array(sliced)) vs \(Array(general.observations)); \(chunked.result.diagnostics) vs \(general.diagnostics)")
                }
            }
        }
    }
    return 0
}
