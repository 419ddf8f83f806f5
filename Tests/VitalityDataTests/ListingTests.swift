import Foundation
import Testing
import VitalityTestSupport
import VitalityData
import VitalityModel

@Suite struct InputListingTests {
    /// A folder with one indicator, a long file (`;`, decimal comma) and a TAB-delimited wide file.
    func read() throws -> (InputReadResult, TemporaryFolder) {
        let folder = try TemporaryFolder("list")
        let statistics = folder.appendingPathComponent("statistics")
        try FileManager.default.createDirectory(at: statistics, withIntermediateDirectories: true)
        try Data("id,label_fi,unit\npopulation,Väkiluku,asukasta\n".utf8).write(to: folder.appendingPathComponent("indicators.csv"))
        try Data("alue;vuosi;tiedot;arvo\nOrivesi;2020;Väkiluku;9008\nOrivesi;2021;Väkiluku;8950\nKOKO MAA;2021;Osuus;12,5\n".utf8)
            .write(to: statistics.appendingPathComponent("a.csv"))
        try Data("alue\ttiedot\t2019\n099 Honkajoki -21\tVäkiluku\t1700\n".utf8).write(to: statistics.appendingPathComponent("b.csv"))
        try Data("id;teema;toimenpide;tila\nA-1;Asuminen;Tontit;Valmis\n".utf8).write(to: folder.appendingPathComponent("measures.csv"))
        return (InputFolderReader().read(directory: folder.path), folder)
    }

    @Test func files() throws {
        let (result, scratch) = try read()
        let folder = scratch.path
        let text = InputListing.render(result, .files)
        #expect(text.contains("""
            \(folder)/statistics/a.csv
              kind: statistics, layout: long
              format: csv, encoding: UTF-8, delimiter: `;`, decimal separator: `,`
              rows: 3, areas: 2, indicators: 2, years: 2020–2021
            \(folder)/statistics/b.csv
              kind: statistics, layout: pxweb-wide
              format: csv, encoding: UTF-8, delimiter: TAB, decimal separator: `.`
              rows: 1, areas: 1, indicators: 1, years: 2019

            """))
        #expect(text.contains("\(folder)/measures.csv\n  kind: measures, layout: measures-table"))
    }

    /// A file whose rows repeat, with the same values, rows of an earlier file adds nothing to
    /// the dataset, but its line in the listing still says what it holds.
    @Test func aFileRepeatingAnotherIsListedWithWhatItHolds() throws {
        let folder = try TemporaryFolder("list-repeat")
        let statistics = folder.appendingPathComponent("statistics")
        try FileManager.default.createDirectory(at: statistics, withIntermediateDirectories: true)
        try Data("id,label_fi,unit,kind,direction\npopulation,Väkiluku,asukasta,level,up\n".utf8)
            .write(to: folder.appendingPathComponent("indicators.csv"))
        let rows = Data("alue;vuosi;tiedot;arvo\nOrivesi;2020;Väkiluku;9008\nOrivesi;2021;Väkiluku;8950\n".utf8)
        try rows.write(to: statistics.appendingPathComponent("a.csv"))
        try rows.write(to: statistics.appendingPathComponent("b.csv"))
        try Data("id;teema;toimenpide;tila\nA-1;Asuminen;Tontit;Valmis\n".utf8).write(to: folder.appendingPathComponent("measures.csv"))
        let result = InputFolderReader().read(directory: folder.path)
        #expect(result.dataset.observations.count == 2)
        #expect(!result.diagnostics.contains { $0.severity == .error }, "\(result.diagnostics)")
        let summaries = result.files.filter { $0.kind == .statistics }
        #expect(summaries.map(\.rows) == [2, 2])
        #expect(summaries.map(\.indicators) == [1, 1])
        #expect(summaries.map(\.years) == [2020...2021, 2020...2021])
    }

    @Test func areasIndicatorsYears() throws {
        let (result, _) = try read()
        #expect(InputListing.render(result, .areas) == """
            code  name       kind                        region  observations  years      source
            SSS   Koko maa   country                     -       1             2021       catalogue
            099   Honkajoki  municipality (merged 2021)  -       1             2019       statistics/b.csv
            562   Orivesi    municipality                MK06    2             2020–2021  catalogue

            """)
        #expect(InputListing.render(result, .indicators) == """
            id          label                    unit      observations  years
            population  Väkiluku                 asukasta  3             2019–2021
            Osuus       (not in indicators.csv)  -         1             2021

            """)
        #expect(InputListing.render(result, .years) == """
            year  observations  areas  indicators
            2019  1             1      1
            2020  1             1      1
            2021  2             2      2

            """)
    }
}
