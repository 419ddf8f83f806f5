import Testing
import VitalityModel
import VitalityRender
import VitalityScene
@testable import VitalityCharts

/// Pirkanmaa's 23 municipalities with round 2021 populations (test data, not statistics).
enum Pirkanmaa {
    static let population: [(String, Double)] = [
        ("Akaa", 16_500), ("Hämeenkyrö", 10_400), ("Ikaalinen", 6_900), ("Juupajoki", 1_800), ("Kangasala", 32_900),
        ("Kihniö", 1_800), ("Kuhmoinen", 2_100), ("Lempäälä", 24_300), ("Mänttä-Vilppula", 9_600), ("Nokia", 34_400),
        ("Orivesi", 8_978), ("Parkano", 6_300), ("Pirkkala", 19_700), ("Punkalaidun", 2_800), ("Pälkäne", 6_500),
        ("Ruovesi", 4_200), ("Sastamala", 24_000), ("Tampere", 244_000), ("Urjala", 4_600), ("Valkeakoski", 20_800),
        ("Vesilahti", 4_500), ("Virrat", 6_500), ("Ylöjärvi", 33_500),
    ]

    /// Yearly population change in percent, mixed signs.
    static let change: [(String, Double)] = population.enumerated().map { index, entry in
        (entry.0, Double((index * 37) % 29 - 14) / 10)
    }

    static func header(_ title: String, subtitle: String? = nil, locale: ReportLocale = .fi) -> ChartHeader {
        ChartHeader(title: title, subtitle: subtitle, sourceNote: "Tilastokeskus", locale: locale)
    }
}

/// Checks the promises of every layout: texts on the canvas, no two texts overlapping, every
/// text fitting its frame when measured again.
func expectCleanLayout(_ scene: Scene, measurer: PangoTextMeasurer, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let canvas = Rect(x: 0, y: 0, width: scene.size.width, height: scene.size.height)
    let texts = scene.allTexts
    for text in texts {
        #expect(canvas.contains(text.frame), "\(text.text) leaves the canvas: \(text.frame)", sourceLocation: sourceLocation)
        let metrics = measurer.measure(
            text.text, style: text.style, maxWidth: text.frame.width, maxLines: text.wraps ? text.maxLines : 1)
        #expect(metrics.height <= text.frame.height + 0.01, "\(text.text) is taller than its frame", sourceLocation: sourceLocation)
        #expect(metrics.width <= text.frame.width + 0.01, "\(text.text) is wider than its frame", sourceLocation: sourceLocation)
    }
    for i in texts.indices {
        for j in texts.indices where j > i {
            #expect(
                !texts[i].frame.intersects(texts[j].frame), "\(texts[i].text) overlaps \(texts[j].text)",
                sourceLocation: sourceLocation)
        }
    }
    #expect(texts.contains { $0.role == .title }, sourceLocation: sourceLocation)
    // The role binds to all three prefixes: a source note is a note in any of the three languages.
    #expect(texts.contains { $0.role == .note && isSourceNote($0.text) }, sourceLocation: sourceLocation)
}

/// Filled rectangles of a scene other than the background, in paint order.
func filledRects(_ scene: Scene) -> [(Rect, Color)] {
    scene.items.dropFirst().compactMap { item in
        if case .shape(.rect(let rect, _), let fill?, nil) = item { return (rect, fill) }
        return nil
    }
}

/// A chart's source note: "Lähde: …", "Källa: …" or "Source: …".
func isSourceNote(_ text: String) -> Bool {
    ["Lähde: ", "Källa: ", "Source: "].contains { text.hasPrefix($0) }
}

/// The spec of one case of `AnyChartSpec`, or nil, for `try #require(sample.spec.bar)`.
extension AnyChartSpec {
    var bar: BarChartSpec? { if case .bar(let spec) = self { spec } else { nil } }
    var line: LineChartSpec? { if case .line(let spec) = self { spec } else { nil } }
    var slope: SlopeChartSpec? { if case .slope(let spec) = self { spec } else { nil } }
    var smallMultiples: SmallMultiplesSpec? { if case .smallMultiples(let spec) = self { spec } else { nil } }
    var ranking: RankingChartSpec? { if case .ranking(let spec) = self { spec } else { nil } }
}
