import Foundation
import VitalityModel

/// What `StreamingLongReader` read from a file.
struct StreamedFile {
    var result: StatisticsReadResult
    var encoding: DetectedEncoding
    var delimiter: UInt8
    /// Problems of the file as text (replacement characters, CSV syntax).
    var textDiagnostics: [Diagnostic]
}

/// The fast path for the long layout (DATA.md §1): a UTF-8 file without a title line is
/// memory-mapped and read record by record straight into the `ObservationStore`, with no
/// field table, no decoded copy and no per-cell strings; pages already read are released, so
/// the process does not hold the file in memory. Same diagnostics as the general path, which
/// reads every other file (and this one, when `read` returns nil before storing anything).
///
/// Hand-written rather than a library reader: `scripts/bench-readers.sh` measures SwiftCSV 0.10
/// (the machine's CSV library) splitting the generated long file at 7 MB/s, rows and fields only,
/// against ~190 MB/s for this path including numbers and the dataset.
struct StreamingLongReader {
    var reader: StatisticsReader
    /// Bytes validated or parsed between releases of the pages behind the cursor.
    static let chunk = 8 << 20

    func read(path: String, into store: inout ObservationStore) -> StreamedFile? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 16, status.st_size < Int(UInt32.max) else { return nil }
        let size = Int(status.st_size)
        guard let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapping != MAP_FAILED else { return nil }
        defer { munmap(mapping, size) }
        _ = madvise(mapping, size, MADV_SEQUENTIAL)
        let whole = UnsafeBufferPointer(start: mapping.assumingMemoryBound(to: UInt8.self), count: size)
        let hasBOM = whole[0] == 0xEF && whole[1] == 0xBB && whole[2] == 0xBF
        let body = UnsafeBufferPointer(rebasing: whole[(hasBOM ? 3 : 0)...])
        func release(_ range: Range<Int>) {
            // Page-aligned part of `range` within `whole`, given in `body` offsets.
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            let offset = hasBOM ? 3 : 0
            let start = (range.lowerBound + offset + page - 1) / page * page
            let end = (range.upperBound + offset) / page * page
            if end > start { _ = madvise(mapping + start, end - start, MADV_DONTNEED) }
        }

        var validator = Validator(body: body, file: path)
        guard validator.ensure(Swift.min(body.count, Self.chunk)) else { return nil }

        // Header: the first non-blank record must be a long-layout header.
        let sample = Array(UnsafeBufferPointer(rebasing: body[..<Swift.min(body.count, 1 << 18)]))
        let delimiter = CSVTokenizer.detectDelimiter(sample)
        var cursor = 0
        var line = 1
        var fields: [CSVField] = []
        var csvDiagnostics: [Diagnostic] = []
        while cursor < body.count {
            fields.removeAll(keepingCapacity: true)
            CSVTokenizer.scanRecord(body, at: &cursor, line: &line, delimiter: delimiter, into: &fields, diagnostics: &csvDiagnostics, file: path)
            if !fields.allSatisfy({ isBlank(body, $0) }) { break }
        }
        guard !fields.isEmpty, fields.count > 1 || !(fields.first?.quoted ?? false),
              let layout = LongLayout.detect(header: fields.map { CSVTable.text(body, $0) }, title: nil) else { return nil }
        let dataStart = cursor
        let dataLine = line

        // The decimal separator: decided from the first 10 000 value cells, checked against the
        // whole file's evidence; when the whole file disagrees, it is read again.
        let sample10k = evidenceSeparator(body, from: dataStart, upTo: validator.position, line: dataLine, delimiter: delimiter,
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
            guard pass.run(body, from: dataStart, line: dataLine, store: &store, validator: &validator, release: release) else {
                store.truncate(to: before)
                return nil
            }
            let majority: UInt8 = delimiter == UInt8(ascii: ",") || pass.pointEvidence >= pass.commaEvidence ? UInt8(ascii: ".") : UInt8(ascii: ",")
            if majority != decimal, pass.pointEvidence != pass.commaEvidence, attempt == 0 {
                decimal = majority
                store.truncate(to: before)
                continue
            }
            var result = StatisticsReadResult(observations: ObservationStore(), areas: [], diagnostics: [], layout: layout.name,
                                              decimalSeparator: Character(Unicode.Scalar(decimal)), rows: pass.rows)
            pass.sink.finish(into: &result, store: store)
            return StreamedFile(result: result, encoding: hasBOM ? .utf8BOM : .utf8, delimiter: delimiter,
                                textDiagnostics: validator.diagnostics + pass.csvDiagnostics)
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
        private var labelIDs: [[UInt8]: Int] = [:]
        /// Per column: the last field's bytes range and label id.
        private var previous: [(start: Int, end: Int, id: Int)] = []

        init(reader: StatisticsReader, file: String, layout: LongLayout, delimiter: UInt8, decimal: UInt8, store: inout ObservationStore) {
            sink = ObservationSink(reader: reader, file: file, store: &store)
            self.layout = layout
            self.delimiter = delimiter
            numbers = NumberParsing(decimalSeparator: decimal == UInt8(ascii: ",") ? "," : ".")
            previous = Array(repeating: (0, 0, -1), count: 64)
        }

        /// Splits a line with no quote and no lone carriage return at the delimiters (the common
        /// case, without the tokenizer's quote handling), keeping the first `capacity` fields in
        /// `slots`; returns the number of fields and whether any holds more than spaces and tabs.
        /// nil, with nothing consumed, for any other line.
        func splitPlainLine(_ body: UnsafeBufferPointer<UInt8>, at cursor: inout Int, line: inout Int,
                            into slots: UnsafeMutablePointer<CSVField>, capacity: Int) -> (count: Int, blank: Bool)? {
            let start = cursor
            let count = body.count
            var fieldStart = start
            var fields = 0
            var blank = true
            var i = start
            while i < count {
                let byte = body[i]
                if byte == delimiter {
                    if fields < capacity {
                        slots[fields] = CSVField(start: fieldStart, end: i, column: fields + 1, quoted: false, hasDoubledQuotes: false)
                    }
                    fields += 1
                    fieldStart = i + 1
                } else if byte == 0x0A {
                    break
                } else if byte == 0x22 || (byte == 0x0D && (i + 1 >= count || body[i + 1] != 0x0A)) {
                    return nil
                } else if byte != 0x20, byte != 0x09, byte != 0x0D {
                    blank = false
                }
                i += 1
            }
            var end = i
            if end > fieldStart, body[end - 1] == 0x0D { end -= 1 }
            if fields < capacity {
                slots[fields] = CSVField(start: fieldStart, end: end, column: fields + 1, quoted: false, hasDoubledQuotes: false)
            }
            cursor = i < count ? i + 1 : count
            line += 1
            return (fields + 1, blank)
        }

        mutating func label(_ buffer: UnsafeBufferPointer<UInt8>, _ field: CSVField?) -> Int {
            guard let field else { return labels.label("") }
            let column = field.column
            let length = field.end - field.start
            if column < previous.count {
                let last = previous[column]
                if last.id >= 0, last.end - last.start == length,
                   memcmp(buffer.baseAddress! + last.start, buffer.baseAddress! + field.start, length) == 0 {
                    return last.id
                }
            }
            let key = Array(UnsafeBufferPointer(rebasing: buffer[field.start..<field.end])) + [field.quoted ? 1 : 0]
            let id: Int
            if let known = labelIDs[key] {
                id = known
            } else {
                id = labels.label(CSVTable.text(buffer, field).trimmedCSV)
                labelIDs[key] = id
            }
            if column < previous.count { previous[column] = (field.start, field.end, id) }
            return id
        }

        /// False when the bytes turn out not to be UTF-8 (nothing of this pass is then valid).
        mutating func run(_ body: UnsafeBufferPointer<UInt8>, from start: Int, line firstLine: Int,
                          store: inout ObservationStore, validator: inout Validator, release: (Range<Int>) -> Void) -> Bool {
            var cursor = start
            var line = firstLine
            var fields: [CSVField] = []
            let capacity = [layout.codeColumn, layout.nameColumn, layout.indicatorColumn, layout.yearColumn, layout.valueColumn]
                .compactMap { $0 }.max().map { $0 + 1 } ?? 1
            let slots = UnsafeMutablePointer<CSVField>.allocate(capacity: capacity)
            defer { slots.deallocate() }
            var released = start
            let decimal = numbers.decimalCharacter
            while cursor < body.count {
                if cursor + (1 << 20) > validator.position, validator.position < body.count {
                    guard validator.ensure(cursor + StreamingLongReader.chunk) else { return false }
                }
                if cursor - released > StreamingLongReader.chunk {
                    release(0..<cursor)
                    released = cursor
                }
                let recordLine = line
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
                let field = { (index: Int?) -> CSVField? in
                    guard let index, index < fieldCount else { return nil }
                    return slots[index]
                }
                rows += 1
                guard let value = field(layout.valueColumn) else {
                    sink.diagnostics.append(Diagnostic(.error, code: "statistics.short-row",
                                                       "This row has \(fieldCount) cells; the value is in column \(layout.valueColumn + 1).",
                                                       at: SourceLocation(file: sink.file, line: recordLine)))
                    continue
                }
                guard let year = yearValue(body, field(layout.yearColumn)) else {
                    let bad = field(layout.yearColumn)
                    let text = bad.map { CSVTable.text(body, $0).trimmedCSV } ?? ""
                    sink.diagnostics.append(Diagnostic(.error, code: "statistics.bad-year", "Year `\(text)` is not a four-digit year.",
                                                       at: SourceLocation(file: sink.file, line: recordLine, column: bad?.column ?? 0)))
                    continue
                }
                switch NumberParsing.separatorEvidence(body, value.start, value.end) {
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
                let parsed = numbers.parse(body, value.start, value.end) ?? .notANumber(CSVTable.text(body, value))
                sink.add(areaLabel: area, indicatorLabel: indicator, year: year, value: parsed, line: recordLine,
                         column: value.column, labels: labels.labels, decimal: decimal, store: &store)
            }
            release(0..<body.count)
            return validator.ensure(body.count)
        }
    }
}

/// UTF-8 validation and replacement-character warnings, chunk by chunk ahead of the parser.
struct Validator {
    let body: UnsafeBufferPointer<UInt8>
    let file: String
    /// Bytes before this offset are valid UTF-8.
    private(set) var position = 0
    private(set) var diagnostics: [Diagnostic] = []
    private var counted = (offset: 0, line: 1)

    init(body: UnsafeBufferPointer<UInt8>, file: String) {
        self.body = body
        self.file = file
    }

    /// Validates up to `end` (or a little past it); false when the bytes are not UTF-8.
    mutating func ensure(_ end: Int) -> Bool {
        while position < Swift.min(end, body.count) {
            let chunkEnd = Swift.min(body.count, position + StreamingLongReader.chunk)
            let slice = UnsafeBufferPointer(rebasing: body[position..<chunkEnd])
            let next: Int
            if let bad = TextDecoding.firstInvalidUTF8Offset(slice) {
                guard chunkEnd < body.count, bad >= slice.count - 4 else { return false }
                next = position + bad
            } else {
                next = chunkEnd
            }
            replacementWarnings(body, position..<next, counted: &counted, into: &diagnostics, file: file)
            position = next
        }
        return true
    }
}

/// True when the field is empty or only spaces and tabs.
func isBlank(_ buffer: UnsafeBufferPointer<UInt8>, _ field: CSVField) -> Bool {
    var i = field.start
    while i < field.end {
        if buffer[i] != 0x20, buffer[i] != 0x09 { return false }
        i += 1
    }
    return true
}

/// A four-digit year 1900–2100 from a field of a buffer (surrounding spaces allowed).
func yearValue(_ buffer: UnsafeBufferPointer<UInt8>, _ field: CSVField?) -> Int? {
    guard let field else { return nil }
    var start = field.start
    var end = field.end
    while start < end, buffer[start] == 0x20 { start += 1 }
    while end > start, buffer[end - 1] == 0x20 { end -= 1 }
    guard end - start == 4 else { return nil }
    var year = 0
    for i in start..<end {
        let byte = buffer[i]
        guard byte >= 0x30, byte <= 0x39 else { return nil }
        year = year * 10 + Int(byte - 0x30)
    }
    return (1900...2100).contains(year) ? year : nil
}

/// The decimal separator most value cells of the first `limit` records show (point on a tie).
private func evidenceSeparator(_ body: UnsafeBufferPointer<UInt8>, from start: Int, upTo end: Int, line: Int, delimiter: UInt8,
                               valueColumn: Int, limit: Int) -> (separator: UInt8, records: Int, bytes: Int) {
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

/// One `encoding.replacement-character` warning per line of `range` holding U+FFFD; `counted`
/// carries the line number of an offset between calls.
private func replacementWarnings(_ body: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, counted: inout (offset: Int, line: Int),
                                 into diagnostics: inout [Diagnostic], file: String) {
    guard let base = body.baseAddress else { return }
    var i = range.lowerBound
    var lastWarnedLine = 0
    while i + 2 < range.upperBound {
        guard let found = memchr(base + i, 0xEF, range.upperBound - i) else { return }
        i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        if i + 2 >= range.upperBound { return }
        if body[i + 1] != 0xBF || body[i + 2] != 0xBD { i += 1; continue }
        while counted.offset < i {
            if body[counted.offset] == 0x0A { counted.line += 1 }
            counted.offset += 1
        }
        if lastWarnedLine != counted.line {
            lastWarnedLine = counted.line
            diagnostics.append(Diagnostic(
                .warning, code: "encoding.replacement-character",
                "Line \(counted.line) contains the replacement character \u{FFFD}: the file was probably once decoded with the wrong encoding, and letters such as ä or ö were lost.",
                at: SourceLocation(file: file, line: counted.line)))
        }
        i += 3
    }
}
