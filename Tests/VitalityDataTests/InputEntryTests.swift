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

    /// A workbook, an old `.xls`, a PDF or an image under a text file's name is refused once, by
    /// what it is, not read as text and reported line by line as bytes that are not UTF-8.
    @Test func binaryFilesUnderTextNamesAreRefusedByWhatTheyAre() throws {
        let scratch = try makeFolder()
        let folder = scratch.url
        // A ZIP local header, then bytes that are not UTF-8 on 200 lines (as a workbook's are).
        var zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]
        for line in 0..<200 { zip += [0x80 | UInt8(line % 128), 0xC3, 0x28, 0x0A] }
        let workbook = Data(zip)
        try workbook.write(to: folder.appendingPathComponent("statistics/vaesto.csv"))
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0x3E, 0]).write(to: folder.appendingPathComponent("statistics/tyo.px"))
        try Data("%PDF-1.7\n%\u{E2}\u{E3}\n1 0 obj\n".utf8).write(to: folder.appendingPathComponent("statistics/talous.json"))
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]).write(to: folder.appendingPathComponent("statistics/kuva.txt"))
        try workbook.write(to: folder.appendingPathComponent("measures.csv"))
        try Data([0x1F, 0x8B, 8, 0, 0, 0, 0, 0]).write(to: folder.appendingPathComponent("indicators.csv"))
        // Text that begins like a signature is still text.
        try write("PK;alue;vuosi;arvo\n", folder, "statistics/pk.csv")

        let result = InputFolderReader().read(directory: folder.path)
        let refused = result.diagnostics.filter { $0.code == "input.not-text" }
        func message(_ name: String) -> String? { refused.first { $0.location?.file.hasSuffix("/" + name) == true }?.message }
        #expect(refused.count == 6)
        #expect(refused.allSatisfy { $0.severity == .error && $0.location?.line == 1 && $0.location?.column == 1 })
        #expect(
            message("statistics/vaesto.csv")
                == "vaesto.csv is not CSV text: by its first bytes it is a ZIP archive (an Excel workbook, .xlsx, is one). If it is an Excel workbook, rename it to vaesto.xlsx to have it read as one; otherwise save the table as CSV UTF-8."
        )
        #expect(
            message("statistics/tyo.px")
                == "tyo.px is not a PC-Axis file: by its first bytes it is an Excel 97–2003 workbook (.xls) or another old Office file, which Vitality does not read. Open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx) or as PC-Axis (.px)."
        )
        #expect(
            message("statistics/talous.json")
                == "talous.json is not JSON-stat text: by its first bytes it is a PDF document. Download or export the table itself as JSON-stat 2.0.")
        #expect(
            message("statistics/kuva.txt") == "kuva.txt is not CSV text: by its first bytes it is an image. Download or export the table itself as CSV UTF-8.")
        #expect(
            message("measures.csv")
                == "measures.csv is not CSV text: by its first bytes it is a ZIP archive (an Excel workbook, .xlsx, is one). If it is an Excel workbook, rename it to measures.xlsx to have it read as one; otherwise save the table as CSV UTF-8."
        )
        // indicators.csv has no workbook form.
        #expect(
            message("indicators.csv")
                == "indicators.csv is not CSV text: by its first bytes it is a gzip-compressed file. Decompress it (gunzip) and give the file inside the name of its format.")
        // Nothing else about the refused files: no line-by-line encoding errors.
        let refusedFiles = Set(refused.compactMap { $0.location?.file })
        #expect(result.diagnostics.filter { refusedFiles.contains($0.location?.file ?? "") }.count == 6)
        // The text file that starts with `PK` was read as text (its header is not a layout, which is its own error).
        #expect(result.diagnostics.contains { $0.location?.file.hasSuffix("/statistics/pk.csv") == true && $0.code != "input.not-text" })
        #expect(!result.files.contains { $0.path.hasSuffix("/vaesto.csv") || $0.path.hasSuffix("/tyo.px") })
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
