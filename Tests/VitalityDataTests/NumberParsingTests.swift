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

@Suite struct NumberRangeTests {
    let point = NumberParsing(decimalSeparator: ".")
    let comma = NumberParsing(decimalSeparator: ",")

    @Test func beyondADoubleIsOutOfRange() {
        let huge = String(repeating: "9", count: 400)
        #expect(point.parse(huge) == .outOfRange(huge))
        #expect(point.parse("1e999") == .outOfRange("1e999"))
        #expect(point.parse("-1e309") == .outOfRange("-1e309"))
        #expect(point.parse("1e-400") == .outOfRange("1e-400"))
        #expect(point.parse("1e308") == .value(.number(1e308)))
        #expect(point.parse("0e999") == .value(.number(0)))
    }

    @Test func digitsADoubleDoesNotGiveBackAreOutOfRange() {
        #expect(point.parse("123456789012345678") == .outOfRange("123456789012345678"))
        #expect(comma.parse("0,000123456789012345678") == .outOfRange("0,000123456789012345678"))
        // 17 and 16 digits that the nearest double changes (…568, 2^53 + 1).
        #expect(point.parse("12345678901234567") == .outOfRange("12345678901234567"))
        #expect(point.parse("9007199254740993") == .outOfRange("9007199254740993"))
        // 16 and 17 digits that a double keeps, and any 15.
        #expect(point.parse("9007199254740992") == .value(.number(9_007_199_254_740_992)))
        #expect(point.parse("0.30000000000000004") == .value(.number(0.1 + 0.2)))
        #expect(point.parse("-987654321.123456") == .value(.number(-987_654_321.123456)))
        // Zeros before the first and after the last non-zero digit are not significant.
        #expect(point.parse("1500000000000000000000") == .value(.number(1.5e21)))
        #expect(point.parse("0.10000000000000000000") == .value(.number(0.1)))
    }
}
