import Foundation
import VitalityModel

/// The text encoding detected for an input file.
package enum DetectedEncoding: String, Sendable, Hashable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 with BOM"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    /// Windows-1252; also a single-byte file that has no byte telling it apart from ISO-8859-1
    /// or ISO-8859-15 (they agree on every letter of Finnish and Swedish).
    case windows1252 = "Windows-1252"
    /// ISO-8859-15: no byte 0x80–0x9F (control codes there, printable in Windows-1252) and at
    /// least one of the eight bytes where it differs from Windows-1252: 0xA4 €, 0xA6 Š, 0xA8 š,
    /// 0xB4 Ž, 0xB8 ž, 0xBC Œ, 0xBD œ, 0xBE Ÿ.
    case iso885915 = "ISO-8859-15"
}

/// A file's text as UTF-8 bytes (BOM removed), with the encoding it was decoded from and the
/// problems found while decoding.
package struct DecodedText: Sendable {
    package var utf8: [UInt8]
    package var encoding: DetectedEncoding
    package var diagnostics: [Diagnostic]

    /// The whole text as a String (allocates; readers work on `utf8`).
    package var string: String { String(decoding: utf8, as: UTF8.self) }
}

/// Detects a file's encoding and converts it to UTF-8 bytes (DATA.md §1):
/// - UTF-16 with its byte order mark;
/// - UTF-8 when the file has a UTF-8 byte order mark or holds at least one well-formed multi-byte
///   UTF-8 sequence (`ä` as C3 A4). Bytes that are not UTF-8 in such a file (a line pasted from a
///   Windows-1252 file) become U+FFFD and each line holding them is an `encoding.invalid-utf8-line`
///   error naming the line and the byte column, so no row changes silently;
/// - else (bytes above 0x7F and not one multi-byte UTF-8 sequence) Windows-1252 or ISO-8859-15 as
///   the bytes tell. Bytes that Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) are
///   errors naming the byte offset and line.
///
/// U+FFFD replacement characters already in a file get a warning naming the line.
package enum TextDecoding {
    package static func decode(_ bytes: [UInt8], file: String) -> DecodedText {
        var result: DecodedText
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            let body = Array(bytes[3...])
            if firstInvalidUTF8Offset(body) != nil {
                result = lenientUTF8(body, file: file, encoding: .utf8BOM)
            } else {
                result = DecodedText(utf8: body, encoding: .utf8BOM, diagnostics: [])
            }
        } else if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            let littleEndian = bytes[0] == 0xFF
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var i = 2
            while i + 1 < bytes.count {
                units.append(littleEndian ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
                i += 2
            }
            let text = String(decoding: units, as: UTF16.self)
            result = DecodedText(utf8: Array(text.utf8), encoding: littleEndian ? .utf16LE : .utf16BE, diagnostics: [])
        } else if firstInvalidUTF8Offset(bytes) == nil {
            result = DecodedText(utf8: bytes, encoding: .utf8, diagnostics: [])
        } else if bytes.withUnsafeBufferPointer(containsMultibyteUTF8) {
            result = lenientUTF8(bytes, file: file, encoding: .utf8)
        } else {
            result = fromWindows1252(bytes, file: file, offsetBase: 0)
        }
        if result.encoding != .windows1252, result.encoding != .iso885915 {
            // In the single-byte path U+FFFD only stands for undefined bytes, already reported;
            // lines with bytes that are not UTF-8 have their error already.
            let errorLines = Set(result.diagnostics.compactMap { $0.code == "encoding.invalid-utf8-line" ? $0.location?.line : nil })
            result.diagnostics += replacementCharacterWarnings(result.utf8, file: file).filter {
                !errorLines.contains($0.location?.line ?? 0)
            }
        }
        return result
    }

    /// The length of the well-formed UTF-8 sequence starting at `i` (1 for ASCII), nil when the
    /// byte there does not start one.
    @inline(__always)
    static func sequenceLength(_ buffer: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let lead = buffer[i]
        if lead < 0x80 { return 1 }
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upper = 0x9F
        case 0xF0:
            length = 4
            lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upper = 0x8F
        default: return nil
        }
        guard i + length <= buffer.count else { return nil }
        let second = buffer[i + 1]
        if second < lower || second > upper { return nil }
        var k = 2
        while k < length {
            if buffer[i + k] & 0xC0 != 0x80 { return nil }
            k += 1
        }
        return length
    }

    /// True when the bytes hold at least one well-formed multi-byte UTF-8 sequence: then a file
    /// with some bytes that are not UTF-8 is still UTF-8 (DATA.md §1), not single-byte text.
    static func containsMultibyteUTF8(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return false }
        let count = buffer.count
        var i = 0
        while i < count {
            if i + 8 <= count, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            if buffer[i] < 0x80 {
                i += 1
                continue
            }
            if let length = sequenceLength(buffer, at: i) { return length > 1 }
            i += 1
        }
        return false
    }

    /// UTF-8 text with some bytes that are not UTF-8: each maximal run of such bytes becomes
    /// U+FFFD, and each line holding any is one `encoding.invalid-utf8-line` error naming the
    /// line, the byte column of its first such byte (1-based, counted in the file's bytes) and
    /// how many there are.
    static func lenientUTF8(_ bytes: [UInt8], file: String, encoding: DetectedEncoding) -> DecodedText {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var diagnostics: [Diagnostic] = []
        bytes.withUnsafeBufferPointer { buffer in
            var line = 1
            var lineStart = 0
            var bad: (column: Int, byte: UInt8, count: Int)?
            func flush() {
                guard let found = bad else { return }
                let hex = String(found.byte, radix: 16, uppercase: true)
                diagnostics.append(
                    Diagnostic(
                        .error, code: "encoding.invalid-utf8-line",
                        "Line \(line) is not UTF-8 text like the rest of the file: byte 0x\(hex) at byte \(found.column) of the line (\(found.count) such byte(s) on the line). It was probably copied from a file in another encoding (Windows-1252), so letters such as ä or ö on it are lost. Retype them, or save the whole file as CSV UTF-8.",
                        at: SourceLocation(file: file, line: line)))
                bad = nil
            }
            var i = 0
            var inRun = false
            while i < buffer.count {
                let byte = buffer[i]
                if byte == 0x0A {
                    flush()
                    out.append(byte)
                    line += 1
                    i += 1
                    lineStart = i
                    inRun = false
                    continue
                }
                if let length = sequenceLength(buffer, at: i) {
                    out.append(contentsOf: buffer[i..<(i + length)])
                    i += length
                    inRun = false
                    continue
                }
                if var found = bad {
                    found.count += 1
                    bad = found
                } else {
                    bad = (i - lineStart + 1, byte, 1)
                }
                if !inRun { out += [0xEF, 0xBF, 0xBD] }
                inRun = true
                i += 1
            }
            flush()
        }
        return DecodedText(utf8: out, encoding: encoding, diagnostics: diagnostics)
    }

    /// Offset of the first byte that breaks UTF-8 well-formedness, nil when the bytes are valid UTF-8.
    package static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8Offset($0) }
    }

    /// Offset of the first byte that breaks UTF-8 well-formedness in a buffer, nil when valid.
    static func firstInvalidUTF8Offset(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        do {
            guard let base = buffer.baseAddress else { return nil }
            let count = buffer.count
            var i = 0
            while i < count {
                if i + 32 <= count {
                    let raw = UnsafeRawPointer(base + i)
                    let any =
                        raw.loadUnaligned(as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                        | raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                    if any & 0x8080_8080_8080_8080 == 0 {
                        i += 32
                        continue
                    }
                }
                if i + 8 <= count {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 {
                        i += 8
                        continue
                    }
                }
                guard let length = sequenceLength(buffer, at: i) else { return i }
                i += length
            }
            return nil
        }
    }

    /// Unicode scalars of Windows-1252 bytes 0x80–0x9F; 0 marks the five undefined bytes.
    static let windows1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// The eight ISO-8859-15 bytes that differ from Windows-1252, and their scalars.
    static let iso885915Differences: [UInt8: UInt32] = [
        0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E, 0xBC: 0x0152, 0xBD: 0x0153, 0xBE: 0x0178,
    ]

    /// True when the single-byte text is ISO-8859-15 rather than Windows-1252.
    static func looksLikeISO885915(_ bytes: [UInt8]) -> Bool {
        var differing = false
        for byte in bytes where byte >= 0x80 {
            if byte < 0xA0 { return false }
            if iso885915Differences[byte] != nil { differing = true }
        }
        return differing
    }

    static func fromWindows1252(_ bytes: [UInt8], file: String, offsetBase: Int) -> DecodedText {
        if looksLikeISO885915(bytes) {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 8)
            for byte in bytes {
                appendUTF8(byte < 0x80 ? UInt32(byte) : iso885915Differences[byte] ?? UInt32(byte), to: &out)
            }
            return DecodedText(utf8: out, encoding: .iso885915, diagnostics: [])
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var diagnostics: [Diagnostic] = []
        var line = 1
        for (offset, byte) in bytes.enumerated() {
            if byte == 0x0A { line += 1 }
            if byte < 0x80 {
                out.append(byte)
                continue
            }
            var scalar = UInt32(byte)
            if byte < 0xA0 {
                scalar = windows1252High[Int(byte - 0x80)]
                if scalar == 0 {
                    diagnostics.append(undefinedByteDiagnostic(byte, offset: offset + offsetBase, file: file, line: line))
                    scalar = 0xFFFD
                }
            }
            appendUTF8(scalar, to: &out)
        }
        return DecodedText(utf8: out, encoding: .windows1252, diagnostics: diagnostics)
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        if scalar < 0x80 {
            out.append(UInt8(scalar))
        } else if scalar < 0x800 {
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        } else if scalar < 0x10000 {
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        } else {
            // Above the Basic Multilingual Plane (a JSON `\u` surrogate pair); at most U+10FFFF.
            let scalar = min(scalar, 0x10FFFF)
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | (scalar >> 12) & 0x3F))
            out.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// One warning per line that holds U+FFFD (bytes EF BF BD).
    static func replacementCharacterWarnings(_ utf8: [UInt8], file: String) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        var counted = (offset: 0, line: 1)
        utf8.withUnsafeBufferPointer { replacementWarnings($0, 0..<$0.count, counted: &counted, into: &warnings, file: file) }
        return warnings
    }
}
