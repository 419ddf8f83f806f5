import VitalityModel

/// The sources of the report: the closing sources table, the charts' short source notes and
/// the note on data texts shown in Finnish.
extension ReportBuilder {
    /// A text of the input data in the report's language, remembering which kinds of text
    /// had no translation so the report can say once that they are shown in Finnish.
    mutating func shown(_ translated: Translated, _ kind: String) -> String {
        if !translated.isTranslated { untranslated.insert(kind) }
        return translated.text
    }

    /// A chart's source note: the distinct sources before their first `;` ("Tilastokeskus"),
    /// and a remark when some of the figures are illustrative. The full texts are in the
    /// report's closing sources table.
    func shortSourceNote(_ indicators: [Indicator]) -> String {
        var names: [String] = []
        var illustrative = false
        for indicator in indicators {
            let source = indicator.source(language: context.locale.rawValue).text
            let name = source.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !name.isEmpty && !names.contains(name) { names.append(name) }
            if context.vocabulary.marksIllustrative(source) { illustrative = true }
        }
        var note = names.isEmpty ? context.vocabulary.statisticsFinland : names.joined(separator: ", ")
        if illustrative { note += "; " + context.vocabulary.partlyIllustrative }
        return note
    }

    /// The closing section: every indicator used, with its source in the report's language,
    /// so each number can be traced; and a note when data texts are shown untranslated.
    mutating func sourcesSection() -> [FlowItem] {
        let vocabulary = context.vocabulary
        var items = [text.heading(vocabulary.sources, level: 1)]
        let id = tableCount + 1
        var rows: [[TableSpec.Cell]] = []
        for indicator in context.dataset.indicators {
            rows.append([TableSpec.Cell(context.label(indicator)), TableSpec.Cell(shown(indicator.source(language: context.locale.rawValue), "sources"))])
        }
        items += tables.items(
            TableSpec(
                columns: [
                    .init(title: vocabulary.indicator, weight: 2, alignment: .leading),
                    .init(title: vocabulary.source, weight: 3, alignment: .leading),
                ],
                rows: rows + [[TableSpec.Cell(vocabulary.vitalityIndex), TableSpec.Cell(vocabulary.indexSource + ". " + vocabulary.indexNote)]],
                note: nil), id: id)
        if !untranslated.isEmpty {
            items.append(text.paragraph(vocabulary.untranslatedNote(untranslated.sorted())))
        }
        return items
    }
}
