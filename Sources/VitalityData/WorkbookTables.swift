import Foundation
import VitalityModel

/// Which sheet of a workbook a file name asks for: `tilasto[Taulukko2].xlsx` names the sheet
/// `Taulukko2`; any other name means the first sheet.
enum WorkbookName {
    static let extensions: Set<String> = ["xlsx", "xlsm"]

    /// The sheet named in brackets at the end of the file name's stem, if any.
    static func sheet(inFileName name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), dot > name.startIndex else { return nil }
        let stem = name[..<dot]
        guard stem.hasSuffix("]"), let open = stem.lastIndex(of: "[") else { return nil }
        let sheet = stem[stem.index(after: open)..<stem.index(before: stem.endIndex)]
        return sheet.isEmpty ? nil : String(sheet)
    }

    /// The name diagnostics give a sheet's cells: `tilasto.xlsx[Taulukko1]` (a cell prints as
    /// `tilasto.xlsx[Taulukko1]!C12`, `SourceLocation`).
    static func display(path: String, sheet: String) -> String {
        let requested = Self.sheet(inFileName: path.split(separator: "/").last.map(String.init) ?? path)
        return requested == sheet ? path : "\(path)[\(sheet)]"
    }

    /// The sheet to read: the one the file name names, else the first.
    static func choose(_ sheets: [Workbook.Sheet], fileName: String) throws(WorkbookError) -> Workbook.Sheet {
        let names = quotedList(sheets.map(\.name))
        if let wanted = sheet(inFileName: fileName) {
            guard let found = sheets.first(where: { $0.name == wanted }) ?? sheets.first(where: { $0.name.lowercased() == wanted.lowercased() }) else {
                throw WorkbookError(
                    code: "xlsx.no-such-sheet",
                    message:
                        "the file name asks for the sheet `\(wanted)`, but the workbook's sheets are \(sheets.isEmpty ? "none" : names). Rename the file after one of them (`name[Sheet].xlsx`), or drop the brackets to read the first sheet"
                )
            }
            return found
        }
        guard let first = sheets.first else {
            throw WorkbookError(code: "xlsx.no-sheets", message: "the workbook has no worksheet (only chart sheets, or none)")
        }
        return first
    }
}

/// Rows of a sheet turned into the records the CSV readers take (`CSVDocument` slices whose
/// lines are the sheet's rows and whose field columns are its columns), so that layout
/// detection, number reading and every diagnostic are those of a CSV file. Text cells are
/// "quoted" fields, numbers plain ones; the table's delimiter is `,`, so numbers read with a
/// decimal point. For a statistics sheet (`tableRules`), as a PX-Web "Excel (xlsx)" export lays
/// its table out:
/// - rows above the header with a single non-empty cell are its title (their texts joined, read
///   like the title line of a PX-Web CSV file);
/// - the header is the first row with two or more cells; the stub columns are the text columns
///   from A up to the first column whose first data cell is a number or whose name is a year;
/// - an empty stub cell in a row with data takes the text above it (PX-Web leaves an area name
///   only on its first row, and a cell merged down a stub column is empty below its first row);
/// - after an empty row, rows with a single non-empty text cell are footnotes, not data.
/// Every record written holds a field that is not blank as the CSV readers see it (not only
/// spaces and tabs), so a slice's records need no filtering. With `handsOutData`, rows of the
/// table (their stub cells filled) are handed back to the caller instead of written, which
/// reads them itself or writes them with `appendData`.
struct SheetGrid {
    let file: String
    let tableRules: Bool
    /// Records are cut into a slice when it holds this many bytes (fields counted at 16).
    var sliceBytes = 1 << 18
    private(set) var slices: [CSVDocument] = []
    private(set) var footnotes: [Int] = []
    private(set) var headerRow: Int?
    private(set) var titleRows: [Int] = []
    private(set) var stubColumns = 0
    private(set) var lastDataRow = 0
    /// Data rows are handed back by `add` rather than written.
    var handsOutData = false

    private enum State { case beforeHeader, header, table, gap, footnotes }
    private var state = State.beforeHeader
    private var title: [String] = []
    private var headerNames: [Int: String] = [:]
    private var above: [[UInt8]] = []
    /// The shared string `above` holds per stub column, when it came from one: a cell of the
    /// same string needs no comparing (sorted tables repeat a label row after row).
    private var aboveShared: [Range<Int>?] = []
    private var bytes = AppendBuffer<UInt8>()
    private var fields = AppendBuffer<CSVField>()
    private var records: [CSVRecord] = []
    /// Empty fields are written for columns up to this one only: the header's last column once
    /// the header is read (a cell beyond it is an error at its own column whatever its place),
    /// so a lone cell far to the right on every row cannot cost 16 384 fields a row.
    private var fillLimit = CellReference.maxColumn
    private var headerSeen = false
    private var previousRow = 0

    init(file: String, tableRules: Bool) {
        self.file = file
        self.tableRules = tableRules
    }

    /// What `add` did with a row.
    enum Added {
        /// Written, or not a data row.
        case kept
        /// With `handsOutData`: a data row, as it came.
        case handedOut
        /// With `handsOutData`: a data row whose blank stub cells were filled from the shared
        /// strings above: these are its cells (ranges in the same buffers).
        case handedOutWithCells([SheetRow.Cell])
        /// With `handsOutData`: a data row whose blank stub cells were filled, with bytes of its own.
        case handedOutFilled(SheetRow)
    }

    /// Takes the sheet's next row; with `handsOutData`, a data row is handed back instead of written.
    @discardableResult
    mutating func add(_ row: SheetRow) -> Added {
        row.withView { add($0) }
    }

    /// `add` for a lent row.
    @discardableResult
    mutating func add(_ row: SheetRowView) -> Added {
        // Most rows of a sorted table: the next row, each stub cell the same shared string as
        // above. Such a row is not blank and fills nothing, so `addData` would only take it.
        if state == .table, row.number == previousRow + 1, stubsRepeat(row) {
            previousRow = row.number
            lastDataRow = row.number
            return data(row)
        }
        // A row the sheet leaves out is an empty row.
        if state == .table, row.number > previousRow + 1 { state = .gap }
        previousRow = row.number
        let blank = row.cells.allSatisfy { row.isBlank($0) }
        guard tableRules else {
            if !blank { append(row, line: row.number) }
            return .kept
        }
        if state == .table {
            if blank {
                state = .gap
                return .kept
            }
            return addData(row)
        }
        let present = row.nonBlank
        switch state {
        case .beforeHeader:
            if present.count == 1, let only = present.first {
                title.append(row.text(only).trimmedCSV)
                titleRows.append(row.number)
            } else if present.count > 1 {
                if !title.isEmpty {
                    appendTitle(line: titleRows[0])
                }
                headerRow = row.number
                for cell in present { headerNames[cell.column] = row.text(cell).trimmedCSV }
                append(row, line: row.number)
                state = .header
            }
        case .header:
            guard !present.isEmpty else { return .kept }
            // The first data row decides the stub columns.
            var column = 1
            while let cell = row.cells.first(where: { $0.column == column }), cell.isText, !row.isBlank(cell),
                let name = headerNames[column], !name.isEmpty, parseYear(name) == nil
            {
                column += 1
            }
            stubColumns = column - 1
            above = Array(repeating: [], count: stubColumns)
            aboveShared = Array(repeating: nil, count: stubColumns)
            state = .table
            return addData(row)
        case .table: break
        case .gap, .footnotes:
            if present.isEmpty { return .kept }
            if present.count == 1, let only = present.first, only.isText {
                footnotes.append(row.number)
                state = .footnotes
            } else {
                state = .table
                return addData(row)
            }
        }
        return .kept
    }

    /// True when the row's first cells are the stub's columns, each the shared string above it.
    private func stubsRepeat(_ row: SheetRowView) -> Bool {
        guard stubColumns > 0, row.cells.count >= stubColumns else { return false }
        for index in 0..<stubColumns {
            let cell = row.cells[index]
            guard cell.column == index + 1, cell.isShared, aboveShared[index] == cell.range else { return false }
        }
        return true
    }

    /// Writes a data row that `add` handed back.
    mutating func appendData(_ row: SheetRowView) {
        append(row, line: row.number)
    }

    private mutating func addData(_ row: SheetRowView) -> Added {
        lastDataRow = row.number
        let cells = row.cells
        guard stubColumns > 0, cells.contains(where: { $0.column > stubColumns && !row.isBlank($0) }) else {
            return data(row)
        }
        var blankStub = false
        // A row's cells are in column order, each column once (`SheetPart`).
        var index = 0
        for column in 1...stubColumns {
            while index < cells.count, cells[index].column < column { index += 1 }
            if index < cells.count, cells[index].column == column, !row.isBlank(cells[index]) {
                let cell = cells[index]
                if cell.isShared, aboveShared[column - 1] == cell.range { continue }
                let source = row.source(cell)
                if !Self.same(source, cell.range, above[column - 1]) {
                    above[column - 1] = Array(source[cell.range])
                }
                aboveShared[column - 1] = cell.isShared ? cell.range : nil
            } else {
                blankStub = true
            }
        }
        guard blankStub else { return data(row) }
        if handsOutData, let filled = filledWithShared(row) { return .handedOutWithCells(filled) }
        // A row of its own bytes: the row's may be those of a whole batch of rows.
        var filled = SheetRow()
        filled.number = row.number
        for cell in cells {
            let start = filled.bytes.count
            filled.bytes.append(contentsOf: row.source(cell)[cell.range])
            filled.cells.append(SheetRow.Cell(column: cell.column, range: start..<filled.bytes.count, isText: cell.isText))
        }
        for column in 1...stubColumns {
            if let index = filled.cells.firstIndex(where: { $0.column == column }), !filled.isBlank(filled.cells[index]) {
                continue
            } else if !above[column - 1].isEmpty {
                let start = filled.bytes.count
                filled.bytes += above[column - 1]
                let cell = SheetRow.Cell(column: column, range: start..<filled.bytes.count, isText: true)
                if let index = filled.cells.firstIndex(where: { $0.column == column }) {
                    filled.cells[index] = cell
                } else {
                    filled.cells.insert(cell, at: filled.cells.firstIndex(where: { $0.column > column }) ?? filled.cells.endIndex)
                }
            }
        }
        if handsOutData { return .handedOutFilled(filled) }
        filled.withView { append($0, line: row.number) }
        return .kept
    }

    /// True when `source[range]` holds the bytes of `other`.
    private static func same(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ other: [UInt8]) -> Bool {
        guard range.count == other.count else { return false }
        return other.withUnsafeBufferPointer { other in
            guard let a = other.baseAddress, let b = source.baseAddress else { return true }
            return memcmp(a, b + range.lowerBound, other.count) == 0
        }
    }

    /// The row handed back, or written.
    private mutating func data(_ row: SheetRowView) -> Added {
        if handsOutData { return .handedOut }
        append(row, line: row.number)
        return .kept
    }

    /// The row's cells with its blank stub cells filled as `addData` fills them, each from the
    /// shared string above it (nothing copied); nil when a text above is not a shared string.
    private func filledWithShared(_ row: SheetRowView) -> [SheetRow.Cell]? {
        var filled = Array(row.cells)
        for column in 1...stubColumns {
            let index = filled.firstIndex(where: { $0.column >= column }) ?? filled.endIndex
            let present = index < filled.endIndex && filled[index].column == column
            if present, !row.isBlank(filled[index]) { continue }
            guard !above[column - 1].isEmpty else { continue }
            guard let range = aboveShared[column - 1] else { return nil }
            let cell = SheetRow.Cell(column: column, range: range, isText: true, isShared: true)
            if present {
                filled[index] = cell
            } else {
                filled.insert(cell, at: index)
            }
        }
        return filled
    }

    private mutating func appendTitle(line: Int) {
        let text = title.joined(separator: " ")
        // A title of no-break spaces alone (trimmed away) is a blank record: none.
        guard text.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        fields.append(CSVField(start: start, end: bytes.count, column: 1, quoted: true, hasDoubledQuotes: false))
        records.append(CSVRecord(line: line, fieldRange: (fields.count - 1)..<fields.count))
    }

    private mutating func append(_ row: SheetRowView, line: Int) {
        let first = fields.count
        var column = 0
        for cell in row.cells {
            if cell.column <= fillLimit {
                while column + 1 < cell.column {
                    column += 1
                    fields.append(CSVField(start: bytes.count, end: bytes.count, column: column, quoted: false, hasDoubledQuotes: false))
                }
            }
            let start = bytes.count
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: row.source(cell)[cell.range]))
            fields.append(CSVField(start: start, end: bytes.count, column: cell.column, quoted: cell.isText, hasDoubledQuotes: false))
            column = cell.column
        }
        // The first row of several cells is the header (of a statistics table, of a measures sheet).
        if !headerSeen, row.cells.count > 1 {
            headerSeen = true
            fillLimit = Swift.max(column, 1)
        }
        records.append(CSVRecord(line: line, fieldRange: first..<fields.count))
    }

    /// True when the records gathered make a slice (at least `minimumRecords` of them).
    func sliceReady(minimumRecords: Int) -> Bool {
        bytes.count + fields.count * 16 >= sliceBytes && records.count >= minimumRecords
    }

    var hasRecords: Bool { !records.isEmpty }

    /// The records gathered since the last slice, as a document of their own.
    mutating func takeSlice() -> CSVDocument {
        let table = CSVTable(bytes: bytes.array, delimiter: UInt8(ascii: ","), records: records, fields: fields.array)
        bytes.truncate(to: 0)
        fields.truncate(to: 0)
        records.removeAll(keepingCapacity: true)
        return CSVDocument(file: file, encoding: .utf8, table: table, diagnostics: [])
    }
}

/// What a workbook's sheet yielded as statistics or measures, for `InputFolderReader`.
struct WorkbookRead {
    var sheet: String
    var diagnostics: [Diagnostic]
    /// Data rows read without slices (`SheetLongRows`; tests check which sheets take that way).
    var directRows = 0
}

/// Reads the statistics of one workbook sheet into a store through the statistics path of CSV
/// files (`StatisticsHead`, `StatisticsSession`): the sheet's rows are made into record slices
/// (`SheetGrid`) as the sheet is inflated and scanned, and each slice is read before the next.
/// Three threads share the work: one inflates the sheet (`Workbook.stream`), this one scans its
/// XML into rows, and one makes the rows into slices and reads them (`RowPipeline`), each a few
/// pieces ahead of the next at most, so the sheet is never in memory whole. The data rows of a
/// long-layout table go to the session without slices where they can (`SheetLongRows`).
struct WorkbookStatisticsReader {
    var reader: StatisticsReader
    var sliceBytes = 1 << 18
    /// Bytes of the rows handed from the scanning thread to the reading one at a time.
    var rowBatchBytes = 1 << 18
    /// Long-layout rows read without slices (`SheetLongRows`); tests turn it off to compare.
    var directLongRows = true
    var limits = Workbook.Limits()

    /// The file's result and the sheet read; nil result when the workbook cannot be read at all
    /// (its diagnostics say why).
    func read(path: String, into store: inout ObservationStore) -> (result: StatisticsReadResult?, read: WorkbookRead) {
        do {
            var workbook = try Workbook(path: path, limits: limits)
            return read(&workbook, path: path, into: &store)
        } catch {
            return (nil, WorkbookRead(sheet: "", diagnostics: [Self.diagnostic(error, file: path)]))
        }
    }

    /// Reads an open workbook whose file is `path`.
    func read(_ workbook: inout Workbook, path: String, into store: inout ObservationStore) -> (result: StatisticsReadResult?, read: WorkbookRead) {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let before = store.count
        let sheet: Workbook.Sheet
        do {
            sheet = try WorkbookName.choose(workbook.sheets, fileName: fileName)
        } catch {
            return (nil, WorkbookRead(sheet: "", diagnostics: [Self.diagnostic(error, file: path)]))
        }
        let file = WorkbookName.display(path: path, sheet: sheet.name)
        var grid = SheetGrid(file: file, tableRules: true)
        grid.sliceBytes = sliceBytes
        // The store moves into the sink while the sheet is read (so it is never copied) and back.
        let sink = StatisticsSink(reader: reader, grid: grid, store: store, directLongRows: directLongRows)
        store = ObservationStore()
        // This thread scans the sheet into rows; another reads them into the store.
        let rows = RowPipeline(sink: sink, batchBytes: rowBatchBytes)
        Thread { rows.run() }.start()
        defer { rows.close() }
        var part = SheetPart(sink: RowHandoff(pipeline: rows, strings: workbook.strings), file: file, workbook: workbook)
        do {
            try workbook.parse(sheet.part, into: &part)
        } catch {
            if let sink = rows.close() {
                store = sink.store
                store.truncate(to: before)
            }
            return (nil, WorkbookRead(sheet: sheet.name, diagnostics: [Self.diagnostic(error, file: file)]))
        }
        guard var sink = RowHandoff.finish(&part) else {
            return (
                nil,
                WorkbookRead(
                    sheet: sheet.name, diagnostics: [Self.diagnostic(WorkbookError(code: "xlsx.internal", message: "the rows were not read"), file: file)])
            )
        }
        var result = sink.finish()
        store = sink.store
        result.diagnostics = part.diagnostics + Self.tableDiagnostics(sink.grid, merges: part.merges, file: file) + result.diagnostics
        return (result, WorkbookRead(sheet: sheet.name, diagnostics: [], directRows: sink.directRows))
    }

    static func diagnostic(_ error: WorkbookError, file: String) -> Diagnostic {
        Diagnostic(.error, code: error.code, "\(file) cannot be read: \(error.message).", at: SourceLocation(file: file))
    }

    /// A note on the footnote rows left out, and an error for each merged range that is not in
    /// the title rows, not down one stub column and not among the footnotes: a merged data cell
    /// would read as empty cells beside its value.
    static func tableDiagnostics(_ grid: SheetGrid, merges: [(columns: ClosedRange<Int>, rows: ClosedRange<Int>)], file: String) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for merge in merges {
            let inTitle = grid.headerRow.map { merge.rows.upperBound < $0 } ?? true
            let downStub =
                merge.columns.count == 1 && merge.columns.lowerBound <= grid.stubColumns
                && (grid.headerRow.map { merge.rows.lowerBound > $0 } ?? false)
            let belowTable = merge.rows.lowerBound > grid.lastDataRow && grid.lastDataRow > 0
            guard !inTitle, !downStub, !belowTable else { continue }
            let name =
                "\(CellReference.columnName(merge.columns.lowerBound))\(merge.rows.lowerBound):\(CellReference.columnName(merge.columns.upperBound))\(merge.rows.upperBound)"
            found.append(
                Diagnostic(
                    .error, code: "xlsx.merged-cells",
                    "Cells \(name) are merged, so all but the first read as empty. Vitality reads merged cells only in the title rows above the table and down a label column (area, indicator). Unmerge them and fill in each cell.",
                    at: SourceLocation(file: file, line: merge.rows.lowerBound, column: merge.columns.lowerBound)))
        }
        if let first = grid.footnotes.first, let last = grid.footnotes.last {
            found.append(
                Diagnostic(
                    .note, code: "xlsx.footnotes",
                    "\(grid.footnotes.count) row(s) below the table (rows \(first)–\(last)), each a single text after an empty row, were read as footnotes, not data.",
                    at: SourceLocation(file: file, line: first, column: 1)))
        }
        return found
    }
}

/// Rows of a sheet in one buffer, as `SheetPart` reads them and the scanning thread hands them
/// to the reading one. Its buffers are references: a new `SheetRows` takes over from one handed on.
struct SheetRows {
    var bytes: AppendBuffer<UInt8>
    /// The workbook's shared strings, in which the ranges of `isShared` cells are.
    var strings: [UInt8]
    /// The cells of all rows, their ranges in `bytes`.
    var cells: AppendBuffer<SheetRow.Cell>
    /// Each row's number and the end of its cells in `cells`.
    var rows: [(number: Int, cellsEnd: Int)] = []

    /// Empty rows with room for `bytes` bytes and `cells` cells.
    init(strings: [UInt8] = [], bytes: Int = 0, cells: Int = 0) {
        self.strings = strings
        self.bytes = AppendBuffer(capacity: bytes)
        self.cells = AppendBuffer(capacity: cells)
    }

    /// Each row in order, lent as a view of the batch's buffers (nothing copied or counted).
    func forEachView(_ body: (SheetRowView) -> Void) {
        strings.withUnsafeBufferPointer { strings in
            bytes.withElements { bytes in
                cells.withElements { cells in
                    var cellsStart = 0
                    for (number, cellsEnd) in rows {
                        body(SheetRowView(number: number, cells: UnsafeBufferPointer(rebasing: cells[cellsStart..<cellsEnd]), strings: strings, bytes: bytes))
                        cellsStart = cellsEnd
                    }
                }
            }
        }
    }
}

/// Batches of rows from the scanning thread (`RowHandoff`) to a thread that reads them into a
/// statistics sink (`run`), at most `depth` batches ahead; `finish` waits for the last one.
private final class RowPipeline: @unchecked Sendable {
    static let depth = 4
    let batchBytes: Int
    private let condition = NSCondition()
    // Guarded by `condition`; the reading thread holds the sink (taken out of `sink`, so that
    // its rows are not read through a class property, with an exclusivity check each) until
    // `running` is false.
    private var sink: StatisticsSink?
    private var batches: [SheetRows] = []
    private var first = 0
    private var ended = false
    private var discarded = false
    private var running = true

    init(sink: StatisticsSink, batchBytes: Int) {
        self.sink = sink
        self.batchBytes = Swift.max(1, batchBytes)
    }

    /// The reading thread.
    func run() {
        condition.lock()
        var sink = self.sink.take()
        condition.unlock()
        while let batch = take() {
            batch.forEachView { sink?.add($0) }
        }
        condition.lock()
        self.sink = sink
        running = false
        condition.broadcast()
        condition.unlock()
    }

    private func take() -> SheetRows? {
        condition.lock()
        defer { condition.unlock() }
        while first == batches.count, !ended, !discarded { condition.wait() }
        guard !discarded, first < batches.count else { return nil }
        let batch = batches[first]
        batches[first] = SheetRows()
        first += 1
        if first == batches.count {
            batches.removeAll(keepingCapacity: true)
            first = 0
        }
        condition.broadcast()
        return batch
    }

    /// Queues a batch, waiting while `depth` are queued.
    func put(_ batch: SheetRows) {
        condition.lock()
        defer { condition.unlock() }
        while !discarded, batches.count - first >= Self.depth { condition.wait() }
        batches.append(batch)
        condition.broadcast()
    }

    /// The sink once every batch is read.
    func finish() -> StatisticsSink? {
        condition.lock()
        defer { condition.unlock() }
        ended = true
        condition.broadcast()
        while running { condition.wait() }
        return sink
    }

    /// Stops the reading thread (batches not yet read are dropped), waits for it to end and
    /// returns the sink.
    @discardableResult
    func close() -> StatisticsSink? {
        condition.lock()
        defer { condition.unlock() }
        discarded = running
        ended = true
        condition.broadcast()
        while running { condition.wait() }
        return sink
    }
}

/// Gathers the rows `SheetPart` reads into batches for the reading thread.
private struct RowHandoff: SheetRowSink {
    let pipeline: RowPipeline
    private let strings: [UInt8]

    init(pipeline: RowPipeline, strings: SharedStrings) {
        self.pipeline = pipeline
        self.strings = strings.bytes
    }

    var takesSharedCells: Bool { true }

    mutating func add(_ rows: inout SheetRows) {
        if rows.bytes.count + rows.cells.count * 16 >= pipeline.batchBytes {
            pipeline.put(rows)
            // Room for a batch like this one, so that the next is not grown (and copied) step by step.
            var next = SheetRows(strings: strings, bytes: rows.bytes.count + rows.bytes.count / 4, cells: rows.cells.count + rows.cells.count / 4)
            next.rows.reserveCapacity(rows.rows.count + rows.rows.count / 4)
            rows = next
        }
    }

    /// Hands over the last rows (those `part` holds) and returns the sink once they are read.
    static func finish(_ part: inout SheetPart<RowHandoff>) -> StatisticsSink? {
        let rows = part.takeRows()
        if !rows.rows.isEmpty { part.sink.pipeline.put(rows) }
        return part.sink.pipeline.finish()
    }
}

/// Feeds a statistics session slice by slice as the sheet's rows arrive (a long-layout table's
/// rows directly where they can be, `SheetLongRows`).
struct StatisticsSink {
    let reader: StatisticsReader
    var grid: SheetGrid
    /// The store of the files read so far, the sheet's observations added to it.
    var store: ObservationStore
    /// Rows of a long-layout table are read without the grid where they can be.
    let directLongRows: Bool
    private var session: StatisticsSession?
    private var started = false
    private var failure: [Diagnostic]?
    private var longRows: SheetLongRows?
    private(set) var directRows = 0
    /// Records of the first slice, from which the layout is found (tests and the fuzzer make it small).
    let firstSliceRecords: Int

    init(
        reader: StatisticsReader, grid: SheetGrid, store: ObservationStore, directLongRows: Bool,
        firstSliceRecords: Int = ChunkedStatisticsReader.firstSliceRecords + 2
    ) {
        self.reader = reader
        self.grid = grid
        self.store = store
        self.directLongRows = directLongRows
        self.firstSliceRecords = firstSliceRecords
    }

    mutating func add(_ row: SheetRowView) {
        switch grid.add(row) {
        case .kept: break
        case .handedOut: readData(row)
        case .handedOutWithCells(let cells): cells.withUnsafeBufferPointer { readData(row.with(cells: $0)) }
        case .handedOutFilled(let filled): filled.withView { readData($0) }
        }
        // Not `session == nil`, which copies the session for every row.
        let minimum = started ? 1 : firstSliceRecords
        if failure == nil, grid.sliceReady(minimumRecords: minimum) { read(grid.takeSlice()) }
    }

    /// A data row the grid handed back: read directly when it can be, else written as a record.
    private mutating func readData(_ row: SheetRowView) {
        if let numbers = session?.numbers, let cells = longRows?.cells(of: row, numbers: numbers) {
            // Rows declined before this one are read first, so rows are stored in order.
            if grid.hasRecords { read(grid.takeSlice()) }
            longRows?.store(cells, strings: row.strings, session: &session, store: &store)
            directRows += 1
        } else {
            grid.appendData(row)
        }
    }

    private mutating func read(_ slice: CSVDocument) {
        if started {
            session?.read(slice, records: slice.table.records[...], store: &store)
            return
        }
        let records = slice.table.records
        switch StatisticsHead.find(slice, records) {
        case .failure(let found): failure = found.diagnostics
        case .success(let head):
            let data = records[(head.headerPosition + 1)...]
            session = StatisticsSession(reader: reader, document: slice, head: head, firstRecords: data, decimal: ".", store: &store)
            started = true
            session?.read(slice, records: data, store: &store)
            if directLongRows, let layout = head.layout as? LongLayout {
                longRows = SheetLongRows(layout: layout)
                grid.handsOutData = true
            }
        }
    }

    mutating func finish() -> StatisticsReadResult {
        if failure == nil, grid.hasRecords || session == nil { read(grid.takeSlice()) }
        guard let session else {
            return StatisticsReadResult(
                observations: ObservationStore(), areas: [], diagnostics: failure ?? [], layout: "unknown",
                decimalSeparator: nil, rows: 0)
        }
        return session.finish(store: store)
    }
}

/// Reads `measures.xlsx`: the whole sheet (a measures sheet is small) with merged cells filled
/// from their first cell when it is text (a theme merged down several measures), then read by
/// `MeasuresReader` like `measures.csv`. A merged range whose first cell is a number is an error.
struct WorkbookMeasuresReader {
    var limits = Workbook.Limits()

    func read(path: String) -> (document: CSVDocument?, read: WorkbookRead) {
        do {
            var workbook = try Workbook(path: path, limits: limits)
            return read(&workbook, path: path)
        } catch {
            return (nil, WorkbookRead(sheet: "", diagnostics: [WorkbookStatisticsReader.diagnostic(error, file: path)]))
        }
    }

    /// Reads an open workbook whose file is `path`.
    func read(_ workbook: inout Workbook, path: String) -> (document: CSVDocument?, read: WorkbookRead) {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let sheet: Workbook.Sheet
        do {
            sheet = try WorkbookName.choose(workbook.sheets, fileName: fileName)
        } catch {
            return (nil, WorkbookRead(sheet: "", diagnostics: [WorkbookStatisticsReader.diagnostic(error, file: path)]))
        }
        let file = WorkbookName.display(path: path, sheet: sheet.name)
        var part = SheetPart(sink: RowCollector(), file: file, workbook: workbook)
        do {
            try workbook.parse(sheet.part, into: &part)
        } catch {
            return (nil, WorkbookRead(sheet: sheet.name, diagnostics: [WorkbookStatisticsReader.diagnostic(error, file: file)]))
        }
        var rows = part.sink.rows
        var diagnostics = part.diagnostics
        for merge in part.merges {
            guard let anchorRow = rows.firstIndex(where: { $0.number == merge.rows.lowerBound }),
                let anchor = rows[anchorRow].cells.first(where: { $0.column == merge.columns.lowerBound }),
                !rows[anchorRow].isBlank(anchor)
            else { continue }
            guard anchor.isText, merge.columns.count * merge.rows.count <= 100_000 else {
                diagnostics.append(
                    Diagnostic(
                        .error, code: "xlsx.merged-cells",
                        "Cells from \(CellReference.columnName(merge.columns.lowerBound))\(merge.rows.lowerBound) are merged over a number (or over more than 100 000 cells), so all but the first would read as empty. Unmerge them and fill in each cell.",
                        at: SourceLocation(file: file, line: merge.rows.lowerBound, column: merge.columns.lowerBound)))
                continue
            }
            let text = Array(rows[anchorRow].bytes[anchor.range])
            for index in rows.indices where merge.rows.contains(rows[index].number) {
                for column in merge.columns where !(rows[index].number == merge.rows.lowerBound && column == merge.columns.lowerBound) {
                    let start = rows[index].bytes.count
                    rows[index].bytes += text
                    let cell = SheetRow.Cell(column: column, range: start..<rows[index].bytes.count, isText: true)
                    if let at = rows[index].cells.firstIndex(where: { $0.column == column }) {
                        rows[index].cells[at] = cell
                    } else {
                        rows[index].cells.insert(cell, at: rows[index].cells.firstIndex(where: { $0.column > column }) ?? rows[index].cells.endIndex)
                    }
                }
            }
        }
        var grid = SheetGrid(file: file, tableRules: false)
        grid.sliceBytes = Int.max
        for row in rows { grid.add(row) }
        var document = grid.takeSlice()
        document.diagnostics = diagnostics
        return (document, WorkbookRead(sheet: sheet.name, diagnostics: []))
    }
}

/// Keeps every row of a sheet (a small one).
struct RowCollector: SheetRowSink {
    var rows: [SheetRow] = []

    /// Takes the row as one of its own.
    mutating func add(_ rows: inout SheetRows) {
        guard let number = rows.rows.last?.number else { return }
        self.rows.append(SheetRow(number: number, bytes: rows.bytes.array, cells: rows.cells.array))
        rows = SheetRows()
    }
}
