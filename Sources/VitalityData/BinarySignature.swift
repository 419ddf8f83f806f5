import Foundation
import VitalityModel

/// What a file's first bytes say it is when it is not text at all: a workbook, an archive, a
/// PDF or an image saved under a text file's name (`.csv`, `.px`, `.json`). Such a file is
/// refused once, by what it is and how to fix it, instead of being read as text and reported
/// line by line as bytes that are not UTF-8.
enum BinarySignature: Equatable {
    /// `PK\x03\x04` (or an empty archive's `PK\x05\x06`): an `.xlsx` workbook or another ZIP file.
    case zip
    /// The OLE2 compound file of Excel 97–2003 workbooks (`.xls`) and other old Office files.
    case legacyOffice
    case pdf
    case gzip
    case png
    case jpeg

    /// Bytes read to tell the formats apart.
    static let prefixLength = 8

    init?(prefix bytes: some Collection<UInt8>) {
        let head = Array(bytes.prefix(Self.prefixLength))
        func starts(_ signature: [UInt8]) -> Bool { head.starts(with: signature) }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) {
            self = .zip
        } else if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            self = .legacyOffice
        } else if starts(Array("%PDF-".utf8)) {
            self = .pdf
        } else if starts([0x1F, 0x8B]) {
            self = .gzip
        } else if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if starts([0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else {
            return nil
        }
    }

    /// The signature of the file at `path`; nil for a file that may be text (or cannot be read,
    /// which its reader then reports).
    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: Self.prefixLength) else { return nil }
        self.init(prefix: data)
    }

    /// The text formats a file of this kind can be found in the place of.
    enum TextFormat {
        case csv, pcAxis, jsonStat

        var described: String {
            switch self {
            case .csv: "CSV text"
            case .pcAxis: "a PC-Axis file"
            case .jsonStat: "JSON-stat text"
            }
        }

        /// How to save or download a table in this format.
        var saveAs: String {
            switch self {
            case .csv: "CSV UTF-8"
            case .pcAxis: "PC-Axis (.px)"
            case .jsonStat: "JSON-stat 2.0"
            }
        }
    }

    /// The error for a file of this kind found where `format` was to be read. `workbookName` is
    /// the name under which a workbook would be read in its place (nil where the input takes no
    /// workbook, as `indicators.csv`).
    func refusal(file: String, format: TextFormat, workbookName: String?) -> Diagnostic {
        let name = (file as NSString).lastPathComponent
        let what: String
        let fix: String
        switch self {
        case .zip:
            what = "a ZIP archive (an Excel workbook, .xlsx, is one)"
            if let workbookName {
                fix = "If it is an Excel workbook, rename it to \(workbookName) to have it read as one; otherwise save the table as \(format.saveAs)."
            } else {
                fix = "Open it in Excel or LibreOffice and save it as \(format.saveAs)."
            }
        case .legacyOffice:
            what = "an Excel 97–2003 workbook (.xls) or another old Office file, which Vitality does not read"
            fix =
                workbookName == nil
                ? "Open it in Excel or LibreOffice and save it as \(format.saveAs)."
                : "Open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx) or as \(format.saveAs)."
        case .pdf:
            what = "a PDF document"
            fix = "Download or export the table itself as \(format.saveAs)."
        case .gzip:
            what = "a gzip-compressed file"
            fix = "Decompress it (gunzip) and give the file inside the name of its format."
        case .png, .jpeg:
            what = "an image"
            fix = "Download or export the table itself as \(format.saveAs)."
        }
        return Diagnostic(
            .error, code: "input.not-text", "\(name) is not \(format.described): by its first bytes it is \(what). \(fix)",
            at: SourceLocation(file: file, line: 1, column: 1))
    }
}
