import Testing
import VitalityModel

/// The one rule for text a diagnostic shows: control characters escaped, quoted cells short.
@Suite struct DiagnosticTextTests {
    @Test func controlCharactersAreEscapedNeverRaw() {
        let diagnostic = Diagnostic(.error, code: "x.y", "Cell `a\u{0}b\u{1B}[31m\tc\r\nd\u{7F}\u{9B}\u{202E}` is bad.")
        #expect(diagnostic.message == "Cell `a\\0b\\u{1B}[31m\\tc\\r\\nd\\u{7F}\\u{9B}\\u{202E}` is bad.")
        #expect(!diagnostic.description.unicodeScalars.contains { $0.properties.generalCategory == .control })
    }

    @Test func aLongQuotedSegmentKeepsEightyCharacters() {
        let header = String(repeating: "x", count: 1_000_000)
        let diagnostic = Diagnostic(.error, code: "x.y", "Column `\(header)` is not read; rename it.")
        #expect(diagnostic.message == "Column `\(String(repeating: "x", count: 79))…` is not read; rename it.")
    }

    @Test func shortMessagesAndUnpairedBackticksAreKept() {
        let text = "`population` has no value for 2021; the cell `1`2` was skipped and the advice at the end stays."
        #expect(Diagnostic(.warning, code: "x.y", text).message == text)
        let unpaired = "A cell with one ` backtick " + String(repeating: "and more words ", count: 10) + "then advice."
        #expect(DiagnosticText.clean(unpaired) == unpaired)
    }

    /// The limits at their edges, in messages longer than a quoted segment's limit.
    @Test func segmentsAndMessagesAtTheirLimits() {
        let advice = " is not read; " + String(repeating: "rename it and read the file again, ", count: 3)
        let kept = "Column `Työllisyysaste \(String(repeating: "x", count: 64))`" + advice
        #expect(DiagnosticText.clean(kept) == kept)
        let cut = "Column `Työllisyysaste \(String(repeating: "x", count: 65))`" + advice
        #expect(DiagnosticText.clean(cut) == "Column `Työllisyysaste \(String(repeating: "x", count: 64))…`" + advice)
        let longest = String(repeating: "a", count: DiagnosticText.messageLimit)
        #expect(DiagnosticText.clean(longest) == longest)
        #expect(DiagnosticText.clean(longest + "b").unicodeScalars.count < DiagnosticText.messageLimit)
        let escaped = "Cell `a\u{0}b`" + advice
        #expect(DiagnosticText.clean(escaped) == "Cell `a\\0b`" + advice)
    }

    @Test func aHugeMessageKeepsItsBeginningAndEnd() {
        let list = (1...100_000).map { "`c\($0)`" }.joined(separator: ", ")
        let message = DiagnosticText.clean("Columns \(list) fit no layout. Add an area column.")
        #expect(message.unicodeScalars.count <= DiagnosticText.messageLimit + 3)
        #expect(message.hasPrefix("Columns `c1`, `c2`"))
        #expect(message.hasSuffix("fit no layout. Add an area column."))
    }

    @Test func cleaningTwiceChangesNothing() {
        let once = DiagnosticText.clean("`\(String(repeating: "é\u{0}", count: 200))` and `\u{1B}`")
        #expect(DiagnosticText.clean(once) == once)
    }

    @Test func filePathsAreEscapedInTheLocation() {
        let location = SourceLocation(file: "stat\u{1B}[2J.csv", line: 3, column: 2)
        #expect(location.description == "stat\\u{1B}[2J.csv:3:2")
    }
}
