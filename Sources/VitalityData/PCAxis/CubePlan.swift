import VitalityModel

/// A cube of values (a PC-Axis table, a JSON-stat dataset) resolved for the statistics sink:
/// each value of each variable once — area label ids, years, indicator label ids — so that the
/// cells can then be streamed (DATA.md §1).
///
/// Roles: the area is the variable named as the CSV area column is (`Alue`, `Kunta`, `Area` …),
/// its codes joined to its value (`KU562 Orivesi`) when they are area codes; the time variable
/// is the one marked as time (`TIMEVAL`, `role.time`), else `Vuosi`/`Year`; the content
/// variable is the one named (`CONTVARIABLE`, `role.metric`), else `Tiedot`/`Information`. The
/// content value, followed by the values of every other variable that are not totals
/// (`PxWebLayout.isTotal`), makes the indicator label, as the columns of a PxWeb CSV export do;
/// without a content variable the contents text follows those values (or stands alone).
struct CubePlan {
    var labels = StatisticsCells()
    var area: Int
    var areaLabels: [Int] = []
    var time: Int?
    /// Per value of the time variable: its year, nil when it is not one (reported).
    var years: [Int?] = []
    /// Variables that make the indicator label, with the stride of each in `indicatorIDs`.
    var indicatorVariables: [(position: Int, stride: Int)] = []
    /// Label id per combination of the indicator variables' values; -1 until first needed.
    var indicatorIDs: [Int] = []
    var variables: [PXTable.Variable]
    /// Values per variable.
    var counts: [Int]
    var contents: String
    /// `CONTENTS[sv]`, `CONTENTS[en]`: the contents in other languages, by language code.
    var translatedContents: [String: String] = [:]
    var content: Int?
    var diagnostics: [Diagnostic] = []

    /// nil when the table has no area variable. `contents` names the values of a table
    /// without a content variable.
    init?(variables: [PXTable.Variable], contentVariable: String?, contents: String, file: String) {
        self.variables = variables
        counts = variables.map(\.values.count)
        let names = HeaderMap(variables.map(\.name))
        guard let area = names.index(ColumnNames.areaCode) ?? names.index(ColumnNames.areaName) else { return nil }
        self.area = area
        time = variables.firstIndex(where: \.isTime) ?? names.index(ColumnNames.year)
        if time == area { time = nil }
        content = contentVariable.flatMap { name in variables.firstIndex { $0.name == name } } ?? names.index(ColumnNames.indicator)
        if content == area || content == time { content = nil }
        self.contents = contents

        let variable = variables[area]
        for (position, value) in variable.values.enumerated() {
            areaLabels.append(labels.label(Self.areaLabel(value, code: variable.codes?[position])))
        }
        if let time {
            let variable = variables[time]
            for value in variable.values {
                let year = parseYear(value)
                if year == nil {
                    diagnostics.append(
                        badYearDiagnostic(value, at: SourceLocation(file: file, line: variable.line, column: variable.column)))
                }
                years.append(year)
            }
        }
        var stride = 1
        for position in variables.indices.reversed() where position != area && position != time {
            indicatorVariables.append((position, stride))
            // The product of some variables' value counts, at most the table's cell count.
            stride *= variables[position].values.count
        }
        indicatorVariables.reverse()
        if let content, let at = indicatorVariables.firstIndex(where: { $0.position == content }) {
            indicatorVariables.insert(indicatorVariables.remove(at: at), at: 0)
        }
        indicatorIDs = Array(repeating: -1, count: stride)
    }

    /// `KU562 Orivesi` from the value `Orivesi` and its code `KU562`; the value alone when
    /// the code is no area code or the value starts with one.
    static func areaLabel(_ value: String, code: String?) -> String {
        guard let code, AreaCatalog.splitCode(value).code == nil,
            case let (found?, rest) = AreaCatalog.splitCode(code.trimmedCSV), rest.isEmpty, !found.isEmpty
        else { return value }
        return "\(code.trimmedCSV) \(value)"
    }

    /// The next cell's value indices after `index`, the last variable fastest.
    func advance(_ index: inout [Int]) {
        var position = variables.count - 1
        while position >= 0 {
            index[position] += 1
            if index[position] < counts[position] { return }
            index[position] = 0
            position -= 1
        }
    }

    /// The value indices of the cell at a row-major position.
    func index(of position: Int) -> [Int] {
        var index = [Int](repeating: 0, count: variables.count)
        var rest = position
        for variable in variables.indices.reversed() {
            index[variable] = rest % counts[variable]
            rest /= counts[variable]
        }
        return index
    }

    /// Stores the cell at `index` through `sink`; a cell of a time value that is no year
    /// (reported once, in `diagnostics`) is skipped.
    mutating func add(
        _ parsed: NumberParsing.Parsed, index: [Int], line: Int, column: Int, sink: inout ObservationSink,
        store: inout ObservationStore
    ) {
        var year: Int?
        if let time {
            guard let found = years[index[time]] else { return }
            year = found
        }
        let indicator = indicatorLabel(index)
        sink.add(
            areaLabel: areaLabels[index[area]], indicatorLabel: indicator, year: year, value: parsed, line: line,
            column: column, labels: labels.labels, decimal: ".", store: &store)
    }

    /// The indicator label id of the cell at `index` (value index per variable).
    mutating func indicatorLabel(_ index: [Int]) -> Int {
        var key = 0
        for variable in indicatorVariables { key += index[variable.position] * variable.stride }
        let known = indicatorIDs[key]
        if known >= 0 { return known }
        let id = labels.label(indicatorText(key: key, language: nil) ?? contents)
        indicatorIDs[key] = id
        return id
    }

    /// The indicator label of a combination of the indicator variables' values (`key`), in
    /// Finnish (`language` nil) or in a language of the file's translations: the same parts as
    /// the Finnish label (a value is left out when its Finnish text is a total), each in that
    /// language. nil when a part has no translation, so a label never mixes languages.
    func indicatorText(key: Int, language: String?) -> String? {
        var parts: [String] = []
        for variable in indicatorVariables {
            let definition = variables[variable.position]
            let value = key / variable.stride % counts[variable.position]
            let text = definition.values[value].trimmedCSV
            guard !text.isEmpty, variable.position == content || !PxWebLayout.isTotal(text, header: definition.name) else { continue }
            guard let language else {
                parts.append(text)
                continue
            }
            guard let translated = definition.translations[language]?.values[value].trimmedCSV, !translated.isEmpty else { return nil }
            parts.append(translated)
        }
        let named = language.map { translatedContents[$0]?.trimmedCSV ?? "" } ?? contents
        // Without a content variable the contents name the values, as a CSV export's value
        // column does: joined after the other variables' values (`Naiset Työllisyysaste`).
        if content == nil, !contents.isEmpty {
            guard !named.isEmpty else { return nil }
            parts.append(named)
        }
        if parts.isEmpty { return named.isEmpty ? nil : named }
        return parts.joined(separator: " ")
    }

    /// The Swedish and English labels the file gives the indicators of indicators.csv it holds
    /// (DATA.md §1, PC-Axis translations), one per indicator and language, at `location`.
    func translatedLabels(matcher: IndicatorMatcher, at location: SourceLocation) -> [TranslatedLabel] {
        let languages = ["sv", "en"].filter { language in
            indicatorVariables.contains { variables[$0.position].translations[language] != nil } || translatedContents[language] != nil
        }
        guard !languages.isEmpty else { return [] }
        var found: [TranslatedLabel] = []
        var seen = Set<String>()
        for (key, label) in indicatorIDs.enumerated() where label >= 0 {
            guard let match = matcher.match(labels.labels[label]) else { continue }
            for language in languages {
                guard var text = indicatorText(key: key, language: language) else { continue }
                // `Väkiluku 2020` matched `Väkiluku`: the year is left out of the translation too.
                if match.year != nil, let (head, _) = splitTrailingYear(text) { text = head }
                guard seen.insert([match.id, language, text].joined(separator: "\u{0}")).inserted else { continue }
                found.append(TranslatedLabel(indicator: match.id, language: language, text: text, location: location))
            }
        }
        return found
    }

    /// The file's Swedish and English names for the areas it created; a note for each area
    /// the catalogue names otherwise.
    func translate(_ areas: inout [Area], catalog: AreaCatalog, file: String) -> [Diagnostic] {
        let variable = variables[area]
        let swedish = variable.translations["sv"]?.values
        let english = variable.translations["en"]?.values
        guard swedish != nil || english != nil else { return [] }
        var byCode: [String: Int] = [:]
        for (position, label) in areaLabels.enumerated() {
            switch catalog.match(labels.labels[label]) {
            case .known(let found), .created(let found): byCode[found.code] = position
            case .unknown: break
            }
        }
        var notes: [Diagnostic] = []
        for (at, area) in areas.enumerated() {
            guard let position = byCode[area.code] else { continue }
            let sv = swedish?[position].trimmedCSV ?? ""
            let en = english?[position].trimmedCSV ?? ""
            if case .statistics = area.origin {
                if areas[at].nameSV.isEmpty { areas[at].nameSV = sv }
                if areas[at].nameEN.isEmpty { areas[at].nameEN = en }
                continue
            }
            for (language, given, kept) in [("Swedish", sv, area.nameSV), ("English", en, area.nameEN)]
            where !given.isEmpty && given.lowercased() != (kept.isEmpty ? area.nameFI : kept).lowercased() {
                notes.append(
                    Diagnostic(
                        .note, code: "px.area-name",
                        "The file's \(language) name of area \(area.code) is `\(excerpt(given))`, Vitality's list has `\(excerpt(kept.isEmpty ? area.nameFI : kept))`; the list's name is kept.",
                        at: SourceLocation(file: file, line: variable.line, column: variable.column)))
            }
        }
        return notes
    }
}
