import Foundation
import VitalityModel

/// Data rows of a long-layout sheet read straight into the statistics session, without writing
/// them as records of a slice (`SheetGrid`) and reading those back: the rows nearly every
/// workbook holds, whose label cells (area, indicator, and name and region in a file with a
/// region column) are shared strings and whose year and value cells read as a year and a plain
/// number. Each shared string's label is looked up once. Any other row is declined and goes the
/// general way (`SheetGrid.appendData`, `LongLayout.extract`); tests read sheets both ways and
/// find the same rows and diagnostics.
///
/// Hand-written beside the general path because that path is two fifths of the workbook
/// reader's instructions (`INSTRUCTIONS=1 scripts/bench-xlsx.sh`): each cell copied into a
/// record, then its label looked up by its bytes.
struct SheetLongRows {
    let layout: LongLayout
    /// The label id of each shared string met in a label column, by the start of its text;
    /// `unreadable` for a text the general path must read (blank, or with white space around it).
    private var labelOfString: [Int: Int] = [:]
    private static let unreadable = -1
    /// The last shared string and its label per label column: sorted tables repeat a label row
    /// after row.
    private var lastArea = Label()
    private var lastIndicator = Label()
    private var lastName = Label()
    private var lastRegion = Label()

    init(layout: LongLayout) {
        self.layout = layout
    }

    /// A label cell's shared string (the range of its text) and label id (-1 while new).
    struct Label {
        var start = -1
        var end = -1
        var id = -1
    }

    /// What a row holds, once it is known that it can be read here.
    struct Cells {
        var area = Label()
        var indicator = Label()
        var name = Label()
        var region = Label()
        var year = 0
        var number: (value: Double, evidence: UInt8) = (0, 0)
        var valueColumn = 0
        var line = 0
    }

    /// The row's cells when it can be read here; nil for a row the general path reads. Nothing
    /// is stored or labelled yet, so that rows declined before it can be read first.
    mutating func cells(of row: SheetRowView, numbers: NumberParsing) -> Cells? {
        cells(row.cells, strings: row.strings, bytes: row.bytes, line: row.number, numbers: numbers)
    }

    private mutating func cells(
        _ row: UnsafeBufferPointer<SheetRow.Cell>, strings: UnsafeBufferPointer<UInt8>, bytes: UnsafeBufferPointer<UInt8>,
        line: Int, numbers: NumberParsing
    ) -> Cells? {
        guard let last = row.last, last.column <= layout.headerCount,
            let value = Self.cell(row, layout.valueColumn + 1), let yearCell = Self.cell(row, layout.yearColumn + 1),
            let number = numbers.plainNumber(value.isShared ? strings : bytes, value.range.lowerBound, value.range.upperBound),
            let year = yearValue(
                yearCell.isShared ? strings : bytes,
                CSVField(start: yearCell.range.lowerBound, end: yearCell.range.upperBound, column: yearCell.column, quoted: false, hasDoubledQuotes: false))
        else { return nil }
        var cells = Cells()
        cells.number = number
        cells.year = year
        cells.valueColumn = value.column
        cells.line = line
        // The area is its code when the layout has a code column (a blank code, which the
        // general path reads as "take the name", is declined), else its name.
        guard let areaColumn = layout.codeColumn ?? layout.nameColumn,
            let area = label(row, strings, column: areaColumn, last: lastArea),
            let indicator = label(row, strings, column: layout.indicatorColumn, last: lastIndicator)
        else { return nil }
        cells.area = area
        cells.indicator = indicator
        if let regionColumn = layout.regionColumn {
            if let nameColumn = layout.nameColumn {
                guard let name = label(row, strings, column: nameColumn, last: lastName) else { return nil }
                cells.name = name
            }
            guard let region = label(row, strings, column: regionColumn, last: lastRegion) else { return nil }
            cells.region = region
        }
        return cells
    }

    /// Stores a row `cells(of:numbers:)` accepted, labelling its new strings in the order the
    /// general path would (area, indicator, region, name).
    mutating func store(_ cells: Cells, strings: UnsafeBufferPointer<UInt8>, session: inout StatisticsSession?, store: inout ObservationStore) {
        guard let area = resolve(cells.area, strings, &session), let indicator = resolve(cells.indicator, strings, &session) else { return }
        lastArea = area
        lastIndicator = indicator
        let value = CSVField(start: 0, end: 0, column: cells.valueColumn, quoted: false, hasDoubledQuotes: false)
        var observation = RawObservation(areaLabel: area.id, indicatorLabel: indicator.id, year: cells.year, value: value, line: cells.line)
        if layout.regionColumn != nil {
            guard let region = resolve(cells.region, strings, &session) else { return }
            lastRegion = region
            observation.regionLabel = region.id
            if layout.nameColumn != nil {
                guard let name = resolve(cells.name, strings, &session) else { return }
                lastName = name
                observation.nameLabel = name.id
            }
        }
        session?.add(observation, number: cells.number, store: &store)
    }

    /// The label with its id, a new string labelled.
    private mutating func resolve(_ label: Label, _ strings: UnsafeBufferPointer<UInt8>, _ session: inout StatisticsSession?) -> Label? {
        if label.id >= 0 { return label }
        guard label.start >= 0, let id = session?.label(String(decoding: strings[label.start..<label.end], as: UTF8.self)) else { return nil }
        labelOfString[label.start] = id
        return Label(start: label.start, end: label.end, id: id)
    }

    /// The shared string in `column` (0-based, as the layout counts) and its label id when known
    /// (-1 when new); nil when the cell is missing, not a shared string, or a text the general
    /// path must read.
    private mutating func label(_ row: UnsafeBufferPointer<SheetRow.Cell>, _ strings: UnsafeBufferPointer<UInt8>, column: Int, last: Label) -> Label? {
        guard let cell = Self.cell(row, column + 1), cell.isShared else { return nil }
        let start = cell.range.lowerBound
        if last.start == start { return last }
        if let known = labelOfString[start] {
            return known == Self.unreadable ? nil : Label(start: start, end: cell.range.upperBound, id: known)
        }
        let text = String(decoding: strings[cell.range], as: UTF8.self)
        guard !text.isEmpty, text.trimmedCSV == text else {
            labelOfString[start] = Self.unreadable
            return nil
        }
        return Label(start: start, end: cell.range.upperBound, id: -1)
    }

    /// The cell of a 1-based column.
    private static func cell(_ row: UnsafeBufferPointer<SheetRow.Cell>, _ column: Int) -> SheetRow.Cell? {
        // Nearly every row has a cell in every column up to the last.
        if column <= row.count, row[column - 1].column == column { return row[column - 1] }
        return row.first { $0.column == column }
    }
}
