import Testing
import VitalityModel

@testable import VitalityData

/// PC-Axis keywords read into variables.
@Suite struct PXTableTests {
    static let sample = """
        LANGUAGE="fi";
        LANGUAGES="fi","sv";
        DECIMALS=0;
        CONTENTS="Väestö";
        UNITS="henkilöä";
        SOURCE="Tilastokeskus";
        STUB="Alue";
        HEADING="Vuosi","Tiedot";
        STUB[sv]="Område";
        HEADING[sv]="År","Uppgifter";
        VALUES("Alue")="Orivesi","Tampere","Juupajoki";
        VALUES("Vuosi")="2020","2021";
        VALUES("Tiedot")="Väkiluku";
        VALUES[sv]("Område")="Orivesi","Tammerfors","Juupajoki";
        VALUES[sv]("År")="2020","2021";
        VALUES[sv]("Uppgifter")="Folkmängd";
        CODES("Alue")="562","837","177";
        TIMEVAL("Vuosi")=TLIST(A1),"2020","2021";
        DATA=
        9008 8978
        244223 ".."
        1848 "-";
        """

    static func table(_ text: String) -> (PXTable?, [Diagnostic]) {
        guard let document = PXDocument.parse(text, file: "t.px").0 else { return (nil, []) }
        return PXTable.make(document, file: "t.px")
    }

    @Test func variablesCodesTranslationsAndCells() throws {
        let (made, problems) = Self.table(Self.sample)
        #expect(problems.isEmpty, "\(problems)")
        let table = try #require(made)
        #expect(table.stub.map(\.name) == ["Alue"])
        #expect(table.heading.map(\.name) == ["Vuosi", "Tiedot"])
        let area = try #require(table.stub.first)
        #expect(area.codes == ["562", "837", "177"])
        #expect(area.translations["sv"] == PXTable.Translation(name: "Område", values: ["Orivesi", "Tammerfors", "Juupajoki"]))
        #expect(table.heading[0].isTime)
        #expect(!table.heading[1].isTime)
        #expect(table.heading[1].translations["sv"]?.values == ["Folkmängd"])
        #expect(table.contents == "Väestö")
        #expect(table.units == "henkilöä")
        #expect(table.source == "Tilastokeskus")
        #expect(table.decimals == 0)
        #expect(table.cellCount == 6)
        #expect(table.dataLine == 19)
    }

    @Test func codesOrTranslationsOfAnotherCountAreErrors() throws {
        let codes = Self.sample.replacingOccurrences(of: "CODES(\"Alue\")=\"562\",\"837\",\"177\";", with: "CODES(\"Alue\")=\"562\",\"837\";")
        let (noTable, codeProblems) = Self.table(codes)
        #expect(noTable == nil)
        #expect(codeProblems.map(\.message) == ["`CODES(\"Alue\")` lists 2 codes for the 3 values of `VALUES(\"Alue\")` (line 11)."])
        #expect(codeProblems.first?.location?.line == 17)
        let swedish = Self.sample.replacingOccurrences(of: "\"Tammerfors\",\"Juupajoki\"", with: "\"Tammerfors\"")
        let (alsoNoTable, translationProblems) = Self.table(swedish)
        #expect(alsoNoTable == nil)
        #expect(translationProblems.first?.location?.line == 14)
    }

    @Test func aVariableWithoutValuesIsAnError() throws {
        let text = Self.sample.replacingOccurrences(of: "VALUES(\"Tiedot\")=\"Väkiluku\";\n", with: "")
        let (table, problems) = Self.table(text)
        #expect(table == nil)
        #expect(problems.first?.message == "`HEADING` names the variable `Tiedot`, but no `VALUES(\"Tiedot\")` lists its values.")
        #expect(problems.first?.location?.line == 8)
    }
}
