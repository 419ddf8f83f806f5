import VitalityCharts
import VitalityModel

/// The fixed texts of a report in Finnish, Swedish and English: its sentences here, and the
/// words charts show too from the one table of them (`Words`).
struct Vocabulary {
    let locale: ReportLocale

    init(locale: ReportLocale) {
        self.locale = locale
    }

    private func pick(_ fi: String, _ sv: String, _ en: String) -> String {
        switch locale {
        case .fi: fi
        case .sv: sv
        case .en: en
        }
    }

    var source: String { Words.source(locale) }
    var contents: String { pick("Sisällys", "Innehåll", "Contents") }
    /// The vitality index's source: computed from Statistics Finland's figures (the tool that
    /// computes it is not a source of data).
    var indexSource: String {
        pick("Laskettu Tilastokeskuksen tiedoista", "Beräknat från Statistikcentralens uppgifter", "Computed from Statistics Finland data")
    }
    /// Written in prose where a figure is missing, instead of a bare "–".
    var notYetAvailable: String {
        pick("(luku ei ole vielä saatavilla)", "(uppgiften finns inte ännu)", "(figure not yet available)")
    }
    /// The `trend` filter: the word for a rise, a fall and no change.
    func trend(_ sign: Int) -> String {
        if sign > 0 { return pick("nousi", "steg", "rose") }
        if sign < 0 { return pick("laski", "sjönk", "fell") }
        return pick("pysyi ennallaan", "var oförändrad", "was unchanged")
    }
    /// `{{most_improved}}` in a year when no municipality's rank improved.
    var noneImproved: String { pick("ei mikään kunta", "ingen kommun", "no municipality") }
    /// BCP 47 tag of the report's language, for the PDF's `/Lang`.
    var languageTag: String { pick("fi-FI", "sv-FI", "en-GB") }
    var sources: String { pick("Lähteet", "Källor", "Sources") }
    var measure: String { pick("Toimenpide", "Åtgärd", "Measure") }
    var team: String { pick("Vastuuyksikkö", "Ansvarsenhet", "Team") }
    var status: String { pick("Tila", "Status", "Status") }
    var target: String { Words.target(locale) }
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
    var measuresSource: String { "\(source): \(measuresSourceName)" }
    var indexNote: String {
        pick(
            "Elinvoimaindeksi: väestön, työpaikkojen, verotulojen, huoltosuhteen ja koulutustason vuosimuutosten standardoitujen arvojen keskiarvo alueen kunnissa; sija 1 on paras.",
            "Vitalitetsindex: medelvärdet av standardiserade årliga förändringar i befolkning, arbetsplatser, skatteinkomster, försörjningskvot och utbildningsnivå; placering 1 är bäst.",
            "Vitality index: mean of standardised yearly changes in population, jobs, tax revenue, dependency ratio and education across the region's municipalities; rank 1 is best."
        )
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
    var median: String { Words.median(locale) }
    /// Column title of the region's median: "Mediaani, Pirkanmaa", "Pirkanmaa median".
    func regionMedian(_ region: String) -> String {
        locale == .en ? "\(region) \(median.lowercased())" : "\(median), \(region)"
    }
    var municipalities: String { Words.municipalities(locale) }
    var programmeStatus: String { pick("Ohjelman toimenpiteiden tila", "Åtgärdernas status", "Status of the programme's measures") }
    var measuresWord: String { Words.measures(locale) }
    var measuresSourceName: String {
        pick("elinvoimaohjelman seurantataulukko", "uppföljningstabell för vitalitetsprogrammet", "vitality programme tracking sheet")
    }

    func statusName(_ status: MeasureStatus) -> String {
        status.name(locale)
    }

    /// "Most improved" sentence; the rank, not the municipality, is its subject, so it reads
    /// right in any home municipality's report.
    func mostImproved(name: String, region: String, regionGenitive: String, year: Int, from: Int, to: Int) -> String {
        pick(
            "Elinvoimaindeksin sija parani vuonna \(year) eniten \(regionGenitive) kunnista kunnalla \(name): sijalta \(from) sijalle \(to).",
            "År \(year) förbättrades placeringen i vitalitetsindexet mest för kommunen \(name) i \(region): från plats \(from) till plats \(to).",
            "In \(year), the vitality index rank improved most for the municipality of \(name) in \(region): from \(from) to \(to).")
    }

    /// The "most improved" sentence in a year when no municipality's rank improved.
    func noneImprovedSentence(region: String, regionGenitive: String, year: Int) -> String {
        pick(
            "Vuonna \(year) yhdenkään \(regionGenitive) kunnan elinvoimaindeksin sija ei parantunut edellisestä vuodesta, tai indeksiä ei voitu laskea.",
            "År \(year) förbättrades ingen kommuns placering i vitalitetsindexet i \(region) från föregående år, eller så kunde indexet inte beräknas.",
            "In \(year), no municipality of \(region) improved its vitality index rank from the previous year, or the index could not be computed.")
    }

    var statisticsFinland: String { pick("Tilastokeskus", "Statistikcentralen", "Statistics Finland") }

    /// Whether a source text says its figures are (partly) illustrative, in any of the languages.
    func marksIllustrative(_ source: String) -> Bool {
        let lowered = source.lowercased()
        return ["illustrative", "havainnollist", "illustrativ"].contains { lowered.contains($0) }
    }

    /// The once-per-report note that some texts of the input data are shown in Finnish.
    func untranslatedNote(_ kinds: [String]) -> String {
        let names = kinds.map { kind -> String in
            switch kind {
            case "measure titles": return pick("toimenpiteiden nimet", "åtgärdernas namn", "measure titles")
            case "team names": return pick("vastuuyksiköt", "ansvarsenheterna", "team names")
            case "goal areas": return pick("tavoitealueet", "målområdena", "goal areas")
            case "sources": return pick("lähteet", "källorna", "sources")
            case "units": return pick("toimenpiteiden mittayksiköt", "åtgärdernas enheter", "units of the measures")
            default: return kind
            }
        }
        let list = names.joined(separator: ", ")
        return pick(
            "Seuraavat lähtöaineiston tekstit ovat aineistossa vain suomeksi ja näkyvät suomeksi: \(list).",
            "Följande texter finns i källdata bara på finska och visas på finska: \(list).",
            "The following texts of the source data exist only in Finnish and are shown in Finnish: \(list).")
    }

}
