import Foundation
import VitalityModel

/// Which input a file is.
package enum InputFileKind: String, Sendable, Hashable {
    case indicators
    case areas
    case statistics
    case measures
}

/// What was read from one input file, for progress output and the manifest.
package struct InputFileSummary: Sendable, Hashable {
    package var path: String
    package var kind: InputFileKind
    package var layout: String
    /// `DetectedEncoding.rawValue`, e.g. `Windows-1252`.
    package var encoding: String
    /// nil for a format without one (PC-Axis).
    package var delimiter: Character?
    package var decimalSeparator: Character?
    /// `csv` (also for `.tsv` and `.txt`), `xlsx` (also for `.xlsm`), `px` or `json-stat`.
    package var format = "csv"
    /// The sheet read, for a workbook.
    package var sheet: String?
    /// Data rows read (header and title lines excluded).
    package var rows: Int
    package var areas: Int
    package var indicators: Int
    package var years: ClosedRange<Int>?
}

/// Everything read from an input folder.
package struct InputReadResult: Sendable {
    package var dataset: Dataset
    package var diagnostics: [Diagnostic]
    package var files: [InputFileSummary]
}

/// Reads an input folder: `indicators.csv`, the optional `areas.csv` (municipalities the
/// catalogue lacks), every `statistics/*.csv` (also `.tsv`, `.txt`, PC-Axis `.px` and JSON-stat `.json`) in sorted name order, and
/// `measures.csv`. A municipality a statistics file places with its `region` column joins the
/// catalogue for the files after it. Every other entry of the folder and of `statistics/` is
/// named in a diagnostic saying why it was not read (`InputEntry`). Keeps at most 50
/// diagnostics per file, then one note counting the rest.
package struct InputFolderReader: Sendable {
    package var catalog: AreaCatalog
    static let diagnosticsPerFile = 50
    /// Bytes of records a statistics file is read in at a time (other than by the long layout's
    /// fast extraction); tests make it small.
    var sliceBytes = 1 << 18

    package init() { catalog = .standard }

    package init(catalog: AreaCatalog) { self.catalog = catalog }

    package func read(directory: String) -> InputReadResult {
        var diagnostics: [Diagnostic] = []
        var files: [InputFileSummary] = []
        let fileManager = FileManager.default
        func join(_ parts: String...) -> String {
            parts.reduce("") { $0.isEmpty ? $1 : ($0.hasSuffix("/") ? $0 + $1 : $0 + "/" + $1) }
        }
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return InputReadResult(
                dataset: Dataset(areas: [], indicators: [], observations: []),
                diagnostics: [
                    Diagnostic(
                        .error, code: "input.missing-folder", "The input folder \(directory) does not exist.",
                        at: SourceLocation(file: directory))
                ],
                files: [])
        }

        // Indicators
        var indicators: [Indicator] = []
        let indicatorsPath = join(directory, "indicators.csv")
        if let document = loadInput(indicatorsPath, into: &diagnostics) {
            let (read, found) = IndicatorTableReader().read(document)
            indicators = read
            diagnostics += limited(document.diagnostics + found, file: indicatorsPath)
            files.append(
                InputFileSummary(
                    path: indicatorsPath, kind: .indicators, layout: "indicator-table", encoding: document.encoding.rawValue,
                    delimiter: document.table.delimiterCharacter, decimalSeparator: nil, rows: read.count, areas: 0,
                    indicators: read.count, years: nil))
        }

        // Areas the catalogue lacks (optional file).
        var catalog = catalog
        let areasPath = join(directory, "areas.csv")
        if InputEntry.type(of: areasPath) != .missing, let document = loadInput(areasPath, into: &diagnostics) {
            let (read, found) = AreaTableReader(catalog: catalog).read(document)
            catalog = catalog.adding(read)
            diagnostics += limited(document.diagnostics + found, file: areasPath)
            files.append(
                InputFileSummary(
                    path: areasPath, kind: .areas, layout: "area-table", encoding: document.encoding.rawValue,
                    delimiter: document.table.delimiterCharacter, decimalSeparator: nil, rows: read.count, areas: read.count,
                    indicators: 0, years: nil))
        }

        // Statistics
        let statisticsFolder = join(directory, "statistics")
        var store = ObservationStore()
        var seenAreas: [String: Area] = [:]
        var areaOrder: [String] = []
        var translatedLabels: [TranslatedLabel] = []
        var cellSources: [String: JSONStatReader.Source] = [:]
        var duplicatesOfCells: [DuplicateOfCell] = []
        if InputEntry.type(of: statisticsFolder) == .directory, let names = try? fileManager.contentsOfDirectory(atPath: statisticsFolder) {
            var reader = StatisticsReader(catalog: catalog, indicators: indicators)
            for name in names.sorted() {
                let path = join(statisticsFolder, name)
                if let skipped = InputEntry.statisticsEntry(name: name, path: path) {
                    diagnostics.append(skipped)
                    continue
                }
                let read: (result: StatisticsReadResult, encoding: String, delimiter: Character?, textDiagnostics: [Diagnostic])
                var format = "csv"
                var workbookSheet: String?
                let statisticsFormat = InputEntry.statisticsFormat(name)
                if let textFormat = statisticsFormat.textFormat, let signature = BinarySignature(path: path) {
                    let workbookName = (name as NSString).deletingPathExtension + ".xlsx"
                    diagnostics.append(signature.refusal(file: path, format: textFormat, workbookName: workbookName))
                    continue
                }
                switch statisticsFormat {
                case .workbook:
                    let workbook = WorkbookStatisticsReader(reader: reader, sliceBytes: sliceBytes).read(path: path, into: &store)
                    guard let result = workbook.result else {
                        diagnostics += workbook.read.diagnostics
                        continue
                    }
                    format = "xlsx"
                    workbookSheet = workbook.read.sheet
                    read = (result, DetectedEncoding.utf8.rawValue, nil, [])
                case .pcAxis:
                    let file = PXReader(reader: reader).read(path: path, into: &store)
                    format = "px"
                    read = (file.result, file.encoding, nil, [])
                case .jsonStat:
                    let file = JSONStatReader(reader: reader).read(path: path, into: &store)
                    format = "json-stat"
                    read = (file.result, file.encoding, nil, [])
                case .delimited:
                    guard let file = readDelimited(path, reader: reader, store: &store, diagnostics: &diagnostics) else { continue }
                    read = (file.result, file.encoding.rawValue, Character(Unicode.Scalar(file.delimiter)), file.textDiagnostics)
                }
                let result = read.result
                translatedLabels += result.translatedLabels
                cellSources[path] = result.cellSource
                duplicatesOfCells += result.duplicatesOfCells
                for area in result.areas where seenAreas[area.code] == nil {
                    seenAreas[area.code] = area
                    areaOrder.append(area.code)
                }
                // Municipalities this file placed in a region: known, with that region, to the next files.
                let placed = result.areas.filter {
                    $0.origin != .catalogue && $0.origin != .areaTable && $0.regionCode != nil && reader.catalog.area(code: $0.code) == nil
                }
                if !placed.isEmpty {
                    catalog = catalog.adding(placed)
                    reader.catalog = catalog
                }
                diagnostics += limited(read.textDiagnostics + result.diagnostics, file: path)
                var summary = InputFileSummary(
                    path: path, kind: .statistics, layout: result.layout, encoding: read.encoding,
                    delimiter: read.delimiter, decimalSeparator: result.decimalSeparator,
                    rows: result.rows, areas: result.areas.count, indicators: result.indicatorIDs.count, years: result.years)
                summary.format = format
                summary.sheet = workbookSheet
                files.append(summary)
            }
            // A duplicate of a JSON-stat cell read before names the cell's line once every file is read.
            diagnostics = DuplicateOfCell.placeAll(duplicatesOfCells, sources: cellSources, in: diagnostics)
            diagnostics += fillTranslatedLabels(translatedLabels, into: &indicators)
        } else if case let type = InputEntry.type(of: statisticsFolder), type != .missing, type != .directory {
            diagnostics.append(InputEntry.refusal(type, name: "statistics", path: statisticsFolder))
        } else {
            diagnostics.append(
                Diagnostic(
                    .error, code: "input.missing-folder",
                    "The folder \(statisticsFolder) does not exist; put the statistics CSV files there.",
                    at: SourceLocation(file: statisticsFolder)))
        }

        // Measures: measures.csv, or a workbook measures.xlsx, not both.
        var measures: [Measure] = []
        let topLevel = ((try? fileManager.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        let workbooks = InputEntry.measuresWorkbooks(topLevel)
        var measuresPath = join(directory, "measures.csv")
        var measuresDocument: CSVDocument?
        var measuresSheet: String?
        if let workbook = workbooks.first {
            let workbookPath = join(directory, workbook)
            let others = (topLevel.contains("measures.csv") ? ["measures.csv"] : []) + workbooks.dropFirst()
            if !others.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        .error, code: "input.two-measures",
                        "The input folder has both \(workbook) and \(others.joined(separator: ", ")); Vitality reads one measures sheet. Remove the one that is not current.",
                        at: SourceLocation(file: workbookPath)))
            } else if InputEntry.type(of: workbookPath) != .regular {
                diagnostics.append(InputEntry.refusal(InputEntry.type(of: workbookPath), name: workbook, path: workbookPath))
            } else {
                let read = WorkbookMeasuresReader().read(path: workbookPath)
                diagnostics += read.read.diagnostics
                measuresDocument = read.document
                measuresPath = read.document?.file ?? workbookPath
                measuresSheet = read.read.sheet
            }
        } else {
            measuresDocument = loadInput(measuresPath, workbookName: "measures.xlsx", into: &diagnostics)
        }
        if let document = measuresDocument {
            let (read, found, decimal) = MeasuresReader().read(document)
            measures = read
            diagnostics += limited(document.diagnostics + found, file: measuresPath)
            let years = read.flatMap { Array($0.actuals.keys) }
            var summary = InputFileSummary(
                path: measuresPath, kind: .measures, layout: "measures-table", encoding: document.encoding.rawValue,
                delimiter: document.table.delimiterCharacter, decimalSeparator: decimal, rows: read.count, areas: 0,
                indicators: Set(read.map(\.indicator).filter { !$0.isEmpty }).count,
                years: years.min().flatMap { low in years.max().map { low...$0 } })
            if let measuresSheet {
                summary.format = "xlsx"
                summary.sheet = measuresSheet
            }
            files.append(summary)
        }

        // Everything else at the top level.
        for name in topLevel where !["indicators.csv", "areas.csv", "measures.csv", "statistics"].contains(name) && !workbooks.contains(name) {
            diagnostics.append(InputEntry.topLevelEntry(name: name, path: join(directory, name)))
        }

        let areas = datasetAreas(seen: areaOrder.compactMap { seenAreas[$0] }, catalog: catalog)
        return InputReadResult(
            dataset: Dataset(areas: areas, indicators: indicators, store: store, measures: measures),
            diagnostics: diagnostics, files: files)
    }

    /// A delimited statistics file read in slices; nil (with the reason) when it cannot be read.
    private func readDelimited(
        _ path: String, reader: StatisticsReader, store: inout ObservationStore, diagnostics: inout [Diagnostic]
    ) -> StreamedFile? {
        if let streamed = ChunkedStatisticsReader(reader: reader, sliceBytes: sliceBytes).read(path: path, into: &store) {
            return streamed
        }
        // A file that cannot be mapped (unreadable, nearly empty, over 4 GiB): loaded whole,
        // which reports why it cannot be read, and read as one slice.
        guard let document = load(path, into: &diagnostics) else { return nil }
        return StreamedFile(
            result: reader.read(document, into: &store), encoding: document.encoding,
            delimiter: document.table.delimiter, textDiagnostics: document.diagnostics)
    }

    /// The areas in the data, plus every municipality of each region that appears (directly or
    /// as a municipality's region), so ranks and medians see the whole region, and that region
    /// itself when the files have no rows for it, so texts can name it. Sorted by kind
    /// (country, regions, municipalities), then code.
    func datasetAreas(seen: [Area], catalog: AreaCatalog) -> [Area] {
        var byCode: [String: Area] = [:]
        for area in seen { byCode[area.code] = area }
        var regions: Set<String> = []
        for area in seen {
            if area.kind == .region { regions.insert(area.code) }
            if area.kind == .municipality, let region = area.regionCode { regions.insert(region) }
        }
        for region in regions {
            for municipality in catalog.municipalities(region: region) where byCode[municipality.code] == nil {
                byCode[municipality.code] = municipality
            }
            // A file with rows for municipalities only still has their region named in texts
            // ("the 26 municipalities of Uusimaa"), not its code.
            if byCode[region] == nil, let area = catalog.area(code: region), area.kind == .region {
                byCode[region] = area
            }
        }
        func order(_ kind: AreaKind) -> Int {
            switch kind {
            case .country: return 0
            case .region: return 1
            case .municipality: return 2
            }
        }
        return byCode.values.sorted { (order($0.kind), $0.code) < (order($1.kind), $1.code) }
    }

    /// `load` for `indicators.csv` and `measures.csv`, after checking (without opening it) that
    /// the entry is a file.
    /// `workbookName`: the name under which a workbook is read in this file's place, if any.
    private func loadInput(_ path: String, workbookName: String? = nil, into diagnostics: inout [Diagnostic]) -> CSVDocument? {
        switch InputEntry.type(of: path) {
        case .missing: return load(path, into: &diagnostics)
        case .regular:
            if let signature = BinarySignature(path: path) {
                diagnostics.append(signature.refusal(file: path, format: .csv, workbookName: workbookName))
                return nil
            }
            return load(path, into: &diagnostics)
        case let other:
            diagnostics.append(InputEntry.refusal(other, name: path.split(separator: "/").last.map(String.init) ?? path, path: path))
            return nil
        }
    }

    private func load(_ path: String, into diagnostics: inout [Diagnostic]) -> CSVDocument? {
        guard FileManager.default.fileExists(atPath: path) else {
            diagnostics.append(
                Diagnostic(
                    .error, code: "input.missing-file", "The input file \(path) does not exist.",
                    at: SourceLocation(file: path)))
            return nil
        }
        let (document, found) = CSVDocument.load(path: path)
        if document == nil { diagnostics += found }
        return document
    }

    /// At most `diagnosticsPerFile` diagnostics, most severe first (errors are never crowded out
    /// by warnings), in file order within a severity; then one note counting the rest.
    func limited(_ diagnostics: [Diagnostic], file: String) -> [Diagnostic] {
        guard diagnostics.count > Self.diagnosticsPerFile else { return diagnostics }
        let rest = diagnostics.count - Self.diagnosticsPerFile
        let ordered = [Severity.error, .warning, .note].flatMap { severity in diagnostics.filter { $0.severity == severity } }
        return Array(ordered.prefix(Self.diagnosticsPerFile)) + [
            Diagnostic(.note, code: "input.more-diagnostics", "\(rest) more problems in \(file) were not listed.", at: SourceLocation(file: file))
        ]
    }
}
