import Foundation
import Testing
import VitalityTestSupport
import VitalityBuild
import VitalityModel

/// The shipped sample built once, into a temporary folder removed when the tests end: every
/// end-to-end test reads this one build (only `twoBuildsAreByteIdentical` makes a second).
final class SampleBuild: Sendable {
    static let shared = Result { try SampleBuild() }

    let folder: TemporaryFolder
    let outcome: BuildOutcome
    var output: URL { folder.url }

    init() throws {
        folder = try TemporaryFolder("sample-build")
        outcome = EndToEndTests.buildSample(into: folder.url)
    }

    static func get() throws -> SampleBuild {
        let build = try shared.get()
        try #require(build.outcome.succeeded, "the sample build failed: \(build.outcome.diagnostics)")
        return build
    }
}

/// Checks what a council member reads in the shipped sample's build.
@Suite struct EndToEndTests {
    static let nbsp = "\u{00A0}"
    static let minus = "\u{2212}"

    static func buildSample(into output: URL) -> BuildOutcome {
        Builder.build(BuildOptions(
            inputDirectory: TestSupport.sampleInput, templatesDirectory: TestSupport.sampleTemplates,
            outputDirectory: output.path))
    }

    @Test(arguments: [
        "council-report.pdf", "figures.csv", "manifest.json", "charts/line-population.png", "charts/line-population.pdf",
        "charts/programme-status.png",
    ])
    func sampleBuildWritesTheFile(_ name: String) throws {
        let output = try SampleBuild.get().output
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(name).path), "\(name)")
    }

    @Test func sampleBuildsTheCouncilReportWithOrivesiFigures() throws {
        let sample = try SampleBuild.get()
        let outcome = sample.outcome
        let report = sample.output.appendingPathComponent("council-report.pdf")
        let summary = try #require(outcome.reports.first { $0.id == "council-report" })
        #expect(summary.home == "Orivesi")
        #expect(summary.year == 2021)

        let pdfinfo = try #require(ToolLookup.executable("pdfinfo"))
        let info = try ProcessRunner.run(pdfinfo, [report.path]).stdout
        #expect(info.contains("Pages:           \(summary.pages)"))
        #expect(summary.pages >= 8 && summary.pages <= 16)
        #expect(info.contains("Title:           Elinvoimaohjelman vuosiraportti 2021"))
        #expect(info.contains("Author:          Oriveden kaupunki, elinvoimapalvelut"))
        #expect(info.contains("CreationDate:    Fri Dec 31 00:00:00 2021 UTC") || info.contains("CreationDate:    Fri Dec 31 00:00:00 2021 GMT"))

        let pdftotext = try #require(ToolLookup.executable("pdftotext"))
        // poppler prints the no-break spaces of Finnish numbers as plain spaces.
        let text = try ProcessRunner.run(pdftotext, ["-layout", report.path, "-"]).stdout
            .replacingOccurrences(of: Self.nbsp, with: " ")
        // Orivesi's population: 8 978 at the end of 2021, 9 008 a year before:
        // change −30, percent −30 / 9 008 × 100 = −0.333 % → "−0,3 %".
        #expect(text.contains("8 978"))
        #expect(text.contains("\(Self.minus)30"))
        #expect(text.contains("\(Self.minus)0,3 %"))
        // The programme period change of population 2018→2021: 8 978 − 9 221 = −243.
        #expect(text.replacingOccurrences(of: "\n", with: " ").contains("vähentynyt 243 asukkaalla"))
        #expect(text.contains("Lähde"))
        #expect(text.contains("Asuminen"))
        #expect(text.contains("Vuorovaikutus ja osallisuus"))
    }

    @Test func reportHasABookmarkPerSectionInPageOrder() throws {
        let output = try SampleBuild.get().output
        let qpdf = try #require(ToolLookup.executable("qpdf"))
        let json = try ProcessRunner.run(qpdf, ["--json=2", "--json-key=outlines", output.appendingPathComponent("council-report.pdf").path]).stdout
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let outlines = try #require(root["outlines"] as? [[String: Any]])
        let titles = outlines.compactMap { $0["title"] as? String }
        #expect(titles == [
            "Yhteenveto", "Asuminen", "Elinkeinoelämä", "Maankäyttö", "Vuorovaikutus ja osallisuus",
            "Viivästyneet toimenpiteet", "Alueellinen vertailu", "Lähteet",
        ])
        let pages = outlines.compactMap { $0["destpageposfrom1"] as? Int }
        #expect(pages.count == titles.count)
        #expect(pages == pages.sorted())
        #expect((pages.first ?? 0) >= 2)  // the cover is page 1
    }

    @Test func figuresCSVHoldsFullPrecisionRows() throws {
        let output = try SampleBuild.get().output
        let csv = try String(contentsOf: output.appendingPathComponent("figures.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines.first == "area_code,area,indicator,year,value,change_abs,change_pct,change_pp,index,rank,change_rank,rank_change,region_median")
        let row = try #require(lines.first { $0.hasPrefix("562,Orivesi,population,2021,") })
        let cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(cells[4] == "8978")
        #expect(cells[5] == "-30")
        // −30 / 9008 × 100, at full precision.
        let percent = try #require(Double(cells[6]))
        #expect(abs(percent - (-30.0 / 9008.0 * 100)) < 1e-12)
        #expect(cells[7] == "")  // a level has no percentage points
        // Index base 2018 (programme start): 100 × 8978 / 9221.
        let index = try #require(Double(cells[8]))
        #expect(abs(index - 100 * 8978 / 9221.0) < 1e-9)
        #expect(lines.contains { $0.contains(",vitality_index,2019,") })
        // Aggregates have rows but no ranks.
        let region = try #require(lines.first { $0.hasPrefix("MK06,") && $0.contains(",population,2021,") })
        let regionCells = region.split(separator: ",", omittingEmptySubsequences: false)
        #expect(regionCells[9] == "" && regionCells[10] == "" && regionCells[11] == "")
    }

    @Test func manifestListsEveryFileWithItsDigest() throws {
        let output = try SampleBuild.get().output
        let data = try Data(contentsOf: output.appendingPathComponent("manifest.json"))
        let manifest = try JSONDecoder().decode(Manifest.self, from: data)
        let files = try TestSupport.snapshot(output)
        #expect(Set(manifest.outputs.map(\.path)) == Set(files.keys).subtracting(["manifest.json"]))
        for entry in manifest.outputs {
            let bytes = try #require(files[entry.path])
            #expect(entry.bytes == bytes.count)
            #expect(entry.sha256 == Manifest.entry(path: entry.path, bytes: Array(bytes)).sha256)
        }
        #expect(manifest.inputs.contains { $0.path.hasSuffix("input/measures.csv") })
        #expect(manifest.inputs.contains { $0.path.hasSuffix("templates/council-report.yaml") })
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let first = try SampleBuild.get().output
        let second = try TemporaryFolder()
        #expect(Self.buildSample(into: second.url).succeeded)
        let a = try TestSupport.snapshot(first)
        let b = try TestSupport.snapshot(second.url)
        #expect(a.keys.sorted() == b.keys.sorted())
        #expect(a.count > 5)
        for (path, bytes) in a {
            #expect(b[path] == bytes, "\(path) differs between two builds")
        }
    }
}
