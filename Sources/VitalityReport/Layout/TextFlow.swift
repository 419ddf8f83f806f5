import VitalityScene

/// Headings and paragraphs as flow items, measured with the real text engine.
struct TextFlow {
    var measurer: any TextMeasuring
    var style: ReportStyle
    var width: Double

    func heading(_ text: String, level: Int) -> FlowItem {
        let textStyle = style.heading(level: level)
        let metrics = measurer.measure(text, style: textStyle, maxWidth: width, maxLines: 3)
        let frame = Rect(x: 0, y: 0, width: width, height: metrics.height)
        var content: [SceneItem] = [.text(TextItem(text, frame: frame, style: textStyle, wraps: true, maxLines: 3, role: .heading(level: level)))]
        var height = metrics.height + 6
        if level == 1 {
            content.append(.shape(.rect(Rect(x: 0, y: metrics.height + 3, width: width, height: 1.2)), fill: style.accent, stroke: nil))
            height += 4
        }
        var item = FlowItem(height: height, spaceBefore: style.headingSpace(level: level), content: content)
        item.keepWithNext = true
        item.heading = (text, level)
        return item
    }

    func paragraph(_ text: String, textStyle: TextStyle? = nil, spaceBefore: Double = 6) -> FlowItem {
        let textStyle = textStyle ?? style.body
        let metrics = measurer.measure(text, style: textStyle, maxWidth: width, maxLines: nil)
        let frame = Rect(x: 0, y: 0, width: width, height: metrics.height)
        return FlowItem(
            height: metrics.height, spaceBefore: spaceBefore,
            content: [.text(TextItem(text, frame: frame, style: textStyle, wraps: true, role: .paragraph))])
    }

    /// A chart scene placed at the text width.
    func figure(_ scene: Scene, spaceBefore: Double = 12) -> FlowItem {
        let scale = width / scene.size.width
        return FlowItem(
            height: scene.size.height * scale, spaceBefore: spaceBefore,
            content: [.group(scene.items, offset: Point(0, 0), scale: scale, clip: Rect(origin: Point(0, 0), size: scene.size))])
    }
}
