import Foundation
import Testing
import VitalityTestSupport
import VitalityData
import VitalityModel

/// Every entry of the input folder is read or named in a diagnostic (DATA.md, "Input folder").
@Suite struct InputEntryTests {
    func makeFolder() throws -> TemporaryFolder {
        let folder = try TemporaryFolder("entries")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("statistics"), withIntermediateDirectories: true)
        try Data("id,label_fi,kind,direction\npopulation,Väkiluku,level,up\n".utf8).write(to: folder.appendingPathComponent("indicators.csv"))
        try Data("id;teema;toimenpide;tila\nA-1;Asuminen;Tontit;Valmis\n".utf8).write(to: folder.appendingPathComponent("measures.csv"))
        return folder
    }

    func write(_ text: String, _ folder: URL, _ name: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    /// `severity code name` for the diagnostics about entries (not about the contents of files;
    /// a workbook that cannot be opened is about its entry).
    func entries(_ result: InputReadResult, _ folder: URL) -> [String] {
        result.diagnostics.filter { $0.code.hasPrefix("input.") || $0.code == "statistics.empty" || $0.code.hasPrefix("xlsx.") }.map { diagnostic in
            let path = diagnostic.location?.file ?? ""
            let relative = path.hasPrefix(folder.path + "/") ? String(path.dropFirst(folder.path.count + 1)) : path
            return "\(diagnostic.severity) \(diagnostic.code) \(relative)"
        }
    }

    @Test func everyEntryIsReadOrNamed() throws {
        let scratch = try makeFolder()
        let folder = scratch.url
        let long = "alue;tiedot;vuosi;arvo\nOrivesi;Väkiluku;2020;9008\n"
        try write(long, folder, "statistics/a.csv")
        try write("alue\ttiedot\tvuosi\tarvo\nAkaa\tVäkiluku\t2020\t16391\n", folder, "statistics/b.tsv")
        try write("alue;tiedot;vuosi;arvo\nNokia;Väkiluku;2020;34000\n", folder, "statistics/c.txt")
        try write("PK\u{3}\u{4}", folder, "statistics/d.xlsx")
        try write("", folder, "statistics/e.csv")
        try write(long, folder, "statistics/~$a.csv")
        try write(long, folder, "statistics/._a.csv")
        try write("", folder, "statistics/.DS_Store")
        try write("%PDF", folder, "statistics/f.pdf")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("statistics/old"), withIntermediateDirectories: true)
        // A link to a regular file elsewhere is read like the file.
        let outside = folder.appendingPathComponent("elsewhere.dat")
        try write("alue;tiedot;vuosi;arvo\nVirrat;Väkiluku;2020;6700\n", folder, "elsewhere.dat")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("statistics/g.csv").path,
                                                   withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("statistics/h.csv").path,
                                                   withDestinationPath: folder.appendingPathComponent("nowhere.csv").path)
        #expect(mkfifo(folder.appendingPathComponent("statistics/pipe.csv").path, 0o600) == 0)
        try write("notes", folder, "README.md")
        try write("PK", folder, "measures.ods")
        try write(long, folder, "population.csv")
        #expect(mkfifo(folder.appendingPathComponent("fifo").path, 0o600) == 0)

        let result = InputFolderReader().read(directory: folder.path)
        #expect(entries(result, folder) == [
            "note input.skipped-hidden statistics/.DS_Store",
            "note input.skipped-hidden statistics/._a.csv",
            "error xlsx.not-a-workbook statistics/d.xlsx",
            "error statistics.empty statistics/e.csv",
            "warning input.unsupported-file statistics/f.pdf",
            "error input.unreadable statistics/h.csv",
            "warning input.subfolder statistics/old",
            "error input.not-a-file statistics/pipe.csv",
            "note input.skipped-hidden statistics/~$a.csv",
            "note input.not-an-input README.md",
            "note input.not-an-input elsewhere.dat",
            "error input.not-a-file fifo",
            "error input.workbook measures.ods",
            "warning input.misplaced-csv population.csv",
        ])
        #expect(result.diagnostics.first { $0.code == "input.workbook" }?.message.contains("or as CSV (UTF-8)") == true)
        #expect(result.diagnostics.first { $0.code == "input.not-a-file" }?.message.contains("named pipe") == true)
        // a.csv, b.tsv, c.txt and the link g.csv were read.
        let read: [String] = result.files.filter { $0.kind == .statistics }.map { URL(fileURLWithPath: $0.path).lastPathComponent }
        // The empty e.csv is listed too (layout unknown) beside its error.
        #expect(read == ["a.csv", "b.tsv", "c.txt", "e.csv", "g.csv"])
        for (code, year) in [("562", 2020), ("020", 2020), ("536", 2020), ("936", 2020)] {
            #expect(result.dataset.value(area: code, indicator: "population", year: year) != nil, "\(code)")
        }
    }

    @Test func indicatorTableThatIsAFifoIsRefusedWithoutHanging() throws {
        let scratch = try makeFolder()
        let folder = scratch.url
        try FileManager.default.removeItem(at: folder.appendingPathComponent("indicators.csv"))
        #expect(mkfifo(folder.appendingPathComponent("indicators.csv").path, 0o600) == 0)
        let result = InputFolderReader().read(directory: folder.path)
        let error = try #require(result.diagnostics.first { $0.code == "input.not-a-file" })
        #expect(error.severity == .error)
        #expect(error.location?.file == folder.appendingPathComponent("indicators.csv").path)
    }
}

/// The shipped sample input reads without errors or warnings and carries its translations.
@Suite struct ShippedInputTests {
    static var folder: String {
        URL(fileURLWithPath: fixturePath("")).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("input").path
    }

    @Test func readsCleanlyWithTranslations() throws {
        let result = InputFolderReader().read(directory: Self.folder)
        #expect(result.diagnostics.filter { $0.severity != .note }.map(\.description) == [])
        // Only README.md and .gitattributes are named, as not read.
        #expect(result.diagnostics.map(\.code).sorted() == ["input.not-an-input", "input.skipped-hidden"])
        let indicators = result.dataset.indicators
        #expect(indicators.count == 10)
        #expect(indicators.allSatisfy { !$0.unitSV.isEmpty && !$0.unitEN.isEmpty })
        #expect(indicators.allSatisfy { $0.sourceSV.hasPrefix("Statistikcentralen;") && $0.sourceEN.hasPrefix("Statistics Finland;") })
        // An illustrative marking in Finnish is there in every language.
        for indicator in indicators where indicator.source.contains("havainnollistava") {
            #expect(indicator.sourceSV.contains("illustrativ"), "\(indicator.id)")
            #expect(indicator.sourceEN.contains("illustrative"), "\(indicator.id)")
        }
        let population = try #require(indicators.first { $0.id == "population" })
        #expect(population.unitSV == "invånare")
        #expect(population.unitEN == "inhabitants")
        let measures = result.dataset.measures
        #expect(measures.count == 26)
        #expect(measures.allSatisfy { !$0.titleSV.isEmpty && !$0.titleEN.isEmpty && !$0.teamSV.isEmpty && !$0.teamEN.isEmpty })
        let themes = Set(measures.map { "\($0.theme)|\($0.themeSV)|\($0.themeEN)" })
        #expect(themes == [
            "Asuminen|Boende|Housing", "Elinkeinoelämä|Näringsliv|Business", "Maankäyttö|Markanvändning|Land use",
            "Vuorovaikutus ja osallisuus|Växelverkan och delaktighet|Engagement and participation",
        ])
    }
}
