import Testing
import VitalityModel
import VitalityRender
import VitalityScene
@testable import VitalityCharts

/// Slope charts name every line at both ends, spreading colliding labels apart with leaders.
@Suite struct SlopeLabelTests {
    let measurer = PangoTextMeasurer()

    /// Pirkanmaa's 23 municipalities with many ties: four values in the first year, three in the last.
    static let tied = SlopeChartSpec(
        header: Pirkanmaa.header("Työttömyysaste 2018 ja 2019"), startLabel: "2018", endLabel: "2019",
        entries: Pirkanmaa.population.enumerated().map { index, entry in
            SlopeEntry(name: entry.0, start: Double(10 + index % 4), end: Double(9 + (index * 7) % 3), isHome: entry.0 == "Orivesi")
        },
        format: ValueFormat(decimals: 1))

    /// The value labels at the left (trailing) and right (leading) ends.
    private func labels(_ scene: Scene) -> (start: [TextItem], end: [TextItem]) {
        let values = scene.allTexts.filter { $0.role == .value }
        return (values.filter { $0.style.alignment == .trailing }, values.filter { $0.style.alignment == .leading })
    }

    @Test(arguments: [Size(480, 420), Size(480, 260), Size(320, 300)])
    func everyMunicipalityIsNamedAtBothEndsWithoutOverlaps(size: Size) {
        let scene = ChartLayout.layout(Self.tied, size: size, measurer: measurer)
        expectCleanLayout(scene, measurer: measurer)
        let (start, end) = labels(scene)
        for entry in Self.tied.entries {
            let first = "\(entry.name) \(Self.tied.format.string(entry.start, locale: .fi))"
            let last = "\(entry.name) \(Self.tied.format.string(entry.end, locale: .fi))"
            #expect(start.contains { $0.text == first }, "\(first) missing on the left at \(size)")
            #expect(end.contains { $0.text == last }, "\(last) missing on the right at \(size)")
        }
        #expect(start.count == 23 && end.count == 23)
        // Left labels end left of the right labels' start: the two columns never meet.
        let leftEdge = start.map(\.frame.maxX).max() ?? 0
        #expect(end.allSatisfy { $0.frame.minX > leftEdge })
        // Labels keep the order of their points (top to bottom) on each side.
        for side in [start, end] {
            let tops = side.sorted { $0.frame.minY < $1.frame.minY }
            for (upper, lower) in zip(tops, tops.dropFirst()) { #expect(upper.frame.maxY <= lower.frame.minY) }
        }
    }

    @Test func chartGrowsOnlyWhenTheLabelsNeedIt() {
        let roomy = ChartLayout.layout(Self.tied, size: Size(480, 420), measurer: measurer)
        #expect(roomy.size == Size(480, 420))
        let short = ChartLayout.layout(Self.tied, size: Size(480, 200), measurer: measurer)
        #expect(short.size.width == 480)
        #expect(short.size.height > 200 && short.size.height <= ChartLayout.slopeMaximumHeight)
        #expect(labels(short).start.count == 23)
    }

    @Test func movedLabelsHaveLeadersToTheirPoints() {
        let scene = ChartLayout.layout(Self.tied, size: Size(480, 420), measurer: measurer)
        let leaders = scene.items.filter {
            if case .shape(.path(let elements), nil, let stroke?) = $0 { return stroke.width == 0.5 && elements.count == 2 }
            return false
        }
        // Four tied values on the left and three on the right: most labels moved.
        #expect(leaders.count >= 30)
    }

    @Test func dodgingKeepsOrderSpacingAndBounds() {
        let tops = ChartLayout.dodgedLabelTops(centres: [50, 50, 50, 51, 200, 299, 299], height: 10, spacing: 11, within: 40...300)
        #expect(tops.count == 7)
        for (upper, lower) in zip(tops, tops.dropFirst()) { #expect(lower - upper >= 11 - 0.001) }
        #expect((tops.first ?? 0) >= 40)
        #expect((tops.last ?? 0) + 10 <= 300 + 0.001)
        // A lone label sits centred on its point.
        #expect(abs(tops[4] - 195) < 0.001)
    }
}
