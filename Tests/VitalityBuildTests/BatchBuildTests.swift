import Foundation
import Testing
import VitalityTestSupport

/// Building for staff and CI: named templates, parallel jobs, shards and their merge, the log,
/// `--version` and `watch`.
@Suite struct BatchBuildTests {
    static func vitality(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ProcessResult {
        let executable = try #require(TestSupport.executable)
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extra) { $1 }
        return try ProcessRunner.run(executable.path, arguments, environment: environment)
    }

    static func build(_ output: URL, _ extra: [String] = []) throws -> ProcessResult {
        let result = try vitality(["build", "--output", output.path, "--input", TestSupport.sampleInput, "--templates", TestSupport.sampleTemplates] + extra)
        #expect(result.status == 0, "\(extra): \(result.stderr)")
        return result
    }

    @Test func namedTemplatesAreBuiltAndTheOthersKept() throws {
        let base = try TemporaryFolder()
        let output = base.appendingPathComponent("out")
        _ = try Self.build(output, ["award-submission"])
        let award = try TestSupport.snapshot(output)
        #expect(award["award-submission.pdf"] != nil)
        #expect(award["council-report.pdf"] == nil)

        _ = try Self.build(output, ["council-report"])
        let both = try TestSupport.snapshot(output)
        #expect(both["award-submission.pdf"] == award["award-submission.pdf"])
        #expect(both["council-report.pdf"] != nil && both["council-report.sv.pdf"] != nil)
        let manifest = try JSONSerialization.jsonObject(with: try #require(both["manifest.json"])) as? [String: Any]
        let paths = (manifest?["outputs"] as? [[String: Any]])?.compactMap { $0["path"] as? String } ?? []
        #expect(paths.contains("award-submission.pdf") && paths.contains("council-report.pdf"))

        let unknown = try Self.vitality(["build", "--output", output.path, "--input", TestSupport.sampleInput, "--templates", TestSupport.sampleTemplates, "council", "award-submission"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("There is no template `council`; the templates are: award-submission, council-report"), "\(unknown.stderr)")
        #expect(try TestSupport.snapshot(output) == both)
        let checked = try Self.vitality(["check", "--input", TestSupport.sampleInput, "--templates", TestSupport.sampleTemplates, "nope"])
        #expect(checked.status == 64)
    }

    @Test func everyJobCountMakesTheSameBytes() throws {
        let base = try TemporaryFolder()
        var snapshots: [[String: Data]] = []
        for jobs in [1, 2, 5] {
            let output = base.appendingPathComponent("jobs-\(jobs)")
            _ = try Self.build(output, ["--jobs", String(jobs)])
            snapshots.append(try TestSupport.snapshot(output))
        }
        #expect(snapshots[0].count > 100)
        #expect(snapshots[1] == snapshots[0])
        #expect(snapshots[2] == snapshots[0])
    }

    @Test func shardsMergeIntoTheUnshardedBuild() throws {
        let base = try TemporaryFolder()
        let whole = base.appendingPathComponent("whole")
        _ = try Self.build(whole)
        let merged = base.appendingPathComponent("merged")
        var shardFiles: [Set<String>] = []
        for index in 1...3 {
            let part = base.appendingPathComponent("part-\(index)")
            _ = try Self.build(part, ["--shard", "\(index)/3"])
            let files = try TestSupport.snapshot(part)
            #expect(files["manifest.shard-\(index)-of-3.json"] != nil)
            #expect(files["manifest.json"] == nil)
            shardFiles.append(Set(files.keys).subtracting(["manifest.shard-\(index)-of-3.json"]))
            // As CI's download of every artifact into one folder.
            for (path, bytes) in files {
                let target = merged.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try bytes.write(to: target)
            }
        }
        for i in 0..<3 { for j in 0..<3 where i < j { #expect(shardFiles[i].isDisjoint(with: shardFiles[j])) } }
        #expect(shardFiles.allSatisfy { !$0.isEmpty })
        #expect(shardFiles[0].contains("figures.csv"))

        // A part missing: refused, nothing changed.
        let partial = base.appendingPathComponent("partial")
        try FileManager.default.copyItem(at: merged, to: partial)
        try FileManager.default.removeItem(at: partial.appendingPathComponent("manifest.shard-2-of-3.json"))
        let before = try TestSupport.snapshot(partial)
        let refused = try Self.vitality(["merge-manifests", "--output", partial.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Parts 2/3 are missing"), "\(refused.stderr)")
        #expect(try TestSupport.snapshot(partial) == before)

        // A file changed after its part was built: refused, naming it.
        let tampered = base.appendingPathComponent("tampered")
        try FileManager.default.copyItem(at: merged, to: tampered)
        try Data("x".utf8).write(to: tampered.appendingPathComponent("figures.csv"))
        let changed = try Self.vitality(["merge-manifests", "--output", tampered.path])
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("figures.csv") && changed.stderr.contains("merge.file-changed"), "\(changed.stderr)")

        let result = try Self.vitality(["merge-manifests", "--output", merged.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Merged 3 parts"))
        #expect(try TestSupport.snapshot(merged) == TestSupport.snapshot(whole))
    }

    @Test(arguments: ["0/3", "4/3", "1/0", "a/b", "1/2/3", "2"])
    func badShardIsAUsageError(_ bad: String) throws {
        let result = try Self.vitality(["build", "--shard", bad, "--output", "/nonexistent/never"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--shard must be K/N"), "\(result.stderr)")
    }

    @Test func versionIsPrintedAndRecorded() throws {
        let version = try Self.vitality(["--version"])
        #expect(version.status == 0)
        let line = version.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.range(of: #"^vitality \d+\.\d+\.\d+$"#, options: .regularExpression) != nil, "\(line)")
        let base = try TemporaryFolder()
        let output = base.appendingPathComponent("out")
        _ = try Self.build(output, ["award-submission"])
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect(manifest?["generator"] as? String == line)
        #expect(manifest?["version"] as? Int == 2)
    }

    @Test func logIsOneLinePerReportThenASummaryAndQuietPrintsNone() throws {
        let base = try TemporaryFolder()
        let output = base.appendingPathComponent("out")
        let first = try Self.build(output, ["council-report", "award-submission"])
        let lines = first.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(first.stdout)")
        #expect(lines.contains { $0.hasPrefix("council-report.sv: Orivesi 2021, ") && $0.hasSuffix("files written") })
        let summary = try #require(lines.last)
        #expect(summary.range(of: #"^4 reports, \d+ files: \d+ written, 0 unchanged, \d+\.\d s$"#, options: .regularExpression) != nil, "\(summary)")
        // Not a terminal: no progress line, no colour.
        #expect(!first.stderr.contains("\u{1B}"))
        #expect(!first.stdout.contains("\u{1B}"))

        let quiet = try Self.build(output, ["council-report", "award-submission", "--quiet", "--force"])
        #expect(quiet.stdout.isEmpty)
        #expect(!quiet.stderr.contains("note:"), "\(quiet.stderr)")
        let both = try Self.vitality(["build", "--quiet", "--verbose"])
        #expect(both.status == 64)
    }

    /// `watch` builds, then rebuilds when a template changes, printing the summary each time.
    @Test func watchRebuildsWhenATemplateChanges() throws {
        let base = try TemporaryFolder()
        let templates = base.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let template = templates.appendingPathComponent("award-submission.yaml")
        try FileManager.default.copyItem(atPath: TestSupport.sampleTemplates + "/award-submission.yaml", toPath: template.path)
        let output = base.appendingPathComponent("out")
        let log = base.appendingPathComponent("watch.log")
        #expect(FileManager.default.createFile(atPath: log.path, contents: nil))
        let process = Process()
        process.executableURL = TestSupport.executable
        process.arguments = ["watch", "--input", TestSupport.sampleInput, "--templates", templates.path, "--output", output.path, "--interval", "0.2"]
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        // SIGKILL: the test runner blocks SIGTERM and SIGINT, and its children inherit the mask.
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }

        func waitFor(_ count: Int) -> [String] {
            for _ in 0..<600 {
                let lines = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
                let summaries = lines.filter { $0.contains(" files: ") || $0.hasPrefix("Nothing changed") }
                if summaries.count >= count { return summaries }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return []
        }
        let first = waitFor(1)
        #expect(first.first?.hasPrefix("1 report, 18 files: 18 written") == true, "\(first)")
        let text = try String(contentsOf: template, encoding: .utf8)
        try text.replacingOccurrences(of: "title: \"Elinvoimapalkintohakemus", with: "title: \"Hakemus").write(to: template, atomically: true, encoding: .utf8)
        let second = waitFor(2)
        #expect(second.count == 2, "\(second)")
        #expect(second.last?.hasPrefix("1 report, 18 files: ") == true && second.last?.contains(" written") == true, "\(second)")
        #expect(process.isRunning)
    }
}

extension BatchBuildTests {
    /// `list reports` numbers the reports in the order `--shard` splits them.
    @Test func listReportsShowsWhatEachShardBuilds() throws {
        let listed = try Self.vitality(["list", "reports", "award-submission", "kuntaprofiili", "--input", TestSupport.sampleInput, "--templates", TestSupport.sampleTemplates])
        #expect(listed.status == 0, "\(listed.stderr)")
        let lines = listed.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(lines.count == 24)
        #expect(lines.first?.prefix(4) == ["1", "award-submission.pdf", "Orivesi", "2019"])
        #expect(lines.last?.prefix(4) == ["24", "kuntaprofiili/980-ylojarvi.pdf", "Ylöjärvi", "2021"])

        // Part 2 of 5 builds reports 2, 7, 12, 17 and 22.
        let base = try TemporaryFolder()
        let part = base.appendingPathComponent("part")
        _ = try Self.build(part, ["award-submission", "kuntaprofiili", "--shard", "2/5"])
        let pdfs = try TestSupport.snapshot(part).keys.filter { $0.hasSuffix(".pdf") && !$0.contains("/charts/") }.sorted()
        let expected = [2, 7, 12, 17, 22].map { lines[$0 - 1][1] }.sorted()
        #expect(pdfs == expected)
    }
}

extension BatchBuildTests {
    /// On a terminal (a pseudo-terminal from util-linux `script`): one progress line rewritten
    /// in place, severities in colour; with `NO_COLOR`, none.
    @Test(.enabled(if: ToolLookup.executable("script") != nil, "util-linux `script` is not installed"))
    func terminalGetsAProgressLineAndColourUnlessNoColor() throws {
        let base = try TemporaryFolder()
        let script = try #require(ToolLookup.executable("script"))
        let executable = try #require(TestSupport.executable)
        let command = [executable.path, "build", "award-submission", "--input", TestSupport.sampleInput,
                       "--templates", TestSupport.sampleTemplates, "--output", base.appendingPathComponent("out").path]
            .map { "'\($0)'" }.joined(separator: " ")
        let coloured = try Self.vitalityThrough(script, command, environment: ["TERM": "xterm"])
        #expect(coloured.contains("\r\u{1B}[KBuilding: 0/1 reports, 1/17 files, "), "\(coloured)")
        #expect(coloured.contains("\r\u{1B}[KBuilding: 1/1 reports, 17/17 files, "))
        #expect(coloured.contains("\u{1B}[1;36mnote:\u{1B}[0m"), "\(coloured)")
        #expect(coloured.contains("1 report, 18 files: 18 written, 0 unchanged"))
        // The per-report line is for logs; a terminal has the progress line instead.
        #expect(!coloured.contains("award-submission: Orivesi 2019"))

        let plain = try Self.vitalityThrough(script, command + " --force", environment: ["TERM": "xterm", "NO_COLOR": "1"])
        #expect(plain.contains("Building: "))
        #expect(!plain.contains("\u{1B}[1;"), "\(plain)")
        #expect(plain.contains("note: "))
    }

    /// Runs `command` on a pseudo-terminal; what the terminal showed.
    static func vitalityThrough(_ script: String, _ command: String, environment extra: [String: String]) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        environment.merge(extra) { $1 }
        let result = try ProcessRunner.run(script, ["-qec", command, "/dev/null"], environment: environment)
        #expect(result.status == 0, "\(result.stdout)")
        return result.stdout
    }
}
