/// State of a programme measure. Parsed from Finnish, Swedish or English words.
public enum MeasureStatus: String, Sendable, Hashable, CaseIterable {
    case planned
    case ongoing
    case done
    case delayed
    case suspended
}

/// One row of the programme tracking sheet (`input/measures.csv`, DATA.md §2).
public struct Measure: Sendable, Hashable, Identifiable {
    public var id: String
    /// Programme goal area, e.g. `Asuminen`.
    public var theme: String
    public var title: String
    public var team: String
    /// Translations of theme, title and team from the sheet's `_sv`/`_en` columns; empty when absent.
    public var themeSV: String = ""
    public var themeEN: String = ""
    public var titleSV: String = ""
    public var titleEN: String = ""
    public var teamSV: String = ""
    public var teamEN: String = ""
    public var unitSV: String = ""
    public var unitEN: String = ""
    public var owner: String
    public var status: MeasureStatus
    public var startYear: Int?
    public var endYear: Int?
    /// What is measured; may be the id of a statistics indicator.
    public var indicator: String
    public var unit: String
    public var baselineYear: Int?
    public var baseline: Double?
    public var targetYear: Int?
    public var target: Double?
    /// Actual values by year; a year left empty in the sheet is absent.
    public var actuals: [Int: Double]
    public var comment: String
    public var location: SourceLocation?

    public init(
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

    public func theme(language: String) -> Translated { Translated.pick(language: language, fi: theme, sv: themeSV, en: themeEN) }
    public func title(language: String) -> Translated { Translated.pick(language: language, fi: title, sv: titleSV, en: titleEN) }
    public func unit(language: String) -> Translated { Translated.pick(language: language, fi: unit, sv: unitSV, en: unitEN) }
    public func team(language: String) -> Translated { Translated.pick(language: language, fi: team, sv: teamSV, en: teamEN) }

    /// The latest year with an actual value, and that value.
    public var latestActual: (year: Int, value: Double)? {
        guard let year = actuals.keys.max(), let value = actuals[year] else { return nil }
        return (year, value)
    }
}
