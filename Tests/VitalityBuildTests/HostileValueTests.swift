import Foundation
import Testing
import VitalityTestSupport
import VitalityBuild

/// Hostile numbers in templates and input sheets: `vitality check` exits 1 with a diagnostic
/// at file:line:column, never a trap (exit 132, SIGILL) or another crash.
@Suite(.serialized) struct HostileValueTests {
    /// One edit of a copy of the sample: in `file` (relative to the templates or the input
    /// folder) the first `find` becomes `replace`; `code` is the diagnostic expected there.
    struct Case: Sendable, CustomTestStringConvertible {
        var inTemplates: Bool
        var file: String
        var find: String
        var replace: String
        var code: String
        var testDescription: String { "\(file): \(replace.replacingOccurrences(of: "\n", with: " ").prefix(70)) → \(code)" }
    }

    static let huge = "-9223372036854775808"
    /// YAML 1.1 sexagesimal: Yams' `.int` multiplies it out without overflow checks.
    static let sexagesimal = "1:0:0:0:0:0:0:0:0:0:0:0"
    static let programme = "  programme: 2018-2021\n"

    static let cases: [Case] = [
        Case(inTemplates: true, file: "council-report.yaml", find: programme, replace: programme + "  index_base: \(huge)\n", code: "template.index-base"),
        Case(inTemplates: true, file: "council-report.yaml", find: programme, replace: programme + "  index_base: \(sexagesimal)\n", code: "template.index-base"),
        Case(inTemplates: true, file: "council-report.yaml", find: programme, replace: programme + "  year: \(sexagesimal)\n", code: "template.year"),
        Case(inTemplates: true, file: "council-report.yaml", find: programme, replace: "  programme: {start: \(huge), end: 2021}\n", code: "template.programme"),
        Case(inTemplates: true, file: "council-report.yaml", find: programme, replace: "  programme: {start: \(sexagesimal), end: 2021}\n", code: "template.programme"),
        Case(inTemplates: true, file: "council-report.yaml", find: programme, replace: "  programme: \(huge)-2021\n", code: "template.programme"),
        Case(inTemplates: true, file: "council-report.yaml", find: "      years: 3\n", replace: "      years: \(sexagesimal)\n", code: "template.years"),
        Case(inTemplates: true, file: "council-report.yaml", find: "      years: 3\n", replace: "      years: \(huge)\n", code: "template.years"),
        Case(inTemplates: true, file: "council-report.yaml", find: "indicator: population}", replace: "indicator: population, year: \(sexagesimal)}", code: "template.chart-year"),
        Case(inTemplates: true, file: "council-report.yaml", find: "indicator: population}", replace: "indicator: population, height: \(huge)}", code: "template.height"),
        Case(inTemplates: true, file: "council-report.yaml", find: "indicator: population}", replace: "indicator: population, height: 1e999}", code: "template.height"),
        Case(inTemplates: true, file: "council-report.yaml", find: "  - contents\n", replace: "  - contents: {levels: \(sexagesimal)}\n", code: "template.levels"),
        Case(inTemplates: true, file: "council-report.yaml", find: "  margins: {top: 64,", replace: "  margins: {top: 1e300,", code: "template.margin"),
        Case(inTemplates: true, file: "council-report.yaml", find: "  margins: {top: 64, right: 20mm, bottom: 60, left: 20mm}", replace: "  margins: -1e300mm", code: "template.margin"),
        Case(inTemplates: true, file: "council-report.yaml", find: "  margins: {top: 64,", replace: "  margins: {top: \(huge),", code: "template.margin"),
        Case(inTemplates: false, file: "measures.csv", find: "2017;6;2021", replace: "\(huge);6;2021", code: "measures.bad-date"),
        Case(inTemplates: false, file: "measures.csv", find: "1.1.2018;31.12.2021", replace: "1.1.\(huge);31.12.2021", code: "measures.bad-date"),
        Case(inTemplates: false, file: "indicators.csv", find: "level,up,0,", replace: "level,up,\(huge),", code: "indicators.bad-decimals"),
        Case(inTemplates: false, file: "statistics/talous_ja_koulutus.csv", find: "KOKO MAA;Toimipaikat;2015", replace: "KOKO MAA;Toimipaikat;\(huge)", code: "statistics.bad-year"),
    ]

    @Test(arguments: cases) func checkReportsTheValueAndExitsOne(_ hostile: Case) throws {
        let executable = try #require(TestSupport.executable, "the vitality executable is built with the tests")
        let scratch = try TemporaryFolder()
        let templates = scratch.appendingPathComponent("templates")
        let input = scratch.appendingPathComponent("input")
        try FileManager.default.copyItem(atPath: TestSupport.sampleTemplates, toPath: templates.path)
        try FileManager.default.copyItem(atPath: TestSupport.sampleInput, toPath: input.path)
        let edited = (hostile.inTemplates ? templates : input).appendingPathComponent(hostile.file)
        let data = try Data(contentsOf: edited)
        let bom = data.starts(with: [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bom ? data.dropFirst(3) : data, as: UTF8.self)
        let range = try #require(text.range(of: hostile.find), "`\(hostile.find)` is in \(hostile.file)")
        let changed = text.replacingCharacters(in: range, with: hostile.replace)
        try ((bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(changed.utf8)).write(to: edited)

        let result = try ProcessRunner.run(executable.path, ["check", "--input", input.path, "--templates", templates.path])
        #expect(result.status == 1, "exit \(result.status): \(result.stderr.suffix(500))")
        let line = result.stderr.split(separator: "\n").first { $0.hasSuffix("[\(hostile.code)]") }
        let diagnostic = try #require(line, "no \(hostile.code) in: \(result.stderr.suffix(800))")
        #expect(diagnostic.contains(hostile.file + ":"))
        #expect(diagnostic.contains(": error: "))
        // file:line:column
        let place = diagnostic.components(separatedBy: ": error: ")[0].split(separator: ":")
        #expect(place.count >= 3 && Int(place[place.count - 1]) != nil && Int(place[place.count - 2]) != nil, "\(diagnostic)")
    }
}

/// A hostile header (megabytes long, with control characters) is quoted in at most about 80
/// characters, escaped, by every diagnostic format.
@Suite(.serialized) struct HostileTextTests {
    @Test(arguments: ["text", "json", "github"]) func aHugeHeaderIsNotEchoedWhole(_ format: String) throws {
        let executable = try #require(TestSupport.executable)
        let input = try TestSupport.copyOfSampleInput()
        let header = String(repeating: "x", count: 2_000_000) + ";b\u{0}\u{1B}[31m;" + (1...100_000).map { "c\($0)" }.joined(separator: ";") + "\n1;2;3\n"
        try Data(header.utf8).write(to: input.appendingPathComponent("statistics/huge.csv"))
        let result = try ProcessRunner.run(executable.path, ["check", "--input", input.path, "--diagnostics", format])
        #expect(result.status == 1)
        let output = result.stdout + result.stderr
        #expect(output.utf8.count < 50_000, "\(output.utf8.count) bytes")
        #expect(output.contains("statistics.unknown-layout"))
        #expect(!output.utf8.contains(0) && !output.utf8.contains(0x1B))
        #expect(output.contains("huge.csv"))
    }
}
