import VitalityModel

/// A duplicate whose earlier value is a cell of a JSON-stat file, which the store places by its
/// position in `value` (`ObservationStore.placeByPosition`; a line and column for every cell
/// would cost memory): its error names the position until `place` finds the cell's line and
/// column in the file, or says that they cannot be given.
struct DuplicateOfCell: Sendable {
    var area: String
    var indicator: String
    var year: Int
    /// The earlier value, as the store holds it.
    var first: ObservedValue
    var file: String
    /// The earlier cell's position in `value`, from 0 (a sparse object's key).
    var position: Int
    var second: SourceLocation
    var value: ObservedValue

    /// The error naming the earlier cell by its position.
    var diagnostic: Diagnostic { diagnostic(at: "position \(position) of `value` in \(file)") }

    /// The error when the earlier cell cannot be found as it was read.
    var unplaced: Diagnostic {
        diagnostic(
            at: "position \(position) of `value` in \(file), whose line and column cannot be given: the file has changed since it was read")
    }

    private func diagnostic(at place: String) -> Diagnostic {
        duplicateDiagnostic(area: area, indicator: indicator, year: year, first: (place, first), second: (second, value))
    }

    /// Whether the cell's bytes (nil for `null`) read as the earlier value.
    private func holdsFirst(_ cell: (start: Int, end: Int)?, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let cell else {
            if case .missing = first { return true }
            return false
        }
        guard case .value(let read)? = NumberParsing(decimalSeparator: ".").parse(buffer, cell.start, cell.end) else { return false }
        return read == first
    }

    /// The errors of `duplicates` (of cells of one file, whose text is `buffer` with `value` at
    /// `valueStart`), each naming the earlier cell's line and column, or `unplaced` when the cell
    /// is not there or holds another value; keyed by the error naming the position.
    static func place(
        _ duplicates: [DuplicateOfCell], buffer: UnsafeBufferPointer<UInt8>, valueStart: Int, lines: LineIndex
    ) -> [Diagnostic: Diagnostic] {
        let cells = JSONStatReader.cells(at: Set(duplicates.map(\.position)), in: buffer, valueStart: valueStart)
        var placed: [Diagnostic: Diagnostic] = [:]
        for duplicate in duplicates {
            if let cell = cells[duplicate.position], duplicate.holdsFirst(cell.bytes, in: buffer) {
                placed[duplicate.diagnostic] = duplicate.diagnostic(at: "\(lines.location(of: cell.offset, file: duplicate.file))")
            } else {
                placed[duplicate.diagnostic] = duplicate.unplaced
            }
        }
        return placed
    }

    /// `diagnostics` with the error of each of `duplicates` that is among them naming the
    /// earlier cell's line and column. Each file is read again, once, and only when it is the
    /// file that was read (its `FileStamp` in `sources`); otherwise the error says so.
    static func placeAll(_ duplicates: [DuplicateOfCell], sources: [String: JSONStatReader.Source], in diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard !duplicates.isEmpty else { return diagnostics }
        let listed = Set(diagnostics)
        var byFile: [String: [DuplicateOfCell]] = [:]
        for duplicate in duplicates where listed.contains(duplicate.diagnostic) { byFile[duplicate.file, default: []].append(duplicate) }
        var placed: [Diagnostic: Diagnostic] = [:]
        for (file, duplicates) in byFile {
            if let source = sources[file], let mapped = MappedFile(path: file, minimumSize: 0), source.stamp == mapped.stamp {
                withExtendedLifetime(mapped) {
                    placed.merge(place(duplicates, buffer: mapped.whole, valueStart: source.valueStart, lines: LineIndex(mapped.whole))) { $1 }
                }
            } else {
                for duplicate in duplicates { placed[duplicate.diagnostic] = duplicate.unplaced }
            }
        }
        return diagnostics.map { placed[$0] ?? $0 }
    }
}

extension JSONStatReader {
    /// Where a JSON-stat file's cells are found again: the file as it was read (nil when it
    /// was not mapped) and the offset of `value`'s `[` or `{`.
    struct Source: Sendable {
        var stamp: FileStamp?
        var valueStart: Int
    }

    /// The cells at `positions` of the `value` at `valueStart` (an array, or a sparse object,
    /// which gives a position once: the reader refuses one given twice): each one's offset and
    /// bytes (nil for `null`). A position not found (the text ends or is no longer JSON before
    /// it, or gives it twice: the file changed since it was read) is left out.
    static func cells(
        at positions: Set<Int>, in buffer: UnsafeBufferPointer<UInt8>, valueStart: Int
    ) -> [Int: (offset: Int, bytes: (start: Int, end: Int)?)] {
        struct Done: Error {}
        var found: [Int: (offset: Int, bytes: (start: Int, end: Int)?)] = [:]
        var repeated: Set<Int> = []
        guard valueStart >= 0, valueStart < buffer.count, let last = positions.max() else { return found }
        var scanner = JSONScanner(buffer, file: "")
        scanner.index = valueStart
        do {
            if buffer[valueStart] == UInt8(ascii: "[") {
                var position = 0
                try streamArray(&scanner) { cell, offset in
                    if positions.contains(position) { found[position] = (offset, cell) }
                    position += 1
                    if position > last { throw Done() }
                }
            } else {
                try streamObject(&scanner) { key, _, cell, offset in
                    guard let position = Int(key), positions.contains(position) else { return }
                    if found.updateValue((offset, cell), forKey: position) != nil { repeated.insert(position) }
                }
            }
        } catch {
            // Done, or the text is no longer JSON: the cells found before are kept.
        }
        for position in repeated { found[position] = nil }
        return found
    }
}
