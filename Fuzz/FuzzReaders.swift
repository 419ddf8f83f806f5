import Foundation
import VitalityModel

@testable import VitalityData

/// libFuzzer entry point for the CSV tokenizer, text decoding and every file reader: the input
/// bytes are read as a statistics file, a measures sheet and an indicator table. The statistics
/// file is read by the one path as a whole document (one slice, each layout's `extract`) and from
/// the file in slices as small as one record, where a UTF-8 long file goes to the long layout's
/// fast extraction on one and on two threads; all must store the same observations and rows and
/// report the same diagnostics. A crash, a sanitizer report, a diagnostic without a location or a
/// difference is a finding. Built by `scripts/fuzz.sh`.
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
    if FileManager.default.createFile(atPath: scratch, contents: Data(bytes)) {
        let document = CSVDocument(bytes: bytes, file: scratch)
        let general = reader.read(document)
        let expected = Set(document.diagnostics + general.diagnostics)
        for (sliceBytes, decodeAhead, roundBytes) in [(1, 1, nil), (64, 1 << 20, 1)] as [(Int, Int, Int?)] {
            var sliced = ObservationStore()
            if let file = ChunkedStatisticsReader(reader: reader, sliceBytes: sliceBytes, decodeAhead: decodeAhead, roundBytes: roundBytes)
                .read(path: scratch, into: &sliced)
            {
                let found = Set(file.textDiagnostics + file.result.diagnostics)
                guard Array(sliced) == Array(general.observations), file.result.rows == general.rows, found == expected else {
                    fatalError(
                        "slices of \(sliceBytes), rounds of \(String(describing: roundBytes)) (fast: \(file.extractedFast)) and the whole document differ: \(Array(sliced)) vs \(Array(general.observations)); \(found.subtracting(expected)) vs \(expected.subtracting(found))"
                    )
                }
            }
        }
    }
    return 0
}
