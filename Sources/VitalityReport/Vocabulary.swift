import VitalityModel

/// The fixed texts of a report in Finnish, Swedish and English.
struct Vocabulary {
    let locale: String

    private func pick(_ fi: String, _ sv: String, _ en: String) -> String {
        switch locale {
        case "sv": return sv
        case "en": return en
        default: return fi
        }
    }

    var source: String { pick("Lähde", "Källa", "Source") }
    var contents: String { pick("Sisällys", "Innehåll", "Contents") }
    var indexSource: String {
        pick("Vitality, laskettu Tilastokeskuksen tiedoista", "Vitality, beräknat från Statistikcentralens data", "Vitality, computed from Statistics Finland data")
    }
    /// BCP 47 tag of the report's language, for the PDF's `/Lang`.
    var languageTag: String { pick("fi-FI", "sv-FI", "en-GB") }
    var sources: String { pick("Lähteet", "Källor", "Sources") }
    var measure: String { pick("Toimenpide", "Åtgärd", "Measure") }
    var team: String { pick("Vastuuyksikkö", "Ansvarsenhet", "Team") }
    var status: String { pick("Tila", "Status", "Status") }
    var target: String { pick("Tavoite", "Mål", "Target") }
    var latest: String { pick("Toteuma", "Utfall", "Actual") }
    var attainment: String { pick("Saavutettu", "Uppnått", "Attained") }
    var indicator: String { pick("Tunnusluku", "Nyckeltal", "Indicator") }
    var value: String { pick("Arvo", "Värde", "Value") }
    var change: String { pick("Muutos", "Förändring", "Change") }
    var rank: String { pick("Sija", "Placering", "Rank") }
    var rankChange: String { pick("Sijan muutos", "Förändring i placering", "Rank change") }
    var changeRank: String { pick("Muutoksen sija", "Förändringens placering", "Change rank") }
    var periodChange: String { pick("Muutos ohjelmakaudella", "Förändring under programperioden", "Change over the programme") }
    var vitalityIndex: String { pick("Elinvoimaindeksi", "Vitalitetsindex", "Vitality index") }
    var yearlyChange: String { pick("Vuosimuutos", "Årlig förändring", "Yearly change") }
    var noMeasures: String { pick("Ei toimenpiteitä.", "Inga åtgärder.", "No measures.") }
    var onTrack: String { pick("aikataulussa", "enligt plan", "on track") }
    var behind: String { pick("jäljessä", "efter plan", "behind") }
    var measuresSource: String {
        pick("Lähde: elinvoimaohjelman seurantataulukko", "Källa: uppföljningstabell för vitalitetsprogrammet", "Source: vitality programme tracking sheet")
    }
    var indexNote: String {
        pick(
            "Elinvoimaindeksi: väestön, työpaikkojen, verotulojen, huoltosuhteen ja koulutustason vuosimuutosten standardoitujen arvojen keskiarvo alueen kunnissa; sija 1 on paras.",
            "Vitalitetsindex: medelvärdet av standardiserade årliga förändringar i befolkning, arbetsplatser, skatteinkomster, försörjningskvot och utbildningsnivå; placering 1 är bäst.",
            "Vitality index: mean of standardised yearly changes in population, jobs, tax revenue, dependency ratio and education across the region's municipalities; rank 1 is best.")
    }
    var partlyIllustrative: String {
        pick("osa luvuista havainnollistavia esimerkkiarvoja", "en del siffror är illustrativa exempel", "some figures are illustrative examples")
    }
    var attainmentTitle: String { pick("Tavoitteiden saavuttaminen", "Måluppfyllelse", "Target attainment") }
    func attainmentSubtitle(year: Int) -> String {
        pick(
            "Muutos lähtötasosta tavoitteeseen, % toteutunut vuoteen \(year) mennessä; korostettu: aikataulussa",
            "Förändring från utgångsläget mot målet, % uppnått till och med \(year); markerat: enligt plan",
            "Change from baseline towards the target, % achieved by \(year); highlighted: on track")
    }
    var logo: String { pick("Logo", "Logotyp", "Logo") }
    var keyFigures: String { pick("tunnusluvut", "nyckeltal", "key figures") }
    var median: String { pick("Mediaani", "Median", "Median") }
    var municipalities: String { pick("kuntaa", "kommuner", "municipalities") }
    var programmeStatus: String { pick("Ohjelman toimenpiteiden tila", "Åtgärdernas status", "Status of the programme's measures") }
    var measuresWord: String { pick("toimenpidettä", "åtgärder", "measures") }
    var measuresSourceName: String {
        pick("elinvoimaohjelman seurantataulukko", "uppföljningstabell för vitalitetsprogrammet", "vitality programme tracking sheet")
    }

    func statusName(_ status: MeasureStatus) -> String {
        switch status {
        case .planned: return pick("Suunniteltu", "Planerad", "Planned")
        case .ongoing: return pick("Käynnissä", "Pågående", "Ongoing")
        case .done: return pick("Valmis", "Klar", "Done")
        case .delayed: return pick("Viivästynyt", "Försenad", "Delayed")
        case .suspended: return pick("Keskeytetty", "Avbruten", "Suspended")
        }
    }

    /// "Most improved" sentence.
    func mostImproved(name: String, region: String, regionGenitive: String, year: Int, rankChange: String, from: Int, to: Int) -> String {
        pick(
            "\(name) oli vuonna \(year) \(regionGenitive) kunnista se, jonka elinvoimaindeksin sija parani eniten: \(rankChange) sijaa (sijalta \(from) sijalle \(to)).",
            "\(name) var år \(year) den kommun i \(region) vars placering i vitalitetsindexet förbättrades mest: \(rankChange) placeringar (från \(from) till \(to)).",
            "In \(year), \(name) was the municipality of \(region) whose vitality index rank improved most: \(rankChange) places (from \(from) to \(to)).")
    }
}

extension Vocabulary {
    /// Finnish genitive of a region's name ("Pirkanmaan"), for sentences such as
    /// "Pirkanmaan 23 kunnan joukossa". Other languages use the name as it is.
    func regionGenitive(code: String, name: String) -> String {
        guard locale == "fi" else { return name }
        let genitives = [
            "MK01": "Uudenmaan", "MK02": "Varsinais-Suomen", "MK04": "Satakunnan", "MK05": "Kanta-Hämeen",
            "MK06": "Pirkanmaan", "MK07": "Päijät-Hämeen", "MK08": "Kymenlaakson", "MK09": "Etelä-Karjalan",
            "MK10": "Etelä-Savon", "MK11": "Pohjois-Savon", "MK12": "Pohjois-Karjalan", "MK13": "Keski-Suomen",
            "MK14": "Etelä-Pohjanmaan", "MK15": "Pohjanmaan", "MK16": "Keski-Pohjanmaan",
            "MK17": "Pohjois-Pohjanmaan", "MK18": "Kainuun", "MK19": "Lapin", "MK21": "Ahvenanmaan",
        ]
        return genitives[code] ?? name
    }
}
