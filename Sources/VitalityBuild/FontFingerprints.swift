import Foundation
import VitalityRender
import VitalityScene

/// What each font a scene names is drawn with on this machine: the font Pango resolves its
/// family, weight and slant to and the SHA-256 of that font's file. Output keys hold the
/// fingerprints of the fonts their scene uses, so that a font file replaced or installed under
/// the same name (with the same Cairo and Pango) renders again the outputs it changes. Each
/// face is looked up once a process; fontconfig does not pick a scalable font by its size.
final class FontFingerprints: @unchecked Sendable {
    static let machine = FontFingerprints { font in
        guard let file = PangoTextMeasurer().fontFile(for: font) else { return "no font" }
        return "\(file.description) \(Manifest.sha256Hex(file.bytes))"
    }

    private struct Face: Hashable {
        var family: String
        var weight: FontWeight
        var italic: Bool
    }

    private let lock = NSLock()
    private let lookUp: @Sendable (Font) -> String
    // Guarded by `lock`.
    private var known: [Face: String] = [:]

    /// `lookUp` gives a font's fingerprint (tests give their own).
    init(lookUp: @escaping @Sendable (Font) -> String) {
        self.lookUp = lookUp
    }

    /// The fingerprints of the fonts the scenes' text names, one line a face, sorted.
    func fingerprints(of scenes: [Scene]) -> [String] {
        var faces = Set<Face>()
        for scene in scenes { collect(scene.items, into: &faces) }
        return faces.map { face in "\(face.family), \(face.weight.rawValue)\(face.italic ? ", italic" : ""): \(fingerprint(face))" }.sorted()
    }

    private func collect(_ items: [SceneItem], into faces: inout Set<Face>) {
        for item in items {
            switch item {
            case .text(let text):
                faces.insert(Face(family: text.style.font.family, weight: text.style.font.weight, italic: text.style.font.italic))
            case .group(let children, _, _, _):
                collect(children, into: &faces)
            case .shape, .link, .image, .destination, .beginStructure, .endStructure:
                continue
            }
        }
    }

    private func fingerprint(_ face: Face) -> String {
        lock.lock()
        if let found = known[face] {
            lock.unlock()
            return found
        }
        lock.unlock()
        let found = lookUp(Font(family: face.family, size: 10, weight: face.weight, italic: face.italic))
        lock.lock()
        known[face] = found
        lock.unlock()
        return found
    }
}
