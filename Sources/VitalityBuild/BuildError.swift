/// Why a build could not finish after its inputs were read and found valid.
package enum BuildError: Error, Sendable, CustomStringConvertible {
    case write(path: String, reason: String)
    case render(what: String, reason: String)
    /// A symbolic link inside the output folder where the build would write through it.
    case symlink(path: String)
    /// Another build holds the output folder's lock (`--no-wait`).
    case locked(path: String, holder: String)
    /// An interrupted publish could not be completed or undone.
    case recovery(path: String, reason: String)

    /// The diagnostic code: `build.write`, `build.render`, `build.symlink`, `build.locked`,
    /// `build.recovery`.
    package var code: String {
        switch self {
        case .write: return "build.write"
        case .render: return "build.render"
        case .symlink: return "build.symlink"
        case .locked: return "build.locked"
        case .recovery: return "build.recovery"
        }
    }

    package var description: String {
        switch self {
        case .write(let path, let reason): return "cannot write \(path): \(reason)"
        case .render(let what, let reason): return "cannot render \(what): \(reason)"
        case .symlink(let path):
            return "\(path) is a symbolic link; Vitality never writes through a link inside the output folder: remove the link (a real folder is fine)"
        case .locked(let path, let holder):
            return "\(path) is locked by another build (\(holder))"
        case .recovery(let path, let reason):
            return "cannot finish the interrupted publish recorded in \(path): \(reason)"
        }
    }
}
