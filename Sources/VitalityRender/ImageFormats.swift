/// Post-processing of Cairo's PNG and SVG bytes: the resolution chunk Cairo leaves out and
/// surface ids that do not depend on how many surfaces the process made before.
enum ImageFormats {
    /// `png` with a `pHYs` chunk (pixels per metre, both axes) right after `IHDR`; an existing
    /// `pHYs` is replaced. Bytes that are not a PNG come back unchanged.
    static func insertingResolution(_ png: [UInt8], dpi: Double) -> [UInt8] {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard png.count >= 33, Array(png[0..<8]) == signature, Array(png[12..<16]) == Array("IHDR".utf8) else { return png }
        let ihdrEnd = 8 + 12 + Int(bigEndian(png, at: 8))
        guard ihdrEnd <= png.count else { return png }
        let pixelsPerMetre = pixelsPerMetre(dpi)
        var chunk = Array("pHYs".utf8)
        chunk += bytes(pixelsPerMetre) + bytes(pixelsPerMetre) + [1]
        var result = Array(png[..<ihdrEnd])
        result += bytes(9) + chunk + bytes(CRC32.checksum(chunk))
        // Copy the remaining chunks, dropping any pHYs already there.
        var offset = ihdrEnd
        while offset + 12 <= png.count {
            let length = Int(bigEndian(png, at: offset))
            let end = offset + 12 + length
            guard end <= png.count else { return png }
            if Array(png[(offset + 4)..<(offset + 8)]) != Array("pHYs".utf8) { result += png[offset..<end] }
            offset = end
        }
        return result
    }

    /// `dpi` in pixels per metre, as `pHYs` records it (150 dpi → 5906).
    static func pixelsPerMetre(_ dpi: Double) -> UInt32 {
        UInt32((dpi / 0.0254).rounded())
    }

    /// Renames Cairo's `surfaceN` ids (from a process-wide counter) to `surface1`, `surface2`, …
    /// in order of first appearance, so the same scene gives the same SVG bytes in any process.
    static func renumberingSurfaces(_ svg: [UInt8]) -> [UInt8] {
        let word = Array("surface".utf8)
        var mapping: [ArraySlice<UInt8>: Int] = [:]
        var result: [UInt8] = []
        result.reserveCapacity(svg.count)
        var index = 0
        while index < svg.count {
            if svg[index] == word[0], index + word.count < svg.count, Array(svg[index..<(index + word.count)]) == word,
               index == 0 || !isIdentifier(svg[index - 1]) {
                var end = index + word.count
                while end < svg.count, svg[end] >= 0x30, svg[end] <= 0x39 { end += 1 }
                if end > index + word.count, end == svg.count || !isIdentifier(svg[end]) {
                    let digits = svg[(index + word.count)..<end]
                    let number = mapping[digits] ?? (mapping.count + 1)
                    mapping[digits] = number
                    result += word + Array(String(number).utf8)
                    index = end
                    continue
                }
            }
            result.append(svg[index])
            index += 1
        }
        return result
    }

    private static func isIdentifier(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    private static func bytes(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}

/// CRC-32 (ISO 3309, as PNG uses). Hand-written: Foundation on Linux does not expose zlib's
/// `crc32` and the package list has no CRC package; a chunk of 13 bytes needs no speed.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
