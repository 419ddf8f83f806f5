import VitalityModel

/// One row of a sheet as text: each non-empty cell's text as Excel would export it to CSV,
/// except that numbers keep every digit they hold (`SheetPart` says how each kind of cell reads).
struct SheetRow {
    struct Cell {
        /// 1-based column (A = 1).
        var column: Int
        var range: Range<Int>
        /// A text cell (shared or inline string, formula text, boolean, error), not a number.
        var isText: Bool
        /// A shared string whose text is not copied into the row: `range` is in `strings`.
        var isShared = false
    }

    /// The sheet's row number.
    var number = 0
    var bytes: [UInt8] = []
    var cells: [Cell] = []
    /// The texts of the workbook's shared strings, for cells that are `isShared`.
    var strings: [UInt8] = []

    /// The bytes that hold `cell`'s text: the row's, or the shared strings'.
    func source(_ cell: Cell) -> [UInt8] { cell.isShared ? strings : bytes }

    func text(_ cell: Cell) -> String { String(decoding: source(cell)[cell.range], as: UTF8.self) }

    /// A cell holding nothing but white space, or nothing.
    func isBlank(_ cell: Cell) -> Bool {
        withView { $0.isBlank(cell) }
    }

    /// Lends the row as a view of its buffers, for reading many cells without an array access
    /// (and its reference counting) per cell.
    func withView<T>(_ body: (SheetRowView) throws -> T) rethrows -> T {
        try cells.withUnsafeBufferPointer { cells in
            try strings.withUnsafeBufferPointer { strings in
                try bytes.withUnsafeBufferPointer { bytes in
                    try body(SheetRowView(number: number, cells: cells, strings: strings, bytes: bytes))
                }
            }
        }
    }

    var nonBlank: [Cell] { cells.filter { !isBlank($0) } }
}

/// A row of a sheet lent for the length of one call (`SheetRow.withView`,
/// `SheetRows.forEachView`): its cells and the buffers their ranges are in, read without
/// reference counting. Not to be kept beyond the call.
struct SheetRowView {
    var number: Int
    var cells: UnsafeBufferPointer<SheetRow.Cell>
    /// The workbook's shared strings, for cells that are `isShared`.
    var strings: UnsafeBufferPointer<UInt8>
    var bytes: UnsafeBufferPointer<UInt8>

    /// The bytes that hold `cell`'s text: the row's, or the shared strings'.
    func source(_ cell: SheetRow.Cell) -> UnsafeBufferPointer<UInt8> { cell.isShared ? strings : bytes }

    func text(_ cell: SheetRow.Cell) -> String { String(decoding: source(cell)[cell.range], as: UTF8.self) }

    /// A cell holding nothing but white space, or nothing.
    @inline(__always)
    func isBlank(_ cell: SheetRow.Cell) -> Bool {
        let source = source(cell)
        for index in cell.range where !XMLBytes.isSpace(source[index]) { return false }
        return true
    }

    var nonBlank: [SheetRow.Cell] { cells.filter { !isBlank($0) } }

    /// The same row with other cells (ranges in the same buffers).
    func with(cells: UnsafeBufferPointer<SheetRow.Cell>) -> SheetRowView {
        SheetRowView(number: number, cells: cells, strings: strings, bytes: bytes)
    }
}

/// What receives the rows of a sheet as `SheetPart` reads them.
protocol SheetRowSink {
    /// Called as each row ends, with the rows read since the sink last took them (this one
    /// last); the sink takes them by leaving `rows` empty, or leaves them there to take later
    /// with more (so that rows are gathered where they are read, not copied).
    mutating func add(_ rows: inout SheetRows)
    /// Shared-string cells come as `SheetRow.Cell.isShared` (their text is in the workbook's
    /// shared strings, which the sink sets as the rows' `strings`) instead of copied into each row.
    var takesSharedCells: Bool { get }
}

extension SheetRowSink {
    var takesSharedCells: Bool { false }
}

/// A cell reference as Excel writes it: `C12` for column 3, row 12.
enum CellReference {
    static let maxRow = 1_048_576
    static let maxColumn = 16_384

    static func columnName(_ column: Int) -> String { SourceLocation.columnName(column) }

    /// The column of a reference written as nearly every cell's is, letters and then `row`'s
    /// digits (`C12` in row 12); nil for any other text, which `parse` then reads. Where it
    /// gives a column, `parse` gives the same one and `row`.
    static func plainColumn(_ raw: UnsafeBufferPointer<UInt8>, row: Int) -> Int? {
        guard let base = raw.baseAddress else { return nil }
        let count = raw.count
        var i = 0
        let column = letters(base, count, &i)
        // One to seven digits, the first not a zero.
        guard i > 0, count > i, count - i <= 7, base[i] != UInt8(ascii: "0") else { return nil }
        var number = 0
        while i < count {
            let digit = base[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            number = number &* 10 &+ Int(digit)
            i += 1
        }
        guard number == row, column <= maxColumn else { return nil }
        return column
    }

    /// The column of the letters (at most three, either case) from `i`, which is left after
    /// them; 0 when there are none.
    @inline(__always)
    static func letters(_ base: UnsafePointer<UInt8>, _ count: Int, _ i: inout Int) -> Int {
        var column = 0
        let end = Swift.min(count, i + 3)
        while i < end {
            let letter = (base[i] | 0x20) &- UInt8(ascii: "a")
            guard letter < 26 else { break }
            column = column &* 26 &+ Int(letter) &+ 1
            i += 1
        }
        return column
    }

    /// Column and row of `C12` (either may be missing: `C`, `12`); nil when malformed or beyond
    /// Excel's grid.
    static func parse(_ bytes: some Collection<UInt8>) -> (column: Int?, row: Int?)? {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            if digit < 10 {
                guard digits < 7 else { return nil }
                row = row &* 10 &+ Int(digit)
                digits &+= 1
                continue
            }
            let letter = (byte | 0x20) &- UInt8(ascii: "a")
            if letter < 26 {
                guard digits == 0, letters < 3 else { return nil }
                column = column &* 26 &+ Int(letter) &+ 1
                letters &+= 1
            } else if byte != UInt8(ascii: "$") {
                return nil
            }
        }
        guard letters + digits > 0, column <= maxColumn, row <= maxRow, digits == 0 || row > 0 else { return nil }
        return (letters > 0 ? column : nil, digits > 0 ? row : nil)
    }
}

/// A sheet's XML (`xl/worksheets/sheetN.xml`) read into rows of text cells for a sink:
/// - a shared string (`t="s"`) or inline string (`t="inlineStr"`) is its text, rich-text runs
///   joined and phonetic runs left out; a formula's text result (`t="str"`) and an error value
///   (`#N/A`) are text; a boolean is `TRUE` or `FALSE`; an ISO date (`t="d"`) is its text;
/// - a number is its shortest decimal text (`12.345` whatever the cell shows, as the stored
///   double reads back), a percent-formatted number is in percent (`0.97` shown `97 %` is `97`),
///   a date-formatted number is its ISO date (`2024-03-01`, with ` hh:mm:ss` when the format
///   shows a time) in the workbook's 1900 or 1904 date system;
/// - a formula cell is its cached value; one without (never calculated) is an error naming it.
/// Merged ranges (`mergeCells`, after the rows) are collected for the sink's reader to check.
struct SheetPart<Sink: SheetRowSink>: XMLEventHandler {
    var sink: Sink
    let file: String
    let strings: SharedStrings
    let formats: [Workbook.NumberFormat]
    let date1904: Bool
    var diagnostics: [Diagnostic] = []
    /// Merged ranges: first and last column and row.
    var merges: [(columns: ClosedRange<Int>, rows: ClosedRange<Int>)] = []

    private enum CellType {
        case number, shared, inline, formulaText, boolean, error, isoDate
    }

    /// The rows read and not yet taken by the sink, the current one last (from `rowCells`
    /// and `rowBytes`).
    private var rows = SheetRows()
    private var rowNumber = 0
    private var rowCells = 0
    private var rowBytes = 0
    /// The row's number as the text of a cell reference's digits (`startRow`), as `load`
    /// reads them, and the mask of their bytes.
    private var rowDigits: UInt64 = 0
    private var rowDigitCount = 0
    private var rowDigitMask: UInt64 = 0
    private var inRow = false
    private var lastRow = 0
    private var lastColumn = 0
    private var cellColumn = 0
    private var cellType = CellType.number
    private var cellFormat = Workbook.NumberFormat.general
    private var inCell = false
    private var inValue = false
    private var inFormula = false
    private var inInline = false
    private var inlineText = StringItemText()
    private var hasValue = false
    private var hasFormula = false
    private var value: [UInt8] = []
    private var formula: [UInt8] = []
    private let sharedCells: Bool
    /// Bytes of shared-string text the sheet's cells may refer to in all (each reference counts,
    /// as readers copy the text per cell): a part's limit, so that a small workbook repeating a
    /// long string cannot fill the memory.
    var sharedTextLimit = Int(clamping: Workbook.Limits().partBytes)
    private var sharedText = 0

    init(sink: Sink, file: String, workbook: Workbook) {
        self.init(sink: sink, file: file, strings: workbook.strings, formats: workbook.formats, date1904: workbook.date1904)
        sharedTextLimit = Int(clamping: workbook.limits.partBytes)
    }

    init(sink: Sink, file: String, strings: SharedStrings, formats: [Workbook.NumberFormat], date1904: Bool) {
        self.sink = sink
        self.file = file
        self.strings = strings
        self.formats = formats
        self.date1904 = date1904
        sharedCells = sink.takesSharedCells
        if sharedCells { rows.strings = strings.bytes }
    }

    private func location(_ column: Int = 0) -> SourceLocation { SourceLocation(file: file, line: rowNumber, column: column) }

    mutating func start(_ tag: XMLTag) throws(WorkbookError) {
        // The local name once, not once per comparison.
        let local = tag.name.local
        func `is`(_ name: StaticString) -> Bool { XMLName.equal(local, name) }
        if inCell {
            if `is`("v") {
                inValue = true
                hasValue = true
            } else if `is`("f") {
                inFormula = true
                hasFormula = true
            } else if `is`("is") {
                inInline = true
                hasValue = true
                inlineText = StringItemText()
            } else if inInline {
                inlineText.start(tag)
            }
            return
        }
        if `is`("c") {
            try startCell(tag)
        } else if `is`("row") {
            try startRow(tag.raw("r"))
        } else if `is`("mergeCell"), let raw = tag.raw("ref") {
            try addMerge(raw)
        }
    }

    /// Bytes below 64 that end an attribute's name (white space, `"`, `'`, `/`, `<`, `>`), its
    /// value (`"`, `'`, `<`, `>`, `&`) and a value's text (`<`, `&`) in `element`.
    private static var nameStops: UInt64 { 1 << 0x20 | 1 << 0x09 | 1 << 0x0A | 1 << 0x0D | 1 << 0x22 | 1 << 0x27 | 1 << 0x2F | 1 << 0x3C | 1 << 0x3E }
    private static var valueStops: UInt64 { 1 << 0x22 | 1 << 0x27 | 1 << 0x3C | 1 << 0x3E | 1 << 0x26 }
    private static var textStops: UInt64 { 1 << 0x3C | 1 << 0x26 }

    /// The index of the first `<` or `&` from `i` (a text's end, or an entity in it), `count`
    /// when there is none.
    @inline(__always)
    private static func textEnd(_ base: UnsafePointer<UInt8>, _ count: Int, from i: Int) -> Int {
        var i = i
        while i < count {
            let byte = base[i]
            if byte < 64, (textStops >> UInt64(byte)) & 1 != 0 { break }
            i += 1
        }
        return i
    }

    /// 4 or 8 bytes from `at` as one number, the first in the lowest byte: one load, where a
    /// byte at a time cost a tenth of the one-step cell.
    @inline(__always)
    private static func load(_ at: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        count == 8
            ? UInt64(littleEndian: UnsafeRawPointer(at).loadUnaligned(as: UInt64.self))
            : UInt64(UInt32(littleEndian: UnsafeRawPointer(at).loadUnaligned(as: UInt32.self)))
    }

    /// ` r="`, ` t="s">` (the 7 bytes of 8 under `sevenBytes`) and `</v></c>` as `load` reads them.
    private static var referenceStart: UInt64 { 0x223D_7220 }
    private static var sharedType: UInt64 { 0x3E22_7322_3D74_20 }
    private static var valueEnd: UInt64 { 0x3E63_2F3C_3E76_2F3C }
    private static var sevenBytes: UInt64 { 0x00FF_FFFF_FFFF_FFFF }

    /// The attributes of a start tag in `element` that it reads: `r`, `t` and `s`, raw.
    private struct PlainTag {
        var reference: UnsafeBufferPointer<UInt8>?
        var type: UnsafeBufferPointer<UInt8>?
        var style: UnsafeBufferPointer<UInt8>?
        var selfClosing = false
    }

    /// The attributes of a start tag from `i`, right after its name, to its `>` (where `i`
    /// then is): each after white space, its value quoted, with no entity, no `<` or `>` and no
    /// prefix on `r`, and `r` at most once; nil for anything else, and for a tag cut by the end
    /// of the buffer, which the scanner then reads.
    @inline(__always)
    private static func plainTag(_ base: UnsafePointer<UInt8>, _ count: Int, _ i: inout Int, _ tag: PlainTag = PlainTag()) -> PlainTag? {
        var tag = tag
        while true {
            guard i < count else { return nil }
            var byte = base[i]
            if byte == UInt8(ascii: ">") { return tag }
            if byte == UInt8(ascii: "/") {
                guard i + 1 < count, base[i + 1] == UInt8(ascii: ">") else { return nil }
                tag.selfClosing = true
                i += 1
                return tag
            }
            guard XMLBytes.isSpace(byte) else { return nil }
            while i < count, XMLBytes.isSpace(base[i]) { i += 1 }
            guard i < count else { return nil }
            byte = base[i]
            if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") { continue }
            let nameStart = i
            while i < count, base[i] != UInt8(ascii: "=") {
                let byte = base[i]
                guard byte >= 64 || (nameStops >> UInt64(byte)) & 1 == 0 else { return nil }
                i += 1
            }
            guard i + 1 < count, i > nameStart else { return nil }
            let quote = base[i + 1]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
            // `x:r`, which a row's reading takes for its `r`.
            if i - nameStart > 1, base[i - 1] == UInt8(ascii: "r"), base[i - 2] == UInt8(ascii: ":") { return nil }
            i += 2
            let valueStart = i
            while i < count {
                let byte = base[i]
                if byte < 64, (valueStops >> UInt64(byte)) & 1 != 0 { break }
                i += 1
            }
            // A value in single quotes holding `"` is left to the scanner.
            guard i < count, base[i] == quote else { return nil }
            let attribute = UnsafeBufferPointer(start: base + valueStart, count: i - valueStart)
            i += 1
            guard valueStart - nameStart == 3 else {
                // A longer name than `r`, `t` or `s`: not one the cell reads.
                continue
            }
            switch base[nameStart] {
            case UInt8(ascii: "r"):
                guard tag.reference == nil else { return nil }
                tag.reference = attribute
            case UInt8(ascii: "t"): tag.type = attribute
            case UInt8(ascii: "s"): tag.style = attribute
            default: break
            }
        }
    }

    /// A row or a cell as nearly every writer puts them, read in one step (`cell`, `row`).
    mutating func element(_ buffer: UnsafeBufferPointer<UInt8>, at start: Int) throws(WorkbookError) -> Int {
        guard let base = buffer.baseAddress, start + 1 < buffer.count else { return 0 }
        switch base[start + 1] {
        case UInt8(ascii: "c"): return try cell(buffer, at: start)
        case UInt8(ascii: "r"): return try row(buffer, at: start)
        default: return 0
        }
    }

    /// A row of cells that `cell` reads, with nothing else in it but white space, read in one
    /// step: `<row r="2" spans="1:6">` (any attributes, `r` at most once), its cells and
    /// `</row>`; `<row r="2"/>`. A row of any other shape, or cut by the end of `buffer`, is
    /// left to the scanner (its cells then each read by `cell` where they can be): what the
    /// row's cells added is taken back first, and the scanner's events read them again alike.
    private mutating func row(_ buffer: UnsafeBufferPointer<UInt8>, at start: Int) throws(WorkbookError) -> Int {
        guard !inRow, !inCell, !inInline, let base = buffer.baseAddress else { return 0 }
        let count = buffer.count
        var i = start + 4
        guard i < count, base[start + 2] == UInt8(ascii: "o"), base[start + 3] == UInt8(ascii: "w"),
            let tag = Self.plainTag(base, count, &i)
        else { return 0 }
        i += 1
        let diagnosed = diagnostics.count
        try startRow(tag.reference)
        if tag.selfClosing {
            endRow()
            return i - start
        }
        while i + 1 < count {
            let byte = base[i]
            if XMLBytes.isSpace(byte) {
                i += 1
                continue
            }
            guard byte == UInt8(ascii: "<") else { break }
            if base[i + 1] == UInt8(ascii: "c") {
                let common = commonCells(base, count, from: i)
                if common > 0 {
                    i += common
                    continue
                }
                let taken = try cell(buffer, at: i)
                guard taken > 0 else { break }
                i += taken
            } else {
                guard i + 6 <= count, XMLName.equal(UnsafeBufferPointer(start: base + i, count: 6), "</row>") else { break }
                endRow()
                return i + 6 - start
            }
        }
        // Declined: as before the row started (its number, cleared cells and column are set
        // again by the scanner's `start`).
        inRow = false
        diagnostics.removeSubrange(diagnosed...)
        return 0
    }

    /// A row's start: its number (`r`, else the one after the last), checked to come after the last.
    private mutating func startRow(_ raw: UnsafeBufferPointer<UInt8>?) throws(WorkbookError) {
        var number = lastRow + 1
        var plainDigits: UnsafeBufferPointer<UInt8>?
        if let raw, let digits = Self.index(raw), digits > 0, digits <= CellReference.maxRow, raw[0] != UInt8(ascii: "0") {
            // Digits alone, as every writer puts a row's number (the general reading's result).
            number = digits
            plainDigits = raw
        } else if let raw {
            guard let parsed = CellReference.parse(raw), parsed.column == nil, let found = parsed.row else {
                throw WorkbookError(
                    code: "xlsx.bad-xml",
                    message: "a row after row \(lastRow) has the number `\(String(decoding: raw.prefix(20), as: UTF8.self))`, which is no row of a sheet")
            }
            number = found
        }
        guard number > lastRow, number <= CellReference.maxRow else {
            throw WorkbookError(code: "xlsx.bad-xml", message: "row \(number) comes after row \(lastRow); a sheet's rows are in order")
        }
        // Cells of a row started before and not ended (declined by `row`, or malformed XML) go.
        rows.cells.truncate(to: rowCells)
        rows.bytes.truncate(to: rowBytes)
        rowNumber = number
        inRow = true
        lastColumn = 0
        // The number's decimal digits, the first in the lowest byte (at most seven): those of
        // `r` when it is plain, else worked out.
        rowDigits = 0
        rowDigitCount = 0
        if let plainDigits, let base = plainDigits.baseAddress {
            for offset in 0..<plainDigits.count { rowDigits |= UInt64(base[offset]) << UInt64(8 &* offset) }
            rowDigitCount = plainDigits.count
        } else {
            var rest = number
            repeat {
                rowDigits = rowDigits << 8 | UInt64(UInt8(ascii: "0") + UInt8(rest % 10))
                rowDigitCount += 1
                rest /= 10
            } while rest > 0
        }
        rowDigitMask = (1 << UInt64(8 * rowDigitCount)) - 1
    }

    /// The rows the sink has not taken (those after the last full batch), leaving none.
    mutating func takeRows() -> SheetRows {
        let taken = rows
        rows = SheetRows(strings: rows.strings)
        rowCells = 0
        rowBytes = 0
        return taken
    }

    private mutating func endRow() {
        inRow = false
        lastRow = rowNumber
        rows.rows.append((rowNumber, rows.cells.count))
        sink.add(&rows)
        rowCells = rows.cells.count
        rowBytes = rows.bytes.count
    }

    /// A cell as nearly every writer puts it, read in one step: `<c r="B2" t="s" s="1"><v>7</v></c>`
    /// (attributes in any order, any of them left out) or `<c r="B2" s="1"/>`, with no entity
    /// in its attribute values or its value. Anything else (a formula, an inline string, white
    /// space or a comment inside, a cell cut by the end of `buffer`) is left to the scanner, whose
    /// events for such a cell would be the same: `startCell`, the value, `endCell`.
    private mutating func cell(_ buffer: UnsafeBufferPointer<UInt8>, at start: Int) throws(WorkbookError) -> Int {
        // Within an inline string left open (malformed XML), `</c>` would not end the cell.
        guard inRow, !inCell, !inInline, let base = buffer.baseAddress else { return 0 }
        let count = buffer.count
        var i = start + 2
        // ` r="B2"` first, as nearly every writer puts it: its column is read here when its
        // digits are the row's number as `startRow` wrote it (where `plainColumn` would give it).
        var known = PlainTag()
        var column = 0
        if i + 4 < count, Self.load(base + i, 4) == Self.referenceStart {
            var j = i + 4
            let letterColumn = CellReference.letters(base, count, &j)
            // The row's digits and the closing quote, compared in one load (with fewer than 8
            // bytes left the general reading below reads the reference).
            if j + 8 <= count, letterColumn > 0, letterColumn <= CellReference.maxColumn,
                Self.load(base + j, 8) & rowDigitMask == rowDigits, base[j + rowDigitCount] == UInt8(ascii: "\"")
            {
                j += rowDigitCount
                column = letterColumn
                known.reference = UnsafeBufferPointer(start: base + i + 4, count: j - i - 4)
                i = j + 1
            }
        }
        let tag: PlainTag
        // (With 7 bytes left, not 8, the general reading of the tag below reads it alike.)
        if column > 0, i + 8 <= count, Self.load(base + i, 8) & Self.sevenBytes == Self.sharedType {
            // The rest of a shared string's tag as nearly every writer ends it.
            tag = PlainTag(reference: known.reference, type: UnsafeBufferPointer(start: base + i + 4, count: 1))
            i += 6
        } else if column > 0, i < count, base[i] == UInt8(ascii: ">") {
            tag = known
        } else {
            guard i < count, let found = Self.plainTag(base, count, &i, known) else { return 0 }
            tag = found
        }
        // `i` is at the tag's `>`.
        i += 1
        if tag.selfClosing {
            if column > 0 {
                try startCell(column: column, type: tag.type, style: tag.style)
            } else {
                try startCell(reference: tag.reference, type: tag.type, style: tag.style)
            }
            inCell = false
            try endCell(UnsafeBufferPointer(start: base, count: 0))
            return i - start
        }
        // `<v>`, the value up to `<`, `</v></c>`.
        guard i + 3 <= count, base[i] == UInt8(ascii: "<"), base[i + 1] == UInt8(ascii: "v"), base[i + 2] == UInt8(ascii: ">") else { return 0 }
        i += 3
        let valueStart = i
        i = Self.textEnd(base, count, from: i)
        guard i < count, base[i] == UInt8(ascii: "<") else { return 0 }
        let value = UnsafeBufferPointer(start: base + valueStart, count: i - valueStart)
        guard i + 8 <= count, Self.load(base + i, 8) == Self.valueEnd else { return 0 }
        i += 8
        if column > 0, plainCell(column: column, tag: tag, value: value) { return i - start }
        if column > 0 {
            try startCell(column: column, type: tag.type, style: tag.style)
        } else {
            try startCell(reference: tag.reference, type: tag.type, style: tag.style)
        }
        hasValue = true
        // As after `</v>`, which also ends a `<v>` left open before (malformed XML).
        inValue = false
        inCell = false
        try endCell(value)
        return i - start
    }

    /// `<c r="`, ` s="`, `><v>`, ` t="s"><` and ` t="n"><` as `load` reads them (the first of 6 bytes, under
    /// `sixBytes`).
    private static var cellStart: UInt64 { 0x223D_7220_633C }
    private static var styleStart: UInt64 { 0x223D_7320 }
    private static var sixBytes: UInt64 { 0xFFFF_FFFF_FFFF }
    private static var numberValueStart: UInt64 { 0x3E76_3C3E }
    private static var sharedValueStart: UInt64 { 0x3C3E_2273_223D_7420 }
    private static var numberTypeValueStart: UInt64 { 0x3C3E_226E_223D_7420 }
    /// ` t="inlineStr"><is><t>` in three loads (the last of 6 bytes) and `</t></is></c>` in two
    /// and a byte.
    private static var inlineStart: UInt64 { 0x696C_6E69_223D_7420 }
    private static var inlineMiddle: UInt64 { 0x3C3E_2272_7453_656E }
    private static var inlineEnd: UInt64 { 0x3E74_3C3E_7369 }
    private static var inlineClose: UInt64 { 0x7369_2F3C_3E74_2F3C }
    private static var inlineCloseRest: UInt64 { 0x632F_3C3E }

    /// The cells of a row from `start` for as long as they are of the kinds nearly every sheet
    /// is made of, written as nearly every writer writes them: `<c r="B2" t="s"><v>7</v></c>`
    /// (with `sharedCells`); `<c r="E2"><v>1992</v></c>`, a plain number in the general format,
    /// also typed `t="n"`; and `<c r="A2" t="inlineStr"><is><t>Akaa</t></is></c>`, an inline
    /// string as openpyxl writes every text. The reference's digits are the row's, and a style
    /// may follow the reference (`<c r="E2" s="3">`, as Excel writes one). Each cell is taken as
    /// `plainCell` or `endCell` takes it, in one loop whose state stays in local variables until
    /// the run ends: the bytes taken, 0 when the first cell is of any other shape or cut by the
    /// end of the buffer (`cell` then reads it).
    private mutating func commonCells(_ base: UnsafePointer<UInt8>, _ count: Int, from start: Int) -> Int {
        var i = start
        var last = lastColumn
        var shared = sharedText
        let digits = rowDigits
        let digitMask = rowDigitMask
        let digitCount = rowDigitCount
        while i + 8 <= count, Self.load(base + i, 8) & Self.sixBytes == Self.cellStart {
            var j = i + 6
            let column = CellReference.letters(base, count, &j)
            guard column > last, column <= CellReference.maxColumn, j + 8 <= count,
                Self.load(base + j, 8) & digitMask == digits, base[j + digitCount] == UInt8(ascii: "\"")
            else { break }
            j += digitCount + 1
            guard j + 8 <= count else { break }
            // ` s="3"`, a style, as Excel writes it after the reference.
            var generalFormat = true
            if Self.load(base + j, 4) == Self.styleStart {
                j += 4
                let styleStart = j
                while j < count, base[j] != UInt8(ascii: "\"") { j += 1 }
                guard j + 9 <= count, let style = Self.index(UnsafeBufferPointer(start: base + styleStart, count: j - styleStart)) else { break }
                j += 1
                generalFormat = style >= formats.count || formats[style] == .general
            }
            let tagEnd = Self.load(base + j, 8)
            if tagEnd == Self.sharedValueStart {
                // ` t="s"><v>`, a shared string's number, `</v></c>`.
                guard sharedCells, j + 10 <= count, base[j + 8] == UInt8(ascii: "v"), base[j + 9] == UInt8(ascii: ">") else { break }
                j += 10
                let valueStart = j
                j = Self.textEnd(base, count, from: j)
                guard j + 8 <= count, Self.load(base + j, 8) == Self.valueEnd,
                    let index = Self.index(UnsafeBufferPointer(start: base + valueStart, count: j - valueStart)),
                    let range = strings.range(index), shared + range.count <= sharedTextLimit
                else { break }
                shared += range.count
                rows.cells.append(SheetRow.Cell(column: column, range: range, isText: true, isShared: true))
            } else if tagEnd == Self.inlineStart {
                // ` t="inlineStr"><is><t>`, text with no entity, `</t></is></c>`: the text as
                // `endCell` copies an inline string's (rich text and `xml:space` left to the scanner).
                // Not while a value is left open (malformed XML): the scanner's events for an
                // inline string leave it open, where the end of this run would close it.
                guard !inValue, j + 24 <= count, Self.load(base + j + 8, 8) == Self.inlineMiddle,
                    Self.load(base + j + 16, 8) & Self.sixBytes == Self.inlineEnd
                else { break }
                j += 22
                let textStart = j
                j = Self.textEnd(base, count, from: j)
                guard j + 13 <= count, Self.load(base + j, 8) == Self.inlineClose, Self.load(base + j + 8, 4) == Self.inlineCloseRest,
                    base[j + 12] == UInt8(ascii: ">")
                else { break }
                let bytesStart = rows.bytes.count
                rows.bytes.append(contentsOf: UnsafeBufferPointer(start: base + textStart, count: j - textStart))
                rows.cells.append(SheetRow.Cell(column: column, range: bytesStart..<rows.bytes.count, isText: true))
                last = column
                i = j + 13
                continue
            } else if generalFormat,
                tagEnd & 0xFFFF_FFFF == Self.numberValueStart
                    || (tagEnd == Self.numberTypeValueStart && j + 10 <= count && base[j + 8] == UInt8(ascii: "v") && base[j + 9] == UInt8(ascii: ">"))
            {
                // `><v>` or ` t="n"><v>` (as openpyxl writes a number), a plain number
                // (`DecimalText.isPlain`), `</v></c>`.
                j += tagEnd == Self.numberTypeValueStart ? 10 : 4
                let valueStart = j
                j = Self.textEnd(base, count, from: j)
                let value = UnsafeBufferPointer(start: base + valueStart, count: j - valueStart)
                guard j + 8 <= count, Self.load(base + j, 8) == Self.valueEnd, !value.isEmpty, DecimalText.isPlain(value) else { break }
                let bytesStart = rows.bytes.count
                rows.bytes.append(contentsOf: value)
                rows.cells.append(SheetRow.Cell(column: column, range: bytesStart..<rows.bytes.count, isText: false))
            } else {
                break
            }
            last = column
            i = j + 8
        }
        guard i > start else { return 0 }
        sharedText = shared
        lastColumn = last
        cellColumn = last
        hasValue = true
        inValue = false
        inCell = false
        return i - start
    }

    /// The two cells nearly every sheet is made of, taken as `startCell` and `endCell` would
    /// take them, with less work: a shared string (kept as a range, `sharedCells`), and a plain
    /// number in the general format. False (nothing done) for any other cell.
    @inline(__always)
    private mutating func plainCell(column: Int, tag: PlainTag, value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard column > lastColumn, column <= CellReference.maxColumn else { return false }
        if let type = tag.type {
            guard sharedCells, type.count == 1, type[0] == UInt8(ascii: "s"), let index = Self.index(value),
                let range = strings.range(index), sharedText + range.count <= sharedTextLimit
            else { return false }
            sharedText += range.count
            rows.cells.append(SheetRow.Cell(column: column, range: range, isText: true, isShared: true))
        } else {
            if let raw = tag.style {
                guard let style = Self.index(raw), style >= formats.count || formats[style] == .general else { return false }
            }
            guard !value.isEmpty, DecimalText.isPlain(value) else { return false }
            let start = rows.bytes.count
            rows.bytes.append(contentsOf: value)
            rows.cells.append(SheetRow.Cell(column: column, range: start..<rows.bytes.count, isText: false))
        }
        lastColumn = column
        cellColumn = column
        hasValue = true
        inValue = false
        inCell = false
        return true
    }

    private mutating func startCell(_ tag: XMLTag) throws(WorkbookError) {
        var reference: UnsafeBufferPointer<UInt8>?
        var type: UnsafeBufferPointer<UInt8>?
        var style: UnsafeBufferPointer<UInt8>?
        tag.forEachAttribute { name, value in
            // Cells have no prefixed attributes of these names; one pass finds all three.
            switch name.bytes.count == 1 ? name.bytes[0] : 0 {
            case UInt8(ascii: "r"): reference = value
            case UInt8(ascii: "t"): type = value
            case UInt8(ascii: "s"): style = value
            default: break
            }
            return true
        }
        try startCell(reference: reference, type: type, style: style)
    }

    private mutating func startCell(
        reference: UnsafeBufferPointer<UInt8>?, type: UnsafeBufferPointer<UInt8>?, style: UnsafeBufferPointer<UInt8>?
    ) throws(WorkbookError) {
        guard inRow else { throw WorkbookError(code: "xlsx.bad-xml", message: "a cell outside a row") }
        var column = lastColumn + 1
        if let raw = reference, let found = CellReference.plainColumn(raw, row: rowNumber) {
            column = found
        } else if let raw = reference {
            guard let parsed = CellReference.parse(raw), let found = parsed.column, parsed.row == nil || parsed.row == rowNumber else {
                throw WorkbookError(
                    code: "xlsx.bad-xml",
                    message:
                        "a cell of row \(rowNumber) has the reference `\(String(decoding: raw.prefix(20), as: UTF8.self))`, which is not a cell of that row")
            }
            column = found
        }
        try startCell(column: column, type: type, style: style)
    }

    /// A cell's start once its column is known.
    @inline(__always)
    private mutating func startCell(column: Int, type: UnsafeBufferPointer<UInt8>?, style: UnsafeBufferPointer<UInt8>?) throws(WorkbookError) {
        guard column > lastColumn, column <= CellReference.maxColumn else {
            throw WorkbookError(code: "xlsx.bad-xml", message: "the cells of row \(rowNumber) are out of order at column \(CellReference.columnName(column))")
        }
        lastColumn = column
        cellColumn = column
        cellType = .number
        if let type {
            if XMLName.equal(type, "s") {
                cellType = .shared
            } else if XMLName.equal(type, "inlineStr") {
                cellType = .inline
            } else if XMLName.equal(type, "str") {
                cellType = .formulaText
            } else if XMLName.equal(type, "b") {
                cellType = .boolean
            } else if XMLName.equal(type, "e") {
                cellType = .error
            } else if XMLName.equal(type, "d") {
                cellType = .isoDate
            }
        }
        cellFormat = .general
        if let raw = style, let style = Self.index(raw), style < formats.count {
            cellFormat = formats[style]
        }
        inCell = true
        hasValue = false
        hasFormula = false
        if !value.isEmpty { value.removeAll(keepingCapacity: true) }
        if !formula.isEmpty { formula.removeAll(keepingCapacity: true) }
    }

    /// A non-negative decimal index (`s="12"`, a shared string's number); nil for anything else.
    @inline(__always)
    static func index(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9, let base = bytes.baseAddress else { return nil }
        var value = 0
        for offset in 0..<bytes.count {
            let digit = base[offset] &- 0x30
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int(digit)
        }
        return value
    }

    private mutating func addMerge(_ raw: UnsafeBufferPointer<UInt8>) throws(WorkbookError) {
        let parts = raw.split(separator: UInt8(ascii: ":"))
        guard parts.count == 2, let first = CellReference.parse(parts[0]), let last = CellReference.parse(parts[1]),
            let c1 = first.column, let r1 = first.row, let c2 = last.column, let r2 = last.row, c1 <= c2, r1 <= r2
        else { return }
        merges.append((c1...c2, r1...r2))
    }

    mutating func end(_ name: XMLName) throws(WorkbookError) {
        let local = name.local
        func `is`(_ name: StaticString) -> Bool { XMLName.equal(local, name) }
        if inCell {
            if `is`("v") {
                inValue = false
            } else if `is`("f") {
                inFormula = false
            } else if `is`("is") {
                inInline = false
            } else if inInline {
                inlineText.end(name)
            } else if `is`("c") {
                inCell = false
                let value = self.value
                try value.withUnsafeBufferPointer { value throws(WorkbookError) in try endCell(value) }
            }
            return
        }
        if `is`("row"), inRow { endRow() }
    }

    mutating func text(_ text: UnsafeBufferPointer<UInt8>) throws(WorkbookError) {
        guard inCell else { return }
        if inValue || (inInline && inlineText.collecting) {
            value.append(contentsOf: text)
        } else if inFormula, formula.count < 200 {
            formula.append(contentsOf: text.prefix(200))
        }
    }

    @inline(__always)
    private mutating func endCell(_ value: UnsafeBufferPointer<UInt8>) throws(WorkbookError) {
        let column = cellColumn
        var reference: String { "\(CellReference.columnName(column))\(rowNumber)" }
        if hasFormula, !hasValue || (value.isEmpty && cellType != .formulaText) {
            diagnostics.append(
                Diagnostic(
                    .error, code: "xlsx.formula-without-value",
                    "Cell \(reference) holds a formula (`=\(String(decoding: formula, as: UTF8.self))`) whose result the workbook does not hold: it was saved without calculating. Open it in Excel or LibreOffice, recalculate and save it again, or type the value.",
                    at: location(column)))
            // An empty cell in its place, so that the row is not also short of a cell.
            rows.cells.append(SheetRow.Cell(column: column, range: rows.bytes.count..<rows.bytes.count, isText: false))
            return
        }
        let start = rows.bytes.count
        var isText = true
        switch cellType {
        case .shared:
            guard let index = Self.index(value), let range = strings.range(index) else {
                throw WorkbookError(
                    code: "xlsx.bad-xml",
                    message:
                        "cell \(reference) refers to shared string `\(String(decoding: value.prefix(20), as: UTF8.self))`, but the workbook has \(strings.count) shared strings (the file is damaged)"
                )
            }
            sharedText += range.count
            guard sharedText <= sharedTextLimit else {
                throw WorkbookError(
                    code: "xlsx.zip-bomb",
                    message:
                        "its cells repeat the workbook's shared strings to more than \(sharedTextLimit >> 20) MB of text by cell \(reference), beyond what Vitality reads (as much as one part): a workbook made to fill the memory, or a damaged one; it is refused"
                )
            }
            if sharedCells {
                rows.cells.append(SheetRow.Cell(column: column, range: range, isText: true, isShared: true))
                return
            }
            strings.bytes.withUnsafeBufferPointer { rows.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
        case .inline, .formulaText, .error:
            rows.bytes.append(contentsOf: value)
        case .isoDate:
            // `2024-03-01T00:00:00`: the date; a time of day other than midnight stays.
            let text = String(decoding: value, as: UTF8.self)
            rows.bytes.append(contentsOf: (text.hasSuffix("T00:00:00") ? String(text.dropLast(9)) : text).utf8)
        case .boolean:
            rows.bytes.append(
                contentsOf: (value.elementsEqual([UInt8(ascii: "1")])
                    ? "TRUE" : value.elementsEqual([UInt8(ascii: "0")]) ? "FALSE" : String(decoding: value, as: UTF8.self)).utf8)
        case .number:
            guard !value.isEmpty else { return }
            isText = false
            if cellFormat == .general, DecimalText.isPlain(value) {
                rows.bytes.append(contentsOf: value)
                break
            }
            guard let number = DecimalText(Array(value)) else {
                throw WorkbookError(
                    code: "xlsx.bad-xml",
                    message: "cell \(reference) holds `\(String(decoding: value.prefix(40), as: UTF8.self))` as a number, which is none (the file is damaged)")
            }
            switch cellFormat {
            case .general:
                rows.bytes.append(contentsOf: number.text)
            case .percent:
                rows.bytes.append(contentsOf: number.shifted(by: 2).text)
            case .date(let time):
                guard let date = ExcelDate(serial: number.double, date1904: date1904) else {
                    diagnostics.append(
                        Diagnostic(
                            .error, code: "xlsx.bad-date",
                            "Cell \(reference) is formatted as a date but holds \(String(decoding: number.text, as: UTF8.self)), which is no date Excel shows (before 1900 or after 9999). Correct the cell or its format.",
                            at: location(column)))
                    return
                }
                isText = true
                rows.bytes.append(contentsOf: date.text(time: time).utf8)
            }
        }
        rows.cells.append(SheetRow.Cell(column: column, range: start..<rows.bytes.count, isText: isText))
    }
}

/// A number as a decimal text, as a sheet stores it (`12.345`, `-1.5E-3`): kept as written when
/// it has at most 15 significant digits (every double reads back from its text then), else
/// rewritten as the shortest text that reads back as the same double, which is what the CSV
/// reader's precision rule accepts (`0.10000000000000001`, written by Excel for 0.1, is `0.1`).
struct DecimalText {
    var text: [UInt8]
    var double: Double

    init?(_ raw: [UInt8]) {
        var trimmed = raw[...]
        while let first = trimmed.first, XMLBytes.isSpace(first) { trimmed = trimmed.dropFirst() }
        while let last = trimmed.last, XMLBytes.isSpace(last) { trimmed = trimmed.dropLast() }
        // Sign, digits, point, digits, exponent: nothing else.
        var i = trimmed.startIndex
        if i < trimmed.endIndex, trimmed[i] == UInt8(ascii: "-") || trimmed[i] == UInt8(ascii: "+") { i += 1 }
        var mantissaDigits = 0
        var point = false
        while i < trimmed.endIndex {
            let byte = trimmed[i]
            if byte >= 0x30, byte <= 0x39 {
                mantissaDigits += 1
            } else if byte == UInt8(ascii: "."), !point {
                point = true
            } else {
                break
            }
            i += 1
        }
        guard mantissaDigits > 0 else { return nil }
        if i < trimmed.endIndex {
            guard trimmed[i] == UInt8(ascii: "E") || trimmed[i] == UInt8(ascii: "e") else { return nil }
            i += 1
            if i < trimmed.endIndex, trimmed[i] == UInt8(ascii: "-") || trimmed[i] == UInt8(ascii: "+") { i += 1 }
            let digitsStart = i
            while i < trimmed.endIndex, trimmed[i] >= 0x30, trimmed[i] <= 0x39 { i += 1 }
            guard i > digitsStart, i == trimmed.endIndex, i - digitsStart <= 4 else { return nil }
        }
        let string = String(decoding: trimmed, as: UTF8.self)
        guard let double = Double(string), double.isFinite else { return nil }
        self.double = double
        if NumberParsing.significantDigits(trimmed).count <= 15 {
            text = Array(trimmed)
        } else {
            text = Array("\(double)".utf8)
        }
    }

    /// True for a plain number of at most 15 significant digits (`-12.345`, `9008`: what nearly
    /// every cell holds), which is kept as it is without reading it as a double; anything else
    /// `init` reads.
    static func isPlain(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        // At most 15 bytes hold at most 15 digits: only the bytes need checking.
        if raw.count <= 15 {
            var point = false
            var anyDigit = false
            for index in 0..<raw.count {
                let byte = raw[index]
                if byte &- 0x30 < 10 {
                    anyDigit = true
                } else if byte == UInt8(ascii: "."), !point {
                    point = true
                } else if byte != UInt8(ascii: "-") || index != 0 {
                    return false
                }
            }
            return anyDigit
        }
        return countsAsPlain(raw)
    }

    /// `isPlain` by counting the significant digits, for a number of any length.
    static func countsAsPlain(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = 0
        var leading = true
        var point = false
        var trailingZeros = 0
        var anyDigit = false
        for index in 0..<raw.count {
            let byte = raw[index]
            if byte >= 0x30, byte <= 0x39 {
                anyDigit = true
                if byte == 0x30 {
                    if !leading { trailingZeros += 1 }
                } else {
                    leading = false
                    digits += trailingZeros + 1
                    trailingZeros = 0
                }
            } else if byte == UInt8(ascii: "."), !point {
                point = true
            } else if byte == UInt8(ascii: "-"), index == 0 {
                continue
            } else {
                return false
            }
        }
        return digits + trailingZeros <= 15 && anyDigit
    }

    private init(text: [UInt8], double: Double) {
        self.text = text
        self.double = double
    }

    /// The number times 10^`places`, by moving the decimal point (exact; `0.97` → `97`).
    func shifted(by places: Int) -> DecimalText {
        var mantissa = text[...]
        var exponent: [UInt8] = []
        if let mark = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = text[..<mark]
            exponent = Array(text[(mark + 1)...])
        }
        if !exponent.isEmpty, let power = Int(String(decoding: exponent, as: UTF8.self)) {
            return DecimalText(text: Array(mantissa) + Array("e\(power + places)".utf8), double: double * 100)
        }
        var sign: [UInt8] = []
        if let first = mantissa.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            if first == UInt8(ascii: "-") { sign = [first] }
            mantissa = mantissa.dropFirst()
        }
        let parts = mantissa.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        var whole = Array(parts.first ?? [])
        var fraction = parts.count > 1 ? Array(parts[1]) : []
        for _ in 0..<places {
            whole.append(fraction.isEmpty ? UInt8(ascii: "0") : fraction.removeFirst())
        }
        while whole.count > 1, whole.first == UInt8(ascii: "0") { whole.removeFirst() }
        if whole.isEmpty { whole = [UInt8(ascii: "0")] }
        var out = sign + whole
        if !fraction.isEmpty { out += [UInt8(ascii: ".")] + fraction }
        return DecimalText(text: out, double: double * 100)
    }
}

/// A day of Excel's calendar from a serial number. In the 1900 system serial 1 is 1 January
/// 1900 and serial 60 is 29 February 1900, a day that never was (Lotus 1-2-3's leap-year error,
/// which Excel keeps), so 61 is 1 March 1900; in the 1904 system serial 0 is 1 January 1904.
struct ExcelDate: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var secondOfDay: Int

    init(year: Int, month: Int, day: Int, secondOfDay: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.secondOfDay = secondOfDay
    }

    init?(serial: Double, date1904: Bool) {
        // 2 958 465 is 31 December 9999, the last day Excel shows.
        guard serial.isFinite, serial >= (date1904 ? 0 : 1), serial < 2_958_466 else { return nil }
        let days = Int(serial.rounded(.down))
        secondOfDay = Swift.min(86_399, Int(((serial - Double(days)) * 86_400).rounded()))
        if !date1904, days == 60 {
            (year, month, day) = (1900, 2, 29)
            return
        }
        // Days since 1970-01-01 of the serial's day.
        let epochDays = date1904 ? days - 24_107 : days - (days < 60 ? 25_568 : 25_569)
        (year, month, day) = Self.civil(epochDays)
    }

    /// Howard Hinnant's days-to-civil conversion (proleptic Gregorian calendar).
    static func civil(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    func text(time: Bool) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let date = "\(year)-\(two(month))-\(two(day))"
        guard time, secondOfDay > 0 else { return date }
        return date + " \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
    }
}
