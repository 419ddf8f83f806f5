import Testing
import VitalityData
import VitalityModel

@Suite struct NumberParsingTests {
    let comma = NumberParsing(decimalSeparator: ",")
    let point = NumberParsing(decimalSeparator: ".")

    @Test func numbers() {
        #expect(comma.parse("10,4") == .value(.number(10.4)))
        #expect(comma.parse("9\u{00A0}221") == .value(.number(9221)))
        #expect(comma.parse("5 517 919") == .value(.number(5_517_919)))
        #expect(comma.parse("1\u{202F}234,5") == .value(.number(1234.5)))
        #expect(comma.parse("\u{2212}0,3") == .value(.number(-0.3)))
        #expect(point.parse("-58") == .value(.number(-58)))
        #expect(point.parse(" 68.6 ") == .value(.number(68.6)))
        #expect(point.parse("1.5e3") == .value(.number(1500)))
    }

    @Test func missingSymbolsAreKept() {
        #expect(point.parse("") == .value(.missing(symbol: "")))
        #expect(point.parse(".") == .value(.missing(symbol: ".")))
        #expect(point.parse("..") == .value(.missing(symbol: "..")))
        #expect(point.parse(".......") == .value(.missing(symbol: ".......")))
        #expect(point.parse("-") == .value(.missing(symbol: "-")))
        #expect(point.parse("........") == .notANumber("........"))
    }

    @Test func textIsNotANumber() {
        #expect(point.parse("noin 16000") == .notANumber("noin 16000"))
        #expect(point.parse("10,4") == .notANumber("10,4"))
        #expect(comma.parse("1 2,") == .notANumber("1 2,"))
    }

    @Test func decimalSeparatorFromWholeFile() {
        let semicolon = document("a;b\nx;1,5\ny;2\nz;3,25\n").table
        let cells = semicolon.records.dropFirst().compactMap { semicolon.field($0, 1) }
        #expect(NumberParsing.detect(table: semicolon, cells: cells).decimalCharacter == ",")
        let pointFile = document("a;b\nx;1.5\ny;2\n").table
        #expect(NumberParsing.detect(table: pointFile, cells: pointFile.records.dropFirst().compactMap { pointFile.field($0, 1) }).decimalCharacter == ".")
        // A comma-delimited file never has decimal commas: "1,5" there is two cells.
        let commaFile = document("a,b\n\"1,5\",2\n").table
        #expect(NumberParsing.detect(table: commaFile, cells: commaFile.records.compactMap { commaFile.field($0, 0) }).decimalCharacter == ".")
    }
}
