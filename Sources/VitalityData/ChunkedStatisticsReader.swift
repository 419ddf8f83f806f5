import Foundation
import VitalityModel

/// What one statistics file yielded, with how its text was read.
struct StreamedFile {
    var result: StatisticsReadResult
    var encoding: DetectedEncoding
    var delimiter: UInt8
    /// Problems of the file as text (replacement characters, CSV syntax).
    var textDiagnostics: [Diagnostic]
    /// The long layout's fast extraction read the records (tests check which files take it).
    var extractedFast = false
}

/// The one way a statistics file is read, whatever its layout and encoding: in slices of about
/// `sliceBytes`, so that a large file never exists in memory as a whole. A UTF-8 file is
/// memory-mapped and each slice of records is copied, tokenized, resolved and stored before the
/// next one, and the pages behind are released; any other encoding is decoded on the way (or,
/// for UTF-16 and UTF-8 with some bytes that are not UTF-8, once), then read the same way. The
/// records of a mapped UTF-8 long file without a title line go to the long layout's fast
/// extraction (`LongLayoutExtraction`) instead of the layout's `extract`. A document already in
/// memory is read as one slice (`StatisticsReader.read`). Tests compare the slice sizes, down to
/// one record, and the extraction's one and two threads with each other: the observations and
/// diagnostics are the same, except that problems of the records come slice by slice instead of
/// layout problems first.
///
/// The decimal separator is decided from the first slice and checked against the evidence of
/// the whole file; when they disagree the file is read again with the whole file's separator.
struct ChunkedStatisticsReader {
    var reader: StatisticsReader
    /// Bytes of records per slice (a slice always ends at a record's end).
    var sliceBytes: Int
    /// Data records the first slice holds at least (so `prepare` sees the rows it samples).
    static let firstSliceRecords = 60

    /// Bytes of single-byte text decoded ahead of the slices; tests make it small.
    var decodeAhead: Int
    /// Bytes per round of the long layout's fast extraction on two threads (nil: one thread).
    var roundBytes: Int?

    init(reader: StatisticsReader, sliceBytes: Int = 1 << 18, decodeAhead: Int = 1 << 20, roundBytes: Int? = 1 << 20) {
        self.reader = reader
        self.sliceBytes = Swift.max(1, sliceBytes)
        self.decodeAhead = Swift.max(1, decodeAhead)
        self.roundBytes = roundBytes
    }

    /// nil when the file cannot be opened (the caller then reports it).
    func read(path: String, into store: inout ObservationStore) -> StreamedFile? {
        guard let file = MappedFile(path: path, minimumSize: 3) else { return nil }
        let whole = file.whole
        let body = file.body
        let hasBOM = file.hasUTF8BOM
        let release = file.release
        let before = store.count
        var mapped = ValidatedText(validator: Validator(body: body, file: path), release: release)
        mapped.validator.step = Swift.max(1 << 16, sliceBytes)
        switch read(body, file: path, store: &store, source: &mapped, longLayoutHandedBack: true) {
        case .read(let result):
            return StreamedFile(
                result: result.result, encoding: hasBOM ? .utf8BOM : .utf8, delimiter: result.delimiter,
                textDiagnostics: mapped.validator.diagnostics + result.csvDiagnostics)
        case .longLayout(let layout, let delimiter):
            let extraction = LongLayoutExtraction(reader: reader, layout: layout, delimiter: delimiter, roundBytes: roundBytes)
            if let read = extraction.read(body, file: path, store: &store, validator: &mapped.validator, release: release) {
                return StreamedFile(
                    result: read.result, encoding: hasBOM ? .utf8BOM : .utf8, delimiter: delimiter,
                    textDiagnostics: read.textDiagnostics, extractedFast: true)
            }
        case .notUTF8: break
        }
        store.truncate(to: before)
        if !hasBOM, !(whole[0] == 0xFF && whole[1] == 0xFE), !(whole[0] == 0xFE && whole[1] == 0xFF),
            !containsMultibyteUTF8(whole, release: release)
        {
            // Windows-1252 or ISO-8859-15: decoded slice by slice ahead of the reader.
            let decoder = SingleByteDecoder(raw: whole, file: path, release: release, lookahead: decodeAhead)
            defer { decoder.close() }
            var source = decoder
            guard case .read(let result) = read(decoder.text, file: path, store: &store, source: &source) else { return nil }
            return StreamedFile(
                result: result.result, encoding: decoder.encoding, delimiter: result.delimiter,
                textDiagnostics: decoder.diagnostics + result.csvDiagnostics)
        }
        // UTF-16, or UTF-8 (a byte order mark or multi-byte sequences) with some bytes that are
        // not UTF-8: decoded whole, with an error for each line holding such bytes.
        let decoded = TextDecoding.decode(Array(whole), file: path)
        return decoded.utf8.withUnsafeBufferPointer { text in
            var source = WholeText()
            guard case .read(let result) = read(text, file: path, store: &store, source: &source) else { return nil }
            return StreamedFile(
                result: result.result, encoding: decoded.encoding, delimiter: result.delimiter,
                textDiagnostics: decoded.diagnostics + result.csvDiagnostics)
        }
    }

    /// A document already decoded and tokenized, read as one slice.
    func read(_ document: CSVDocument, into store: inout ObservationStore) -> StatisticsReadResult {
        guard
            case .done(let result) = readSlices(
                first: document, decimal: nil, longLayoutHandedBack: false, growth: nil,
                store: &store, next: { nil })
        else {
            // One slice holds all of the evidence, and no layout is handed back.
            return StatisticsReadResult(
                observations: ObservationStore(), areas: [], diagnostics: [], layout: "unknown",
                decimalSeparator: nil, rows: 0)
        }
        return result
    }

    /// `TextDecoding.containsMultibyteUTF8` over a mapped file without a BOM, 8 MB at a time with
    /// the pages behind given back (each block looks 3 bytes into the next, so a sequence across
    /// the boundary is seen).
    private func containsMultibyteUTF8(_ whole: UnsafeBufferPointer<UInt8>, release: (Range<Int>) -> Void) -> Bool {
        let block = 8 << 20
        var start = 0
        while start < whole.count {
            let end = Swift.min(whole.count, start + block)
            if TextDecoding.containsMultibyteUTF8(UnsafeBufferPointer(rebasing: whole[start..<Swift.min(whole.count, end + 3)])) {
                return true
            }
            release(start..<end)
            start = end
        }
        return false
    }

    private struct Outcome {
        var result: StatisticsReadResult
        var delimiter: UInt8
        var csvDiagnostics: [Diagnostic]
    }

    private enum TextRead {
        case read(Outcome)
        /// The file is of the long layout, without a title line: nothing was stored.
        case longLayout(LongLayout, delimiter: UInt8)
        case notUTF8
    }

    private struct NotUTF8: Error {}

    /// Reads UTF-8 text that `source` validates or decodes on the way.
    private func read(
        _ body: UnsafeBufferPointer<UInt8>, file: String, store: inout ObservationStore,
        source: inout some TextSource, longLayoutHandedBack: Bool = false
    ) -> TextRead {
        let sampleEnd = Swift.min(body.count, 8 << 20)
        source.prepare(through: sampleEnd)
        guard source.confirm(through: sampleEnd) != .notUTF8 else { return .notUTF8 }
        let delimiter = CSVTokenizer.detectDelimiter(body[..<sampleEnd])
        let before = store.count
        var decimal: Character?
        for attempt in 0..<2 {
            if attempt > 0 { source.restart() }
            var csvDiagnostics: [Diagnostic] = []
            var cursor = 0
            var line = 1
            var released = 0
            guard
                let first = slice(
                    body, from: &cursor, line: &line, delimiter: delimiter, minimumRecords: Self.firstSliceRecords + 2,
                    file: file, diagnostics: &csvDiagnostics, source: &source)
            else { return .notUTF8 }
            // Room for what the rest of the file holds at the first slice's rate, so the store is
            // never copied while it grows; pages never written take no memory.
            let growth = Double(body.count - cursor) / Double(Swift.max(1, cursor))
            let sliced: Slices
            do {
                sliced = try readSlices(
                    first: first, decimal: decimal, longLayoutHandedBack: longLayoutHandedBack, growth: growth,
                    store: &store
                ) {
                    if cursor - released >= sliceBytes {
                        source.release(0..<cursor)
                        released = cursor
                    }
                    guard cursor < body.count else { return nil }
                    guard
                        let next = slice(
                            body, from: &cursor, line: &line, delimiter: delimiter, minimumRecords: 1,
                            file: file, diagnostics: &csvDiagnostics, source: &source)
                    else { throw NotUTF8() }
                    return next
                }
            } catch {
                return .notUTF8
            }
            switch sliced {
            case .done(let result):
                source.release(0..<body.count)
                return .read(Outcome(result: result, delimiter: delimiter, csvDiagnostics: csvDiagnostics))
            case .longLayout(let layout):
                return .longLayout(layout, delimiter: delimiter)
            case .againWith(let majority):
                source.release(0..<body.count)
                decimal = majority
                store.truncate(to: before)
            }
        }
        return .notUTF8
    }

    private enum Slices {
        case done(StatisticsReadResult)
        /// The whole file's evidence points to another decimal separator than the first slice's.
        case againWith(Character)
        case longLayout(LongLayout)
    }

    /// Reads a file from its first slice on; `next` gives each slice after it, nil after the last.
    /// `growth` is how many times the first slice's bytes the rest of the file holds.
    private func readSlices(
        first: CSVDocument, decimal: Character?, longLayoutHandedBack: Bool, growth: Double?,
        store: inout ObservationStore, next: () throws -> CSVDocument?
    ) rethrows -> Slices {
        let records = first.nonBlankRecords
        let head: StatisticsHead
        switch StatisticsHead.find(first, records) {
        case .failure(let failure):
            // The rest is still tokenized, so its syntax problems are reported as when the file
            // is read whole.
            while try next() != nil {}
            return .done(
                StatisticsReadResult(
                    observations: ObservationStore(), areas: [], diagnostics: failure.diagnostics,
                    layout: "unknown", decimalSeparator: nil, rows: 0))
        case .success(let found): head = found
        }
        if longLayoutHandedBack, head.title == nil, let layout = head.layout as? LongLayout { return .longLayout(layout) }
        let data = records[(head.headerPosition + 1)...]
        var session = StatisticsSession(reader: reader, document: first, head: head, firstRecords: data, decimal: decimal, store: &store)
        let mark = store.size
        session.read(first, records: data, store: &store)
        if let growth { store.reserveCapacity(growthSince: mark, times: growth) }
        while let slice = try next() {
            session.read(slice, records: slice.nonBlankRecords[...], store: &store)
        }
        // A tie goes to the point, as when the whole file is read at once.
        if decimal == nil, let used = session.numbers?.decimalCharacter, used != session.majorityDecimal {
            return .againWith(session.majorityDecimal)
        }
        return .done(session.finish(store: store))
    }

    /// The records from `cursor` until the slice holds `sliceBytes` and at least `minimumRecords`
    /// non-blank records (or the text ends), as a document of its own whose lines are the file's;
    /// nil when `source` finds that the text is not UTF-8.
    private func slice(
        _ body: UnsafeBufferPointer<UInt8>, from cursor: inout Int, line: inout Int, delimiter: UInt8,
        minimumRecords: Int, file: String, diagnostics: inout [Diagnostic],
        source: inout some TextSource
    ) -> CSVDocument? {
        source.prepare(through: Swift.min(body.count, cursor + sliceBytes))
        let start = (cursor: cursor, line: line, diagnostics: diagnostics.count)
        while true {
            let document = sliceRecords(
                body, from: &cursor, line: &line, delimiter: delimiter, minimumRecords: minimumRecords,
                file: file, diagnostics: &diagnostics)
            switch source.confirm(through: Swift.min(body.count, cursor + 1)) {
            case .ready: return document
            case .notUTF8: return nil
            case .retry:
                // The slice ran past the text made ready; all of it is ready now.
                cursor = start.cursor
                line = start.line
                diagnostics.removeSubrange(start.diagnostics...)
            }
        }
    }

    private func sliceRecords(
        _ body: UnsafeBufferPointer<UInt8>, from cursor: inout Int, line: inout Int, delimiter: UInt8,
        minimumRecords: Int, file: String, diagnostics: inout [Diagnostic]
    ) -> CSVDocument {
        let rest = UnsafeBufferPointer(rebasing: body[cursor...])
        var i = 0
        var fields: [CSVField] = []
        var records: [CSVRecord] = []
        var nonBlank = 0
        while i < rest.count, i < sliceBytes || nonBlank < minimumRecords {
            let recordLine = line
            let firstField = fields.count
            CSVTokenizer.scanRecord(rest, at: &i, line: &line, delimiter: delimiter, into: &fields, diagnostics: &diagnostics, file: file)
            let record = CSVRecord(line: recordLine, fieldRange: firstField..<fields.count)
            if !fields[record.fieldRange].allSatisfy({ isBlank(rest, $0) }) { nonBlank += 1 }
            records.append(record)
        }
        let table = CSVTable(bytes: Array(rest[..<i]), delimiter: delimiter, records: records, fields: fields)
        cursor += i
        return CSVDocument(file: file, encoding: .utf8, table: table, diagnostics: [])
    }
}
