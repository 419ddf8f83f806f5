import Testing
import VitalityData
import VitalityModel

@Suite struct AreaCatalogTests {
    let catalog = AreaCatalog.standard

    func code(_ label: String) -> String? {
        switch catalog.match(label) {
        case .known(let area), .created(let area): return area.code
        case .unknown: return nil
        }
    }

    @Test func catalogSize() {
        // 308 municipalities + 19 regions + the country.
        #expect(catalog.areas.count == 328)
        #expect(catalog.areas.filter { $0.kind == .region }.count == 19)
        #expect(catalog.municipalities(region: "MK06").count == 23)
        #expect(catalog.area(code: "562")?.nameSV == "Orivesi")
        #expect(catalog.area(code: "837")?.nameSV == "Tammerfors")
        #expect(catalog.area(code: "SSS")?.nameSV == "Hela landet")
    }

    /// English names: the country and the regions Statistics Finland names in English; other
    /// regions and municipalities keep their Finnish names in an English report.
    @Test func englishNamesOfTheCountryAndRegions() {
        #expect(catalog.area(code: "SSS")?.name(language: "en") == "Whole country")
        #expect(catalog.area(code: "SSS")?.name(language: "fi") == "Koko maa")
        #expect(catalog.area(code: "MK02")?.name(language: "en") == "Southwest Finland")
        #expect(catalog.area(code: "MK21")?.name(language: "en") == "Åland")
        #expect(catalog.area(code: "MK06")?.name(language: "en") == "Pirkanmaa")
        #expect(catalog.area(code: "MK06")?.nameEN == "")
        #expect(catalog.area(code: "562")?.name(language: "en") == "Orivesi")
        #expect(catalog.areas.filter { !$0.nameEN.isEmpty }.count == 13)
        #expect(catalog.areas.filter { $0.kind == .municipality && !$0.nameEN.isEmpty }.isEmpty)
        for label in ["Southwest Finland", "MK02 Southwest Finland", "southwest finland"] { #expect(code(label) == "MK02", "\(label)") }
        #expect(catalog.region("MK02 Southwest Finland")?.code == "MK02")
        #expect(catalog.region("MK06 Southwest Finland") == nil)
        #expect(code("Whole country") == "SSS")
    }

    @Test func labelForms() {
        for label in ["Orivesi", "562 Orivesi", "KU562 Orivesi", "KU562", "562", " orivesi "] {
            #expect(code(label) == "562", "\(label)")
        }
        for label in ["KOKO MAA", "Koko maa", "SSS", "Hela landet"] { #expect(code(label) == "SSS", "\(label)") }
        for label in ["MK06 Pirkanmaa", "MK06", "Pirkanmaa", "Birkaland"] { #expect(code(label) == "MK06", "\(label)") }
        #expect(code("Tammerfors") == "837")
        #expect(code("Atlantis") == nil)
    }

    @Test func abolishedMunicipalityIsCreated() {
        guard case .created(let area) = catalog.match("099 Honkajoki -21") else {
            Issue.record("Honkajoki should be created")
            return
        }
        #expect(area == Area(code: "099", nameFI: "Honkajoki", kind: .municipality, regionCode: nil, abolishedYear: 2021))
    }
}
