import Foundation
import VitalityData
import VitalityModel

/// libFuzzer entry point for the measures sheet (`measures.csv`): the input bytes are decoded and
/// tokenized as a CSV file and read by `MeasuresReader`, twice. A crash, a sanitizer report, a
/// diagnostic without a location, a duplicate measure id or two readings that differ is a
/// finding. Built by `scripts/fuzz.sh measures`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMeasures(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let document = CSVDocument(bytes: bytes, file: "measures.csv")
    let sheet = MeasuresReader().read(document)
    for diagnostic in document.diagnostics + sheet.diagnostics where diagnostic.location == nil {
        fatalError("diagnostic without a location: \(diagnostic)")
    }
    let ids = sheet.measures.map(\.id)
    if Set(ids).count != ids.count { fatalError("duplicate measure ids: \(ids)") }
    let again = MeasuresReader().read(CSVDocument(bytes: bytes, file: "measures.csv"))
    guard again.measures == sheet.measures, again.diagnostics == sheet.diagnostics,
          again.decimalSeparator == sheet.decimalSeparator else {
        fatalError("reading twice differs: \(sheet) vs \(again)")
    }
    return 0
}
