import Testing
import VitalityData
import VitalityModel

@Suite struct TokenizerTests {
    @Test func detectsDelimiters() {
        #expect(CSVTokenizer.detectDelimiter(Array("a;b;c\n1;2,5;3\n".utf8)) == UInt8(ascii: ";"))
        #expect(CSVTokenizer.detectDelimiter(Array("a,b\n1,2\n".utf8)) == UInt8(ascii: ","))
        #expect(CSVTokenizer.detectDelimiter(Array("a\tb c\n1\t2\n".utf8)) == 0x09)
        #expect(CSVTokenizer.detectDelimiter(Array("a b\n1 2\n3 4\n".utf8)) == 0x20)
        // Delimiters inside quotes do not count; the title line has none outside its quotes.
        #expect(CSVTokenizer.detectDelimiter(Array("\"T, x; y\"\n\n\"A\",\"B\"\n\"x;y\",1\n".utf8)) == UInt8(ascii: ","))
    }

    @Test func quotesDoubledQuotesAndQuotedNewlines() {
        let text = "id;text;n\r\n1;\"a;b\r\nc\";2\r\n2;\"say \"\"hi\"\"\";3\n"
        let (table, diagnostics) = CSVTokenizer.tokenize(Array(text.utf8), file: "q.csv")
        #expect(diagnostics.isEmpty)
        #expect(table.records.map(\.line) == [1, 2, 4])
        #expect(table.texts(table.records[1]) == ["1", "a;b\r\nc", "2"])
        let second = table.fields(of: table.records[2]).map { $0 }
        #expect(table.text(second[1]) == "say \"hi\"")
        #expect(second.map(\.quoted) == [false, true, false])
        #expect(second.map(\.column) == [1, 2, 3])
    }

    @Test func unterminatedQuoteReportsOpeningLineAndColumn() {
        let (table, diagnostics) = CSVTokenizer.tokenize(Array("a;b\n1;2\n3;\"x\n".utf8), file: "u.csv")
        #expect(diagnostics.map(\.code) == ["csv.unterminated-quote"])
        #expect(diagnostics.first?.location == SourceLocation(file: "u.csv", line: 3, column: 2))
        // Recovery reads the cell as plain text, so the row survives.
        #expect(table.records.count == 3)
        #expect(table.texts(table.records[2]) == ["3", "\"x"])
    }
}
