import Foundation
import Testing
import VitalityTestSupport
import VitalityData
import VitalityModel

@Suite struct IndicatorTableTests {
    @Test func readsFixtureTable() {
        #expect(fixtureIndicators.count == 8)
        let unemployment = fixtureIndicators.first { $0.id == "unemployment" }
        #expect(unemployment?.labelFI == "Työttömien osuus työvoimasta, %")
        #expect(unemployment?.kind == .rate)
        #expect(unemployment?.direction == .down)
        #expect(unemployment?.decimals == 1)
        #expect(fixtureIndicators.first?.aliases == ["M411", "vakiluku", "Väestö 31.12."])
    }

    @Test func badKindDirectionDecimals() {
        let (indicators, diagnostics) = IndicatorTableReader().read(document(
            "id;label_fi;kind;direction;decimals\nx;X;share;better;two\n", file: "indicators.csv"))
        #expect(indicators.map(\.id) == ["x"])
        #expect(diagnostics.map(\.code) == ["indicators.bad-kind", "indicators.bad-direction", "indicators.bad-decimals"])
        #expect(diagnostics.map { $0.location?.column ?? 0 } == [3, 4, 5])
        #expect(diagnostics.allSatisfy { $0.location?.line == 2 })
    }

    @Test func missingKindOrDirectionColumnIsAnError() {
        let (indicators, diagnostics) = IndicatorTableReader().read(document(
            "id,label_fi,unit\npopulation,Väkiluku,asukasta\n", file: "indicators.csv"))
        #expect(indicators.map(\.id) == ["population"])
        #expect(diagnostics.map(\.code) == ["indicators.missing-column", "indicators.missing-column"])
        #expect(diagnostics.map(\.severity) == [.error, .error])
        #expect(diagnostics[0].message.contains("`kind`"))
        #expect(diagnostics[1].message.contains("`direction`"))
        #expect(diagnostics.allSatisfy { $0.location == SourceLocation(file: "indicators.csv", line: 1) })
    }

    @Test func duplicateHeaderAndUnknownColumn() {
        let (_, diagnostics) = IndicatorTableReader().read(document(
            "id;kind;direction;Kind;unit_de\nx;rate;up;level;Einwohner\n", file: "indicators.csv"))
        #expect(diagnostics.map(\.code) == ["csv.duplicate-header", "indicators.extra-column"])
        #expect(diagnostics.map { $0.location?.column ?? 0 } == [4, 5])
        #expect(diagnostics.map(\.severity) == [.error, .note])
    }

    @Test func aliasClaimedByTwoIndicatorsIsAnError() {
        let text = "id,label_fi,kind,direction,aliases\npopulation,Väkiluku,level,up,M411|Väestö\n"
            + "inhabitants,Asukkaat,level,up,väestö|Asukkaat\nmigration,Muutto,level,up,POPULATION\n"
        let (indicators, diagnostics) = IndicatorTableReader().read(document(text, file: "indicators.csv"))
        #expect(indicators.count == 3)
        // `väestö` (line 3, aliases in column 5) and `POPULATION` (line 4) name two indicators;
        // `Asukkaat` as label and alias of one indicator is fine.
        #expect(diagnostics.map(\.code) == ["indicators.alias-conflict", "indicators.alias-conflict"])
        #expect(diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0)" } == ["3:5", "4:5"])
        #expect(diagnostics[0].message.contains("already names `population` on line 2"))
    }

    @Test func headerWithoutIndicatorsIsAnError() {
        let (_, diagnostics) = IndicatorTableReader().read(document("id,kind,direction\n", file: "indicators.csv"))
        #expect(diagnostics.map(\.code) == ["indicators.no-rows"])
    }

    @Test func translatedUnitsAndSources() {
        let text = "id;unit_fi;unit_sv;unit_en;kind;direction;source_fi;source_sv;source_en\n"
            + "population;asukasta;invånare;inhabitants;level;up;Tilastokeskus;Statistikcentralen;Statistics Finland\n"
        let (indicators, diagnostics) = IndicatorTableReader().read(document(text, file: "indicators.csv"))
        #expect(diagnostics.isEmpty)
        let population = indicators.first
        #expect(population?.unit == "asukasta")
        #expect(population?.unitSV == "invånare")
        #expect(population?.unitEN == "inhabitants")
        #expect(population?.source == "Tilastokeskus")
        #expect(population?.sourceSV == "Statistikcentralen")
        #expect(population?.sourceEN == "Statistics Finland")
    }

    @Test func labelMatching() {
        let matcher = IndicatorMatcher(indicators: fixtureIndicators)
        #expect(matcher.match("Väkiluku")?.id == "population")
        #expect(matcher.match("VÄKILUKU")?.id == "population")
        #expect(matcher.match("Folkmängd")?.id == "population")
        #expect(matcher.match("Population")?.id == "population")
        #expect(matcher.match("M411")?.id == "population")
        #expect(matcher.match("Väkiluku, 2017")?.id == "population")
        #expect(matcher.match("Väkiluku, 2017")?.year == 2017)
        #expect(matcher.match("Työttömien osuus työvoimasta, %")?.id == "unemployment")
        #expect(matcher.match("Syntyneet") == nil)
    }
}

@Suite struct StatisticsLayoutTests {
    let reader = StatisticsReader(indicators: fixtureIndicators)

    @Test func longTidyLayout() {
        let result = reader.read(fixtureDocument("input/statistics/a_long.csv"))
        #expect(result.layout == "long")
        #expect(result.decimalSeparator == ",")
        #expect(result.diagnostics.isEmpty)
        let values = result.observations.map { "\($0.areaCode)/\($0.indicatorID)/\($0.year)" }
        #expect(values == ["562/unemployment/2018", "562/population/2018", "SSS/population/2018",
                           "MK06/unemployment/2018", "020/net_migration/2018", "020/population/2018"])
        #expect(result.observations.map(\.value) == [
            .number(10.4), .number(9221), .number(5_517_919), .missing(symbol: ".."), .number(-58), .missing(symbol: "-"),
        ])
        #expect(result.observations.first?.location == SourceLocation(file: "input/statistics/a_long.csv", line: 2, column: 5))
    }

    @Test func pxWebWideWithHeadingWindows1252() {
        let document = fixtureDocument("input/statistics/b_pxweb_wide_heading.csv")
        #expect(document.encoding == .windows1252)
        let result = reader.read(document)
        #expect(result.layout == "pxweb-wide with heading")
        #expect(result.decimalSeparator == ".")
        #expect(result.diagnostics.isEmpty)
        // 6 data rows × 2 year columns.
        #expect(result.observations.count == 12)
        #expect(Set(result.areas.map(\.code)) == ["562", "108", "MK06", "SSS", "508"])
        let dataset = Dataset(areas: result.areas, indicators: fixtureIndicators, observations: result.observations)
        #expect(dataset.value(area: "108", indicator: "population", year: 2016) == 10648)
        #expect(dataset.value(area: "MK06", indicator: "population", year: 2015) == 505054)
        #expect(dataset.value(area: "508", indicator: "unemployment", year: 2016) == 15.0)
        #expect(dataset.observed(area: "562", indicator: "unemployment", year: 2016) == .missing(symbol: "..."))
        let missing = result.observations.first { $0.value == .missing(symbol: "...") }
        #expect(missing?.location == SourceLocation(file: "input/statistics/b_pxweb_wide_heading.csv", line: 8, column: 4))
    }

    @Test func pxWebCsv2LongLayout() {
        let result = reader.read(fixtureDocument("input/statistics/c_pxweb_csv2.csv"))
        #expect(result.layout == "pxweb-long")
        #expect(result.observations.map(\.indicatorID) == ["population", "population"])
        #expect(result.observations.map(\.areaCode) == ["562", "980"])
        #expect(result.observations.first?.value == .number(9285))
        #expect(result.diagnostics.isEmpty)
    }

    @Test func realPxWebWithoutHeadingISO8859() {
        let document = fixtureDocument("input/statistics/d_olliKolli1_vakiluku_aanioikeutetut_2021.csv")
        #expect(document.encoding == .windows1252)
        let result = reader.read(document)
        #expect(result.layout == "pxweb-long")
        #expect(result.diagnostics.isEmpty)
        // 294 lines = header + 293 municipalities of 2021.
        #expect(result.observations.count == 293)
        let dataset = Dataset(areas: result.areas, indicators: fixtureIndicators, observations: result.observations)
        #expect(dataset.value(area: "562", indicator: "voters", year: 2021) == 7374)
        #expect(dataset.value(area: "099", indicator: "voters", year: 2021) == 0)
        #expect(dataset.area(code: "099")?.abolishedYear == 2021)
        #expect(dataset.area(code: "099")?.regionCode == nil)
        #expect(dataset.area(code: "106")?.nameFI == "Hyvinkää")
    }

    @Test func realCompiledPirkanmaaWide() {
        let result = reader.read(fixtureDocument("input/statistics/e_pirkanmaa_2021_municipalities_compiled.csv"))
        #expect(result.layout == "pxweb-wide")
        #expect(result.diagnostics.isEmpty)
        // 23 municipalities × 9 indicator-year columns.
        #expect(result.observations.count == 207)
        let population2021 = result.observations.filter { $0.indicatorID == "population" && $0.year == 2021 }
        // Statistics Finland's Pirkanmaa total for 2021 (samples README).
        #expect(population2021.compactMap(\.value.number).reduce(0, +) == 527_478)
        let dataset = Dataset(areas: result.areas, indicators: fixtureIndicators, observations: result.observations)
        #expect(dataset.value(area: "562", indicator: "employment", year: 2017) == 68.2)
        #expect(dataset.value(area: "562", indicator: "population_change", year: 2017) == -0.3)
        #expect(dataset.value(area: "562", indicator: "net_migration", year: 2019) == -3)
    }

    @Test func unknownIndicatorIsKeptUnderItsLabel() {
        let result = reader.read(document("alue;vuosi;Syntyneet\nOrivesi;2020;61\n", file: "s.csv"))
        #expect(result.observations.map(\.indicatorID) == ["Syntyneet"])
        #expect(result.diagnostics.map(\.code) == ["statistics.unknown-indicator"])
        #expect(result.diagnostics.first?.message.contains("Syntyneet") == true)
        #expect(result.diagnostics.first?.message.contains("s.csv") == true)
    }

    @Test func unknownLayout() {
        let result = reader.read(document("Country of birth;Adoptions\nRussia;12\n"))
        #expect(result.layout == "unknown")
        #expect(result.diagnostics.map(\.code) == ["statistics.unknown-layout"])
    }
}

@Suite struct BrokenFileTests {
    let reader = StatisticsReader(indicators: fixtureIndicators)

    @Test func unterminatedQuote() {
        let document = fixtureDocument("broken/unterminated.csv")
        let diagnostics = document.diagnostics + reader.read(document).diagnostics
        let error = diagnostics.first { $0.code == "csv.unterminated-quote" }
        #expect(error?.location == SourceLocation(file: "broken/unterminated.csv", line: 4, column: 3))
    }

    @Test func textInNumberColumn() {
        let result = reader.read(fixtureDocument("broken/text_in_number.csv"))
        #expect(result.diagnostics.map(\.code) == ["statistics.not-a-number"])
        #expect(result.diagnostics.first?.location == SourceLocation(file: "broken/text_in_number.csv", line: 3, column: 3))
        #expect(result.diagnostics.first?.message.contains("\"noin 16000\"") == true)
        #expect(result.observations.count == 1)
    }

    @Test func badByte() {
        let document = fixtureDocument("broken/bad_byte.csv")
        let error = document.diagnostics.first
        #expect(error?.code == "encoding.undefined-byte")
        #expect(error?.location == SourceLocation(file: "broken/bad_byte.csv", line: 3))
        // Header 27 bytes + line 2 23 bytes, then `"H`: offset 52.
        #expect(error?.message.contains("byte offset 52") == true)
    }

    @Test func duplicateObservation() {
        let result = reader.read(fixtureDocument("broken/duplicate_observation.csv"))
        #expect(result.diagnostics.map(\.code) == ["statistics.duplicate-observation"])
        let error = result.diagnostics.first
        #expect(error?.location == SourceLocation(file: "broken/duplicate_observation.csv", line: 4, column: 4))
        #expect(error?.message.contains("broken/duplicate_observation.csv:2:4") == true)
        #expect(result.observations.count == 2)
    }

    @Test func duplicateMeasureID() {
        let (measures, diagnostics, _) = MeasuresReader().read(fixtureDocument("broken/duplicate_id_measures.csv"))
        #expect(measures.map(\.id) == ["A1", "A2"])
        #expect(diagnostics.map(\.code) == ["measures.duplicate-id"])
        #expect(diagnostics.first?.location == SourceLocation(file: "broken/duplicate_id_measures.csv", line: 4, column: 1))
        #expect(diagnostics.first?.message.contains("line 2") == true)
    }

    @Test func missingMeasureColumns() {
        let (measures, diagnostics, _) = MeasuresReader().read(fixtureDocument("broken/missing_columns_measures.csv"))
        #expect(measures.isEmpty)
        #expect(diagnostics.map(\.code) == ["measures.missing-column"])
        #expect(diagnostics.first?.message.contains("`theme`/`teema`, `status`/`tila`") == true)
    }
}

@Suite struct MeasuresReaderTests {
    @Test func bomQuotedNewlineAndSemicolon() {
        let document = fixtureDocument("input/measures.csv")
        #expect(document.encoding == .utf8BOM)
        let (measures, diagnostics, decimal) = MeasuresReader().read(document)
        #expect(diagnostics.isEmpty)
        #expect(decimal == ",")
        #expect(measures.count == 2)
        let first = measures[0]
        #expect(first.id == "A1")
        #expect(first.title == "Tonttitarjonnan lisääminen;\r\nuudet alueet")
        #expect(first.team == "Maankäyttö ja kaavoitus")
        #expect(first.status == .ongoing)
        #expect(first.startYear == 2022)
        #expect(first.endYear == 2025)
        #expect(first.baselineYear == 2021)
        #expect(first.baseline == 8978)
        #expect(first.target == 9100)
        #expect(first.actuals == [2022: 8950, 2023: 9010.5])
        #expect(first.comment == "Sanoi \"hyvä\"")
        #expect(first.location?.line == 2)
        let second = measures[1]
        // The first measure spans lines 2–3, so the second starts on line 4.
        #expect(second.location?.line == 4)
        #expect(second.status == .done)
        #expect(second.endYear == 2023)
        #expect(second.baseline == 1.5)
        #expect(second.target == 2.0)
        #expect(second.actuals.isEmpty)
    }

    @Test func englishHeadersAndStatuses() {
        let (measures, diagnostics, _) = MeasuresReader().read(document(
            "STATUS,ID,Measure,Theme,start\nplanerad,1,a,t,05.03.2024\nDelayed,2,b,t,2024-01-31\nfoo,3,c,t,\n"))
        #expect(measures.map(\.status) == [.planned, .delayed])
        #expect(measures.map(\.startYear) == [2024, 2024])
        #expect(diagnostics.map(\.code) == ["measures.bad-status"])
    }

    @Test func impossibleDatesAndYearsOutOfRange() {
        let text = "tunnus;teema;toimenpide;tila;alkaa;päättyy\n"
            + "A1;t;m;Valmis;31.2.2018;29.2.2020\n"     // line 2: 31 February; 2020 is a leap year
            + "A2;t;m;Valmis;29.2.2019;1.13.2019\n"     // line 3: 2019 is not; no month 13
            + "A3;t;m;Valmis;2018-04-31;1.1.2200\n"     // line 4: 31 April; year 2200
            + "A4;t;m;Valmis;1899;kesäkuu\n"            // line 5: 1899; not a date
            + "A5;t;m;Valmis;30.4.2018;2018-12-31T00:00\n" // line 6: fine
        let (measures, diagnostics, _) = MeasuresReader().read(document(text, file: "measures.csv"))
        #expect(measures.map(\.id) == ["A1", "A2", "A3", "A4", "A5"])
        #expect(diagnostics.map { "\($0.code) \($0.location?.line ?? 0):\($0.location?.column ?? 0)" } == [
            "measures.invalid-date 2:5",
            "measures.invalid-date 3:5", "measures.invalid-date 3:6",
            "measures.invalid-date 4:5", "measures.year-out-of-range 4:6",
            "measures.year-out-of-range 5:5", "measures.bad-date 5:6",
        ])
        #expect(diagnostics.allSatisfy { $0.severity == .error })
        #expect(measures[0].startYear == nil)
        #expect(measures[0].endYear == 2020)
        #expect(measures[4].startYear == 2018)
        #expect(measures[4].endYear == 2018)
    }

    @Test func yearColumnOutsideTheAcceptedRange() {
        let (measures, diagnostics, _) = MeasuresReader().read(document(
            "tunnus;teema;toimenpide;tila;2020;2201\nA1;t;m;Valmis;5;6\n", file: "measures.csv"))
        #expect(diagnostics.map { "\($0.code) \($0.location?.line ?? 0):\($0.location?.column ?? 0)" } == ["measures.year-out-of-range 1:6"])
        #expect(measures.first?.actuals == [2020: 5])
    }

    @Test func reversedRangesAreErrors() {
        let text = "tunnus;teema;toimenpide;tila;alkaa;päättyy;lähtövuosi;tavoitevuosi\n"
            + "A1;t;m;Valmis;1.6.2021;31.5.2021;2018;2021\n"   // line 2: ends the day before it starts
            + "A2;t;m;Valmis;2021;2019;2022;2020\n"            // line 3: both reversed
            + "A3;t;m;Valmis;2021;1.1.2021;2020;2020\n"        // line 4: same year, same baseline and target: fine
        let (measures, diagnostics, _) = MeasuresReader().read(document(text, file: "measures.csv"))
        #expect(measures.count == 3)
        #expect(diagnostics.map { "\($0.code) \($0.location?.line ?? 0):\($0.location?.column ?? 0)" } == [
            "measures.range 2:6", "measures.range 3:6", "measures.range 3:8",
        ])
        #expect(diagnostics[0].message.contains("alkaa `1.6.2021` is after päättyy `31.5.2021`"))
    }

    @Test func duplicateHeaderAndNoRows() {
        let (_, duplicate, _) = MeasuresReader().read(document("tunnus;teema;toimenpide;tila;Teema\nA1;t;m;Valmis;u\n", file: "measures.csv"))
        #expect(duplicate.map { "\($0.code) \($0.location?.line ?? 0):\($0.location?.column ?? 0)" } == ["csv.duplicate-header 1:5"])
        let (_, empty, _) = MeasuresReader().read(document("tunnus;teema;toimenpide;tila\n", file: "measures.csv"))
        #expect(empty.map(\.code) == ["measures.no-rows"])
    }

    @Test func numberOutOfRange() {
        let (_, diagnostics, _) = MeasuresReader().read(document(
            "tunnus;teema;toimenpide;tila;tavoite\nA1;t;m;Valmis;1e999\n", file: "measures.csv"))
        #expect(diagnostics.map { "\($0.code) \($0.location?.line ?? 0):\($0.location?.column ?? 0)" } == ["measures.number-out-of-range 2:5"])
    }

    @Test func translatedThemeTitleAndTeam() {
        let text = "tunnus;teema;teema_sv;theme_en;toimenpide;toimenpide_sv;measure_en;vastuuyksikkö;team_sv;vastuuyksikkö_en;tila;yksikkö;yksikkö_sv;unit_en\n"
            + "A1;Asuminen;Boende;Housing;Tontit;Tomter;Plots;Asumispalvelut;Boendetjänster;Housing services;Valmis;kpl/v;st./år;per year\n"
        let (measures, diagnostics, _) = MeasuresReader().read(document(text, file: "measures.csv"))
        #expect(diagnostics.isEmpty)
        let measure = measures.first
        #expect(measure?.theme == "Asuminen")
        #expect(measure?.themeSV == "Boende")
        #expect(measure?.themeEN == "Housing")
        #expect(measure?.titleSV == "Tomter")
        #expect(measure?.titleEN == "Plots")
        #expect(measure?.teamSV == "Boendetjänster")
        #expect(measure?.teamEN == "Housing services")
        #expect(measure?.unit(language: "sv") == Translated(text: "st./år", isTranslated: true))
        #expect(measure?.unit(language: "en").text == "per year")
        #expect(measure?.unit(language: "fi").text == "kpl/v")
    }

    @Test func extraColumnsGetANoteAndTrailingEmptyCellsAreIgnored() {
        let (measures, diagnostics, _) = MeasuresReader().read(document(
            "tunnus;teema;toimenpide;tila;Muistiinpanot;;\nA1;Asuminen;Tontit;Valmis;x;;\n;;;;;;\n;;;;;;\n"))
        #expect(measures.map(\.id) == ["A1"])
        #expect(diagnostics.map(\.code) == ["measures.extra-column"])
        #expect(diagnostics.first?.severity == .note)
        #expect(diagnostics.first?.location?.column == 5)
        #expect(diagnostics.first?.message.contains("`Muistiinpanot`") == true)
    }
}

@Suite struct InputFolderTests {
    @Test func readsFixtureFolder() {
        let folder = fixturePath("input")
        let result = InputFolderReader().read(directory: folder)
        #expect(result.diagnostics == [])
        #expect(result.files.map(\.kind) == [.indicators, .statistics, .statistics, .statistics, .statistics, .statistics, .measures])
        #expect(result.files[2].path == folder + "/statistics/b_pxweb_wide_heading.csv")
        #expect(result.files[2].layout == "pxweb-wide with heading")
        #expect(result.files[2].encoding == "Windows-1252")
        #expect(result.files[2].delimiter == ";")
        #expect(result.files[2].decimalSeparator == ".")
        #expect(result.files[2].rows == 6)
        #expect(result.files[2].areas == 5)
        #expect(result.files[2].indicators == 2)
        #expect(result.files[2].years == 2015...2016)
        #expect(result.files[0].delimiter == ",")
        #expect(result.files[6].decimalSeparator == ",")
        let dataset = result.dataset
        #expect(dataset.indicators.count == 8)
        #expect(dataset.measures.count == 2)
        #expect(dataset.municipalities(region: "MK06").count == 23)
        #expect(dataset.area(code: "MK06")?.kind == .region)
        #expect(dataset.area(code: "099")?.abolishedYear == 2021)
        // Åland appears in no file, so its municipalities are not added (Maarianhamina 478).
        #expect(dataset.area(code: "478") == nil)
        #expect(dataset.value(area: "562", indicator: "population", year: 2017) == 9285)
    }

    @Test func missingFilesAndCrossFileDuplicatesAndLimit() throws {
        let folder = try TemporaryFolder("data")
        let statistics = folder.appendingPathComponent("statistics")
        try FileManager.default.createDirectory(at: statistics, withIntermediateDirectories: true)
        try Data("id,label_fi\npopulation,Väkiluku\n".utf8).write(to: folder.appendingPathComponent("indicators.csv"))
        try Data("alue;vuosi;Väkiluku\nOrivesi;2020;9008\n".utf8).write(to: statistics.appendingPathComponent("a.csv"))
        try Data("alue;vuosi;Väkiluku\nOrivesi;2020;9000\n".utf8).write(to: statistics.appendingPathComponent("b.csv"))
        // 60 rows of text in a number column: 50 listed, then one note.
        let bad = "alue;vuosi;Väkiluku\n" + (1...60).map { "Orivesi;\(1900 + $0);x\n" }.joined()
        try Data(bad.utf8).write(to: statistics.appendingPathComponent("c.csv"))
        let base = folder.path
        let result = InputFolderReader().read(directory: base)
        let codes = result.diagnostics.map(\.code)
        #expect(codes.filter { $0 == "input.missing-file" } == ["input.missing-file"])
        let duplicate = result.diagnostics.first { $0.code == "statistics.duplicate-observation" }
        #expect(duplicate?.location == SourceLocation(file: base + "/statistics/b.csv", line: 2, column: 3))
        #expect(duplicate?.message.contains(base + "/statistics/a.csv:2:3") == true)
        // b.csv's only row and every row of c.csv are skipped: a verdict for each file, listed
        // first, then 49 of c.csv's 60 cell errors.
        #expect(result.diagnostics.filter { $0.code == "statistics.all-rows-skipped" }.map { $0.location?.file }
                == [base + "/statistics/b.csv", base + "/statistics/c.csv"])
        #expect(codes.filter { $0 == "statistics.not-a-number" }.count == 49)
        #expect(result.diagnostics.last { $0.code == "input.more-diagnostics" }?.message.hasPrefix("11 more") == true)
        #expect(InputFolderReader().read(directory: base + "/nope").diagnostics.map(\.code) == ["input.missing-folder"])
    }
}

@Suite struct OtherSampleTests {
    let reader = StatisticsReader(indicators: fixtureIndicators)

    @Test func keyFiguresWithYearInColumnName() {
        let result = reader.read(fixtureDocument("samples/tgermanow_AEE_Python_Kuntien_avainluvut_2017.csv"))
        #expect(result.layout == "pxweb-wide")
        #expect(result.decimalSeparator == ".")
        #expect(result.rows == 311)
        // Honkajoki, Pertunmaa and Valtimo are not in the 2024 catalog and carry no code:
        // 311 − 3 = 308 rows of 4 value columns; the three columns without a year take 2017,
        // the year `Väkiluku 2017` names (one note).
        #expect(result.observations.count == 308 * 4)
        let codes = result.diagnostics.map(\.code)
        #expect(codes.filter { $0 == "statistics.unknown-area" }.count == 3)
        #expect(codes.filter { $0 == "statistics.year-from-context" }.count == 1)
        #expect(result.diagnostics.first { $0.code == "statistics.year-from-context" }?.location?.column == 3)
        let dataset = Dataset(areas: result.areas, indicators: fixtureIndicators, observations: result.observations)
        #expect(dataset.value(area: "562", indicator: "population", year: 2017) == 9285)
        #expect(dataset.value(area: "478", indicator: "population", year: 2017) == 11677)
        #expect(dataset.value(area: "562", indicator: "Työllisyysaste %", year: 2017) == 68.2)
        #expect(dataset.value(area: "020", indicator: "Väkiluvun muutos %", year: 2017) == -0.9)
    }

}

@Suite struct InlineLayoutTests {
    let reader = StatisticsReader(indicators: fixtureIndicators)

    @Test func descriptiveColumnsAreNotValues() {
        let result = reader.read(document("alue;maakunta;yksikkö;Väkiluku 2020\nOrivesi;Pirkanmaa;henkeä;9008\n"))
        #expect(result.layout == "pxweb-wide")
        #expect(result.diagnostics.isEmpty)
        #expect(result.observations.map(\.value) == [.number(9008)])
        #expect(result.observations.map(\.areaCode) == ["562"])
    }

    @Test func englishLongCommaDelimited() {
        let result = reader.read(document("region,area,indicator,year,value,unit\nMK06,Orivesi,Population,2020,9008,persons\nMK06,Akaa,Population,2020,\"16 391\",persons\n"))
        #expect(result.layout == "long")
        #expect(result.decimalSeparator == ".")
        #expect(result.observations.map(\.areaCode) == ["562", "020"])
        #expect(result.observations.map(\.value) == [.number(9008), .number(16391)])
    }

    @Test func tabDelimitedWideWithoutHeading() {
        let result = reader.read(document("\"Alue\"\t\"Tiedot\"\t\"2019\"\t\"2020\"\n\"KU562 Orivesi\"\t\"Väkiluku\"\t9158\t9008\n"))
        #expect(result.layout == "pxweb-wide")
        #expect(result.observations.map(\.year) == [2019, 2020])
        #expect(result.observations.map(\.value) == [.number(9158), .number(9008)])
    }
}

@Suite struct UnknownCodeTests {
    @Test func unknownCodeIsKeptWithWarning() {
        let reader = StatisticsReader(indicators: fixtureIndicators)
        let result = reader.read(document("alue;vuosi;Väkiluku\n999 Jokukunta;2020;100\n099 Honkajoki -21;2020;1700\n"))
        #expect(result.observations.map(\.areaCode) == ["999", "099"])
        #expect(result.diagnostics.map(\.code) == ["statistics.unknown-area-code"])
        #expect(result.diagnostics.first?.location?.line == 2)
    }

    @Test func decimalCommaEvidenceWithNoBreakSpaces() {
        let table = document("a;b\nx;1\u{00A0}234,5\ny;\u{2212}2,25\n").table
        let cells = table.records.dropFirst().compactMap { table.field($0, 1) }
        #expect(NumberParsing.detect(table: table, cells: cells).decimalCharacter == ",")
    }
}
