import VitalityAnalysis
import VitalityModel

/// Everything a template is bound to: the data, the computed figures, the home municipality,
/// its region, the report year and locale.
struct ReportContext {
    var dataset: Dataset
    var figures: FigureTable
    var options: AnalysisOptions
    var home: Area
    /// The municipality whose programme (measures, targets, baseline, author) the template
    /// reports on: `owner:` in the template, else its `home:`.
    var owner: Area
    var region: Area
    var municipalities: [Area]
    var year: Int
    var locale: ReportLocale
    var settings: ReportSettings
    /// The region's municipality whose vitality index rank improved most in the report year;
    /// nil when no rank improved (or no index could be computed).
    var mostImproved: MostImprovedEntry?

    var vocabulary: Vocabulary { Vocabulary(locale: locale) }

    /// False when the template has no programme owner: a `for_each:` template without `owner:`
    /// is built for many municipalities and shows no programme in any of them.
    var hasProgramme = true

    /// Programme blocks and target lines belong to the owner's reports only.
    var isHomeOwner: Bool { hasProgramme && home.code == owner.code }

    /// Programme blocks need the programme: the owner's report in or after its first year.
    var showsProgramme: Bool { isHomeOwner && year >= settings.programmeStart }

    func indicator(_ id: String) -> Indicator? {
        if id == Analysis.vitalityIndexID {
            return Indicator(
                id: id, labelFI: Vocabulary(locale: .fi).vitalityIndex, labelSV: Vocabulary(locale: .sv).vitalityIndex,
                labelEN: Vocabulary(locale: .en).vitalityIndex,
                unit: "", kind: .level, direction: .up, decimals: 2,
                source: Vocabulary(locale: .fi).indexSource,
                sourceSV: Vocabulary(locale: .sv).indexSource, sourceEN: Vocabulary(locale: .en).indexSource)
        }
        return dataset.indicator(id: id)
    }

    func label(_ indicator: Indicator) -> String { indicator.label(language: locale.rawValue) }

    func homeRow(_ indicator: String, year: Int? = nil) -> FigureRow? {
        figures.row(area: home.code, indicator: indicator, year: year ?? self.year)
    }

    var regionName: String { region.name(language: locale.rawValue) }
    var homeName: String { home.name(language: locale.rawValue) }
    var ownerName: String { owner.name(language: locale.rawValue) }
}
