import Foundation
import VitalityModel

/// The long layout's fast extraction (DATA.md §1), which `ChunkedStatisticsReader` hands the
/// records of a memory-mapped UTF-8 long file without a title line: they are read record by
/// record straight into the `ObservationStore`, with no field table, no decoded copy and no
/// per-cell strings, and pages already read are released, so the process does not hold the file
/// in memory. Same rows and diagnostics as the layout's `extract` over slices of records.
///
/// Lines without quotes are split eight bytes at a time, validated and their numbers read in
/// rounds of 1 MB by a helper thread and by this one when it would otherwise wait; this thread
/// stores the rows in file order.
///
/// Hand-written rather than a library reader: `scripts/bench-readers.sh` measures the machine's CSV
/// libraries, SwiftCSV 0.10 and CSV.swift 2.5, only splitting the generated long file into rows of
/// strings at 7–8 MB/s, against 400–500 MB/s (whole process) for this path including numbers and
/// the dataset.
struct LongLayoutExtraction {
    var reader: StatisticsReader
    var layout: LongLayout
    var delimiter: UInt8
    /// Bytes per round of the two-thread path (nil: one thread).
    var roundBytes: Int?
    /// Bytes validated or parsed between releases of the pages behind the cursor.
    static let chunk = 8 << 20

    /// Reads the data records of `body`, whose first non-blank record is the header `layout`
    /// was detected from; nil when the bytes turn out not to be UTF-8 (nothing is then stored).
    func read(
        _ body: UnsafeBufferPointer<UInt8>, file path: String, store: inout ObservationStore, validator: inout Validator,
        release: (Range<Int>) -> Void
    ) -> (result: StatisticsReadResult, textDiagnostics: [Diagnostic])? {
        var cursor = 0
        var line = 1
        var fields: [CSVField] = []
        var csvDiagnostics: [Diagnostic] = []
        while cursor < body.count {
            fields.removeAll(keepingCapacity: true)
            CSVTokenizer.scanRecord(body, at: &cursor, line: &line, delimiter: delimiter, into: &fields, diagnostics: &csvDiagnostics, file: path)
            if !fields.allSatisfy({ isBlank(body, $0) }) { break }
        }
        let dataStart = cursor
        let dataLine = line
        guard validator.ensure(Swift.min(body.count, Self.chunk)) else { return nil }

        // The decimal separator: decided from the first 10 000 value cells, checked against the
        // whole file's evidence; when the whole file disagrees, it is read again.
        let sample10k = evidenceSeparator(
            body, from: dataStart, upTo: validator.position, line: dataLine, delimiter: delimiter,
            valueColumn: layout.valueColumn, limit: 10_000)
        let sampledRecords = sample10k.records
        var decimal: UInt8 = delimiter == UInt8(ascii: ",") ? UInt8(ascii: ".") : sample10k.separator
        let before = store.count
        // Rows expected from the sample's bytes per record, plus 2 %, so the rows array is allocated once.
        let averageRecord = Swift.max(8, sample10k.bytes / Swift.max(1, sampledRecords))
        store.reserveCapacity(additional: (body.count - dataStart) / averageRecord * 51 / 50 + 16)
        for attempt in 0..<2 {
            var pass = Pass(reader: reader, file: path, layout: layout, delimiter: delimiter, decimal: decimal, store: &store)
            pass.csvDiagnostics = csvDiagnostics
            guard
                pass.run(
                    body, from: dataStart, line: dataLine, store: &store, validator: &validator, roundBytes: roundBytes,
                    release: release)
            else {
                store.truncate(to: before)
                return nil
            }
            let majority: UInt8 = delimiter == UInt8(ascii: ",") || pass.pointEvidence >= pass.commaEvidence ? UInt8(ascii: ".") : UInt8(ascii: ",")
            // A tie goes to the point, as when the whole file is read at once.
            if majority != decimal, attempt == 0 {
                decimal = majority
                store.truncate(to: before)
                continue
            }
            var result = StatisticsReadResult(
                observations: ObservationStore(), areas: [], diagnostics: [], layout: layout.name,
                decimalSeparator: Character(Unicode.Scalar(decimal)), rows: pass.rows)
            pass.sink.finish(into: &result, store: store)
            return (result, validator.diagnostics + pass.csvDiagnostics)
        }
        return nil
    }

    /// One read of the data records.
    struct Pass {
        var sink: ObservationSink
        let layout: LongLayout
        let delimiter: UInt8
        let numbers: NumberParsing
        var csvDiagnostics: [Diagnostic] = []
        var labels = StatisticsCells()
        var rows = 0
        var pointEvidence = 0
        var commaEvidence = 0
        private var cache = LabelCache()

        init(reader: StatisticsReader, file: String, layout: LongLayout, delimiter: UInt8, decimal: UInt8, store: inout ObservationStore) {
            sink = ObservationSink(reader: reader, file: file, store: &store)
            sink.descriptionColumns = layout.descriptionColumns
            self.layout = layout
            self.delimiter = delimiter
            numbers = NumberParsing(decimalSeparator: decimal == UInt8(ascii: ",") ? "," : ".")
        }

        func splitPlainLine(
            _ body: UnsafeBufferPointer<UInt8>, at cursor: inout Int, line: inout Int,
            into slots: UnsafeMutablePointer<CSVField>, capacity: Int
        ) -> (count: Int, blank: Bool)? {
            VitalityData.splitPlainLine(body, at: &cursor, line: &line, delimiter: delimiter, into: slots, capacity: capacity)
        }

        mutating func label(_ buffer: UnsafeBufferPointer<UInt8>, _ field: CSVField?) -> Int {
            cache.label(buffer, field, into: &labels)
        }

        /// The fields kept per record: up to the last column the layout reads.
        var capacity: Int {
            [layout.codeColumn, layout.nameColumn, layout.indicatorColumn, layout.yearColumn, layout.valueColumn, layout.regionColumn]
                .compactMap { $0 }.max().map { $0 + 1 } ?? 1
        }

        /// False when the bytes turn out not to be UTF-8 (nothing of this pass is then valid).
        /// With `roundBytes`, plain lines are split and their numbers read on two threads, round by
        /// round, and stored in file order; from the first line that needs the tokenizer (a quote,
        /// a lone carriage return) on, one thread reads the rest.
        mutating func run(
            _ body: UnsafeBufferPointer<UInt8>, from start: Int, line firstLine: Int,
            store: inout ObservationStore, validator: inout Validator, roundBytes: Int?,
            release: (Range<Int>) -> Void
        ) -> Bool {
            var cursor = start
            var line = firstLine
            var fields: [CSVField] = []
            let capacity = capacity
            let slots = UnsafeMutablePointer<CSVField>.allocate(capacity: capacity)
            defer { slots.deallocate() }
            var released = start
            let decimal = numbers.decimalCharacter
            if let roundBytes, let base = body.baseAddress, cursor < body.count {
                // Both threads split rounds (the helper all the time, this one whenever the next
                // round to store is not ready yet); this thread validates each round and stores
                // its rows in file order.
                let shape = PlainRows.Shape(layout: layout, delimiter: delimiter, numbers: numbers, capacity: capacity)
                let pipeline = Pipeline(
                    shape: shape, body: UnsafeBody(base: base, count: body.count), from: cursor,
                    roundBytes: roundBytes)
                // A thread of its own, not a pool's: this one blocks on it.
                Thread { pipeline.help() }.start()
                defer { pipeline.finish() }
                var round = 0
                while let part = pipeline.next(round) {
                    if part.cleanText {
                        validator.accept(part.range)
                    } else {
                        guard validator.ensure(part.range.upperBound) else { return false }
                    }
                    let mark = store.size
                    let complete = storeRows(part, body, firstLine: line, slots: slots, decimal: decimal, store: &store)
                    line += part.lines
                    cursor = complete ? part.range.upperBound : part.stop
                    if round == 0, cursor > part.range.lowerBound {
                        // Room for the runs and series of the rest at the first round's rate (a file
                        // sorted by year first has a run per row), so the store is never copied.
                        store.reserveCapacity(
                            growthSince: mark,
                            times: Double(body.count - cursor) / Double(cursor - part.range.lowerBound))
                    }
                    pipeline.stored(round)
                    round += 1
                    if cursor - released > LongLayoutExtraction.chunk {
                        release(0..<cursor)
                        released = cursor
                    }
                    if !complete { break }
                }
            }
            while cursor < body.count {
                if cursor + (1 << 20) > validator.position, validator.position < body.count {
                    guard validator.ensure(cursor + LongLayoutExtraction.chunk) else { return false }
                }
                if cursor - released > LongLayoutExtraction.chunk {
                    release(0..<cursor)
                    released = cursor
                }
                let recordLine = line
                let recordStart = cursor
                let fieldCount: Int
                if let plain = splitPlainLine(body, at: &cursor, line: &line, into: slots, capacity: capacity) {
                    if plain.blank { continue }
                    fieldCount = plain.count
                } else {
                    fields.removeAll(keepingCapacity: true)
                    CSVTokenizer.scanRecord(body, at: &cursor, line: &line, delimiter: delimiter, into: &fields, diagnostics: &csvDiagnostics, file: sink.file)
                    if fields.allSatisfy({ isBlank(body, $0) }) { continue }
                    fieldCount = fields.count
                    for index in 0..<Swift.min(capacity, fieldCount) { slots[index] = fields[index] }
                }
                record(body, slots: slots, fieldCount: fieldCount, start: recordStart, line: recordLine, decimal: decimal, store: &store)
            }
            release(0..<body.count)
            return validator.ensure(body.count)
        }

        /// Stores the rows one thread read from plain lines, in file order (lines counted from
        /// `firstLine`); false when that thread stopped at a line the tokenizer must read.
        private mutating func storeRows(
            _ part: PlainRows, _ body: UnsafeBufferPointer<UInt8>, firstLine: Int,
            slots: UnsafeMutablePointer<CSVField>, decimal: Character, store: inout ObservationStore
        ) -> Bool {
            pointEvidence += part.pointEvidence
            commaEvidence += part.commaEvidence
            let column = layout.valueColumn + 1
            let capacity = part.shape.capacity
            // Label ids of the previous easy row of this part.
            var lastArea = -1
            var lastIndicator = -1
            // With a region column: whether the previous easy row's area, name and region passed
            // `describe`; a row with the same bytes there gets the same verdict without a lookup.
            let describes = layout.regionColumn != nil
            var lastVerdict = true
            for row in part.rows {
                let recordLine = firstLine + Int(row.line)
                if row.needsTokenizer {
                    // Not a plain number, a short row or a bad year: the one-thread path decides.
                    var cursor = Int(row.start)
                    var line = recordLine
                    guard let plain = splitPlainLine(body, at: &cursor, line: &line, into: slots, capacity: capacity) else { continue }
                    record(
                        body, slots: slots, fieldCount: plain.count, start: Int(row.start), line: recordLine, decimal: decimal,
                        store: &store)
                    continue
                }
                rows += 1
                let area = row.sameArea && lastArea >= 0 ? lastArea : label(body, row.hasArea ? row.area : nil)
                let indicator = row.sameIndicator && lastIndicator >= 0 ? lastIndicator : label(body, row.hasIndicator ? row.indicator : nil)
                if describes, !(row.sameArea && row.sameDescription && lastArea >= 0) {
                    // The area or its name or region changed: split the line again for those cells.
                    var cursor = Int(row.start)
                    var line = recordLine
                    if let plain = splitPlainLine(body, at: &cursor, line: &line, into: slots, capacity: capacity) {
                        lastVerdict = describe(body, slots: slots, fieldCount: plain.count, area: area, line: recordLine)
                    }
                }
                lastArea = area
                lastIndicator = indicator
                if !lastVerdict { continue }
                sink.add(
                    areaLabel: area, indicatorLabel: indicator, year: Int(row.year), value: .value(.number(row.value)),
                    line: recordLine, column: column, labels: labels.labels, decimal: decimal, store: &store)
            }
            return part.complete
        }

        /// `ObservationSink.describe` for a record whose first fields are in `slots`, in a file with
        /// a region column.
        private mutating func describe(
            _ body: UnsafeBufferPointer<UInt8>, slots: UnsafeMutablePointer<CSVField>, fieldCount: Int,
            area: Int, line: Int
        ) -> Bool {
            let field = { (index: Int?) -> CSVField? in
                guard let index, index < fieldCount else { return nil }
                return slots[index]
            }
            let region = label(body, field(layout.regionColumn))
            let name = layout.nameColumn == nil ? -1 : label(body, field(layout.nameColumn))
            return sink.describe(areaLabel: area, nameLabel: name, regionLabel: region, line: line, labels: labels.labels)
        }

        /// One non-blank record whose first fields are in `slots`.
        /// `start` is the offset of the record in `body`, to read all its cells when it has more
        /// than the header.
        private mutating func record(
            _ body: UnsafeBufferPointer<UInt8>, slots: UnsafeMutablePointer<CSVField>, fieldCount: Int,
            start: Int, line recordLine: Int, decimal: Character, store: inout ObservationStore
        ) {
            let field = { (index: Int?) -> CSVField? in
                guard let index, index < fieldCount else { return nil }
                return slots[index]
            }
            rows += 1
            if fieldCount > layout.headerCount {
                var cursor = start
                var line = recordLine
                var all: [CSVField] = []
                var ignored: [Diagnostic] = []
                CSVTokenizer.scanRecord(body, at: &cursor, line: &line, delimiter: delimiter, into: &all, diagnostics: &ignored, file: sink.file)
                if let extra = extraCellDiagnostic(body, all, headerCount: layout.headerCount, file: sink.file, line: recordLine) {
                    sink.diagnostics.append(extra)
                    return
                }
            }
            guard let value = field(layout.valueColumn) else {
                sink.diagnostics.append(shortRowDiagnostic(cells: fieldCount, valueColumn: layout.valueColumn, file: sink.file, line: recordLine))
                return
            }
            guard let year = yearValue(body, field(layout.yearColumn)) else {
                let bad = field(layout.yearColumn)
                let text = bad.map { CSVTable.text(body, $0).trimmedCSV } ?? ""
                sink.diagnostics.append(badYearDiagnostic(text, at: SourceLocation(file: sink.file, line: recordLine, column: bad?.column ?? 0)))
                return
            }
            let plain = numbers.plainNumber(body, value.start, value.end)
            switch plain?.evidence ?? NumberParsing.separatorEvidence(body, value.start, value.end) {
            case UInt8(ascii: "."): pointEvidence += 1
            case UInt8(ascii: ","): commaEvidence += 1
            default: break
            }
            let area: Int
            if let code = field(layout.codeColumn), !isBlank(body, code) {
                area = label(body, code)
            } else {
                area = label(body, field(layout.nameColumn))
            }
            let indicator = label(body, field(layout.indicatorColumn))
            if layout.regionColumn != nil,
                !describe(body, slots: slots, fieldCount: fieldCount, area: area, line: recordLine)
            {
                return
            }
            let parsed: NumberParsing.Parsed
            if let plain {
                parsed = .value(.number(plain.value))
            } else {
                parsed = numbers.parse(body, value.start, value.end) ?? .notANumber(CSVTable.text(body, value))
            }
            sink.add(
                areaLabel: area, indicatorLabel: indicator, year: year, value: parsed, line: recordLine,
                column: value.column, labels: labels.labels, decimal: decimal, store: &store)
        }
    }
}

/// The mapped file for the helper thread, which only reads it while the owner waits.
private struct UnsafeBody: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
    let count: Int
    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
}

/// Rounds of plain lines split by two threads and stored by one: the owner asks for round after
/// round in file order (`next`), and splits a round itself while the one it needs is not ready;
/// the helper thread (`help`) splits rounds ahead. Four buffers of `PlainRows` circulate; a round
/// that stops at a line the tokenizer must read ends the splitting. The owner calls `finish`
/// before the file is unmapped.
private final class Pipeline: @unchecked Sendable {
    static let depth = 4
    private let buffers: [PlainRows]
    private let body: UnsafeBody
    private let roundBytes: Int
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var nextStart: Int
    /// Rounds handed out for splitting; round k lives in `buffers[k % depth]`.
    private var claimed = 0
    /// Rounds the owner has stored (their buffers are free again).
    private var storedCount = 0
    private var done: [Bool]
    /// No more rounds are handed out: the text ended, a round stopped early, or `finish`.
    private var closed = false
    private var helperRunning = true

    init(shape: PlainRows.Shape, body: UnsafeBody, from start: Int, roundBytes: Int) {
        buffers = (0..<Self.depth).map { _ in PlainRows(shape: shape) }
        self.body = body
        self.roundBytes = roundBytes
        nextStart = start
        done = Array(repeating: false, count: Self.depth)
    }

    /// Hands out the next round, or nil when none can be now; call with the lock held.
    private func claim() -> (round: Int, part: PlainRows)? {
        guard !closed, claimed - storedCount < Self.depth else { return nil }
        guard nextStart < body.count else {
            closed = true
            return nil
        }
        let round = claimed
        let part = buffers[round % Self.depth]
        part.range = nextStart..<lineBoundary(body.buffer, after: nextStart + roundBytes)
        nextStart = part.range.upperBound
        claimed += 1
        return (round, part)
    }

    /// Splits a claimed round without the lock, then marks it done.
    private func split(_ claim: (round: Int, part: PlainRows)) {
        claim.part.scan(body.buffer)
        condition.lock()
        done[claim.round % Self.depth] = true
        if !claim.part.complete { closed = true }
        condition.broadcast()
        condition.unlock()
    }

    /// The helper thread: splits rounds until no more are handed out.
    func help() {
        condition.lock()
        while true {
            if let next = claim() {
                condition.unlock()
                split(next)
                condition.lock()
            } else if closed {
                break
            } else {
                condition.wait()
            }
        }
        helperRunning = false
        condition.broadcast()
        condition.unlock()
    }

    /// Round `round` once it is split (the owner asks in order 0, 1, 2 …), nil after the last.
    func next(_ round: Int) -> PlainRows? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if round < claimed {
                if done[round % Self.depth] { return buffers[round % Self.depth] }
                // The helper is splitting it: split a later round meanwhile, or wait.
                if let ahead = claim() {
                    condition.unlock()
                    split(ahead)
                    condition.lock()
                } else {
                    condition.wait()
                }
            } else if let own = claim() {
                condition.unlock()
                split(own)
                condition.lock()
            } else if closed {
                return nil
            } else {
                condition.wait()
            }
        }
    }

    /// The owner is done with round `round`; its buffer may take a new round.
    func stored(_ round: Int) {
        condition.lock()
        done[round % Self.depth] = false
        storedCount = round + 1
        condition.broadcast()
        condition.unlock()
    }

    /// Stops handing out rounds and waits for the helper thread to end.
    func finish() {
        condition.lock()
        closed = true
        condition.broadcast()
        while helperRunning { condition.wait() }
        condition.unlock()
    }
}

/// The rows of a range of lines, read on one thread for `LongLayoutExtraction.Pass`: for each
/// non-blank line, its label fields, year and number, or a mark that the one-thread path must
/// decide it (a short row, a bad year, a number other than plain digits). Stops at the first
/// line that is not plain (a quote, a lone carriage return). Owned by one thread at a time.
final class PlainRows: @unchecked Sendable {
    struct Shape {
        let delimiter: UInt8
        let numbers: NumberParsing
        let capacity: Int
        let codeColumn: Int?
        let nameColumn: Int?
        let indicatorColumn: Int
        let yearColumn: Int
        let valueColumn: Int
        let regionColumn: Int?
        let headerCount: Int

        init(layout: LongLayout, delimiter: UInt8, numbers: NumberParsing, capacity: Int) {
            self.delimiter = delimiter
            self.numbers = numbers
            self.capacity = capacity
            codeColumn = layout.codeColumn
            nameColumn = layout.nameColumn
            indicatorColumn = layout.indicatorColumn
            yearColumn = layout.yearColumn
            valueColumn = layout.valueColumn
            regionColumn = layout.regionColumn
            headerCount = layout.headerCount
        }
    }

    struct Row {
        var area: CSVField
        var indicator: CSVField
        var value: Double
        /// Offset of the line in the body.
        var start: UInt32
        /// Line number counted from the range's first line (0).
        var line: UInt32
        var year: Int16
        var hasArea: Bool
        var hasIndicator: Bool
        var needsTokenizer: Bool
        /// The area (indicator) field holds the same bytes as the previous row's in this range.
        var sameArea: Bool
        var sameIndicator: Bool
        /// With a region column: the name and region fields hold the previous row's bytes.
        var sameDescription: Bool
    }

    let shape: Shape
    var range = 0..<0
    private(set) var rows: [Row] = []
    /// Lines read (all of the range when `complete`).
    private(set) var lines = 0
    private(set) var complete = true
    /// Where reading stopped when not `complete`.
    private(set) var stop = 0
    /// The range is valid UTF-8 without a replacement character (checked on the splitting
    /// thread, so the owner need not validate it again).
    private(set) var cleanText = false
    private(set) var pointEvidence = 0
    private(set) var commaEvidence = 0
    private let slots: UnsafeMutablePointer<CSVField>

    init(shape: Shape) {
        self.shape = shape
        slots = UnsafeMutablePointer<CSVField>.allocate(capacity: shape.capacity)
    }

    deinit { slots.deallocate() }

    func scan(_ body: UnsafeBufferPointer<UInt8>) {
        var rows = self.rows
        self.rows = []
        rows.removeAll(keepingCapacity: true)
        var lines = 0
        var points = 0
        var commas = 0
        var stop: Int?
        var cursor = range.lowerBound
        let end = range.upperBound
        let shape = shape
        let slots = slots
        let empty = CSVField(start: 0, end: 0, column: 0, quoted: false, hasDoubledQuotes: false)
        var previous: Row?
        var previousRegion = empty
        var previousName = empty
        // A range without quotes and carriage returns (most files) is split looking for two
        // bytes instead of four.
        var noQuoteOrReturn = false
        if let base = body.baseAddress, end > cursor {
            noQuoteOrReturn = memchr(base + cursor, 0x22, end - cursor) == nil && memchr(base + cursor, 0x0D, end - cursor) == nil
        }
        while cursor < end {
            let lineStart = cursor
            let lineIndex = lines
            guard
                let plain = noQuoteOrReturn
                    ? splitPlainLine(
                        body, at: &cursor, line: &lines, delimiter: shape.delimiter, into: slots,
                        capacity: shape.capacity, noQuoteOrReturn: true)
                    : splitPlainLine(
                        body, at: &cursor, line: &lines, delimiter: shape.delimiter, into: slots,
                        capacity: shape.capacity)
            else {
                stop = lineStart
                break
            }
            if plain.blank { continue }
            let fieldCount = plain.count
            var row = Row(
                area: empty, indicator: empty, value: 0, start: UInt32(truncatingIfNeeded: lineStart),
                line: UInt32(truncatingIfNeeded: lineIndex), year: 0, hasArea: false, hasIndicator: false, needsTokenizer: true,
                sameArea: false, sameIndicator: false, sameDescription: false)
            guard fieldCount <= shape.headerCount, shape.valueColumn < fieldCount, shape.yearColumn < fieldCount,
                let year = yearValue(body, slots[shape.yearColumn]),
                let number = shape.numbers.plainNumber(body, slots[shape.valueColumn].start, slots[shape.valueColumn].end)
            else {
                rows.append(row)
                continue
            }
            switch number.evidence {
            case UInt8(ascii: "."): points += 1
            case UInt8(ascii: ","): commas += 1
            default: break
            }
            if let code = shape.codeColumn, code < fieldCount, !isBlank(body, slots[code]) {
                row.area = slots[code]
                row.hasArea = true
            } else if let name = shape.nameColumn, name < fieldCount {
                row.area = slots[name]
                row.hasArea = true
            }
            if shape.indicatorColumn < fieldCount {
                row.indicator = slots[shape.indicatorColumn]
                row.hasIndicator = true
            }
            row.value = number.value
            row.year = Int16(year)
            row.needsTokenizer = false
            if let last = previous {
                row.sameArea = row.hasArea == last.hasArea && sameBytes(body, row.area, last.area)
                row.sameIndicator = row.hasIndicator == last.hasIndicator && sameBytes(body, row.indicator, last.indicator)
            }
            if let regionColumn = shape.regionColumn {
                let region = regionColumn < fieldCount ? slots[regionColumn] : empty
                let name = shape.nameColumn.map { $0 < fieldCount ? slots[$0] : empty } ?? empty
                row.sameDescription = previous != nil && sameBytes(body, region, previousRegion) && sameBytes(body, name, previousName)
                previousRegion = region
                previousName = name
            }
            previous = row
            rows.append(row)
        }
        self.rows = rows
        self.lines = lines
        pointEvidence = points
        commaEvidence = commas
        complete = stop == nil
        self.stop = stop ?? end
        let text = UnsafeBufferPointer(rebasing: body[range])
        cleanText = TextDecoding.firstInvalidUTF8Offset(text) == nil && nextReplacementCharacter(body, from: range.lowerBound, to: range.upperBound) == nil
    }
}

/// The decimal separator most value cells of the first `limit` records show (point on a tie).
private func evidenceSeparator(
    _ body: UnsafeBufferPointer<UInt8>, from start: Int, upTo end: Int, line: Int, delimiter: UInt8,
    valueColumn: Int, limit: Int
) -> (separator: UInt8, records: Int, bytes: Int) {
    var cursor = start
    var line = line
    var fields: [CSVField] = []
    var ignored: [Diagnostic] = []
    var points = 0
    var commas = 0
    var records = 0
    let limited = UnsafeBufferPointer(rebasing: body[..<end])
    while cursor < end, records < limit {
        fields.removeAll(keepingCapacity: true)
        CSVTokenizer.scanRecord(limited, at: &cursor, line: &line, delimiter: delimiter, into: &fields, diagnostics: &ignored, file: "")
        records += 1
        guard valueColumn < fields.count else { continue }
        switch NumberParsing.separatorEvidence(body, fields[valueColumn].start, fields[valueColumn].end) {
        case UInt8(ascii: "."): points += 1
        case UInt8(ascii: ","): commas += 1
        default: break
        }
    }
    return (commas > points ? UInt8(ascii: ",") : UInt8(ascii: "."), records, cursor - start)
}
