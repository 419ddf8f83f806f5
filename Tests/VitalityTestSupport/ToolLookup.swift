import Foundation

/// Finds the command-line tools some tests need (poppler-utils, qpdf, Python, actionlint…).
/// A test whose tool is missing is skipped or fails with a `#require`, by its own choice.
package enum ToolLookup {
    /// The folders of the PATH, then the usual system folders (the test runner's PATH may be
    /// minimal).
    package static var searchPath: [String] {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        var seen = Set<String>()
        return (path + ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"]).filter { seen.insert($0).inserted }
    }

    /// The first executable file called `name` in `folders` (searched first) or the search path.
    package static func executable(_ name: String, preferring folders: [String] = []) -> String? {
        (folders + searchPath).map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
