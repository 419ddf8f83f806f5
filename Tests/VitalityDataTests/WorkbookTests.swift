import Foundation
import Testing
import VitalityModel
import VitalityTestSupport

@testable import VitalityData

/// The rows of a workbook's sheet as text (`column:text`, `#` marking a number), and the
/// diagnostics of its cells.
private func rows(_ writer: WorkbookWriter, replacing: [String: String] = [:], file: String = "x.xlsx[Sheet1]") throws -> (
    rows: [[String]], diagnostics: [Diagnostic]
) {
    var workbook = try Workbook(data: try writer.data(replacing: replacing))
    let sheet = try WorkbookName.choose(workbook.sheets, fileName: "x.xlsx")
    var part = SheetPart(sink: RowCollector(), file: file, workbook: workbook)
    try workbook.parse(sheet.part, into: &part)
    let texts = part.sink.rows.map { row in
        row.cells.map { "\(CellReference.columnName($0.column))\(row.number):\($0.isText ? "" : "#")\(row.text($0))" }
    }
    return (texts, part.diagnostics)
}

/// A workbook's bytes with one field of the sheet's local and central headers changed by
/// `change`, and how many headers were changed. `field` is the field's offset in the local
/// header (CRC-32 14, compressed size 18, inflated size 22); the central header holds it two
/// bytes further on.
private func patchingSheetHeaders(_ bytes: [UInt8], field: Int, _ change: (inout ArraySlice<UInt8>) -> Void) -> (bytes: [UInt8], patches: Int) {
    let name = Array("xl/worksheets/sheet1.xml".utf8)
    var patched = bytes
    var patches = 0
    for at in 0..<(bytes.count - name.count) where Array(bytes[at..<(at + name.count)]) == name {
        let start: Int
        if at >= 30, bytes[(at - 30)..<(at - 26)].elementsEqual([0x50, 0x4B, 0x03, 0x04]) {
            start = at - 30 + field
        } else if at >= 46, bytes[(at - 46)..<(at - 42)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) {
            start = at - 46 + field + 2
        } else {
            continue
        }
        change(&patched[start..<(start + 4)])
        patches += 1
    }
    return (patched, patches)
}

private func workbookError(_ body: () throws -> Void) -> WorkbookError? {
    do {
        try body()
        return nil
    } catch let error as WorkbookError {
        return error
    } catch {
        return WorkbookError(code: "other", message: "\(error)")
    }
}

@Suite struct WorkbookCellTests {
    @Test func sharedAndInlineStrings() throws {
        var writer = WorkbookWriter(rows: [[.text("Väkiluku"), .inline("Orivesi & <Akaa>"), .text(" space ")]])
        writer.prefix = ""
        #expect(try rows(writer).rows == [["A1:Väkiluku", "B1:Orivesi & <Akaa>", "C1: space "]])
        // Rich-text runs are joined; phonetic runs are not part of the text.
        let rich = WorkbookWriter(rows: [
            [.raw("<c r=\"A1\" t=\"inlineStr\"><is><r><t>Kuntien </t></r><r><rPr><b/></rPr><t>avainluvut</t></r><rPh><t>x</t></rPh></is></c>")]
        ])
        #expect(try rows(rich).rows == [["A1:Kuntien avainluvut"]])
        let sst = """
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><t>Tyo&#776;</t></r><r><t>lliset &#x2212;1</t></r></si></sst>
            """
        #expect(try rows(WorkbookWriter(rows: [[.text("x")]]), replacing: ["xl/sharedStrings.xml": sst]).rows == [["A1:Tyo\u{308}lliset \u{2212}1"]])
    }

    @Test func plainNumbersOfUpTo15BytesNeedNoCounting() {
        // Every text of up to six bytes of digits, points, signs and an exponent letter, and
        // 15- and 16-byte edges: the bytes-only check of short texts agrees with the count.
        let alphabet = Array("0.-1e".utf8)
        var texts: [[UInt8]] = [[]]
        var layer: [[UInt8]] = [[]]
        for _ in 1...6 {
            layer = layer.flatMap { text in alphabet.map { text + [$0] } }
            texts += layer
        }
        texts += ["123456789012345", "-12345678901234", "1234567890123.5", "000000000000001", "1234567890123456", "0.1234567890123456"].map {
            Array($0.utf8)
        }
        var plain = 0
        for text in texts {
            text.withUnsafeBufferPointer { raw in
                #expect(DecimalText.isPlain(raw) == DecimalText.countsAsPlain(raw), "\(String(decoding: text, as: UTF8.self))")
                if DecimalText.isPlain(raw) { plain += 1 }
            }
        }
        #expect(plain > 500)
        #expect(Array("-1.5".utf8).withUnsafeBufferPointer(DecimalText.isPlain))
        #expect(!Array("1.5.".utf8).withUnsafeBufferPointer(DecimalText.isPlain))
        #expect(!Array("1-5".utf8).withUnsafeBufferPointer(DecimalText.isPlain))
        #expect(!Array("1234567890123456".utf8).withUnsafeBufferPointer(DecimalText.isPlain))
        #expect(Array("0.10000000000000".utf8).withUnsafeBufferPointer(DecimalText.isPlain))
    }

    @Test func numbersKeepTheirDigits() throws {
        // 0.1 + 0.2 as Excel stores it, a value shown rounded by its format (still 12.345), a
        // negative, an exponent, and Excel's 17-digit 0.1 (read back as the shortest text).
        let writer = WorkbookWriter(rows: [
            [
                .number("0.30000000000000004"), .number("12.345", style: 0), .number("-3.5"), .number("1.5E-3"),
                .number("0.10000000000000001"), .number("123456789012345680000"),
            ]
        ])
        #expect(try rows(writer).rows == [["A1:#0.30000000000000004", "B1:#12.345", "C1:#-3.5", "D1:#1.5E-3", "E1:#0.1", "F1:#1.2345678901234568e+20"]])
    }

    @Test func booleansAndErrors() throws {
        let writer = WorkbookWriter(rows: [[.boolean(true), .boolean(false), .raw("<c r=\"C1\" t=\"e\"><v>#N/A</v></c>")]])
        #expect(try rows(writer).rows == [["A1:TRUE", "B1:FALSE", "C1:#N/A"]])
    }

    @Test func percentFormatsReadInPercent() throws {
        // Style 1 is the built-in `0%`, 3 the built-in `0.00%`, 4 a custom `0.0 %`.
        var writer = WorkbookWriter(rows: [
            [
                .number("0.97", style: 1), .number("0.123", style: 3), .number("1", style: 1), .number("-0.005", style: 4),
                .number("1.5E-3", style: 1), .number("0.97", style: 0),
            ]
        ])
        writer.customFormats = [164: "0.0\\ %"]
        writer.cellFormats = [0, 9, 14, 10, 164]
        #expect(try rows(writer).rows == [["A1:#97", "B1:#12.3", "C1:#100", "D1:#-0.5", "E1:#1.5e-1", "F1:#0.97"]])
    }

    @Test func datesOf1900And1904() throws {
        // Style 2 is the built-in date `m/d/yyyy` (14); 5 a custom `d.m.yyyy h:mm`.
        var writer = WorkbookWriter(rows: [
            [
                .number("1", style: 2), .number("59", style: 2), .number("60", style: 2), .number("61", style: 2),
                .number("45352", style: 2), .number("45352.75", style: 5), .number("45352.75", style: 2),
            ]
        ])
        writer.customFormats = [165: "d.m.yyyy h:mm"]
        writer.cellFormats = [0, 9, 14, 10, 164, 165]
        #expect(
            try rows(writer).rows == [
                [
                    "A1:1900-01-01", "B1:1900-02-28", "C1:1900-02-29", "D1:1900-03-01", "E1:2024-03-01", "F1:2024-03-01 18:00:00",
                    "G1:2024-03-01",
                ]
            ])
        writer.date1904 = true
        writer.rows(["0", "1", "43890"].map { .number($0, style: 2) })
        // 43 890 days after 1 January 1904 (1 462 days less than in the 1900 system).
        #expect(try rows(writer).rows == [["A1:1904-01-01", "B1:1904-01-02", "C1:2024-03-01"]])
        // A date format on a negative number is no date.
        writer.rows([.number("-1", style: 2)])
        let found = try rows(writer)
        #expect(found.rows == [[]])
        #expect(found.diagnostics.map(\.code) == ["xlsx.bad-date"])
        #expect(found.diagnostics.first?.location?.description == "x.xlsx[Sheet1]!A1")
    }

    @Test func formatCodes() {
        #expect(StylesPart.classify("General") == .general)
        #expect(StylesPart.classify("0.0") == .general)
        #expect(StylesPart.classify("0.0%") == .percent)
        #expect(StylesPart.classify("#,##0\" %\"") == .general)
        #expect(StylesPart.classify("[$-40B]d\\.m\\.yyyy;@") == .date(time: false))
        #expect(StylesPart.classify("[Red]0.00;[Blue]-0.00") == .general)
        #expect(StylesPart.classify("hh:mm:ss") == .date(time: true))
        #expect(StylesPart.classify("0.0 \"kpl\"") == .general)
    }

    @Test func formulasGiveTheirCachedValue() throws {
        let writer = WorkbookWriter(rows: [
            [.text("a"), .number("1"), .formula("B1*2", cached: "2")],
            [.text("b"), .number("2"), .formula("SUM(B1:B2)", cached: nil)],
            [.raw("<c r=\"A3\" t=\"str\"><f>A1&amp;\"x\"</f><v>ax</v></c>")],
        ])
        let found = try rows(writer, file: "x.xlsx[Sheet1]")
        #expect(found.rows == [["A1:a", "B1:#1", "C1:#2"], ["A2:b", "B2:#2", "C2:#"], ["A3:ax"]])
        #expect(found.diagnostics.map(\.code) == ["xlsx.formula-without-value"])
        let diagnostic = try #require(found.diagnostics.first)
        #expect(diagnostic.location?.description == "x.xlsx[Sheet1]!C2")
        #expect(diagnostic.location?.line == 2)
        #expect(diagnostic.message.contains("`=SUM(B1:B2)`"))
    }

    @Test func prefixedElementsAndSelfClosingCells() throws {
        var writer = WorkbookWriter(rows: [[.text("a"), .number("2")], [.raw("<x:c r=\"A2\"/><x:c r=\"C2\"><x:v>3</x:v></x:c>")]])
        writer.prefix = "x:"
        #expect(try rows(writer).rows == [["A1:a", "B1:#2"], ["C2:#3"]])
    }

    @Test func cellReferencesAndLocations() {
        #expect(CellReference.columnName(1) == "A")
        #expect(CellReference.columnName(26) == "Z")
        #expect(CellReference.columnName(27) == "AA")
        #expect(CellReference.columnName(16_384) == "XFD")
        #expect(CellReference.parse(Array("XFD1048576".utf8))! == (16_384, 1_048_576))
        #expect(CellReference.parse(Array("XFE1".utf8)) == nil)
        #expect(CellReference.parse(Array("A1048577".utf8)) == nil)
        #expect(CellReference.parse(Array("A0".utf8)) == nil)
        #expect(SourceLocation(file: "s/tilasto.xlsx[Taulukko1]", line: 12, column: 3).description == "s/tilasto.xlsx[Taulukko1]!C12")
        #expect(SourceLocation(file: "s/tilasto.xlsx[Taulukko1]", line: 12).description == "s/tilasto.xlsx[Taulukko1]!12:12")
        #expect(SourceLocation(file: "s/t[Taulukko2].xlsx", line: 4, column: 28).description == "s/t[Taulukko2].xlsx!AB4")
        #expect(SourceLocation(file: "s/tilasto.xlsx", line: 0).description == "s/tilasto.xlsx")
        #expect(SourceLocation(file: "s/a.csv", line: 12, column: 3).description == "s/a.csv:12:3")
    }

    @Test func sheetChoice() throws {
        let sheets = [Workbook.Sheet(name: "Taulukko1", part: "a"), Workbook.Sheet(name: "Taulukko2", part: "b")]
        #expect(try WorkbookName.choose(sheets, fileName: "tilasto.xlsx").name == "Taulukko1")
        #expect(try WorkbookName.choose(sheets, fileName: "tilasto[Taulukko2].xlsx").name == "Taulukko2")
        #expect(try WorkbookName.choose(sheets, fileName: "tilasto[taulukko2].xlsx").name == "Taulukko2")
        let missing = workbookError { _ = try WorkbookName.choose(sheets, fileName: "tilasto[Muistiinpanot].xlsx") }
        #expect(missing?.code == "xlsx.no-such-sheet")
        #expect(missing?.message.contains("`Taulukko1`, `Taulukko2`") == true)
        #expect(WorkbookName.display(path: "s/t.xlsx", sheet: "Taulukko1") == "s/t.xlsx[Taulukko1]")
        #expect(WorkbookName.display(path: "s/t[Taulukko2].xlsx", sheet: "Taulukko2") == "s/t[Taulukko2].xlsx")
    }
}

@Suite struct WorkbookSafetyTests {
    @Test func doctypeAndEntitiesAreRefused() throws {
        let laughs = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>
            """
        let writer = WorkbookWriter(rows: [[.text("x")]])
        #expect(workbookError { _ = try rows(writer, replacing: ["xl/sharedStrings.xml": laughs]) }?.code == "xlsx.xml-doctype")
        let external = """
            <!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet><sheetData/></worksheet>
            """
        #expect(workbookError { _ = try rows(writer, replacing: ["xl/worksheets/sheet1.xml": external]) }?.code == "xlsx.xml-doctype")
        let undeclared = "<sst><si><t>&xxe;</t></si></sst>"
        #expect(workbookError { _ = try rows(writer, replacing: ["xl/sharedStrings.xml": undeclared]) }?.code == "xlsx.xml-entity")
    }

    @Test func malformedXMLIsAnError() throws {
        let writer = WorkbookWriter(rows: [[.text("x")]])
        for broken in [
            "<worksheet><sheetData>", "<worksheet><sheetData></worksheet>", "<worksheet/><second/>",
            "<worksheet><sheetData><row r=\"2\"/><row r=\"1\"/></sheetData></worksheet>", "<worksheet>&bad</worksheet>", "<worksheet><c r=\"A1\"/></worksheet>",
        ] {
            let error = workbookError { _ = try rows(writer, replacing: ["xl/worksheets/sheet1.xml": broken]) }
            #expect(error?.code == "xlsx.bad-xml", "\(broken)")
        }
    }

    @Test func aLongSharedStringRepeatedBeyondAPartsLimitIsRefused() throws {
        // Found building as a user: a 36 kB measures.xlsx whose 12 000 cells all refer to one
        // shared string of 1 MB made `check` copy 12 GB and be killed. Here: 1 000 bytes, 30
        // cells, under a limit of 20 000 bytes a part (which the parts themselves keep).
        let long = String(repeating: "x", count: 1_000)
        let rows: [[WorkbookWriter.Cell]] = [[.text("id"), .text("teema")]] + (1...15).map { _ in [.text(long), .text(long)] }
        let data = try WorkbookWriter(rows: rows).data()
        for shared in [false, true] {
            var workbook = try Workbook(data: data)
            workbook.limits.partBytes = 20_000
            let error: WorkbookError?
            if shared {
                var part = SheetPart(sink: TakeAll(), file: "x", workbook: workbook)
                error = workbookError { try workbook.parse("xl/worksheets/sheet1.xml", into: &part) }
            } else {
                var part = SheetPart(sink: RowCollector(), file: "x", workbook: workbook)
                error = workbookError { try workbook.parse("xl/worksheets/sheet1.xml", into: &part) }
            }
            #expect(error?.code == "xlsx.zip-bomb", "shared cells: \(shared)")
            // 7 bytes in the header (`id`, `teema`), then 1 000 a cell: past 20 000 at the 20th
            // long cell, the second of row 11.
            #expect(
                error?.message.hasPrefix("its cells repeat the workbook's shared strings to more than 0 MB of text by cell B11, ") == true,
                "\(String(describing: error))")
            // Under the default limit the same workbook reads.
            var fine = try Workbook(data: data)
            var part = SheetPart(sink: RowCollector(), file: "x", workbook: fine)
            #expect(workbookError { try fine.parse("xl/worksheets/sheet1.xml", into: &part) } == nil)
        }
    }

    @Test func zipBombsAreRefused() throws {
        // 64 MB of empty elements deflate to about 64 kB: a ratio of about 1000.
        let filler = String(repeating: "<x/>", count: 16 << 20)
        let sheet = "<worksheet><sheetData>\(filler)</sheetData></worksheet>"
        let data = try WorkbookWriter(rows: [[.text("x")]]).data(replacing: ["xl/worksheets/sheet1.xml": sheet])
        var workbook = try Workbook(data: data)
        var part = SheetPart(sink: RowCollector(), file: "bomb.xlsx[Sheet1]", workbook: workbook)
        let error = workbookError { try workbook.parse("xl/worksheets/sheet1.xml", into: &part) }
        #expect(error?.code == "xlsx.zip-bomb")
        // Under a size limit smaller than the part, even without a high ratio.
        var small = try Workbook(data: try WorkbookWriter(rows: [[.text("x")]]).data())
        small.limits.partBytes = 100
        var other = SheetPart(sink: RowCollector(), file: "x", workbook: small)
        #expect(workbookError { try small.parse("xl/worksheets/sheet1.xml", into: &other) }?.code == "xlsx.zip-bomb")
    }

    @Test func aLyingSizeHeaderIsCaught() throws {
        // The sheet's headers (local and central) claim 40 bytes; it inflates to more, and
        // inflating stops there instead of trusting the claim.
        let bytes = [UInt8](try WorkbookWriter(rows: [[.text("x"), .number("1")]]).data())
        let (patched, patches) = patchingSheetHeaders(bytes, field: 22) { $0.replaceSubrange($0.indices, with: [40, 0, 0, 0]) }
        #expect(patches == 2)
        let error = workbookError {
            var workbook = try Workbook(data: Data(patched))
            var part = SheetPart(sink: RowCollector(), file: "x", workbook: workbook)
            try workbook.parse("xl/worksheets/sheet1.xml", into: &part)
        }
        #expect(error?.code == "xlsx.zip-bomb")
    }

    @Test func notAZipOrDamaged() throws {
        #expect(workbookError { _ = try Workbook(data: Data("alue;arvo\n".utf8)) }?.code == "xlsx.not-a-workbook")
        #expect(workbookError { _ = try Workbook(data: Data()) }?.code == "xlsx.not-a-workbook")
        var data = try WorkbookWriter(rows: [[.text("x"), .number("1")]]).data()
        // A flipped byte in the middle of the compressed sheet.
        let bytes = [UInt8](data)
        let sheetName = Array("xl/worksheets/sheet1.xml".utf8)
        let at = try #require((0..<(bytes.count - sheetName.count)).first { Array(bytes[$0..<($0 + sheetName.count)]) == sheetName })
        var damaged = bytes
        damaged[at + sheetName.count + 10] ^= 0xFF
        data = Data(damaged)
        let error = workbookError {
            var workbook = try Workbook(data: data)
            var part = SheetPart(sink: RowCollector(), file: "x", workbook: workbook)
            try workbook.parse("xl/worksheets/sheet1.xml", into: &part)
        }
        #expect(error?.code == "xlsx.corrupt" || error?.code == "xlsx.bad-xml")
        // Not an empty result: a ZIP without a workbook part.
        let zip = try WorkbookWriter.zip([("readme.txt", Data("hello".utf8))])
        #expect(workbookError { _ = try Workbook(data: zip) }?.code == "xlsx.not-a-workbook")
    }
}

/// Parts are inflated on a thread of their own, a few pieces ahead of the scanner.
@Suite struct WorkbookInflatingTests {
    /// The rows of the sheet when every part is inflated in pieces of `pieceBytes`, at most
    /// `depth` ahead of the scanner; with `fromFile`, the workbook is read from a file, whose
    /// deflated parts Vitality inflates itself (`DeflatedPart`), else from memory by ZIPFoundation.
    private func rows(_ data: Data, pieceBytes: Int, depth: Int, fromFile: Bool = false) throws -> [[String]] {
        let inflating = Workbook.Inflating(pieceBytes: pieceBytes, depth: depth)
        var workbook: Workbook
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vitality-inflating-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: file) }
        if fromFile {
            try data.write(to: file)
            workbook = try Workbook(path: file.path, inflating: inflating)
        } else {
            workbook = try Workbook(data: data, inflating: inflating)
        }
        var part = SheetPart(sink: RowCollector(), file: "x.xlsx[Sheet1]", workbook: workbook)
        try workbook.parse("xl/worksheets/sheet1.xml", into: &part)
        return part.sink.rows.map { row in row.cells.map { "\(CellReference.columnName($0.column))\(row.number):\(row.text($0))" } }
    }

    @Test func piecesOfAnySizeGiveTheSameRows() throws {
        // Pieces of 1, 2, 3, 7 and 64 bytes end inside tags, attribute values, numbers, entities
        // and shared strings (of the shared strings part too).
        var writer = WorkbookWriter(rows: [
            [.text("Väkiluku, Orivesi"), .inline("A & <B>"), .number("-12.345"), .number("45352", style: 2), .formula("B1*2", cached: "4")],
            [.text("Työlliset"), .number("0.97", style: 1), .boolean(true)],
        ])
        writer.prefix = "x:"
        let data = try writer.data()
        let expected = [
            ["A1:Väkiluku, Orivesi", "B1:A & <B>", "C1:-12.345", "D1:2024-03-01", "E1:4"],
            ["A2:Työlliset", "B2:97", "C2:TRUE"],
        ]
        for fromFile in [false, true] {
            #expect(try rows(data, pieceBytes: 1 << 18, depth: 4, fromFile: fromFile) == expected)
            for pieceBytes in [1, 2, 3, 7, 64] {
                for depth in [1, 3] {
                    #expect(
                        try rows(data, pieceBytes: pieceBytes, depth: depth, fromFile: fromFile) == expected,
                        "\(pieceBytes) bytes, \(depth) ahead, from a file: \(fromFile)")
                }
            }
        }
    }

    @Test func piecesLargerThanTheBridgeGiveTheSameRows() throws {
        // Pieces of more than the 4 096 bytes with which `XMLScanner.feed` completes a token
        // cut by the piece before: rows cut anywhere, and an inline string of 9 000 bytes that
        // goes on beyond them.
        var rows: [[WorkbookWriter.Cell]] = []
        for row in 1...1500 {
            rows.append([.text("Akaa \(row % 7)"), .number("\(row)"), .number("\(row).25", style: 1), .boolean(row % 2 == 0)])
        }
        rows[700].append(.inline(String(repeating: "Orivesi & ", count: 900)))
        let data = try WorkbookWriter(rows: rows).data()
        let whole = try self.rows(data, pieceBytes: 1 << 22, depth: 1)
        #expect(whole.count == 1500)
        #expect(whole[700].last == "E701:" + String(repeating: "Orivesi & ", count: 900))
        for pieceBytes in [4097, 4500, 5003, 8192, 12_289] {
            #expect(try self.rows(data, pieceBytes: pieceBytes, depth: 2) == whole, "\(pieceBytes)")
        }
    }

    /// A deflated part whose stream has not ended when its compressed bytes do is an error
    /// that says so. The archive is made by hand: one part, `_rels/.rels`, whose data is a
    /// stored block holding the start of an XML comment and then a stored block claiming 65 535
    /// bytes more, so the rest of the file (the central directory) would go into the comment
    /// and the file end with the stream open. ZIPFoundation 0.9.20's own inflating read the
    /// memory after the file's bytes as more of the stream here (and stopped on what it found
    /// there, or, depending on it, would wait for input forever). A method other than deflate
    /// in the local header is refused too.
    private static func le(_ value: Int, _ bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    /// An archive of one part, `_rels/.rels`, whose compressed data is `stream`, made by hand.
    private static func handMadeArchive(stream: [UInt8], method: Int) -> Data {
        let name = Array("_rels/.rels".utf8)
        let sizes = le(0, 4) + le(stream.count, 4) + le(100_000, 4)  // CRC-32, compressed, inflated
        let local = le(0x0403_4B50, 4) + le(20, 2) + le(0, 2) + le(method, 2) + le(0, 4) + sizes + le(name.count, 2) + le(0, 2) + name
        let central =
            le(0x0201_4B50, 4) + le(20, 2) + le(20, 2) + le(0, 2) + le(8, 2) + le(0, 4) + sizes + le(name.count, 2)
            + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(0, 4) + name
        let end =
            le(0x0605_4B50, 4) + le(0, 2) + le(0, 2) + le(1, 2) + le(1, 2) + le(central.count, 4)
            + le(local.count + stream.count, 4) + le(0, 2)
        return Data(local + stream + central + end)
    }

    @Test(.timeLimit(.minutes(1))) func aDeflateStreamThatDoesNotEndIsAnError() throws {
        let le = Self.le
        let text = Array("<?xml version=\"1.0\"?><Relationships><!--".utf8)
        let stream = [0x00] + le(text.count, 2) + le(~text.count & 0xFFFF, 2) + text + [0x00, 0xFF, 0xFF, 0x00, 0x00]
        func archive(method: Int) -> Data { Self.handMadeArchive(stream: stream, method: method) }
        let folder = try TemporaryFolder()
        let file = folder.appendingPathComponent("cut.xlsx")
        try archive(method: 8).write(to: file)
        let error = workbookError { _ = try Workbook(path: file.path) }
        #expect(error?.code == "xlsx.corrupt")
        #expect(
            error?.message
                == "the part _rels/.rels of the archive ends before its compressed data does (the file is damaged or cut short). Save the workbook again"
        )
        try archive(method: 12).write(to: file)
        let refused = workbookError { _ = try Workbook(path: file.path) }
        #expect(refused?.code == "xlsx.corrupt")
        #expect(refused?.message.contains("is compressed by method 12, which Vitality does not read") == true)
    }

    /// A deflate stream the inflater refuses is an error naming the part and what is wrong:
    /// a block of the reserved type 3 (the first byte `0x07`: last block, type 3), and a
    /// back-reference before the start of the data (a fixed-Huffman block whose first symbol
    /// is length 3 at distance 1, with nothing written yet).
    @Test func aDamagedDeflateStreamIsAnErrorNamingThePart() throws {
        let folder = try TemporaryFolder()
        let file = folder.appendingPathComponent("damaged.xlsx")
        let cases: [([UInt8], String)] = [
            ([0x07, 0, 0, 0], "an invalid deflate block"),
            // BFINAL 1, BTYPE 01; length code 257 (7 bits 0000001), distance code 0 (5 bits 00000).
            ([0x03, 0x02, 0x00, 0x00], "an invalid back-reference distance"),
        ]
        for (stream, reason) in cases {
            try Self.handMadeArchive(stream: stream, method: 8).write(to: file)
            let error = workbookError { _ = try Workbook(path: file.path) }
            #expect(error?.code == "xlsx.corrupt")
            #expect(
                error?.message == "the part _rels/.rels of the archive cannot be inflated (\(reason)). Save the workbook again", "\(stream)")
        }
    }

    @Test func anErrorWhileInflatingReachesTheReader() throws {
        // The sheet's CRC-32 changed in both headers: the inflating thread finds the mismatch
        // after the last piece, and the reader gets its error.
        let bytes = [UInt8](try WorkbookWriter(rows: [[.text("x"), .number("1")]]).data())
        let (patched, patches) = patchingSheetHeaders(bytes, field: 14) { $0[$0.startIndex] ^= 0xFF }
        #expect(patches == 2)
        for (pieceBytes, fromFile) in [(3, false), (1 << 18, false), (3, true), (1 << 18, true)] {
            let error = workbookError { _ = try rows(Data(patched), pieceBytes: pieceBytes, depth: 1, fromFile: fromFile) }
            #expect(error?.code == "xlsx.corrupt")
            #expect(
                error?.message
                    == "the part xl/worksheets/sheet1.xml of the archive does not inflate to what its header says (size or checksum): the file is damaged. Save the workbook again"
            )
        }
        // The sheet's size changed to 40 bytes in both headers: the inflating thread stops at
        // the piece that goes beyond it (pieces of 5 bytes: the ninth).
        let (lying, sizePatches) = patchingSheetHeaders(bytes, field: 22) { $0.replaceSubrange($0.indices, with: [40, 0, 0, 0]) }
        #expect(sizePatches == 2)
        for fromFile in [false, true] {
            let error = workbookError { _ = try rows(Data(lying), pieceBytes: 5, depth: 1, fromFile: fromFile) }
            #expect(error?.code == "xlsx.zip-bomb")
            #expect(error?.message.hasPrefix("the part xl/worksheets/sheet1.xml inflates to more than the 40 bytes its header gives, beyond ") == true)
        }
    }

    @Test func rowsReadOnTheirOwnThreadInBatchesOfAnySize() throws {
        // A long sheet read with its rows handed over one at a time, a few at a time, and in
        // the default batches, and in slices of one record: the same observations and
        // diagnostics (an unknown indicator on row 5, a warning at its value cell).
        var rows: [[WorkbookWriter.Cell]] = [[.text("area_code"), .text("indicator"), .text("year"), .text("value")]]
        for year in 2001...2040 { rows.append([.text("562"), .text("population"), .number("\(year)"), .number("\(year - 2000).5")]) }
        rows[4][1] = .text("väestö")
        let data = try WorkbookWriter(sheets: [.init(name: "Taulukko1", rows: rows)]).data()
        let folder = try TemporaryFolder("xlsx-rows")
        let path = folder.appendingPathComponent("long.xlsx").path
        try data.write(to: URL(fileURLWithPath: path))
        let reader = StatisticsReader(indicators: [Indicator(id: "population", labelFI: "Väkiluku")])
        func read(batch: Int, slice: Int) -> (values: [String], diagnostics: [String]) {
            var store = ObservationStore()
            let read = WorkbookStatisticsReader(reader: reader, sliceBytes: slice, rowBatchBytes: batch).read(path: path, into: &store)
            let values = store.map { "\($0.areaCode) \($0.indicatorID) \($0.year) \($0.value)" }
            let diagnostics = (read.result?.diagnostics ?? []) + read.read.diagnostics
            return (values, diagnostics.map { "\($0.code) \($0.location?.description ?? "")" })
        }
        let expected = read(batch: 1 << 18, slice: 1 << 18)
        #expect(expected.values.count == 40)
        #expect(expected.values.first == "562 population 2001 number(1.5)")
        #expect(expected.values.last == "562 population 2040 number(40.5)")
        #expect(expected.diagnostics.contains("statistics.unknown-indicator \(path)[Taulukko1]!D5"), "\(expected.diagnostics)")
        for (batch, slice) in [(1, 1 << 18), (100, 1), (1, 1)] {
            let got = read(batch: batch, slice: slice)
            #expect(got.values == expected.values, "batches of \(batch), slices of \(slice)")
            #expect(got.diagnostics == expected.diagnostics, "batches of \(batch), slices of \(slice)")
        }
        // Bad XML after many rows: nothing of the sheet stays in the store.
        let filler = (1...3000).map { "<row r=\"\($0 + 1)\"><c r=\"A\($0 + 1)\" t=\"s\"><v>0</v></c><c r=\"B\($0 + 1)\"><v>\($0)</v></c></row>" }.joined()
        let broken = try WorkbookWriter(sheets: [.init(name: "Taulukko1", rows: rows)])
            .data(replacing: ["xl/worksheets/sheet1.xml": "<worksheet><sheetData>\(filler)<row r=\"1\"/></sheetData></worksheet>"])
        try broken.write(to: URL(fileURLWithPath: path))
        var store = ObservationStore()
        let failed = WorkbookStatisticsReader(reader: reader, rowBatchBytes: 64).read(path: path, into: &store)
        #expect(failed.result == nil)
        #expect(store.isEmpty)
        #expect(failed.read.diagnostics.map(\.code) == ["xlsx.bad-xml"])
    }

    @Test func theReadersErrorStopsTheInflatingThread() throws {
        // Bad XML in the first row of a long sheet: the scanner throws while the inflating thread
        // waits for room for its next piece; the error comes back and the thread ends.
        let filler = String(repeating: "<row><c><v>1</v></c></row>", count: 20_000)
        let sheet = "<worksheet><sheetData><row r=\"2\"/><row r=\"1\"/>\(filler)</sheetData></worksheet>"
        let data = try WorkbookWriter(rows: [[.text("x")]]).data(replacing: ["xl/worksheets/sheet1.xml": sheet])
        for depth in [1, 4] {
            let error = workbookError { _ = try rows(data, pieceBytes: 16, depth: depth) }
            #expect(error == WorkbookError(code: "xlsx.bad-xml", message: "row 1 comes after row 2; a sheet's rows are in order"))
        }
    }
}

extension WorkbookWriter {
    /// Replaces the first sheet's rows with one row.
    fileprivate mutating func rows(_ row: [Cell]) { sheets[0].rows = [row] }
}

/// Workbooks in an input folder: statistics sheets through the layouts of CSV files, the
/// measures sheet, and what is refused.
@Suite struct WorkbookInputFolderTests {
    static let indicators = "id,label_fi,kind,direction\npopulation,Väkiluku,level,up\nemployment,\"Työllisyysaste, %\",rate,up\n"

    /// An input folder with `indicators.csv` and the given workbooks in statistics/.
    func folder(_ workbooks: [String: WorkbookWriter], measures: Bool = true) throws -> TemporaryFolder {
        let folder = try TemporaryFolder("xlsx")
        let statistics = folder.appendingPathComponent("statistics")
        try FileManager.default.createDirectory(at: statistics, withIntermediateDirectories: true)
        try Data(Self.indicators.utf8).write(to: folder.appendingPathComponent("indicators.csv"))
        for (name, writer) in workbooks {
            let url = name.hasPrefix("/") ? folder.appendingPathComponent(String(name.dropFirst())) : statistics.appendingPathComponent(name)
            try writer.write(to: url)
        }
        if measures { try Data("id;teema;toimenpide;tila\nA-1;Asuminen;Tontit;Valmis\n".utf8).write(to: folder.appendingPathComponent("measures.csv")) }
        return folder
    }

    func values(_ result: InputReadResult) -> [String] {
        result.dataset.observations.map { "\($0.areaCode) \($0.indicatorID) \($0.year) \($0.value)" }.sorted()
    }

    @Test func pxWebExportWithTitleBlankStubsAndFootnotes() throws {
        // As PX-Web's "Excel (xlsx)": title rows, the header (years as text), the area name only
        // on its first row, the area merged down in one case, footnotes after an empty row.
        let writer = WorkbookWriter(sheets: [
            .init(
                name: "Taulukko1",
                rows: [
                    [.text("Kuntien avainluvut muuttujina Alue, Tiedot ja Vuosi")],
                    [.text("Päivitetty 1.3.2022")],
                    [],
                    [.text("Alue"), .text("Tiedot"), .text("2020"), .text("2021")],
                    [.text("KU562 Orivesi"), .text("Väkiluku"), .number("9008"), .number("8950")],
                    [.empty, .text("Työllisyysaste, %"), .number("0.701", style: 1), .number("0.705", style: 3)],
                    [.text("KU020 Akaa"), .text("Väkiluku"), .number("16391"), .number("16320")],
                    [.empty, .text("Työllisyysaste, %"), .number("70.2"), .text("..")],
                    [],
                    [.text("Lähde: Tilastokeskus")],
                    [.inline("Tilastokeskuksen PX-Web-tietokannat")],
                ], merges: ["A1:D1", "A7:A8"])
        ])
        let scratch = try folder(["px.xlsx": writer])
        let result = InputFolderReader().read(directory: scratch.path)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        #expect(
            values(result) == [
                "020 employment 2020 number(70.2)", "020 employment 2021 missing(symbol: \"..\")", "020 population 2020 number(16391.0)",
                "020 population 2021 number(16320.0)",
                "562 employment 2020 number(70.1)", "562 employment 2021 number(70.5)",
                "562 population 2020 number(9008.0)", "562 population 2021 number(8950.0)",
            ])
        let file = try #require(result.files.first { $0.kind == .statistics })
        #expect(file.layout == "pxweb-wide with heading")
        #expect(file.format == "xlsx" && file.sheet == "Taulukko1")
        // `..` is a missing value, as in CSV: the row is read, with a warning-free gap.
        let footnote = try #require(result.diagnostics.first { $0.code == "xlsx.footnotes" })
        #expect(footnote.location?.description == "\(scratch.path)/statistics/px.xlsx[Taulukko1]!A10")
        #expect(footnote.message.contains("rows 10–11"))
        let listing = InputListing.render(result, .files)
        #expect(
            listing.contains(
                "\(scratch.path)/statistics/px.xlsx\n  kind: statistics, layout: pxweb-wide with heading\n  format: xlsx, sheet: `Taulukko1`, decimal separator: `.`\n"
            ))
    }

    /// A title of no-break spaces alone is no title: the sheet reads as the same table without it.
    @Test func aBlankTitleIsNoTitle() throws {
        let table: [[WorkbookWriter.Cell]] = [
            [.text("Alue"), .text("Tiedot"), .text("2020"), .text("2021")],
            [.text("KU562 Orivesi"), .text("Väkiluku"), .number("9008"), .number("8950")],
            [.text("KU020 Akaa"), .text("Väkiluku"), .number("16391"), .number("16320")],
        ]
        let titled = try folder(["px.xlsx": WorkbookWriter(rows: [[.text("\u{A0}\u{A0}")], []] + table)])
        let plain = try folder(["px.xlsx": WorkbookWriter(rows: table)])
        let read = InputFolderReader().read(directory: titled.path)
        let expected = InputFolderReader().read(directory: plain.path)
        #expect(!read.diagnostics.hasErrors, "\(read.diagnostics)")
        #expect(values(read).count == 4)
        #expect(values(read) == values(expected))
        #expect(read.diagnostics.map(\.code) == expected.diagnostics.map(\.code))
    }

    @Test func cellProblemsNameTheCell() throws {
        let writer = WorkbookWriter(rows: [
            [.text("alue"), .text("tiedot"), .text("vuosi"), .text("arvo")],
            [.text("Orivesi"), .text("Väkiluku"), .number("2020"), .number("9008")],
            [.text("Orivesi"), .text("Väkiluku"), .number("2021"), .text("n/a")],
            [.text("Orivesi"), .text("Väkiluku"), .number("2019"), .formula("B2*2", cached: nil)],
            [.text("Akaa"), .text("Väkiluku"), .text("vuosi?"), .number("1")],
        ])
        let scratch = try folder(["long.xlsx": writer])
        let result = InputFolderReader().read(directory: scratch.path)
        let path = "\(scratch.path)/statistics/long.xlsx[Sheet1]"
        let errors = result.diagnostics.filter { $0.severity == .error }.map { "\($0.code) \($0.location?.description ?? "")" }
        #expect(
            errors.sorted() == [
                "statistics.bad-year \(path)!C5", "statistics.not-a-number \(path)!D3", "xlsx.formula-without-value \(path)!D4",
            ])
        // The formula's cell reads as empty beside its error, so its row is not also short.
        #expect(values(result) == ["562 population 2019 missing(symbol: \"\")", "562 population 2020 number(9008.0)"])
    }

    /// A number typed as text with a decimal comma (as a Finnish Excel keeps `12,5` pasted or
    /// typed into a text cell) is refused with advice to make it a number; other text is not.
    @Test func aNumberAsTextWithADecimalCommaGetsAdvice() throws {
        let advice = "The cell holds the number as text: make it a number in the workbook"
        let statistics = WorkbookWriter(rows: [
            [.text("alue"), .text("tiedot"), .text("vuosi"), .text("arvo")],
            [.text("Orivesi"), .text("Työllisyysaste, %"), .number("2020"), .text("70,1")],
            [.text("Orivesi"), .text("Työllisyysaste, %"), .number("2021"), .text("n/a")],
        ])
        let header: [WorkbookWriter.Cell] = ["id", "teema", "toimenpide", "tila", "lähtötaso"].map { .text($0) }
        let measures = WorkbookWriter(sheets: [
            .init(
                name: "Toimenpiteet",
                rows: [header, [.text("AS-02"), .text("Asuminen"), .text("Vuokra-asunnot"), .text("Käynnissä"), .text(" 91,5 ")]])
        ])
        let scratch = try folder(["long.xlsx": statistics], measures: false)
        try measures.write(to: scratch.appendingPathComponent("measures.xlsx"))
        let result = InputFolderReader().read(directory: scratch.path)
        let errors = result.diagnostics.filter { $0.severity == .error }
        func error(at cell: String) throws -> Diagnostic { try #require(errors.first { $0.location?.description.hasSuffix(cell) == true }) }
        let comma = try error(at: "long.xlsx[Sheet1]!D2")
        #expect(comma.code == "statistics.not-a-number" && comma.message.contains(advice), "\(comma.message)")
        let other = try error(at: "long.xlsx[Sheet1]!D3")
        #expect(other.code == "statistics.not-a-number" && !other.message.contains(advice))
        // A sheet's cell is named as Excel names it, not by line and column.
        #expect(other.message.hasPrefix("Cell D3 (\"n/a\") of \(scratch.path)/statistics/long.xlsx[Sheet1] is not a number"), "\(other.message)")
        let baseline = try error(at: "measures.xlsx[Toimenpiteet]!E2")
        #expect(baseline.code == "measures.not-a-number" && baseline.message.contains(advice), "\(baseline.message)")
        // In a CSV file a decimal comma is read as one; text that is no number gets no advice.
        #expect(NumberParsing.textNumberAdvice("70,1", at: SourceLocation(file: "long.csv", line: 2, column: 4)).isEmpty)
    }

    @Test func aCellFarBeyondTheHeaderIsAnExtraCell() throws {
        var far: [WorkbookWriter.Cell] = [.text("Akaa"), .text("Väkiluku"), .number("2020"), .number("16391")]
        far += Array(repeating: .empty, count: 16_379) + [.text("x")]
        let writer = WorkbookWriter(rows: [
            [.text("alue"), .text("tiedot"), .text("vuosi"), .text("arvo")],
            [.text("Akaa"), .text("Väkiluku"), .number("2019"), .number("16400")],
            far,
        ])
        let scratch = try folder(["far.xlsx": writer])
        let result = InputFolderReader().read(directory: scratch.path)
        let extra = try #require(result.diagnostics.first { $0.code == "statistics.extra-cell" })
        #expect(extra.location?.description == "\(scratch.path)/statistics/far.xlsx[Sheet1]!XFD3")
        // A sheet's column by its letters, and advice without the delimiters of a text file.
        #expect(extra.message.contains("in column XFD, but the header has only 4 columns"), "\(extra.message)")
        #expect(extra.message.contains("Delete the cell") && !extra.message.contains("delimiter"))
        #expect(values(result) == ["020 population 2019 number(16400.0)"])
    }

    @Test func aDuplicateHeaderNameInASheetNamesColumnsByLetters() throws {
        let writer = WorkbookWriter(rows: [
            [.text("alue"), .text("tiedot"), .text("vuosi"), .text("arvo"), .text("Vuosi")],
            [.text("Akaa"), .text("Väkiluku"), .number("2019"), .number("16400"), .number("2020")],
        ])
        let scratch = try folder(["dup.xlsx": writer])
        let result = InputFolderReader().read(directory: scratch.path)
        let duplicate = try #require(result.diagnostics.first { $0.code == "csv.duplicate-header" })
        #expect(duplicate.location?.description == "\(scratch.path)/statistics/dup.xlsx[Sheet1]!E1")
        #expect(duplicate.message.hasPrefix("Column E is named `Vuosi` like column C;"), "\(duplicate.message)")
        // A text file's columns keep their numbers.
        let text = duplicateHeaderDiagnostics(["alue", "vuosi", "Vuosi"], file: "long.csv", line: 1)
        #expect(text.first?.message.hasPrefix("Column 3 is named `Vuosi` like column 2;") == true)
    }

    @Test func aMergedCellAmongRowsThatRepeatTheirLabelsIsRefused() throws {
        // Rows 3 to 5 repeat the shared strings above in their label cells (read without
        // filling anything); the table still ends at row 5, so C5:D5 is in it.
        let writer = WorkbookWriter(
            rows: [
                [.text("Alue"), .text("Tiedot"), .text("2020"), .text("2021")],
                [.text("KU562 Orivesi"), .text("Väkiluku"), .number("9008"), .number("8950")],
                [.text("KU562 Orivesi"), .text("Väkiluku"), .number("9008"), .number("8950")],
                [.text("KU562 Orivesi"), .text("Väkiluku"), .number("9008"), .number("8950")],
                [.text("KU562 Orivesi"), .text("Väkiluku"), .number("9008"), .empty],
            ], merges: ["C5:D5"])
        let scratch = try folder(["m.xlsx": writer])
        let result = InputFolderReader().read(directory: scratch.path)
        let merged = try #require(result.diagnostics.first { $0.code == "xlsx.merged-cells" })
        #expect(merged.location?.description == "\(scratch.path)/statistics/m.xlsx[Sheet1]!C5")
    }

    @Test func mergedDataCellsAreRefused() throws {
        let writer = WorkbookWriter(
            rows: [
                [.text("Alue"), .text("Tiedot"), .text("2020"), .text("2021")],
                [.text("KU562 Orivesi"), .text("Väkiluku"), .number("9008"), .empty],
            ], merges: ["C2:D2"])
        let scratch = try folder(["m.xlsx": writer])
        let result = InputFolderReader().read(directory: scratch.path)
        let merged = try #require(result.diagnostics.first { $0.code == "xlsx.merged-cells" })
        #expect(merged.severity == .error)
        #expect(merged.location?.description == "\(scratch.path)/statistics/m.xlsx[Sheet1]!C2")
        #expect(merged.message.contains("C2:D2"))
    }

    @Test func namedSheetAndRefusedFormats() throws {
        let first = WorkbookWriter.Sheet(name: "Muistiinpanot", rows: [[.text("Lue minut")]])
        let data = WorkbookWriter.Sheet(
            name: "Data",
            rows: [
                [.text("alue"), .text("tiedot"), .text("vuosi"), .text("arvo")],
                [.text("Akaa"), .text("Väkiluku"), .number("2020"), .number("16391")],
            ])
        let scratch = try folder(["a[Data].xlsm": WorkbookWriter(sheets: [first, data]), "b[Puuttuu].xlsx": WorkbookWriter(sheets: [first])])
        try Data("PK".utf8).write(to: scratch.appendingPathComponent("statistics/c.xls"))
        try Data("PK".utf8).write(to: scratch.appendingPathComponent("statistics/d.ods"))
        let result = InputFolderReader().read(directory: scratch.path)
        #expect(values(result) == ["020 population 2020 number(16391.0)"])
        let codes = result.diagnostics.filter { $0.severity == .error }.map(\.code)
        #expect(codes == ["xlsx.no-such-sheet", "input.workbook", "input.workbook"])
        #expect(result.files.first { $0.kind == .statistics }?.sheet == "Data")
    }

    @Test func measuresWorkbook() throws {
        let header: [WorkbookWriter.Cell] = ["id", "teema", "toimenpide", "tila", "alkaa", "lähtötaso", "tavoite"].map { .text($0) }
        let measures = WorkbookWriter(sheets: [
            .init(
                name: "Toimenpiteet",
                rows: [
                    header,
                    [
                        .text("AS-01"), .text("Asuminen"), .text("Tontit"), .text("Käynnissä"), .number("43101", style: 2), .number("0.915", style: 1),
                        .number("97"),
                    ],
                    [.text("AS-02"), .empty, .text("Vuokra-asunnot"), .text("Valmis"), .number("43101", style: 2), .number("1"), .number("2")],
                ], merges: ["B2:B3"])
        ])
        let scratch = try folder([:], measures: false)
        try measures.write(to: scratch.appendingPathComponent("measures.xlsx"))
        let result = InputFolderReader().read(directory: scratch.path)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        #expect(result.dataset.measures.map(\.theme) == ["Asuminen", "Asuminen"])
        #expect(result.dataset.measures.first?.baseline == 91.5)
        #expect(result.dataset.measures.first?.startYear == 2018)
        #expect(result.files.first { $0.kind == .measures }?.sheet == "Toimenpiteet")
        // A number merged down two measures would leave the second one's cell empty.
        var numeric = measures
        numeric.sheets[0].merges = ["G2:G3"]
        try numeric.write(to: scratch.appendingPathComponent("measures.xlsx"))
        let merged = InputFolderReader().read(directory: scratch.path)
        let error = try #require(merged.diagnostics.first { $0.code == "xlsx.merged-cells" })
        #expect(error.location?.description == "\(scratch.path)/measures.xlsx[Toimenpiteet]!G2")
        // Both measures.csv and measures.xlsx: which one is meant cannot be told.
        try Data("id;teema;toimenpide;tila\nA-1;Asuminen;Tontit;Valmis\n".utf8).write(to: scratch.appendingPathComponent("measures.csv"))
        let both = InputFolderReader().read(directory: scratch.path)
        #expect(both.diagnostics.filter { $0.severity == .error }.map(\.code) == ["input.two-measures"])
        #expect(both.dataset.measures.isEmpty)
    }
}

/// Rows and cells of the common shape are read in one step (`SheetPart.element`), others
/// through the scanner's events; shared-string cells reach the statistics thread as ranges in
/// the shared strings. Each way gives the same rows and diagnostics.
@Suite struct WorkbookCellShapeTests {
    /// A sheet's XML as written; with each row's end written so that `element` leaves the row
    /// to the scanner (`</row >`); and with each cell written so that it leaves the cell to the
    /// scanner too (white space before `</c>`, `<c/>` as `<c></c >`).
    static func shapes(_ sheet: String) -> (fast: String, rows: String, slow: String) {
        let rows = sheet.replacingOccurrences(of: "</row>", with: "</row >")
        let slow = rows.replacingOccurrences(of: "</v></c>", with: "</v></c >").replacingOccurrences(of: "</is></c>", with: "</is></c >")
            .replacingOccurrences(of: "\"/><", with: "\"></c ><")
        return (sheet, rows, slow)
    }

    /// The rows and diagnostics of a sheet as written (rows and cells read in one step); of the
    /// same sheet with each row's end written so that `element` leaves the row to the scanner
    /// (`</row >`), its cells still read in one step; and with each cell written so that
    /// `element` leaves it to the scanner too (white space before `</c>`, `<c/>` as `<c></c >`).
    private func threeWays(_ sheet: String, _ writer: WorkbookWriter) throws -> (
        fast: (rows: [[String]], diagnostics: [String]), rows: (rows: [[String]], diagnostics: [String]),
        slow: (rows: [[String]], diagnostics: [String])
    ) {
        let (_, rowsXML, slowXML) = Self.shapes(sheet)
        #expect(rowsXML != sheet)
        #expect(slowXML != rowsXML)
        func read(_ text: String) throws -> (rows: [[String]], diagnostics: [String]) {
            let found = try rows(writer, replacing: ["xl/worksheets/sheet1.xml": text])
            return (found.rows, found.diagnostics.map { "\($0.code) \($0.location?.description ?? "")" })
        }
        return (try read(sheet), try read(rowsXML), try read(slowXML))
    }

    private func bothWays(_ writer: WorkbookWriter) throws -> (
        fast: (rows: [[String]], diagnostics: [String]), slow: (rows: [[String]], diagnostics: [String])
    ) {
        let xml = try #require(writer.parts().first { $0.0 == "xl/worksheets/sheet1.xml" }?.1)
        let got = try threeWays(xml, writer)
        #expect(got.rows.rows == got.fast.rows)
        #expect(got.rows.diagnostics == got.fast.diagnostics)
        return (got.fast, got.slow)
    }

    @Test func eachShapeOfRowReadsAsThroughTheScanner() throws {
        let writer = WorkbookWriter(rows: [[.text("a"), .text("b")]])
        let sheet =
            "<worksheet><sheetData><row r=\"1\" spans=\"1:2\" x14ac:dyDescent='0.25'><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
            // No number: the one after the last; an empty row, self-closing; white space between cells.
            + "<row><c r=\"A2\"><v>2</v></c></row><row r=\"4\" /><row r=\"5\" >\n  <c r=\"B5\"><v>5</v></c>\n  <c><v>6</v></c>\n</row>"
            // `x:r` is read as the row's number (by its local name), `r` twice as the first.
            + "<row x:r=\"7\"><c><v>7</v></c></row><row r=\"8\" r=\"9\"><c><v>8</v></c></row>"
            // A formula, a date beyond 9999 and a cell of another shape in rows read otherwise alike.
            + "<row r=\"10\"><c r=\"A10\"><f>B1</f></c><c r=\"B10\" s=\"2\"><v>99999999</v></c><c r=\"C10\"><v>1</v></c></row>"
            + "<row r=\"11\"><c r=\"A11\" s=\"2\"><v>99999999</v></c><c r=\"B11\"><v>3</v></c><!-- x --><c r=\"C11\"><v>4</v></c></row>"
            + "<row r=\"12\"><c r=\"A12\"><v>1</v></c></row></sheetData></worksheet>"
        let got = try threeWays(sheet, writer)
        #expect(
            got.fast.rows == [
                ["A1:a", "B1:b"], ["A2:#2"], [], ["B5:#5", "C5:#6"], ["A7:#7"], ["A8:#8"], ["A10:#", "C10:#1"], ["B11:#3", "C11:#4"], ["A12:#1"],
            ])
        #expect(
            got.fast.diagnostics == [
                "xlsx.formula-without-value x.xlsx[Sheet1]!A10", "xlsx.bad-date x.xlsx[Sheet1]!B10", "xlsx.bad-date x.xlsx[Sheet1]!A11",
            ])
        for other in [got.rows, got.slow] {
            #expect(other.rows == got.fast.rows)
            #expect(other.diagnostics == got.fast.diagnostics)
        }
    }

    @Test func aRowOfTheCommonShapeIsTakenInOneStep() throws {
        let strings = SharedStrings(bytes: Array("ab".utf8), ends: [1, 2])
        var part = SheetPart(sink: RowCollector(), file: "x.xlsx[Sheet1]", strings: strings, formats: [], date1904: false)
        let xml = Array(
            "<row r=\"12\" spans=\"1:4\"><c r=\"A12\" t=\"s\"><v>1</v></c><c r=\"B12\"><v>-2.5</v></c><c r=\"D012\" t=\"s\" s=\"0\"><v>0</v></c></row><row"
                .utf8)
        func texts(_ part: SheetPart<RowCollector>) -> [[String]] {
            part.sink.rows.map { row in row.cells.map { "\(CellReference.columnName($0.column))\(row.number):\(row.text($0))" } }
        }
        // Cut inside its last cell: left to the scanner, with nothing of it kept.
        let cut = Array(xml[..<(xml.count - 20)])
        #expect(try cut.withUnsafeBufferPointer { try part.element($0, at: 0) } == 0)
        #expect(part.sink.rows.isEmpty)
        // Whole: taken up to its `</row>`, references of another form (`D012`) included.
        #expect(try xml.withUnsafeBufferPointer { try part.element($0, at: 0) } == xml.count - 4)
        #expect(texts(part) == [["A12:b", "B12:-2.5", "D12:a"]])
    }

    @Test func errorsOfRowsAndCellsInEitherShapeAreTheSame() throws {
        let writer = WorkbookWriter(rows: [[.text("a")]])
        let cases: [(String, WorkbookError)] = [
            (
                "<row r=\"A2\"><c r=\"A2\"><v>1</v></c></row>",
                WorkbookError(code: "xlsx.bad-xml", message: "a row after row 0 has the number `A2`, which is no row of a sheet")
            ),
            (
                "<row r=\"3\"><c><v>1</v></c></row><row r=\"2\"/>",
                WorkbookError(code: "xlsx.bad-xml", message: "row 2 comes after row 3; a sheet's rows are in order")
            ),
            (
                "<row r=\"1048577\"><c><v>1</v></c></row>",
                WorkbookError(code: "xlsx.bad-xml", message: "a row after row 0 has the number `1048577`, which is no row of a sheet")
            ),
            (
                "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\" t=\"s\"><v>3</v></c></row>",
                WorkbookError(code: "xlsx.bad-xml", message: "cell B2 refers to shared string `3`, but the workbook has 1 shared strings (the file is damaged)")
            ),
            (
                "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>7</v></c></row>",
                WorkbookError(code: "xlsx.bad-xml", message: "cell A2 refers to shared string `7`, but the workbook has 1 shared strings (the file is damaged)")
            ),
            (
                "<row r=\"2\"><c r=\"B1\"><v>1</v></c></row>",
                WorkbookError(code: "xlsx.bad-xml", message: "a cell of row 2 has the reference `B1`, which is not a cell of that row")
            ),
            (
                "<row r=\"2\"><c r=\"B2\"><v>1</v></c><c r=\"A2\"><v>2</v></c></row>",
                WorkbookError(code: "xlsx.bad-xml", message: "the cells of row 2 are out of order at column A")
            ),
            (
                "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>x</t></is></c><c r=\"A2\"><v>2</v></c></row>",
                WorkbookError(code: "xlsx.bad-xml", message: "the cells of row 2 are out of order at column A")
            ),
            (
                "<row r=\"2\"><c r=\"A2\"><v>1,5</v></c></row>",
                WorkbookError(code: "xlsx.bad-xml", message: "cell A2 holds `1,5` as a number, which is none (the file is damaged)")
            ),
            (
                // At most nine digits name a shared string, leading zeros counted.
                "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"s\"><v>0000000000</v></c></row>",
                WorkbookError(
                    code: "xlsx.bad-xml", message: "cell B2 refers to shared string `0000000000`, but the workbook has 1 shared strings (the file is damaged)")
            ),
            (
                // A minus sign only leads a number (`commonCells` takes the cell before it).
                "<row r=\"2\"><c r=\"A2\"><v>5</v></c><c r=\"B2\"><v>1-2</v></c></row>",
                WorkbookError(code: "xlsx.bad-xml", message: "cell B2 holds `1-2` as a number, which is none (the file is damaged)")
            ),
        ]
        for (row, expected) in cases {
            let shapes = Self.shapes("<worksheet><sheetData>\(row)</sheetData></worksheet>")
            for sheet in [shapes.fast, shapes.rows, shapes.slow] {
                let error = workbookError { _ = try rows(writer, replacing: ["xl/worksheets/sheet1.xml": sheet]) }
                #expect(error == expected, "\(sheet)")
                // With shared-string cells kept as ranges (as the statistics reader takes them).
                var workbook = try Workbook(data: try writer.data(replacing: ["xl/worksheets/sheet1.xml": sheet]))
                var part = SheetPart(sink: TakeAll(), file: "x.xlsx[Sheet1]", workbook: workbook)
                #expect(workbookError { try workbook.parse("xl/worksheets/sheet1.xml", into: &part) } == expected, "shared cells: \(sheet)")
            }
        }
    }

    @Test func aRowCutByAPieceIsReadOnceWithItsDiagnostics() throws {
        // Pieces of a few bytes cut rows after some of their cells were read in one step: the
        // row is then read by the scanner, and its cells' diagnostics are given once.
        let writer = WorkbookWriter(rows: [
            [.number("1"), .number("99999999", style: 2), .text("x"), .number("2")],
            [.number("3"), .formula("A1", cached: nil), .number("99999999", style: 2), .number("4")],
        ])
        let data = try writer.data()
        for pieceBytes in [1, 5, 16, 40, 64, 1 << 18] {
            var workbook = try Workbook(data: data, inflating: Workbook.Inflating(pieceBytes: pieceBytes, depth: 2))
            var part = SheetPart(sink: RowCollector(), file: "x.xlsx[Sheet1]", workbook: workbook)
            try workbook.parse("xl/worksheets/sheet1.xml", into: &part)
            let found = part.sink.rows.map { row in row.cells.map { "\(CellReference.columnName($0.column))\(row.number):\(row.text($0))" } }
            #expect(found == [["A1:1", "C1:x", "D1:2"], ["A2:3", "B2:", "D2:4"]], "\(pieceBytes)")
            #expect(
                part.diagnostics.map { "\($0.code) \($0.location?.description ?? "")" } == [
                    "xlsx.bad-date x.xlsx[Sheet1]!B1", "xlsx.formula-without-value x.xlsx[Sheet1]!B2", "xlsx.bad-date x.xlsx[Sheet1]!C2",
                ], "\(pieceBytes)")
        }
    }

    @Test func eachShapeOfCellReadsAsThroughTheScanner() throws {
        let row2 =
            "<c r=\"A2\" t='s'><v>0</v></c><c r=\"B2\" s=\"1\"/><c r=\"C2\" cm=\"1\" t=\"b\"><v>1</v></c><c t=\"e\"><v>#N/A</v></c>"
            + "<c r=\"E2\"  s=\"2\" ><v>45352</v></c><c r=\"F2\" t=\"str\"><v>x&amp;y</v></c><c r=\"G2\"><f>A1</f></c><c r=\"H2\" s=\"1\"><v>0.97</v></c>"
        let writer = WorkbookWriter(rows: [
            [.text("Orivesi"), .number("12.5"), .number("-3"), .text("Orivesi"), .number("0.10000000000000001")],
            [.raw(row2)],
        ])
        let got = try bothWays(writer)
        #expect(
            got.fast.rows == [
                ["A1:Orivesi", "B1:#12.5", "C1:#-3", "D1:Orivesi", "E1:#0.1"],
                ["A2:Orivesi", "C2:TRUE", "D2:#N/A", "E2:2024-03-01", "F2:x&y", "G2:#", "H2:#97"],
            ])
        #expect(got.fast.diagnostics == ["xlsx.formula-without-value x.xlsx[Sheet1]!G2"])
        #expect(got.slow.rows == got.fast.rows)
        #expect(got.slow.diagnostics == got.fast.diagnostics)
    }

    @Test func styledCellsReadAsThroughTheScanner() throws {
        // Styles after the reference, as Excel writes them: general (0, and 9 beyond the
        // workbook's four formats), percent (1), date (2), an empty one; shared strings styled.
        let row2 =
            "<c r=\"A2\" s=\"0\" t=\"s\"><v>0</v></c><c r=\"B2\" s=\"0\"><v>12.5</v></c><c r=\"C2\" s=\"1\"><v>0.5</v></c><c r=\"D2\" s=\"2\"><v>45352</v></c>"
            + "<c r=\"E2\" s=\"9\"><v>7</v></c><c r=\"F2\" s=\"3\" t=\"s\"><v>0</v></c><c r=\"G2\" s=\"\"><v>1</v></c>"
            // Numbers typed `t="n"`, as openpyxl writes them, general and percent.
            + "<c r=\"H2\" t=\"n\"><v>3.25</v></c><c r=\"I2\" s=\"1\" t=\"n\"><v>0.25</v></c>"
            // Inline strings as openpyxl writes every text: plain, styled, empty, with white
            // space and a line break kept, with an entity, as rich text, with `xml:space`.
            + "<c r=\"J2\" t=\"inlineStr\"><is><t>Akaa</t></is></c><c r=\"K2\" s=\"3\" t=\"inlineStr\"><is><t>Ähtäri</t></is></c>"
            + "<c r=\"L2\" t=\"inlineStr\"><is><t></t></is></c><c r=\"M2\" t=\"inlineStr\"><is><t> a\r\nb </t></is></c>"
            + "<c r=\"N2\" t=\"inlineStr\"><is><t>x&amp;y</t></is></c><c r=\"O2\" t=\"inlineStr\"><is><r><t>p</t></r><r><t>q</t></r></is></c>"
            + "<c r=\"P2\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> z</t></is></c><c r=\"Q2\"><v>4</v></c>"
        let writer = WorkbookWriter(rows: [[.text("Orivesi")], [.raw(row2)]])
        let expected = [
            ["A1:Orivesi"],
            [
                "A2:Orivesi", "B2:#12.5", "C2:#50", "D2:2024-03-01", "E2:#7", "F2:Orivesi", "G2:#1", "H2:#3.25", "I2:#25", "J2:Akaa", "K2:Ähtäri", "L2:",
                "M2: a\r\nb ", "N2:x&y", "O2:pq", "P2: z", "Q2:#4",
            ],
        ]
        let got = try bothWays(writer)
        #expect(got.fast.rows == expected)
        #expect(got.slow.rows == expected)
        // With shared-string cells kept as ranges, as the statistics reader takes them.
        let xml = try #require(writer.parts().first { $0.0 == "xl/worksheets/sheet1.xml" }?.1)
        for sheet in [Self.shapes(xml).fast, Self.shapes(xml).slow] {
            var workbook = try Workbook(data: try writer.data(replacing: ["xl/worksheets/sheet1.xml": sheet]))
            var part = SheetPart(sink: SharedTexts(), file: "x.xlsx[Sheet1]", workbook: workbook)
            try workbook.parse("xl/worksheets/sheet1.xml", into: &part)
            #expect(part.sink.rows == expected)
        }
    }

    @Test func aValueLeftOpenEndsAtTheNextCellInEitherShape() throws {
        // A fuzz finding: `<v>` closed by `</r>` stays open until the next `</v>`, so text after
        // `</t>` in a later inline string is not part of it. A cell read in one step ends it as
        // its `</v>` does.
        let writer = WorkbookWriter(rows: [
            [.raw("<c r=\"A1\" t=\"s\"><v>0</r></c>")], [.text("x")], [.raw("<c r=\"A3\" t=\"inlineStr\"><is><t>a</t>b</is></c>")],
        ])
        let got = try bothWays(writer)
        #expect(got.fast.rows == [["A1:x"], ["A2:x"], ["A3:a"]])
        #expect(got.slow.rows == got.fast.rows)
        // An inline string does not end it (it has no `</v>`): phonetic text in a later cell
        // then joins the value, whichever way the inline string was read.
        let inline = WorkbookWriter(rows: [
            [.raw("<c r=\"A1\" t=\"s\"><v>0</r></c>")],
            [.raw("<c r=\"A2\" t=\"inlineStr\"><is><t>y</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><r><rPh><t>ph</t></rPh><t>q</t></r></is></c>")],
            [.text("x")],
        ])
        let both = try bothWays(inline)
        #expect(both.fast.rows == [["A1:x"], ["A2:y", "B2:phq"], ["A3:x"]])
        #expect(both.slow.rows == both.fast.rows)
    }

    @Test func referencesOfTheLastRowAndColumns() throws {
        // Seven row digits and three column letters, read in one step and through the scanner.
        let sheet =
            "<worksheet><sheetData><row r=\"1048576\"><c r=\"AB1048576\"><v>5</v></c><c r=\"xfd1048576\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>"
        let shapes = Self.shapes(sheet)
        for text in [shapes.fast, shapes.rows, shapes.slow] {
            let found = try rows(WorkbookWriter(rows: [[.text("a")]]), replacing: ["xl/worksheets/sheet1.xml": text])
            #expect(found.rows == [["AB1048576:#5", "XFD1048576:a"]])
        }
    }

    @Test func plainReferencesGiveTheirColumn() {
        func column(_ text: String, _ row: Int) -> Int? {
            Array(text.utf8).withUnsafeBufferPointer { CellReference.plainColumn($0, row: row) }
        }
        #expect(column("C12", 12) == 3)
        #expect(column("c12", 12) == 3)
        #expect(column("AA7", 7) == 27)
        #expect(column("XFD1048576", 1_048_576) == 16_384)
        // Left to `CellReference.parse`: another row, a leading zero, `$`, no row, beyond XFD.
        #expect(column("C12", 13) == nil)
        #expect(column("C012", 12) == nil)
        #expect(column("$C$12", 12) == nil)
        #expect(column("C", 12) == nil)
        #expect(column("XFE1", 1) == nil)
        #expect(column("ABCD1", 1) == nil)
        #expect(column("12", 12) == nil)
    }
}

extension WorkbookInputFolderTests {
    @Test func aSharedStringUsedInManyRowsIsOneArea() throws {
        // 60 rows whose area is the one shared string `Orivesi`, and a last row whose area is the
        // same text as an inline string: all of them are area 562.
        var rows: [[WorkbookWriter.Cell]] = [[.text("alue"), .text("tiedot"), .text("vuosi"), .text("arvo")]]
        for year in 1961...2020 { rows.append([.text("Orivesi"), .text("Väkiluku"), .number("\(year)"), .number("\(year - 1960)")]) }
        rows.append([.inline("Orivesi"), .text("Väkiluku"), .number("2021"), .number("61.5")])
        let scratch = try folder(["long.xlsx": WorkbookWriter(rows: rows)])
        let result = InputFolderReader().read(directory: scratch.path)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        let found = values(result)
        #expect(found.count == 61)
        #expect(found.allSatisfy { $0.hasPrefix("562 population ") })
        #expect(found.first == "562 population 1961 number(1.0)")
        #expect(found.contains("562 population 2020 number(60.0)"))
        #expect(found.last == "562 population 2021 number(61.5)")
        #expect(result.dataset.areas.filter { $0.code == "562" }.count == 1)
    }

    @Test func numbersTypedAsTextFollowTheNumberRules() throws {
        // Text cells in the value column read as CSV's quoted cells do: `12.5` and ` 7 ` are
        // numbers, `..` a missing value, `12,5` is no number in a sheet (its decimal separator
        // is the point), an error naming its cell.
        let writer = WorkbookWriter(rows: [
            [.text("alue"), .text("tiedot"), .text("vuosi"), .text("arvo")],
            [.text("Akaa"), .text("Väkiluku"), .number("2019"), .text("12.5")],
            [.text("Akaa"), .text("Väkiluku"), .number("2020"), .text("12,5")],
            [.text("Akaa"), .text("Väkiluku"), .number("2021"), .text(" 7 ")],
            [.text("Akaa"), .text("Väkiluku"), .number("2022"), .text("..")],
        ])
        let scratch = try folder(["long.xlsx": writer])
        let result = InputFolderReader().read(directory: scratch.path)
        let errors = result.diagnostics.filter { $0.severity == .error }.map { "\($0.code) \($0.location?.description ?? "")" }
        #expect(errors == ["statistics.not-a-number \(scratch.path)/statistics/long.xlsx[Sheet1]!D3"])
        #expect(
            values(result) == [
                "020 population 2019 number(12.5)", "020 population 2021 number(7.0)", "020 population 2022 missing(symbol: \"..\")",
            ])
    }
}

/// Takes rows with shared-string cells as ranges, as the statistics reader's handoff does.
/// Each row's cells as text (`B2:#12.5` for a number), shared-string cells taken as ranges.
private struct SharedTexts: SheetRowSink {
    var rows: [[String]] = []
    var takesSharedCells: Bool { true }
    mutating func add(_ rows: inout SheetRows) {
        rows.forEachView { row in
            self.rows.append(row.cells.map { "\(CellReference.columnName($0.column))\(row.number):\($0.isText ? "" : "#")\(row.text($0))" })
        }
        rows = SheetRows(strings: rows.strings)
    }
}

private struct TakeAll: SheetRowSink {
    var takesSharedCells: Bool { true }
    mutating func add(_ rows: inout SheetRows) { rows = SheetRows(strings: rows.strings) }
}
