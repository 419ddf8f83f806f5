import Foundation
import Testing
import VitalityScene
import VitalityTestSupport

@testable import VitalityBuild

/// The digest behind every output's key: the same value always gives the same digest, and
/// values that differ anywhere give different ones.
@Suite struct DigestEncoderTests {
    struct Inner: Encodable {
        var x: Int
        var b: Int?
    }

    struct Outer: Encodable {
        var a: Inner
        var b: Int?
    }

    @Test func anOptionalIsNeverConfusedWithTheSameKeyOneLevelUp() throws {
        // Skipping absent optionals would make these two the same stream of keys and values.
        let inner = try DigestEncoder.digest(Outer(a: Inner(x: 1, b: 2), b: nil))
        let outer = try DigestEncoder.digest(Outer(a: Inner(x: 1, b: nil), b: 2))
        #expect(inner != outer)
    }

    @Test func arraysAndStringsAreDelimited() throws {
        #expect(try DigestEncoder.digest(["ab", "c"]) != DigestEncoder.digest(["a", "bc"]))
        #expect(try DigestEncoder.digest([[1], [2, 3]]) != DigestEncoder.digest([[1, 2], [3]]))
        #expect(try DigestEncoder.digest([UInt8]([1, 2])) != DigestEncoder.digest([UInt8]([1, 2, 0])))
        #expect(try DigestEncoder.digest(0.0) != DigestEncoder.digest(0))
    }

    @Test func sceneDigestIsStableAndSeesEveryChange() throws {
        let style = TextStyle(font: Font(family: "DejaVu Sans", size: 9), color: .black)
        let scene = Scene(
            size: Size(300, 200),
            items: [
                .shape(.rect(Rect(x: 10, y: 10, width: 100, height: 20)), fill: Color(hex: 0x1F5FA8), stroke: nil),
                .text(TextItem("Orivesi 9 158", frame: Rect(x: 10, y: 40, width: 100, height: 12), style: style)),
            ],
            title: "Väkiluku")
        let digest = try DigestEncoder.digest(scene)
        #expect(digest.count == 64)
        #expect(try DigestEncoder.digest(scene) == digest)
        var longer = scene
        longer.items[0] = .shape(.rect(Rect(x: 10, y: 10, width: 101, height: 20)), fill: Color(hex: 0x1F5FA8), stroke: nil)
        var recoloured = scene
        recoloured.items[0] = .shape(.rect(Rect(x: 10, y: 10, width: 100, height: 20)), fill: Color(hex: 0x1F5FA9), stroke: nil)
        var retyped = scene
        retyped.items[1] = .text(TextItem("Orivesi 9 159", frame: Rect(x: 10, y: 40, width: 100, height: 12), style: style))
        var retitled = scene
        retitled.title = "Väkiluku 2021"
        let digests = try [digest] + [longer, recoloured, retyped, retitled].map { try DigestEncoder.digest($0) }
        #expect(Set(digests).count == 5)
    }
}

extension DigestEncoderTests {
    /// Input digests are read in 1 MiB blocks: equal to the digest of the whole bytes, across
    /// block boundaries and for an empty file.
    @Test(arguments: [0, 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) - 7])
    func fileDigestEqualsTheDigestOfItsBytes(size: Int) throws {
        let folder = try TemporaryFolder()
        var random = SplitMix64(seed: UInt64(size))
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &random) }
        let file = folder.appendingPathComponent("input.csv")
        try Data(bytes).write(to: file)
        let streamed = try #require(Manifest.digestOfFile(atPath: file.path))
        #expect(streamed.bytes == size)
        #expect(streamed.sha256 == Manifest.sha256Hex(bytes))
        #expect(Manifest.digestOfFile(atPath: folder.appendingPathComponent("missing.csv").path) == nil)
    }
}

extension DigestEncoderTests {
    /// Points, sizes, rectangles and colours are written field by field without their
    /// `Codable` conformance: the stream, so the digest, is the same as through it. A field added
    /// to one of them and not to the shortcut makes the two differ here.
    @Test func leafShortcutsWriteWhatCodableWrites() throws {
        let style = TextStyle(font: Font(family: "DejaVu Sans", size: 9), color: Color(hex: 0x33_66_99))
        let scene = Scene(
            size: Size(300.5, 200),
            items: [
                .shape(.rect(Rect(x: 10, y: 10.25, width: 100, height: 20), cornerRadius: 2), fill: Color(hex: 0x1F5FA8), stroke: nil),
                .shape(.path([.move(Point(1, 2)), .line(Point(3.5, -4)), .close]), fill: nil, stroke: StrokeStyle(color: .black, width: 0.5)),
                .shape(.circle(center: Point(7, 8), radius: 3), fill: .white, stroke: nil),
                .text(TextItem("Orivesi 9 158", frame: Rect(x: 10, y: 40, width: 100, height: 12), style: style)),
                .group([.link(Rect(x: 0, y: 0, width: 5, height: 5), .url("https://www.orivesi.fi"))], offset: Point(2, 2), scale: 1.5, clip: nil),
            ],
            title: "Väkiluku")
        let shortcut = try DigestEncoder.digest(scene)
        #expect(try DigestEncoder.digest(scene, leafShortcuts: false) == shortcut)
        #expect(try DigestEncoder.digest(Point(1, 2)) == DigestEncoder.digest(Point(1, 2), leafShortcuts: false))
        #expect(try DigestEncoder.digest(Point(1, 2)) != DigestEncoder.digest(Point(2, 1)))
        #expect(try DigestEncoder.digest(Size(1, 2)) == DigestEncoder.digest(Size(1, 2), leafShortcuts: false))
        #expect(try DigestEncoder.digest(Color(hex: 0x102030)) == DigestEncoder.digest(Color(hex: 0x102030), leafShortcuts: false))
    }
}
