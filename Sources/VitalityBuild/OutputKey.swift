import Foundation
import VitalityRender
import VitalityScene

/// The key of an output in an incremental build: the SHA-256 of everything its bytes are drawn
/// from. Rendering is a pure function of the scene (or the paginated document, which holds the
/// report's data, texts, theme and layout), the format and its settings, the tool's version,
/// the Cairo and Pango versions and the font files the scene's fonts resolve to; a key that matches the previous build's, for a file whose bytes
/// still match the manifest, means the file would be drawn again byte for byte, so it is kept.
/// The scene is encoded whole (every field, by `Codable`), so a new field of a scene type is part
/// of the key without anyone remembering to add it.
enum OutputKey {
    private struct Material: Encodable {
        var generator: String
        var libraries: String
        var fonts: [String]
        var format: String
        var dpi: Double?
        var metadata: DocumentMetadata?
        var scene: Scene?
        var document: Document?
    }

    /// Everything that is neither the scene nor the format: computed once per build.
    static let environment = (generator: VitalityVersion.generator, libraries: Renderer.libraryVersions)

    static func chart(
        _ scene: Scene, format: ChartFormat, dpi: Double, metadata: DocumentMetadata?, fonts: FontFingerprints = .machine
    ) -> String {
        digest(
            Material(
                generator: environment.generator, libraries: environment.libraries, fonts: fonts.fingerprints(of: [scene]),
                format: format.rawValue, dpi: format == .png ? dpi : nil, metadata: format == .pdf ? metadata : nil, scene: scene,
                document: nil))
    }

    static func report(_ document: Document, fonts: FontFingerprints = .machine) -> String {
        digest(
            Material(
                generator: environment.generator, libraries: environment.libraries,
                fonts: fonts.fingerprints(of: document.pages), format: "report-pdf", dpi: nil, metadata: nil,
                scene: nil, document: document))
    }

    private static func digest(_ material: Material) -> String {
        // Scenes hold strings, numbers and byte arrays only; should encoding ever fail, a fresh
        // random key renders the output again rather than keeping a stale one.
        (try? DigestEncoder.digest(material)) ?? "unencodable-" + UUID().uuidString
    }
}
