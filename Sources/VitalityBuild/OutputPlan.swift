import VitalityModel
import VitalityReport

/// Every file a build writes, named before anything is rendered, with the template line that
/// makes each name. `vitality check` and `vitality build` both plan with `OutputPlan.plan`, so
/// a name that cannot be written is found by both, at the same place.
package struct OutputPlan: Sendable {
    /// What one output file holds.
    enum Content: Sendable, Hashable {
        /// The PDF of `reports[report]`.
        case report(report: Int)
        /// Chart `chart` of `reports[report]` in one format.
        case chart(report: Int, chart: Int, format: ChartFormat)
        /// The numbers shown by chart `chart` of `reports[report]`, as CSV.
        case chartData(report: Int, chart: Int)
        /// `figures.csv`: the figures of the first report.
        case figures

        /// The index of the report an output belongs to; nil for `figures.csv`.
        var report: Int? {
            switch self {
            case .report(let index), .chart(let index, _, _), .chartData(let index, _): return index
            case .figures: return nil
            }
        }
    }

    /// One file to write: its path inside the output folder and where its name comes from.
    package struct Output: Sendable, Hashable {
        package var path: String
        var content: Content
        /// The template line that makes the name; nil for fixed names such as `figures.csv`.
        var origin: SourceLocation?
    }

    package var outputs: [Output]
    /// Names that cannot be written (`build.duplicate-output`, `build.output-name`).
    package var diagnostics: [Diagnostic]

    /// Folder of the charts inside the output folder.
    static let chartsFolder = "charts"

    /// Names every output of `reports`, in writing order. A report is `<id>.pdf`; a chart is
    /// `charts/<chart>.<format>` with its data as `charts/<chart>.csv`; when two templates make
    /// charts of the same name, all charts of each such template go to
    /// `charts/<template>/<chart>.<format>` instead, so that a copied template builds beside
    /// its original. A report built per municipality is `<template>/<code>-<name>.pdf` with its
    /// charts in `<template>/charts/<code>-<name>/`. Any name that is still taken twice, or that is not a plain file name, is an
    /// error at the template line that makes it.
    package static func plan(_ reports: [ComposedReport], formats: Set<ChartFormat>) -> OutputPlan {
        var diagnostics: [Diagnostic] = []
        let namespaced = templatesSharingChartNames(reports)
        var outputs: [Output] = []
        var badNames: Set<SourceLocation> = []
        for (reportIndex, report) in reports.enumerated() {
            if let problem = reportNameProblem(report), !badNames.contains(report.origin) {
                diagnostics.append(Diagnostic(
                    .error, code: "build.output-name",
                    "The report would be written as `\(report.id).pdf`, which \(problem); rename the template file.",
                    at: report.origin))
                badNames.insert(report.origin)
            }
            outputs.append(Output(path: "\(report.id).pdf", content: .report(report: reportIndex), origin: report.origin))
            let folder: String
            if let unit = report.unit {
                folder = "\(unit.folder)/\(chartsFolder)/\(unit.stem)"
            } else {
                folder = namespaced.contains(report.templateID) ? "\(chartsFolder)/\(report.templateID)" : chartsFolder
            }
            for (chartIndex, chart) in report.charts.enumerated() {
                if let problem = fileNameProblem(chart.name), !badNames.contains(chart.origin) {
                    diagnostics.append(Diagnostic(
                        .error, code: "build.output-name",
                        "The chart would be written as `\(chart.name)`, which \(problem); give it a `name:` of letters, digits and `-`, e.g. `population-2021`.",
                        at: chart.origin))
                    badNames.insert(chart.origin)
                }
                let stem = "\(folder)/\(chart.name)"
                for format in ChartFormat.allCases where formats.contains(format) {
                    outputs.append(Output(
                        path: "\(stem).\(format.rawValue)", content: .chart(report: reportIndex, chart: chartIndex, format: format),
                        origin: chart.origin))
                }
                if chart.scene.data != nil {
                    outputs.append(Output(path: "\(stem).csv", content: .chartData(report: reportIndex, chart: chartIndex), origin: chart.origin))
                }
            }
        }
        if !reports.isEmpty { outputs.append(Output(path: "figures.csv", content: .figures, origin: nil)) }
        diagnostics += duplicateDiagnostics(outputs, reports: reports, skipping: badNames)
        return OutputPlan(outputs: outputs, diagnostics: diagnostics)
    }

    /// Templates with a chart name that another template also uses (compared per output name,
    /// so a template's locales never clash with each other here).
    /// Reports built per municipality have chart folders of their own and are not counted.
    static func templatesSharingChartNames(_ reports: [ComposedReport]) -> Set<String> {
        var templatesByChart: [String: Set<String>] = [:]
        for report in reports where report.unit == nil {
            for chart in report.charts { templatesByChart[chart.name, default: []].insert(report.templateID) }
        }
        var result: Set<String> = []
        for templates in templatesByChart.values where templates.count > 1 { result.formUnion(templates) }
        return result
    }

    /// Longest report or chart name, in UTF-8 bytes.
    static let maximumNameBytes = 200

    /// Why a report's output name cannot be written, or nil when it can: its one file name, or
    /// for a report per municipality each of the folder (not `charts`, the charts' folder) and
    /// the file name.
    static func reportNameProblem(_ report: ComposedReport) -> String? {
        guard let unit = report.unit else { return fileNameProblem(report.id) }
        if unit.folder == chartsFolder { return "is inside `\(chartsFolder)/`, the folder of the charts" }
        guard report.id.hasPrefix(unit.folder + "/") else { return "is not inside the template's folder" }
        let fileName = String(report.id.dropFirst(unit.folder.count + 1))
        return [unit.folder, unit.stem, fileName].lazy.compactMap(fileNameProblem).first
    }

    /// Why `name` cannot be one file name inside the output folder, or nil when it can.
    static func fileNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name.hasPrefix(".") { return "starts with `.` (a hidden file, or a way out of the output folder)" }
        if name.contains("/") || name.contains("\\") { return "contains a folder separator" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return "contains a control character" }
        // A file name holds at most 255 bytes; room is kept for `.<locale>.<format>` and the
        // temporary name the atomic write uses beside it.
        if name.utf8.count > maximumNameBytes { return "is longer than \(maximumNameBytes) bytes" }
        return nil
    }

    /// One error per template line whose outputs another line also makes, naming the other
    /// lines (at its first such output), or that makes the same output for two reports (the reports of a
    /// `for_each:` template share their lines). A chart's formats and data count as one
    /// (`charts/<chart>.*`), so the message does not depend on `--formats`; charts of a report
    /// whose own name is taken are not listed again (renaming the template fixes both).
    static func duplicateDiagnostics(_ outputs: [Output], reports: [ComposedReport], skipping: Set<SourceLocation>) -> [Diagnostic] {
        var originsByPath: [String: [SourceLocation]] = [:]
        var reportsByPath: [String: Set<Int>] = [:]
        var chartPaths: Set<String> = []
        var pathOrder: [String] = []
        for output in outputs {
            guard let origin = output.origin else { continue }
            let key = displayName(output)
            if originsByPath[key] == nil { pathOrder.append(key) }
            if originsByPath[key]?.contains(origin) != true { originsByPath[key, default: []].append(origin) }
            reportsByPath[key, default: []].insert(output.content.report ?? -1)
            if case .report = output.content {} else { chartPaths.insert(key) }
        }
        func isTaken(_ path: String) -> Bool {
            (originsByPath[path]?.count ?? 0) > 1 || (reportsByPath[path]?.count ?? 0) > 1
        }
        var conflictingReports: Set<Int> = []
        for output in outputs {
            if case .report(let index) = output.content, isTaken(displayName(output)) {
                conflictingReports.insert(index)
            }
        }
        var diagnostics: [Diagnostic] = []
        // The first clash of a line is enough: the reports of a `for_each:` template repeat it.
        var reported: Set<SourceLocation> = []
        for path in pathOrder {
            guard let origins = originsByPath[path], isTaken(path) else { continue }
            let isChart = chartPaths.contains(path)
            for origin in origins where !skipping.contains(origin) && !reported.contains(origin) {
                if isChart, reports.indices.contains(where: { conflictingReports.contains($0) && reports[$0].charts.contains { $0.origin == origin } }) {
                    continue
                }
                let others = origins.filter { $0 != origin }.map(\.description).joined(separator: ", ")
                let by = others.isEmpty ? "by two reports of this line" : "by \(others)"
                let advice = isChart
                    ? "give one of the charts another `name:`"
                    : "rename one of the template files (a report is named after its file, `<file>.<locale>.pdf` for the languages after the first in `locales:`)"
                reported.insert(origin)
                diagnostics.append(Diagnostic(
                    .error, code: "build.duplicate-output",
                    "`\(path)` would also be written \(by); two outputs cannot share a file: \(advice).",
                    at: origin))
            }
        }
        return diagnostics
    }

    /// A chart's files named together, `charts/line-population.*`; other outputs by path.
    static func displayName(_ output: Output) -> String {
        switch output.content {
        case .chart, .chartData:
            guard let dot = output.path.lastIndex(of: ".") else { return output.path }
            return output.path[..<dot] + ".*"
        case .report, .figures:
            return output.path
        }
    }
}
