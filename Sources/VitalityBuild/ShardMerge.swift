import Foundation
import VitalityModel

/// `vitality merge-manifests`: joins the manifests of a sharded build (`--shard K/N`), whose
/// parts were built apart (a CI matrix) and copied into one output folder, into the
/// `manifest.json` an unsharded build of the same inputs writes. Every part must be there once,
/// built by the same tool from the same inputs with the same options, the parts' files must be
/// disjoint and each file must still have the bytes its manifest lists; else nothing changes.
package enum ShardMerge {
    /// The outcome: diagnostics, the merged manifest when it was written, and the shard
    /// manifests it replaced.
    package struct Outcome: Sendable {
        package var diagnostics: [Diagnostic] = []
        package var merged: Manifest?
        package var shardManifests: [String] = []
        package var locked = false
    }

    package static func merge(outputDirectory: String, wait: Bool, onWait: @escaping (String) -> Void = { _ in }) -> Outcome {
        var outcome = Outcome()
        let folder: OutputFolder
        do {
            folder = try OutputFolder(path: outputDirectory, wait: wait) { onWait($0.description) }
            _ = try folder.recover()
        } catch {
            if case .locked = error { outcome.locked = true }
            outcome.diagnostics.append(Diagnostic(.error, code: error.code, error.description))
            return outcome
        }
        defer { folder.release() }
        func problem(_ code: String, _ message: String, file: String? = nil) {
            outcome.diagnostics.append(Diagnostic(
                .error, code: code, message,
                at: SourceLocation(file: file.map { OutputFolder.join(outputDirectory, $0) } ?? outputDirectory)))
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: outputDirectory)) ?? [])
            .filter { shardOf(manifestName: $0) != nil }.sorted()
        guard !names.isEmpty else {
            problem("merge.no-shards", "There are no shard manifests (manifest.shard-K-of-N.json) in the folder; build the parts with `vitality build --shard K/N` and copy their output folders here first.")
            return outcome
        }
        var manifests: [(name: String, manifest: Manifest)] = []
        for name in names {
            guard let manifest = folder.previousManifest(named: name) else {
                problem("merge.unreadable", "This shard manifest cannot be read as a Vitality manifest.", file: name)
                continue
            }
            guard let shard = manifest.shard, shard == shardOf(manifestName: name) else {
                problem("merge.unreadable", "The manifest's `shard` does not match its file name.", file: name)
                continue
            }
            manifests.append((name, manifest))
        }
        guard outcome.diagnostics.isEmpty, let first = manifests.first?.manifest, let count = first.shard?.count else { return outcome }

        let counts = Set(manifests.compactMap(\.manifest.shard?.count))
        guard counts.count == 1 else {
            problem("merge.mixed-counts", "The shard manifests split the build in different numbers of parts (\(counts.sorted().map(String.init).joined(separator: ", "))); remove the ones of the older build.")
            return outcome
        }
        let present = Set(manifests.compactMap(\.manifest.shard?.index))
        let missing = (1...count).filter { !present.contains($0) }
        if !missing.isEmpty {
            problem("merge.missing-shard", "Parts \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) are missing; copy the output of every `--shard K/\(count)` build here.")
        }
        for (name, manifest) in manifests.dropFirst() {
            if manifest.generator != first.generator {
                problem("merge.mismatch", "This part was built by \(manifest.generator), the first by \(first.generator); build every part with the same version.", file: name)
            } else if manifest.inputs != first.inputs {
                problem("merge.mismatch", "This part was built from other inputs (templates or data) than \(manifests[0].name); build every part from the same commit.", file: name)
            } else if manifest.options != first.options {
                let differing = Set(manifest.options.keys).union(first.options.keys).filter { manifest.options[$0] != first.options[$0] }.sorted()
                problem("merge.mismatch", "This part was built with other options than \(manifests[0].name): \(differing.joined(separator: ", ")).", file: name)
            }
        }
        var owner: [String: String] = [:]
        var outputs: [Manifest.Entry] = []
        for (name, manifest) in manifests {
            for entry in manifest.outputs {
                if let other = owner[entry.path] {
                    problem("merge.overlap", "`\(entry.path)` is listed by both \(other) and \(name); parts of one build never share a file.", file: name)
                    continue
                }
                owner[entry.path] = name
                outputs.append(entry)
                switch folder.presence(of: entry) {
                case .same: break
                case .missing: problem("merge.file-missing", "The file is listed by \(name) but is not in the folder; copy the whole output of that part.", file: entry.path)
                case .changed: problem("merge.file-changed", "The file's bytes differ from what \(name) lists; copy that part's output again.", file: entry.path)
                }
            }
        }
        guard outcome.diagnostics.isEmpty else { return outcome }
        let merged = Manifest(
            generator: first.generator, options: first.options, inputs: first.inputs,
            outputs: outputs.sorted { $0.path < $1.path })
        do {
            try folder.publish([(OutputFolder.manifestName, merged.encoded())], removing: manifests.map(\.name))
        } catch {
            outcome.diagnostics.append(Diagnostic(.error, code: error.error.code, error.error.description))
            return outcome
        }
        outcome.merged = merged
        outcome.shardManifests = manifests.map(\.name)
        return outcome
    }

    /// `manifest.shard-2-of-4.json` → part 2 of 4.
    static func shardOf(manifestName name: String) -> Manifest.Shard? {
        guard name.hasPrefix("manifest.shard-"), name.hasSuffix(".json") else { return nil }
        let middle = name.dropFirst("manifest.shard-".count).dropLast(".json".count)
        let parts = middle.components(separatedBy: "-of-")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index),
              Manifest.Shard(index: index, count: count).manifestName == name else { return nil }
        return Manifest.Shard(index: index, count: count)
    }
}
