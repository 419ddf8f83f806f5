import VitalityModel

/// A PC-Axis file's bytes as text, decoded as its `CODEPAGE` says (issue 14, in progress on
/// branch `issue14-px`). PxWeb writes `CODEPAGE="iso-8859-15"` or `"utf-8"`; a file without
/// one is ISO-8859-1, the format's default. The keywords before `DATA=` are ASCII in every
/// code page, so the declaration is found before decoding.
enum PXText {
    static func decode(_ bytes: [UInt8], file: String) -> (String?, [Diagnostic]) {
        let declared = codePage(bytes)
        let name = declared?.name.lowercased() ?? "iso-8859-1"
        switch name {
        case "utf-8", "utf8":
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            if let offset = TextDecoding.firstInvalidUTF8Offset(body) {
                let line = body[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
                return (
                    nil,
                    [
                        Diagnostic(
                            .error, code: "px.encoding",
                            "Byte \(offset + 1) is not UTF-8, but the file says `CODEPAGE=\"\(declared?.name ?? "")\"`. Save it again as UTF-8, or fix its CODEPAGE.",
                            at: SourceLocation(file: file, line: line))
                    ]
                )
            }
            return (String(decoding: body, as: UTF8.self), [])
        case "iso-8859-1", "latin1":
            return (String(decoding: utf8(bytes) { UInt32($0) }, as: UTF8.self), [])
        case "iso-8859-15", "latin9":
            let text = utf8(bytes) { TextDecoding.iso885915Differences[$0] ?? UInt32($0) }
            return (String(decoding: text, as: UTF8.self), [])
        case "windows-1252", "cp1252":
            let decoded = TextDecoding.fromWindows1252(bytes, file: file, offsetBase: 0)
            return decoded.diagnostics.contains { $0.severity == .error } ? (nil, decoded.diagnostics) : (decoded.string, [])
        default:
            return (
                nil,
                [
                    Diagnostic(
                        .error, code: "px.codepage",
                        "Unknown `CODEPAGE=\"\(declared?.name ?? "")\"`; Vitality reads utf-8, iso-8859-1, iso-8859-15 and windows-1252.",
                        at: SourceLocation(file: file, line: declared?.line ?? 0, column: declared?.column ?? 0))
                ]
            )
        }
    }

    /// The text of `CODEPAGE="…"` at the start of a line before `DATA=`, with its place.
    static func codePage(_ bytes: [UInt8]) -> (name: String, line: Int, column: Int)? {
        let keyword = Array("CODEPAGE=\"".utf8)
        let data = Array("DATA=".utf8)
        var line = 1
        var index = 0
        while index < bytes.count {
            if index == 0 || bytes[index - 1] == 0x0A {
                if bytes[index...].starts(with: data) { return nil }
                if bytes[index...].starts(with: keyword) {
                    let start = index + keyword.count
                    guard let end = bytes[start...].firstIndex(where: { $0 == 0x22 || $0 == 0x0A }), bytes[end] == 0x22 else {
                        return nil
                    }
                    return (String(decoding: bytes[start..<end], as: UTF8.self), line, 1)
                }
            }
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
        return nil
    }

    private static func utf8(_ bytes: [UInt8], scalar: (UInt8) -> UInt32) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
            } else {
                TextDecoding.appendUTF8(scalar(byte), to: &out)
            }
        }
        return out
    }
}
