import Foundation
import Testing
import VitalityTestSupport

/// Incremental builds: a rebuild renders and writes only what changed, keeps modification
/// times of everything else, and always leaves the folder byte-identical to a clean build.
@Suite struct IncrementalBuildTests {
    /// A scratch copy of the sample input and of the award template (the smallest shipped one).
    struct Workspace {
        let base: TemporaryFolder
        let input: URL
        let templates: URL

        init() throws {
            base = try TemporaryFolder()
            input = base.appendingPathComponent("input")
            try FileManager.default.copyItem(atPath: TestSupport.sampleInput, toPath: input.path)
            templates = base.appendingPathComponent("templates")
            try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: TestSupport.sampleTemplates + "/award-submission.yaml",
                toPath: templates.appendingPathComponent("award-submission.yaml").path)
        }

        var template: URL { templates.appendingPathComponent("award-submission.yaml") }
        var population: URL { input.appendingPathComponent("statistics/vaesto_ja_muutto.csv") }

        func build(_ output: URL, _ extra: [String] = []) throws -> ProcessResult {
            let executable = try #require(TestSupport.executable)
            let result = try ProcessRunner.run(
                executable.path,
                ["build", "--input", input.path, "--templates", templates.path, "--output", output.path] + extra)
            #expect(result.status == 0, "\(extra): \(result.stderr)")
            return result
        }

        /// Replaces the line of `file` that starts with `prefix` by `prefix` and `value`.
        func setLine(_ file: URL, startingWith prefix: String, to value: String) throws {
            var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            let index = try #require(lines.firstIndex { $0.hasPrefix(prefix) }, "\(prefix) not in \(file.lastPathComponent)")
            lines[index] = prefix + value
            try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        }

        /// Replaces the first occurrence of `old` in `file`; fails the test when it is not there.
        func edit(_ file: URL, _ old: String, _ new: String) throws {
            let text = try String(contentsOf: file, encoding: .utf8)
            let range = try #require(text.range(of: old), "\(old) not in \(file.lastPathComponent)")
            try text.replacingCharacters(in: range, with: new).write(to: file, atomically: true, encoding: .utf8)
        }
    }

    /// Modification time and inode of every file, to see which were rewritten.
    static func stamps(_ folder: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        for path in try TestSupport.snapshot(folder).keys {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(path).path)
            let date = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            result[path] = "\(date) \(attributes[.systemFileNumber] ?? 0)"
        }
        return result
    }

    /// The paths `--verbose` reports with `action`.
    static func files(_ result: ProcessResult, _ action: String, in output: URL) -> Set<String> {
        Set(result.stdout.split(separator: "\n").compactMap { line -> String? in
            let prefix = "\(action) \(output.path)/"
            guard line.hasPrefix(prefix), let bytes = line.range(of: " (", options: .backwards) else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: prefix.count)..<bytes.lowerBound])
        })
    }

    @Test func aRebuildWithNothingChangedRendersAndWritesNothing() throws {
        let workspace = try Workspace()
        let output = workspace.base.appendingPathComponent("output")
        let first = try workspace.build(output)
        #expect(first.stdout.contains("1 report, 18 files: 18 written, 0 unchanged"), "\(first.stdout)")
        let before = try Self.stamps(output)
        let contents = try TestSupport.snapshot(output)

        let second = try workspace.build(output, ["--verbose"])
        #expect(second.stdout.hasSuffix(" s\n"))
        let summary = try #require(second.stdout.split(separator: "\n").last)
        #expect(summary.hasPrefix("Nothing changed: 1 report, 18 files up to date, "), "\(second.stdout)")
        #expect(Self.files(second, "kept", in: output).count == 11)  // the report, 5 charts × PNG, PDF
        #expect(Self.files(second, "written", in: output).isEmpty)
        #expect(try Self.stamps(output) == before)
        #expect(try TestSupport.snapshot(output) == contents)
        // Without --verbose, only the summary line.
        let third = try workspace.build(output)
        #expect(third.stdout.split(separator: "\n").count == 1, "\(third.stdout)")
    }

    @Test func oneChangedValueRendersOnlyTheOutputsThatShowIt() throws {
        let workspace = try Workspace()
        let output = workspace.base.appendingPathComponent("output")
        _ = try workspace.build(output)
        let before = try Self.stamps(output)

        // Orivesi's population in 2019 is in the award's KPI tiles and figures table (so the
        // report) and in figures.csv, but not in the unemployment slope chart.
        try workspace.setLine(workspace.population, startingWith: "KU562,Orivesi,Väkiluku,2019,", to: "9100")
        let rebuilt = try workspace.build(output, ["--verbose"])
        let written = Self.files(rebuilt, "written", in: output)
        #expect(written.contains("award-submission.pdf"))
        #expect(written.contains("figures.csv"))
        #expect(written.contains("manifest.json"))
        #expect(!written.contains("charts/award-unemployment-slope.png"))
        #expect(!written.contains("charts/award-unemployment-slope.pdf"))
        #expect(written.count < 18, "\(written.sorted())")
        let after = try Self.stamps(output)
        for (path, stamp) in before where !written.contains(path) {
            #expect(after[path] == stamp, "\(path) was rewritten")
        }

        let clean = workspace.base.appendingPathComponent("clean")
        _ = try workspace.build(clean)
        #expect(try TestSupport.snapshot(output) == TestSupport.snapshot(clean))
    }

    @Test func forceRendersAndRewritesEverything() throws {
        let workspace = try Workspace()
        let output = workspace.base.appendingPathComponent("output")
        _ = try workspace.build(output)
        let contents = try TestSupport.snapshot(output)
        let forced = try workspace.build(output, ["--force", "--verbose"])
        #expect(Self.files(forced, "written", in: output).count == 18)
        #expect(forced.stdout.contains("18 written, 0 unchanged"))
        #expect(try TestSupport.snapshot(output) == contents)
    }

    /// After any sequence of input, template, option and output-folder changes, the folder an
    /// incremental build leaves is byte-identical to a clean build of the final state. Seeded,
    /// so a failure names the seed and step that reproduce it.
    @Test(arguments: [11, 29])
    func randomSequencesEndEqualToACleanBuild(seed: UInt64) throws {
        let workspace = try Workspace()
        var random = SplitMix64(seed: seed)
        let output = workspace.base.appendingPathComponent("incremental")
        var dpi = 72
        var formats = "png,pdf"
        var home = "562"
        var titled = false
        var tall = false
        var withLine = true
        let lineChart = "  - chart: {type: line, indicator: vitality_index, height: 220, name: award-vitality-index-line}\n"
        func options() -> [String] { ["--dpi", String(dpi), "--formats", formats, "--home", home, "--jobs", String(Int.random(in: 1...3, using: &random))] }

        _ = try workspace.build(output, options())
        for step in 1...8 {
            var did: [String] = []
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                switch Int.random(in: 0..<9, using: &random) {
                case 0:
                    dpi = dpi == 72 ? 96 : 72
                    did.append("dpi \(dpi)")
                case 1:
                    formats = formats == "png,pdf" ? "png" : "png,pdf"
                    did.append("formats \(formats)")
                case 2:
                    home = home == "562" ? "837" : "562"
                    did.append("home \(home)")
                case 3:
                    try workspace.edit(workspace.template, titled ? "Elinvoimapalkintohakemus (muutettu)" : "Elinvoimapalkintohakemus", titled ? "Elinvoimapalkintohakemus" : "Elinvoimapalkintohakemus (muutettu)")
                    titled.toggle()
                    did.append("title")
                case 4:
                    try workspace.edit(workspace.template, tall ? "height: 360, name: award-jobs" : "height: 330, name: award-jobs", tall ? "height: 330, name: award-jobs" : "height: 360, name: award-jobs")
                    tall.toggle()
                    did.append("chart height")
                case 5:
                    try workspace.edit(workspace.template, withLine ? lineChart : "blocks:\n", withLine ? "" : "blocks:\n" + lineChart.replacingOccurrences(of: "  - chart", with: "  - heading: Indeksi\n  - chart"))
                    withLine.toggle()
                    did.append("line chart \(withLine ? "added" : "removed")")
                case 6:
                    let value = Int.random(in: 9_000...9_300, using: &random)
                    try workspace.setLine(workspace.population, startingWith: "KU562,Orivesi,Väkiluku,2019,", to: String(value))
                    did.append("population \(value)")
                case 7:
                    // Someone edits an output: the build puts Vitality's bytes back.
                    let files = try TestSupport.snapshot(output).keys.sorted()
                    let file = files[Int.random(in: 0..<files.count, using: &random)]
                    try Data("edited".utf8).write(to: output.appendingPathComponent(file))
                    did.append("edited \(file)")
                default:
                    let files = try TestSupport.snapshot(output).keys.sorted().filter { $0 != "manifest.json" }
                    let file = files[Int.random(in: 0..<files.count, using: &random)]
                    try FileManager.default.removeItem(at: output.appendingPathComponent(file))
                    did.append("deleted \(file)")
                }
            }
            _ = try workspace.build(output, options())
            let clean = workspace.base.appendingPathComponent("clean-\(step)")
            _ = try workspace.build(clean, options())
            let incremental = try TestSupport.snapshot(output)
            let expected = try TestSupport.snapshot(clean)
            let differing = Set(incremental.keys).union(expected.keys).filter { incremental[$0] != expected[$0] }.sorted()
            #expect(differing.isEmpty, "seed \(seed), step \(step) after \(did): \(differing)")
            try FileManager.default.removeItem(at: clean)
        }
    }
}
