import Foundation
import VitalityModel
import VitalityScene

/// One example chart of every type, from generated Pirkanmaa-like figures (round, illustrative
/// numbers, not statistics). Used by `vitality gallery`, the golden tests and the benchmark.
package enum ChartGallery {
    /// A named example chart and the size it is drawn at.
    package struct Sample: Sendable {
        package var name: String
        package var spec: AnyChartSpec
        package var size: Size
    }

    static let municipalities: [(String, Double)] = [
        ("Akaa", 16_500), ("Hämeenkyrö", 10_400), ("Ikaalinen", 6_900), ("Juupajoki", 1_800), ("Kangasala", 32_900),
        ("Kihniö", 1_800), ("Kuhmoinen", 2_100), ("Lempäälä", 24_300), ("Mänttä-Vilppula", 9_600), ("Nokia", 34_400),
        ("Orivesi", 8_978), ("Parkano", 6_300), ("Pirkkala", 19_700), ("Punkalaidun", 2_800), ("Pälkäne", 6_500),
        ("Ruovesi", 4_200), ("Sastamala", 24_000), ("Tampere", 244_000), ("Urjala", 4_600), ("Valkeakoski", 20_800),
        ("Vesilahti", 4_500), ("Virrat", 6_500), ("Ylöjärvi", 33_500),
    ]

    /// A deterministic wobble in −1…1 for generated values.
    static func wobble(_ i: Int, _ j: Int) -> Double { Double((i * 37 + j * 11) % 29 - 14) / 14 }

    package static func samples(locale: ReportLocale = .fi) -> [Sample] {
        let header = { (title: String, subtitle: String?) in
            ChartHeader(title: title, subtitle: subtitle, sourceNote: "Tilastokeskus (esimerkkiaineisto)", locale: locale)
        }
        let years = Array(2015...2021)
        let wide = Size(480, 300)
        let orivesi = [9_466.0, 9_395, 9_327, 9_243, 9_155, 9_060, 8_978]
        let line = LineChartSpec(
            header: header("Väkiluku 2015–2021", "Orivesi, Pirkanmaan kuntien mediaani ja tavoite"), years: years,
            series: [
                LineSeries(name: "Orivesi", role: .home, values: orivesi),
                LineSeries(name: "Mediaani", role: .median, values: [9_800, 9_750, 9_720, 9_700, 9_650, 9_600, 9_610]),
            ],
            target: TargetLine(value: 9_500, year: 2021), format: ValueFormat(decimals: 0, unit: "asukasta"),
            periods: [ShadedPeriod(from: 2018, to: 2021, label: "Ohjelmakausi 2018–2021")],
            annotations: [LineAnnotation(year: 2019, value: 9_155, text: "Koulukeskus valmistui")])
        let ranking = RankingChartSpec(
            header: header("Väestönmuutos 2021", "Pirkanmaan kunnat, muutos edellisestä vuodesta"),
            entries: municipalities.enumerated().map { i, m in RankingEntry(name: m.0, value: wobble(i, 1) * 1.4, isHome: m.0 == "Orivesi") },
            format: ValueFormat(decimals: 1, kind: .percentChange))
        let grouped = GroupedBarChartSpec(
            header: header("Muutos vuosittain", "Orivesi, muutos edellisestä vuodesta"), groups: ["2019", "2020", "2021"],
            categories: [
                BarCategory(label: "Väkiluku", values: [-0.9, -1.0, -0.9]),
                BarCategory(label: "Työpaikat", values: [1.2, -2.8, 1.9]),
                BarCategory(label: "Verotulot asukasta kohden", values: [2.4, 0.6, 3.1]),
                BarCategory(label: "Yritykset", values: [0.4, nil, 1.1]),
            ])
        let vertical = BarChartSpec(
            header: header("Työpaikat 2021", "Orivesi ja naapurikunnat"), series: ["Työpaikat"],
            categories: [("Juupajoki", 480.0), ("Kangasala", 9_870), ("Orivesi", 3_020), ("Pälkäne", 1_760), ("Ruovesi", 1_190)]
                .map { BarCategory(label: $0.0, values: [$0.1]) },
            format: ValueFormat(decimals: 0, unit: "työpaikkaa"), highlightedCategory: 2)
        let horizontal = BarChartSpec(
            header: header("Verotulot asukasta kohden 2020 ja 2021", "euroa"), series: ["2020", "2021"],
            categories: [("Orivesi", 3_910.0, 4_020.0), ("Pirkanmaa", 4_350, 4_470), ("Koko maa", 4_480, 4_590)]
                .map { BarCategory(label: $0.0, values: [$0.1, $0.2]) },
            orientation: .horizontal, format: ValueFormat(decimals: 0, unit: "€"))
        let ageGroups = ["0–14", "15–64", "65–"]
        let stacked = BarChartSpec(
            header: header("Väestö ikäryhmittäin", "Orivesi"), series: ageGroups,
            categories: [2015, 2017, 2019, 2021].enumerated().map { i, year in
                BarCategory(label: String(year), values: [1_450 - Double(i) * 40, 5_600 - Double(i) * 130, 2_416 + Double(i) * 80])
            }, stacking: .stacked)
        var percent = stacked
        percent.header = header("Ikärakenne", "Orivesi, osuus väestöstä")
        percent.stacking = .percent
        percent.orientation = .horizontal
        let slope = SlopeChartSpec(
            header: header("Työllisyysaste 2015 ja 2021", "Pirkanmaan kunnat"), startLabel: "2015", endLabel: "2021",
            entries: municipalities.enumerated().map { i, m in
                SlopeEntry(name: m.0, start: 66 + wobble(i, 2) * 5, end: 70 + wobble(i, 3) * 5, isHome: m.0 == "Orivesi")
            },
            format: ValueFormat(decimals: 1, kind: .rate))
        let dotRange = DotRangeChartSpec(
            header: header("Orivesi Pirkanmaan kuntien joukossa", "Muutos 2020–2021, %"), homeName: "Orivesi",
            rows: ["Väkiluku", "Työpaikat", "Verotulot asukasta kohden", "Yritykset"].enumerated().map { r, label in
                DotRangeRow(label: label, values: municipalities.indices.map { wobble($0, r + 4) * Double(r + 1) }, home: wobble(10, r + 4) * Double(r + 1))
            },
            format: ValueFormat(decimals: 1, kind: .percentChange))
        let multiples = SmallMultiplesSpec(
            header: header("Kuusi tunnuslukua 2015–2021", "Orivesi ja Pirkanmaan mediaani, omat asteikot"), years: years,
            panels: ["Väkiluku", "Työpaikat", "Työllisyysaste, %", "Verotulot, €/as.", "Yritykset", "Huoltosuhde"].enumerated().map { p, title in
                SmallMultiplePanel(title: title, series: [
                    LineSeries(name: "Orivesi", role: .home, values: years.indices.map { 100 + Double(p + 1) * (Double($0) + wobble($0, p)) }),
                    LineSeries(name: "Mediaani", role: .median, values: years.indices.map { 102 + Double(p) * Double($0) * 0.7 }),
                ])
            },
            sharedScale: false, columns: 3, format: ValueFormat(decimals: 0))
        let status = StatusChartSpec(
            header: ChartHeader(title: "Toimenpiteiden tila", subtitle: "Vetovoimaohjelma 2018–2021",
                                sourceNote: "ohjelman seurantataulukko (esimerkki)", locale: locale),
            rows: [
                StatusRow(label: "Elinvoimainen keskusta", counts: [.done: 3, .ongoing: 4, .delayed: 1]),
                StatusRow(label: "Yritykset ja työ", counts: [.done: 2, .ongoing: 2, .planned: 2]),
                StatusRow(label: "Asuminen ja muuttajat", counts: [.ongoing: 3, .suspended: 1, .planned: 1]),
            ])
        let kpi = KPITilesSpec(
            header: header("Tunnusluvut 2021", nil),
            tiles: [
                KPITile(label: "Väkiluku", value: 8_978, change: -0.9, sentiment: .bad, subtitle: "2021"),
                KPITile(label: "Työpaikat", value: 3_020, change: 1.9, sentiment: .good, subtitle: "2021"),
                KPITile(label: "Työllisyysaste", value: 71.2, format: ValueFormat(decimals: 1, kind: .rate), change: 0.8,
                        changeFormat: ValueFormat(decimals: 1, kind: .percentagePoints), sentiment: .good, subtitle: "2021"),
            ])
        return [
            Sample(name: "line", spec: .line(line), size: wide),
            Sample(name: "ranking", spec: .ranking(ranking), size: Size(480, 420)),
            Sample(name: "grouped-bars", spec: .groupedBar(grouped), size: wide),
            Sample(name: "vertical-bars", spec: .bar(vertical), size: wide),
            Sample(name: "horizontal-bars", spec: .bar(horizontal), size: Size(480, 220)),
            Sample(name: "stacked-bars", spec: .bar(stacked), size: wide),
            Sample(name: "percent-bars", spec: .bar(percent), size: Size(480, 260)),
            Sample(name: "slope", spec: .slope(slope), size: Size(480, 420)),
            Sample(name: "dot-range", spec: .dotRange(dotRange), size: Size(480, 280)),
            Sample(name: "small-multiples", spec: .smallMultiples(multiples), size: Size(480, 320)),
            Sample(name: "status", spec: .status(status), size: Size(480, 220)),
            Sample(name: "kpi-tiles", spec: .kpiTiles(kpi), size: Size(480, 160)),
        ]
    }

    /// An example table (for the table layout's gallery image).
    package static func table(locale: ReportLocale = .fi) -> TableSpec {
        TableSpec(
            columns: [TableColumn(title: "Kunta", weight: 2), TableColumn(title: "Väkiluku 2021"), TableColumn(title: "Muutos, %")],
            rows: municipalities.prefix(12).enumerated().map { i, m in
                [.text(m.0), .number(m.0 == "Kuhmoinen" ? nil : m.1, ValueFormat(decimals: 0)),
                 .number(wobble(i, 1) * 1.4, ValueFormat(decimals: 1, kind: .percentChange))]
            },
            locale: locale)
    }
}
