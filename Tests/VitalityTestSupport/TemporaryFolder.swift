import Foundation

/// A fresh folder under the temporary directory (`$TMPDIR`, else `/tmp`), named
/// `vitality-<label>-<UUID>`, removed with everything in it when the object goes away.
///
/// Keep the object, not only its `url`, for as long as the folder is used: `let output = try
/// TemporaryFolder()` and then `output.url`, `output.path` or `output.appendingPathComponent(_:)`.
/// `withTemporaryFolder(_:_:)` removes the folder when its body returns. A folder that lives in a
/// `static let` (a build shared by a suite) is removed when the test process exits; so is any
/// folder whose owner is still alive then.
package final class TemporaryFolder: Sendable {
    package let url: URL

    package var path: String { url.path }

    package init(_ label: String = "test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("vitality-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        TemporaryFolderRegistry.shared.insert(url)
    }

    package func appendingPathComponent(_ component: String) -> URL { url.appendingPathComponent(component) }

    deinit {
        try? FileManager.default.removeItem(at: url)
        TemporaryFolderRegistry.shared.remove(url)
    }
}

/// Runs `body` with a fresh temporary folder and removes the folder when it returns or throws.
package func withTemporaryFolder<T>(_ label: String = "test", _ body: (URL) throws -> T) throws -> T {
    let folder = try TemporaryFolder(label)
    return try withExtendedLifetime(folder) { try body(folder.url) }
}

/// The folders still alive, removed at exit: those of `static let`s and any that a crash of a
/// test body left behind while the process went on.
final class TemporaryFolderRegistry: @unchecked Sendable {
    static let shared: TemporaryFolderRegistry = {
        let registry = TemporaryFolderRegistry()
        atexit { TemporaryFolderRegistry.shared.removeAll() }
        return registry
    }()

    private let lock = NSLock()
    private var folders: Set<URL> = []

    func insert(_ url: URL) { lock.withLock { _ = folders.insert(url) } }

    func remove(_ url: URL) { lock.withLock { _ = folders.remove(url) } }

    func removeAll() {
        let remaining = lock.withLock { folders }
        for url in remaining { try? FileManager.default.removeItem(at: url) }
    }
}

/// One file with the given bytes in a fresh `TemporaryFolder`, removed with its folder when the
/// object goes away. Use `path` or `url` while the object is alive.
package final class TemporaryFile: Sendable {
    package let folder: TemporaryFolder
    package let url: URL

    package var path: String { url.path }

    package init(_ bytes: some Sequence<UInt8>, name: String = "file", label: String = "file") throws {
        folder = try TemporaryFolder(label)
        url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
    }
}
