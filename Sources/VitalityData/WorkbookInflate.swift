import CZlib
import Foundation
import ZIPFoundation

/// A deflated part of a workbook, read from the archive file within its compressed size and
/// inflated by zlib piece by piece.
///
/// ZIPFoundation 0.9.20 inflates a part on Linux (`Data.decode`) by reading on from the part's
/// start towards the end of the file, not to the end of its compressed bytes; it tells zlib
/// that every read filled its whole buffer, so near the end of the file zlib takes the memory
/// after the bytes read as compressed data; and once the file has ended it asks for more input
/// again and again without calling zlib, forever if zlib has not said the stream ended. So a
/// damaged part's outcome depended on uninitialised memory, and could be a reader that never
/// returns (a fuzz run stopped on an 18 s wait that did not happen again). Here only the part's
/// own compressed bytes are read, and a stream that has not ended with them is an error
/// (`WorkbookInflatingTests`). ZIPFoundation still reads the archive's directory, and inflates
/// stored parts and workbooks held in memory (tests of well-formed archives).
struct DeflatedPart {
    let path: String
    let entry: Entry
    let part: String

    /// Bytes of compressed input read at a time.
    static let inputBytes = 1 << 16

    /// Inflates the part into `accept`, at most `pieceBytes` a call.
    func inflate(pieceBytes: Int, into accept: (Data) throws -> Void) throws {
        let file = open(path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { throw damaged("cannot be read again (\(String(cString: strerror(errno))))") }
        defer { close(file) }
        var position = try dataOffset(file)
        var left = entry.compressedSize

        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw damaged("cannot be inflated (zlib could not start)")
        }
        defer { inflateEnd(&stream) }
        let input = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.inputBytes)
        defer { input.deallocate() }
        let outputBytes = Swift.max(1, pieceBytes)
        let output = UnsafeMutablePointer<UInt8>.allocate(capacity: outputBytes)
        defer { output.deallocate() }

        while true {
            if stream.avail_in == 0, left > 0 {
                let wanted = Int(Swift.min(UInt64(Self.inputBytes), left))
                let read = pread(file, input, wanted, off_t(clamping: position))
                guard read > 0 else { throw damaged("is cut short: the file ends inside it") }
                position += UInt64(read)
                left -= UInt64(read)
                stream.next_in = input
                stream.avail_in = uInt(read)
            }
            stream.next_out = output
            stream.avail_out = uInt(outputBytes)
            let result = CZlib.inflate(&stream, Z_NO_FLUSH)
            let produced = outputBytes - Int(stream.avail_out)
            switch result {
            case Z_OK, Z_STREAM_END:
                break
            case Z_BUF_ERROR where stream.avail_in == 0 && left == 0:
                // No progress without more input, and the part has none left.
                throw damaged("ends before its compressed data does (the file is damaged or cut short)")
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(result)"
                throw damaged("cannot be inflated (\(reason))")
            }
            if produced > 0 { try accept(Data(bytes: output, count: produced)) }
            if result == Z_STREAM_END { return }
        }
    }

    /// Where the part's compressed bytes start: after its local header, whose place
    /// ZIPFoundation read from the central directory.
    private func dataOffset(_ file: Int32) throws -> UInt64 {
        guard let header = Self.localHeaderOffset(of: entry) else { throw damaged("cannot be found in the archive") }
        var bytes = [UInt8](repeating: 0, count: 30)
        let read = bytes.withUnsafeMutableBytes { pread(file, $0.baseAddress, 30, off_t(clamping: header)) }
        func field(_ at: Int, _ size: Int) -> UInt64 {
            (0..<size).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
        }
        guard read == 30, field(0, 4) == 0x0403_4B50 else { throw damaged("has a damaged local header") }
        guard field(8, 2) == 8 else {
            throw damaged("is compressed by method \(field(8, 2)), which Vitality does not read (Excel deflates, method 8)")
        }
        return header + 30 + field(26, 2) + field(28, 2)
    }

    /// ZIPFoundation keeps `Entry.dataOffset` to itself, so the local header's offset it read
    /// from the central directory is taken from the entry's stored fields by reflection
    /// (`relativeOffsetOfLocalHeader`, or the ZIP64 one). The tests that read workbooks from
    /// files go through it, and the local header's signature is checked, so a release that
    /// renames those fields fails them rather than reading the wrong bytes.
    static func localHeaderOffset(of entry: Entry) -> UInt64? {
        guard let central = Mirror(reflecting: entry).descendant("centralDirectoryStructure") else { return nil }
        let mirror = Mirror(reflecting: central)
        guard let offset = mirror.descendant("relativeOffsetOfLocalHeader") as? UInt32 else { return nil }
        if offset != .max { return UInt64(offset) }
        return mirror.descendant("zip64ExtendedInformation", "some", "relativeOffsetOfLocalHeader") as? UInt64
    }

    private func damaged(_ what: String) -> WorkbookError {
        WorkbookError(code: "xlsx.corrupt", message: "the part \(part) of the archive \(what). Save the workbook again")
    }
}
