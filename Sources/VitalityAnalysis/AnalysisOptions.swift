/// One indicator of the composite vitality index and its weight.
package struct VitalityComponent: Sendable, Hashable {
    package var indicatorID: String
    var weight: Double

    package init(_ indicatorID: String, weight: Double = 1) {
        self.indicatorID = indicatorID
        self.weight = weight
    }
}

/// Settings of the analysis stage: the programme period, the index base year and the
/// vitality-index components.
package struct AnalysisOptions: Sendable, Hashable {
    var programmeStart: Int
    var programmeEnd: Int
    /// Base year of `index`; nil means `programmeStart`.
    var indexBaseYear: Int?
    var vitalityComponents: [VitalityComponent]

    /// Equal weights over population, jobs, tax revenue per capita, economic dependency ratio
    /// and tertiary education, after the Association of Finnish Municipalities' vitality indicator.
    static let defaultVitalityComponents: [VitalityComponent] = [
        VitalityComponent("population"),
        VitalityComponent("jobs"),
        VitalityComponent("tax_revenue_per_capita"),
        VitalityComponent("dependency_ratio"),
        VitalityComponent("tertiary_education"),
    ]

    package init(
        programmeStart: Int = 2018, programmeEnd: Int = 2021, indexBaseYear: Int? = nil,
        vitalityComponents: [VitalityComponent] = AnalysisOptions.defaultVitalityComponents
    ) {
        self.programmeStart = programmeStart
        self.programmeEnd = programmeEnd
        self.indexBaseYear = indexBaseYear
        self.vitalityComponents = vitalityComponents
    }

    /// The year whose value is 100 in `index`.
    var effectiveIndexBaseYear: Int { indexBaseYear ?? programmeStart }
}
