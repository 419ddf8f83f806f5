import Foundation
import VitalityData
import VitalityModel
import VitalityReport
import VitalityScene

/// libFuzzer entry point for report templates: the input is the text of a template, read the way
/// the builder reads it (UTF-8, `TemplateParser.locales(of:)`, then one parse per locale) with the
/// repository's `templates/` folder for includes and logos (read once into a
/// `TemplateMemoryLoader`), and each parsed template is composed
/// against the shipped sample data (`input/`) with a fixed-width text measurer, which binds every
/// placeholder, chart and table. A crash, a sanitizer report, a diagnostic without a location,
/// no locale (an unknown one cannot be expressed) or two parses that differ is a finding. Built
/// by `scripts/fuzz.sh template`; run from the repository root (or set `VITALITY_FUZZ_ROOT`).
private let root = ProcessInfo.processInfo.environment["VITALITY_FUZZ_ROOT"] ?? FileManager.default.currentDirectoryPath
private let templates: TemplateFolder = {
    let directory = (root as NSString).appendingPathComponent("templates")
    let fileManager = FileManager.default
    var files: [String: Data] = [:]
    for case let relative as String in fileManager.enumerator(atPath: directory)?.allObjects ?? [] {
        let path = (directory as NSString).appendingPathComponent(relative)
        var isFolder: ObjCBool = false
        guard fileManager.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
            let data = fileManager.contents(atPath: path)
        else { continue }
        files[URL(fileURLWithPath: path).standardizedFileURL.path] = data
    }
    return TemplateFolder(path: directory, loader: TemplateMemoryLoader(files: files))
}()
private let dataset: Dataset = {
    let result = InputFolderReader().read(directory: (root as NSString).appendingPathComponent("input"))
    guard !result.dataset.years.isEmpty else { fatalError("no sample data in \(root)/input; run from the repository root") }
    return result.dataset
}()

/// Every character is half the font size wide; lines wrap at `maxWidth` by character count.
private struct FixedWidthMeasurer: TextMeasuring {
    func measure(_ text: String, style: TextStyle, maxWidth: Double?, maxLines: Int?) -> TextMetrics {
        let size = style.font.size.isFinite ? max(0, style.font.size) : 0
        let advance = size / 2
        let characters = Double(text.count)
        let lineHeight = size * 1.2
        var lines = 1
        var width = characters * advance
        if let maxWidth, maxWidth.isFinite, maxWidth > 0, advance > 0, width > maxWidth {
            let perLine = max(1, (maxWidth / advance).rounded(.down))
            lines = Int(min(1_000_000, (characters / perLine).rounded(.up)))
            width = min(width, perLine * advance)
        }
        var truncated = false
        if let maxLines, maxLines > 0, lines > maxLines {
            lines = maxLines
            truncated = true
        }
        return TextMetrics(width: width, height: Double(lines) * lineHeight, baseline: size, lineCount: lines, isTruncated: truncated)
    }
}

private func parse(_ text: String, locale: ReportLocale) -> (ReportTemplate?, [Diagnostic]) {
    var parser = TemplateParser(file: "fuzz.yaml", locale: locale, templates: templates)
    let template = parser.parse(text, id: "fuzz")
    return (template, parser.diagnostics)
}

private func checkLocations(_ diagnostics: [Diagnostic], _ stage: String) {
    for diagnostic in diagnostics where diagnostic.location == nil {
        fatalError("\(stage): diagnostic without a location: \(diagnostic)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = String(data: Data(bytes: data, count: size), encoding: .utf8) else { return 0 }
    let locales = TemplateParser.locales(of: text)
    guard !locales.isEmpty else { fatalError("no locale") }
    for locale in locales {
        let (template, diagnostics) = parse(text, locale: locale)
        checkLocations(diagnostics, "parse")
        let (again, diagnosticsAgain) = parse(text, locale: locale)
        guard diagnostics == diagnosticsAgain, String(reflecting: template) == String(reflecting: again) else {
            fatalError("parsing twice differs: \(diagnostics) vs \(diagnosticsAgain)")
        }
        guard let template else {
            if !diagnostics.contains(where: { $0.severity == .error }) { fatalError("no template and no error: \(diagnostics)") }
            continue
        }
        let (report, composeDiagnostics) = ReportComposer(measurer: FixedWidthMeasurer())
            .compose(template, dataset: dataset, request: ReportRequest(sourceDateEpoch: 0))
        checkLocations(composeDiagnostics, "compose")
        if let report, report.document.pages.isEmpty { fatalError("composed report without pages") }
    }
    return 0
}
