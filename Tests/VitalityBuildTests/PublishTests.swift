import Foundation
import Testing
import VitalityTestSupport
@testable import VitalityBuild
import VitalityModel

/// Publishing is a transaction: a build killed at any publish step, failing at any step, running
/// out of disk, meeting symbolic links or a folder where a file goes, or racing another build
/// into the same folder, leaves the output folder equal to one clean build, byte for byte, with
/// every file matching manifest.json and no leftovers. Uses the test-only fault switches
/// (`VITALITY_TEST_FAULTS=1`, see OutputFolder.swift) on the debug `vitality`.
@Suite(.serialized) struct PublishFaultTests {
    /// A folder's entries: files with their bytes, folders and links marked, `.vitality/` included.
    enum Node: Equatable, CustomStringConvertible {
        case file(Data)
        case folder
        case link(String)

        var description: String {
            switch self {
            case .file(let data): return "file(\(data.count) bytes)"
            case .folder: return "folder"
            case .link(let target): return "link(\(target))"
            }
        }
    }

    static func tree(_ url: URL) throws -> [String: Node] {
        var result: [String: Node] = [:]
        let fileManager = FileManager.default
        func walk(_ relative: String) throws {
            let folder = relative.isEmpty ? url.path : url.path + "/" + relative
            for name in try fileManager.contentsOfDirectory(atPath: folder) {
                let path = relative.isEmpty ? name : relative + "/" + name
                let full = url.path + "/" + path
                let attributes = try fileManager.attributesOfItem(atPath: full)
                switch attributes[.type] as? FileAttributeType {
                case .typeSymbolicLink?: result[path] = .link(try fileManager.destinationOfSymbolicLink(atPath: full))
                case .typeDirectory?:
                    result[path] = .folder
                    try walk(path)
                default: result[path] = .file(try Data(contentsOf: URL(fileURLWithPath: full)))
                }
            }
        }
        try walk("")
        return result
    }

    /// Names of the entries that differ between two trees.
    static func differences(_ a: [String: Node], _ b: [String: Node]) -> [String] {
        Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
    }

    /// Every file in the folder (but manifest.json and `.vitality/`) is listed in manifest.json
    /// with its SHA-256, and every listed file is there.
    static func manifestProblems(_ output: URL) throws -> [String] {
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: output.appendingPathComponent("manifest.json")))
        let files = try TestSupport.snapshot(output, includingState: true).filter { $0.key != "manifest.json" }
        var problems: [String] = []
        for entry in manifest.outputs {
            guard let bytes = files[entry.path] else {
                problems.append("\(entry.path) listed but missing")
                continue
            }
            if Manifest.entry(path: entry.path, bytes: Array(bytes)).sha256 != entry.sha256 { problems.append("\(entry.path) digest differs") }
        }
        for path in Set(files.keys).subtracting(manifest.outputs.map(\.path)) { problems.append("\(path) not listed") }
        return problems.sorted()
    }

    /// A small template: a report with two charts (7 files with the manifest), fast to build.
    static let smallTemplate = """
        report:
          title: "Väestö {{year}}"
          author: "Testi"
          home: "562"
          locale: fi
          year: 2021
          programme: 2018-2021
        blocks:
          - heading: Väestö
          - chart: {type: line, indicator: population, height: 220, name: small-population}
          - chart: {type: ranking, indicator: population, height: 330, name: small-ranking}

        """

    /// Template folders: `two` has the small template and a copy (charts in per-template
    /// folders), `one` the small template alone.
    struct Fixture {
        let base: TemporaryFolder
        let one: URL
        let two: URL

        init() throws {
            base = try TemporaryFolder()
            one = base.appendingPathComponent("templates-one")
            two = base.appendingPathComponent("templates-two")
            for folder in [one, two] {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try PublishFaultTests.smallTemplate.write(to: folder.appendingPathComponent("small.yaml"), atomically: true, encoding: .utf8)
            }
            try PublishFaultTests.smallTemplate.write(to: two.appendingPathComponent("small-copy.yaml"), atomically: true, encoding: .utf8)
        }

        func arguments(_ templates: URL, dpi: Int, output: URL, extra: [String] = []) -> [String] {
            ["build", "--input", TestSupport.sampleInput, "--templates", templates.path, "--output", output.path,
             "--formats", "png", "--dpi", String(dpi)] + extra
        }

        /// A clean build into a new folder.
        func clean(_ templates: URL, dpi: Int, name: String) throws -> URL {
            let output = base.appendingPathComponent(name)
            let result = try vitality(arguments(templates, dpi: dpi, output: output))
            #expect(result.status == 0, "\(result.stderr)")
            return output
        }

        /// A fresh copy of `folder` to break.
        func copy(_ folder: URL, as name: String) throws -> URL {
            let target = base.appendingPathComponent(name)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: folder, to: target)
            return target
        }
    }

    static func vitality(_ arguments: [String], faults: [String: String] = [:]) throws -> ProcessResult {
        let executable = try #require(TestSupport.executable)
        var environment = ProcessInfo.processInfo.environment
        if !faults.isEmpty {
            environment["VITALITY_TEST_FAULTS"] = "1"
            environment.merge(faults) { $1 }
        }
        return try ProcessRunner.run(executable.path, arguments, environment: environment)
    }

    private func vitality(_ arguments: [String], faults: [String: String] = [:]) throws -> ProcessResult {
        try Self.vitality(arguments, faults: faults)
    }

    // MARK: Kills and failures at every publish step

    @Test func killAtEveryPublishStepIsCompletedByTheNextRun() throws {
        let fixture = try Fixture()
        let before = try fixture.clean(fixture.two, dpi: 72, name: "clean-a")
        let after = try fixture.clean(fixture.one, dpi: 96, name: "clean-b")
        let treeBefore = try Self.tree(before)
        let treeAfter = try Self.tree(after)
        #expect(Self.differences(treeBefore, treeAfter).count > 10)
        #expect(treeBefore[".vitality"] == nil && treeAfter[".vitality"] == nil)

        var kills = 0
        for step in 1...200 {
            let output = try fixture.copy(before, as: "killed")
            let killed = try vitality(fixture.arguments(fixture.one, dpi: 96, output: output, extra: ["--force"]),
                                      faults: ["VITALITY_FAULT_AFTER_PUBLISH_STEP": String(step)])
            if killed.status == 0 {
                #expect(Self.differences(try Self.tree(output), treeAfter) == [])
                break
            }
            #expect(killed.status == 137, "step \(step): \(killed.stderr)")
            kills += 1
            // The next run of vitality completes the publish (or, killed before the journal,
            // only removes the stage), leaving exactly one clean build and nothing else.
            let recovered = try vitality(["recover", "--output", output.path])
            #expect(recovered.status == 0, "step \(step): \(recovered.stderr)")
            let expected = step == 1 ? treeBefore : treeAfter
            #expect(Self.differences(try Self.tree(output), expected) == [], "killed after publish step \(step)")
            #expect(try Self.manifestProblems(output) == [], "step \(step)")
        }
        // The stage, the journal, removing 9 files, linking and renaming 7, the journal's and
        // the stage's removal.
        #expect(kills > 15)

        // A build (not `recover`) after a kill also starts by completing the publish.
        let output = try fixture.copy(before, as: "killed-then-built")
        #expect(try vitality(fixture.arguments(fixture.one, dpi: 96, output: output), faults: ["VITALITY_FAULT_AFTER_PUBLISH_STEP": "12"]).status == 137)
        let rebuilt = try vitality(fixture.arguments(fixture.two, dpi: 72, output: output))
        #expect(rebuilt.status == 0)
        #expect(rebuilt.stderr.contains("build.recovered"))
        #expect(Self.differences(try Self.tree(output), treeBefore) == [])
    }

    /// An EIO at publish steps 1–3, every third step after, and every step just before the first
    /// that succeeds (the journal's and stage's removal, which come after the publish).
    @Test func failureAtPublishStepsIsUndoneBeforeSayingUnchanged() throws {
        let fixture = try Fixture()
        let before = try fixture.clean(fixture.two, dpi: 72, name: "clean-a")
        let after = try fixture.clean(fixture.one, dpi: 96, name: "clean-b")
        let treeBefore = try Self.tree(before)
        let treeAfter = try Self.tree(after)
        var failures = 0
        var tried: Set<Int> = []
        /// Fails step `step`; true when the build still succeeded (the step came after the publish).
        func fail(at step: Int) throws -> Bool {
            tried.insert(step)
            let output = try fixture.copy(before, as: "failed")
            let result = try vitality(fixture.arguments(fixture.one, dpi: 96, output: output, extra: ["--force"]),
                                      faults: ["VITALITY_FAULT_FAIL_PUBLISH_STEP": String(step)])
            if result.status == 0 {
                // A failure at removing the journal or the stage does not undo a finished
                // publish; what is left is removed by the next run.
                _ = try vitality(["recover", "--output", output.path])
                #expect(Self.differences(try Self.tree(output), treeAfter) == [], "step \(step)")
                return true
            }
            failures += 1
            #expect(result.status == 1)
            #expect(result.stderr.contains("Input/output error"), "step \(step)")
            #expect(result.stderr.contains("is unchanged"), "step \(step): \(result.stderr)")
            #expect(Self.differences(try Self.tree(output), treeBefore) == [], "failed at publish step \(step)")
            return false
        }
        var firstSuccess = 0
        for step in [1, 2] + Array(stride(from: 3, through: 200, by: 3)) where try fail(at: step) {
            firstSuccess = step
            break
        }
        #expect(firstSuccess > 15)
        for step in max(1, firstSuccess - 3)..<firstSuccess where !tried.contains(step) { _ = try fail(at: step) }
        #expect(failures > 6)
    }

    @Test func fullDiskWhileStagingChangesNothing() throws {
        let fixture = try Fixture()
        let before = try fixture.clean(fixture.two, dpi: 72, name: "clean-a")
        let treeBefore = try Self.tree(before)
        for write in [1, 4, 7] {  // 6 outputs, then the manifest
            let output = try fixture.copy(before, as: "full")
            let result = try vitality(fixture.arguments(fixture.one, dpi: 96, output: output, extra: ["--force"]),
                                      faults: ["VITALITY_FAULT_ENOSPC_AT_WRITE": String(write)])
            #expect(result.status == 1)
            #expect(result.stderr.contains("No space left on device"), "\(result.stderr)")
            #expect(result.stderr.contains("is unchanged"))
            #expect(Self.differences(try Self.tree(output), treeBefore) == [], "ENOSPC at write \(write)")
        }
    }

    /// A real full disk: a 1 MB tmpfs. Mounting needs root; as root a failing mount fails the test.
    @Test(.enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func fullTmpfsChangesNothing() throws {
        let fixture = try Fixture()
        let mountPoint = fixture.base.appendingPathComponent("tmpfs")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        let mount = try #require(ToolLookup.executable("mount"))
        let mounted = try ProcessRunner.run(mount, ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.path])
        try #require(mounted.status == 0, "mount -t tmpfs failed: \(mounted.stderr)")
        defer { _ = try? ProcessRunner.run(ToolLookup.executable("umount") ?? "/bin/umount", [mountPoint.path]) }
        let output = mountPoint.appendingPathComponent("out")
        #expect(try vitality(fixture.arguments(fixture.one, dpi: 36, output: output)).status == 0)
        let before = try Self.tree(output)
        // 600 dpi charts do not fit in what is left.
        let result = try vitality(fixture.arguments(fixture.two, dpi: 600, output: output))
        #expect(result.status == 1)
        #expect(result.stderr.contains("No space left on device"), "\(result.stderr)")
        #expect(result.stderr.contains("is unchanged"))
        #expect(Self.differences(try Self.tree(output), before) == [])
    }

}

/// Links, rename failures, stale outputs, the lock and concurrent builds (see `PublishFaultTests`).
@Suite(.serialized) struct PublishTests {
    typealias Node = PublishFaultTests.Node
    typealias Fixture = PublishFaultTests.Fixture

    static func tree(_ url: URL) throws -> [String: Node] { try PublishFaultTests.tree(url) }
    static func differences(_ a: [String: Node], _ b: [String: Node]) -> [String] { PublishFaultTests.differences(a, b) }
    static func manifestProblems(_ output: URL) throws -> [String] { try PublishFaultTests.manifestProblems(output) }

    private func vitality(_ arguments: [String], faults: [String: String] = [:]) throws -> ProcessResult {
        try PublishFaultTests.vitality(arguments, faults: faults)
    }

    // MARK: Rename failures and symbolic links

    @Test func folderWhereTheManifestGoesFailsAndChangesNothing() throws {
        let fixture = try Fixture()
        let output = try fixture.copy(try fixture.clean(fixture.one, dpi: 72, name: "clean"), as: "probe")
        try FileManager.default.removeItem(at: output.appendingPathComponent("manifest.json"))
        try FileManager.default.createDirectory(at: output.appendingPathComponent("manifest.json"), withIntermediateDirectories: false)
        let before = try Self.tree(output)
        let result = try vitality(fixture.arguments(fixture.one, dpi: 96, output: output))
        #expect(result.status == 1)
        #expect(result.stderr.contains("manifest.json: it is a folder"), "\(result.stderr)")
        #expect(result.stderr.contains("is unchanged"))
        #expect(Self.differences(try Self.tree(output), before) == [])

        // The same for a chart's name.
        try FileManager.default.removeItem(at: output.appendingPathComponent("manifest.json"))
        let chart = try #require(try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("charts").path).sorted().last)
        try FileManager.default.removeItem(at: output.appendingPathComponent("charts/\(chart)"))
        try FileManager.default.createDirectory(at: output.appendingPathComponent("charts/\(chart)"), withIntermediateDirectories: false)
        let before2 = try Self.tree(output)
        let second = try vitality(fixture.arguments(fixture.one, dpi: 96, output: output))
        #expect(second.status == 1)
        #expect(second.stderr.contains("charts/\(chart)"))
        #expect(Self.differences(try Self.tree(output), before2) == [])
    }

    @Test func symbolicLinksInsideTheOutputFolderAreNeverWrittenThrough() throws {
        let fixture = try Fixture()
        let clean = try fixture.clean(fixture.one, dpi: 72, name: "clean")
        let outside = fixture.base.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let victim = outside.appendingPathComponent("victim.txt")
        try Data("do not touch".utf8).write(to: victim)
        func victimIntact() throws -> Bool {
            try Data(contentsOf: victim) == Data("do not touch".utf8)
                && FileManager.default.contentsOfDirectory(atPath: outside.path) == ["victim.txt"]
        }

        // A link at an output's name, at the old fixed temporary names, at the lock's name.
        for name in ["figures.csv", ".figures.csv.vitality-tmp", "charts/.small-ranking.png.vitality-tmp", "small.pdf"] {
            let output = try fixture.copy(clean, as: "links")
            try? FileManager.default.removeItem(at: output.appendingPathComponent(name))
            try FileManager.default.createSymbolicLink(at: output.appendingPathComponent(name), withDestinationURL: victim)
            let result = try vitality(fixture.arguments(fixture.one, dpi: 72, output: output))
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(try victimIntact(), "\(name)")
            #expect(Self.differences(try Self.tree(output), try Self.tree(clean)) == [], "link at \(name)")
        }

        // The state folder, the lock or the journal as links: an error naming it, nothing written.
        for (name, target) in [(".vitality", outside), (".vitality/lock", victim), (".vitality/journal.json", victim)] {
            let output = try fixture.copy(clean, as: "state-links")
            if name != ".vitality" {
                try FileManager.default.createDirectory(at: output.appendingPathComponent(".vitality"), withIntermediateDirectories: true)
            }
            try FileManager.default.createSymbolicLink(at: output.appendingPathComponent(name), withDestinationURL: target)
            let before = try Self.tree(output)
            let result = try vitality(fixture.arguments(fixture.one, dpi: 96, output: output))
            #expect(result.status == 1, "\(name)")
            #expect(result.stderr.contains(name), "\(name): \(result.stderr)")
            #expect(try victimIntact(), "\(name)")
            #expect(Self.differences(try Self.tree(output), before) == [], "\(name)")
        }

        // A linked charts folder (or a folder inside it): an error naming it.
        for name in ["charts", "charts/small"] {
            let output = try fixture.copy(try fixture.clean(fixture.two, dpi: 72, name: "clean-two"), as: "linked-charts")
            let real = fixture.base.appendingPathComponent("real-\(name.replacingOccurrences(of: "/", with: "-"))")
            try? FileManager.default.removeItem(at: real)
            try FileManager.default.moveItem(at: output.appendingPathComponent(name), to: real)
            try FileManager.default.createSymbolicLink(at: output.appendingPathComponent(name), withDestinationURL: real)
            let outsideBefore = try Self.tree(real)
            let before = try Self.tree(output)
            let result = try vitality(fixture.arguments(fixture.two, dpi: 96, output: output))
            #expect(result.status == 1)
            #expect(result.stderr.contains("\(name) is a symbolic link"), "\(result.stderr)")
            #expect(result.stderr.contains("is unchanged"))
            #expect(Self.differences(try Self.tree(output), before) == [])
            #expect(Self.differences(try Self.tree(real), outsideBefore) == [])
        }
    }

    // MARK: The manifest owns its files

    @Test func outputsNoLongerMadeAreRemovedAndOthersAreKept() throws {
        let fixture = try Fixture()
        let output = try fixture.clean(fixture.two, dpi: 72, name: "stale")
        try Data("mine".utf8).write(to: output.appendingPathComponent("notes.txt"))
        try Data("mine".utf8).write(to: output.appendingPathComponent("charts/notes.txt"))
        // Fewer templates: the copy's report and every chart in per-template folders go.
        #expect(try vitality(fixture.arguments(fixture.one, dpi: 72, output: output)).status == 0)
        var expected = try Self.tree(try fixture.clean(fixture.one, dpi: 72, name: "clean-one"))
        expected["notes.txt"] = .file(Data("mine".utf8))
        expected["charts/notes.txt"] = .file(Data("mine".utf8))
        #expect(Self.differences(try Self.tree(output), expected) == [])

        // A file Vitality wrote and a user changed is left alone (and no longer listed).
        let report = output.appendingPathComponent("small.pdf")
        try Data("edited".utf8).write(to: report)
        // `--locale sv` with nothing to build keeps every entry (no longer an empty manifest)
        // but the edited one, which it leaves in place unlisted.
        let none = try vitality(fixture.arguments(fixture.one, dpi: 72, output: output, extra: ["--locale", "sv"]))
        #expect(none.status == 0, "\(none.stderr)")
        #expect(none.stderr.contains("build.output-changed"))
        #expect(try Data(contentsOf: report) == Data("edited".utf8))
        #expect(try Self.manifestProblems(output) == ["charts/notes.txt not listed", "notes.txt not listed", "small.pdf not listed"])
        let full = try vitality(fixture.arguments(fixture.one, dpi: 72, output: output))
        #expect(full.status == 0)
        #expect(try Self.manifestProblems(output) == ["charts/notes.txt not listed", "notes.txt not listed"])
    }

    @Test func localeBuildKeepsTheOtherLanguagesAndTheManifestEqualsTheFolder() throws {
        let base = try TemporaryFolder()
        let output = base.appendingPathComponent("out")
        let arguments = ["build", "--input", TestSupport.sampleInput, "--templates", TestSupport.sampleTemplates,
                         "--output", output.path, "--formats", "svg"]
        #expect(try vitality(arguments).status == 0)
        let full = try Self.tree(output)
        #expect(try vitality(arguments + ["--locale", "sv", "--dpi", "96"]).status == 0)
        let afterSv = try Self.tree(output)
        #expect(try Self.manifestProblems(output) == [])
        // Only the manifest changed: svg charts and reports do not depend on the dpi.
        #expect(Self.differences(full, afterSv) == ["manifest.json"])
        #expect(try vitality(arguments + ["--locale", "fi"]).status == 0)
        #expect(try Self.manifestProblems(output) == [])
        #expect(Set(try Self.tree(output).keys) == Set(full.keys))
        #expect(try vitality(arguments).status == 0)
        #expect(Self.differences(try Self.tree(output), full) == [])
    }

    // MARK: One build per output folder

    @Test func concurrentBuildsLeaveExactlyOneCleanBuild() throws {
        let fixture = try Fixture()
        let clean72 = try Self.tree(try fixture.clean(fixture.one, dpi: 72, name: "clean-72"))
        let clean96 = try Self.tree(try fixture.clean(fixture.one, dpi: 96, name: "clean-96"))
        let executable = try #require(TestSupport.executable)
        var outcomes: [String: Int] = [:]
        let output = fixture.base.appendingPathComponent("shared")
        for trial in 0..<20 {
            let processes = try [72, 96].map { dpi in
                let process = Process()
                process.executableURL = executable
                process.arguments = fixture.arguments(fixture.one, dpi: dpi, output: output)
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                return process
            }
            for process in processes { process.waitUntilExit() }
            #expect(processes.allSatisfy { $0.terminationStatus == 0 }, "trial \(trial)")
            let tree = try Self.tree(output)
            let which = tree == clean72 ? "72" : tree == clean96 ? "96" : "neither"
            outcomes[which, default: 0] += 1
            #expect(which != "neither", "trial \(trial): \(Self.differences(tree, clean96))")
            #expect(try Self.manifestProblems(output) == [])
        }
        #expect(outcomes["neither"] == nil)
    }

    @Test func aHeldLockMakesNoWaitExit75AndWaitingBuildsNameTheHolder() throws {
        let fixture = try Fixture()
        let output = fixture.base.appendingPathComponent("locked")
        var held: OutputFolder? = try OutputFolder(path: output.path, wait: false)
        let refused = try vitality(fixture.arguments(fixture.one, dpi: 72, output: output, extra: ["--no-wait"]))
        #expect(refused.status == 75)
        #expect(refused.stderr.contains("pid \(getpid())"), "\(refused.stderr)")
        #expect(refused.stderr.contains("build.locked"))

        // Without --no-wait the build says who it waits for, and goes on when the lock is free.
        let executable = try #require(TestSupport.executable)
        let process = Process()
        process.executableURL = executable
        process.arguments = fixture.arguments(fixture.one, dpi: 72, output: output)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        #expect(process.isRunning)
        #expect(held != nil)
        held = nil
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("Waiting for another build of \(output.path)/ to finish: pid \(getpid())"), "\(text)")
        #expect(try Self.manifestProblems(output) == [])
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent(".vitality").path))
    }

    @Test func aLockFileLeftByADeadProcessNeverBlocks() throws {
        let fixture = try Fixture()
        let output = fixture.base.appendingPathComponent("dead")
        try FileManager.default.createDirectory(at: output.appendingPathComponent(".vitality"), withIntermediateDirectories: true)
        try Data("pid 999999, started 2020-01-01T00:00:00Z, command: vitality build".utf8)
            .write(to: output.appendingPathComponent(".vitality/lock"))
        let result = try vitality(fixture.arguments(fixture.one, dpi: 72, output: output, extra: ["--no-wait"]))
        #expect(result.status == 0, "\(result.stderr)")
    }

    // MARK: Input digests

    @Test func anInputChangedWhileReadIsAnError() throws {
        let input = try TestSupport.copyOfSampleInput()
        let options = BuildOptions(inputDirectory: input.path, templatesDirectory: TestSupport.sampleTemplates)
        let stamps = InputStamps(options)
        let measures = input.appendingPathComponent("measures.csv").path
        #expect(stamps.changes(among: [measures]).isEmpty)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: measures))
        try bytes.write(to: URL(fileURLWithPath: measures))  // same bytes, a new write
        let changes = stamps.changes(among: [measures])
        #expect(changes.map(\.code) == ["build.input-changed"])
        #expect(changes.first?.location?.file == measures)
    }
}
