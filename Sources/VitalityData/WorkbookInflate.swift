import CISAL
import Foundation
import ZIPFoundation

/// A deflated part of a workbook, read from the archive file within its compressed size and
/// inflated by ISA-L piece by piece.
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
    ///
    /// With Intel's ISA-L (`isal_inflate`, streaming, raw deflate) rather than zlib: on the 232 MB
    /// sheet of `scripts/bench-xlsx.sh` it inflates in 0.09–0.10 s of CPU against zlib's
    /// 0.25–0.30 s, which was a quarter of a workbook read's CPU time (measured in one process,
    /// 64 KB in and 256 KB out a call, as here). ISA-L checks the stream as zlib does (an invalid
    /// block, symbol or distance is an error); the part's CRC-32 is checked by the caller.
    func inflate(pieceBytes: Int, into accept: (Data) throws -> Void) throws {
        let file = open(path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { throw damaged("cannot be read again (\(String(cString: strerror(errno))))") }
        defer { close(file) }
        var position = try dataOffset(file)
        var left = entry.compressedSize

        // The state holds ISA-L's history and tables (about 50 KB): on the heap.
        let stream = UnsafeMutablePointer<inflate_state>.allocate(capacity: 1)
        defer { stream.deallocate() }
        isal_inflate_init(stream)
        stream.pointee.crc_flag = UInt32(ISAL_DEFLATE)
        let input = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.inputBytes)
        defer { input.deallocate() }
        let outputBytes = Swift.max(1, Swift.min(pieceBytes, Int(UInt32.max)))
        // Each piece is inflated into a buffer of its own, which the piece then owns (copying
        // the sheet into its pieces moved all of its bytes once more).
        var output = UnsafeMutablePointer<UInt8>.allocate(capacity: outputBytes)
        defer { output.deallocate() }

        while true {
            if stream.pointee.avail_in == 0, left > 0 {
                let wanted = Int(Swift.min(UInt64(Self.inputBytes), left))
                let read = pread(file, input, wanted, off_t(clamping: position))
                guard read > 0 else { throw damaged("is cut short: the file ends inside it") }
                position += UInt64(read)
                left -= UInt64(read)
                stream.pointee.next_in = input
                stream.pointee.avail_in = UInt32(read)
            }
            let before = stream.pointee.avail_in
            stream.pointee.next_out = output
            stream.pointee.avail_out = UInt32(outputBytes)
            let result = isal_inflate(stream)
            let produced = outputBytes - Int(stream.pointee.avail_out)
            guard result == ISAL_DECOMP_OK else { throw damaged("cannot be inflated (\(Self.reason(result)))") }
            if produced > 0 {
                let piece = Data(bytesNoCopy: output, count: produced, deallocator: .custom { bytes, _ in bytes.deallocate() })
                output = .allocate(capacity: outputBytes)
                try accept(piece)
            }
            if stream.pointee.block_state == ISAL_BLOCK_FINISH { return }
            if produced == 0, stream.pointee.avail_in == before, left == 0 {
                // No progress without more input, and the part has none left.
                throw damaged("ends before its compressed data does (the file is damaged or cut short)")
            }
        }
    }

    /// ISA-L's reason for refusing a stream, in words.
    private static func reason(_ result: Int32) -> String {
        switch result {
        case ISAL_INVALID_BLOCK: "an invalid deflate block"
        case ISAL_INVALID_SYMBOL: "an invalid deflate symbol"
        case ISAL_INVALID_LOOKBACK: "an invalid back-reference distance"
        default: "inflate error \(result)"
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
