import Foundation

/// Writes a set of files into the output folder so that a failure leaves the previous
/// outputs intact: every file is first written to a temporary name in its own folder, and only
/// when all of them are written are they renamed into place. Paths are relative to the output
/// folder and may not leave it.
public struct AtomicWriter {
    public let outputDirectory: URL

    public init(outputDirectory: URL) {
        self.outputDirectory = outputDirectory
    }

    /// Where a relative path lands, or nil when it would leave the output folder.
    public func destination(for relativePath: String) -> URL? {
        let components = relativePath.split(separator: "/")
        guard !relativePath.hasPrefix("/"), !components.isEmpty,
              components.allSatisfy({ $0 != ".." && $0 != "." && !$0.isEmpty })
        else { return nil }
        return components.reduce(outputDirectory) { $0.appendingPathComponent(String($1)) }
    }

    /// Writes all files or none. Throws `BuildError.write` naming the file that failed.
    public func write(_ files: [(path: String, bytes: [UInt8])]) throws(BuildError) {
        let fileManager = FileManager.default
        var staged: [(temporary: URL, final: URL)] = []
        func discardStaged() {
            for entry in staged { try? fileManager.removeItem(at: entry.temporary) }
        }
        for file in files {
            guard let final = destination(for: file.path) else {
                discardStaged()
                throw .write(path: file.path, reason: "the path leaves the output folder")
            }
            let folder = final.deletingLastPathComponent()
            let temporary = folder.appendingPathComponent(".\(final.lastPathComponent).vitality-tmp")
            do {
                try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(file.bytes).write(to: temporary)
            } catch {
                discardStaged()
                try? fileManager.removeItem(at: temporary)
                throw .write(path: final.path, reason: error.localizedDescription)
            }
            staged.append((temporary, final))
        }
        for entry in staged {
            // rename(2) replaces the destination atomically on the same file system.
            if rename(entry.temporary.path, entry.final.path) != 0 {
                let reason = String(cString: strerror(errno))
                discardStaged()
                throw .write(path: entry.final.path, reason: reason)
            }
        }
    }
}
