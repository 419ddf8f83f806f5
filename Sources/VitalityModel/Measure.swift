/// State of a programme measure. Parsed from Finnish, Swedish or English words.
package enum MeasureStatus: String, Sendable, Hashable, CaseIterable {
    case planned
    case ongoing
    case done
    case delayed
    case suspended
}

/// One row of the programme tracking sheet (`input/measures.csv`, DATA.md §2).
package struct Measure: Sendable, Hashable, Identifiable {
    package var id: String
    /// Programme goal area, e.g. `Asuminen`.
    package var theme: String
    package var title: String
    package var team: String
    /// Translations of theme, title and team from the sheet's `_sv`/`_en` columns; empty when absent.
    package var themeSV: String = ""
    package var themeEN: String = ""
    package var titleSV: String = ""
    package var titleEN: String = ""
    package var teamSV: String = ""
    package var teamEN: String = ""
    package var unitSV: String = ""
    package var unitEN: String = ""
    var owner: String
    package var status: MeasureStatus
    package var startYear: Int?
    package var endYear: Int?
    /// What is measured; may be the id of a statistics indicator.
    package var indicator: String
    package var unit: String
    package var baselineYear: Int?
    package var baseline: Double?
    package var targetYear: Int?
    package var target: Double?
    /// Actual values by year; a year left empty in the sheet is absent.
    package var actuals: [Int: Double]
    package var comment: String
    package var location: SourceLocation?

    package init(
        id: String, theme: String, title: String, team: String = "", owner: String = "",
        status: MeasureStatus, startYear: Int? = nil, endYear: Int? = nil, indicator: String = "",
        unit: String = "", baselineYear: Int? = nil, baseline: Double? = nil, targetYear: Int? = nil,
        target: Double? = nil, actuals: [Int: Double] = [:], comment: String = "",
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.theme = theme
        self.title = title
        self.team = team
        self.owner = owner
        self.status = status
        self.startYear = startYear
        self.endYear = endYear
        self.indicator = indicator
        self.unit = unit
        self.baselineYear = baselineYear
        self.baseline = baseline
        self.targetYear = targetYear
        self.target = target
        self.actuals = actuals
        self.comment = comment
        self.location = location
    }

    package func theme(language: String) -> Translated { Translated.pick(language: language, fi: theme, sv: themeSV, en: themeEN) }
    package func title(language: String) -> Translated { Translated.pick(language: language, fi: title, sv: titleSV, en: titleEN) }
    package func unit(language: String) -> Translated { Translated.pick(language: language, fi: unit, sv: unitSV, en: unitEN) }
    package func team(language: String) -> Translated { Translated.pick(language: language, fi: team, sv: teamSV, en: teamEN) }

    /// The latest year with an actual value, and that value.
    var latestActual: (year: Int, value: Double)? {
        guard let year = actuals.keys.max(), let value = actuals[year] else { return nil }
        return (year, value)
    }
}
