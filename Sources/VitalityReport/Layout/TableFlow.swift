import VitalityScene

/// A simple table: a header row and body rows of text cells, laid out at a given width with
/// wrapping cells, zebra rows and a header that repeats when the table continues on a new page.
struct TableSpec {
    struct Column {
        var title: String
        /// Share of the table width.
        var weight: Double
        var alignment: TextAlignment
    }

    struct Cell {
        var text: String
        var color: Color?
        var bold = false

        init(_ text: String, color: Color? = nil, bold: Bool = false) {
            self.text = text
            self.color = color
            self.bold = bold
        }
    }

    var columns: [Column]
    var rows: [[Cell]]
    /// A line under the table, e.g. the source.
    var note: String?
}

struct TableFlow {
    var measurer: any TextMeasuring
    var style: ReportStyle
    var width: Double

    private let padding = (horizontal: 4.0, vertical: 3.5)

    /// The rows of a table as flow items; `id` groups them into one `Table` structure element
    /// per page.
    func items(_ table: TableSpec, id: Int, spaceBefore: Double = 10) -> [FlowItem] {
        let totalWeight = table.columns.reduce(0) { $0 + $1.weight }
        let widths = table.columns.map { width * $0.weight / totalWeight }
        var header = row(
            table.columns.map { TableSpec.Cell($0.title, bold: true) }, widths: widths,
            alignments: table.columns.map(\.alignment), fill: style.headerFill, role: .tableHeader)
        header.keepWithNext = true
        header.tableID = id
        var items: [FlowItem] = []
        var first = header
        first.spaceBefore = spaceBefore
        items.append(first)
        for (index, cells) in table.rows.enumerated() {
            var item = row(
                cells, widths: widths, alignments: table.columns.map(\.alignment),
                fill: index % 2 == 1 ? style.zebra : nil, role: .tableCell)
            item.continuationHeader = [header]
            item.tableID = id
            // A header and a single row never end a page, and a last row (or the note under it)
            // never starts one alone: the first row keeps with the second, the last but one
            // with the last, the last with the note.
            let isLast = index == table.rows.count - 1
            if isLast ? table.note != nil : (index == 0 || index == table.rows.count - 2) { item.keepWithNext = true }
            items.append(item)
        }
        if let note = table.note {
            let noteStyle = TextStyle(font: style.font(7, italic: true), color: style.muted)
            let metrics = measurer.measure(note, style: noteStyle, maxWidth: width, maxLines: 3)
            items.append(FlowItem(
                height: metrics.height, spaceBefore: 3,
                content: [
                    .beginStructure(StructureTag("P")),
                    .text(TextItem(note, frame: Rect(x: 0, y: 0, width: width, height: metrics.height), style: noteStyle, wraps: true, maxLines: 3, role: .note)),
                    .endStructure("P"),
                ]))
        }
        return items
    }

    private func row(
        _ cells: [TableSpec.Cell], widths: [Double], alignments: [TextAlignment], fill: Color?, role: TextRole
    ) -> FlowItem {
        var texts: [SceneItem] = [.beginStructure(StructureTag("TR"))]
        let cellTag = role == .tableHeader ? "TH" : "TD"
        var height = 0.0
        var x = 0.0
        var measured: [(TextStyle, Double, Double)] = []
        for (index, cell) in cells.enumerated() where index < widths.count {
            var textStyle = cell.bold ? style.smallBold : style.small
            textStyle.alignment = alignments[index]
            if let color = cell.color { textStyle.color = color }
            let inner = widths[index] - 2 * padding.horizontal
            let metrics = measurer.measure(cell.text, style: textStyle, maxWidth: inner, maxLines: 6)
            measured.append((textStyle, inner, metrics.height))
            height = max(height, metrics.height)
        }
        height += 2 * padding.vertical
        var shapes: [SceneItem] = []
        if let fill {
            shapes.append(.shape(.rect(Rect(x: 0, y: 0, width: width, height: height)), fill: fill, stroke: nil))
        }
        shapes.append(.shape(.path([.move(Point(0, height)), .line(Point(width, height))]), fill: nil, stroke: StrokeStyle(color: style.rule, width: 0.5)))
        for (index, cell) in cells.enumerated() where index < measured.count {
            let (textStyle, inner, textHeight) = measured[index]
            let frame = Rect(x: x + padding.horizontal, y: padding.vertical, width: inner, height: textHeight)
            texts.append(.beginStructure(StructureTag(cellTag)))
            texts.append(.text(TextItem(cell.text, frame: frame, style: textStyle, wraps: true, maxLines: 6, role: role)))
            texts.append(.endStructure(cellTag))
            x += widths[index]
        }
        texts.append(.endStructure("TR"))
        return FlowItem(height: height, spaceBefore: 0, content: shapes + texts)
    }
}
