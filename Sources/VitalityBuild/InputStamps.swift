import Foundation
import VitalityData
import VitalityModel

/// The identity and change times of every input file, taken before anything is read, so that
/// a build can tell that a file was edited while it was read: the manifest's input digests are
/// then of the bytes parsed, or the build fails (`build.input-changed`). Any write to a file
/// changes its `ctime` (nanoseconds), as does a rename over it (a new inode).
package struct InputStamps: Equatable, Sendable {
    private var stamps: [String: FileStamp] = [:]

    /// Stamps the files of the input folder, its `statistics/` and the templates folder (and
    /// its subfolders, for included files).
    package init(_ options: BuildOptions) {
        let fileManager = FileManager.default
        func join(_ folder: String, _ name: String) -> String {
            folder.hasSuffix("/") ? folder + name : folder + "/" + name
        }
        var folders = [(options.inputDirectory, 1), (options.templatesDirectory, 3)]
        while let (folder, depth) = folders.popLast() {
            for name in (try? fileManager.contentsOfDirectory(atPath: folder)) ?? [] {
                let path = join(folder, name)
                guard let stamp = FileStamp.of(path) else { continue }
                if stamp.isFolder {
                    if depth > 0 { folders.append((path, depth - 1)) }
                } else {
                    stamps[path] = stamp.stamp
                }
            }
        }
    }

    /// An error for each of `paths` that changed since the stamps were taken.
    func changes(among paths: [String]) -> [Diagnostic] {
        paths.compactMap { path in
            guard let before = stamps[path], FileStamp.of(path)?.stamp != before else { return nil }
            return Diagnostic(
                .error, code: "build.input-changed",
                "The file was changed while the build read it, so its figures and its digest in manifest.json could disagree; build again when it is saved.",
                at: SourceLocation(file: path))
        }
    }
}
