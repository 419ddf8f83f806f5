import Foundation
import Testing
import VitalityScene
@testable import VitalityBuild
import VitalityAnalysis

/// Every CSV Vitality writes is safe to open in a spreadsheet (DATA.md §7): text cells that
/// start like a formula get a leading `'` and quotes, numbers stay as they are, control
/// characters never reach the file.
@Suite(.serialized) struct CSVInjectionTests {
    @Test func theCellRule() {
        #expect(CSVField.encode("=1+1") == "\"'=1+1\"")
        #expect(CSVField.encode("@SUM(1)") == "\"'@SUM(1)\"")
        #expect(CSVField.encode("+1,2 %") == "\"'+1,2 %\"")
        #expect(CSVField.encode("-x") == "\"'-x\"")
        #expect(CSVField.encode("\tcmd") == "\"'\tcmd\"")
        #expect(CSVField.encode("\rcmd") == "\"'\rcmd\"")
        #expect(CSVField.encode("=a\"b") == "\"'=a\"\"b\"")
        // Numbers stay numbers.
        for number in ["-3.5", "-30", "+63", "0", "-0.000015", "1e-7", "-2.5E+10", "8978"] {
            #expect(CSVField.encode(number) == number)
        }
        // U+2212 minus is not a formula start.
        #expect(CSVField.encode("\u{2212}0,3 %") == "\"\u{2212}0,3 %\"")
        #expect(CSVField.encode("\u{2212}0.3%") == "\u{2212}0.3%")
        #expect(CSVField.encode("Orivesi") == "Orivesi")
        #expect(CSVField.encode("a,b") == "\"a,b\"")
        // Control characters are replaced by U+FFFD, never written raw.
        #expect(CSVField.encode("Ori\u{0}vesi\u{1B}") == "Ori\u{FFFD}vesi\u{FFFD}")
        #expect(CSVField.encode("a\u{7F}\u{85}b") == "a\u{FFFD}\u{FFFD}b")
    }

    @Test func chartTablesUseTheRule() {
        let table = DataTable(columns: ["label", "value", "display"], rows: [["@SUM(1)", "-3.5", "+1,2 %"], ["x\u{0}", "2", "\u{2212}1"]])
        #expect(table.csv() == "label,value,display\r\n\"'@SUM(1)\",-3.5,\"'+1,2 %\"\r\nx\u{FFFD},2,\u{2212}1\r\n")
    }

    @Test func figuresCSVNeutralisesTextAndKeepsNumbers() {
        let row = FigureRow(areaCode: "=cmd", areaName: "@SUM(1)\u{0}", indicatorID: "population", year: 2021, value: -3.5, changeAbs: -1)
        let text = FiguresCSV.render(FigureTable(rows: [row]))
        let line = text.split(separator: "\n")[1]
        #expect(line.hasPrefix("\"'=cmd\",\"'@SUM(1)\u{FFFD}\",population,2021,-3.5,-1,"))
    }

    /// A measure theme `=1+1` and an indicator label `@SUM(1)` through a whole build.
    @Test func buildOutputsAreNeutralised() throws {
        let input = try TestSupport.copyOfSampleInput()
        let scratch = input.folder
        let templates = scratch.appendingPathComponent("templates")
        try FileManager.default.copyItem(atPath: TestSupport.sampleTemplates, toPath: templates.path)
        try replace(in: input.appendingPathComponent("measures.csv"), "Asuminen", with: "=1+1")
        try replace(in: templates.appendingPathComponent("council-report.yaml"), "Asuminen", with: "=1+1")
        try replace(in: input.appendingPathComponent("indicators.csv"), "population,Väkiluku,", with: "population,@SUM(1),", all: false)
        let output = scratch.appendingPathComponent("output")
        var options = BuildOptions(inputDirectory: input.path, templatesDirectory: templates.path, outputDirectory: output.path)
        options.chartFormats = []
        options.locale = .fi
        let outcome = Builder.build(options)
        #expect(outcome.succeeded, "\(outcome.diagnostics.filter { $0.severity == .error })")

        var all = ""
        let charts = output.appendingPathComponent("charts")
        for name in try FileManager.default.contentsOfDirectory(atPath: charts.path) where name.hasSuffix(".csv") {
            all += try String(contentsOf: charts.appendingPathComponent(name), encoding: .utf8)
        }
        let figures = try String(contentsOf: output.appendingPathComponent("figures.csv"), encoding: .utf8)
        #expect(all.contains("\"'=1+1\""))
        #expect(all.contains("\"'@SUM(1)\""))
        for text in [all, figures] {
            // No cell anywhere starts like a formula unless it is a number.
            for line in text.split(whereSeparator: \.isNewline) {
                for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
                    guard let first = cell.first, "=+-@".contains(first) else { continue }
                    #expect(Double(cell) != nil, "\(cell) in \(line)")
                }
            }
        }
        // Negative numbers in figures.csv are written as they are.
        #expect(figures.contains(",-"))
    }

    private func replace(in file: URL, _ old: String, with new: String, all: Bool = true) throws {
        let data = try Data(contentsOf: file)
        let bom = data.starts(with: [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bom ? data.dropFirst(3) : data, as: UTF8.self)
        let range = try #require(text.range(of: old))
        let changed = all ? text.replacingOccurrences(of: old, with: new) : text.replacingCharacters(in: range, with: new)
        try ((bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(changed.utf8)).write(to: file)
    }
}
