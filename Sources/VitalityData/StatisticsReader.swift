import VitalityModel

/// What one statistics file yielded.
public struct StatisticsReadResult: Sendable {
    public var observations: [Observation]
    /// Areas the file names: catalog areas, and municipalities created for unknown codes.
    public var areas: [Area]
    public var diagnostics: [Diagnostic]
    /// The detected layout (`long`, `pxweb-long`, `pxweb-wide`, with ` with heading` when the
    /// file starts with a PX-Web title line); `unknown` when none fits.
    public var layout: String
    public var decimalSeparator: Character?
    /// Non-blank data records after the header.
    public var rows: Int
}

/// Reads one statistics file whose layout is detected from its header (DATA.md §1).
/// Areas resolve through an `AreaCatalog`, indicator labels through an `IndicatorMatcher`;
/// unknown indicator labels are warned about and kept as their own ids.
public struct StatisticsReader: Sendable {
    public var catalog: AreaCatalog
    public var matcher: IndicatorMatcher

    public init(catalog: AreaCatalog = .standard, indicators: [Indicator]) {
        self.catalog = catalog
        self.matcher = IndicatorMatcher(indicators: indicators)
    }

    public func read(_ document: CSVDocument) -> StatisticsReadResult {
        let table = document.table
        var diagnostics: [Diagnostic] = []
        var result = StatisticsReadResult(observations: [], areas: [], diagnostics: [], layout: "unknown", decimalSeparator: nil, rows: 0)
        let records = document.nonBlankRecords
        var headerPosition = 0
        var title: String?
        if records.count > 1, records[0].fieldCount == 1, let only = table.field(records[0], 0), only.quoted {
            title = table.trimmedText(only)
            headerPosition = 1
        }
        guard headerPosition < records.count else {
            result.diagnostics = [Diagnostic(.error, code: "statistics.empty", "The file has no header row and no data.", at: SourceLocation(file: document.file))]
            return result
        }
        let headerRecord = records[headerPosition]
        let header = table.fields(of: headerRecord).map(table.text)
        guard let layout = StatisticsLayouts.detect(header: header, title: title) else {
            result.diagnostics = [Diagnostic(
                .error, code: "statistics.unknown-layout",
                "The header row (\(header.map { "`\($0.trimmedCSV)`" }.joined(separator: ", "))) fits no known layout. A statistics file needs an area column (alue/area) and either a year column (vuosi/year) or years as column names.",
                at: document.location(headerRecord))]
            return result
        }
        result.layout = layout.name + (title == nil ? "" : " with heading")
        result.rows = records.count - headerPosition - 1
        let extracted = layout.cells(in: document, headerLine: headerRecord.line, records: records[(headerPosition + 1)...])
        diagnostics += extracted.diagnostics
        let labels = extracted.labels

        let numbers = NumberParsing.detect(table: table, cells: extracted.cells.lazy.map(\.value))
        result.decimalSeparator = numbers.decimalCharacter

        // Per label id: the resolved area (index into `areas`, -1 unknown) and indicator
        // (index into `indicatorIDs`, with the year the label carried); resolved on first use.
        let unresolved = -2
        var areaOfLabel = [Int](repeating: unresolved, count: labels.count)
        var indicatorOfLabel = [Int](repeating: unresolved, count: labels.count)
        var yearOfLabel = [Int?](repeating: nil, count: labels.count)
        var reportedNoYear = Set<Int>()
        var areas: [Area] = []
        var areaIndexByCode: [String: Int] = [:]
        var indicatorIDs: [String] = []
        var indicatorIndexByID: [String: Int] = [:]
        var firstSeen: [UInt64: Int] = [:]
        firstSeen.reserveCapacity(extracted.cells.count)
        var observations: [Observation] = []
        observations.reserveCapacity(extracted.cells.count)

        for cell in extracted.cells {
            if areaOfLabel[cell.areaLabel] == unresolved {
                let label = labels[cell.areaLabel]
                switch catalog.match(label) {
                case .known(let found), .created(let found):
                    if found.regionCode == nil, found.kind == .municipality, found.abolishedYear == nil {
                        diagnostics.append(Diagnostic(.warning, code: "statistics.unknown-area-code",
                                                      "Municipality code \(found.code) (`\(label)`) in \(document.file) is not in the 2024 municipality list; it is kept without a region, so it is not ranked within one.",
                                                      at: SourceLocation(file: document.file, line: cell.line)))
                    }
                    if let index = areaIndexByCode[found.code] {
                        areaOfLabel[cell.areaLabel] = index
                    } else {
                        areaIndexByCode[found.code] = areas.count
                        areaOfLabel[cell.areaLabel] = areas.count
                        areas.append(found)
                    }
                case .unknown:
                    areaOfLabel[cell.areaLabel] = -1
                    diagnostics.append(Diagnostic(.warning, code: "statistics.unknown-area",
                                                  "Area `\(label)` in \(document.file) is not a known municipality, region or the country; its rows were skipped.",
                                                  at: SourceLocation(file: document.file, line: cell.line)))
                }
            }
            let areaIndex = areaOfLabel[cell.areaLabel]
            guard areaIndex >= 0 else { continue }

            if indicatorOfLabel[cell.indicatorLabel] == unresolved {
                let label = labels[cell.indicatorLabel]
                let id: String
                if let found = matcher.match(label) {
                    id = found.id
                    yearOfLabel[cell.indicatorLabel] = found.year
                } else {
                    id = label
                    diagnostics.append(Diagnostic(.warning, code: "statistics.unknown-indicator",
                                                  "Indicator `\(label)` in \(document.file) is not in the indicator table; its rows are kept under that label. Add it as an id or alias in indicators.csv.",
                                                  at: SourceLocation(file: document.file, line: cell.line, column: cell.value.column)))
                }
                if let index = indicatorIndexByID[id] {
                    indicatorOfLabel[cell.indicatorLabel] = index
                } else {
                    indicatorIndexByID[id] = indicatorIDs.count
                    indicatorOfLabel[cell.indicatorLabel] = indicatorIDs.count
                    indicatorIDs.append(id)
                }
            }
            let indicatorIndex = indicatorOfLabel[cell.indicatorLabel]
            let location = SourceLocation(file: document.file, line: cell.line, column: cell.value.column)
            guard let year = cell.year ?? yearOfLabel[cell.indicatorLabel] else {
                if reportedNoYear.insert(cell.indicatorLabel).inserted {
                    diagnostics.append(Diagnostic(.error, code: "statistics.no-year",
                                                  "Values of `\(labels[cell.indicatorLabel])` have no year: the file has no year column and the label carries none.",
                                                  at: location))
                }
                continue
            }

            let value: ObservedValue
            switch numbers.parse(table, cell.value) {
            case .value(let parsed): value = parsed
            case .notANumber(let text):
                diagnostics.append(Diagnostic(.error, code: "statistics.not-a-number",
                                              "Cell \"\(text)\" in \(document.file) line \(cell.line), column \(cell.value.column) is not a number or a missing-value symbol (`..`, `-`, empty). Decimal separator in this file: `\(numbers.decimalCharacter)`.",
                                              at: location))
                continue
            }
            let key = UInt64(areaIndex) << 40 | UInt64(indicatorIndex) << 16 | UInt64(year & 0xFFFF)
            if let firstIndex = firstSeen[key] {
                let first = observations[firstIndex]
                if first.value != value {
                    diagnostics.append(duplicateDiagnostic(
                        area: areas[areaIndex].code, indicator: indicatorIDs[indicatorIndex], year: year,
                        first: (first.location ?? SourceLocation(file: document.file), first.value), second: (location, value)))
                }
                continue
            }
            firstSeen[key] = observations.count
            observations.append(Observation(areaCode: areas[areaIndex].code, indicatorID: indicatorIDs[indicatorIndex],
                                                   year: year, value: value, location: location))
        }
        result.observations = observations
        result.areas = areas
        result.diagnostics = diagnostics
        return result
    }
}

struct ObservationKey: Hashable {
    var area: String
    var indicator: String
    var year: Int
}

func duplicateDiagnostic(area: String, indicator: String, year: Int,
                         first: (location: SourceLocation, value: ObservedValue),
                         second: (location: SourceLocation, value: ObservedValue)) -> Diagnostic {
    Diagnostic(.error, code: "statistics.duplicate-observation",
               "Area \(area), indicator `\(indicator)`, year \(year) has the value \(describe(second.value)) here but \(describe(first.value)) at \(first.location). Keep one of them.",
               at: second.location)
}

private func describe(_ value: ObservedValue) -> String {
    switch value {
    case .number(let number): return "\(number)"
    case .missing(let symbol): return symbol.isEmpty ? "(empty)" : "`\(symbol)`"
    }
}
