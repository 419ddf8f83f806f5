import Foundation
import Testing
import VitalityTestSupport
import VitalityBuild
import VitalityModel

/// Where the reports of a `for_each:` template go: `<template>/<code>-<name>.pdf` with charts in
/// `<template>/charts/<code>-<name>/`, planned, checked and built like every other output.
@Suite(.serialized) struct ForEachOutputTests {
    /// Two municipalities in Finnish and Swedish, one chart each.
    static let template = """
        report:
          title: {fi: "Profiili {{year}}", sv: "Profil {{year}}"}
          home: "562"
          for_each: [837, Orivesi]
          locales: [fi, sv]
        blocks:
          - heading: {fi: Väestö, sv: Befolkning}
          - chart: {type: line, indicator: population, name: population}

        """

    static func options(_ templates: URL, output: URL) -> BuildOptions {
        BuildOptions(inputDirectory: TestSupport.sampleInput, templatesDirectory: templates.path, outputDirectory: output.path)
    }

    static func folder(_ files: [String: String]) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        return folder
    }

    @Test func planNamesEachMunicipalityAndLocaleInTheTemplatesFolder() throws {
        let folder = try Self.folder(["profile.yaml": Self.template])
        let output = try TemporaryFolder()
        let outcome = Builder.build(Self.options(folder.url, output: output.url))
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        let written = Set(outcome.written.map(\.path))
        let expected: Set<String> = [
            "profile/562-orivesi.pdf", "profile/562-orivesi.sv.pdf", "profile/837-tampere.pdf", "profile/837-tampere.sv.pdf",
            "profile/charts/562-orivesi/population.png", "profile/charts/562-orivesi/population.pdf", "profile/charts/562-orivesi/population.csv",
            "profile/charts/562-orivesi/population.sv.png", "profile/charts/562-orivesi/population.sv.pdf", "profile/charts/562-orivesi/population.sv.csv",
            "profile/charts/837-tampere/population.png", "profile/charts/837-tampere/population.pdf", "profile/charts/837-tampere/population.csv",
            "profile/charts/837-tampere/population.sv.png", "profile/charts/837-tampere/population.sv.pdf", "profile/charts/837-tampere/population.sv.csv",
            "figures.csv", "manifest.json",
        ]
        #expect(written == expected, "\(written.symmetricDifference(expected).sorted())")
        for path in expected { #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path), "\(path)") }
        // Reports in code order, the first locale before the others of the same template.
        #expect(outcome.reports.map(\.id) == ["profile/562-orivesi", "profile/837-tampere", "profile/562-orivesi.sv", "profile/837-tampere.sv"])
        // The manifest keys each report's options by its id, and the locale of each file.
        let manifest = try String(contentsOf: output.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("report.profile\\/837-tampere.sv.year") || manifest.contains("report.profile/837-tampere.sv.year"))
        // `--home` narrows the set to one municipality, written to the same place.
        let elsewhere = try TemporaryFolder()
        var narrowed = Self.options(folder.url, output: elsewhere.url)
        narrowed.home = "Tampere"
        #expect(Builder.check(narrowed).reports.map(\.id) == ["profile/837-tampere", "profile/837-tampere.sv"])
    }

    @Test func chartNameTakenByAnotherLocaleIsFoundInEachMunicipalitysFolder() throws {
        // The Finnish chart `population.sv` and the Swedish `population` (+ `.sv`) share a file.
        let text = Self.template.replacingOccurrences(
            of: "  - chart: {type: line, indicator: population, name: population}\n",
            with: "  - chart: {type: line, indicator: population, name: population}\n  - chart: {type: line, indicator: jobs, name: population.sv}\n")
        let folder = try Self.folder(["profile.yaml": text])
        let output = try TemporaryFolder()
        let checked = Builder.check(Self.options(folder.url, output: output.url))
        let built = Builder.build(Self.options(folder.url, output: output.url))
        #expect(!checked.succeeded && !built.succeeded)
        #expect(checked.diagnostics == built.diagnostics)
        let duplicates = checked.diagnostics.filter { $0.code == "build.duplicate-output" }
        // One error at each of the two `name:` lines, naming the first such file.
        #expect(duplicates.compactMap(\.location?.line).sorted() == [8, 9], "\(checked.diagnostics)")
        #expect(duplicates.allSatisfy { $0.message.contains("`profile/charts/562-orivesi/population.sv.*`") }, "\(duplicates)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
    }

    @Test func templateNamedChartsCannotHoldReportsPerMunicipality() throws {
        let folder = try Self.folder(["charts.yaml": Self.template])
        let output = try TemporaryFolder()
        let checked = Builder.check(Self.options(folder.url, output: output.url))
        let errors = checked.diagnostics.filter { $0.code == "build.output-name" }
        #expect(errors.count == 2, "\(checked.diagnostics)")
        #expect(errors.first?.message.contains("`charts/562-orivesi.pdf`") == true)
        #expect(errors.first?.location?.line == 1)
    }

    /// The shipped municipality profile, built alone: 23 PDFs named `<code>-<name>.pdf`, each
    /// with its two charts as PNG, PDF and CSV, and nothing else but figures.csv and the manifest.
    @Test func shippedProfileBuildsTwentyThreeReportsWithTheirCharts() throws {
        let templates = try TemporaryFolder()
        try FileManager.default.copyItem(
            atPath: TestSupport.sampleTemplates + "/kuntaprofiili.yaml", toPath: templates.appendingPathComponent("kuntaprofiili.yaml").path)
        let output = try TemporaryFolder()
        let outcome = Builder.build(Self.options(templates.url, output: output.url))
        #expect(outcome.succeeded, "\(outcome.diagnostics)")
        #expect(outcome.diagnostics.filter { $0.severity != .note }.isEmpty, "\(outcome.diagnostics)")
        let stems = [
            "020-akaa", "108-hameenkyro", "143-ikaalinen", "177-juupajoki", "211-kangasala", "250-kihnio", "291-kuhmoinen",
            "418-lempaala", "508-mantta-vilppula", "536-nokia", "562-orivesi", "581-parkano", "604-pirkkala", "619-punkalaidun",
            "635-palkane", "702-ruovesi", "790-sastamala", "837-tampere", "887-urjala", "908-valkeakoski", "922-vesilahti",
            "936-virrat", "980-ylojarvi",
        ]
        let profile = output.appendingPathComponent("kuntaprofiili")
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: profile.path).filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(pdfs == stems.map { "\($0).pdf" })
        for stem in stems {
            let charts = try FileManager.default.contentsOfDirectory(atPath: profile.appendingPathComponent("charts/\(stem)").path).sorted()
            #expect(charts == ["elinvoimaindeksi.csv", "elinvoimaindeksi.pdf", "elinvoimaindeksi.png", "vakiluku.csv", "vakiluku.pdf", "vakiluku.png"], "\(stem)")
        }
        #expect(outcome.written.count == 23 * 7 + 2)
        // Mänttä-Vilppula's PDF is its own: title and the running header name it.
        let pdftotext = try #require(ToolLookup.executable("pdftotext"))
        let text = try ProcessRunner.run(pdftotext, ["-layout", profile.appendingPathComponent("508-mantta-vilppula.pdf").path, "-"]).stdout
        #expect(text.contains("Mänttä-Vilppula: kuntaprofiili 2021"))
        #expect(!text.contains("Orivesi: kuntaprofiili"))
    }
}
