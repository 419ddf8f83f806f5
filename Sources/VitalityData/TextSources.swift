import Foundation
import VitalityModel

/// A file memory-mapped for reading once from start to end: `body` is its text after a UTF-8
/// byte order mark, and `release` gives back the pages of a part already read, so that reading a
/// large file does not keep it in memory. Unmapped when the value goes away.
final class MappedFile {
    let whole: UnsafeBufferPointer<UInt8>
    let hasUTF8BOM: Bool
    /// The file as it was when mapped.
    let stamp: FileStamp
    private let mapping: UnsafeMutableRawPointer
    private let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// nil when the file cannot be opened or mapped, or its size is not above `minimumSize` and
    /// below 4 GiB.
    init?(path: String, minimumSize: Int) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > minimumSize, status.st_size < Int(UInt32.max),
            let mapping = mmap(nil, Int(status.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0), mapping != MAP_FAILED
        else { return nil }
        self.mapping = mapping
        stamp = FileStamp(status)
        _ = madvise(mapping, Int(status.st_size), MADV_SEQUENTIAL)
        whole = UnsafeBufferPointer(start: mapping.assumingMemoryBound(to: UInt8.self), count: Int(status.st_size))
        hasUTF8BOM = whole.count >= 3 && whole[0] == 0xEF && whole[1] == 0xBB && whole[2] == 0xBF
    }

    deinit { munmap(mapping, whole.count) }

    /// The bytes after a UTF-8 byte order mark (all of them when there is none).
    var body: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: whole[(hasUTF8BOM ? 3 : 0)...]) }

    /// Gives back the whole pages inside `range`, in `body` offsets.
    func release(_ range: Range<Int>) {
        let offset = hasUTF8BOM ? 3 : 0
        let start = (range.lowerBound + offset + page - 1) / page * page
        let end = Swift.min(range.upperBound + offset, whole.count) / page * page
        if end > start { _ = madvise(mapping + start, end - start, MADV_DONTNEED) }
    }
}

/// A file's identity and change times: any write to a file changes its `ctime` (nanoseconds),
/// as does a rename over it (a new inode), so an equal stamp means the same bytes.
package struct FileStamp: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: (seconds: Int, nanoseconds: Int)
    var changed: (seconds: Int, nanoseconds: Int)

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modified = (status.st_mtim.tv_sec, status.st_mtim.tv_nsec)
        changed = (status.st_ctim.tv_sec, status.st_ctim.tv_nsec)
    }

    /// The stamp of the file at `path` (through a symbolic link) and whether it is a folder; nil
    /// when there is none.
    package static func of(_ path: String) -> (stamp: FileStamp, isFolder: Bool)? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return (FileStamp(status), (status.st_mode & S_IFMT) == S_IFDIR)
    }

    package static func == (a: FileStamp, b: FileStamp) -> Bool {
        a.device == b.device && a.inode == b.inode && a.size == b.size && a.modified == b.modified && a.changed == b.changed
    }
}

/// Whether the text a slice was cut from may be used.
enum TextReadiness: Sendable {
    case ready
    /// The bytes are not UTF-8: the file must be read another way.
    case notUTF8
    /// The slice ran past the text made ready; all of the text is ready now, cut it again.
    case retry
}

/// Where `ChunkedStatisticsReader` gets its UTF-8 text: made ready ahead of the slices
/// (validated or decoded), and released behind them.
protocol TextSource {
    /// Makes the text up to `end` ready, when the source does that ahead of use.
    mutating func prepare(through end: Int)
    /// Whether the text up to `end`, just cut into a slice, may be used.
    mutating func confirm(through end: Int) -> TextReadiness
    /// The reader is done with `range`; its memory may go.
    func release(_ range: Range<Int>)
    /// The reader starts again from the beginning (a second pass).
    mutating func restart()
}

/// UTF-8 validation and replacement-character warnings, chunk by chunk ahead of the parser.
struct Validator {
    let body: UnsafeBufferPointer<UInt8>
    let file: String
    /// Bytes validated at a time (how far validation may run ahead of the reader).
    var step = LongLayoutExtraction.chunk
    /// Bytes before this offset are valid UTF-8.
    private(set) var position = 0
    private(set) var diagnostics: [Diagnostic] = []
    private var counted = (offset: 0, line: 1)

    init(body: UnsafeBufferPointer<UInt8>, file: String) {
        self.body = body
        self.file = file
    }

    /// Takes `range`, which the caller found to be valid UTF-8 without a replacement character,
    /// as validated when it continues what is validated so far.
    mutating func accept(_ range: Range<Int>) {
        if range.lowerBound <= position, range.upperBound > position { position = range.upperBound }
    }

    /// Validates up to `end` (or a little past it); false when the bytes are not UTF-8.
    mutating func ensure(_ end: Int) -> Bool {
        while position < Swift.min(end, body.count) {
            let chunkEnd = Swift.min(body.count, position + step)
            let slice = UnsafeBufferPointer(rebasing: body[position..<chunkEnd])
            let next: Int
            if let bad = TextDecoding.firstInvalidUTF8Offset(slice) {
                guard chunkEnd < body.count, bad >= slice.count - 4 else { return false }
                next = position + bad
            } else {
                next = chunkEnd
            }
            replacementWarnings(body, position..<next, counted: &counted, into: &diagnostics, file: file)
            position = next
        }
        return true
    }
}

/// A memory-mapped file that should be UTF-8, validated as the slices reach it.
struct ValidatedText: TextSource {
    var validator: Validator
    let releasePages: (Range<Int>) -> Void

    init(validator: Validator, release: @escaping (Range<Int>) -> Void) {
        self.validator = validator
        releasePages = release
    }

    mutating func prepare(through end: Int) {}

    mutating func confirm(through end: Int) -> TextReadiness {
        validator.ensure(end) ? .ready : .notUTF8
    }

    func release(_ range: Range<Int>) { releasePages(range) }

    /// Validated text stays valid; released pages of the mapping come back from the file.
    mutating func restart() {}
}

/// Text decoded as a whole beforehand (UTF-16, or a UTF-8 byte order mark over other bytes).
struct WholeText: TextSource {
    mutating func prepare(through end: Int) {}
    mutating func confirm(through end: Int) -> TextReadiness { .ready }
    func release(_ range: Range<Int>) {}
    mutating func restart() {}
}

/// A Windows-1252 or ISO-8859-15 file (memory-mapped) decoded to UTF-8 a few megabytes ahead of
/// the slices into anonymous memory whose pages are released behind them, so that neither the
/// file nor its decoded text is ever held whole. Decodes as `TextDecoding.decode` does, with the
/// same `encoding.undefined-byte` errors; the encoding is told apart by a first pass over the bytes.
final class SingleByteDecoder: TextSource {
    let encoding: DetectedEncoding
    /// The decoded text; only the part up to the decoding frontier holds data.
    let text: UnsafeBufferPointer<UInt8>
    private(set) var diagnostics: [Diagnostic] = []
    private let raw: UnsafeBufferPointer<UInt8>
    private let file: String
    private let releaseRaw: (Range<Int>) -> Void
    private let lookahead: Int
    private let scalars: [UInt32]
    private let output: UnsafeMutablePointer<UInt8>
    private let outputSize: Int
    private let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    private var rawPosition = 0
    private var frontier = 0
    private var line = 1
    private var rawReleased = 0
    /// False when anonymous memory could not be mapped and `output` is ordinary memory.
    private var mappedOutput = true

    /// `release` drops pages of the mapped file (offsets into `raw`).
    init(raw: UnsafeBufferPointer<UInt8>, file: String, release: @escaping (Range<Int>) -> Void, lookahead: Int) {
        self.raw = raw
        self.file = file
        releaseRaw = release
        self.lookahead = lookahead
        // One pass tells the encoding and the decoded length under either: ISO-8859-15 when no
        // byte is in 0x80–0x9F and one of its eight differing bytes occurs, as `TextDecoding` decides.
        let tables = (windows: Self.scalars(iso: false), iso: Self.scalars(iso: true))
        var lengths = (windows: 0, iso: 0)
        var controlBytes = false
        var differing = false
        let block = 8 << 20
        var start = 0
        while start < raw.count {
            let end = Swift.min(raw.count, start + block)
            for offset in start..<end {
                let byte = raw[offset]
                if byte < 0x80 {
                    lengths.windows += 1
                    lengths.iso += 1
                    continue
                }
                if byte < 0xA0 { controlBytes = true }
                if tables.iso[Int(byte) - 0x80] != UInt32(byte) { differing = true }
                lengths.windows += Self.utf8Length(tables.windows[Int(byte) - 0x80])
                lengths.iso += Self.utf8Length(tables.iso[Int(byte) - 0x80])
            }
            release(start..<end)
            start = end
        }
        let iso = !controlBytes && differing
        encoding = iso ? .iso885915 : .windows1252
        scalars = iso ? tables.iso : tables.windows
        let length = iso ? lengths.iso : lengths.windows
        outputSize = Swift.max(page, (length + page - 1) / page * page)
        let mapped = mmap(nil, outputSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        if let mapped, mapped != MAP_FAILED {
            output = mapped.assumingMemoryBound(to: UInt8.self)
        } else {
            // Without the mapping, ordinary memory of the same size (never released early).
            output = UnsafeMutablePointer<UInt8>.allocate(capacity: outputSize)
            mappedOutput = false
        }
        text = UnsafeBufferPointer(start: output, count: length)
    }

    /// Scalars of the bytes 0x80–0xFF; 0 for the five bytes Windows-1252 leaves undefined.
    private static func scalars(iso: Bool) -> [UInt32] {
        (0x80...0xFF).map { byte in
            if iso { return TextDecoding.iso885915Differences[UInt8(byte)] ?? UInt32(byte) }
            return byte < 0xA0 ? TextDecoding.windows1252High[byte - 0x80] : UInt32(byte)
        }
    }

    /// UTF-8 bytes of a decoded scalar (an undefined byte becomes U+FFFD, three bytes).
    private static func utf8Length(_ scalar: UInt32) -> Int {
        scalar == 0 || scalar >= 0x800 ? 3 : 2
    }

    /// Unmaps the decoded text; call when the reader is done.
    func close() {
        if mappedOutput { munmap(output, outputSize) } else { output.deallocate() }
    }

    func prepare(through end: Int) {
        decode(through: Swift.min(text.count, end + lookahead))
    }

    func confirm(through end: Int) -> TextReadiness {
        if end < frontier || frontier == text.count { return .ready }
        decode(through: text.count)
        return .retry
    }

    func release(_ range: Range<Int>) {
        guard mappedOutput else { return }
        let start = (range.lowerBound + page - 1) / page * page
        let end = Swift.min(range.upperBound, frontier) / page * page
        if end > start { _ = madvise(output + start, end - start, MADV_DONTNEED) }
    }

    func restart() {
        rawPosition = 0
        frontier = 0
        line = 1
        rawReleased = 0
        diagnostics = []
    }

    private func decode(through end: Int) {
        var out = frontier
        var offset = rawPosition
        let scalars = scalars
        while out < end, offset < raw.count {
            let byte = raw[offset]
            if byte < 0x80 {
                if byte == 0x0A { line += 1 }
                output[out] = byte
                out += 1
            } else {
                var scalar = scalars[Int(byte) - 0x80]
                if scalar == 0 {
                    diagnostics.append(undefinedByteDiagnostic(byte, offset: offset, file: file, line: line))
                    scalar = 0xFFFD
                }
                if scalar < 0x800 {
                    output[out] = UInt8(0xC0 | scalar >> 6)
                    output[out + 1] = UInt8(0x80 | scalar & 0x3F)
                    out += 2
                } else {
                    output[out] = UInt8(0xE0 | scalar >> 12)
                    output[out + 1] = UInt8(0x80 | (scalar >> 6) & 0x3F)
                    output[out + 2] = UInt8(0x80 | scalar & 0x3F)
                    out += 3
                }
            }
            offset += 1
        }
        frontier = out
        rawPosition = offset
        if rawPosition - rawReleased >= 1 << 20 || rawPosition == raw.count {
            releaseRaw(rawReleased..<rawPosition)
            rawReleased = rawPosition
        }
    }
}
