import Foundation
import VitalityModel

/// What an entry of the input folder is and why an entry is not read (DATA.md, "Input folder"):
/// every entry of the folder and of `statistics/` is either read or named in a diagnostic.
/// An entry's type comes from `lstat` (and `stat` behind a symbolic link), so a FIFO, socket or
/// device is never opened: opening a FIFO for reading blocks until something writes to it.
enum InputEntry {
    enum EntryType: Equatable {
        case missing
        case regular
        case directory
        /// A FIFO, socket or device (or a link to one), by name.
        case special(String)
        /// A symbolic link whose target does not exist.
        case brokenLink
    }

    /// File names of workbooks Vitality does not read (`WorkbookName.extensions` are read).
    static let workbookExtensions: Set<String> = ["xlsb", "xls", "ods"]
    /// Statistics files read: CSV, and tab-separated or other delimited text saved as `.tsv` or `.txt`
    /// (the delimiter is detected in every file), PC-Axis `.px` and JSON-stat `.json`.
    static let statisticsExtensions: Set<String> = ["csv", "tsv", "txt", "px", "json"]

    /// How a statistics file is read.
    enum StatisticsFormat: Equatable {
        case delimited
        case workbook
        case pcAxis
        case jsonStat

        /// The text format a file of this kind holds; nil for a workbook.
        var textFormat: BinarySignature.TextFormat? {
            switch self {
            case .delimited: .csv
            case .pcAxis: .pcAxis
            case .jsonStat: .jsonStat
            case .workbook: nil
            }
        }
    }

    /// The format of a statistics file that `statisticsEntry` lets through, by its extension.
    static func statisticsFormat(_ name: String) -> StatisticsFormat {
        let ext = fileExtension(name)
        if WorkbookName.extensions.contains(ext) { return .workbook }
        switch ext {
        case "px": return .pcAxis
        case "json": return .jsonStat
        default: return .delimited
        }
    }

    static func type(of path: String) -> EntryType {
        var status = stat()
        guard lstat(path, &status) == 0 else { return .missing }
        if status.st_mode & S_IFMT == S_IFLNK {
            guard stat(path, &status) == 0 else { return .brokenLink }
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFIFO: return .special("a named pipe (FIFO)")
        case S_IFSOCK: return .special("a socket")
        case S_IFCHR, S_IFBLK: return .special("a device")
        default: return .special("not a regular file")
        }
    }

    /// Lock files of Excel and LibreOffice (`~$…`, `.~lock…`), Emacs (`.#…`), macOS resource
    /// forks (`._…`) and hidden files (`.…`).
    static func isHidden(_ name: String) -> Bool {
        name.hasPrefix("~$") || name.hasPrefix(".")
    }

    static func fileExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// The error for an entry that must be a file and is not.
    static func refusal(_ type: EntryType, name: String, path: String) -> Diagnostic {
        switch type {
        case .special(let what):
            return Diagnostic(.error, code: "input.not-a-file",
                              "`\(name)` is \(what), not a file; Vitality does not read it. Put a saved CSV file there instead.",
                              at: SourceLocation(file: path))
        case .brokenLink:
            return Diagnostic(.error, code: "input.unreadable",
                              "`\(name)` is a symbolic link to a file that does not exist. Point it at the file or replace it with the file.",
                              at: SourceLocation(file: path))
        case .directory:
            return Diagnostic(.error, code: "input.not-a-file", "`\(name)` is a folder, not a file. Put a saved CSV file there instead.",
                              at: SourceLocation(file: path))
        case .missing, .regular:
            return Diagnostic(.error, code: "input.unreadable", "The file \(path) could not be read. Check that it exists and is readable.",
                              at: SourceLocation(file: path))
        }
    }

    static func hidden(name: String, path: String) -> Diagnostic {
        Diagnostic(.note, code: "input.skipped-hidden",
                   "`\(name)` was skipped: a hidden, lock or resource-fork file (its name starts with `~$` or `.`) is not input data.",
                   at: SourceLocation(file: path))
    }

    static func workbook(name: String, path: String) -> Diagnostic {
        Diagnostic(.error, code: "input.workbook",
                   "`\(name)` is a workbook in a format Vitality does not read (an old `.xls`, a binary `.xlsb` or an OpenDocument `.ods`), so its data would be missing from the report. Save it as an Excel workbook (.xlsx) or as CSV (UTF-8), then remove this file from the input folder.",
                   at: SourceLocation(file: path))
    }

    /// The measures workbook among the names of the input folder: `measures.xlsx` (or `.xlsm`),
    /// also with a sheet named in brackets (`measures[Toimenpiteet].xlsx`).
    static func measuresWorkbooks(_ names: [String]) -> [String] {
        names.filter { name in
            let lower = name.lowercased()
            guard WorkbookName.extensions.contains(fileExtension(name)), lower.hasPrefix("measures") else { return false }
            let stem = lower.dropLast(fileExtension(name).count + 1)
            return stem == "measures" || (stem.hasPrefix("measures[") && WorkbookName.sheet(inFileName: name) != nil)
        }.sorted()
    }

    /// nil when the entry of `statistics/` is to be read; else why not.
    static func statisticsEntry(name: String, path: String) -> Diagnostic? {
        if isHidden(name) { return hidden(name: name, path: path) }
        let type = type(of: path)
        switch type {
        case .regular: break
        case .directory:
            return Diagnostic(.warning, code: "input.subfolder",
                              "The folder `\(name)` inside statistics/ was not read: Vitality reads only the files directly in statistics/. Move its CSV files up if they belong to the report.",
                              at: SourceLocation(file: path))
        case .missing: return nil
        default: return refusal(type, name: name, path: path)
        }
        let ext = fileExtension(name)
        if workbookExtensions.contains(ext) { return workbook(name: name, path: path) }
        if statisticsExtensions.contains(ext) || WorkbookName.extensions.contains(ext) { return nil }
        return Diagnostic(.warning, code: "input.unsupported-file",
                          "`\(name)` in statistics/ was not read: Vitality reads statistics saved as CSV (`.csv`, also `.tsv` or `.txt` delimited text), as an Excel workbook (`.xlsx`, `.xlsm`), as PC-Axis (`.px`) or as JSON-stat (`.json`). Save the table in one of those, or move the file out of statistics/.",
                          at: SourceLocation(file: path))
    }

    /// Why an entry at the top level of the input folder, other than `indicators.csv`,
    /// `measures.csv` (or its workbook) and `statistics/`, was not read.
    static func topLevelEntry(name: String, path: String) -> Diagnostic {
        if isHidden(name) { return hidden(name: name, path: path) }
        let type = type(of: path)
        switch type {
        case .regular, .missing: break
        case .directory:
            return Diagnostic(.note, code: "input.not-an-input",
                              "The folder `\(name)` is not one Vitality reads (statistics go in statistics/); it was left alone.",
                              at: SourceLocation(file: path))
        default: return refusal(type, name: name, path: path)
        }
        let ext = fileExtension(name)
        if workbookExtensions.contains(ext) { return workbook(name: name, path: path) }
        if (statisticsExtensions.contains(ext) && ext != "txt") || WorkbookName.extensions.contains(ext) {
            return Diagnostic(.warning, code: "input.misplaced-csv",
                              "`\(name)` was not read: at the top of the input folder Vitality reads only indicators.csv, areas.csv and measures.csv (or measures.xlsx). Move a statistics file into statistics/; check the spelling of indicators.csv, areas.csv or measures.csv.",
                              at: SourceLocation(file: path))
        }
        return Diagnostic(.note, code: "input.not-an-input",
                          "`\(name)` is not an input Vitality reads (indicators.csv, areas.csv, measures.csv, statistics/); it was left alone.",
                          at: SourceLocation(file: path))
    }
}
