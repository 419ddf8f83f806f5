import Crypto
import Foundation

/// `manifest.json`: every file written with its size and SHA-256, the inputs read with theirs,
/// and the options used, so CI can attach and check the artifacts. Keys sorted, no clock.
public struct Manifest: Codable, Sendable, Equatable {
    /// A file and its fingerprint; `path` is relative to the output folder for outputs and as
    /// given on the command line for inputs.
    public struct Entry: Codable, Sendable, Equatable {
        public var path: String
        public var bytes: Int
        public var sha256: String
        /// The language of the report an output belongs to (`fi`, `sv`, `en`); nil for inputs
        /// and `figures.csv`. A `--locale` build replaces only the outputs of its locale.
        public var locale: String?
    }

    public var generator: String
    public var options: [String: String]
    public var inputs: [Entry]
    public var outputs: [Entry]

    public static func entry(path: String, bytes: [UInt8], locale: String? = nil) -> Entry {
        let digest = SHA256.hash(data: bytes)
        return Entry(path: path, bytes: bytes.count, sha256: digest.map { String(format: "%02x", $0) }.joined(), locale: locale)
    }

    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding plain strings and integers cannot fail.
        let data = (try? encoder.encode(self)) ?? Data()
        return Array(data) + [0x0A]
    }
}
