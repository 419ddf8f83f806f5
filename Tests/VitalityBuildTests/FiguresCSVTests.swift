import Testing
@testable import VitalityBuild

@Suite struct FiguresCSVTests {
    @Test func numbersAreFullPrecisionWithoutExponent() {
        #expect(FiguresCSV.number(8978) == "8978")
        #expect(FiguresCSV.number(-30) == "-30")
        #expect(FiguresCSV.number(-0.33303730017761986) == "-0.33303730017761986")
        #expect(FiguresCSV.number(1.5e-05) == "0.000015")
        #expect(FiguresCSV.number(-2.5e-7) == "-0.00000025")
        #expect(FiguresCSV.number(nil) == "")
        #expect(FiguresCSV.number(.nan) == "")
    }

    @Test func textCellsAreQuotedOnlyWhenNeeded() {
        #expect(FiguresCSV.quoted("Orivesi") == "Orivesi")
        #expect(FiguresCSV.quoted("Työllisyysaste, %") == "\"Työllisyysaste, %\"")
        #expect(FiguresCSV.quoted("a\"b") == "\"a\"\"b\"")
    }
}
