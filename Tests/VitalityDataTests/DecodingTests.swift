import Testing
import VitalityData
import VitalityModel

@Suite struct DecodingTests {
    @Test func plainUTF8StaysUTF8() {
        let decoded = TextDecoding.decode(Array("Hämeenkyrö;1\n".utf8), file: "a.csv")
        #expect(decoded.encoding == .utf8)
        #expect(decoded.string == "Hämeenkyrö;1\n")
        #expect(decoded.diagnostics.isEmpty)
    }

    @Test func byteOrderMarkIsRemoved() {
        let decoded = TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("Ikä".utf8), file: "a.csv")
        #expect(decoded.encoding == .utf8BOM)
        #expect(decoded.string == "Ikä")
    }

    @Test func utf16WithByteOrderMark() {
        // "Åa" little-endian: FF FE, C5 00, 61 00; big-endian: FE FF, 00 C5, 00 61.
        #expect(TextDecoding.decode([0xFF, 0xFE, 0xC5, 0x00, 0x61, 0x00], file: "a").string == "Åa")
        let big = TextDecoding.decode([0xFE, 0xFF, 0x00, 0xC5, 0x00, 0x61], file: "a")
        #expect(big.encoding == .utf16BE)
        #expect(big.string == "Åa")
    }

    @Test func windows1252Fallback() {
        // 0x80 = €, 0xE4 = ä, 0x92 = ’ (U+2019) in Windows-1252; 0x80 cannot start UTF-8.
        let decoded = TextDecoding.decode([0x80, 0x4D, 0xE4, 0x92, 0x0D, 0x0A], file: "a.csv")
        #expect(decoded.encoding == .windows1252)
        #expect(decoded.string == "€Mä\u{2019}\r\n")
        #expect(decoded.diagnostics.isEmpty)
    }

    @Test func undefinedWindows1252ByteNamesOffsetAndLine() {
        // "ab\n" is 3 bytes, "c" 1 more, so 0x81 sits at offset 4 on line 2.
        let decoded = TextDecoding.decode([0x61, 0x62, 0x0A, 0x63, 0x81, 0xE4], file: "x.csv")
        let error = decoded.diagnostics.first
        #expect(error?.code == "encoding.undefined-byte")
        #expect(error?.severity == .error)
        #expect(error?.location == SourceLocation(file: "x.csv", line: 2))
        #expect(error?.message.contains("byte offset 4") == true)
    }

    @Test func replacementCharacterWarnsWithLine() {
        let decoded = TextDecoding.decode(Array("ok\nH\u{FFFD}meenkyr\u{FFFD}\n".utf8), file: "r.csv")
        #expect(decoded.encoding == .utf8)
        #expect(decoded.diagnostics.map(\.code) == ["encoding.replacement-character"])
        #expect(decoded.diagnostics.first?.location?.line == 2)
    }

    @Test func invalidUTF8Offset() {
        #expect(TextDecoding.firstInvalidUTF8Offset(Array("aä".utf8)) == nil)
        #expect(TextDecoding.firstInvalidUTF8Offset([0x61, 0xC3]) == 1)
        #expect(TextDecoding.firstInvalidUTF8Offset([0x61, 0xE4, 0x62]) == 1)
    }
}

@Suite struct MostlyUTF8DecodingTests {
    @Test func invalidLinesOfAUTF8FileAreErrorsNotARedecode() {
        // Line 1 holds ä as UTF-8 (C3 A4), line 2 ö as Windows-1252 (F6), line 3 two bad bytes.
        let bytes = Array("Hä\n".utf8) + [0x61, 0xF6, 0x0A, 0xE4, 0xE4, 0x62, 0x0A]
        let decoded = TextDecoding.decode(bytes, file: "m.csv")
        #expect(decoded.encoding == .utf8)
        #expect(decoded.string == "Hä\na\u{FFFD}\n\u{FFFD}b\n")
        #expect(decoded.diagnostics.map(\.code) == ["encoding.invalid-utf8-line", "encoding.invalid-utf8-line"])
        #expect(decoded.diagnostics.map { $0.location?.line ?? 0 } == [2, 3])
        #expect(decoded.diagnostics[0].message.contains("byte 0xF6 at byte 2 of the line (1 such"))
        #expect(decoded.diagnostics[1].message.contains("byte 0xE4 at byte 1 of the line (2 such"))
    }

    @Test func byteOrderMarkMeansUTF8EvenWithBadBytes() {
        let decoded = TextDecoding.decode([0xEF, 0xBB, 0xBF, 0x61, 0x0A, 0x62, 0xE4, 0x0A], file: "b.csv")
        #expect(decoded.encoding == .utf8BOM)
        #expect(decoded.diagnostics.map(\.code) == ["encoding.invalid-utf8-line"])
        #expect(decoded.diagnostics.first?.location?.line == 2)
    }

    @Test func noMultibyteSequenceAtAllIsSingleByte() {
        let decoded = TextDecoding.decode([0x61, 0xE4, 0x0A, 0xF6, 0x0A], file: "w.csv")
        #expect(decoded.encoding == .windows1252)
        #expect(decoded.string == "aä\nö\n")
        #expect(decoded.diagnostics.isEmpty)
    }
}
