import Foundation
import VitalityModel

/// Reads a PC-Axis (`.px`) file of `statistics/` into observations (DATA.md §1): the statements
/// before `DATA=` are decoded by their `CODEPAGE` and described as a `PXTable`; the values are
/// scanned as bytes (`PXData`) and stored through the same `ObservationSink` as every CSV
/// layout (`CubePlan`), so areas, indicators, years, missing values and duplicates resolve as
/// they do there.
///
/// Roles of the variables and the indicator labels: `CubePlan`.
///
/// The file's Swedish and English area names (`VALUES[sv]`, `VALUES[en]`) name the areas the
/// catalogue lacks; an area the catalogue knows keeps its names, with a note where the file's
/// differ. The indicator labels built from the translated values (`CubePlan.indicatorText`)
/// go with the result, for `fillTranslatedLabels`.
struct PXReader {
    var reader: StatisticsReader

    /// What a file yielded, with the code page it was decoded by.
    struct Read {
        var result: StatisticsReadResult
        /// The file's `CODEPAGE` as written, or `ISO-8859-1` (the format's default) without one.
        var encoding: String
    }

    static let layout = "pc-axis"

    /// Reads the file at `path` (memory-mapped when it can be).
    func read(path: String, into store: inout ObservationStore) -> Read {
        if let file = MappedFile(path: path, minimumSize: 0) {
            return withExtendedLifetime(file) { read(file.body, file: path, into: &store) }
        }
        // An empty file cannot be mapped; it is read as no bytes (FileManager's reading of an
        // empty file leaks 4 KB, which the fuzzer's leak check reported).
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size == 0 {
            return [UInt8]().withUnsafeBufferPointer { read($0, file: path, into: &store) }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return Self.failure(
                [
                    Diagnostic(
                        .error, code: "input.unreadable", "The file \(path) could not be read. Check that it exists and is readable.",
                        at: SourceLocation(file: path))
                ], encoding: "-")
        }
        return [UInt8](data).withUnsafeBufferPointer { read($0, file: path, into: &store) }
    }

    /// A file that yields no observations, only `diagnostics`.
    static func failure(_ diagnostics: [Diagnostic], encoding: String, layout: String = layout) -> Read {
        Read(
            result: StatisticsReadResult(
                observations: ObservationStore(), areas: [], diagnostics: diagnostics, layout: layout, decimalSeparator: nil, rows: 0),
            encoding: encoding)
    }

    /// Reads a file's bytes (after any UTF-8 byte order mark).
    func read(_ buffer: UnsafeBufferPointer<UInt8>, file: String, into store: inout ObservationStore) -> Read {
        let dataStart = PXData.start(buffer)
        let head = Array(buffer[..<(dataStart ?? buffer.count)])
        let encoding = PXText.codePage(head)?.name ?? "ISO-8859-1"
        let (decoded, textProblems) = PXText.decode(head, file: file)
        guard let text = decoded else { return Self.failure(textProblems, encoding: encoding) }
        let (parsed, syntaxProblems) = PXDocument.parse(text, file: file)
        guard let document = parsed, let dataStart else { return Self.failure(syntaxProblems, encoding: encoding) }
        let (made, tableProblems) = PXTable.make(document, file: file)
        guard let table = made else { return Self.failure(tableProblems, encoding: encoding) }
        guard var plan = CubePlan(variables: table.variables, contentVariable: table.contentVariable, contents: table.contents ?? table.title ?? "", file: file)
        else {
            let names = table.variables.map { "`\($0.name)`" }.joined(separator: ", ")
            return Self.failure(
                [
                    Diagnostic(
                        .error, code: "px.no-area",
                        "The table has no area variable (Alue, Kunta, Area …) among \(names), so its values belong to no area. Save the table in PxWeb with the Alue variable.",
                        at: SourceLocation(file: file, line: table.dataLine, column: table.dataColumn))
                ], encoding: encoding)
        }

        plan.translatedContents = table.translatedContents
        let before = store.count
        var sink = ObservationSink(reader: reader, file: file, store: &store)
        sink.diagnostics = plan.diagnostics
        let numbers = NumberParsing(decimalSeparator: ".")
        let variables = table.variables
        let cellCount = table.cellCount
        var index = [Int](repeating: 0, count: variables.count)
        var count = 0
        var cursor = PXData.Cursor(buffer, from: dataStart, line: table.dataLine, column: table.dataColumn, file: file)
        while let value = cursor.next() {
            count += 1
            guard count <= cellCount else { continue }
            let parsed: NumberParsing.Parsed
            if !value.quoted, let plain = numbers.plainNumber(buffer, value.start, value.end) {
                parsed = .value(.number(plain.value))
            } else {
                parsed =
                    numbers.parse(buffer, value.start, value.end)
                    ?? .notANumber(String(decoding: buffer[value.start..<value.end], as: UTF8.self))
            }
            plan.add(parsed, index: index, line: value.line, column: value.column, sink: &sink, store: &store)
            plan.advance(&index)
        }
        if let syntax = cursor.error {
            store.truncate(to: before)
            return Self.failure([syntax], encoding: encoding)
        }
        guard count == cellCount else {
            store.truncate(to: before)
            let product = variables.map { "\($0.values.count) \($0.name)" }.joined(separator: " × ")
            return Self.failure(
                [
                    Diagnostic(
                        .error, code: "px.data",
                        "`DATA` holds \(count) values, but the table has \(cellCount) cells (\(product)); the values cannot be placed, so the file was not read.",
                        at: SourceLocation(file: file, line: table.dataLine, column: table.dataColumn))
                ], encoding: encoding)
        }
        var result = StatisticsReadResult(
            observations: ObservationStore(), areas: [], diagnostics: [], layout: Self.layout, decimalSeparator: ".", rows: count)
        sink.finish(into: &result, store: store)
        result.diagnostics += plan.translate(&result.areas, catalog: reader.catalog, file: file)
        let labelled = plan.content.map { variables[$0] } ?? plan.indicatorVariables.first.map { variables[$0.position] }
        result.translatedLabels = plan.translatedLabels(
            matcher: reader.matcher,
            at: SourceLocation(file: file, line: labelled?.line ?? table.dataLine, column: labelled?.column ?? table.dataColumn))
        return Read(result: result, encoding: encoding)
    }
}
