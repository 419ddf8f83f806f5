import Foundation
import VitalityScene

/// What Cairo 1.16 cannot write into a tagged PDF and `PDFAccessibility` adds afterwards.
public struct AccessibilityAdditions: Sendable, Hashable {
    /// BCP 47 language of the document (`fi-FI`), written as the catalog's `/Lang`.
    public var language: String
    /// Alternative texts of the `Figure` structure elements, in drawing order.
    public var figureAltTexts: [String]
    /// Descriptions of internal links by destination name (`/Contents` of the annotation).
    public var linkDescriptions: [String: String]
    public var metadata: DocumentMetadata

    public init(language: String, figureAltTexts: [String], linkDescriptions: [String: String], metadata: DocumentMetadata) {
        self.language = language
        self.figureAltTexts = figureAltTexts
        self.linkDescriptions = linkDescriptions
        self.metadata = metadata
    }

    /// Collects the figures' alternative texts and the outline's link descriptions of a document.
    public init(document: Document) {
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
        document.pages.forEach { walk($0.items) }
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
/// Hand-written rather than libqpdf: it touches a dozen dictionaries in a file whose writer we
/// know, needs no C library and no rewrite of the whole file.
public enum PDFAccessibility {
    public static func apply(_ additions: AccessibilityAdditions, to pdf: [UInt8]) throws(RenderError) -> [UInt8] {
        let file = try PDFFile(pdf)
        guard let rootRef = file.trailerRef("Root") else { throw RenderError("the PDF has no /Root in its trailer") }
        var updates: [Int: String] = [:]

        var catalog = try file.dictionary(rootRef)
        let metadataNumber = file.size
        if !additions.language.isEmpty { catalog = insert(catalog, "/Lang \(textString(additions.language))") }
        catalog = insert(catalog, "/ViewerPreferences << /DisplayDocTitle true >>")
        catalog = insert(catalog, "/Metadata \(metadataNumber) 0 R")
        updates[rootRef] = catalog

        // Structure elements in document order: Figure → /Alt, TH → /Scope.
        if let treeRef = reference(after: "/StructTreeRoot", in: catalog) {
            let tree = try file.dictionary(treeRef)
            var figures: [Int] = []
            var headers: [Int] = []
            var visited: Set<Int> = [treeRef]
            func visit(_ number: Int) throws(RenderError) {
                guard visited.insert(number).inserted else { return }
                let element = try file.dictionary(number)
                switch name(after: "/S", in: element) {
                case "Figure": figures.append(number)
                case "TH": headers.append(number)
                default: break
                }
                for child in kids(element) { try visit(child) }
            }
            for child in kids(tree) { try visit(child) }
            guard figures.count == additions.figureAltTexts.count else {
                throw RenderError("the PDF has \(figures.count) figure elements but \(additions.figureAltTexts.count) alternative texts")
            }
            for (number, alt) in zip(figures, additions.figureAltTexts) {
                updates[number] = insert(try file.dictionary(number), "/Alt \(textString(alt))")
            }
            for number in headers {
                updates[number] = insert(try file.dictionary(number), "/A << /O /Table /Scope /Column >>")
            }
        }

        // Pages: tab order follows the structure; links get a description.
        if let pagesRef = reference(after: "/Pages", in: catalog) {
            var visited: Set<Int> = []
            func visitPages(_ number: Int) throws(RenderError) {
                guard visited.insert(number).inserted else { return }
                let node = try file.dictionary(number)
                if name(after: "/Type", in: node) == "Pages" {
                    for kid in references(inArrayAfter: "/Kids", in: node) { try visitPages(kid) }
                    return
                }
                updates[number] = node.contains("/Tabs") ? node : insert(node, "/Tabs /S")
                for annotation in references(inArrayAfter: "/Annots", in: node) {
                    let dictionary = try file.dictionary(annotation)
                    guard !dictionary.contains("/Contents") else { continue }
                    updates[annotation] = insert(dictionary, "/Contents \(textString(linkDescription(dictionary, additions)))")
                }
            }
            try visitPages(pagesRef)
        }

        let xmp = Array(xmpPacket(additions).utf8)
        var objects: [(Int, [UInt8])] = updates.map { number, text in
            (number, Array("\(number) 0 obj\n\(text)\nendobj\n".utf8Latin1))
        }
        objects.append((metadataNumber, Array("\(metadataNumber) 0 obj\n<< /Type /Metadata /Subtype /XML /Length \(xmp.count) >>\nstream\n".utf8) + xmp + Array("\nendstream\nendobj\n".utf8)))
        objects.sort { $0.0 < $1.0 }
        return file.appendingUpdate(objects, newSize: metadataNumber + 1)
    }

    // MARK: Dictionary text

    /// Inserts `entry` before the closing `>>` of a dictionary's text.
    static func insert(_ dictionary: String, _ entry: String) -> String {
        guard let close = dictionary.range(of: ">>", options: .backwards) else { return dictionary }
        return dictionary[..<close.lowerBound] + "   " + entry + "\n" + dictionary[close.lowerBound...]
    }

    /// The object number of `key N 0 R`.
    static func reference(after key: String, in dictionary: String) -> Int? {
        guard let range = dictionary.range(of: key + " ") ?? dictionary.range(of: key + "\n") else { return nil }
        let tokens = dictionary[range.upperBound...].split(whereSeparator: \.isWhitespace).prefix(3)
        guard tokens.count == 3, tokens.dropFirst(2).first == "R", let number = Int(tokens[tokens.startIndex]) else { return nil }
        return number
    }

    /// The name after `key`, without the slash: `/S /Figure` → `Figure`.
    static func name(after key: String, in dictionary: String) -> String? {
        guard let range = dictionary.range(of: key + " /") else { return nil }
        return String(dictionary[range.upperBound...].prefix { !$0.isWhitespace && $0 != "/" && $0 != ">" })
    }

    /// Object references in the array after `key`, skipping nested dictionaries.
    static func references(inArrayAfter key: String, in dictionary: String) -> [Int] {
        guard let range = dictionary.range(of: key) else { return [] }
        var rest = dictionary[range.upperBound...].drop { $0.isWhitespace }
        if rest.first != "[" {
            // A single reference or an integer.
            let tokens = rest.split(whereSeparator: \.isWhitespace).prefix(3)
            if tokens.count == 3, tokens.dropFirst(2).first == "R", let number = Int(tokens[tokens.startIndex]) { return [number] }
            return []
        }
        rest = rest.dropFirst()
        var tokens: [Substring] = []
        var depth = 0
        var current = ""
        func flush() { if !current.isEmpty { if depth == 0 { tokens.append(Substring(current)) }; current = "" } }
        var iterator = rest.makeIterator()
        var previous: Character = " "
        while let character = iterator.next() {
            if character == "<" && previous == "<" { flush(); depth += 1; previous = " "; continue }
            if character == ">" && previous == ">" { flush(); depth -= 1; previous = " "; continue }
            previous = character
            if character == "<" || character == ">" { continue }
            if depth == 0 && character == "]" { flush(); break }
            if character.isWhitespace { flush() } else { current.append(character) }
        }
        var result: [Int] = []
        var index = 0
        while index + 2 < tokens.count {
            if tokens[index + 2] == "R", let number = Int(tokens[index]), Int(tokens[index + 1]) != nil {
                result.append(number)
                index += 3
            } else {
                index += 1
            }
        }
        return result
    }

    /// Child structure elements of a structure element (`/K`).
    static func kids(_ element: String) -> [Int] {
        references(inArrayAfter: "/K", in: element)
    }

    private static func linkDescription(_ annotation: String, _ additions: AccessibilityAdditions) -> String {
        for (destination, title) in additions.linkDescriptions.sorted(by: { $0.key.count > $1.key.count })
        where annotation.contains("(\(destination))") {
            return title
        }
        if let uri = annotation.range(of: "/URI (") {
            return String(annotation[uri.upperBound...].prefix { $0 != ")" })
        }
        return additions.metadata.title
    }

    /// A PDF text string: UTF-16BE with a byte order mark, in hex.
    static func textString(_ text: String) -> String {
        var hex = "<FEFF"
        for unit in text.utf16 { hex += String(format: "%04X", unit) }
        return hex + ">"
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

/// The parts of a classic (non-stream) cross-reference PDF that an incremental update needs.
struct PDFFile {
    let bytes: [UInt8]
    let startxref: Int
    let offsets: [Int: Int]
    let trailer: String
    let size: Int

    init(_ bytes: [UInt8]) throws(RenderError) {
        self.bytes = bytes
        let tail = String(decoding: bytes.suffix(64), as: UTF8.self)
        guard let marker = tail.range(of: "startxref", options: .backwards),
              let offset = Int(tail[marker.upperBound...].split(whereSeparator: \.isWhitespace).first ?? ""),
              offset >= 0, offset < bytes.count
        else { throw RenderError("the PDF has no readable startxref") }
        startxref = offset
        let section = String(decoding: bytes[offset...], as: UTF8.self)
        guard section.hasPrefix("xref"), let trailerRange = section.range(of: "trailer") else {
            throw RenderError("the PDF has no classic cross-reference table at \(offset)")
        }
        let tokens = section[section.index(section.startIndex, offsetBy: 4)..<trailerRange.lowerBound].split(whereSeparator: \.isWhitespace)
        var offsets: [Int: Int] = [:]
        var index = 0
        while index + 1 < tokens.count {
            guard let first = Int(tokens[index]), let count = Int(tokens[index + 1]) else { throw RenderError("unreadable cross-reference table") }
            index += 2
            for number in first..<(first + count) {
                guard index + 2 < tokens.count else { throw RenderError("short cross-reference table") }
                if tokens[index + 2] == "n", let objectOffset = Int(tokens[index]) { offsets[number] = objectOffset }
                index += 3
            }
        }
        self.offsets = offsets
        let trailerText = section[trailerRange.upperBound...]
        trailer = trailerText.components(separatedBy: "startxref").first ?? ""
        guard let sizeRange = trailer.range(of: "/Size"),
              let size = Int(trailer[sizeRange.upperBound...].split(whereSeparator: \.isWhitespace).first ?? "")
        else { throw RenderError("the PDF trailer has no /Size") }
        self.size = size
    }

    func trailerRef(_ key: String) -> Int? {
        PDFAccessibility.reference(after: "/" + key, in: trailer)
    }

    /// The dictionary text of object `number` (between `obj` and `endobj`); Latin-1 so that
    /// every byte survives the round trip.
    func dictionary(_ number: Int) throws(RenderError) -> String {
        guard let offset = offsets[number] else { throw RenderError("object \(number) is not in the cross-reference table") }
        let header = Array("\(number) 0 obj".utf8)
        guard bytes.count >= offset + header.count, Array(bytes[offset..<(offset + header.count)]) == header else {
            throw RenderError("object \(number) is not at offset \(offset)")
        }
        let end = Array("endobj".utf8)
        var index = offset + header.count
        while index + end.count <= bytes.count {
            if bytes[index] == end[0], Array(bytes[index..<(index + end.count)]) == end {
                let body = bytes[(offset + header.count)..<index]
                return String(body.map { Character(Unicode.Scalar($0)) }).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            index += 1
        }
        throw RenderError("object \(number) has no endobj")
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
            if let reference = trailerRef(key) { trailerEntries += " /\(key) \(reference) 0 R" }
        }
        if let id = trailer.range(of: "/ID") {
            let rest = trailer[id.lowerBound...]
            if let close = rest.firstIndex(of: "]") { trailerEntries += " " + rest[..<rest.index(after: close)] }
        }
        xref += "trailer\n<< \(trailerEntries) /Prev \(startxref) >>\nstartxref\n\(xrefOffset)\n%%EOF\n"
        output += Array(xref.utf8)
        return output
    }
}

extension String {
    /// Latin-1 bytes of a string read with `PDFFile.dictionary` (hex strings are ASCII).
    fileprivate var utf8Latin1: [UInt8] {
        unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    }
}
