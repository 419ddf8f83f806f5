import VitalityAnalysis
import VitalityModel

/// Which year a report is about, and the warnings about values it lacks (templates/README.md,
/// "The report year").
///
/// A template's `year:` pins it; `--year` sets the year of the other templates, and of pinned
/// ones only with `--override-pinned-year`. Without either, the year is the latest year in which
/// the home municipality has every value the template uses, and the year before (for change).
enum ReportYear {
    struct Choice {
        var year: Int?
        var diagnostics: [Diagnostic]
    }

    static func choose(
        template: ReportTemplate, request: ReportRequest, dataset: Dataset, figures: FigureTable,
        home: Area, usage: TemplateUsage
    ) -> Choice {
        let location = SourceLocation(file: template.file, line: template.settings.yearLine)
        var diagnostics: [Diagnostic] = []
        let years = dataset.years
        guard let first = years.first, let latest = years.last else {
            return Choice(
                year: nil, diagnostics: [Diagnostic(.error, code: "report.no-data", "The statistics hold no observations; nothing to report.", at: location)])
        }
        var year: Int
        if let pinned = template.settings.year {
            year = pinned
            if let requested = request.year, requested != pinned {
                if request.overridesPinnedYear {
                    year = requested
                } else {
                    diagnostics.append(
                        Diagnostic(
                            .note, code: "report.year-pinned",
                            "This template pins the year \(pinned) (`year:`), so --year \(requested) does not apply to it; add --override-pinned-year to build it for \(requested).",
                            at: location))
                }
            }
        } else if let requested = request.year {
            year = requested
        } else {
            let ids = indicatorIDs(usage, dataset: dataset)
            let gaps = Dictionary(uniqueKeysWithValues: years.map { ($0, missing(ids, figures: figures, home: home, year: $0)) })
            let complete = years.last { gaps[$0]?.isEmpty == true }
            // Without a complete year, the year with the fewest gaps (the latest of equals).
            year = complete ?? years.min { (gaps[$0]?.count ?? 0, -$0) < (gaps[$1]?.count ?? 0, -$1) } ?? latest
            if year < latest {
                let later = years.filter { $0 > year }
                let examples = later.flatMap { laterYear in (gaps[laterYear] ?? []).map { "\($0) (\(laterYear))" } }
                let listed = examples.prefix(6).joined(separator: ", ") + (examples.count > 6 ? " and \(examples.count - 6) more" : "")
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "report.year-incomplete",
                        "The statistics reach \(latest), but \(home.nameFI) lacks values this report uses: \(listed). The report is for \(year), the latest year with all of them; give --year \(latest) to report on \(latest) anyway.",
                        at: location))
            }
        }
        guard years.contains(year) else {
            diagnostics.append(
                Diagnostic(
                    .error, code: "report.year",
                    "There are no statistics for \(year); the data covers \(first)–\(latest).", at: location))
            return Choice(year: nil, diagnostics: diagnostics)
        }
        return Choice(year: year, diagnostics: diagnostics)
    }

    /// A warning for each value the template uses that the home municipality lacks in the
    /// report year.
    static func missingValues(
        template: ReportTemplate, figures: FigureTable, dataset: Dataset, home: Area, year: Int, usage: TemplateUsage
    ) -> [Diagnostic] {
        indicatorIDs(usage, dataset: dataset).compactMap { id in
            guard figures.row(area: home.code, indicator: id, year: year)?.value == nil else { return nil }
            return Diagnostic(
                .warning, code: "report.missing-value",
                "\(home.nameFI) has no value of `\(id)` for \(year); the report says the figure is not yet available.",
                at: SourceLocation(file: template.file))
        }
    }

    /// The used ids that name an indicator (unknown ids are the template's error, reported elsewhere).
    private static func indicatorIDs(_ usage: TemplateUsage, dataset: Dataset) -> [String] {
        usage.indicatorIDs.filter { $0 == Analysis.vitalityIndexID || dataset.indicator(id: $0) != nil }
    }

    /// "`population` for Orivesi": the used values missing in `year` or the year before.
    private static func missing(_ ids: [String], figures: FigureTable, home: Area, year: Int) -> [String] {
        ids.filter { id in
            figures.row(area: home.code, indicator: id, year: year)?.value == nil
                || figures.row(area: home.code, indicator: id, year: year - 1)?.value == nil
        }.map { "`\($0)`" }
    }
}
