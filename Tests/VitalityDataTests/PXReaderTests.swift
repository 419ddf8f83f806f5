import Foundation
import Testing
import VitalityModel
import VitalityTestSupport

@testable import VitalityData

/// PC-Axis files read into observations, checked value by value against the file.
@Suite struct PXReaderTests {
    /// Shaped as Statistics Finland's PxWeb saves a table: two stub variables (Alue, Tiedot),
    /// one heading variable (Vuosi), a wrapped VALUES list, Swedish translations, missing symbols.
    static let sample = """
        CHARSET="ANSI";
        AXIS-VERSION="2013";
        CODEPAGE="iso-8859-15";
        LANGUAGE="fi";
        LANGUAGES="fi","sv";
        DECIMALS=0;
        SHOWDECIMALS=0;
        MATRIX="11ra";
        TITLE="Väestö 31.12. muuttujina Alue, Tiedot ja Vuosi";
        CONTENTS="Väestö 31.12.";
        UNITS="henkilöä";
        STUB="Alue","Tiedot";
        HEADING="Vuosi";
        CONTVARIABLE="Tiedot";
        VALUES("Alue")="KOKO MAA","Orivesi",
        "Tampere";
        VALUES("Tiedot")="Väkiluku","Äänioikeutetut";
        VALUES("Vuosi")="2020","2021";
        TIMEVAL("Vuosi")=TLIST(A1),"2020","2021";
        CODES("Alue")="SSS","KU562","KU837";
        STUB[sv]="Område","Uppgifter";
        HEADING[sv]="År";
        VALUES[sv]("Område")="HELA LANDET","Orivesi","Tammerfors";
        VALUES[sv]("Uppgifter")="Folkmängd","Röstberättigade";
        VALUES[sv]("År")="2020","2021";
        PRECISION("Tiedot","Äänioikeutetut")=1;
        SOURCE="Tilastokeskus";
        DATA=
        5533793 5548241
        4255466 ".."
        9008 8978
        7400 "..."
        244223 249009
        199100 "-";

        """

    /// `text` as ISO-8859-15 bytes (every letter used here is Latin-1).
    static func latin(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    }

    static func read(_ bytes: [UInt8], catalog: AreaCatalog = .standard) -> (PXReader.Read, ObservationStore) {
        var store = ObservationStore()
        let reader = PXReader(reader: StatisticsReader(catalog: catalog, indicators: fixtureIndicators))
        let read = bytes.withUnsafeBufferPointer { reader.read($0, file: "t.px", into: &store) }
        return (read, store)
    }

    static func values(_ store: ObservationStore) -> [String] {
        store.map { observation in
            let value: String
            switch observation.value {
            case .number(let number): value = "\(number)"
            case .missing(let symbol): value = "`\(symbol)`"
            }
            return "\(observation.areaCode) \(observation.indicatorID) \(observation.year) \(value)"
        }.sorted()
    }

    @Test func rowMajorOverTwoStubAndOneHeadingVariable() throws {
        let (read, store) = Self.read(Self.latin(Self.sample))
        #expect(read.result.diagnostics.isEmpty, "\(read.result.diagnostics)")
        #expect(read.encoding == "iso-8859-15")
        #expect(read.result.layout == "pc-axis")
        #expect(read.result.rows == 12)
        #expect(
            Self.values(store) == [
                "562 population 2020 9008.0", "562 population 2021 8978.0", "562 voters 2020 7400.0", "562 voters 2021 `...`",
                "837 population 2020 244223.0", "837 population 2021 249009.0", "837 voters 2020 199100.0", "837 voters 2021 `-`",
                "SSS population 2020 5533793.0", "SSS population 2021 5548241.0", "SSS voters 2020 4255466.0",
                "SSS voters 2021 `..`",
            ])
        // Each value stands where the file has it: `".."` on line 30, the second value there.
        let row = try #require(store.row(area: "SSS", indicator: "voters", year: 2021))
        #expect(store.location(row: row) == SourceLocation(file: "t.px", line: 30, column: 2))
        // A row of years on one line is one run of the store.
        #expect(store.runCount == 6)
        #expect(read.result.years == 2020...2021)
    }

    @Test func timeListRangeWithoutValues() throws {
        let text = """
            STUB="Alue";
            HEADING="Vuosi";
            VALUES("Alue")="Orivesi";
            TIMEVAL("Vuosi")=TLIST(A1, "2019"-"2021");
            CONTENTS="Väkiluku";
            DATA=
            9100 9008 8978;
            """
        let (read, store) = Self.read(Self.latin(text))
        #expect(read.result.diagnostics.isEmpty, "\(read.result.diagnostics)")
        #expect(Self.values(store) == ["562 population 2019 9100.0", "562 population 2020 9008.0", "562 population 2021 8978.0"])
    }

    @Test func anExtraVariableJoinsTheLabelExceptItsTotal() throws {
        let text = """
            STUB="Alue","Sukupuoli";
            HEADING="Vuosi";
            VALUES("Alue")="Orivesi";
            VALUES("Sukupuoli")="Yhteensä","Miehet";
            VALUES("Vuosi")="2021";
            CONTENTS="Väkiluku";
            DATA=
            8978
            4480;
            """
        let (read, store) = Self.read(Self.latin(text))
        #expect(read.result.diagnostics.map(\.code) == ["statistics.unknown-indicator"])
        #expect(Self.values(store) == ["562 Miehet Väkiluku 2021 4480.0", "562 population 2021 8978.0"])
    }

    @Test func aUTF8FixtureWithATimeRangeAndASexVariable() throws {
        let bytes = try #require(FileManager.default.contents(atPath: fixturePath("px/tyollisyys_sukupuoli.px")))
        let (read, store) = Self.read([UInt8](bytes))
        #expect(read.encoding == "utf-8")
        #expect(read.result.diagnostics.map(\.code) == ["statistics.unknown-indicator"])
        #expect(read.result.diagnostics.first?.message.contains("`Naiset Työllisyysaste`") == true)
        #expect(
            Self.values(store) == [
                "562 Naiset Työllisyysaste 2019 67.5", "562 Naiset Työllisyysaste 2020 68.1", "562 Naiset Työllisyysaste 2021 `...`",
                "562 employment 2019 68.2", "562 employment 2020 69.0", "562 employment 2021 `...`",
                "MK06 Naiset Työllisyysaste 2019 70.8", "MK06 Naiset Työllisyysaste 2020 71.5", "MK06 Naiset Työllisyysaste 2021 `.`",
                "MK06 employment 2019 71.3", "MK06 employment 2020 72.0", "MK06 employment 2021 72.6",
            ])
        // The ISO-8859-15 fixture with CRLF line ends reads as the sample it was written from.
        let latin = try #require(FileManager.default.contents(atPath: fixturePath("px/vaesto_alue_tiedot_vuosi.px")))
        #expect(Self.values(Self.read([UInt8](latin)).1) == Self.values(Self.read(Self.latin(Self.sample)).1))
    }

    @Test func swedishNamesOfAnAreaTheCatalogueLacksReachTheArea() throws {
        let text = """
            LANGUAGE="fi";
            LANGUAGES="fi","sv","en";
            STUB="Alue";
            HEADING="Vuosi";
            VALUES("Alue")="Uusikylä","Tampere";
            CODES("Alue")="KU998","KU837";
            VALUES("Vuosi")="2021";
            STUB[sv]="Område";
            HEADING[sv]="År";
            VALUES[sv]("Område")="Nyby","Tamperfors";
            VALUES[sv]("År")="2021";
            STUB[en]="Area";
            HEADING[en]="Year";
            VALUES[en]("Area")="Newtown","Tampere";
            VALUES[en]("Year")="2021";
            CONTENTS="Väkiluku";
            DATA=
            1200 249009;
            """
        let (read, _) = Self.read(Self.latin(text))
        let created = try #require(read.result.areas.first { $0.code == "998" })
        #expect(created.nameFI == "Uusikylä")
        #expect(created.nameSV == "Nyby")
        #expect(created.nameEN == "Newtown")
        let tampere = try #require(read.result.areas.first { $0.code == "837" })
        #expect(tampere.nameSV == "Tammerfors")
        let note = try #require(read.result.diagnostics.first { $0.code == "px.area-name" })
        #expect(note.severity == .note)
        #expect(note.message.contains("`Tamperfors`") && note.message.contains("`Tammerfors`"))
        #expect(note.location == SourceLocation(file: "t.px", line: 5, column: 1))
        #expect(read.result.diagnostics.filter { $0.code == "px.area-name" }.count == 1)
    }

    /// A table of a content variable and a sex variable in Finnish, Swedish and English.
    static let translated = """
        LANGUAGE="fi";
        LANGUAGES="fi","sv","en";
        STUB="Alue","Sukupuoli";
        HEADING="Tiedot","Vuosi";
        CONTVARIABLE="Tiedot";
        VALUES("Alue")="Orivesi";
        CODES("Alue")="KU562";
        VALUES("Sukupuoli")="Yhteensä","Naiset";
        VALUES("Tiedot")="Työllisyysaste","Työttömyysaste";
        VALUES("Vuosi")="2021";
        STUB[sv]="Område","Kön";
        HEADING[sv]="Uppgifter","År";
        VALUES[sv]("Område")="Orivesi";
        VALUES[sv]("Kön")="Totalt","Kvinnor";
        VALUES[sv]("Uppgifter")="Sysselsättningsgrad","Arbetslöshetsgrad";
        VALUES[sv]("År")="2021";
        STUB[en]="Area","Sex";
        HEADING[en]="Information","Year";
        VALUES[en]("Area")="Orivesi";
        VALUES[en]("Sex")="Total","Females";
        VALUES[en]("Information")="Employment rate","Unemployment rate";
        VALUES[en]("Year")="2021";
        DATA=
        70.1 9.5
        71.2 8.25;
        """

    /// The indicators of `translated`: indicators.csv gives one Swedish label and no English ones.
    static let translatedIndicators = [
        Indicator(id: "employment", labelFI: "Työllisyysaste", labelSV: "Sysselsättningsgraden"),
        Indicator(id: "employment_women", labelFI: "Työllisyysaste Naiset"),
        Indicator(id: "unemployment", labelFI: "Työttömyysaste"),
        Indicator(id: "unemployment_women", labelFI: "Työttömyysaste Naiset"),
    ]

    @Test func translatedValuesGiveTheIndicatorLabelsInSwedishAndEnglish() throws {
        var store = ObservationStore()
        let reader = PXReader(reader: StatisticsReader(indicators: Self.translatedIndicators))
        let read = Self.latin(Self.translated).withUnsafeBufferPointer { reader.read($0, file: "t.px", into: &store) }
        #expect(read.result.diagnostics.isEmpty, "\(read.result.diagnostics)")
        #expect(store.count == 4)
        // The labels are built as the Finnish ones are: content value, then the other values
        // that are not totals (`Yhteensä` is left out in every language). At `VALUES("Tiedot")`.
        let at = SourceLocation(file: "t.px", line: 9, column: 1)
        let labels = read.result.translatedLabels.map { "\($0.indicator) \($0.language) \($0.text)" }
        #expect(
            labels == [
                "employment sv Sysselsättningsgrad", "employment en Employment rate",
                "unemployment sv Arbetslöshetsgrad", "unemployment en Unemployment rate",
                "employment_women sv Sysselsättningsgrad Kvinnor", "employment_women en Employment rate Females",
                "unemployment_women sv Arbetslöshetsgrad Kvinnor", "unemployment_women en Unemployment rate Females",
            ])
        #expect(read.result.translatedLabels.allSatisfy { $0.location == at })

        var indicators = Self.translatedIndicators
        let notes = fillTranslatedLabels(read.result.translatedLabels, into: &indicators)
        // indicators.csv's Swedish label of `employment` is kept, with a note; the rest are filled.
        #expect(
            indicators.map { "\($0.labelSV)|\($0.labelEN)" } == [
                "Sysselsättningsgraden|Employment rate", "Sysselsättningsgrad Kvinnor|Employment rate Females",
                "Arbetslöshetsgrad|Unemployment rate", "Arbetslöshetsgrad Kvinnor|Unemployment rate Females",
            ])
        #expect(notes.map(\.code) == ["statistics.indicator-label"])
        #expect(notes.first?.severity == .note)
        #expect(notes.first?.location == at)
        #expect(
            notes.first?.message
                == "The file's Swedish label of indicator employment is `Sysselsättningsgrad`, indicators.csv has `Sysselsättningsgraden`; indicators.csv's label is kept."
        )
    }

    @Test func aPartWithoutTranslationGivesNoTranslatedLabel() throws {
        // Sukupuoli has no English values: the English labels that need it are not made, the
        // ones it is left out of (a total) are.
        let text = Self.translated.replacingOccurrences(of: "VALUES[en](\"Sex\")=\"Total\",\"Females\";\n", with: "")
        var store = ObservationStore()
        let reader = PXReader(reader: StatisticsReader(indicators: Self.translatedIndicators))
        let read = Self.latin(text).withUnsafeBufferPointer { reader.read($0, file: "t.px", into: &store) }
        #expect(read.result.diagnostics.isEmpty, "\(read.result.diagnostics)")
        let english = read.result.translatedLabels.filter { $0.language == "en" }.map { "\($0.indicator) \($0.text)" }
        #expect(english == ["employment Employment rate", "unemployment Unemployment rate"])
        #expect(read.result.translatedLabels.filter { $0.language == "sv" }.count == 4)
    }

    @Test func translatedContentsNameATableWithoutAContentVariable() throws {
        let text = """
            LANGUAGE="fi";
            LANGUAGES="fi","sv","en";
            STUB="Alue";
            HEADING="Vuosi";
            VALUES("Alue")="Orivesi";
            CODES("Alue")="KU562";
            VALUES("Vuosi")="2021";
            STUB[sv]="Område";
            HEADING[sv]="År";
            VALUES[sv]("Område")="Orivesi";
            VALUES[sv]("År")="2021";
            CONTENTS="Väkiluvun muutos";
            CONTENTS[sv]="Befolkningsförändring";
            DATA=
            -0.3;
            """
        let (read, _) = Self.read(Self.latin(text))
        #expect(read.result.diagnostics.isEmpty, "\(read.result.diagnostics)")
        #expect(read.result.translatedLabels.map { "\($0.indicator) \($0.language) \($0.text)" } == ["population_change sv Befolkningsförändring"])
        #expect(read.result.translatedLabels.first?.location == SourceLocation(file: "t.px", line: 14, column: 6))
    }

    @Test func twoFilesTranslatingAnIndicatorDifferentlyKeepTheFirstWithAWarning() throws {
        let first = SourceLocation(file: "statistics/a.px", line: 9, column: 1)
        let second = SourceLocation(file: "statistics/b.px", line: 4, column: 1)
        let labels = [
            TranslatedLabel(indicator: "employment_women", language: "sv", text: "Sysselsättningsgrad Kvinnor", location: first),
            TranslatedLabel(indicator: "employment_women", language: "sv", text: "SYSSELSÄTTNINGSGRAD KVINNOR", location: second),
            TranslatedLabel(indicator: "employment_women", language: "sv", text: "Kvinnors sysselsättningsgrad", location: second),
            TranslatedLabel(indicator: "not_listed", language: "sv", text: "Något", location: second),
        ]
        var indicators = Self.translatedIndicators
        let problems = fillTranslatedLabels(labels, into: &indicators)
        #expect(indicators[1].labelSV == "Sysselsättningsgrad Kvinnor")
        #expect(indicators[1].labelEN == "")
        // The same label in other letter case is no conflict; a label for an indicator
        // indicators.csv lacks changes nothing.
        #expect(problems.count == 1)
        let warning = try #require(problems.first)
        #expect(warning.code == "statistics.indicator-label-conflict")
        #expect(warning.severity == .warning)
        #expect(warning.location == second)
        #expect(
            warning.message
                == "The Swedish label of indicator employment_women is `Kvinnors sysselsättningsgrad` here but `Sysselsättningsgrad Kvinnor` in \(first); the first is kept. Give the label in the label_sv column of indicators.csv."
        )
        #expect(indicators[0] == Self.translatedIndicators[0])
    }

    @Test func aValueCountThatIsNotTheProductRefusesTheFile() throws {
        let text = Self.sample.replacingOccurrences(of: "199100 \"-\";", with: "199100;")
        let (read, store) = Self.read(Self.latin(text))
        #expect(store.isEmpty)
        #expect(read.result.diagnostics.count == 1)
        let problem = try #require(read.result.diagnostics.first)
        #expect(problem.code == "px.data")
        #expect(problem.severity == .error)
        #expect(problem.location == SourceLocation(file: "t.px", line: 28, column: 6))
        #expect(problem.message.hasPrefix("`DATA` holds 11 values, but the table has 12 cells (3 Alue × 2 Tiedot × 2 Vuosi)"))
    }

    @Test func aCellThatIsNotANumberIsAnErrorAtItsPlace() throws {
        let text = Self.sample.replacingOccurrences(of: "7400 \"...\"", with: "7400 12.5x")
        let (read, store) = Self.read(Self.latin(text))
        let problem = try #require(read.result.diagnostics.first { $0.code == "statistics.not-a-number" })
        #expect(problem.location == SourceLocation(file: "t.px", line: 32, column: 2))
        #expect(store.count == 11)
    }

    @Test func anUnknownCodePageIsAnErrorAtItsDeclaration() throws {
        let text = Self.sample.replacingOccurrences(of: "CODEPAGE=\"iso-8859-15\"", with: "CODEPAGE=\"ibm-850\"")
        let (read, store) = Self.read(Self.latin(text))
        #expect(store.isEmpty)
        #expect(read.result.diagnostics.map(\.code) == ["px.codepage"])
        #expect(read.result.diagnostics.first?.location == SourceLocation(file: "t.px", line: 3, column: 1))
    }

    @Test func aTimeValueThatIsNoYearIsAnErrorAtItsValues() throws {
        let text = Self.sample.replacingOccurrences(of: "VALUES(\"Vuosi\")=\"2020\",\"2021\";", with: "VALUES(\"Vuosi\")=\"2020\",\"2021Q1\";")
        let (read, store) = Self.read(Self.latin(text))
        #expect(read.result.diagnostics.map(\.code) == ["statistics.bad-year"])
        #expect(read.result.diagnostics.first?.location == SourceLocation(file: "t.px", line: 18, column: 1))
        #expect(store.count == 6)
        #expect(store.allSatisfy { $0.year == 2020 })
    }

    @Test func aTableWithoutAnAreaVariableIsRefused() throws {
        let text = "STUB=\"Tiedot\";\nHEADING=\"Vuosi\";\nVALUES(\"Tiedot\")=\"Väkiluku\";\nVALUES(\"Vuosi\")=\"2021\";\nDATA=\n1;\n"
        let (read, store) = Self.read(Self.latin(text))
        #expect(store.isEmpty)
        #expect(read.result.diagnostics.map(\.code) == ["px.no-area"])
        #expect(read.result.diagnostics.first?.location == SourceLocation(file: "t.px", line: 5, column: 6))
    }

    @Test(arguments: [
        // (data, line, column, expected)
        ("1 2", 6, 4, "`;` at the end of `DATA`"),
        ("1 \"..;", 6, 7, "`\"` closing the symbol opened at line 6, column 3, on its line"),
        ("1 2;\nX", 7, 1, "nothing after `DATA`'s closing `;`"),
    ])
    func malformedDataIsASyntaxErrorAtItsPlace(data: String, line: Int, column: Int, expected: String) throws {
        let text = "STUB=\"Alue\";\nHEADING=\"Vuosi\";\nVALUES(\"Alue\")=\"Orivesi\";\nVALUES(\"Vuosi\")=\"2020\",\"2021\";\nDATA=\n\(data)"
        let (read, store) = Self.read(Self.latin(text))
        #expect(store.isEmpty)
        let problem = try #require(read.result.diagnostics.first)
        #expect(read.result.diagnostics.count == 1)
        #expect(problem.code == "px.syntax")
        #expect(problem.location == SourceLocation(file: "t.px", line: line, column: column))
        #expect(problem.message.hasPrefix("Expected \(expected)"), "\(problem.message)")
    }

    @Test func dataInsideAQuotedNoteIsNotTheData() throws {
        let text = "NOTE=\"x\";\nNOTE=\"y;DATA=1\";\nSTUB=\"Alue\";\nVALUES(\"Alue\")=\"Orivesi\";\nCONTENTS=\"Väkiluku 2021\";\nDATA=\n8978;\n"
        let (read, store) = Self.read(Self.latin(text))
        #expect(read.result.diagnostics.isEmpty, "\(read.result.diagnostics)")
        #expect(Self.values(store) == ["562 population 2021 8978.0"])
    }

    @Test func decimalsAndPrecisionAreReadButChangeNoValue() throws {
        let text = Self.sample.replacingOccurrences(of: "DECIMALS=0;", with: "DECIMALS=1;")
            .replacingOccurrences(of: "9008 8978", with: "9008.25 8978")
        let parsed = try #require(PXDocument.parse(text, file: "t.px").0)
        let table = try #require(PXTable.make(parsed, file: "t.px").0)
        #expect(table.decimals == 1)
        #expect(table.precision == ["Tiedot": ["Äänioikeutetut": 1]])
        let (_, store) = Self.read(Self.latin(text))
        let row = try #require(store.row(area: "562", indicator: "population", year: 2020))
        #expect(store.value(row: row) == .number(9008.25))
        let bad = Self.sample.replacingOccurrences(of: "DECIMALS=0;", with: "DECIMALS=two;")
        let (read, _) = Self.read(Self.latin(bad))
        #expect(read.result.diagnostics.map(\.code) == ["px.table"])
        #expect(read.result.diagnostics.first?.location == SourceLocation(file: "t.px", line: 6, column: 1))
    }
}

/// A `.px` file in statistics/ is read beside the CSV files and listed with its code page.
@Suite struct PXInputFolderTests {
    @Test func aPxFileIsReadAndListed() throws {
        let folder = try TemporaryFolder("px-input")
        let statistics = folder.appendingPathComponent("statistics")
        try FileManager.default.createDirectory(at: statistics, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixturePath("input/indicators.csv"), toPath: folder.appendingPathComponent("indicators.csv").path)
        try Data(PXReaderTests.latin(PXReaderTests.sample)).write(to: statistics.appendingPathComponent("vaesto.px"))
        let read = InputFolderReader().read(directory: folder.path)
        #expect(read.dataset.observations.count == 12)
        let summary = try #require(read.files.first { $0.kind == .statistics })
        #expect(summary.layout == "pc-axis")
        #expect(summary.encoding == "iso-8859-15")
        #expect(summary.delimiter == nil)
        #expect(summary.rows == 12)
        #expect(summary.areas == 3)
        #expect(summary.indicators == 2)
        let listing = InputListing.render(read, .files)
        #expect(summary.format == "px")
        #expect(listing.contains("  kind: statistics, layout: pc-axis\n  format: px, encoding: iso-8859-15, delimiter: -, decimal separator: `.`\n"))
        #expect(!read.diagnostics.contains { $0.location?.file.hasSuffix("vaesto.px") ?? false })
    }

    @Test func anEmptyFileIsASyntaxErrorNotALeak() throws {
        // The fuzzer's finding: reading an empty file through FileManager leaked 4 KB.
        let path = fixturePath("fuzz/px/empty-file-leak")
        var store = ObservationStore()
        let reader = StatisticsReader(indicators: fixtureIndicators)
        let px = PXReader(reader: reader).read(path: path, into: &store)
        #expect(px.result.diagnostics.map(\.code) == ["px.syntax"])
        #expect(px.result.diagnostics.first?.message.hasPrefix("Expected `DATA=` with the table's values") == true)
        let json = JSONStatReader(reader: reader).read(path: path, into: &store)
        #expect(json.result.diagnostics.map(\.code) == ["jsonstat.syntax"])
        #expect(json.result.diagnostics.first?.location == SourceLocation(file: path, line: 1, column: 1))
        #expect(store.isEmpty)
    }

    @Test func pxIsAStatisticsFormat() {
        #expect(InputEntry.statisticsFormat("Väestö.PX") == .pcAxis)
        #expect(InputEntry.statisticsFormat("vaesto.csv") == .delimited)
        #expect(InputEntry.statisticsEntry(name: "a.px", path: "/nonexistent/a.px") == nil)
    }
}
