import VitalityAnalysis
import VitalityModel

/// Everything a template is bound to: the data, the computed figures, the home municipality,
/// its region, the report year and locale.
struct ReportContext {
    var dataset: Dataset
    var figures: FigureTable
    var options: AnalysisOptions
    var home: Area
    var region: Area
    var municipalities: [Area]
    var year: Int
    var locale: String
    var settings: ReportSettings

    var vocabulary: Vocabulary { Vocabulary(locale: locale) }

    func indicator(_ id: String) -> Indicator? {
        if id == Analysis.vitalityIndexID {
            return Indicator(
                id: id, labelFI: "Elinvoimaindeksi", labelSV: "Vitalitetsindex", labelEN: "Vitality index",
                unit: "", kind: .level, direction: .up, decimals: 2,
                source: vocabulary.indexSource)
        }
        return dataset.indicator(id: id)
    }

    func label(_ indicator: Indicator) -> String { indicator.label(language: locale) }

    func homeRow(_ indicator: String, year: Int? = nil) -> FigureRow? {
        figures.row(area: home.code, indicator: indicator, year: year ?? self.year)
    }

    var regionName: String { region.name(language: locale) }
    var homeName: String { home.name(language: locale) }
}
