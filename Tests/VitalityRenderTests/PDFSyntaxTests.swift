import Foundation
import Testing
import VitalityScene

@testable import VitalityRender

/// The PDF object reader behind `PDFAccessibility`, and the update on files whose text would
/// fool a search for `>>` or `endobj`.
@Suite struct PDFSyntaxTests {
    /// A classic-xref PDF made of `objects` (number 1 upwards), with a correct table.
    static func pdf(_ objects: [String], trailer extra: String = "") -> [UInt8] {
        var bytes = Array("%PDF-1.5\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(bytes.count)
            bytes += Array("\(index + 1) 0 obj\n\(object)\nendobj\n".utf8)
        }
        let xref = bytes.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { table += String(format: "%010d 00000 n \n", offset) }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R\(extra) >>\nstartxref\n\(xref)\n%%EOF\n"
        return bytes + Array(table.utf8)
    }

    /// A PDF text string's bytes (byte order mark first) as text.
    static func utf16BigEndian(_ bytes: [UInt8]) -> String {
        let units = stride(from: 2, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        return String(decoding: units, as: UTF16.self)
    }

    static func read(_ text: String) throws -> PDFNode {
        var reader = PDFSyntaxReader(Array(text.utf8), at: 0)
        return try reader.value()
    }

    @Test func readsStringsNamesNumbersAndReferences() throws {
        let node = try Self.read("<< /A (a (nested) \\) \\101 >> endobj) /B <48 69> /C#20D 12 0 R /E [1 2 R 3 0 R -4.5] /F << /W 0 >>>>")
        let dictionary = try #require(node.dictionary)
        #expect(dictionary["A"]?.string == Array("a (nested) ) A >> endobj".utf8))
        #expect(dictionary["B"]?.string == Array("Hi".utf8))
        #expect(dictionary["C D"]?.reference == 12)
        // `1 2 R` is a reference; `-4.5` a number; the array's references are 1 and 3.
        #expect(dictionary["E"]?.references == [1, 3])
        #expect(dictionary["F"]?.dictionary?["W"].map { if case .number(0) = $0.value { true } else { false } } == true)
        #expect(node.span == 0..<Array("<< /A (a (nested) \\) \\101 >> endobj) /B <48 69> /C#20D 12 0 R /E [1 2 R 3 0 R -4.5] /F << /W 0 >>>>".utf8).count)
    }

    @Test(arguments: ["<< /A (open", "<< /A <4G> >>", "[ 1 2", "<< /A >>", String(repeating: "[", count: 80) + String(repeating: "]", count: 80)])
    func malformedObjectsAreErrorsNotCrashes(text: String) {
        #expect(throws: RenderError.self) { try Self.read(text) }
    }

    @Test func anUpdateWritesBeforeTheRealCloseAndReplacesAnEntryThatIsThere() throws {
        // The catalog holds a string with `>>` and `endobj` in it, and a /Lang already.
        let file = Self.pdf([
            "<< /Type /Catalog /Pages 2 0 R /Lang (xx) /Note (tricky >> endobj) >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /Annots 4 0 R >>",
            "[5 0 R]",
            "<< /Type /Annot /Subtype /Link /Dest (section-1) /BS << /W 0 >>>>",
        ])
        let additions = AccessibilityAdditions(
            language: "fi-FI", figureAltTexts: [], linkDescriptions: ["section-1": "Yhteenveto"],
            metadata: DocumentMetadata(title: "Raportti"))
        let updated = try PDFAccessibility.apply(additions, to: file)
        #expect(Array(updated.prefix(file.count)) == file)
        let result = try PDFFile(updated)
        let catalog = try result.dictionary(1)
        #expect(catalog.entries.filter { $0.key == "Lang" }.count == 1)
        #expect(catalog["Lang"]?.string == [0xFE, 0xFF, 0, 0x66, 0, 0x69, 0, 0x2D, 0, 0x46, 0, 0x49])
        #expect(catalog["Note"]?.string == Array("tricky >> endobj".utf8))
        #expect(catalog["Metadata"]?.reference == 6)
        #expect(catalog["ViewerPreferences"]?.dictionary?["DisplayDocTitle"].map { if case .boolean(true) = $0.value { true } else { false } } == true)
        #expect(try result.dictionary(3)["Tabs"]?.name == "S")
        // The annotation behind an /Annots array object of its own gets the outline's title.
        let annotation = try result.dictionary(5)
        #expect(annotation["Contents"]?.string.map(Self.utf16BigEndian) == "Yhteenveto")
        #expect(annotation["BS"]?.dictionary != nil)
        #expect(result.size == 7)
    }

    @Test func aCrossReferenceStreamIsRefusedWithAReason() throws {
        // startxref points at an object (an xref stream), not at a table.
        let file = Array("%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 2 /Root 1 0 R >>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n".utf8)
        let error = try #require(throws: RenderError.self) { try PDFFile(file) }
        #expect(error.message.contains("cross-reference stream"))
    }

    @Test func onlyTheTestedCairoSeriesIsAccepted() throws {
        #expect(Renderer.untestedCairo(version: "1.16.0") == nil)
        #expect(Renderer.untestedCairo(version: "1.16.4") == nil)
        let message = try #require(Renderer.untestedCairo(version: "1.18.2"))
        #expect(message.contains("cairo 1.18.2"))
        #expect(message.contains("1.16"))
        #expect(Renderer.untestedCairo(version: "1.1") != nil)
        #expect(Renderer.untestedCairo(version: "unknown") != nil)
        // This machine is the pinned one.
        #expect(Renderer.untestedCairo == nil)
    }
}
