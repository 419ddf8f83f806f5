import Foundation
import Testing
import VitalityData
import VitalityModel

/// The PX-Web shapes of the real samples and of small inline files (DATA.md §1).
@Suite struct PxWebVariantTests {
    let reader = StatisticsReader(indicators: fixtureIndicators)

    func dataset(_ result: StatisticsReadResult) -> Dataset {
        Dataset(areas: result.areas, indicators: fixtureIndicators, observations: result.observations)
    }

    @Test func adoptionsWithoutAreaColumnAreCountryFigures() {
        let document = fixtureDocument("samples/jpitherin_ETL-Samples_FinlandAdoptions_2017.csv")
        #expect(document.encoding == .windows1252)
        let result = reader.read(document)
        #expect(result.layout == "pxweb-long with heading")
        #expect(result.rows == 205)
        #expect(result.areas.map(\.code) == ["SSS"])
        let codes = Set(result.diagnostics.map(\.code))
        #expect(codes == ["statistics.area-assumed-country", "statistics.unknown-indicator"])
        let data = dataset(result)
        let total = "Adoptions total Age groups, total Both sexes Adoptions, number"
        // `COUNTRY OF BIRTH, TOTAL` is the column's total: left out of the label.
        #expect(data.value(area: "SSS", indicator: total, year: 2017) == 396)
        #expect(data.value(area: "SSS", indicator: "Finland " + total, year: 2017) == 292)
        // A subtotal keeps its name.
        #expect(data.value(area: "SSS", indicator: "FOREIGN COUNTRY, TOTAL " + total, year: 2017) == 104)
        #expect(data.value(area: "SSS", indicator: "Finland Adoptions total Age groups, total Females Adoptions, number", year: 2017) == 150)
        #expect(result.observations.count == 205 * 27)
    }

    @Test func seriesAreaFromFileName() {
        let result = reader.read(fixtureDocument("samples/Kangasalakehitys_KU211_142h_2014_2023_extract.csv"))
        #expect(result.layout == "pxweb-long")
        #expect(result.areas.map(\.code) == ["211"])
        let note = result.diagnostics.first { $0.code == "statistics.area-from-context" }
        #expect(note?.severity == .note)
        #expect(note?.message.contains("KU211") == true)
        let data = dataset(result)
        // M411 is an alias of population; M476 of population_change.
        #expect(data.value(area: "211", indicator: "population", year: 2014) == 30471)
        #expect(data.value(area: "211", indicator: "population", year: 2017) == 31437)
        #expect(data.value(area: "211", indicator: "population_change", year: 2016) == 1.9)
        #expect(data.years(indicator: "population") == Array(2014...2023))
        #expect(!result.diagnostics.hasErrors)
    }

    @Test func stubColumnAndYearFromFileName() {
        let document = fixtureDocument("samples/olliKolli1_CSS_sukupuolijakauma_2021.csv")
        #expect(document.encoding == .utf8BOM)
        let result = reader.read(document)
        #expect(result.layout == "pxweb-wide")
        #expect(result.rows == 308)
        #expect(result.diagnostics.filter { $0.code == "statistics.year-from-context" }.count == 1)
        #expect(!result.diagnostics.hasErrors)
        let data = dataset(result)
        // `Ikä` is `Yhteensä` (all ages) in every row, so the labels are the column names.
        #expect(data.value(area: "020", indicator: "Yhteensä", year: 2021) == 16467)
        #expect(data.value(area: "562", indicator: "Miehet", year: 2021) == 4431)
        #expect(data.value(area: "562", indicator: "Naiset", year: 2021) == 4547)
    }

    @Test func listOfNamesHasNoValues() {
        let result = reader.read(fixtureDocument("samples/Kangasalakehitys_kuukausiraportti_kunta_maakunta_2024.csv"))
        #expect(result.diagnostics.map(\.code) == ["statistics.no-values"])
        #expect(result.diagnostics.first?.location?.line == 1)
        #expect(result.observations.isEmpty)
    }

    @Test func areaInsideColumnNameWithPartyStub() {
        let text = """
            "Kuntavaalit 2021: osuus äänistä puolueittain"

            "Puolue";"Osuus äänistä (%) KU562 Orivesi";"Osuus äänistä (%) KU020 Akaa"
            "Puolueet yhteensä";100.0;100.0
            "KOK";22.5;18.1
            "SDP";19.75;..

            """
        let result = reader.read(document(text, file: "vaalit.csv"))
        #expect(result.layout == "pxweb-wide with heading")
        #expect(result.areas.map(\.code) == ["562", "020"])
        let data = dataset(result)
        #expect(data.value(area: "562", indicator: "Puolueet yhteensä Osuus äänistä (%)", year: 2021) == 100)
        #expect(data.value(area: "562", indicator: "KOK Osuus äänistä (%)", year: 2021) == 22.5)
        #expect(data.value(area: "020", indicator: "SDP Osuus äänistä (%)", year: 2021) == nil)
        #expect(data.observed(area: "020", indicator: "SDP Osuus äänistä (%)", year: 2021) == .missing(symbol: ".."))
        #expect(result.diagnostics.filter { $0.code == "statistics.year-from-context" }.first?.message.contains("title") == true)
    }

    @Test func areaAndYearInColumnNames() {
        let result = reader.read(document("\"Tiedot\";\"KU562 Orivesi 2015\";\"KU562 Orivesi 2016\";\"KOKO MAA 2016\"\n\"Väkiluku\";9501;9421;5503297\n"))
        #expect(result.layout == "pxweb-wide")
        #expect(result.diagnostics.isEmpty)
        let data = dataset(result)
        #expect(data.value(area: "562", indicator: "population", year: 2015) == 9501)
        #expect(data.value(area: "562", indicator: "population", year: 2016) == 9421)
        #expect(data.value(area: "SSS", indicator: "population", year: 2016) == 5503297)
    }

    @Test func yearInRowCellAndLabelWithYear() {
        let result = reader.read(document("\"Alue\";\"Tiedot\";\"Arvo\"\n\"KU562 Orivesi\";\"Väkiluku, 2017\";9285\n"))
        #expect(dataset(result).value(area: "562", indicator: "population", year: 2017) == 9285)
    }

    @Test func noYearAnywhereIsAnError() {
        let result = reader.read(document("alue;Väkiluku\nOrivesi;9000\n", file: "vakiluku.csv"))
        let error = result.diagnostics.first { $0.code == "statistics.no-year" }
        #expect(error?.severity == .error)
        #expect(error?.location?.line == 1)
        #expect(error?.location?.column == 2)
        #expect(result.observations.isEmpty)
    }

    @Test func textInASingleValueColumnIsReportedPerCell() {
        let result = reader.read(document("alue;vuosi;Väkiluku\nOrivesi;2020;yhdeksän\n"))
        // The only row is skipped, so the file adds nothing: an error of its own.
        #expect(result.diagnostics.map(\.code) == ["statistics.all-rows-skipped", "statistics.not-a-number"])
        #expect(result.diagnostics.last?.message.contains("\"yhdeksän\"") == true)
        #expect(result.diagnostics.last?.location?.column == 3)
    }

    @Test func spaceDelimitedWide() {
        let result = reader.read(document("Alue Tiedot 2019 2020\nKU562 Väkiluku 9158 9008\nKU020 Väkiluku 16600 16391\n"))
        #expect(result.layout == "pxweb-wide")
        #expect(dataset(result).value(area: "020", indicator: "population", year: 2020) == 16391)
    }
}

@Suite struct SingleByteEncodingTests {
    @Test func iso885915WhenEuroSignAndNoC1Bytes() {
        // "Hinta €;Šä" in ISO-8859-15: 0xA4 is €, 0xA6 is Š.
        let decoded = TextDecoding.decode(Array("Hinta ".utf8) + [0xA4, 0x3B, 0xA6, 0xE4], file: "x.csv")
        #expect(decoded.encoding == .iso885915)
        #expect(decoded.string == "Hinta €;Šä")
    }

    @Test func windows1252WhenC1BytesAppear() {
        // 0x80 is € in Windows-1252 and a control code in ISO-8859-15; 0xA4 is then ¤.
        let decoded = TextDecoding.decode([0x80, 0x20, 0xA4, 0x20, 0xE4], file: "x.csv")
        #expect(decoded.encoding == .windows1252)
        #expect(decoded.string == "€ ¤ ä")
    }

    @Test func latinOnlyStaysWindows1252() {
        let decoded = TextDecoding.decode([0x56, 0xE4, 0x6B, 0x69], file: "x.csv")
        #expect(decoded.encoding == .windows1252)
        #expect(decoded.string == "Väki")
    }
}
