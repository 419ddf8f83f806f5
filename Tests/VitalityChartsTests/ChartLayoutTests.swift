import Testing
import VitalityModel
import VitalityRender
import VitalityScene
@testable import VitalityCharts

@Suite struct LineChartTests {
    let measurer = PangoTextMeasurer()
    let size = Size(480, 300)

    func populationSpec() -> LineChartSpec {
        LineChartSpec(
            header: Pirkanmaa.header("Väkiluku 2015–2021", subtitle: "Orivesi ja Pirkanmaan kuntien mediaani"),
            years: Array(2015...2021),
            series: [
                LineSeries(name: "Orivesi", role: .home, values: [9_466, 9_395, 9_327, 9_243, 9_155, 9_060, 8_978]),
                LineSeries(name: "Mediaani", role: .median, values: [9_800, 9_750, nil, 9_700, 9_650, 9_600, 9_610]),
            ],
            target: TargetLine(value: 9_500, year: 2021), format: ValueFormat(decimals: 0, unit: "asukasta"))
    }

    @Test func populationLine() {
        let scene = ChartLayout.layout(populationSpec(), size: size, measurer: measurer)
        Preview.write(scene, name: "line")
        expectCleanLayout(scene, measurer: measurer)
        let texts = scene.allTexts.map(\.text)
        #expect(texts.contains("Orivesi 8\u{00A0}978"))
        #expect(texts.contains("Tavoite 2021: 9\u{00A0}500"))
        #expect(texts.contains("Lähde: Tilastokeskus"))
        #expect(scene.altText == "Väkiluku 2015–2021: Orivesi 8\u{00A0}978 asukasta 2021, Mediaani 9\u{00A0}610 asukasta 2021, tavoite 2021 9\u{00A0}500 asukasta.")
        // The home label is bold in the highlight colour.
        let home = scene.allTexts.first { $0.text.hasPrefix("Orivesi") && $0.role == .value }
        #expect(home?.style.color == ChartTheme.standard.highlight)
        #expect(home?.style.font.weight == .bold)
    }

    @Test func englishAndSwedishWords() {
        var spec = populationSpec()
        spec.header.locale = .en
        spec.format.unit = "inhabitants"
        let english = ChartLayout.layout(spec, size: size, measurer: measurer)
        expectCleanLayout(english, measurer: measurer)
        #expect(english.allTexts.contains { $0.text == "Target 2021: 9,500" })
        #expect(english.allTexts.contains { $0.text == "Source: Tilastokeskus" })
        #expect(english.altText.hasPrefix("Väkiluku 2015–2021: Orivesi 8,978 inhabitants 2021"))
        spec.header.locale = .sv
        let swedish = ChartLayout.layout(spec, size: size, measurer: measurer)
        #expect(swedish.allTexts.contains { $0.text == "Mål 2021: 9\u{00A0}500" })
        #expect(swedish.allTexts.contains { $0.text == "Källa: Tilastokeskus" })
    }

    @Test func missingPointBreaksTheLine() {
        let scene = ChartLayout.layout(populationSpec(), size: size, measurer: measurer)
        let dashedPaths = scene.items.compactMap { item -> [PathElement]? in
            if case .shape(.path(let elements), nil, let stroke?) = item, stroke.dash == [4, 3] { return elements }
            return nil
        }
        // Median: 2015–2016, gap at 2017, then 2018–2021 → two moves and 1 + 3 lines.
        let moves = dashedPaths.first?.filter { if case .move = $0 { true } else { false } }.count
        #expect(moves == 2)
        #expect(dashedPaths.first?.count == 6)
    }

    @Test func stressCases() {
        let single = LineChartSpec(
            header: Pirkanmaa.header("Yksi piste"), years: [2021], series: [LineSeries(name: "Orivesi", role: .home, values: [8978])])
        let empty = LineChartSpec(
            header: Pirkanmaa.header("Ei arvoja"), years: [2020, 2021], series: [LineSeries(name: "Orivesi", role: .home, values: [nil, nil])])
        let long = LineChartSpec(
            header: Pirkanmaa.header(String(repeating: "Alueella olevien työpaikkojen lukumäärä ", count: 6)),
            years: Array(1990...2021),
            series: [LineSeries(name: "Orivesi–Juupajoki yhteistoiminta-alueen pitkä nimi", role: .home, values: (0..<32).map { Double(-$0) * 0.13 }),
                     LineSeries(name: "Mediaani", role: .median, values: (0..<32).map { Double($0) * 0.1 - 1 })]
                + Pirkanmaa.population.prefix(6).map { LineSeries(name: $0.0, role: .other, values: Array(repeating: $0.1 / 10_000, count: 32)) },
            format: ValueFormat(decimals: 1, kind: .percentChange), otherSeriesLabel: "Muut kunnat")
        for (index, spec) in [single, empty, long].enumerated() {
            let scene = ChartLayout.layout(spec, size: size, measurer: measurer)
            Preview.write(scene, name: "line-stress-\(index)")
            expectCleanLayout(scene, measurer: measurer)
        }
        #expect(ChartLayout.layout(empty, size: size, measurer: measurer).allTexts.contains { $0.text == "Ei tietoja" })
        #expect(ChartLayout.layout(single, size: size, measurer: measurer).allTexts.contains { $0.text == "2021" })
    }
}

@Suite struct RankingChartTests {
    let measurer = PangoTextMeasurer()

    func spec(_ entries: [(String, Double?)], descending: Bool = true, format: ValueFormat = ValueFormat()) -> RankingChartSpec {
        RankingChartSpec(
            header: Pirkanmaa.header("Väkiluku 2021", subtitle: "Pirkanmaan kunnat"),
            entries: entries.map { RankingEntry(name: $0.0, value: $0.1, isHome: $0.0 == "Orivesi") }, descending: descending,
            format: format)
    }

    /// Bars (not background, not legend) with their colours, top to bottom.
    func bars(_ scene: Scene) -> [(Rect, Color)] {
        filledRects(scene).sorted { $0.0.minY < $1.0.minY }
    }

    @Test func populationRanking() {
        let scene = ChartLayout.layout(spec(Pirkanmaa.population.map { ($0.0, $0.1) }), size: Size(480, 520), measurer: measurer)
        Preview.write(scene, name: "ranking")
        expectCleanLayout(scene, measurer: measurer)
        let drawn = bars(scene)
        #expect(drawn.count == 23)
        // Descending: widths never grow downwards; Tampere (244 000) is first.
        #expect(zip(drawn, drawn.dropFirst()).allSatisfy { $0.0.width >= $1.0.width })
        // Orivesi (8 978) is 12th: eleven municipalities have more (Tampere … Mänttä-Vilppula 9 600).
        let highlighted = drawn.enumerated().filter { $0.element.1 == ChartTheme.standard.highlight }.map(\.offset)
        #expect(highlighted == [11])
        let orivesi = scene.allTexts.first { $0.text == "Orivesi" }
        let homeBar = drawn[11].0
        #expect(orivesi.map { abs($0.frame.midY - homeBar.midY) < 0.5 } == true)
        #expect(scene.allTexts.filter { $0.role == .label && $0.style.alignment == .trailing }.count == 23)
        #expect(scene.altText.hasPrefix("Väkiluku 2021: Orivesi sijalla 12/23 (8\u{00A0}978), kärjessä Tampere (244\u{00A0}000)"))
    }

    @Test func ascendingWithNegativesAndMissing() {
        var entries: [(String, Double?)] = Pirkanmaa.change.map { ($0.0, $0.1) }
        entries[3].1 = nil
        let scene = ChartLayout.layout(
            spec(entries, descending: false, format: ValueFormat(decimals: 1, kind: .percentChange)), size: Size(480, 520),
            measurer: measurer)
        Preview.write(scene, name: "ranking-negative")
        expectCleanLayout(scene, measurer: measurer)
        let drawn = bars(scene)
        // 23 rows, Juupajoki missing; Nokia's change (9 · 37 mod 29 − 14 = 0) is a 1.5 pt sliver
        // on the axis so that a zero reads differently from a missing value.
        #expect(drawn.count == 22)
        #expect(drawn.contains { abs($0.0.width - 1.5) < 1e-9 })
        // Ascending: the bar's signed end increases downwards; positive bars start at zero.
        let zeroX = drawn.map(\.0.minX).max() ?? 0
        let ends = drawn.map { $0.0.minX < zeroX - 0.01 ? -$0.0.width : $0.0.width }
        #expect(zip(ends, ends.dropFirst()).allSatisfy { $0 <= $1 + 1e-9 })
        // Juupajoki is missing: listed last with "–".
        let juupajoki = scene.allTexts.first { $0.text == "Juupajoki" }
        let dash = scene.allTexts.first { $0.text == "–" }
        #expect(juupajoki != nil && dash != nil)
        #expect(scene.allTexts.filter { $0.style.alignment == .trailing && $0.role == .label }.map(\.frame.midY).max() == juupajoki?.frame.midY)
    }

    @Test func stressCases() {
        let longName = String(repeating: "Hyvin pitkä kunnan nimi ", count: 8)
        let cases: [RankingChartSpec] = [
            spec([(longName, 3), ("Orivesi", 2), ("Akaa", -1)]),
            spec(Pirkanmaa.population.map { ($0.0, nil) }),
            spec([("Orivesi", 8978)]),
            spec((0..<300).map { index -> (String, Double?) in
                let name = index == 150 ? "Orivesi" : "Kunta \(index)"
                let value = Double((index * 7919) % 1000) - 300
                return (name, value)
            }),
        ]
        for (index, spec) in cases.enumerated() {
            let scene = ChartLayout.layout(spec, size: Size(480, 700), measurer: measurer)
            Preview.write(scene, name: "ranking-stress-\(index)")
            expectCleanLayout(scene, measurer: measurer)
        }
        let crowded = ChartLayout.layout(cases[3], size: Size(480, 700), measurer: measurer)
        #expect(bars(crowded).count == 300)
        #expect(crowded.allTexts.contains { $0.text == "Orivesi" })
        #expect(bars(crowded).filter { $0.1 == ChartTheme.standard.highlight }.count == 1)
        let truncated = ChartLayout.layout(cases[0], size: Size(480, 700), measurer: measurer).allTexts.first { $0.text == longName }
        #expect(truncated.map { $0.frame.width <= 480 * 0.35 + 0.01 } == true)
        #expect(ChartLayout.layout(cases[1], size: Size(480, 700), measurer: measurer).allTexts.contains { $0.text == "Ei tietoja" })
    }
}

@Suite struct GroupedBarChartTests {
    let measurer = PangoTextMeasurer()

    @Test func yearlyChanges() {
        let spec = GroupedBarChartSpec(
            header: Pirkanmaa.header("Orivesi: muutos edellisestä vuodesta", subtitle: "%"),
            groups: ["2019", "2020", "2021"],
            categories: [
                BarCategory(label: "Väkiluku", values: [-0.96, -1.04, -0.9]),
                BarCategory(label: "Alueella olevien työpaikkojen lukumäärä", values: [1.2, -3.4, 2.1]),
                BarCategory(label: "Verotulot", values: [3.5, 4.1, nil]),
                BarCategory(label: "Taloudellinen huoltosuhde", values: [0.8, 5.2, -1.5]),
                BarCategory(label: "Koulutustaso", values: [0.4, 0.5, 0.6]),
            ])
        let scene = ChartLayout.layout(spec, size: Size(480, 300), measurer: measurer)
        Preview.write(scene, name: "grouped")
        expectCleanLayout(scene, measurer: measurer)
        let legend = scene.allTexts.filter { ["2019", "2020", "2021"].contains($0.text) }
        #expect(legend.count == 3)
        // Slots are (390 / 5) · 0.84 / 3 ≈ 22 pt wide: "−3,4 %" does not fit, so labels drop the suffix.
        #expect(scene.allTexts.contains { $0.text == "\u{2212}3,4" && $0.role == .value })
        #expect(!scene.allTexts.contains { $0.role == .value && $0.text.hasSuffix("%") })
        // 14 values, one missing: 14 bars plus three legend swatches.
        #expect(filledRects(scene).count == 17)
        #expect(scene.altText.hasPrefix("Orivesi: muutos edellisestä vuodesta: 2021 Väkiluku \u{2212}0,9\u{00A0}%, Alueella"))
    }

    @Test func stressCases() {
        let many = GroupedBarChartSpec(
            header: Pirkanmaa.header("Kaikki kunnat"), groups: ["2019", "2020", "2021"],
            categories: Pirkanmaa.change.map { BarCategory(label: $0.0, values: [$0.1, -$0.1, $0.1 / 2]) })
        let empty = GroupedBarChartSpec(
            header: Pirkanmaa.header("Tyhjä"), groups: ["2021"], categories: [BarCategory(label: "Väkiluku", values: [nil])])
        let negative = GroupedBarChartSpec(
            header: Pirkanmaa.header("Negatiivinen", locale: .en), groups: ["2021"],
            categories: [BarCategory(label: String(repeating: "Very long indicator label ", count: 5), values: [-12.5])])
        for (index, spec) in [many, empty, negative].enumerated() {
            let scene = ChartLayout.layout(spec, size: Size(480, 300), measurer: measurer)
            Preview.write(scene, name: "grouped-stress-\(index)")
            expectCleanLayout(scene, measurer: measurer)
        }
    }
}

@Suite struct StatusChartTests {
    let measurer = PangoTextMeasurer()

    @Test func programmeStatus() {
        let spec = StatusChartSpec(
            header: Pirkanmaa.header("Elinvoimaohjelman toimenpiteet", subtitle: "Tilanne 31.12.2021"),
            rows: [
                StatusRow(label: "Asuminen", counts: [.planned: 2, .ongoing: 5, .done: 3]),
                StatusRow(label: "Elinkeinoelämä", counts: [.ongoing: 4, .done: 6, .delayed: 1]),
                StatusRow(label: "Maankäyttö", counts: [.planned: 1, .delayed: 2, .suspended: 1]),
                StatusRow(label: "Vuorovaikutus ja osallisuus", counts: [.done: 2, .ongoing: 1]),
            ])
        let scene = ChartLayout.layout(spec, size: Size(480, 260), measurer: measurer)
        Preview.write(scene, name: "status")
        expectCleanLayout(scene, measurer: measurer)
        let texts = scene.allTexts.map(\.text)
        for name in ["Suunniteltu", "Käynnissä", "Valmis", "Viivästynyt", "Keskeytetty"] { #expect(texts.contains(name)) }
        #expect(texts.contains("11"))  // Elinkeinoelämä: 4 + 6 + 1
        #expect(scene.altText == "Elinvoimaohjelman toimenpiteet: 28 toimenpidettä, suunniteltu 3, käynnissä 10, valmis 11, viivästynyt 3, keskeytetty 1.")
        #expect(MeasureStatus.delayed.name(.sv) == "Försenad")
    }

    @Test func stressCases() {
        let empty = StatusChartSpec(header: Pirkanmaa.header("Tyhjä"), rows: [StatusRow(label: "Asuminen", counts: [:])])
        let crowded = StatusChartSpec(
            header: Pirkanmaa.header("Paljon", locale: .sv),
            rows: (0..<40).map { StatusRow(label: "Målområde \($0) med ett mycket långt namn som inte ryms", counts: [.done: $0, .ongoing: 40 - $0]) })
        for (index, spec) in [empty, crowded].enumerated() {
            let scene = ChartLayout.layout(spec, size: Size(480, 400), measurer: measurer)
            Preview.write(scene, name: "status-stress-\(index)")
            expectCleanLayout(scene, measurer: measurer)
        }
    }
}

@Suite struct KPITilesTests {
    let measurer = PangoTextMeasurer()

    func tiles() -> [KPITile] {
        [
            KPITile(label: "Väkiluku", value: 8978, change: -0.9, sentiment: .bad, subtitle: "2021"),
            KPITile(label: "Työttömyysaste", value: 9.34, format: ValueFormat(decimals: 1, isRate: true), change: -1.2,
                    changeFormat: ValueFormat(decimals: 1, kind: .percentagePoints), sentiment: .good, subtitle: "2021"),
            KPITile(label: "Alueella olevien työpaikkojen lukumäärä", value: 3120, change: 2.1, sentiment: .good),
            KPITile(label: "Verotulot, € / asukas", value: nil, change: nil),
        ]
    }

    @Test func kpiGrid() {
        let spec = KPITilesSpec(header: Pirkanmaa.header("Orivesi lyhyesti"), tiles: tiles())
        let scene = ChartLayout.layout(spec, size: Size(480, 240), measurer: measurer)
        Preview.write(scene, name: "kpi")
        expectCleanLayout(scene, measurer: measurer)
        let change = scene.allTexts.first { $0.text == "▼ \u{2212}1,2\u{00A0}%-yks." }
        #expect(change?.style.color == ChartTheme.standard.good)
        #expect(scene.allTexts.first { $0.text == "▼ \u{2212}0,9\u{00A0}%" }?.style.color == ChartTheme.standard.bad)
        #expect(scene.allTexts.contains { $0.text == "–" })
        #expect(scene.altText.hasPrefix("Orivesi lyhyesti: Väkiluku 8\u{00A0}978 2021 (\u{2212}0,9\u{00A0}%), Työttömyysaste 9,3\u{00A0}%"))
    }

    @Test func narrowAndCrowded() {
        let many = KPITilesSpec(header: Pirkanmaa.header("Paljon"), tiles: Array(repeating: tiles(), count: 6).flatMap { $0 })
        let narrow = KPITilesSpec(header: Pirkanmaa.header("Kapea"), tiles: tiles(), columns: 4)
        for (index, (spec, size)) in [(many, Size(480, 300)), (narrow, Size(200, 160))].enumerated() {
            let scene = ChartLayout.layout(spec, size: size, measurer: measurer)
            Preview.write(scene, name: "kpi-stress-\(index)")
            expectCleanLayout(scene, measurer: measurer)
            // Every tile keeps its value, however short the tile.
            let values = scene.allTexts.filter { $0.role == .value && $0.style.font.weight == .bold }
            #expect(values.count == spec.tiles.count)
            for value in scene.allTexts where value.role == .value {
                #expect(measurer.measure(value.text, style: value.style).width <= value.frame.width + 0.01, "\(value.text) is ellipsized")
            }
        }
    }
}

@Suite struct ThemeAndDispatchTests {
    @Test func textColoursReadOnWhiteAndTiles() {
        let theme = ChartTheme.standard
        for colour in [theme.text, theme.secondaryText, theme.highlight, theme.good, theme.bad, theme.neutral] {
            #expect(colour.contrastRatio(with: .white) >= 4.5)
            #expect(colour.contrastRatio(with: theme.tileBackground) >= 4.5)
        }
        // WCAG: black on white is 21:1.
        #expect(abs(Color.black.contrastRatio(with: .white) - 21) < 1e-9)
    }

    @Test func anySpecDispatches() {
        let measurer = PangoTextMeasurer()
        let spec = AnyChartSpec.status(StatusChartSpec(
            header: Pirkanmaa.header("Tila", locale: .en), rows: [StatusRow(label: "Housing", counts: [.done: 1])]))
        #expect(spec.kind == .status)
        let scene = ChartLayout.layout(spec, size: Size(300, 200), measurer: measurer)
        #expect(scene.title == "Tila")
        #expect(scene.allTexts.contains { $0.text == "Source: Tilastokeskus" })
        #expect(scene.allTexts.contains { $0.text == "Done" })
    }
}
