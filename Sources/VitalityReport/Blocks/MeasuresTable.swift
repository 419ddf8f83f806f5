import VitalityAnalysis
import VitalityModel
import VitalityScene

/// The `measures` block: the programme's measures with target, latest actual and attainment.
extension ReportBuilder {
    mutating func measuresTable(theme: String?, status: MeasureStatus?) -> TableSpec {
        let vocabulary = context.vocabulary
        let measures = context.dataset.measures.filter {
            (theme == nil || $0.theme == theme) && (status == nil || $0.status == status)
        }
        var rows: [[TableSpec.Cell]] = []
        for measure in measures {
            let unit = shown(measure.unit(language: context.locale.rawValue), "units")
            let target = measure.target.map { format.measureValue($0, unit: unit) + (measure.targetYear.map { " (\($0))" } ?? "") } ?? "–"
            var actualText = "–"
            var attainmentText = "–"
            var attainmentColor: Color?
            if let latest = measure.actuals.filter({ $0.key <= context.year }).max(by: { $0.key < $1.key }) {
                actualText = format.measureValue(latest.value, unit: unit) + " (\(latest.key))"
            }
            if let attainment = Analysis.targetAttainment(measure, year: context.year) {
                attainmentText =
                    format.percent(attainment.percent, decimals: 0) + ", "
                    + (attainment.onTrack ? vocabulary.onTrack : vocabulary.behind)
                attainmentColor = attainment.onTrack ? style.good : style.bad
            }
            rows.append([
                TableSpec.Cell("\(measure.id) \(shown(measure.title(language: context.locale.rawValue), "measure titles"))"),
                TableSpec.Cell(shown(measure.team(language: context.locale.rawValue), "team names")),
                TableSpec.Cell(vocabulary.statusName(measure.status)),
                TableSpec.Cell(target),
                TableSpec.Cell(actualText),
                TableSpec.Cell(attainmentText, color: attainmentColor),
            ])
        }
        if rows.isEmpty {
            rows.append([TableSpec.Cell(vocabulary.noMeasures), .init(""), .init(""), .init(""), .init(""), .init("")])
        }
        return TableSpec(
            columns: [
                .init(title: vocabulary.measure, weight: 2.9, alignment: .leading),
                .init(title: vocabulary.team, weight: 1.85, alignment: .leading),
                .init(title: vocabulary.status, weight: 1.35, alignment: .leading),
                .init(title: vocabulary.target, weight: 1.25, alignment: .trailing),
                .init(title: vocabulary.latest, weight: 1.25, alignment: .trailing),
                .init(title: vocabulary.attainment, weight: 1.3, alignment: .trailing),
            ],
            rows: rows, note: vocabulary.measuresSource)
    }
}
