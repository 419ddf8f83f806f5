import Foundation
import VitalityModel
import VitalityScene

/// One cell of a table: text (left-aligned, wraps) or a number (right-aligned, locale format,
/// the missing-value symbol when nil).
package enum TableCell: Sendable, Hashable {
    case text(String)
    case number(Double?, ValueFormat)
}

/// A column of a table: its heading and a relative width for text columns (numbers take their
/// widest value).
package struct TableColumn: Sendable, Hashable {
    package var title: String
    var weight: Double

    init(title: String, weight: Double = 1) {
        self.title = title
        self.weight = weight
    }
}

/// A table to lay out onto one or more pieces (pages), its header repeated on each.
package struct TableSpec: Sendable, Hashable {
    var columns: [TableColumn]
    package var rows: [[TableCell]]
    package var locale: ReportLocale
    /// Shown for a missing number (DATA.md §6: an en dash).
    var missingSymbol: String
    var zebra: Bool

    init(columns: [TableColumn], rows: [[TableCell]], locale: ReportLocale, missingSymbol: String = "–", zebra: Bool = true) {
        self.columns = columns
        self.rows = rows
        self.locale = locale
        self.missingSymbol = missingSymbol
        self.zebra = zebra
    }
}

/// Lays tables out as scenes, one per page piece, for the report to place.
package enum TableLayout {
    /// Pieces of `width` points: the first at most `firstHeight` tall, the others at most
    /// `height`; each starts with the header row. Every row goes whole onto one piece; a row
    /// taller than a piece is cut to its first lines (ellipsized).
    package static func pieces(
        _ spec: TableSpec, width: Double, firstHeight: Double, height: Double, theme: ChartTheme = .standard, measurer: some TextMeasuring
    ) -> [Scene] {
        guard !spec.columns.isEmpty, width > 20 else { return [] }
        let cellPad = 4.0
        let headStyle = theme.labelStyle(bold: true)
        let style = theme.labelStyle()
        let texts: [[String]] = spec.rows.map { row in
            spec.columns.indices.map { column in
                guard column < row.count else { return "" }
                switch row[column] {
                case .text(let text): return text
                case .number(let value, let format):
                    return value?.isFinite == true ? format.string(value, locale: spec.locale) : spec.missingSymbol
                }
            }
        }
        let numeric = spec.columns.indices.map { column in
            !spec.rows.isEmpty
                && spec.rows.allSatisfy { cells in
                    guard column < cells.count else { return true }
                    if case .number = cells[column] { return true }
                    return false
                }
        }
        // Number columns get their widest value or heading word; text columns share the rest by weight.
        var widths = spec.columns.indices.map { column -> Double in
            guard numeric[column] else { return 0 }
            let cells = texts.map { measurer.measure($0[column], style: style).width }
            let heading = spec.columns[column].title.split(separator: " ").map { measurer.measure(String($0), style: headStyle).width }
            return (cells + heading).max().map { $0 + 2 * cellPad + 1 } ?? 0
        }
        let fixed = widths.reduce(0, +)
        let weights = spec.columns.indices.filter { !numeric[$0] }.map { max(0.01, spec.columns[$0].weight) }.reduce(0, +)
        for column in spec.columns.indices where !numeric[column] {
            widths[column] = max(20, (width - fixed) * max(0.01, spec.columns[column].weight) / max(weights, 0.01))
        }
        let scale = min(1, width / widths.reduce(0, +))
        widths = widths.map { $0 * scale }
        let lefts = widths.indices.map { widths[..<$0].reduce(0, +) }

        func row(_ cells: [String], style: TextStyle, maxLines: Int, isHeader: Bool) -> (items: [TextItem], height: Double) {
            var items: [TextItem] = []
            var height = 0.0
            for (column, text) in cells.enumerated() {
                var cellStyle = style
                cellStyle.alignment = numeric[column] ? .trailing : .leading
                let inner = max(1, widths[column] - 2 * cellPad)
                let metrics = measurer.measure(text, style: cellStyle, maxWidth: inner, maxLines: maxLines)
                items.append(
                    TextItem(
                        text, frame: Rect(x: lefts[column] + cellPad, y: cellPad, width: inner, height: metrics.height), style: cellStyle,
                        wraps: true, maxLines: maxLines, role: isHeader ? .tableHeader : .tableCell))
                height = max(height, metrics.height)
            }
            return (items, height + 2 * cellPad)
        }
        let header = row(spec.columns.map(\.title), style: headStyle, maxLines: 3, isHeader: true)
        var pieces: [Scene] = []
        var items: [SceneItem] = []
        var y = 0.0
        var rowIndex = 0
        func startPiece() {
            items = [.shape(.rect(Rect(x: 0, y: 0, width: width, height: header.height)), fill: theme.tileBackground, stroke: nil)]
            items += header.items.map { .text($0) }
            items.append(
                .shape(
                    .path([.move(Point(0, header.height)), .line(Point(width, header.height))]), fill: nil, stroke: StrokeStyle(color: theme.axis, width: 0.75))
            )
            y = header.height
        }
        func finishPiece() {
            pieces.append(
                Scene(
                    size: Size(width, y), items: items, title: "", altText: "",
                    data: DataTable(columns: spec.columns.map(\.title), rows: texts)))
        }
        startPiece()
        for cells in texts {
            let limit = pieces.isEmpty ? firstHeight : height
            var body = row(cells, style: style, maxLines: 3, isHeader: false)
            if y + body.height > limit && y > header.height {
                finishPiece()
                startPiece()
            }
            let available = (pieces.isEmpty ? firstHeight : height) - y
            if body.height > available {
                body = row(cells, style: style, maxLines: 1, isHeader: false)
            }
            if spec.zebra && rowIndex % 2 == 1 {
                items.append(.shape(.rect(Rect(x: 0, y: y, width: width, height: body.height)), fill: theme.tileBackground, stroke: nil))
            }
            items += body.items.map { item in
                var moved = item
                moved.frame.y += y
                return .text(moved)
            }
            y += body.height
            rowIndex += 1
        }
        finishPiece()
        return pieces
    }
}
