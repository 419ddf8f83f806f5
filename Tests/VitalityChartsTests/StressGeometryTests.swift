import Testing
import VitalityRender
import VitalityScene
@testable import VitalityCharts

/// Geometry promises on generated hard cases: every text on the canvas and inside the frame it
/// was measured into, no two texts overlapping, and no furniture text (title, subtitle, source,
/// axis tick) lying on a data mark.
func expectSoundGeometry(_ scene: Scene, measurer: PangoTextMeasurer, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let canvas = Rect(x: 0, y: 0, width: scene.size.width, height: scene.size.height)
    let texts = scene.allTexts
    for text in texts {
        #expect(canvas.contains(text.frame), "\(what): '\(text.text)' leaves the canvas", sourceLocation: sourceLocation)
        let metrics = measurer.measure(text.text, style: text.style, maxWidth: text.frame.width, maxLines: text.wraps ? text.maxLines : 1)
        #expect(metrics.width <= text.frame.width + 0.01 && metrics.height <= text.frame.height + 0.01,
                "\(what): '\(text.text)' is larger than its frame", sourceLocation: sourceLocation)
    }
    for i in texts.indices {
        for j in texts.indices where j > i && texts[i].frame.intersects(texts[j].frame) {
            Issue.record("\(what): '\(texts[i].text)' overlaps '\(texts[j].text)'", sourceLocation: sourceLocation)
        }
    }
    let marks = dataMarks(scene)
    for text in texts where [.title, .subtitle, .note, .tick].contains(text.role) {
        for mark in marks where mark.intersects(text.frame.insetBy(dx: 0.5, dy: 0.5)) {
            Issue.record("\(what): \(text.role) '\(text.text)' lies on a data mark \(mark)", sourceLocation: sourceLocation)
        }
    }
}

/// Bars, segments and dots: filled rectangles and circles other than the background and the
/// light fills (tiles, range bands, shaded periods), as rectangles.
func dataMarks(_ scene: Scene) -> [Rect] {
    let theme = ChartTheme.standard
    let light: Set<Color> = [theme.background, theme.tileBackground, theme.gridline]
    return scene.items.compactMap { item in
        switch item {
        case .shape(.rect(let rect, _), let fill?, nil) where !light.contains(fill):
            return rect
        case .shape(.circle(let centre, let radius), let fill?, nil) where !light.contains(fill):
            return Rect(x: centre.x - radius, y: centre.y - radius, width: 2 * radius, height: 2 * radius)
        default:
            return nil
        }
    }
}

/// Hard inputs for every chart type.
enum Stress {
    static let longName = "Pohjois-Pirkanmaan seutukunnan elinvoimaisuuden kehittämiskeskuksen toimialue"
    static let header = ChartHeader(
        title: "Kuntien välinen nettomuutto ja työpaikkojen määrän muutos suhteessa edellisen vuoden väestöön, Pirkanmaan kunnat",
        subtitle: "Pitkä alaotsikko, joka ei mahdu yhdelle riville kapeassa kuvassa vaan rivittyy ja lyhenee lopuksi kolmella pisteellä",
        sourceNote: "Tilastokeskus, kuntien avainluvut ja työssäkäyntitilasto, ennakkotiedot", locale: .fi)
    /// About 300 municipalities, as in all of Finland.
    static let finland: [String] = (1...300).map { $0 == 150 ? "Orivesi" : ($0 % 37 == 0 ? longName : "Kunta \($0)") }

    static func magnitudes() -> [(String, [Double?])] {
        [
            ("mixed", [-3.5, 2.25, 0, -0.01, 7.9, nil]),
            ("huge", [1.2e12, 9.9e11, 3e12, 4.4e11, 1e12, 2e12]),
            ("tiny", [1e-6, 2.5e-6, 3e-7, 9e-6, 4e-6, 5e-6]),
            ("negative", [-120, -5, -60, -0.5, -300, -45]),
            ("missing", [nil, nil, nil, nil, nil, nil]),
            ("one", [42, nil, nil, nil, nil, nil]),
        ]
    }

    static func specs() -> [(String, AnyChartSpec)] {
        var result: [(String, AnyChartSpec)] = []
        let years = Array(2016...2021)
        for (name, values) in magnitudes() {
            result.append(("line \(name)", .line(LineChartSpec(
                header: header, years: years,
                series: [LineSeries(name: longName, role: .home, values: values),
                         LineSeries(name: "Mediaani", role: .median, values: values.map { $0.map { $0 * 0.9 } })],
                target: values.compactMap { $0 }.first.map { TargetLine(value: $0 * 1.1, year: 2021) },
                periods: [ShadedPeriod(from: 2018, to: 2021, label: "Ohjelmakausi")],
                annotations: [LineAnnotation(year: 2016, value: values[0] ?? 0, text: "Huomautus \(longName)")]))))
            result.append(("ranking \(name)", .ranking(RankingChartSpec(
                header: header, entries: values.enumerated().map { RankingEntry(name: $0.offset == 2 ? longName : "Kunta \($0.offset)", value: $0.element, isHome: $0.offset == 1) },
                format: ValueFormat(decimals: 2)))))
            for orientation in [BarOrientation.vertical, .horizontal] {
                for stacking in [BarStacking.grouped, .stacked, .percent] {
                    result.append(("bar \(orientation) \(stacking) \(name)", .bar(BarChartSpec(
                        header: header, series: ["2019", "2020", longName],
                        categories: [BarCategory(label: longName, values: Array(values.prefix(3))),
                                     BarCategory(label: "Työpaikat", values: Array(values.suffix(3)))],
                        orientation: orientation, stacking: stacking, format: ValueFormat(decimals: 1, kind: .percentChange)))))
                }
                result.append(("bar \(orientation) one category \(name)", .bar(BarChartSpec(
                    header: header, series: ["2021"], categories: [BarCategory(label: longName, values: [values[0]])],
                    orientation: orientation, format: ValueFormat(decimals: 1)))))
            }
            result.append(("grouped \(name)", .groupedBar(GroupedBarChartSpec(
                header: header, groups: ["2019", "2020", "2021"],
                categories: [BarCategory(label: longName, values: Array(values.prefix(3))), BarCategory(label: "B", values: Array(values.suffix(3)))]))))
            result.append(("slope \(name)", .slope(SlopeChartSpec(
                header: header, startLabel: "2015", endLabel: "2021",
                entries: values.enumerated().map { SlopeEntry(name: $0.offset == 3 ? longName : "Kunta \($0.offset)", start: $0.element, end: $0.element.map { $0 * 1.3 }, isHome: $0.offset == 0) },
                format: ValueFormat(decimals: 1)))))
            result.append(("dot range \(name)", .dotRange(DotRangeChartSpec(
                header: header, homeName: longName,
                rows: [DotRangeRow(label: longName, values: values, home: values[0]), DotRangeRow(label: "Työpaikat", values: values.reversed(), home: values[5])],
                format: ValueFormat(decimals: 2, kind: .percentChange)))))
            for shared in [true, false] {
                result.append(("small multiples shared=\(shared) \(name)", .smallMultiples(SmallMultiplesSpec(
                    header: header, years: years,
                    panels: (0..<5).map { SmallMultiplePanel(title: $0 == 0 ? longName : "Paneeli \($0)", series: [
                        LineSeries(name: "Orivesi", role: .home, values: values.map { v in v.map { $0 * Double($0 < 0 ? 1 : 1 + 0) } }),
                    ]) },
                    sharedScale: shared, format: ValueFormat(decimals: 1)))))
            }
            result.append(("kpi \(name)", .kpiTiles(KPITilesSpec(
                header: header, tiles: values.enumerated().map { KPITile(label: $0.offset == 0 ? longName : "Luku \($0.offset)", value: $0.element, change: $0.element) }))))
        }
        result.append(("ranking of 300", .ranking(RankingChartSpec(
            header: header, entries: finland.enumerated().map { RankingEntry(name: $0.element, value: Double(($0.offset * 73) % 211) - 90, isHome: $0.element == "Orivesi") },
            format: ValueFormat(decimals: 1, kind: .percentChange)))))
        result.append(("slope of 300", .slope(SlopeChartSpec(
            header: header, startLabel: "2015", endLabel: "2021",
            entries: finland.enumerated().map { SlopeEntry(name: $0.element, start: Double(($0.offset * 73) % 211), end: Double(($0.offset * 31) % 199), isHome: $0.element == "Orivesi") }))))
        result.append(("dot range of 300", .dotRange(DotRangeChartSpec(
            header: header, homeName: "Orivesi",
            rows: [DotRangeRow(label: "Väkiluku", values: finland.indices.map { Double(($0 * 73) % 211) }, home: 12)]))))
        result.append(("status", .status(StatusChartSpec(
            header: header, rows: [StatusRow(label: longName, counts: [.done: 1, .ongoing: 40, .delayed: 1]), StatusRow(label: "Tyhjä", counts: [:])]))))
        return result
    }
}

@Suite struct StressGeometryTests {
    let measurer = PangoTextMeasurer()

    @Test(arguments: [Size(480, 300), Size(260, 200), Size(700, 520)])
    func everyChartTypeOnHardInputs(size: Size) {
        let specs = Stress.specs()
        #expect(Set(specs.map(\.1.kind)) == Set(ChartKind.allCases))
        for (name, spec) in specs {
            let scene = ChartLayout.layout(spec, size: size, measurer: measurer)
            expectSoundGeometry(scene, measurer: measurer, "\(name) at \(size.width)×\(size.height)")
            Preview.write(scene, name: "stress-\(Int(size.width))-\(name)")
            #expect(scene.data != nil, "\(name) has no data table")
        }
    }

    @Test func allMissingSaysNoData() {
        for (name, spec) in Stress.specs() where name.hasSuffix(" missing") && !name.hasPrefix("kpi") {
            let scene = ChartLayout.layout(spec, size: Size(480, 300), measurer: measurer)
            #expect(scene.allTexts.contains { $0.text == "Ei tietoja" }, "\(name)")
        }
    }

    @Test func threeHundredRowsKeepTheHomeLabel() throws {
        let spec = try #require(Stress.specs().first { $0.0 == "ranking of 300" }?.1, "no stress case \"ranking of 300\"")
        let scene = ChartLayout.layout(spec, size: Size(480, 700), measurer: measurer)
        #expect(scene.allTexts.contains { $0.text == "Orivesi" })
        // All 300 bars are drawn even where their names do not fit.
        #expect(filledRects(scene).count >= 300)
        let slope = try #require(Stress.specs().first { $0.0 == "slope of 300" }?.1, "no stress case \"slope of 300\"")
        let slopeScene = ChartLayout.layout(slope, size: Size(480, 700), measurer: measurer)
        #expect(slopeScene.allTexts.contains { $0.text.hasPrefix("Orivesi ") && $0.style.font.weight == .bold })
    }
}
