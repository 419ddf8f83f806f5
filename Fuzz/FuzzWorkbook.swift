import Foundation
import VitalityModel

@testable import VitalityData

/// libFuzzer entry point for Excel workbooks. The first byte picks what the rest is:
/// - 0: a whole `.xlsx` file (ZIP archive) read as statistics and as the measures sheet;
/// - 1: a sheet's XML read as statistics, behind a fixed workbook's strings and formats;
/// - 2: a shared strings part, then a styles part (split at the first NUL byte).
/// A crash, a sanitizer report, an error that is not a workbook error (`xlsx.…`), a diagnostic
/// without a location or two readings that differ is a finding. Built by `scripts/fuzz.sh xlsx`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWorkbook(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch data[0] % 3 {
    case 0: archive(bytes)
    case 1: sheet(bytes)
    default: parts(bytes)
    }
    return 0
}

private let indicators = [Indicator(id: "population", labelFI: "Väkiluku")]
/// Small limits, so that a ZIP bomb is found quickly without using the fuzzer's memory.
private let limits: Workbook.Limits = {
    var limits = Workbook.Limits()
    limits.partBytes = 4 << 20
    limits.totalBytes = 8 << 20
    limits.ratioFrom = 1 << 16
    return limits
}()

private func check(_ diagnostics: [Diagnostic]) {
    for diagnostic in diagnostics where diagnostic.location == nil {
        fatalError("diagnostic without a location: \(diagnostic)")
    }
}

/// The archive goes through a file, as in a build (ZIPFoundation's in-memory archive, which the
/// reader does not use, stops on a range check for some damaged archives). Written without
/// `fsync`, which takes seconds on a busy disk.
private let scratchFile = NSTemporaryDirectory() + "/vitality-fuzz-xlsx-\(getpid()).xlsx"

private func archive(_ bytes: [UInt8]) {
    guard let file = fopen(scratchFile, "wb") else { fatalError("cannot write \(scratchFile)") }
    guard fwrite(bytes, 1, bytes.count, file) == bytes.count, fclose(file) == 0 else { fatalError("cannot write \(scratchFile)") }
    // Read twice: in the reader's pieces and batches, then in tiny ones (parts inflated 7 bytes
    // at a time, one piece ahead; rows handed over one at a time), which must not matter; and
    // once more with every long-layout row read through slices (`SheetLongRows` off), which
    // must store the same rows with the same diagnostics.
    func once(tiny: Bool, direct: Bool = true) -> (StatisticsReadResult?, [Diagnostic], [Measure], [Observation]) {
        let inflating = tiny ? Workbook.Inflating(pieceBytes: 7, depth: 1) : Workbook.Inflating()
        guard var workbook = try? Workbook(path: scratchFile, limits: limits, inflating: inflating) else { return (nil, [], [], []) }
        var store = ObservationStore()
        var reader = WorkbookStatisticsReader(
            reader: StatisticsReader(indicators: indicators), sliceBytes: 512, rowBatchBytes: tiny ? 1 : 1 << 18, limits: limits)
        reader.directLongRows = direct
        let (result, read) = reader.read(&workbook, path: "f.xlsx", into: &store)
        check(read.diagnostics + (result?.diagnostics ?? []))
        var again = try? Workbook(path: scratchFile, limits: limits)
        var measures: [Measure] = []
        if var opened = again {
            let sheet = WorkbookMeasuresReader(limits: limits).read(&opened, path: "measures.xlsx")
            check(sheet.read.diagnostics)
            if let document = sheet.document {
                let found = MeasuresReader().read(document)
                check(document.diagnostics + found.diagnostics)
                measures = found.measures
            }
            again = opened
        }
        return (result, read.diagnostics, measures, Array(store))
    }
    let first = once(tiny: false)
    let second = once(tiny: true)
    // Damaged data may be found by the inflater before or after the scanner finds bad XML in the
    // bytes before it, depending on the pieces: then both reads must fail, whichever way.
    let damaged = { (read: (StatisticsReadResult?, [Diagnostic], [Measure], [Observation])) in
        read.1.contains { $0.code == "xlsx.corrupt" || $0.code == "xlsx.zip-bomb" }
    }
    if damaged(first) || damaged(second) {
        guard first.0 == nil, second.0 == nil, !first.1.isEmpty, !second.1.isEmpty, first.2 == second.2 else {
            fatalError("a damaged part read in other pieces does not fail alike")
        }
        return
    }
    guard first.1 == second.1, first.0?.diagnostics == second.0?.diagnostics, first.0?.rows == second.0?.rows,
        first.2 == second.2, first.3 == second.3
    else { fatalError("reading twice differs") }
    let general = once(tiny: false, direct: false)
    let sorted = { (result: StatisticsReadResult?) in (result?.diagnostics ?? []).map(\.description).sorted() }
    guard general.3 == first.3, sorted(general.0) == sorted(first.0), general.0?.rows == first.0?.rows, general.1 == first.1 else {
        fatalError(
            "long-layout rows read directly differ from those read through slices: \(first.3) against \(general.3); \(sorted(first.0)) against \(sorted(general.0))"
        )
    }
}

/// A fixed workbook whose first sheet the fuzzer's bytes replace.
private struct SheetSink: SheetRowSink {
    var grid = SheetGrid(file: "f.xlsx[Sheet1]", tableRules: true)
    var slices: [CSVDocument] = []

    mutating func add(_ rows: inout SheetRows) {
        rows.takeEach { row in
            for cell in row.cells where cell.range.upperBound > row.bytes.count || cell.column < 1 || cell.column > CellReference.maxColumn {
                fatalError("a cell outside its row: \(cell)")
            }
            grid.add(row)
            if grid.sliceReady(minimumRecords: 1) { slices.append(grid.takeSlice()) }
        }
    }
}

extension SheetRows {
    /// Each row lent as a view, as the workbook reader's reading thread takes them, leaving none
    /// (the harness's sinks take every row as it ends).
    fileprivate mutating func takeEach(_ body: (SheetRowView) -> Void) {
        forEachView(body)
        self = SheetRows(strings: strings)
    }
}

/// The cells of each row as text, shared strings copied into the rows or not.
private struct TextRows: SheetRowSink {
    let takesSharedCells: Bool
    var rows: [[String]] = []

    mutating func add(_ rows: inout SheetRows) {
        rows.takeEach { row in self.rows.append(row.cells.map { "\(row.number):\($0.column):\($0.isText):\(row.text($0))" }) }
    }
}

private let sheetFormats: [Workbook.NumberFormat] = [.general, .percent, .date(time: false), .date(time: true)]

/// The sheet read in one piece with shared-string cells as ranges (so that most cells take
/// `SheetPart.element`), and in pieces of 7 bytes with their texts copied: the same rows and
/// diagnostics when both reads succeed (a token longer than the limit may fail only in pieces).
private func sheetBothWays(_ bytes: [UInt8], strings: SharedStrings) {
    func read(shared: Bool, piece: Int) -> (rows: [[String]], diagnostics: [String])? {
        var scanner = XMLScanner(
            handler: SheetPart(sink: TextRows(takesSharedCells: shared), file: "f", strings: strings, formats: sheetFormats, date1904: false))
        scanner.tokenLimit = 1 << 16
        do {
            try bytes.withUnsafeBytes { raw in
                var start = 0
                while start < raw.count {
                    let end = Swift.min(raw.count, start + piece)
                    try scanner.feed(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                    start = end
                }
            }
            try scanner.finish()
        } catch {
            return nil
        }
        return (scanner.handler.sink.rows, scanner.handler.diagnostics.map { "\($0.code) \($0.location?.description ?? "") \($0.message)" })
    }
    guard let whole = read(shared: true, piece: Swift.max(1, bytes.count)), let pieces = read(shared: false, piece: 7) else { return }
    guard whole.rows == pieces.rows, whole.diagnostics == pieces.diagnostics else {
        fatalError("a sheet read in one piece with shared cells differs from one read in pieces: \(whole) against \(pieces)")
    }
    // Pieces of just over the 4 KB with which the scanner completes a token cut by the piece before.
    guard let large = read(shared: true, piece: 4099), large.rows == whole.rows, large.diagnostics == whole.diagnostics else {
        fatalError("a sheet read in pieces of 4 099 bytes differs from one read in one piece")
    }
}

/// Rows straight into a statistics sink, as the workbook reader's reading thread takes them.
private struct ReadingSink: SheetRowSink {
    var sink: StatisticsSink
    var takesSharedCells: Bool { true }

    mutating func add(_ rows: inout SheetRows) {
        rows.takeEach { sink.add($0) }
    }
}

/// The sheet read as statistics with a first slice of three records, its long-layout rows
/// directly (`SheetLongRows`) and all through slices: the same rows and diagnostics.
private func directAndGeneral(_ bytes: [UInt8], strings: SharedStrings) {
    func read(direct: Bool) -> (rows: [Observation], result: StatisticsReadResult, directRows: Int)? {
        var grid = SheetGrid(file: "f.xlsx[Sheet1]", tableRules: true)
        grid.sliceBytes = 1
        let sink = StatisticsSink(
            reader: StatisticsReader(indicators: indicators), grid: grid, store: ObservationStore(), directLongRows: direct,
            firstSliceRecords: 3)
        var scanner = XMLScanner(
            handler: SheetPart(sink: ReadingSink(sink: sink), file: "f.xlsx[Sheet1]", strings: strings, formats: sheetFormats, date1904: false))
        scanner.tokenLimit = 1 << 16
        do {
            try bytes.withUnsafeBytes { raw in try scanner.feed(raw) }
            try scanner.finish()
        } catch {
            return nil
        }
        var part = scanner.handler
        var rows = part.takeRows()
        part.sink.add(&rows)
        var reading = part.sink.sink
        let result = reading.finish()
        return (Array(reading.store), result, reading.directRows)
    }
    guard let direct = read(direct: true), let general = read(direct: false) else { return }
    let sorted = { (result: StatisticsReadResult) in result.diagnostics.map(\.description).sorted() }
    guard direct.rows == general.rows, sorted(direct.result) == sorted(general.result), direct.result.rows == general.result.rows,
        general.directRows == 0
    else {
        fatalError(
            "long-layout rows read directly (\(direct.directRows)) differ from those read through slices: \(direct.rows) against \(general.rows); \(sorted(direct.result)) against \(sorted(general.result))"
        )
    }
}

private func sheet(_ bytes: [UInt8]) {
    var strings = SharedStrings()
    for text in ["alue", "tiedot", "vuosi", "arvo", "Orivesi", "Väkiluku", "KU562", "  ", "Pirkanmaa", "alue_koodi", "maakunta"] {
        strings.bytes += Array(text.utf8)
        strings.ends.append(strings.bytes.count)
    }
    sheetBothWays(bytes, strings: strings)
    directAndGeneral(bytes, strings: strings)
    var part = SheetPart(
        sink: SheetSink(), file: "f.xlsx[Sheet1]", strings: strings, formats: sheetFormats, date1904: false)
    var scanner = XMLScanner(handler: part)
    scanner.tokenLimit = 1 << 16
    do {
        try bytes.withUnsafeBytes { raw in
            var start = 0
            while start < raw.count {
                let end = Swift.min(raw.count, start + 7)
                try scanner.feed(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                start = end
            }
        }
        try scanner.finish()
    } catch let error as WorkbookError {
        guard error.code.hasPrefix("xlsx.") else { fatalError("unexpected error \(error)") }
        return
    } catch {
        fatalError("unexpected error \(error)")
    }
    part = scanner.handler
    check(part.diagnostics)
    // The slices, read as statistics, are a CSV path's input: no crash, every diagnostic placed.
    var sink = part.sink
    sink.slices.append(sink.grid.takeSlice())
    var store = ObservationStore()
    for slice in sink.slices where !slice.table.records.isEmpty {
        let result = StatisticsReader(indicators: indicators).read(slice, into: &store)
        check(result.diagnostics)
    }
}

private func parts(_ bytes: [UInt8]) {
    let split = bytes.firstIndex(of: 0) ?? bytes.count
    func scan<Handler: XMLEventHandler>(_ part: ArraySlice<UInt8>, _ handler: Handler) -> Handler? {
        var scanner = XMLScanner(handler: handler)
        do {
            try Array(part).withUnsafeBytes { try scanner.feed($0) }
            try scanner.finish()
        } catch let error as WorkbookError {
            guard error.code.hasPrefix("xlsx.") else { fatalError("unexpected error \(error)") }
            return nil
        } catch {
            fatalError("unexpected error \(error)")
        }
        return scanner.handler
    }
    if let shared = scan(bytes[..<split], SharedStringsPart()) {
        for index in 0..<shared.strings.count where shared.strings.range(index) == nil { fatalError("string \(index) has no range") }
    }
    if split < bytes.count, let styles = scan(bytes[(split + 1)...], StylesPart()) {
        _ = styles.formats()
    }
}
