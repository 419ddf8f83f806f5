import Foundation
import VitalityScene

/// What Cairo 1.16 cannot write into a tagged PDF and `PDFAccessibility` adds afterwards.
struct AccessibilityAdditions: Sendable, Hashable {
    /// BCP 47 language of the document (`fi-FI`), written as the catalog's `/Lang`.
    var language: String
    /// Alternative texts of the `Figure` structure elements, in drawing order.
    var figureAltTexts: [String]
    /// Descriptions of internal links by destination name (`/Contents` of the annotation).
    var linkDescriptions: [String: String]
    var metadata: DocumentMetadata

    init(language: String, figureAltTexts: [String], linkDescriptions: [String: String], metadata: DocumentMetadata) {
        self.language = language
        self.figureAltTexts = figureAltTexts
        self.linkDescriptions = linkDescriptions
        self.metadata = metadata
    }

    /// Collects the figures' alternative texts and the outline's link descriptions of a document.
    init(document: Document) {
        var alts: [String] = []
        func walk(_ items: [SceneItem]) {
            for item in items {
                switch item {
                case .beginStructure(let tag) where tag.name == "Figure": alts.append(tag.altText)
                case .group(let children, _, _, _): walk(children)
                default: break
                }
            }
        }
        for page in document.pages { walk(page.items) }
        var links: [String: String] = [:]
        for entry in document.outline where !entry.destination.isEmpty { links[entry.destination] = entry.title }
        self.init(language: document.metadata.language, figureAltTexts: alts, linkDescriptions: links, metadata: document.metadata)
    }
}

/// Adds to a tagged PDF written by Cairo 1.16 what Cairo leaves out, as an incremental update
/// (ISO 32000-1 §7.5.6): the catalog's `/Lang`, `/ViewerPreferences /DisplayDocTitle`, an XMP
/// metadata stream with the PDF/UA identification, `/Alt` on `Figure` elements, `/Scope` on
/// `TH` elements, `/Contents` on link annotations and `/Tabs /S` on pages. The original bytes
/// stay untouched; the output is a pure function of the input.
///
/// The objects it changes are parsed (`PDFSyntaxReader`), not searched as text: each update is
/// the object's own bytes with the new entries written before its closing `>>`, or in place of
/// an entry that is already there. A file it cannot read (a cross-reference stream, an object
/// that is not where the table says) is an error naming what it found. Hand-written rather than
/// libqpdf: it touches a dozen dictionaries and needs no rewrite of the whole file.
enum PDFAccessibility {
    static func apply(_ additions: AccessibilityAdditions, to pdf: [UInt8]) throws(RenderError) -> [UInt8] {
        let file = try PDFFile(pdf)
        guard let rootRef = file.trailer["Root"]?.reference else { throw RenderError("the PDF has no /Root in its trailer") }
        var changes: [Int: [(key: String, text: String)]] = [:]

        let catalog = try file.dictionary(rootRef)
        let metadataNumber = file.size
        var catalogChanges: [(key: String, text: String)] = []
        if !additions.language.isEmpty { catalogChanges.append(("Lang", textString(additions.language))) }
        catalogChanges.append(("ViewerPreferences", "<< /DisplayDocTitle true >>"))
        catalogChanges.append(("Metadata", "\(metadataNumber) 0 R"))
        changes[rootRef] = catalogChanges

        // Structure elements in document order: Figure → /Alt, TH → /Scope.
        if let treeRef = catalog["StructTreeRoot"]?.reference {
            let tree = try file.dictionary(treeRef)
            var figures: [Int] = []
            var headers: [Int] = []
            var visited: Set<Int> = [treeRef]
            func visit(_ number: Int) throws(RenderError) {
                guard visited.insert(number).inserted else { return }
                let element = try file.dictionary(number)
                switch element["S"]?.name {
                case "Figure": figures.append(number)
                case "TH": headers.append(number)
                default: break
                }
                for child in element["K"]?.references ?? [] { try visit(child) }
            }
            for child in tree["K"]?.references ?? [] { try visit(child) }
            guard figures.count == additions.figureAltTexts.count else {
                throw RenderError("the PDF has \(figures.count) figure elements but \(additions.figureAltTexts.count) alternative texts")
            }
            for (number, alt) in zip(figures, additions.figureAltTexts) {
                changes[number] = [("Alt", textString(alt))]
            }
            for number in headers {
                changes[number] = [("A", "<< /O /Table /Scope /Column >>")]
            }
        }

        // Pages: tab order follows the structure; links get a description.
        if let pagesRef = catalog["Pages"]?.reference {
            var visited: Set<Int> = []
            func visitPages(_ number: Int) throws(RenderError) {
                guard visited.insert(number).inserted else { return }
                let node = try file.dictionary(number)
                if node["Type"]?.name == "Pages" {
                    for kid in node["Kids"]?.references ?? [] { try visitPages(kid) }
                    return
                }
                if node["Tabs"] == nil { changes[number] = [("Tabs", "/S")] }
                var annotations = node["Annots"]?.references ?? []
                // An /Annots array may be an object of its own.
                if let arrayRef = node["Annots"]?.reference {
                    let array = try file.object(arrayRef)
                    if case .array = array.value { annotations = array.references }
                }
                for annotation in annotations {
                    let dictionary = try file.dictionary(annotation)
                    guard dictionary["Contents"] == nil else { continue }
                    changes[annotation] = [("Contents", textString(linkDescription(dictionary, additions)))]
                }
            }
            try visitPages(pagesRef)
        }

        var objects: [(Int, [UInt8])] = []
        for (number, entries) in changes {
            objects.append((number, Array("\(number) 0 obj\n".utf8) + (try file.updated(number, setting: entries)) + Array("\nendobj\n".utf8)))
        }
        let xmp = Array(xmpPacket(additions).utf8)
        let metadataHeader = "\(metadataNumber) 0 obj\n<< /Type /Metadata /Subtype /XML /Length \(xmp.count) >>\nstream\n"
        objects.append((metadataNumber, Array(metadataHeader.utf8) + xmp + Array("\nendstream\nendobj\n".utf8)))
        objects.sort { $0.0 < $1.0 }
        return file.appendingUpdate(objects, newSize: metadataNumber + 1)
    }

    /// What a link annotation leads to, in words: the outline title of its destination, its
    /// URI, or the document's title.
    private static func linkDescription(_ annotation: PDFDictionary, _ additions: AccessibilityAdditions) -> String {
        let action = annotation["A"]?.dictionary
        if let destination = annotation["Dest"]?.string ?? action?["D"]?.string,
            let title = additions.linkDescriptions[String(decoding: destination, as: UTF8.self)]
        {
            return title
        }
        if let uri = action?["URI"]?.string {
            return String(decoding: uri, as: UTF8.self)
        }
        return additions.metadata.title
    }

    /// A PDF text string: UTF-16BE with a byte order mark, in hex.
    static func textString(_ text: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var hex = Array("<FEFF".utf8)
        hex.reserveCapacity(6 + 4 * text.utf16.count)
        for unit in text.utf16 {
            for shift in stride(from: 12, through: 0, by: -4) { hex.append(digits[Int(unit >> UInt16(shift)) & 0xF]) }
        }
        hex.append(UInt8(ascii: ">"))
        return String(decoding: hex, as: UTF8.self)
    }

    private static func xml(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func xmpPacket(_ additions: AccessibilityAdditions) -> String {
        let metadata = additions.metadata
        var lines = [
            "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>",
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">",
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">",
            "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">",
            "<dc:format>application/pdf</dc:format>",
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">\(xml(metadata.title))</rdf:li></rdf:Alt></dc:title>",
        ]
        if !metadata.author.isEmpty { lines.append("<dc:creator><rdf:Seq><rdf:li>\(xml(metadata.author))</rdf:li></rdf:Seq></dc:creator>") }
        if !metadata.subject.isEmpty {
            lines.append("<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">\(xml(metadata.subject))</rdf:li></rdf:Alt></dc:description>")
        }
        if !additions.language.isEmpty { lines.append("<dc:language><rdf:Bag><rdf:li>\(xml(additions.language))</rdf:li></rdf:Bag></dc:language>") }
        if !metadata.keywords.isEmpty { lines.append("<pdf:Keywords>\(xml(metadata.keywords))</pdf:Keywords>") }
        if !metadata.creator.isEmpty { lines.append("<xmp:CreatorTool>\(xml(metadata.creator))</xmp:CreatorTool>") }
        if let date = metadata.creationDate, !date.isEmpty {
            lines.append("<xmp:CreateDate>\(xml(date))</xmp:CreateDate>")
            lines.append("<xmp:ModifyDate>\(xml(date))</xmp:ModifyDate>")
        }
        lines += [
            "<pdfuaid:part>1</pdfuaid:part>",
            "</rdf:Description>", "</rdf:RDF>", "</x:xmpmeta>", "<?xpacket end=\"r\"?>",
        ]
        return lines.joined(separator: "\n")
    }
}

/// The parts of a classic (non-stream) cross-reference PDF that an incremental update needs:
/// where each object is, the trailer, and each object read on request.
struct PDFFile {
    let bytes: [UInt8]
    let startxref: Int
    let offsets: [Int: Int]
    let trailer: PDFDictionary
    let size: Int

    init(_ bytes: [UInt8]) throws(RenderError) {
        self.bytes = bytes
        let marker = Array("startxref".utf8)
        let searchStart = max(0, bytes.count - 1024)
        guard
            let found = stride(from: bytes.count - marker.count, through: searchStart, by: -1)
                .first(where: { bytes[$0..<($0 + marker.count)].elementsEqual(marker) })
        else { throw RenderError("the PDF has no startxref") }
        var reader = PDFSyntaxReader(bytes, at: found + marker.count)
        guard let offset = reader.integer(), offset < bytes.count else { throw RenderError("the PDF has no readable startxref") }
        startxref = offset
        reader = PDFSyntaxReader(bytes, at: offset)
        guard reader.keyword() == "xref" else {
            throw RenderError(
                "the PDF has no classic cross-reference table at \(offset) (a cross-reference stream, as Cairo newer than 1.16 may write, is not read)")
        }
        var offsets: [Int: Int] = [:]
        while let first = reader.integer() {
            guard let count = reader.integer(), count <= bytes.count / 20 else { throw RenderError("unreadable cross-reference table at \(offset)") }
            for number in first..<(first + count) {
                guard let objectOffset = reader.integer(), reader.integer() != nil else { throw RenderError("short cross-reference table at \(offset)") }
                switch reader.keyword() {
                case "n": offsets[number] = objectOffset
                case "f": break
                default: throw RenderError("unreadable cross-reference entry for object \(number)")
                }
            }
        }
        self.offsets = offsets
        try reader.expect("trailer")
        guard let trailer = try reader.value().dictionary else { throw RenderError("the PDF trailer is not a dictionary") }
        self.trailer = trailer
        guard case .number(let size)? = trailer["Size"]?.value, let size else { throw RenderError("the PDF trailer has no /Size") }
        self.size = size
    }

    /// Object `number` as the cross-reference table places it.
    func object(_ number: Int) throws(RenderError) -> PDFNode {
        guard let offset = offsets[number] else { throw RenderError("object \(number) is not in the cross-reference table") }
        var reader = PDFSyntaxReader(bytes, at: offset)
        guard reader.integer() == number, reader.integer() != nil, reader.keyword() == "obj" else {
            throw RenderError("object \(number) is not at offset \(offset)")
        }
        let node = try reader.value()
        switch reader.keyword() {
        case "endobj", "stream": return node
        default: throw RenderError("object \(number) has no endobj")
        }
    }

    /// Object `number`, which must be a dictionary.
    func dictionary(_ number: Int) throws(RenderError) -> PDFDictionary {
        guard let dictionary = try object(number).dictionary else { throw RenderError("object \(number) is not a dictionary") }
        return dictionary
    }

    /// The bytes of dictionary object `number` with each entry set: in place of the entry's
    /// value when it has one, else written before the closing `>>` (`   /Key value` and a
    /// line break, in the given order).
    func updated(_ number: Int, setting entries: [(key: String, text: String)]) throws(RenderError) -> [UInt8] {
        let node = try object(number)
        guard let dictionary = node.dictionary else { throw RenderError("object \(number) is not a dictionary") }
        var replacements: [(range: Range<Int>, bytes: [UInt8])] = []
        var appended: [UInt8] = []
        for (key, text) in entries {
            if let existing = dictionary[key] {
                replacements.append((existing.span, Array(text.utf8)))
            } else {
                appended += Array("   /\(key) \(text)\n".utf8)
            }
        }
        replacements.append((dictionary.close..<dictionary.close, appended))
        var result = Array(bytes[node.span])
        for replacement in replacements.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            let local = (replacement.range.lowerBound - node.span.lowerBound)..<(replacement.range.upperBound - node.span.lowerBound)
            result.replaceSubrange(local, with: replacement.bytes)
        }
        return result
    }

    /// The file with `objects` appended, a cross-reference section for them and a trailer
    /// pointing back to the previous one.
    func appendingUpdate(_ objects: [(Int, [UInt8])], newSize: Int) -> [UInt8] {
        var output = bytes
        if output.last != 0x0A { output.append(0x0A) }
        var entries: [(Int, Int)] = []
        for (number, data) in objects {
            entries.append((number, output.count))
            output += data
        }
        let xrefOffset = output.count
        var xref = "xref\n"
        var index = 0
        while index < entries.count {
            var end = index
            while end + 1 < entries.count, entries[end + 1].0 == entries[end].0 + 1 { end += 1 }
            xref += "\(entries[index].0) \(end - index + 1)\n"
            for entry in entries[index...end] { xref += String(format: "%010d 00000 n \n", entry.1) }
            index = end + 1
        }
        var trailerEntries = "/Size \(newSize)"
        for key in ["Root", "Info"] {
            if let reference = trailer[key]?.reference { trailerEntries += " /\(key) \(reference) 0 R" }
        }
        if let id = trailer["ID"] {
            trailerEntries += " /ID " + String(decoding: bytes[id.span], as: UTF8.self)
        }
        xref += "trailer\n<< \(trailerEntries) /Prev \(startxref) >>\nstartxref\n\(xrefOffset)\n%%EOF\n"
        output += Array(xref.utf8)
        return output
    }
}
