import Foundation
import VitalityData
import VitalityModel

/// libFuzzer entry point for `indicators.csv`: the input bytes are decoded and tokenized as a CSV
/// file and read by `IndicatorTableReader`, twice. A crash, a sanitizer report, a diagnostic
/// without a location, an indicator without an id, a duplicate id or two readings that differ is
/// a finding. Built by `scripts/fuzz.sh indicators`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIndicators(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let document = CSVDocument(bytes: bytes, file: "indicators.csv")
    let table = IndicatorTableReader().read(document)
    for diagnostic in document.diagnostics + table.diagnostics where diagnostic.location == nil {
        fatalError("diagnostic without a location: \(diagnostic)")
    }
    let ids = table.indicators.map(\.id)
    if ids.contains(where: \.isEmpty) { fatalError("indicator without an id: \(table.indicators)") }
    if Set(ids).count != ids.count { fatalError("duplicate indicator ids: \(ids)") }
    let again = IndicatorTableReader().read(CSVDocument(bytes: bytes, file: "indicators.csv"))
    guard again.indicators == table.indicators, again.diagnostics == table.diagnostics else {
        fatalError("reading twice differs: \(table) vs \(again)")
    }
    // The matcher built from the table must recognise every id (another indicator's label may
    // claim it first: ids and labels share one case-insensitive namespace).
    let matcher = IndicatorMatcher(indicators: table.indicators)
    for indicator in table.indicators where matcher.match(indicator.id) == nil {
        fatalError("matcher does not recognise the id `\(indicator.id)`")
    }
    return 0
}
