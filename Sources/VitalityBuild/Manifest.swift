import Crypto
import Foundation

/// `manifest.json`: every file written with its size and SHA-256, the inputs read with theirs,
/// and the options used, so CI can attach and check the artifacts. Keys sorted, no clock.
/// It is also the incremental build's state: each output's `key` is the digest of everything
/// its bytes depend on (see `OutputKey`), so the next build renders only outputs whose key
/// changed. The format is described by `docs/schemas/manifest.schema.json`.
package struct Manifest: Codable, Sendable, Equatable {
    /// Version of this file's format; 2 added `version`, `key`, `template` and `shard`.
    package static let formatVersion = 2

    /// A file and its fingerprint; `path` is relative to the output folder for outputs and as
    /// given on the command line for inputs.
    package struct Entry: Codable, Sendable, Equatable {
        package var path: String
        package var bytes: Int
        package var sha256: String
        /// The language of the report an output belongs to (`fi`, `sv`, `en`); nil for inputs
        /// and `figures.csv`. A `--locale` build replaces only the outputs of its locale.
        package var locale: String?
        /// The template an output belongs to; a build of some templates replaces only theirs.
        package var template: String?
        /// Digest of what the output's bytes depend on; nil for inputs.
        var key: String?
    }

    /// Which part of a sharded build (`--shard index/count`) this manifest lists.
    package struct Shard: Codable, Sendable, Equatable, Hashable {
        package var index: Int
        package var count: Int

        package init(index: Int, count: Int) {
            self.index = index
            self.count = count
        }

        /// `manifest.shard-2-of-4.json`.
        var manifestName: String { "manifest.shard-\(index)-of-\(count).json" }
    }

    var version: Int
    package var generator: String
    var options: [String: String]
    package var inputs: [Entry]
    package var outputs: [Entry]
    package var shard: Shard?

    init(generator: String, options: [String: String], inputs: [Entry], outputs: [Entry], shard: Shard? = nil) {
        self.version = Self.formatVersion
        self.generator = generator
        self.options = options
        self.inputs = inputs
        self.outputs = outputs
        self.shard = shard
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Manifests of format 1 had no version.
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        generator = try container.decode(String.self, forKey: .generator)
        options = try container.decode([String: String].self, forKey: .options)
        inputs = try container.decode([Entry].self, forKey: .inputs)
        outputs = try container.decode([Entry].self, forKey: .outputs)
        shard = try container.decodeIfPresent(Shard.self, forKey: .shard)
    }

    package static func entry(path: String, bytes: [UInt8], locale: String? = nil, template: String? = nil, key: String? = nil) -> Entry {
        Entry(path: path, bytes: bytes.count, sha256: sha256Hex(bytes), locale: locale, template: template, key: key)
    }

    /// Lower-case hexadecimal SHA-256 of `bytes`.
    static func sha256Hex(_ bytes: some DataProtocol) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// Size and SHA-256 of the file at `path`, read in 1 MiB blocks; nil when it cannot be read.
    static func digestOfFile(atPath path: String) -> (bytes: Int, sha256: String)? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        var total = 0
        while true {
            let block: Data?
            do { block = try handle.read(upToCount: 1 << 20) } catch { return nil }
            // nil or empty: the end of the file.
            guard let block, !block.isEmpty else { break }
            hasher.update(data: block)
            total += block.count
        }
        return (total, hex(hasher.finalize()))
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result: [UInt8] = []
        result.reserveCapacity(64)
        for byte in digest {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: result, as: UTF8.self)
    }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding plain strings and integers cannot fail.
        let data = (try? encoder.encode(self)) ?? Data()
        return Array(data) + [0x0A]
    }
}
