import VitalityModel

/// Reads `input/indicators.csv` (DATA.md §3): columns `id`, `label_fi`, `label_sv`, `label_en`,
/// `unit` (or `unit_fi`), `unit_sv`, `unit_en`, `kind`, `direction`, `decimals`, `source` (or
/// `source_fi`), `source_sv`, `source_en`, `aliases` (`|`-separated), comma or semicolon
/// delimited. `id`, `kind` and `direction` are required columns (a missing `kind` or
/// `direction` would silently change results); the others have documented defaults. Bad
/// `kind`, `direction` or `decimals` are errors; the row is kept with the default for that
/// column. A label or alias that names two indicators is an error.
package struct IndicatorTableReader: Sendable {
    package init() {}

    package func read(_ document: CSVDocument) -> (indicators: [Indicator], diagnostics: [Diagnostic]) {
        let table = document.table
        var diagnostics: [Diagnostic] = []
        let records = document.nonBlankRecords
        guard let headerRecord = records.first else {
            return ([], [Diagnostic(.error, code: "indicators.empty", "The indicator table has no header row.", at: SourceLocation(file: document.file))])
        }
        let header = HeaderMap(table.texts(headerRecord))
        diagnostics += duplicateHeaderDiagnostics(table.texts(headerRecord), file: document.file, line: headerRecord.line)
        let expected = "Expected columns: id, label_fi, label_sv, label_en, unit, unit_sv, unit_en, kind, direction, decimals, source, source_sv, source_en, aliases."
        guard let idColumn = header.index(["id"]) else {
            return ([], diagnostics + [Diagnostic(.error, code: "indicators.missing-column",
                                                  "The indicator table has no `id` column. \(expected)",
                                                  at: document.location(headerRecord))])
        }
        let columns = (
            fi: header.index(["label_fi"]), sv: header.index(["label_sv"]), en: header.index(["label_en"]),
            unit: header.index(["unit", "unit_fi"]), unitSV: header.index(["unit_sv"]), unitEN: header.index(["unit_en"]),
            kind: header.index(["kind"]), direction: header.index(["direction"]), decimals: header.index(["decimals"]),
            source: header.index(["source", "source_fi"]), sourceSV: header.index(["source_sv"]), sourceEN: header.index(["source_en"]),
            aliases: header.index(["aliases"])
        )
        for (name, meaning) in [("kind", "`level` or `rate`: whether changes are shown in percent or in percentage points"),
                                ("direction", "`up`, `down` or `neutral`: which way is better, which decides ranks")]
        where header.index([name]) == nil {
            diagnostics.append(Diagnostic(.error, code: "indicators.missing-column",
                                          "The indicator table has no `\(name)` column (\(meaning)). Add it with a value for every indicator; without it every indicator would silently get the default. \(expected)",
                                          at: document.location(headerRecord)))
        }
        let known = Set([idColumn, columns.fi, columns.sv, columns.en, columns.unit, columns.unitSV, columns.unitEN, columns.kind,
                         columns.direction, columns.decimals, columns.source, columns.sourceSV, columns.sourceEN, columns.aliases]
            .compactMap { $0 })
        // (A second column of a known name is a duplicate header, reported above.)
        for (index, name) in header.names.enumerated() where !name.isEmpty && !known.contains(index) && !header.names[..<index].contains(name) {
            diagnostics.append(Diagnostic(.note, code: "indicators.extra-column",
                                          "Column `\(excerpt(table.texts(headerRecord)[index]))` is not one Vitality reads; it was ignored. \(expected)",
                                          at: SourceLocation(file: document.file, line: headerRecord.line, column: index + 1)))
        }
        var indicators: [Indicator] = []
        var firstLine: [String: Int] = [:]
        /// Each matching key (id, label, alias; lower-cased) and the indicator and line that claim it.
        var claimed: [String: (id: String, line: Int)] = [:]
        if records.count < 2 {
            diagnostics.append(Diagnostic(.error, code: "indicators.no-rows",
                                          "The indicator table has a header but no indicators. Add one row per indicator.",
                                          at: document.location(headerRecord)))
        }
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
            indicator.unitSV = cell(columns.unitSV).text
            indicator.unitEN = cell(columns.unitEN).text
            indicator.source = cell(columns.source).text
            indicator.sourceSV = cell(columns.sourceSV).text
            indicator.sourceEN = cell(columns.sourceEN).text
            indicator.aliases = cell(columns.aliases).text.split(separator: "|").map { String($0).trimmedCSV }.filter { !$0.isEmpty }
            // Every name a statistics label is matched by must lead to one indicator only.
            let names: [(text: String, column: Int?)] = [(id, idColumn), (indicator.labelFI, columns.fi), (indicator.labelSV, columns.sv),
                                                         (indicator.labelEN, columns.en)] + indicator.aliases.map { ($0, columns.aliases) }
            for (text, column) in names where !text.isEmpty {
                let key = text.trimmedCSV.lowercased()
                if let owner = claimed[key] {
                    if owner.id != id {
                        diagnostics.append(Diagnostic(.error, code: "indicators.alias-conflict",
                                                      "`\(excerpt(text))` names indicator `\(id)` here, but it already names `\(owner.id)` on line \(owner.line), so a statistics label `\(excerpt(text))` could belong to either. Keep it in one row only.",
                                                      at: document.location(record, cell(column).field)))
                    }
                } else {
                    claimed[key] = (id, record.line)
                }
            }
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
package struct IndicatorMatcher: Sendable {
    private var ids: [String: String] = [:]

    package init(indicators: [Indicator]) {
        for indicator in indicators {
            for key in [indicator.id, indicator.labelFI, indicator.labelSV, indicator.labelEN] + indicator.aliases where !key.isEmpty {
                let normalized = key.trimmedCSV.lowercased()
                if ids[normalized] == nil { ids[normalized] = indicator.id }
            }
        }
    }

    /// The indicator id for a label, and the year the label carried if one was removed.
    package func match(_ label: String) -> (id: String, year: Int?)? {
        if let id = ids[label.trimmedCSV.lowercased()] { return (id, nil) }
        if let (head, year) = splitTrailingYear(label), let id = ids[head.lowercased()] { return (id, year) }
        return nil
    }
}
