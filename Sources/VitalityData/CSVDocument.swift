import Foundation
import VitalityModel

/// A decoded and tokenized CSV file: the common first step of every reader.
package struct CSVDocument: Sendable {
    package var file: String
    package var encoding: DetectedEncoding
    package var table: CSVTable
    package var diagnostics: [Diagnostic]

    /// Decodes and tokenizes bytes; `file` is the name used in diagnostics.
    package init(bytes: [UInt8], file: String, delimiter: UInt8? = nil) {
        let decoded = TextDecoding.decode(bytes, file: file)
        let (table, csvDiagnostics) = CSVTokenizer.tokenize(decoded.utf8, delimiter: delimiter, file: file)
        self.file = file
        self.encoding = decoded.encoding
        self.table = table
        self.diagnostics = decoded.diagnostics + csvDiagnostics
    }

    /// A document from text already tokenized (a slice of a file read in parts).
    init(file: String, encoding: DetectedEncoding, table: CSVTable, diagnostics: [Diagnostic]) {
        self.file = file
        self.encoding = encoding
        self.table = table
        self.diagnostics = diagnostics
    }

    /// Reads a file from disk; nil with an `input.unreadable` diagnostic when it cannot be read.
    package static func load(path: String, file: String? = nil) -> (document: CSVDocument?, diagnostics: [Diagnostic]) {
        let name = file ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            return (
                nil,
                [
                    Diagnostic(
                        .error, code: "input.unreadable", "The file \(name) could not be read. Check that it exists and is readable.",
                        at: SourceLocation(file: name))
                ]
            )
        }
        let document = CSVDocument(bytes: [UInt8](data), file: name)
        return (document, document.diagnostics)
    }

    func location(_ record: CSVRecord, _ field: CSVField? = nil) -> SourceLocation {
        SourceLocation(file: file, line: record.line, column: field?.column ?? 0)
    }

    /// Records that hold at least one non-blank field.
    var nonBlankRecords: [CSVRecord] { table.records.filter { !table.isBlank($0) } }
}

/// Header matching: names compared case-insensitively with white space trimmed.
struct HeaderMap {
    var names: [String]

    init(_ names: [String]) { self.names = names.map { $0.trimmedCSV.lowercased() } }

    /// 0-based index of the column named by the earliest of `aliases` (aliases in priority order).
    func index(_ aliases: [String]) -> Int? {
        for alias in aliases {
            if let index = names.firstIndex(of: alias) { return index }
        }
        return nil
    }
}

/// A `csv.duplicate-header` error for each header name (trimmed, case-insensitive, not empty)
/// that an earlier column already has: a reader would take one of the two columns and silently
/// ignore the other. Every reader (statistics, indicators, measures) checks its header with it.
func duplicateHeaderDiagnostics(_ names: [String], file: String, line: Int) -> [Diagnostic] {
    var first: [String: Int] = [:]
    var found: [Diagnostic] = []
    for (index, name) in names.enumerated() {
        let key = name.trimmedCSV.lowercased()
        guard !key.isEmpty else { continue }
        if let earlier = first[key] {
            found.append(
                Diagnostic(
                    .error, code: "csv.duplicate-header",
                    "Column \(columnName(index + 1, file: file)) is named `\(excerpt(name.trimmedCSV))` like column \(columnName(earlier + 1, file: file)); Vitality cannot tell which one holds the data. Rename or delete one of them.",
                    at: SourceLocation(file: file, line: line, column: index + 1)))
        } else {
            first[key] = index
        }
    }
    return found
}

/// At most `limit` characters of a cell for a diagnostic, with `…` when cut.
func excerpt(_ text: String, limit: Int = 80) -> String {
    text.count <= limit ? text : String(text.prefix(limit)) + "…"
}

/// Column names for a diagnostic: at most `limit` of them, each in backticks and cut by
/// `excerpt`, then how many more there are — a header of a million columns is not echoed whole.
func quotedList(_ names: [String], limit: Int = 8) -> String {
    let shown = names.prefix(limit).map { "`\(excerpt($0))`" }.joined(separator: ", ")
    return names.count > limit ? "\(shown) and \(names.count - limit) more" : shown
}

/// Splits a trailing year off a label: `Väkiluku, 2017`, `Väkiluku 2017`, `vakiluku_2017`.
func splitTrailingYear(_ label: String) -> (label: String, year: Int)? {
    let text = label.trimmedCSV
    guard text.count > 5, let year = parseYear(String(text.suffix(4))) else { return nil }
    var head = text.dropLast(4)
    guard let separator = head.last, separator == " " || separator == "_" || separator == "," else { return nil }
    while let last = head.last, last == " " || last == "_" || last == "," { head = head.dropLast() }
    return head.isEmpty ? nil : (String(head), year)
}
