import Foundation
import Testing
import VitalityTestSupport
import VitalityBuild
import VitalityModel

@Suite struct DiagnosticRendererTests {
    let sample = [
        Diagnostic(.error, code: "statistics.not-a-number", "Cell \"9,0,1\" is not a number: 50% done",
                   at: SourceLocation(file: "input/statistics/a,b.csv", line: 3, column: 4)),
        Diagnostic(.warning, code: "statistics.unknown-area", "Area `Atlantis` is unknown.\nCheck it.",
                   at: SourceLocation(file: "input/statistics/x.csv", line: 7)),
        Diagnostic(.note, code: "input.more-diagnostics", "3 more problems.", at: SourceLocation(file: "input/x.csv")),
    ]

    /// A line break in a message is escaped like every control character (`DiagnosticText`):
    /// one diagnostic is one line.
    @Test func text() {
        let text = TextDiagnosticRenderer().render(sample)
        #expect(text == """
            input/statistics/a,b.csv:3:4: error: Cell "9,0,1" is not a number: 50% done [statistics.not-a-number]
            input/statistics/x.csv:7: warning: Area `Atlantis` is unknown.\\nCheck it. [statistics.unknown-area]
            input/x.csv: note: 3 more problems. [input.more-diagnostics]
            1 error(s), 1 warning(s)

            """)
        #expect(TextDiagnosticRenderer().render([]) == "")
    }

    @Test func github() {
        let lines = GitHubDiagnosticRenderer().render(sample).split(separator: "\n").map(String.init)
        #expect(lines == [
            "::error file=input/statistics/a%2Cb.csv,line=3,col=4,title=statistics.not-a-number::Cell \"9,0,1\" is not a number: 50%25 done",
            "::warning file=input/statistics/x.csv,line=7,title=statistics.unknown-area::Area `Atlantis` is unknown.\\nCheck it.",
            "::notice file=input/x.csv,title=input.more-diagnostics::3 more problems.",
        ])
    }

    @Test func json() throws {
        let text = JSONDiagnosticRenderer().render(sample)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        #expect(object.keys.sorted() == ["diagnostics", "errors", "version", "warnings"])
        #expect(object["errors"] as? Int == 1)
        #expect(object["warnings"] as? Int == 1)
        let entries = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(entries.count == 3)
        #expect(entries[0]["file"] as? String == "input/statistics/a,b.csv")
        #expect(entries[0]["line"] as? Int == 3)
        #expect(entries[0]["column"] as? Int == 4)
        #expect(entries[0]["code"] as? String == "statistics.not-a-number")
        #expect(entries[1]["column"] == nil)
        #expect(entries[2]["line"] == nil)
        #expect(entries[2]["severity"] as? String == "note")
        #expect(JSONDiagnosticRenderer().render(sample) == text)
        // Nothing to say is still a document, so a CI script can always parse stdout.
        let empty = try #require(try JSONSerialization.jsonObject(with: Data(JSONDiagnosticRenderer().render([]).utf8)) as? [String: Any])
        #expect(empty["version"] as? Int == 1)
        #expect((empty["diagnostics"] as? [Any])?.isEmpty == true)
    }

    @Test func strictPolicy() {
        let warning = [sample[1]]
        #expect(!DiagnosticPolicy.fails(warning, strict: false))
        #expect(DiagnosticPolicy.fails(warning, strict: true))
        #expect(DiagnosticPolicy.fails([sample[0]], strict: false))
        #expect(!DiagnosticPolicy.fails([sample[2]], strict: true))
    }
}

@Suite struct DiagnosticOptionTests {
    /// A copy of the sample input with a file of one unknown area row (and a row repeating the
    /// sample's Orivesi 2021 population, so the file is not wholly skipped): a warning, no error.
    func inputWithWarning() throws -> SampleInputCopy {
        let input = try TestSupport.copyOfSampleInput()
        let statistics = input.appendingPathComponent("statistics/zz_extra.csv")
        try "alue;vuosi;tiedot;arvo\nAtlantis;2021;Väkiluku;5\nOrivesi;2021;Väkiluku;8978\n".write(to: statistics, atomically: true, encoding: .utf8)
        return input
    }

    @Test func githubAnnotationsAndStrict() throws {
        let executable = try #require(TestSupport.executable)
        let input = try inputWithWarning()
        let relaxed = try ProcessRunner.run(executable.path, [
            "check", "--input", input.path, "--templates", TestSupport.sampleTemplates, "--diagnostics", "github",
        ])
        #expect(relaxed.status == 0, "\(relaxed.stderr)")
        #expect(relaxed.stdout.contains("::warning file=\(input.path)/statistics/zz_extra.csv,line=2,title=statistics.unknown-area::Area `Atlantis`"))

        let output = try TemporaryFolder()
        let strict = try ProcessRunner.run(executable.path, [
            "build", "--input", input.path, "--templates", TestSupport.sampleTemplates, "--output", output.path, "--strict",
        ])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("statistics.unknown-area"))
        #expect(try TestSupport.snapshot(output.url).isEmpty)
    }

    @Test func jsonOnStdout() throws {
        let executable = try #require(TestSupport.executable)
        let input = try inputWithWarning()
        let result = try ProcessRunner.run(executable.path, [
            "check", "--input", input.path, "--templates", TestSupport.sampleTemplates, "--diagnostics", "json",
        ])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        #expect(object["warnings"] as? Int == 1)
        #expect(result.stderr.contains("council-report"))
    }

    @Test func jsonNamesTheLineAndColumnOfARepeatedJSONStatCell() throws {
        let executable = try #require(TestSupport.executable)
        let input = try TestSupport.copyOfSampleInput()
        // Orivesi's population in 2010 (a year the sample lacks): 9500 on line 2 of a_extra.json
        // from column 11 (`"value":[` is 9 bytes after a space); zz_extra.csv gives 9400.
        let json = """
            {"label":"Väkiluku","id":["Alue","Vuosi"],"size":[1,1],"role":{"time":["Vuosi"]},
             "value":[9500],
             "dimension":{"Alue":{"category":{"index":["KU562"]}},"Vuosi":{"category":{"index":["2010"]}}}}
            """
        try json.write(to: input.appendingPathComponent("statistics/a_extra.json"), atomically: true, encoding: .utf8)
        try "alue;vuosi;Väkiluku\nOrivesi;2010;9400\n".write(
            to: input.appendingPathComponent("statistics/zz_extra.csv"), atomically: true, encoding: .utf8)
        let result = try ProcessRunner.run(executable.path, [
            "check", "--input", input.path, "--templates", TestSupport.sampleTemplates, "--diagnostics", "json",
        ])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let entries = try #require(object["diagnostics"] as? [[String: Any]])
        let duplicates = entries.filter { $0["code"] as? String == "statistics.duplicate-observation" }
        #expect(duplicates.count == 1, "\(entries)")
        let duplicate = try #require(duplicates.first)
        #expect(duplicate["file"] as? String == input.path + "/statistics/zz_extra.csv")
        #expect(duplicate["line"] as? Int == 2)
        #expect(duplicate["column"] as? Int == 3)
        #expect(
            duplicate["message"] as? String
                == "Area 562, indicator `population`, year 2010 has the value 9400.0 here but 9500.0 at \(input.path)/statistics/a_extra.json:2:11. Keep one of them."
        )
    }

    @Test func listFiles() throws {
        let executable = try #require(TestSupport.executable)
        let result = try ProcessRunner.run(executable.path, ["list", "files", "--input", TestSupport.sampleInput])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("layout: pxweb-wide with heading"))
        #expect(result.stdout.contains("encoding: Windows-1252, delimiter: `;`, decimal separator: `.`"))
        let bad = try ProcessRunner.run(executable.path, ["list", "kittens"])
        #expect(bad.status != 0)
    }

    /// Areas the catalogue lacks, from `areas.csv` and a statistics file's `region` column, are
    /// listed with their region, observations and where they came from (DATA.md §4).
    @Test func listAreasBeyondTheCatalogue() throws {
        let executable = try #require(TestSupport.executable)
        let input = TestSupport.repositoryRoot.appendingPathComponent("Tests/VitalityDataTests/Fixtures/areas/input").path
        let result = try ProcessRunner.run(executable.path, ["list", "areas", "--input", input])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(rows.first == "code name kind region observations years source")
        #expect(rows.contains("001 Kunta 001 municipality MK01 2 2020–2021 statistics/with_region.csv"))
        #expect(rows.contains("003 Kunta 003 municipality MK06 2 2020–2021 statistics/with_region.csv"))
        #expect(rows.contains("002 Kunta 002 municipality MK02 1 2021 areas.csv"))
        #expect(rows.contains("007 Kunta 007 municipality MK06 1 2021 areas.csv"))
        #expect(rows.contains("562 Orivesi municipality MK06 1 2021 catalogue"))
        #expect(!result.stderr.contains("statistics.unknown-area"))
    }
}
