/// Why a build could not finish after its inputs were read and found valid.
public enum BuildError: Error, Sendable, CustomStringConvertible {
    case write(path: String, reason: String)
    case render(what: String, reason: String)

    public var description: String {
        switch self {
        case .write(let path, let reason): return "cannot write \(path): \(reason)"
        case .render(let what, let reason): return "cannot render \(what): \(reason)"
        }
    }
}
