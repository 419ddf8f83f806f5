import VitalityScene

/// Headings, paragraphs and figures as flow items, measured with the real text engine and
/// wrapped in the structure tags of a tagged PDF.
struct TextFlow {
    var measurer: any TextMeasuring
    var style: ReportStyle
    var width: Double

    func heading(_ text: String, level: Int, inOutline: Bool = true) -> FlowItem {
        let textStyle = style.heading(level: level)
        let metrics = measurer.measure(text, style: textStyle, maxWidth: width, maxLines: 3)
        let frame = Rect(x: 0, y: 0, width: width, height: metrics.height)
        let tag = "H\(min(max(level, 1), 3))"
        var content: [SceneItem] = [
            .beginStructure(StructureTag(tag)),
            .text(TextItem(text, frame: frame, style: textStyle, wraps: true, maxLines: 3, role: .heading(level: level))),
            .endStructure(tag),
        ]
        var height = metrics.height + 6
        if level == 1 {
            content.append(.shape(.rect(Rect(x: 0, y: metrics.height + 3, width: width, height: 1.2)), fill: style.accent, stroke: nil))
            height += 4
        }
        var item = FlowItem(height: height, spaceBefore: style.headingSpace(level: level), content: content)
        item.keepWithNext = true
        item.isHeading = true
        if inOutline { item.heading = (text, level) }
        return item
    }

    /// A paragraph that the paginator may split between lines (never leaving one line alone).
    func paragraph(_ text: String, textStyle: TextStyle? = nil, spaceBefore: Double = 6) -> FlowItem {
        let textStyle = textStyle ?? style.body
        let metrics = measurer.measure(text, style: textStyle, maxWidth: width, maxLines: nil)
        var item = textBlock(text, style: textStyle, height: metrics.height, spaceBefore: spaceBefore)
        item.lineCount = metrics.lineCount
        let measurer = self.measurer
        let width = self.width
        let flow = self
        item.split = { lines in
            let words = text.split(separator: " ", omittingEmptySubsequences: false)
            // Pango breaks lines greedily, so the first `lines` lines of the paragraph are the
            // longest word prefix that takes `lines` lines on its own.
            var low = 1
            var high = words.count - 1
            var best = 0
            while low <= high {
                let middle = (low + high) / 2
                let prefix = words[..<middle].joined(separator: " ")
                if measurer.measure(prefix, style: textStyle, maxWidth: width, maxLines: nil).lineCount <= lines {
                    best = middle
                    low = middle + 1
                } else {
                    high = middle - 1
                }
            }
            guard best > 0, best < words.count else { return nil }
            let head = words[..<best].joined(separator: " ")
            let tail = words[best...].joined(separator: " ")
            var first = flow.paragraph(head, textStyle: textStyle, spaceBefore: spaceBefore)
            first.split = nil
            let rest = flow.paragraph(tail, textStyle: textStyle, spaceBefore: 0)
            return (first, rest)
        }
        return item
    }

    private func textBlock(_ text: String, style textStyle: TextStyle, height: Double, spaceBefore: Double) -> FlowItem {
        let frame = Rect(x: 0, y: 0, width: width, height: height)
        return FlowItem(
            height: height, spaceBefore: spaceBefore,
            content: [
                .beginStructure(StructureTag("P")),
                .text(TextItem(text, frame: frame, style: textStyle, wraps: true, role: .paragraph)),
                .endStructure("P"),
            ])
    }

    /// A chart scene placed at the text width, tagged as a figure with the chart's
    /// alternative text (or its title when it has none).
    func figure(_ scene: Scene, spaceBefore: Double = 12) -> FlowItem {
        let scale = width / scene.size.width
        let alt = scene.altText.isEmpty ? scene.title : scene.altText
        return FlowItem(
            height: scene.size.height * scale, spaceBefore: spaceBefore,
            content: [
                .beginStructure(StructureTag("Figure", altText: alt)),
                .group(scene.items, offset: Point(0, 0), scale: scale, clip: Rect(origin: Point(0, 0), size: scene.size)),
                .endStructure("Figure"),
            ])
    }
}
