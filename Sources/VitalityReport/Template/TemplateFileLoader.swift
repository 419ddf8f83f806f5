import Foundation

/// What the template parser asks of the files a template names (shared sections, the logo).
/// The parser keeps the rules — inside the templates folder by real path, a regular file — and
/// the loader only answers: the builder's reads the disk (`TemplateDiskLoader`, VitalityBuild),
/// `TemplateMemoryLoader` holds the files in memory (tests, the fuzzer).
package protocol TemplateFileLoader: Sendable {
    /// The canonical path of an existing file or folder, symbolic links resolved; nil when
    /// there is none.
    func realPath(_ path: String) -> String?
    /// Whether the file at a real path is a regular file (a FIFO would block the read).
    func isRegularFile(atRealPath path: String) -> Bool
    /// The bytes of the file at a real path; nil when it cannot be read.
    func contents(atRealPath path: String) -> Data?
}

/// The templates folder a parser resolves shared sections and the logo in, and how it reads
/// the files there.
package struct TemplateFolder: Sendable {
    package var path: String
    package var loader: any TemplateFileLoader

    package init(path: String, loader: any TemplateFileLoader) {
        self.path = path
        self.loader = loader
    }
}

/// Files held in memory by absolute path; the folders are those the paths pass through.
/// There are no symbolic links: a path's real path is the path standardized.
package struct TemplateMemoryLoader: TemplateFileLoader {
    /// Plain byte arrays: LeakSanitizer cannot follow `Data`'s storage (its enum keeps tag bits in
    /// the pointer), and the fuzzer holds these files for its whole run.
    private let files: [String: [UInt8]]

    package init(files: [String: Data]) {
        self.files = files.mapValues { Array($0) }
    }

    package func realPath(_ path: String) -> String? {
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        let isFolder = standardized == "/" || files.keys.contains { $0.hasPrefix(standardized + "/") }
        return files[standardized] != nil || isFolder ? standardized : nil
    }

    package func isRegularFile(atRealPath path: String) -> Bool {
        files[path] != nil
    }

    package func contents(atRealPath path: String) -> Data? {
        files[path].map { Data($0) }
    }
}
