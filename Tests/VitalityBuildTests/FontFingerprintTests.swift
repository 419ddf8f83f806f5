import Foundation
import Testing
import VitalityRender
import VitalityScene

@testable import VitalityBuild

/// Output keys see the font files their text is drawn with.
@Suite struct FontFingerprintTests {
    /// A machine whose DejaVu Sans file has the given digest, counting the look-ups.
    final class Machine: @unchecked Sendable {
        let lock = NSLock()
        var lookUps: [String] = []
        let digest: String

        init(digest: String) { self.digest = digest }

        var fingerprints: FontFingerprints {
            FontFingerprints { font in
                self.lock.lock()
                self.lookUps.append("\(font.family) \(font.weight.rawValue) \(font.italic)")
                self.lock.unlock()
                return font.family == "DejaVu Sans" ? "DejaVu Sans \(self.digest)" : "Other 1"
            }
        }
    }

    static let style = TextStyle(font: Font(size: 10))
    static let chart = Scene(
        size: Size(200, 100),
        items: [
            .text(TextItem("Orivesi", frame: Rect(x: 0, y: 0, width: 100, height: 12), style: style)),
            .group(
                [.text(TextItem("2021", frame: Rect(x: 0, y: 20, width: 100, height: 12), style: TextStyle(font: Font(size: 8, weight: .bold))))],
                offset: Point(0, 0), scale: 1, clip: nil),
        ])
    static let shapes = Scene(
        size: Size(200, 100),
        items: [
            .shape(.rect(Rect(x: 0, y: 0, width: 10, height: 10)), fill: Color(hex: 0xFF0000), stroke: nil)
        ])

    @Test func aReplacedFontFileChangesTheKeysOfWhatUsesIt() {
        let before = Machine(digest: "aaaa").fingerprints
        let after = Machine(digest: "bbbb").fingerprints
        let metadata = DocumentMetadata(title: "Orivesi")
        #expect(
            OutputKey.chart(Self.chart, format: .png, dpi: 150, metadata: nil, fonts: before)
                != OutputKey.chart(Self.chart, format: .png, dpi: 150, metadata: nil, fonts: after))
        #expect(
            OutputKey.chart(Self.chart, format: .pdf, dpi: 150, metadata: metadata, fonts: before)
                != OutputKey.chart(Self.chart, format: .pdf, dpi: 150, metadata: metadata, fonts: after))
        let document = Document(metadata: metadata, pages: [Self.shapes, Self.chart])
        #expect(OutputKey.report(document, fonts: before) != OutputKey.report(document, fonts: after))
        // The same machine gives the same keys; a scene without text does not depend on fonts.
        #expect(
            OutputKey.chart(Self.chart, format: .png, dpi: 150, metadata: nil, fonts: before)
                == OutputKey.chart(Self.chart, format: .png, dpi: 150, metadata: nil, fonts: Machine(digest: "aaaa").fingerprints))
        #expect(
            OutputKey.chart(Self.shapes, format: .png, dpi: 150, metadata: nil, fonts: before)
                == OutputKey.chart(Self.shapes, format: .png, dpi: 150, metadata: nil, fonts: after))
    }

    /// One line per face (family, weight, slant), sizes aside, looked up once however often used.
    @Test func looksEachFaceUpOnce() {
        let machine = Machine(digest: "aaaa")
        let fingerprints = machine.fingerprints
        let lines = fingerprints.fingerprints(of: [Self.chart, Self.chart, Self.shapes])
        #expect(lines == ["DejaVu Sans, bold: DejaVu Sans aaaa", "DejaVu Sans, regular: DejaVu Sans aaaa"])
        _ = fingerprints.fingerprints(of: [Self.chart])
        #expect(machine.lookUps.sorted() == ["DejaVu Sans bold false", "DejaVu Sans regular false"])
    }

    /// On this machine: the digest of the font file itself.
    @Test func fingerprintsTheFileOnThisMachine() throws {
        let bytes = try #require(FileManager.default.contents(atPath: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
        let lines = FontFingerprints.machine.fingerprints(of: [Self.chart])
        #expect(lines.contains("DejaVu Sans, regular: DejaVu Sans \(Manifest.sha256Hex(bytes))"))
    }
}
