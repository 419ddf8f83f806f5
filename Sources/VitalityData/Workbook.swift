import CLibDeflate
import Foundation
import ZIPFoundation

/// An Excel workbook (`.xlsx`, `.xlsm`) opened for reading its sheets as they are inflated:
/// a ZIP archive (ZIPFoundation) of XML parts, of which it reads the workbook (sheet names,
/// date system), its relationships, the shared strings and the cell formats. A sheet is
/// streamed through `XMLScanner` by `stream`. Every part is inflated in pieces and counted:
/// a part larger than `Limits.partBytes`, an archive larger than `Limits.totalBytes` once
/// inflated, or a part inflated far beyond its compressed size (`Limits.ratio`) is refused as
/// a ZIP bomb, whatever the sizes the archive claims.
struct Workbook {
    /// The most a workbook may inflate to.
    struct Limits {
        /// Bytes of one part (a sheet's XML) once inflated.
        var partBytes: UInt64 = 2 << 30
        /// Bytes of all parts read, once inflated.
        var totalBytes: UInt64 = 4 << 30
        /// Inflated bytes per compressed byte of a part larger than `ratioFrom`.
        var ratio: UInt64 = 250
        var ratioFrom: UInt64 = 16 << 20
    }

    /// One sheet the workbook lists.
    struct Sheet: Equatable {
        var name: String
        /// The part's path in the archive (`xl/worksheets/sheet1.xml`).
        var part: String
    }

    /// How a cell format shows a number.
    enum NumberFormat: Equatable {
        case general
        case percent
        /// A date (or date and time: `time` true).
        case date(time: Bool)
    }

    private let archive: Archive
    /// The archive's file, whose deflated parts are inflated from it (`PartInflater`); nil for
    /// a workbook held in memory.
    private let path: String?
    var limits: Limits
    private(set) var inflated: UInt64 = 0
    private(set) var sheets: [Sheet] = []
    /// The 1904 date system (`workbookPr date1904`) of some older Mac workbooks.
    private(set) var date1904 = false
    /// Texts of the shared strings, one after another, and where each ends.
    private(set) var strings = SharedStrings()
    /// The number format of each cell format (`s` attribute of a cell), in `cellXfs` order.
    private(set) var formats: [NumberFormat] = []
    /// How a part is inflated ahead of its reader (`stream`).
    struct Inflating {
        /// Bytes of a piece.
        var pieceBytes = 1 << 18
        /// Pieces inflated ahead of the reader at most.
        var depth = 4
    }

    let inflating: Inflating

    /// Opens the archive and reads its workbook, relationships, shared strings and styles.
    init(path: String, limits: Limits = Limits(), inflating: Inflating = Inflating()) throws(WorkbookError) {
        self.limits = limits
        self.inflating = inflating
        self.path = path
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw WorkbookError(
                code: "xlsx.not-a-workbook",
                message:
                    "the file is not a ZIP archive, so it is no Excel workbook (.xlsx): it may be damaged, cut short, or another format renamed (an old .xls workbook, a CSV file)"
            )
        }
        try readParts()
    }

    /// Opens a workbook held in memory, for tests of well-formed archives only: ZIPFoundation's
    /// in-memory archive stops on a range check for some damaged ones (the fuzz target found
    /// it), so input files are always opened by path.
    init(data: Data, limits: Limits = Limits(), inflating: Inflating = Inflating()) throws(WorkbookError) {
        self.limits = limits
        self.inflating = inflating
        path = nil
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw WorkbookError(
                code: "xlsx.not-a-workbook",
                message: "the file is not a ZIP archive, so it is no Excel workbook (.xlsx): it may be damaged, cut short, or another format renamed")
        }
        try readParts()
    }

    private mutating func readParts() throws(WorkbookError) {
        // The package's relationships name the workbook part; `xl/workbook.xml` by convention.
        var workbookPart = "xl/workbook.xml"
        if archive["_rels/.rels"] != nil {
            var rels = Relationships()
            try parse("_rels/.rels", into: &rels)
            if let found = rels.targets.first(where: { $0.type.hasSuffix("/officeDocument") }) {
                workbookPart = Self.resolve(found.target, from: "")
            }
        }
        guard archive[workbookPart] != nil else {
            throw WorkbookError(
                code: "xlsx.not-a-workbook",
                message: "the archive holds no workbook part (\(workbookPart)): it is a ZIP file but not an Excel workbook (.xlsx)")
        }
        var workbook = WorkbookPart()
        try parse(workbookPart, into: &workbook)
        date1904 = workbook.date1904
        let folder = workbookPart.split(separator: "/").dropLast().joined(separator: "/")
        let relsPart = (folder.isEmpty ? "" : folder + "/") + "_rels/" + (workbookPart.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        var rels = Relationships()
        if archive[relsPart] != nil { try parse(relsPart, into: &rels) }
        var byID: [String: Relationships.Target] = [:]
        for target in rels.targets { byID[target.id] = target }
        for (name, id) in workbook.sheets {
            // A chart sheet or a dialog sheet holds no cells.
            guard let target = byID[id], target.type.hasSuffix("/worksheet") else { continue }
            sheets.append(Sheet(name: name, part: Self.resolve(target.target, from: folder)))
        }
        if let shared = rels.targets.first(where: { $0.type.hasSuffix("/sharedStrings") }) {
            let part = Self.resolve(shared.target, from: folder)
            if archive[part] != nil {
                var handler = SharedStringsPart()
                try parse(part, into: &handler)
                strings = handler.strings
            }
        }
        if let styles = rels.targets.first(where: { $0.type.hasSuffix("/styles") }) {
            let part = Self.resolve(styles.target, from: folder)
            if archive[part] != nil {
                var handler = StylesPart()
                try parse(part, into: &handler)
                formats = handler.formats()
            }
        }
    }

    /// A relationship's target as a path in the archive: relative to the source part's folder,
    /// or from the archive's root when it starts with `/`.
    static func resolve(_ target: String, from folder: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") || folder.isEmpty ? [] : folder.split(separator: "/")
        for part in target.split(separator: "/") {
            if part == ".." {
                _ = parts.popLast()
            } else if part != "." {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// Streams a part through a scanner with `handler` (the handler as it ends), counting the
    /// bytes inflated against `Limits.totalBytes`.
    mutating func parse<Handler: XMLEventHandler>(_ part: String, into handler: inout Handler) throws(WorkbookError) {
        var scanner = XMLScanner(handler: handler)
        var counted = inflated
        defer { inflated = counted }
        try stream(part, counted: &counted) { bytes throws(WorkbookError) in try scanner.feed(bytes) }
        try scanner.finish()
        handler = scanner.handler
    }

    /// A part's bytes, inflated whole (a small part, or a benchmark's).
    mutating func bytes(of part: String) throws(WorkbookError) -> [UInt8] {
        var bytes: [UInt8] = []
        var counted = inflated
        defer { inflated = counted }
        try stream(part, counted: &counted) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Inflates a part piece by piece into `consumer`: a helper thread inflates and checks it
    /// (`PartInflater`; a part of at most `Inflating.depth` pieces is inflated first on this
    /// thread instead) up to `Inflating.depth` pieces ahead of `consumer`, which
    /// runs on this thread. An error of either side ends both; `consumer`'s error, or the
    /// inflater's once the pieces before it are consumed, is thrown.
    private func stream(
        _ part: String, counted: inout UInt64, consumer: (UnsafeRawBufferPointer) throws(WorkbookError) -> Void
    ) throws(WorkbookError) {
        guard let entry = archive[part] else {
            throw WorkbookError(code: "xlsx.not-a-workbook", message: "the archive lacks the part \(part) that its workbook names (the file is damaged)")
        }
        guard entry.type == .file else {
            throw WorkbookError(code: "xlsx.not-a-workbook", message: "the part \(part) is not a file in the archive (the file is damaged)")
        }
        let claimed = entry.uncompressedSize
        guard claimed <= limits.partBytes, counted <= limits.totalBytes - Swift.min(limits.totalBytes, claimed) else {
            throw PartInflater.bomb(part, limits: limits, "says it inflates to \(claimed) bytes")
        }
        // A part no larger than the pieces a thread would keep ahead is inflated first, here.
        let inline = claimed / UInt64(Swift.max(1, inflating.depth)) <= UInt64(Swift.max(1, inflating.pieceBytes))
        let inflater = PartInflater(
            archive: UncheckedArchive(archive: archive), path: path, entry: entry, part: part, limits: limits,
            pieceBytes: inflating.pieceBytes, depth: inline ? Int.max : inflating.depth)
        if inline {
            inflater.run()
        } else {
            // A thread of its own, not a pool's: this one blocks on it.
            Thread { inflater.run() }.start()
        }
        defer { inflater.close() }
        while let piece = inflater.next() {
            var failure: WorkbookError?
            piece.withUnsafeBytes { bytes in
                do throws(WorkbookError) { try consumer(bytes) } catch { failure = error }
            }
            if let failure { throw failure }
        }
        let partBytes = try inflater.result()
        counted += partBytes
    }
}

/// ZIPFoundation's archive, read by the inflating thread alone while the owner's thread waits
/// for its pieces (`Workbook.stream` calls nothing else of the archive until `close` returns).
private struct UncheckedArchive: @unchecked Sendable {
    let archive: Archive
}

/// Inflates one part of a workbook on its own thread into a queue of at most `depth` pieces
/// (ZIPFoundation's inflating over zlib, `pieceBytes` a piece) that the owner's thread takes in
/// order (`next`); counts the bytes against `Workbook.Limits` (a ZIP bomb stops at the first
/// piece beyond them) and checks the size and CRC-32 the archive gives the part.
///
/// The CRC-32 is libdeflate's (`libdeflate_crc32`, carry-less multiplication where the CPU has
/// it), computed here rather than by ZIPFoundation: on Linux ZIPFoundation does not see zlib's
/// `crc32` (its module is `CZlib`, it checks for `zlib`) and falls back to a byte-at-a-time
/// table in Swift, which took a fifth of the whole workbook read, and zlib 1.2.13's own `crc32`
/// was still 5 % of the samples; `vitality-bench xlsx-xml` measures them (README, "Performance").
private final class PartInflater: @unchecked Sendable {
    private let archive: UncheckedArchive
    private let path: String?
    private let entry: Entry
    private let part: String
    private let limits: Workbook.Limits
    private let pieceBytes: Int
    private let depth: Int
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var pieces: [Data] = []
    private var first = 0
    private var finished = false
    private var closed = false
    private var running = true
    private var failure: WorkbookError?
    private var inflated: UInt64 = 0

    init(archive: UncheckedArchive, path: String?, entry: Entry, part: String, limits: Workbook.Limits, pieceBytes: Int, depth: Int) {
        self.archive = archive
        self.path = path
        self.entry = entry
        self.part = part
        self.limits = limits
        self.pieceBytes = Swift.max(1, pieceBytes)
        self.depth = Swift.max(1, depth)
    }

    static func bomb(_ part: String, limits: Workbook.Limits, _ why: String) -> WorkbookError {
        WorkbookError(
            code: "xlsx.zip-bomb",
            message:
                "the part \(part) \(why), beyond what Vitality reads (\(limits.partBytes >> 20) MB a part, \(limits.totalBytes >> 20) MB a workbook, \(limits.ratio) times its compressed size): a ZIP bomb or a sheet far larger than any statistics table; it is refused"
        )
    }

    /// The inflating thread.
    func run() {
        let claimed = entry.uncompressedSize
        let compressed = Swift.max(1, entry.compressedSize)
        let limits = self.limits
        var partBytes: UInt64 = 0
        var checksum: UInt32 = 0
        var stopped: WorkbookError?
        var outcome: WorkbookError?
        do {
            let accept = { [self] (data: Data) throws in
                partBytes += UInt64(data.count)
                // The size claimed is within the part's and the workbook's limits (`stream`).
                // The messages do not depend on where a piece ends.
                if partBytes > claimed || (partBytes > limits.ratioFrom && partBytes / compressed > limits.ratio) {
                    let error = Self.bomb(
                        part, limits: limits,
                        partBytes > claimed
                            ? "inflates to more than the \(claimed) bytes its header gives"
                            : "inflates to more than \(limits.ratio) times its \(compressed) compressed bytes")
                    stopped = error
                    throw error
                }
                // ZIPFoundation reads a stored part cut short as empty pieces up to its claimed
                // size: they are not handed over one by one (a fuzz finding: millions of them).
                guard !data.isEmpty else { return }
                checksum = data.withUnsafeBytes { bytes in libdeflate_crc32(checksum, bytes.baseAddress, bytes.count) }
                guard put(data) else {
                    // The owner closed the queue: it stopped on an error of its own.
                    throw CancellationError()
                }
            }
            if let path, entry.isCompressed {
                try DeflatedPart(path: path, entry: entry, part: part).inflate(pieceBytes: pieceBytes, into: accept)
            } else {
                _ = try archive.archive.extract(entry, bufferSize: pieceBytes, skipCRC32: true, consumer: accept)
            }
            if partBytes != claimed || checksum != entry.checksum {
                outcome = WorkbookError(
                    code: "xlsx.corrupt",
                    message:
                        "the part \(part) of the archive does not inflate to what its header says (size or checksum): the file is damaged. Save the workbook again"
                )
            }
        } catch let error as WorkbookError where stopped == nil && error.code == "xlsx.corrupt" {
            outcome = error
        } catch {
            outcome =
                stopped
                ?? WorkbookError(
                    code: "xlsx.corrupt",
                    message: "the part \(part) of the archive cannot be inflated (\(error)): the file is damaged or cut short. Save the workbook again")
        }
        condition.lock()
        failure = outcome
        inflated = partBytes
        finished = true
        running = false
        condition.broadcast()
        condition.unlock()
    }

    /// Queues a piece, waiting while `depth` are queued; false once the owner has closed.
    private func put(_ data: Data) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !closed, pieces.count - first >= depth { condition.wait() }
        guard !closed else { return false }
        if first > 0, first == pieces.count {
            pieces.removeAll(keepingCapacity: true)
            first = 0
        }
        pieces.append(data)
        condition.broadcast()
        return true
    }

    /// The next piece in order; nil after the last, or when inflating stopped (`result` says why).
    func next() -> Data? {
        condition.lock()
        defer { condition.unlock() }
        while first == pieces.count, !finished { condition.wait() }
        guard first < pieces.count else { return nil }
        let piece = pieces[first]
        pieces[first] = Data()
        first += 1
        condition.broadcast()
        return piece
    }

    /// The part's inflated size once every piece is taken; the inflater's error if it stopped.
    func result() throws(WorkbookError) -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        while running { condition.wait() }
        if let failure { throw failure }
        return inflated
    }

    /// Stops the inflating thread (if it still runs) and waits for it to end.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }
}

/// Texts of a workbook's shared strings in one buffer.
struct SharedStrings: Equatable {
    var bytes: [UInt8] = []
    /// The end of each string in `bytes`; string `i` starts where `i - 1` ends.
    var ends: [Int] = []

    var count: Int { ends.count }

    @inline(__always)
    func range(_ index: Int) -> Range<Int>? {
        guard index >= 0, index < ends.count else { return nil }
        return (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    func text(_ index: Int) -> String? { range(index).map { String(decoding: bytes[$0], as: UTF8.self) } }
}

/// `_rels/*.rels`: relationship ids, types and targets.
struct Relationships: XMLEventHandler {
    struct Target {
        var id: String
        var type: String
        var target: String
    }

    var targets: [Target] = []

    mutating func start(_ tag: XMLTag) throws(WorkbookError) {
        guard tag.is("Relationship"), let id = try tag.value("Id"), let target = try tag.value("Target") else { return }
        // External targets (hyperlinks) are not parts of the archive.
        if try tag.value("TargetMode") == "External" { return }
        targets.append(Target(id: id, type: try tag.value("Type") ?? "", target: target))
    }

    mutating func end(_ name: XMLName) throws(WorkbookError) {}
    mutating func text(_ text: UnsafeBufferPointer<UInt8>) throws(WorkbookError) {}
}

/// `xl/workbook.xml`: the sheets in order (name, relationship id) and the date system.
struct WorkbookPart: XMLEventHandler {
    var sheets: [(name: String, id: String)] = []
    var date1904 = false

    mutating func start(_ tag: XMLTag) throws(WorkbookError) {
        if tag.is("sheet"), let name = try tag.value("name"), let id = try tag.value("id", prefixed: true) {
            sheets.append((name, id))
        } else if tag.is("workbookPr"), let value = try tag.value("date1904") {
            date1904 = value == "1" || value == "true"
        }
    }

    mutating func end(_ name: XMLName) throws(WorkbookError) {}
    mutating func text(_ text: UnsafeBufferPointer<UInt8>) throws(WorkbookError) {}
}

/// The text of a string item (`<si>` of the shared strings, `<is>` of an inline string): its
/// `<t>` elements, directly or in rich-text runs (`<r><t>`), without phonetic runs (`<rPh>`).
struct StringItemText {
    private var inText = false
    private var inPhonetic = 0

    mutating func start(_ tag: XMLTag) {
        if tag.is("rPh") {
            inPhonetic += 1
        } else if tag.is("t"), inPhonetic == 0 {
            inText = true
        }
    }

    mutating func end(_ name: XMLName) {
        if name.is("rPh") {
            inPhonetic -= 1
        } else if name.is("t") {
            inText = false
        }
    }

    var collecting: Bool { inText }
}

/// `xl/sharedStrings.xml`.
struct SharedStringsPart: XMLEventHandler {
    var strings = SharedStrings()
    private var item = StringItemText()
    private var inItem = false

    mutating func start(_ tag: XMLTag) throws(WorkbookError) {
        if tag.is("si") {
            inItem = true
            item = StringItemText()
        } else if inItem {
            item.start(tag)
        }
    }

    mutating func end(_ name: XMLName) throws(WorkbookError) {
        if name.is("si") {
            inItem = false
            strings.ends.append(strings.bytes.count)
        } else if inItem {
            item.end(name)
        }
    }

    mutating func text(_ text: UnsafeBufferPointer<UInt8>) throws(WorkbookError) {
        if inItem, item.collecting { strings.bytes.append(contentsOf: text) }
    }
}

/// `xl/styles.xml`: custom number formats and the number format of each cell format.
struct StylesPart: XMLEventHandler {
    private var custom: [Int: String] = [:]
    private var cellFormats: [Int] = []
    private var inCellXfs = false

    mutating func start(_ tag: XMLTag) throws(WorkbookError) {
        if tag.is("numFmt"), let id = try tag.value("numFmtId").flatMap({ Int($0) }) {
            custom[id] = try tag.value("formatCode") ?? ""
        } else if tag.is("cellXfs") {
            inCellXfs = true
        } else if inCellXfs, tag.is("xf") {
            cellFormats.append(try tag.value("numFmtId").flatMap { Int($0) } ?? 0)
        }
    }

    mutating func end(_ name: XMLName) throws(WorkbookError) {
        if name.is("cellXfs") { inCellXfs = false }
    }

    mutating func text(_ text: UnsafeBufferPointer<UInt8>) throws(WorkbookError) {}

    func formats() -> [Workbook.NumberFormat] {
        cellFormats.map { id in
            if let code = custom[id] { return Self.classify(code) }
            switch id {
            case 9, 10: return .percent
            case 14...17, 27...31, 34...36, 50...58: return .date(time: false)
            case 18...22, 32, 33, 45...47: return .date(time: true)
            default: return .general
            }
        }
    }

    /// How a format code shows a number: a `%` makes it a percentage; a day, month, year, hour
    /// or second code a date (`m` is a minute after `h`, but it is a date either way). Text in
    /// quotes, escaped characters and `[…]` sections (colours, locales) do not count.
    static func classify(_ code: String) -> Workbook.NumberFormat {
        // The first section is the format of positive numbers and of every number when alone.
        var percent = false
        var date = false
        var time = false
        var inQuote = false
        var inBracket = false
        var escaped = false
        for character in code.lowercased() {
            if escaped {
                escaped = false
                continue
            }
            if inQuote {
                if character == "\"" { inQuote = false }
                continue
            }
            if inBracket {
                if character == "]" { inBracket = false }
                continue
            }
            switch character {
            case "\\", "_", "*": escaped = true
            case "\"": inQuote = true
            case "[": inBracket = true
            case ";": return percent ? .percent : date ? .date(time: time) : .general
            case "%": percent = true
            case "d", "y", "m": date = true
            case "h", "s":
                date = true
                time = true
            default: break
            }
        }
        if code.lowercased() == "general" { return .general }
        return percent ? .percent : date ? .date(time: time) : .general
    }
}
