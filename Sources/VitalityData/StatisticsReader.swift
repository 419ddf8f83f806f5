import VitalityModel

/// What one statistics file yielded.
package struct StatisticsReadResult: Sendable {
    /// The observations of the file (empty when the reader wrote into a caller's store).
    package var observations: ObservationStore
    /// Areas the file names: catalog areas, and municipalities created for unknown codes.
    package var areas: [Area]
    package var diagnostics: [Diagnostic]
    /// The detected layout (`long`, `pxweb-long`, `pxweb-wide`, with ` with heading` when the
    /// file starts with a PX-Web title line); `unknown` when none fits.
    package var layout: String
    package var decimalSeparator: Character?
    /// Non-blank data records after the header.
    package var rows: Int
    /// Observations stored from this file (duplicates of earlier ones not counted).
    package var stored: Int = 0
    /// Distinct indicator ids of the stored observations.
    package var indicatorIDs: Set<String> = []
    package var years: ClosedRange<Int>?
    /// Swedish and English labels of indicators.csv's indicators the file gives (PC-Axis).
    var translatedLabels: [TranslatedLabel] = []
    /// Duplicates among `diagnostics` whose earlier value is a cell of a JSON-stat file read
    /// before, named by its position until `DuplicateOfCell.placeAll` names its line and column.
    var duplicatesOfCells: [DuplicateOfCell] = []
    /// For a JSON-stat file: where its cells are found again (`DuplicateOfCell.placeAll`).
    var cellSource: JSONStatReader.Source?
}

/// Reads one statistics file whose layout is detected from its header (DATA.md §1).
/// Areas resolve through an `AreaCatalog`, indicator labels through an `IndicatorMatcher`;
/// unknown indicator labels are warned about and kept as their own ids.
package struct StatisticsReader: Sendable {
    package var catalog: AreaCatalog
    package var matcher: IndicatorMatcher

    package init(catalog: AreaCatalog = .standard, indicators: [Indicator]) {
        self.catalog = catalog
        self.matcher = IndicatorMatcher(indicators: indicators)
    }

    /// Reads a file on its own.
    package func read(_ document: CSVDocument) -> StatisticsReadResult {
        var store = ObservationStore()
        var result = read(document, into: &store)
        result.observations = store
        return result
    }

    /// Reads a file into a store shared with other files; an observation whose area, indicator
    /// and year the store already holds with a different value is a duplicate error naming both places.
    /// The document is read by the one statistics path, as one slice.
    package func read(_ document: CSVDocument, into store: inout ObservationStore) -> StatisticsReadResult {
        ChunkedStatisticsReader(reader: self).read(document, into: &store)
    }
}

/// The title line and header row of a statistics file, and the layout they announce.
struct StatisticsHead {
    /// The quoted PX-Web title line, when the file has one.
    var title: String?
    /// Index of the header among the non-blank records.
    var headerPosition: Int
    var headerLine: Int
    var layout: any StatisticsLayout

    struct Failure: Error {
        var diagnostics: [Diagnostic]
    }

    /// Finds the header among the first non-blank records of a document (the whole file or its
    /// beginning); a failure is the diagnostic to report for the file.
    static func find(_ document: CSVDocument, _ records: [CSVRecord]) -> Result<StatisticsHead, Failure> {
        let table = document.table
        var headerPosition = 0
        var title: String?
        if records.count > 1, records[0].fieldCount == 1, let only = table.field(records[0], 0), only.quoted {
            title = table.trimmedText(only)
            headerPosition = 1
        }
        guard headerPosition < records.count else {
            return .failure(
                Failure(diagnostics: [
                    Diagnostic(
                        .error, code: "statistics.empty",
                        "The file has no header row and no data: the export failed or saved nothing. Export the table again.",
                        at: SourceLocation(file: document.file))
                ]))
        }
        let headerRecord = records[headerPosition]
        let header = table.fields(of: headerRecord).map(table.text)
        let duplicates = duplicateHeaderDiagnostics(header, file: document.file, line: headerRecord.line)
        guard duplicates.isEmpty else { return .failure(Failure(diagnostics: duplicates)) }
        guard let layout = StatisticsLayouts.detect(header: header, title: title) else {
            return .failure(
                Failure(diagnostics: [
                    Diagnostic(
                        .error, code: "statistics.unknown-layout",
                        "The header row (\(quotedList(header.map(\.trimmedCSV)))) fits no known layout. A statistics file needs an area column (alue/area) and either a year column (vuosi/year) or years as column names.",
                        at: document.location(headerRecord))
                ]))
        }
        return .success(StatisticsHead(title: title, headerPosition: headerPosition, headerLine: headerRecord.line, layout: layout))
    }
}

/// One statistics file being read into a store, in one piece or slice after slice of its data
/// records (`ChunkedStatisticsReader`). The decimal separator is decided from the first slice
/// (the whole file when read in one piece); the evidence of every slice is counted, so a reader
/// of slices can tell when the whole file disagrees and read it again with `decimal` set.
struct StatisticsSession {
    private var layout: any StatisticsLayout
    private var cells = StatisticsCells()
    private var cache = LabelCache()
    private var sink: ObservationSink
    private let delimiter: UInt8
    private(set) var numbers: NumberParsing?
    private(set) var pointEvidence = 0
    private(set) var commaEvidence = 0
    private var rows = 0
    private let layoutName: String

    /// Prepares the layout from `firstRecords` (the first data records, non-blank) of `document`;
    /// `decimal` forces the separator.
    init(
        reader: StatisticsReader, document: CSVDocument, head: StatisticsHead, firstRecords: ArraySlice<CSVRecord>,
        decimal: Character? = nil, store: inout ObservationStore
    ) {
        layout = head.layout
        layoutName = head.layout.name + (head.title == nil ? "" : " with heading")
        delimiter = document.table.delimiter
        numbers = decimal.map { NumberParsing(decimalSeparator: $0) }
        sink = ObservationSink(reader: reader, file: document.file, store: &store)
        sink.descriptionColumns = head.layout.descriptionColumns
        layout.prepare(document, headerLine: head.headerLine, records: firstRecords, into: &cells)
    }

    /// The decimal separator the evidence of all slices so far points to.
    var majorityDecimal: Character {
        delimiter == UInt8(ascii: ",") || pointEvidence >= commaEvidence ? "." : ","
    }

    /// Reads non-blank data records of `document` (the next slice of the file).
    mutating func read(_ document: CSVDocument, records: ArraySlice<CSVRecord>, store: inout ObservationStore) {
        rows += records.count
        cells.cells.removeAll(keepingCapacity: true)
        layout.extract(document, records: records, cache: &cache, into: &cells)
        let table = document.table
        let counted = numbers == nil
        if counted {
            // The first slice decides the separator (the whole file when read in one piece).
            table.bytes.withUnsafeBufferPointer { buffer in
                for cell in cells.cells { count(NumberParsing.separatorEvidence(buffer, cell.value.start, cell.value.end)) }
            }
            numbers = NumberParsing(decimalSeparator: majorityDecimal)
        }
        guard let numbers else { return }
        sink.diagnostics += cells.diagnostics
        cells.diagnostics.removeAll()
        let decimal = numbers.decimalCharacter
        table.bytes.withUnsafeBufferPointer { buffer in
            for cell in cells.cells {
                guard describes(cell) else { continue }
                let value: NumberParsing.Parsed
                if let plain = numbers.plainNumber(buffer, cell.value.start, cell.value.end) {
                    if !counted { count(plain.evidence) }
                    value = .value(.number(plain.value))
                } else {
                    if !counted { count(NumberParsing.separatorEvidence(buffer, cell.value.start, cell.value.end)) }
                    value = numbers.parse(buffer, cell.value.start, cell.value.end) ?? .notANumber(table.text(cell.value))
                }
                sink.add(
                    areaLabel: cell.areaLabel, indicatorLabel: cell.indicatorLabel, year: cell.year, value: value,
                    line: cell.line, column: cell.value.column, labels: cells.labels, decimal: decimal, store: &store)
            }
        }
    }

    /// False when the cell's area name or region conflicts with its area's first row (in a file
    /// with a region column), so that the cell is skipped (`ObservationSink.describe`).
    private mutating func describes(_ cell: RawObservation) -> Bool {
        cell.regionLabel < 0
            || sink.describe(
                areaLabel: cell.areaLabel, nameLabel: cell.nameLabel, regionLabel: cell.regionLabel, line: cell.line,
                labels: cells.labels)
    }

    /// The label id of a cell's text, the same as for a field of a slice with that text.
    mutating func label(_ text: String) -> Int {
        cells.label(text.trimmedCSV)
    }

    /// Stores a record whose cells were read without a slice (a workbook row of the long
    /// layout, `SheetLongRows`), as `read` stores the record of a slice with the same labels,
    /// year and plain number (`NumberParsing.plainNumber`) in the column of `cell.value`. Only
    /// once the decimal separator is decided (`numbers`).
    mutating func add(_ cell: RawObservation, number: (value: Double, evidence: UInt8), store: inout ObservationStore) {
        guard let numbers else { return }
        rows += 1
        guard describes(cell) else { return }
        count(number.evidence)
        sink.add(
            areaLabel: cell.areaLabel, indicatorLabel: cell.indicatorLabel, year: cell.year, value: .value(.number(number.value)),
            line: cell.line, column: cell.value.column, labels: cells.labels, decimal: numbers.decimalCharacter, store: &store)
    }

    private mutating func count(_ evidence: UInt8?) {
        switch evidence {
        case UInt8(ascii: ","): commaEvidence += 1
        case UInt8(ascii: "."): pointEvidence += 1
        default: break
        }
    }

    /// The result of the file.
    func finish(store: ObservationStore) -> StatisticsReadResult {
        var result = StatisticsReadResult(
            observations: ObservationStore(), areas: [], diagnostics: [], layout: layoutName,
            decimalSeparator: (numbers ?? NumberParsing(decimalSeparator: majorityDecimal)).decimalCharacter,
            rows: rows)
        var sink = sink
        sink.diagnostics = cells.diagnostics + sink.diagnostics
        sink.finish(into: &result, store: store)
        return result
    }
}

/// Resolves labelled cells of one file to areas and indicators and stores them: each distinct
/// label is matched once; unknown areas, indicators and duplicates become diagnostics.
struct ObservationSink {
    let catalog: AreaCatalog
    let matcher: IndicatorMatcher
    let file: String
    let fileID: UInt16
    var diagnostics: [Diagnostic] = []
    private static let unresolved: Int32 = -2
    private var areaOfLabel: [Int32] = []
    private var indicatorOfLabel: [Int32] = []
    private var yearOfLabel: [Int32] = []
    private var reportedNoYear = Set<Int>()
    private var areas: [Area] = []
    private var areaSeen: Set<Int32> = []
    private var indicatorsSeen: Set<Int32> = []
    private var minYear = Int.max
    private var maxYear = Int.min
    private var stored = 0
    /// Cells read as a number or a missing value (stored, or repeating a stored one).
    private var accepted = 0
    /// Of those, numbers.
    private var acceptedNumbers = 0
    private var lastIndicator: Int32 = -1
    /// 1-based columns of the area name and region cells, in a file with a region column.
    var descriptionColumns: (name: Int, region: Int) = (0, 0)
    /// Per area label, in a file with a region column: the name and region label ids of its first
    /// row (`unresolved` before it) and that row's line.
    private var describedName: [Int32] = []
    private var describedRegion: [Int32] = []
    private var describedLine: [Int32] = []
    private var reportedConflict = Set<Int>()
    /// For a file whose cells the store places by position (JSON-stat): its text's lines, so a
    /// diagnostic about a cell names the line and column of `cellOffset`, the cell being added.
    var cellLines: LineIndex?
    var cellOffset = 0
    /// The duplicate diagnostics whose earlier value is placed by its position (`DuplicateOfCell`).
    private var duplicatesOfCells: [DuplicateOfCell] = []

    init(reader: StatisticsReader, file: String, store: inout ObservationStore) {
        catalog = reader.catalog
        matcher = reader.matcher
        self.file = file
        fileID = store.internFile(file)
    }

    /// In a file with a region column, records the name and region a row gives its area, before
    /// the row is `add`ed: the first row of an area describes it (a municipality the catalogue
    /// lacks is created from it), and every later row must agree. False for a row that does not:
    /// it is an error at the differing cell (reported once per area) and the row is skipped.
    /// Callers may skip the call for a row whose area, name and region cells are those of the
    /// previous row that was described (the verdict is the same).
    mutating func describe(areaLabel: Int, nameLabel: Int, regionLabel: Int, line: Int, labels: [String]) -> Bool {
        if describedRegion.count < labels.count {
            let extra = labels.count - describedRegion.count
            describedName += repeatElement(Self.unresolved, count: extra)
            describedRegion += repeatElement(Self.unresolved, count: extra)
            describedLine += repeatElement(0, count: extra)
        }
        let name = Int32(truncatingIfNeeded: nameLabel)
        let region = Int32(truncatingIfNeeded: regionLabel)
        guard describedRegion[areaLabel] != Self.unresolved else {
            describedName[areaLabel] = name
            describedRegion[areaLabel] = region
            describedLine[areaLabel] = Int32(clamping: line)
            return true
        }
        if describedName[areaLabel] == name, describedRegion[areaLabel] == region { return true }
        if reportedConflict.insert(areaLabel).inserted {
            let regionDiffers = describedRegion[areaLabel] != region
            let (what, first, here, column) =
                regionDiffers
                ? ("region", Int(describedRegion[areaLabel]), regionLabel, descriptionColumns.region)
                : ("name", Int(describedName[areaLabel]), nameLabel, descriptionColumns.name)
            func text(_ id: Int) -> String { id >= 0 && id < labels.count ? labels[id] : "" }
            diagnostics.append(
                Diagnostic(
                    .error, code: "statistics.area-conflict",
                    "Area `\(excerpt(labels[areaLabel]))` has the \(what) `\(excerpt(text(here)))` here but `\(excerpt(text(first)))` on line \(describedLine[areaLabel]) of \(file); every row of an area must give the same name and region. Rows that differ from its first row were skipped.",
                    at: SourceLocation(file: file, line: line, column: column)))
        }
        return false
    }

    /// The name and region texts the file's rows give an area label, when it has a region column.
    private func description(_ label: Int, _ labels: [String]) -> (name: String, region: String)? {
        guard label < describedRegion.count, describedRegion[label] >= 0 else { return nil }
        let name = Int(describedName[label])
        return (name >= 0 && name < labels.count ? labels[name] : "", labels[Int(describedRegion[label])])
    }

    /// Where an area's region was defined, for messages.
    private func definedIn(_ area: Area) -> String {
        switch area.origin {
        case .catalogue: return "Vitality's 2024 municipality list"
        case .areaTable: return "areas.csv"
        case .statistics(let path): return path
        }
    }

    private mutating func grow(to count: Int) {
        guard areaOfLabel.count < count else { return }
        let extra = count - areaOfLabel.count
        areaOfLabel += repeatElement(Self.unresolved, count: extra)
        indicatorOfLabel += repeatElement(Self.unresolved, count: extra)
        yearOfLabel += repeatElement(-1, count: extra)
    }

    /// Where the cell at `line`, `column` is, for a diagnostic: in a file read with
    /// `cellLines`, the line and column of `cellOffset`.
    private func place(_ line: Int, _ column: Int) -> SourceLocation {
        cellLines?.location(of: cellOffset, file: file) ?? SourceLocation(file: file, line: line, column: column)
    }

    private mutating func resolveArea(_ label: Int, _ labels: [String], line: Int, store: inout ObservationStore) -> Int32 {
        let text = labels[label]
        let described = description(label, labels)
        let regionAt = SourceLocation(
            file: file, line: Int(label < describedLine.count ? describedLine[label] : 0),
            column: descriptionColumns.region)
        var found: Area
        switch catalog.match(text) {
        case .known(let known):
            found = known
            if let described, !described.region.isEmpty, found.kind == .municipality {
                let region = catalog.region(described.region)
                if region == nil || region?.code != found.regionCode {
                    let theirs = found.regionCode.map { code in catalog.area(code: code).map { "\(code) \($0.nameFI)" } ?? code } ?? "no region"
                    let given = region.map { $0.code == described.region ? "" : " (\($0.code))" } ?? ", which is not a region Vitality knows"
                    diagnostics.append(
                        Diagnostic(
                            .warning, code: "statistics.region-mismatch",
                            "Area \(found.code) \(found.nameFI) is in \(theirs) in \(definedIn(found)), but this file gives the region `\(excerpt(described.region))`\(given); the region of \(definedIn(found)) was kept. A municipality that changed region keeps its 2024 one.",
                            at: regionAt))
                }
            }
        case .created(let created):
            found = created
            if let described, !described.region.isEmpty {
                guard let region = catalog.region(described.region) else { return unknownRegion(text, described.region, at: regionAt) }
                found.regionCode = region.code
                if !described.name.isEmpty, AreaCatalog.municipalityCode(described.name) == nil, described.name != text { found.nameFI = described.name }
            }
            found.origin = .statistics(file)
        case .unknown:
            guard let described, !described.region.isEmpty, let code = AreaCatalog.municipalityCode(text) else {
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "statistics.unknown-area",
                        "Area `\(text)` in \(file) is not a known municipality, region or the country; its rows were skipped. To use a municipality the 2024 list lacks, define it in input/areas.csv (code,name_fi,name_sv,name_en,region) or give this file a `region` column beside its area code.",
                        at: place(line, 0)))
                return -1
            }
            guard let region = catalog.region(described.region) else { return unknownRegion(text, described.region, at: regionAt) }
            found = Area(code: code, nameFI: described.name.isEmpty ? code : described.name, kind: .municipality, regionCode: region.code)
            found.origin = .statistics(file)
        }
        if found.regionCode == nil, found.kind == .municipality, found.abolishedYear == nil {
            diagnostics.append(
                Diagnostic(
                    .warning, code: "statistics.unknown-area-code",
                    "Municipality code \(found.code) (`\(text)`) in \(file) is not in the 2024 municipality list; it is kept without a region, so it is not ranked within one. Give its region in input/areas.csv or in a `region` column of this file.",
                    at: place(line, 0)))
        }
        let id = store.internArea(found.code)
        if areaSeen.insert(id).inserted { areas.append(found) }
        return id
    }

    /// The error of a municipality the catalogue lacks whose region cell names no known region:
    /// without a region it cannot be ranked, so its rows are skipped.
    private mutating func unknownRegion(_ area: String, _ region: String, at location: SourceLocation) -> Int32 {
        diagnostics.append(
            Diagnostic(
                .error, code: "statistics.unknown-region",
                "Region `\(excerpt(region))` of area `\(excerpt(area))` is not a region Vitality knows, so the area's rows were skipped. Give a region code (`MK01`–`MK21`) or a region name such as `Pirkanmaa`.",
                at: location))
        return -1
    }

    private mutating func resolveIndicator(_ label: Int, _ labels: [String], line: Int, column: Int, store: inout ObservationStore) -> Int32 {
        let text = labels[label]
        if let found = matcher.match(text) {
            yearOfLabel[label] = Int32(found.year ?? -1)
            return store.internIndicator(found.id)
        }
        diagnostics.append(
            Diagnostic(
                .warning, code: "statistics.unknown-indicator",
                "Indicator `\(text)` in \(file) is not in the indicator table; its rows are kept under that label. Add it as an id or alias in indicators.csv.",
                at: place(line, column)))
        return store.internIndicator(text)
    }

    /// A cell and its text as a message names them: `Cell E400 ("12,5") of tilasto.xlsx[Taulukko1]`
    /// in a sheet, `Cell "12,5" in tilasto.csv line 400, column 5` in a text file.
    private func cellSubject(_ text: String, _ at: SourceLocation) -> String {
        at.isSheet
            ? "Cell \(SourceLocation.columnName(at.column))\(at.line) (\"\(excerpt(text))\") of \(file)"
            : "Cell \"\(excerpt(text))\" in \(file) line \(at.line), column \(at.column)"
    }

    mutating func add(
        areaLabel: Int, indicatorLabel: Int, year: Int?, value parsed: NumberParsing.Parsed,
        line: Int, column: Int, labels: [String], decimal: Character, store: inout ObservationStore
    ) {
        grow(to: labels.count)
        var area = areaOfLabel[areaLabel]
        if area == Self.unresolved {
            area = resolveArea(areaLabel, labels, line: line, store: &store)
            areaOfLabel[areaLabel] = area
        }
        guard area >= 0 else { return }
        var indicator = indicatorOfLabel[indicatorLabel]
        if indicator == Self.unresolved {
            indicator = resolveIndicator(indicatorLabel, labels, line: line, column: column, store: &store)
            indicatorOfLabel[indicatorLabel] = indicator
        }
        let labelYear = yearOfLabel[indicatorLabel]
        guard let year = year ?? (labelYear >= 0 ? Int(labelYear) : nil) else {
            if reportedNoYear.insert(indicatorLabel).inserted {
                diagnostics.append(
                    Diagnostic(
                        .error, code: "statistics.no-year",
                        "Values of `\(labels[indicatorLabel])` have no year: the file has no year column and the label carries none.",
                        at: place(line, column)))
            }
            return
        }
        let value: ObservedValue
        switch parsed {
        case .value(let found): value = found
        case .notANumber(let text):
            let at = place(line, column)
            diagnostics.append(
                Diagnostic(
                    .error, code: "statistics.not-a-number",
                    "\(cellSubject(text, at)) is not a number or a missing-value symbol (`..`, `-`, empty). Decimal separator in this file: `\(decimal)`.\(NumberParsing.textNumberAdvice(text, at: at))",
                    at: at))
            return
        case .outOfRange(let text):
            let at = place(line, column)
            diagnostics.append(
                Diagnostic(
                    .error, code: "statistics.number-out-of-range",
                    "\(cellSubject(text, at)) is a number Vitality cannot keep as written: \(NumberParsing.rangeRule) Check the export; if the number is right, round it.",
                    at: at))
            return
        }
        if let existing = store.insert(area: area, indicator: indicator, year: year, value: value, file: fileID, line: line, column: column) {
            guard existing >= 0 else { return }
            let first = store.value(row: existing)
            if first == value {
                // The same value again (files may overlap): kept once, but this file holds it.
                count(value)
                note(indicator: indicator, year: year)
            } else if let cell = store.cellPosition(row: existing) {
                let duplicate = DuplicateOfCell(
                    area: store.areaCodes[Int(area)], indicator: store.indicatorIDs[Int(indicator)], year: year, first: first,
                    file: cell.file, position: cell.position, second: place(line, column), value: value)
                diagnostics.append(duplicate.diagnostic)
                duplicatesOfCells.append(duplicate)
            } else {
                diagnostics.append(
                    duplicateDiagnostic(
                        area: store.areaCodes[Int(area)], indicator: store.indicatorIDs[Int(indicator)], year: year,
                        first: ("\(store.location(row: existing) ?? SourceLocation(file: file))", first),
                        second: (place(line, column), value)))
            }
            return
        }
        stored += 1
        count(value)
        note(indicator: indicator, year: year)
    }

    /// Counts a row's indicator and year into the file's summary.
    private mutating func note(indicator: Int32, year: Int) {
        if indicator != lastIndicator {
            indicatorsSeen.insert(indicator)
            lastIndicator = indicator
        }
        if year < minYear { minYear = year }
        if year > maxYear { maxYear = year }
    }

    private mutating func count(_ value: ObservedValue) {
        accepted += 1
        if case .number = value { acceptedNumbers += 1 }
    }

    /// The file's diagnostics and summary into `result`, whose `rows` the caller has set; a file
    /// with no data rows, or whose every row was skipped, is an error, one of only missing values
    /// a warning (DATA.md §1). Every statistics reader ends here.
    func finish(into result: inout StatisticsReadResult, store: ObservationStore) {
        // The file's own verdict comes first, so the limit per file never hides it.
        var verdict: [Diagnostic] = []
        let at = SourceLocation(file: file)
        if result.rows == 0 {
            verdict.append(
                Diagnostic(
                    .error, code: "statistics.no-rows",
                    "The file has a header but no data rows: the export failed or was cut short. Export the table again.",
                    at: at))
        } else if accepted == 0, !diagnostics.contains(where: { $0.code == "statistics.no-values" }) {
            verdict.append(
                Diagnostic(
                    .error, code: "statistics.all-rows-skipped",
                    "None of the \(result.rows) data rows of \(file) could be read (see the problems listed for it), so the file adds nothing. Check that it is the export you meant.",
                    at: at))
        } else if accepted > 0, acceptedNumbers == 0 {
            verdict.append(
                Diagnostic(
                    .warning, code: "statistics.only-missing",
                    "Every value read from \(file) is missing (`..`, `-` or empty): the file adds no numbers. Check the export's selections.",
                    at: at))
        }
        result.diagnostics = verdict + diagnostics
        result.areas = areas
        result.stored = stored
        result.indicatorIDs = Set(indicatorsSeen.map { store.indicatorIDs[Int($0)] })
        result.years = minYear <= maxYear ? minYear...maxYear : nil
        result.duplicatesOfCells = duplicatesOfCells
    }
}

/// The error of a value whose area, indicator and year an earlier value has: `first.place` names
/// where that one is (`a.csv:2:3`).
func duplicateDiagnostic(
    area: String, indicator: String, year: Int,
    first: (place: String, value: ObservedValue),
    second: (location: SourceLocation, value: ObservedValue)
) -> Diagnostic {
    Diagnostic(
        .error, code: "statistics.duplicate-observation",
        "Area \(area), indicator `\(indicator)`, year \(year) has the value \(describe(second.value)) here but \(describe(first.value)) at \(first.place). Keep one of them.",
        at: second.location)
}

private func describe(_ value: ObservedValue) -> String {
    switch value {
    case .number(let number): return "\(number)"
    case .missing(let symbol): return symbol.isEmpty ? "(empty)" : "`\(symbol)`"
    }
}
