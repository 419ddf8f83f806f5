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
    /// Scene items, path elements, points, sizes, rectangles and colours are written field by
    /// field without their `Codable` conformance: the stream, so the digest, is the same as
    /// through it. A field or case added to one of them and not to the shortcut makes the two
    /// differ here.
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

    /// Every item kind, every text role, rotation, alignment and weight, present and absent
    /// optionals, dashes and nested groups: the same digest with and without the shortcuts, and
    /// a change of any one field changes it.
    @Test func sceneItemShortcutsWriteWhatCodableWritesForEveryKind() throws {
        let roles: [TextRole] = [
            .title, .subtitle, .heading(level: 2), .paragraph, .label, .tick, .legend, .value, .note, .tableHeader,
            .tableCell, .pageFurniture,
        ]
        let bold = TextStyle(font: Font(family: "DejaVu Serif", size: 11.5, weight: .bold, italic: true), color: .black, alignment: .center)
        let plain = TextStyle(font: Font(size: 8), color: Color(hex: 0x445566), alignment: .trailing)
        var items: [SceneItem] = roles.enumerated().map { index, role in
            .text(
                TextItem(
                    "Teksti \(index) – Åbo", frame: Rect(x: Double(index), y: 2, width: 80, height: 12), style: index.isMultiple(of: 2) ? bold : plain,
                    wraps: index.isMultiple(of: 3), maxLines: index.isMultiple(of: 4) ? nil : index,
                    rotation: index.isMultiple(of: 5) ? .counterclockwise : .none, role: role))
        }
        items += [
            .shape(.rect(Rect(x: 1, y: 2, width: 3, height: 4), cornerRadius: 0), fill: nil, stroke: StrokeStyle(color: .white, width: 2, dash: [3, 1.5])),
            .shape(.path([.move(Point(0, 0)), .line(Point(1, 1)), .close, .move(Point(-2, 5))]), fill: Color(hex: 0xABCDEF), stroke: nil),
            .shape(.circle(center: Point(4, 4), radius: 0.5), fill: nil, stroke: nil),
            .group(
                [
                    .group([.destination(name: "toc-1", at: Point(3, 9))], offset: Point(0, 0), scale: 1, clip: nil),
                    .shape(.path([]), fill: nil, stroke: StrokeStyle(color: .black)),
                ],
                offset: Point(10, 20), scale: 0.75, clip: Rect(x: 0, y: 0, width: 50, height: 40)),
            .link(Rect(x: 5, y: 6, width: 7, height: 8), .destination("section-2")),
            .link(Rect(x: 5, y: 6, width: 7, height: 8), .url("https://example.org/?a=1")),
            .image(ImageItem(png: [0x89, 0x50, 0x4E, 0x47, 0, 255], frame: Rect(x: 1, y: 1, width: 20, height: 10), altText: "Logo")),
            .beginStructure(StructureTag("Figure", altText: "Kuvio")),
            .beginStructure(StructureTag("P")),
            .endStructure("P"),
            .endStructure("Figure"),
        ]
        let scene = Scene(size: Size(400, 300), items: items, title: "Kaikki", altText: "Joka laji")
        let digest = try DigestEncoder.digest(scene)
        #expect(try DigestEncoder.digest(scene, leafShortcuts: false) == digest)
        for item in items {
            #expect(try DigestEncoder.digest(item) == DigestEncoder.digest(item, leafShortcuts: false))
        }
        var changed = scene
        changed.items[3] = .text(
            TextItem(
                "Teksti 3 – Åbo", frame: Rect(x: 3, y: 2, width: 80, height: 12), style: plain, wraps: true, maxLines: 2, rotation: .none,
                role: .heading(level: 3)))
        #expect(try DigestEncoder.digest(changed) != digest)
        changed = scene
        changed.items[12] = .shape(.path([.move(Point(0, 0)), .line(Point(1, 1)), .close, .move(Point(-2, 5))]), fill: Color(hex: 0xABCDEE), stroke: nil)
        #expect(try DigestEncoder.digest(changed) != digest)
    }
}
