import VitalityScene

/// The cover page: municipality, title, subtitle, author, region and year, and the logo.
extension ReportBuilder {
    func coverPage() -> Scene {
        let size = geometry.size
        let left = geometry.margins.left
        let width = geometry.contentWidth
        var items: [SceneItem] = [
            .shape(.rect(Rect(x: 0, y: 0, width: size.width, height: size.height * 0.42)), fill: style.accent, stroke: nil)
        ]
        var y = size.height * 0.16
        func add(_ string: String, _ textStyle: TextStyle, gap: Double, role: TextRole) {
            let metrics = measurer.measure(string, style: textStyle, maxWidth: width, maxLines: 4)
            items.append(.beginStructure(StructureTag("P")))
            items.append(
                .text(
                    TextItem(string, frame: Rect(x: left, y: y, width: width, height: metrics.height), style: textStyle, wraps: true, maxLines: 4, role: role)))
            items.append(.endStructure("P"))
            y += metrics.height + gap
        }
        add(context.homeName.uppercased(), TextStyle(font: style.font(14, weight: .bold), color: .white), gap: 14, role: .subtitle)
        add(title, TextStyle(font: style.font(30, weight: .bold), color: .white), gap: 12, role: .title)
        if !subtitle.isEmpty {
            add(subtitle, TextStyle(font: style.font(13), color: .white), gap: 12, role: .subtitle)
        }
        y = size.height * 0.42 + 36
        if let author {
            add(author, TextStyle(font: style.font(11, weight: .bold), color: style.ink), gap: 6, role: .paragraph)
        }
        add("\(context.regionName) · \(context.year)", TextStyle(font: style.font(11), color: style.muted), gap: 6, role: .paragraph)
        if let logo = template.settings.theme.logo, context.isHomeOwner {
            // At most 56 pt high and a third of the text width, keeping the aspect ratio.
            let aspect = Double(logo.pixelWidth) / Double(logo.pixelHeight)
            let height = min(56, width / 3 / aspect)
            let frame = Rect(x: left, y: size.height - geometry.margins.bottom - height, width: height * aspect, height: height)
            let alt = "\(context.vocabulary.logo): \(author ?? context.ownerName)"
            items.append(.beginStructure(StructureTag("Figure", altText: alt)))
            items.append(.image(ImageItem(png: logo.png, frame: frame, altText: alt)))
            items.append(.endStructure("Figure"))
        }
        return Scene(size: size, items: items, title: title)
    }
}
