import Foundation
import VitalityAnalysis
import VitalityCharts
import VitalityModel
import VitalityScene

/// What the command line adds to a template: year, home municipality, creation date.
package struct ReportRequest: Sendable {
    /// `--year`: the year of templates that do not pin one with `year:`.
    package var year: Int?
    /// `--override-pinned-year`: `year` applies to templates that pin a year too.
    var overridesPinnedYear: Bool
    package var home: String?
    package var sourceDateEpoch: Int?

    package init(year: Int? = nil, overridesPinnedYear: Bool = false, home: String? = nil, sourceDateEpoch: Int? = nil) {
        self.year = year
        self.overridesPinnedYear = overridesPinnedYear
        self.home = home
        self.sourceDateEpoch = sourceDateEpoch
    }
}

/// A chart of a report, kept as a scene so it can also be written on its own.
package struct ComposedChart: Sendable {
    /// File name without extension, unique within a report.
    package var name: String
    package var scene: Scene
    /// The template line that names it: its `name:`, else the chart block.
    package var origin: SourceLocation
}

/// A report bound to its figures and laid out on pages, ready for rendering.
package struct ComposedReport: Sendable {
    /// The output name: `council-report`, `council-report.sv`.
    package var id: String
    /// The template's file name without extension, the same for all its locales.
    package var templateID: String
    /// The template line that makes the output name (`report:` or `locales:`).
    package var origin: SourceLocation
    package var document: Document
    package var charts: [ComposedChart]
    package var figures: FigureTable
    package var year: Int
    package var home: Area
    /// For a template built per municipality (`for_each:`): the folder and file stem the report
    /// and its charts are written under; nil for a template built once.
    package var unit: ReportUnit?
}

/// Binds a template to the data and lays it out: cover, flowing blocks paginated onto A4 or
/// Letter pages, running header and page numbers, outline entries per heading.
package struct ReportComposer {
    let measurer: any TextMeasuring

    package init(measurer: any TextMeasuring) {
        self.measurer = measurer
    }

    /// Composes `template` once, for `request.home` or the template's `home:`. A template with
    /// `for_each:` gives that municipality's report (see `composeEach` for all of them).
    package func compose(_ template: ReportTemplate, dataset: Dataset, request: ReportRequest) -> (ComposedReport?, [Diagnostic]) {
        compose(template, dataset: dataset, request: request, figures: nil)
    }

    /// `compose` with the figures already computed for the template's analysis options (the
    /// reports of a `for_each:` template share them); nil computes them.
    func compose(
        _ template: ReportTemplate, dataset: Dataset, request: ReportRequest, figures sharedFigures: FigureTable?
    ) -> (ComposedReport?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let templateLocation = SourceLocation(file: template.file)
        let settings = template.settings

        let homeQuery = request.home ?? settings.home
        guard let home = findMunicipality(homeQuery, in: dataset) else {
            diagnostics.append(Self.unknownHome(homeQuery, at: templateLocation))
            return (nil, diagnostics)
        }
        var regionCode = settings.region ?? home.regionCode ?? ""
        // Ranks and medians are among the home's own region: a template's `region:` written for
        // its home does not hold for a `--home` elsewhere.
        if let own = home.regionCode, own != regionCode {
            diagnostics.append(
                Diagnostic(
                    .note, code: "report.region-follows-home",
                    "The template compares within \(regionCode), but \(home.nameFI) is in \(own); ranks and medians are among \(own)'s municipalities.",
                    at: templateLocation))
            regionCode = own
        }
        let municipalities = dataset.municipalities(region: regionCode)
        guard !municipalities.isEmpty else {
            diagnostics.append(Self.unknownRegion(regionCode, at: templateLocation))
            return (nil, diagnostics)
        }
        let region = dataset.area(code: regionCode) ?? Area(code: regionCode, nameFI: regionCode, kind: .region)
        let ownerQuery = settings.owner ?? settings.home
        guard let owner = findMunicipality(ownerQuery, in: dataset) else {
            diagnostics.append(
                Diagnostic(
                    .error, code: "report.unknown-owner",
                    "The programme's owner `\(ownerQuery)` is not a municipality in the data; give a code such as 562 or a name such as Orivesi.",
                    at: templateLocation))
            return (nil, diagnostics)
        }

        let options = Self.analysisOptions(settings)
        let figures = sharedFigures ?? Analysis.figures(dataset, options: options)
        let usage = TemplateUsage(template)
        let yearChoice = ReportYear.choose(
            template: template, request: request, dataset: dataset, figures: figures, home: home, usage: usage)
        diagnostics += yearChoice.diagnostics
        guard let year = yearChoice.year else { return (nil, diagnostics) }
        diagnostics += ReportYear.missingValues(
            template: template, figures: figures, dataset: dataset, home: home, year: year, usage: usage)

        // A code that is not one of `ReportLocale.codes` (the parser refuses those) reads as Finnish.
        var context = ReportContext(
            dataset: dataset, figures: figures, options: options, home: home, owner: owner, region: region,
            municipalities: municipalities, year: year, locale: settings.locale,
            settings: settings,
            mostImproved: Analysis.mostImproved(figures, region: region.code, year: year, dataset: dataset).first.flatMap {
                $0.rankChange > 0 ? $0 : nil
            })
        // A template built per municipality has a programme only when it names its owner.
        context.hasProgramme = settings.forEach == nil || settings.owner != nil
        if context.hasProgramme && !context.isHomeOwner && usage.usesProgramme {
            diagnostics.append(
                Diagnostic(
                    .note, code: "report.programme-left-out",
                    "The programme (measures, targets, programme sections) belongs to \(owner.nameFI); the report is for \(home.nameFI), so those parts are left out.",
                    at: templateLocation))
        } else if context.isHomeOwner && year < settings.programmeStart && usage.usesProgramme {
            diagnostics.append(
                Diagnostic(
                    .note, code: "report.programme-not-started",
                    "The programme starts in \(settings.programmeStart); the report for \(year) leaves out the programme's measures, targets and sections.",
                    at: templateLocation))
        }

        var builder = ReportBuilder(context: context, measurer: measurer, template: template)
        builder.build()
        diagnostics += builder.diagnostics
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }

        let document = builder.document(creationDate: creationDate(epoch: request.sourceDateEpoch, year: year))
        // Charts of a report's other locales get the locale in their name, as the report does.
        var charts = builder.charts
        if template.outputName != template.id {
            charts = charts.map { ComposedChart(name: "\($0.name).\(settings.locale.rawValue)", scene: $0.scene, origin: $0.origin) }
        }
        // A report per municipality is `<template>/<code>-<name>`, `.<locale>` after the first locale.
        let unit = settings.forEach == nil ? nil : ReportUnit(folder: template.id, stem: ReportUnit.stem(of: home))
        let localeSuffix = template.outputName == template.id ? "" : ".\(settings.locale.rawValue)"
        let report = ComposedReport(
            id: unit.map { "\($0.folder)/\($0.stem)\(localeSuffix)" } ?? template.outputName, templateID: template.id,
            origin: template.outputNameLocation, document: document, charts: charts, figures: figures, year: year,
            home: home, unit: unit)
        return (report, diagnostics)
    }

    static func analysisOptions(_ settings: ReportSettings) -> AnalysisOptions {
        AnalysisOptions(
            programmeStart: settings.programmeStart, programmeEnd: settings.programmeEnd,
            indexBaseYear: settings.indexBaseYear)
    }

    static func unknownHome(_ query: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, code: "report.unknown-home",
            "The home municipality `\(query)` is not in the data; give a municipality code such as 562 or a name such as Orivesi.",
            at: location)
    }

    static func unknownRegion(_ code: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, code: "report.unknown-region",
            "The region `\(code)` has no municipalities in the data; give a region code such as MK06.",
            at: location)
    }

    /// A municipality by code (`562`, `KU562`) or by Finnish or Swedish name, any case.
    func findMunicipality(_ query: String, in dataset: Dataset) -> Area? {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        let code = trimmed.uppercased().hasPrefix("KU") ? String(trimmed.dropFirst(2)) : trimmed
        if let area = dataset.area(code: code), area.kind == .municipality { return area }
        let lowered = trimmed.lowercased()
        return dataset.areas.first {
            $0.kind == .municipality && ($0.nameFI.lowercased() == lowered || $0.nameSV.lowercased() == lowered)
        }
    }

    /// `SOURCE_DATE_EPOCH` when set, else the last day of the report year: never the clock.
    /// `SOURCE_DATE_EPOCH` as a PDF date when it is one (0 … 253402300799, year ≤ 9999; the
    /// command line refuses others), else 31 December of the report year.
    private func creationDate(epoch: Int?, year: Int) -> String {
        guard let epoch, (0...253_402_300_799).contains(epoch) else { return "\(year)-12-31T00:00:00Z" }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(epoch)))
    }
}
