import Testing
import VitalityModel

@testable import VitalityData

/// The PC-Axis statement syntax, on a file shaped as Statistics Finland's PxWeb writes them.
@Suite struct PXDocumentTests {
    static let sample = """
        CHARSET="ANSI";
        AXIS-VERSION="2010";
        CODEPAGE="iso-8859-15";
        LANGUAGE="fi";
        LANGUAGES="fi","sv";
        DECIMALS=1;
        SHOWDECIMALS=1;
        MATRIX="vaerak_001";
        CONTENTS="Väestö ";
        STUB="Alue";
        HEADING="Vuosi","Tiedot";
        VALUES("Alue")="Orivesi","Tampere",
        "Juupajoki";
        VALUES("Vuosi")="2020","2021";
        VALUES("Tiedot")="Väkiluku";
        TIMEVAL("Vuosi")=TLIST(A1),"2020","2021";
        CODES("Alue")="562","837","177";
        VALUES[sv]("Alue")="Orivesi","Tammerfors","Juupajoki";
        PRECISION("Tiedot","Väkiluku")=1;
        NOTE="Ennakkotieto"
        "vuodelta 2021.";
        SOURCE="Tilastokeskus";
        DATA=
        9008 8978
        244223 ".."
        1848 "-";

        """

    @Test func statementsOfAPxWebFileUpToData() throws {
        let (parsed, diagnostics) = PXDocument.parse(Self.sample, file: "väestö.px")
        #expect(diagnostics.isEmpty)
        let document = try #require(parsed)
        #expect(document.statements.count == 20)
        let first = try #require(document.statements.first)
        #expect(first == PXDocument.Statement(keyword: "CHARSET", language: nil, subkeys: [], values: [.text("ANSI")], line: 1, column: 1))
        let areas = try #require(document.statements.first { $0.keyword == "VALUES" && $0.subkeys == ["Alue"] && $0.language == nil })
        #expect(areas.values == [.text("Orivesi"), .text("Tampere"), .text("Juupajoki")])
        #expect(areas.line == 12)
        let swedish = try #require(document.statements.first { $0.language == "sv" })
        #expect(swedish.values[1] == .text("Tammerfors"))
        let precision = try #require(document.statements.first { $0.keyword == "PRECISION" })
        #expect(precision.subkeys == ["Tiedot", "Väkiluku"])
        #expect(precision.values == [.word("1")])
        let time = try #require(document.statements.first { $0.keyword == "TIMEVAL" })
        #expect(time.values == [.timeList(unit: "A1", first: nil, last: nil), .text("2020"), .text("2021")])
        // Texts in a row make one: the note wrapped over two lines.
        let note = try #require(document.statements.first { $0.keyword == "NOTE" })
        #expect(note.values == [.text("Ennakkotietovuodelta 2021.")])
        #expect(document.statements.first { $0.keyword == "CONTENTS" }?.values == [.text("Väestö ")])
        #expect(document.dataLine == 23)
        #expect(document.dataColumn == 6)
    }

    @Test func timeListWithARange() throws {
        let text = "TIMEVAL(\"Vuosi\")=TLIST(A1, \"2015\"-\"2021\");\nDATA=1;"
        let document = try #require(PXDocument.parse(text, file: "t.px").0)
        #expect(document.statements[0].values == [.timeList(unit: "A1", first: "2015", last: "2021")])
    }

    @Test func windowsLineEndsCountAsOneLineEach() throws {
        let text = "STUB=\"Alue\";\r\nHEADING=\"Vuosi\";\r\nDATA=\r\n1 2;\r\n"
        let document = try #require(PXDocument.parse(text, file: "crlf.px").0)
        #expect(document.statements.map(\.line) == [1, 2])
        #expect(document.dataLine == 3)
    }

    @Test(arguments: [
        // (text, line, column, what the message expects)
        ("STUB \"Alue\";\nDATA=1;", 1, 6, "`=` after the keyword `STUB`"),
        ("STUB=\"Alue;\nDATA=1;", 1, 12, "`\"` closing the text opened at line 1, column 6, on its line"),
        ("STUB=\"Alue\"\nHEADING=\"Vuosi\";\nDATA=1;", 2, 1, "`,` or `;`"),
        ("STUB=\"Alue\";\nHEADING=\"Vuosi\";", 2, 17, "`DATA=` with the table's values"),
        ("VALUES[]=\"x\";\nDATA=1;", 1, 8, "a language code such as `sv` after `[`"),
        ("TIMEVAL(\"Vuosi\")=TLIST(X9);\nDATA=1;", 1, 24, "a time unit (A1, H1, Q1, M1 or W1) after `TLIST(`"),
        ("=\"x\";\nDATA=1;", 1, 1, "a keyword such as `VALUES`"),
    ])
    func malformedStatementsAreErrorsAtTheirPlace(text: String, line: Int, column: Int, expected: String) throws {
        let (document, diagnostics) = PXDocument.parse(text, file: "bad.px")
        #expect(document == nil)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.code == "px.syntax")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.location == SourceLocation(file: "bad.px", line: line, column: column))
        #expect(diagnostic.message.hasPrefix("Expected \(expected) in the PC-Axis file"), "\(diagnostic.message)")
        #expect(!diagnostic.message.contains("\n"))
    }
}
