import VitalityModel

/// Reads `input/indicators.csv` (DATA.md §3): columns `id`, `label_fi`, `label_sv`, `label_en`,
/// `unit`, `kind`, `direction`, `decimals`, `source`, `aliases` (`|`-separated), comma or
/// semicolon delimited. Bad `kind`, `direction` or `decimals` are errors; the row is kept with
/// the default for that column.
public struct IndicatorTableReader: Sendable {
    public init() {}

    public func read(_ document: CSVDocument) -> (indicators: [Indicator], diagnostics: [Diagnostic]) {
        let table = document.table
        var diagnostics: [Diagnostic] = []
        let records = document.nonBlankRecords
        guard let headerRecord = records.first else {
            return ([], [Diagnostic(.error, code: "indicators.empty", "The indicator table has no header row.", at: SourceLocation(file: document.file))])
        }
        let header = HeaderMap(table.texts(headerRecord))
        guard let idColumn = header.index(["id"]) else {
            return ([], [Diagnostic(.error, code: "indicators.missing-column",
                                    "The indicator table has no `id` column. Expected columns: id, label_fi, label_sv, label_en, unit, kind, direction, decimals, source, aliases.",
                                    at: document.location(headerRecord))])
        }
        let columns = (
            fi: header.index(["label_fi"]), sv: header.index(["label_sv"]), en: header.index(["label_en"]),
            unit: header.index(["unit"]), kind: header.index(["kind"]), direction: header.index(["direction"]),
            decimals: header.index(["decimals"]), source: header.index(["source"]), aliases: header.index(["aliases"])
        )
        var indicators: [Indicator] = []
        var firstLine: [String: Int] = [:]
        for record in records.dropFirst() {
            func cell(_ index: Int?) -> (text: String, field: CSVField?) {
                guard let index, let field = table.field(record, index) else { return ("", nil) }
                return (table.trimmedText(field), field)
            }
            let id = cell(idColumn).text
            guard !id.isEmpty else {
                diagnostics.append(Diagnostic(.error, code: "indicators.missing-id", "This indicator row has no id.", at: document.location(record)))
                continue
            }
            if let previous = firstLine[id] {
                diagnostics.append(Diagnostic(.error, code: "indicators.duplicate-id",
                                              "Indicator id `\(id)` is defined again; it was first defined on line \(previous).",
                                              at: document.location(record, cell(idColumn).field)))
                continue
            }
            firstLine[id] = record.line
            var indicator = Indicator(id: id, labelFI: cell(columns.fi).text)
            if indicator.labelFI.isEmpty { indicator.labelFI = id }
            indicator.labelSV = cell(columns.sv).text
            indicator.labelEN = cell(columns.en).text
            indicator.unit = cell(columns.unit).text
            indicator.source = cell(columns.source).text
            indicator.aliases = cell(columns.aliases).text.split(separator: "|").map { String($0).trimmedCSV }.filter { !$0.isEmpty }
            let kind = cell(columns.kind)
            if !kind.text.isEmpty {
                if let value = IndicatorKind(rawValue: kind.text.lowercased()) {
                    indicator.kind = value
                } else {
                    diagnostics.append(Diagnostic(.error, code: "indicators.bad-kind",
                                                  "Kind `\(kind.text)` of indicator `\(id)` is not `level` or `rate`.",
                                                  at: document.location(record, kind.field)))
                }
            }
            let direction = cell(columns.direction)
            if !direction.text.isEmpty {
                if let value = Direction(rawValue: direction.text.lowercased()) {
                    indicator.direction = value
                } else {
                    diagnostics.append(Diagnostic(.error, code: "indicators.bad-direction",
                                                  "Direction `\(direction.text)` of indicator `\(id)` is not `up`, `down` or `neutral`.",
                                                  at: document.location(record, direction.field)))
                }
            }
            let decimals = cell(columns.decimals)
            if !decimals.text.isEmpty {
                if let value = Int(decimals.text), (0...10).contains(value) {
                    indicator.decimals = value
                } else {
                    diagnostics.append(Diagnostic(.error, code: "indicators.bad-decimals",
                                                  "Decimals `\(decimals.text)` of indicator `\(id)` is not a whole number from 0 to 10.",
                                                  at: document.location(record, decimals.field)))
                }
            }
            indicators.append(indicator)
        }
        return (indicators, diagnostics)
    }
}

/// Maps Statistics Finland indicator labels to indicator ids: by id, any Finnish, Swedish or
/// English label, or alias, case-insensitively; also after removing a trailing year
/// (`Väkiluku, 2017`), which is then returned as the label's year.
public struct IndicatorMatcher: Sendable {
    private var ids: [String: String] = [:]

    public init(indicators: [Indicator]) {
        for indicator in indicators {
            for key in [indicator.id, indicator.labelFI, indicator.labelSV, indicator.labelEN] + indicator.aliases where !key.isEmpty {
                let normalized = key.trimmedCSV.lowercased()
                if ids[normalized] == nil { ids[normalized] = indicator.id }
            }
        }
    }

    /// The indicator id for a label, and the year the label carried if one was removed.
    public func match(_ label: String) -> (id: String, year: Int?)? {
        if let id = ids[label.trimmedCSV.lowercased()] { return (id, nil) }
        if let (head, year) = splitTrailingYear(label), let id = ids[head.lowercased()] { return (id, year) }
        return nil
    }
}
