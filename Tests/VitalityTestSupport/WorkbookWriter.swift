import Foundation
import ZIPFoundation

/// Writes small Excel workbooks for tests: the XML parts are written out as text and zipped with
/// ZIPFoundation, so each test says exactly what the file holds.
package struct WorkbookWriter {
    /// One cell as the sheet XML stores it.
    package enum Cell: Sendable, Equatable {
        /// A shared string.
        case text(String)
        /// An inline string (`t="inlineStr"`).
        case inline(String)
        /// A number as written in `<v>`, with a cell format index (`s`).
        case number(String, style: Int = 0)
        case boolean(Bool)
        /// A formula and its cached value (nil: none saved); a number result.
        case formula(String, cached: String?)
        /// Raw cell XML, written as given.
        case raw(String)
        case empty
    }

    package struct Sheet: Sendable {
        package var name: String
        /// Rows from row 1; a row of only `.empty` cells is left out of the XML.
        package var rows: [[Cell]]
        /// Merged ranges such as `A4:A6`.
        package var merges: [String] = []

        package init(name: String, rows: [[Cell]], merges: [String] = []) {
            self.name = name
            self.rows = rows
            self.merges = merges
        }
    }

    package var sheets: [Sheet]
    package var date1904 = false
    /// Custom number formats (`numFmtId` ≥ 164) by id.
    package var customFormats: [Int: String] = [:]
    /// The `numFmtId` of each cell format, index 0 first (`s="1"` is the second).
    package var cellFormats: [Int] = [0, 9, 14, 10]
    /// Prefix for the sheet's elements (`x:` as some writers do), with its namespace declared.
    package var prefix = ""

    package init(sheets: [Sheet]) { self.sheets = sheets }

    /// One sheet named `Sheet1`.
    package init(rows: [[Cell]], merges: [String] = []) {
        sheets = [Sheet(name: "Sheet1", rows: rows, merges: merges)]
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// `A` for 1, `AA` for 27.
    package static func column(_ index: Int) -> String {
        var index = index
        var name = ""
        while index > 0 {
            name = String(UnicodeScalar(UInt8(65 + (index - 1) % 26))) + name
            index = (index - 1) / 26
        }
        return name
    }

    /// The parts of the workbook by path.
    package func parts() -> [(String, String)] {
        var strings: [String] = []
        var stringIndex: [String: Int] = [:]
        func shared(_ text: String) -> Int {
            if let index = stringIndex[text] { return index }
            strings.append(text)
            stringIndex[text] = strings.count - 1
            return strings.count - 1
        }
        let p = prefix
        var parts: [(String, String)] = []
        for (number, sheet) in sheets.enumerated() {
            var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            xml += "<\(p)worksheet xmlns\(p.isEmpty ? "" : ":" + p.dropLast())=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><\(p)sheetData>"
            for (r, row) in sheet.rows.enumerated() where row.contains(where: { $0 != .empty }) {
                xml += "<\(p)row r=\"\(r + 1)\">"
                for (c, cell) in row.enumerated() {
                    let ref = "\(Self.column(c + 1))\(r + 1)"
                    switch cell {
                    case .empty: continue
                    case .text(let text): xml += "<\(p)c r=\"\(ref)\" t=\"s\"><\(p)v>\(shared(text))</\(p)v></\(p)c>"
                    case .inline(let text): xml += "<\(p)c r=\"\(ref)\" t=\"inlineStr\"><\(p)is><\(p)t>\(Self.escape(text))</\(p)t></\(p)is></\(p)c>"
                    case .number(let value, let style): xml += "<\(p)c r=\"\(ref)\"\(style == 0 ? "" : " s=\"\(style)\"")><\(p)v>\(value)</\(p)v></\(p)c>"
                    case .boolean(let value): xml += "<\(p)c r=\"\(ref)\" t=\"b\"><\(p)v>\(value ? 1 : 0)</\(p)v></\(p)c>"
                    case .formula(let formula, let cached):
                        xml += "<\(p)c r=\"\(ref)\"><\(p)f>\(Self.escape(formula))</\(p)f>\(cached.map { "<\(p)v>\($0)</\(p)v>" } ?? "")</\(p)c>"
                    case .raw(let raw): xml += raw
                    }
                }
                xml += "</\(p)row>"
            }
            xml += "</\(p)sheetData>"
            if !sheet.merges.isEmpty {
                xml += "<\(p)mergeCells count=\"\(sheet.merges.count)\">" + sheet.merges.map { "<\(p)mergeCell ref=\"\($0)\"/>" }.joined() + "</\(p)mergeCells>"
            }
            xml += "</\(p)worksheet>"
            parts.append(("xl/worksheets/sheet\(number + 1).xml", xml))
        }
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var workbook = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\">"
        if date1904 { workbook += "<workbookPr date1904=\"1\"/>" }
        workbook += "<sheets>"
        for (number, sheet) in sheets.enumerated() {
            workbook += "<sheet name=\"\(Self.escape(sheet.name))\" sheetId=\"\(number + 1)\" r:id=\"rId\(number + 1)\"/>"
        }
        workbook += "</sheets></workbook>"
        var rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for number in sheets.indices {
            rels += "<Relationship Id=\"rId\(number + 1)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\(number + 1).xml\"/>"
        }
        rels += "<Relationship Id=\"rIdS\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        rels += "<Relationship Id=\"rIdT\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/>"
        rels += "</Relationships>"
        var sst = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst xmlns=\"\(main)\" count=\"\(strings.count)\" uniqueCount=\"\(strings.count)\">"
        for text in strings {
            let space = text.first == " " || text.last == " " ? " xml:space=\"preserve\"" : ""
            sst += "<si><t\(space)>\(Self.escape(text))</t></si>"
        }
        sst += "</sst>"
        var styles = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<styleSheet xmlns=\"\(main)\">"
        if !customFormats.isEmpty {
            styles += "<numFmts count=\"\(customFormats.count)\">"
            for (id, code) in customFormats.sorted(by: { $0.key < $1.key }) {
                styles += "<numFmt numFmtId=\"\(id)\" formatCode=\"\(Self.escape(code))\"/>"
            }
            styles += "</numFmts>"
        }
        styles += "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\"/></cellStyleXfs><cellXfs count=\"\(cellFormats.count)\">"
        for id in cellFormats { styles += "<xf numFmtId=\"\(id)\" xfId=\"0\"/>" }
        styles += "</cellXfs></styleSheet>"
        let packageRels = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """
        let types = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>
            """
        return [
            ("[Content_Types].xml", types), ("_rels/.rels", packageRels), ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", rels), ("xl/sharedStrings.xml", sst), ("xl/styles.xml", styles),
        ] + parts
    }

    /// The workbook as the bytes of a `.xlsx` file; `replacing` swaps parts' text by path.
    package func data(replacing: [String: String] = [:]) throws -> Data {
        var list = parts().map { ($0.0, replacing[$0.0] ?? $0.1) }
        for (path, text) in replacing where !list.contains(where: { $0.0 == path }) { list.append((path, text)) }
        return try Self.zip(list.map { ($0.0, Data($0.1.utf8)) })
    }

    /// Writes the workbook to `url`.
    package func write(to url: URL, replacing: [String: String] = [:]) throws {
        try data(replacing: replacing).write(to: url)
    }

    /// A ZIP archive of the given entries, deflated.
    package static func zip(_ entries: [(String, Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return archive.data ?? Data()
    }
}
