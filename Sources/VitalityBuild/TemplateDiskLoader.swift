import Foundation
import VitalityReport

#if canImport(Glibc)
    import Glibc
#endif

/// The template parser's files read from disk: `realpath`, `stat` and the whole file.
struct TemplateDiskLoader: TemplateFileLoader {
    func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    func isRegularFile(atRealPath path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    func contents(atRealPath path: String) -> Data? {
        FileManager.default.contents(atPath: path)
    }
}

extension TemplateFolder {
    /// The templates folder at `path`, its files read from disk.
    package static func onDisk(_ path: String) -> TemplateFolder {
        TemplateFolder(path: path, loader: TemplateDiskLoader())
    }
}
