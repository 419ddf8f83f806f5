import Foundation
import VitalityAnalysis
import VitalityModel

/// Where a report of a template built per municipality (`for_each:`) is written:
/// `<folder>/<stem>.pdf` (`kuntaprofiili/562-orivesi.pdf`), its charts in
/// `<folder>/charts/<stem>/`.
package struct ReportUnit: Sendable, Hashable {
    /// The template's id: the folder of all its reports.
    package var folder: String
    /// `<code>-<slug>` of the municipality: `562-orivesi`, `508-mantta-vilppula`.
    package var stem: String

    package init(folder: String, stem: String) {
        self.folder = folder
        self.stem = stem
    }

    /// `<code>-<slug>`: the slug is the Finnish name in lower case with ä → a, ö → o, å → a and
    /// every other run of characters outside a–z and 0–9 one `-` (`Mänttä-Vilppula` →
    /// `mantta-vilppula`); just the code when no letter or digit is left.
    package static func stem(of area: Area) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in area.nameFI.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            let kept: Character?
            switch scalar {
            case "ä", "å": kept = "a"
            case "ö": kept = "o"
            case "a"..."z", "0"..."9": kept = Character(scalar)
            default: kept = nil
            }
            guard let kept else {
                pendingDash = true
                continue
            }
            if pendingDash && !slug.isEmpty { slug.append("-") }
            pendingDash = false
            slug.append(kept)
        }
        return slug.isEmpty ? area.code : "\(area.code)-\(slug)"
    }
}

/// One report to compose: a template (per municipality: with that home) and the figures the
/// reports of one template share.
package struct ReportJob: Sendable {
    package var template: ReportTemplate
    package var request: ReportRequest
    var figures: FigureTable?
}

/// The reports of one template, to be composed, and the problems of its set of municipalities.
package struct ReportJobs: Sendable {
    package var template: ReportTemplate
    package var jobs: [ReportJob]
    var problems: [Diagnostic]
    var owner: Area?

    /// The composed reports of `jobs` (in their order) with the set's problems told first and
    /// the programme's left-out note told once for the template.
    package func finish(_ composed: [(ComposedReport?, [Diagnostic])]) -> [(ComposedReport?, [Diagnostic])] {
        guard !jobs.isEmpty || !problems.isEmpty else { return composed }
        if jobs.isEmpty { return [(nil, problems)] }
        var results = composed
        let leftOut = "report.programme-left-out"
        let leavingOut = results.filter { $0.1.contains { $0.code == leftOut } }.count
        if leavingOut > 1, let owner {
            for index in results.indices { results[index].1.removeAll { $0.code == leftOut } }
            results[0].1.insert(
                Diagnostic(
                    .note, code: leftOut,
                    "The programme (measures, targets, programme sections) belongs to \(owner.nameFI); the reports for \(leavingOut) other municipalities leave those parts out.",
                    at: SourceLocation(file: template.file)), at: 0)
        }
        if !problems.isEmpty, !results.isEmpty { results[0].1.insert(contentsOf: problems, at: 0) }
        return results
    }
}

extension ReportComposer {
    /// Every report of `template`: one, or with `for_each:` one per municipality of the set,
    /// sorted by code, each the template with that municipality as its home. `request.home`
    /// narrows the set to that one municipality. Problems with the set itself (an unknown
    /// municipality or one listed twice) come as one result without a report; the note that a
    /// municipality's report leaves out the owner's programme is told once for the template.
    package func composeEach(_ template: ReportTemplate, dataset: Dataset, request: ReportRequest) -> [(ComposedReport?, [Diagnostic])] {
        let plan = units(of: template, dataset: dataset, request: request)
        return plan.finish(plan.jobs.map { compose($0, dataset: dataset) })
    }

    /// The reports `template` makes, to be composed (on any thread, each with `compose(_:dataset:)`)
    /// and then joined by `ReportJobs.finish`.
    package func units(of template: ReportTemplate, dataset: Dataset, request: ReportRequest) -> ReportJobs {
        units(of: template, dataset: dataset, request: request, figures: nil)
    }

    /// The reports of every template, as `units(of:dataset:request:)` gives them, with the
    /// figures computed once for each distinct set of analysis options and shared by every
    /// report (template, locale, municipality) that uses them.
    package func units(of templates: [ReportTemplate], dataset: Dataset, request: ReportRequest) -> [ReportJobs] {
        var shared: [AnalysisOptions: FigureTable] = [:]
        return templates.map { template in
            let options = Self.analysisOptions(template.settings)
            let figures = shared[options] ?? Analysis.figures(dataset, options: options)
            shared[options] = figures
            return units(of: template, dataset: dataset, request: request, figures: figures)
        }
    }

    func units(of template: ReportTemplate, dataset: Dataset, request: ReportRequest, figures shared: FigureTable?) -> ReportJobs {
        guard let set = template.settings.forEach, request.home == nil else {
            return ReportJobs(template: template, jobs: [ReportJob(template: template, request: request, figures: shared)], problems: [])
        }
        let (homes, problems) = municipalities(of: set, template: template, dataset: dataset)
        guard !problems.hasErrors else { return ReportJobs(template: template, jobs: [], problems: problems) }
        var unitTemplate = template
        // Across regions, each municipality is compared within its own region.
        if set != .region { unitTemplate.settings.region = nil }
        let figures = shared ?? Analysis.figures(dataset, options: Self.analysisOptions(template.settings))
        let jobs = homes.map { home in
            var unitRequest = request
            unitRequest.home = home.code
            return ReportJob(template: unitTemplate, request: unitRequest, figures: figures)
        }
        var plan = ReportJobs(template: template, jobs: jobs, problems: problems)
        plan.owner = findMunicipality(template.settings.owner ?? template.settings.home, in: dataset)
        return plan
    }

    /// Composes one report of a template.
    package func compose(_ job: ReportJob, dataset: Dataset) -> (ComposedReport?, [Diagnostic]) {
        if let figures = job.figures {
            return compose(job.template, dataset: dataset, request: job.request, figures: figures)
        }
        return compose(job.template, dataset: dataset, request: job.request)
    }

    /// The municipalities of a `for_each:` set, sorted by code, or the errors that stop it: an
    /// unknown home (it decides the region), an empty region, a list entry that is not a
    /// municipality, or two entries naming one municipality.
    func municipalities(of set: MunicipalitySet, template: ReportTemplate, dataset: Dataset) -> ([Area], [Diagnostic]) {
        let settings = template.settings
        let templateLocation = SourceLocation(file: template.file)
        guard let home = findMunicipality(settings.home, in: dataset) else {
            return ([], [Self.unknownHome(settings.home, at: templateLocation)])
        }
        switch set {
        case .region:
            let region = settings.region ?? home.regionCode ?? ""
            let members = dataset.municipalities(region: region)
            return members.isEmpty ? ([], [Self.unknownRegion(region, at: templateLocation)]) : (members, [])
        case .country:
            return (dataset.areas.filter { $0.kind == .municipality }.sorted { $0.code < $1.code }, [])
        case .list(let entries):
            var diagnostics: [Diagnostic] = []
            var found: [String: (area: Area, entry: MunicipalitySet.Entry)] = [:]
            for entry in entries {
                guard let area = findMunicipality(entry.query, in: dataset) else {
                    diagnostics.append(
                        Diagnostic(
                            .error, code: "report.for-each-unknown",
                            "`\(entry.query)` in `for_each` is not a municipality in the data; give a municipality code such as 562 or a name such as Orivesi.",
                            at: entry.location))
                    continue
                }
                if let first = found[area.code] {
                    diagnostics.append(
                        Diagnostic(
                            .error, code: "report.for-each-duplicate",
                            "`\(entry.query)` is \(area.nameFI), already listed in `for_each` as `\(first.entry.query)` (line \(first.entry.location.line)); list each municipality once.",
                            at: entry.location))
                    continue
                }
                found[area.code] = (area, entry)
            }
            return (found.values.map(\.area).sorted { $0.code < $1.code }, diagnostics)
        }
    }
}
