import Testing
import VitalityModel

@testable import VitalityData

/// A PC-Axis file decoded by its CODEPAGE.
@Suite struct PXTextTests {
    static func file(codePage: String?, body: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = Array("CHARSET=\"ANSI\";\n".utf8)
        if let codePage { bytes += Array("CODEPAGE=\"\(codePage)\";\n".utf8) }
        return bytes + Array("CONTENTS=\"".utf8) + body + Array("\";\nDATA=\n1;\n".utf8)
    }

    static func contents(_ bytes: [UInt8]) throws -> String {
        let text = try #require(PXText.decode(bytes, file: "t.px").0)
        let document = try #require(PXDocument.parse(text, file: "t.px").0)
        guard case .text(let contents)? = document.statements.first(where: { $0.keyword == "CONTENTS" })?.values.first else {
            Issue.record("no CONTENTS")
            return ""
        }
        return contents
    }

    @Test func eachCodePageItsOwnLetters() throws {
        // 0xA4 is € in ISO-8859-15 and ¤ in ISO-8859-1; 0x80 is € in Windows-1252.
        #expect(try Self.contents(Self.file(codePage: "iso-8859-15", body: [0x56, 0xE4, 0x20, 0xA4])) == "Vä €")
        #expect(try Self.contents(Self.file(codePage: "ISO-8859-1", body: [0x56, 0xE4, 0x20, 0xA4])) == "Vä ¤")
        #expect(try Self.contents(Self.file(codePage: nil, body: [0x56, 0xE4, 0x20, 0xA4])) == "Vä ¤")
        #expect(try Self.contents(Self.file(codePage: "windows-1252", body: [0x56, 0xE4, 0x20, 0x80])) == "Vä €")
        #expect(try Self.contents([0xEF, 0xBB, 0xBF] + Self.file(codePage: "utf-8", body: Array("Väestö €".utf8))) == "Väestö €")
    }

    @Test func bytesTheCodePageCannotHoldAreErrors() throws {
        let notUTF8 = PXText.decode(Self.file(codePage: "utf-8", body: [0x56, 0xE4]), file: "t.px")
        #expect(notUTF8.0 == nil)
        #expect(notUTF8.1.first?.code == "px.encoding")
        #expect(notUTF8.1.first?.location?.line == 3)
        let undefined = PXText.decode(Self.file(codePage: "windows-1252", body: [0x81]), file: "t.px")
        #expect(undefined.0 == nil)
        #expect(undefined.1.contains { $0.severity == .error })
    }

    @Test func anUnknownCodePageIsAnErrorAtItsLine() throws {
        let (text, problems) = PXText.decode(Self.file(codePage: "ibm850", body: [0x41]), file: "t.px")
        #expect(text == nil)
        #expect(problems.map(\.code) == ["px.codepage"])
        #expect(problems.first?.location == SourceLocation(file: "t.px", line: 2, column: 1))
        #expect(problems.first?.message.contains("`CODEPAGE=\"ibm850\"`") == true)
    }
}
