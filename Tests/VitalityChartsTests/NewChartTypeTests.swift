import Testing
import VitalityModel
import VitalityRender
import VitalityScene
@testable import VitalityCharts

@Suite struct NewChartTypeTests {
    let measurer = PangoTextMeasurer()
    let size = Size(480, 300)

    /// A gallery sample's spec; the test fails (rather than passes silently) when it was renamed.
    func sample(_ name: String) throws -> AnyChartSpec {
        try #require(ChartGallery.samples().first { $0.name == name }?.spec, "no gallery sample \(name)")
    }

    @Test func groupedBarsLabelEveryBarOrNone() {
        // The report's case: three years of changes, one of them much longer than the others.
        let spec = GroupedBarChartSpec(
            header: Pirkanmaa.header("Muutos"), groups: ["2019", "2020", "2021"],
            categories: [BarCategory(label: "Väkiluku", values: [-0.9, -1.0, -0.9]), BarCategory(label: "Työpaikat", values: [1.2, -12.8, 1.9]),
                         BarCategory(label: "Verotulot", values: [2.4, 0.6, 3.1])])
        let scene = ChartLayout.layout(spec, size: size, measurer: measurer)
        expectCleanLayout(scene, measurer: measurer)
        let values = scene.allTexts.filter { $0.role == .value }.map(\.text)
        #expect(values.count == 9)
        #expect(values.contains("−12,8\u{00A0}%"))
        // Too narrow for any label: none rather than some.
        let narrow = ChartLayout.layout(spec, size: Size(150, 300), measurer: measurer)
        #expect(narrow.allTexts.filter { $0.role == .value }.isEmpty)
    }

    @Test func stackedBarsSumAndPercentBarsFill() throws {
        let stacked = try #require(try sample("stacked-bars").bar, "stacked-bars is not a bar chart")
        let percent = try #require(try sample("percent-bars").bar, "percent-bars is not a bar chart")
        let scene = ChartLayout.layout(stacked, size: size, measurer: measurer)
        expectCleanLayout(scene, measurer: measurer)
        // 2015: 1 450 + 5 600 + 2 416 = 9 466, shown above the stack.
        #expect(scene.allTexts.contains { $0.text == "9\u{00A0}466" && $0.role == .value })
        let geometry = BarGeometry(spec: percent)
        // 2015 shares: 1 450 / 9 466 = 15.31798 %, 5 600 / 9 466 = 59.15910 %.
        #expect(abs((geometry.share(0, 0) ?? 0) - 15.3180) < 0.0001)
        #expect(abs((geometry.share(0, 1) ?? 0) - 59.1591) < 0.0001)
        let percentScene = ChartLayout.layout(percent, size: size, measurer: measurer)
        #expect(percentScene.allTexts.contains { $0.text == "59\u{00A0}%" })
        // Every 100 % bar spans the plot's whole width: the segments of one row add up.
        let segments = geometry.segments(0)
        #expect(abs((segments.last?.to ?? 0) - 100) < 1e-9)
        #expect(percentScene.data?.rows.first == ["2015", "0–14", "1450", "1\u{00A0}450", "15.31798013944644", "15\u{00A0}%"])
    }

    @Test func negativeStacksGoDown() {
        let spec = BarChartSpec(
            header: Pirkanmaa.header("Nettomuutto"), series: ["Tulo", "Lähtö"],
            categories: [BarCategory(label: "2021", values: [120, -150])], stacking: .stacked)
        let geometry = BarGeometry(spec: spec)
        #expect(geometry.segments(0).map(\.from) == [0, -150])
        #expect(geometry.totals == [-30])
        #expect(geometry.low == -150 && geometry.high == 120)
        let scene = ChartLayout.layout(spec, size: size, measurer: measurer)
        #expect(scene.allTexts.contains { $0.text == "−30" })
    }

    @Test func singleSeriesHighlightsTheHomeCategory() throws {
        let spec = try #require(try sample("vertical-bars").bar, "vertical-bars is not a bar chart")
        let scene = ChartLayout.layout(spec, size: size, measurer: measurer)
        let bars = filledRects(scene).filter { $0.1 == ChartTheme.standard.highlight || $0.1 == ChartTheme.standard.muted }
        #expect(bars.count == 5)
        #expect(bars.filter { $0.1 == ChartTheme.standard.highlight }.count == 1)
        #expect(scene.allTexts.contains { $0.text == "3\u{00A0}020" && $0.style.font.weight == .bold })
    }

    @Test func slopeLabelsHomeFirstWithoutCollisions() throws {
        let spec = try #require(try sample("slope").slope, "slope is not a slope chart")
        let scene = ChartLayout.layout(spec, size: Size(480, 300), measurer: measurer)
        expectCleanLayout(scene, measurer: measurer)
        let home = spec.entries.first { $0.isHome }
        let label = "Orivesi " + spec.format.string(home?.end, locale: .fi)
        #expect(scene.allTexts.contains { $0.text == label && $0.style.font.weight == .bold })
        // Every left value label has its right name label.
        let right = scene.allTexts.filter { $0.role == .value && $0.style.alignment == .leading }.count
        let left = scene.allTexts.filter { $0.role == .value && $0.style.alignment == .trailing }.count
        #expect(left <= right && right > 5)
        #expect(scene.data?.rows.count == 23)
    }

    @Test func dotRangeStatistics() {
        let row = DotRangeRow(label: "x", values: [3, nil, 1, 4, 1.5], home: 3)
        #expect(row.median == 2.25)  // (1.5 + 3) / 2
        #expect(row.finite == [1, 1.5, 3, 4])
        let spec = DotRangeChartSpec(header: Pirkanmaa.header("Hajonta"), homeName: "Orivesi", rows: [row], format: ValueFormat(decimals: 2))
        let scene = ChartLayout.layout(spec, size: size, measurer: measurer)
        expectCleanLayout(scene, measurer: measurer)
        #expect(scene.allTexts.contains { $0.text == "3,00" && $0.role == .value })
        #expect(scene.data?.rows == [
            ["x", "home", "3", "3,00"], ["x", "minimum", "1", "1,00"], ["x", "median", "2.25", "2,25"], ["x", "maximum", "4", "4,00"],
            ["x", "count", "4", "4"],
        ])
    }

    @Test func smallMultiplesSharedScaleHasOneAxis() throws {
        var spec = try #require(try sample("small-multiples").smallMultiples, "small-multiples is not a smallMultiples chart")
        spec.sharedScale = true
        let shared = ChartLayout.layout(spec, size: Size(480, 320), measurer: measurer)
        expectCleanLayout(shared, measurer: measurer)
        let ticksPerPanel = Set(shared.allTexts.filter { $0.role == .tick && !$0.text.hasPrefix("20") }.map(\.text))
        spec.sharedScale = false
        let free = ChartLayout.layout(spec, size: Size(480, 320), measurer: measurer)
        let freeTicks = Set(free.allTexts.filter { $0.role == .tick && !$0.text.hasPrefix("20") }.map(\.text))
        #expect(ticksPerPanel.count <= 4)
        #expect(freeTicks.count > ticksPerPanel.count)
    }

    @Test func tableRepeatsItsHeaderAndAlignsNumbers() {
        var spec = ChartGallery.table()
        spec.rows += spec.rows + spec.rows
        let pieces = TableLayout.pieces(spec, width: 300, firstHeight: 150, height: 300, measurer: measurer)
        #expect(pieces.count >= 3)
        for piece in pieces {
            let headers = piece.allTexts.filter { $0.role == .tableHeader }.map(\.text)
            #expect(headers == ["Kunta", "Väkiluku 2021", "Muutos, %"])
            #expect(piece.size.height <= 300)
            expectNoOverlap(piece)
        }
        #expect(pieces[0].size.height <= 150)
        let cells = pieces.flatMap { $0.allTexts.filter { $0.role == .tableCell } }
        #expect(cells.filter { $0.text == "–" }.count == 3)  // Kuhmoinen's missing population, three times
        #expect(cells.contains { $0.text == "16\u{00A0}500" && $0.style.alignment == .trailing })
        #expect(cells.contains { $0.text == "Akaa" && $0.style.alignment == .leading })
        // Rows are not lost or repeated across pieces.
        #expect(cells.filter { $0.text == "Akaa" }.count == 3)
        // Zebra: a light band behind every second row.
        #expect(filledRects(pieces[0]).count >= 2)
    }

    @Test func lineAnnotationsAvoidTheLines() throws {
        let spec = try #require(try sample("line").line, "line is not a line chart")
        let scene = ChartLayout.layout(spec, size: size, measurer: measurer)
        expectCleanLayout(scene, measurer: measurer)
        let note = scene.allTexts.first { $0.text == "Koulukeskus valmistui" }
        let period = scene.allTexts.first { $0.text == "Ohjelmakausi 2018–2021" }
        #expect(note != nil && period != nil)
        #expect(ChartLayout.segment(Point(0, 0), Point(10, 10), crosses: Rect(x: 4, y: 4, width: 2, height: 2)))
        #expect(!ChartLayout.segment(Point(0, 0), Point(10, 0), crosses: Rect(x: 4, y: 4, width: 2, height: 2)))
        #expect(ChartLayout.segment(Point(0, 5), Point(10, 5), crosses: Rect(x: 4, y: 4, width: 2, height: 2)))
    }

    @Test func dataTablesAtFullPrecision() throws {
        #expect(ChartData.exact(9466) == "9466")
        #expect(ChartData.exact(0.1) == "0.1")
        #expect(ChartData.exact(-1.25) == "-1.25")
        #expect(ChartData.exact(nil) == "")
        #expect(ChartData.exact(.nan) == "")
        let table = DataTable(columns: ["a", "b"], rows: [["x, y", "say \"hi\""]])
        #expect(table.csv() == "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n")
        let spec = try #require(try sample("line").line, "line is not a line chart")
        let scene = ChartLayout.layout(spec, size: size, measurer: measurer)
        #expect(scene.data?.rows.first == ["Orivesi", "home", "2015", "9466", "9\u{00A0}466"])
        #expect(scene.data?.rows.last == ["Tavoite", "target", "2021", "9500", "9\u{00A0}500"])
    }

    @Test func swedishAndEnglishWords() {
        for (locale, median, noData) in [(ReportLocale.sv, "Median", "Inga uppgifter"), (.en, "Median", "No data")] {
            let spec = DotRangeChartSpec(
                header: ChartHeader(title: "T", sourceNote: "S", locale: locale), homeName: "Orivesi",
                rows: [DotRangeRow(label: "x", values: [1, 2, 3], home: 2)])
            #expect(ChartLayout.layout(spec, size: size, measurer: measurer).allTexts.contains { $0.text == median })
            let empty = SlopeChartSpec(header: ChartHeader(title: "T", sourceNote: "S", locale: locale), startLabel: "a", endLabel: "b", entries: [])
            #expect(ChartLayout.layout(empty, size: size, measurer: measurer).allTexts.contains { $0.text == noData })
        }
    }

    func expectNoOverlap(_ scene: Scene, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let texts = scene.allTexts
        for i in texts.indices {
            for j in texts.indices where j > i {
                #expect(!texts[i].frame.intersects(texts[j].frame), "\(texts[i].text) overlaps \(texts[j].text)", sourceLocation: sourceLocation)
            }
        }
    }
}
