import Testing
@testable import VitalityBuild

@Suite struct FiguresCSVTests {
    @Test func numbersAreFullPrecisionWithoutExponent() {
        #expect(FiguresCSV.number(8978) == "8978")
        #expect(FiguresCSV.number(-30) == "-30")
        // −30 / 9008 × 100 reads back as exactly the same Double.
        let percent = -30.0 / 9008.0 * 100
        #expect(Double(FiguresCSV.number(percent)) == percent)
        #expect(FiguresCSV.number(percent).hasPrefix("-0.3330373001776"))
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
