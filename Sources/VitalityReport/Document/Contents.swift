import VitalityScene

/// The table of contents: its lines, numbered from a first pagination.
extension ReportBuilder {
    /// One line per heading up to `levels`: title, page number and a link to the heading.
    /// Page numbers come from a first pagination; the lines have the same height either way.
    func contentsEntries(levels: Int, pages: [String: Int]) -> [FlowItem] {
        var headings: [(title: String, level: Int, destination: String)] = []
        for item in flow {
            guard let heading = item.heading else { continue }
            headings.append((heading.title, heading.level, "section-\(headings.count + 1)"))
        }
        let listed = headings.filter { $0.level <= levels }
        let width = geometry.contentWidth
        let numberWidth = 36.0
        var items: [FlowItem] = []
        for (index, heading) in listed.enumerated() {
            var titleStyle = heading.level == 1 ? TextStyle(font: style.font(10, weight: .bold), color: style.ink) : style.body
            let indent = Double(heading.level - 1) * 14
            let lineHeight = measurer.measure("Ag", style: titleStyle).height
            let titleFrame = Rect(x: indent, y: 0, width: width - indent - numberWidth - 8, height: lineHeight)
            var numberStyle = titleStyle
            numberStyle.alignment = .trailing
            titleStyle.alignment = .leading
            let page = pages[heading.destination].map(String.init) ?? "0"
            var content: [SceneItem] = []
            if index == 0 { content.append(.beginStructure(StructureTag("TOC"))) }
            content += [
                .beginStructure(StructureTag("TOCI")),
                // Cairo 1.16 leaves text directly under a TOCI that also holds a link unmarked.
                .beginStructure(StructureTag("Reference")),
                .text(TextItem(heading.title, frame: titleFrame, style: titleStyle, maxLines: 1, role: .paragraph)),
                .text(
                    TextItem(
                        page, frame: Rect(x: width - numberWidth, y: 0, width: numberWidth, height: lineHeight), style: numberStyle, maxLines: 1,
                        role: .paragraph)),
                .endStructure("Reference"),
                .link(Rect(x: 0, y: 0, width: width, height: lineHeight), .destination(heading.destination)),
                .endStructure("TOCI"),
            ]
            if index == listed.count - 1 { content.append(.endStructure("TOC")) }
            items.append(FlowItem(height: lineHeight, spaceBefore: heading.level == 1 && index > 0 ? 7 : 3, content: content))
        }
        return items
    }
}
