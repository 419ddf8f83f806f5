import Foundation
import VitalityTestSupport

/// Paths of the repository and the built `vitality`, shared by the build tests (processes,
/// tools and temporary folders: `VitalityTestSupport`).
enum TestSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var sampleInput: String { repositoryRoot.appendingPathComponent("input").path }
    static var sampleTemplates: String { repositoryRoot.appendingPathComponent("templates").path }

    /// The `vitality` executable built beside the test bundle.
    static var executable: URL? {
        let candidates = [
            Bundle.main.bundleURL,
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            repositoryRoot.appendingPathComponent(".build/debug"),
        ]
        return candidates.map { $0.appendingPathComponent("vitality") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Every regular file under `directory`, relative path → bytes; Vitality's state folder
    /// `.vitality/` is left out unless `includingState`.
    static func snapshot(_ directory: URL, includingState: Bool = false) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let base = directory.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return result }
        for case let url as URL in enumerator {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            let relative = path.hasPrefix(base) ? String(path.dropFirst(base.count + 1)) : path
            if !includingState && relative.hasPrefix(".vitality/") { continue }
            result[relative] = try Data(contentsOf: url)
        }
        return result
    }

    /// A copy of the shipped sample input, `input/` in a temporary folder, that a test may break.
    /// The folder (and the copy) is removed when the returned object goes away.
    static func copyOfSampleInput() throws -> SampleInputCopy {
        let copy = try SampleInputCopy()
        try FileManager.default.copyItem(atPath: sampleInput, toPath: copy.url.path)
        return copy
    }
}

/// `input/` of a `TemporaryFolder`: keep this object while the copy is used.
final class SampleInputCopy: Sendable {
    let folder: TemporaryFolder
    let url: URL
    var path: String { url.path }

    init() throws {
        folder = try TemporaryFolder("input")
        url = folder.appendingPathComponent("input")
    }

    func appendingPathComponent(_ component: String) -> URL { url.appendingPathComponent(component) }
}
