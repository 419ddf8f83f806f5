import VitalityScene

/// Running header and page number of every page after the cover.
extension ReportBuilder {
    func furniture(page: Int, of total: Int) -> [SceneItem] {
        let left = geometry.margins.left
        let width = geometry.contentWidth
        let headerY = geometry.margins.top - 30
        let footerY = geometry.size.height - geometry.margins.bottom + 22
        let furnitureStyle = style.furniture
        var trailing = furnitureStyle
        trailing.alignment = .trailing
        let height = measurer.measure("Ag", style: furnitureStyle).height
        // Cairo 1.16 cannot mark content as /Artifact, and untagged content breaks PDF/UA:
        // the running header and the page number are tagged paragraphs, read after the page.
        func tagged(_ item: TextItem) -> [SceneItem] {
            [.beginStructure(StructureTag("P")), .text(item), .endStructure("P")]
        }
        return tagged(
            TextItem(title, frame: Rect(x: left, y: headerY, width: width * 0.7, height: height), style: furnitureStyle, maxLines: 1, role: .pageFurniture))
            + tagged(
                TextItem(
                    context.homeName, frame: Rect(x: left + width * 0.7, y: headerY, width: width * 0.3, height: height), style: trailing, maxLines: 1,
                    role: .pageFurniture))
            + [
                .shape(
                    .path([.move(Point(left, headerY + height + 4)), .line(Point(left + width, headerY + height + 4))]), fill: nil,
                    stroke: StrokeStyle(color: style.rule, width: 0.5))
            ]
            + tagged(
                TextItem(
                    "\(page) / \(total)", frame: Rect(x: left, y: footerY, width: width, height: height), style: trailing, maxLines: 1, role: .pageFurniture))
    }
}
