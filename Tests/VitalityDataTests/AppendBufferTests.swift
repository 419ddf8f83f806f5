import Testing

@testable import VitalityData

/// The buffer a workbook's rows are gathered in: what is appended is kept in order across its
/// growth, and cut back exactly.
@Suite struct AppendBufferTests {
    @Test func elementsAndPiecesKeepTheirOrderAcrossGrowth() {
        let buffer = AppendBuffer<UInt8>(capacity: 1)
        var expected: [UInt8] = []
        for round in 0..<200 {
            let piece = (0..<(round % 37)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ round) }
            piece.withUnsafeBufferPointer { buffer.append(contentsOf: $0) }
            buffer.append(UInt8(truncatingIfNeeded: round))
            expected += piece + [UInt8(truncatingIfNeeded: round)]
        }
        buffer.append(contentsOf: "Kangasala".utf8)
        expected += Array("Kangasala".utf8)
        #expect(buffer.count == expected.count)
        #expect(buffer.array == expected)
    }

    @Test func truncatingKeepsTheFirstElementsOnly() {
        let buffer = AppendBuffer<String>()
        for name in ["Orivesi", "Kangasala", "Tampere", "Ylöjärvi"] { buffer.append(name) }
        buffer.truncate(to: 6)
        #expect(buffer.array == ["Orivesi", "Kangasala", "Tampere", "Ylöjärvi"])
        buffer.truncate(to: 2)
        #expect(buffer.array == ["Orivesi", "Kangasala"])
        buffer.append("Pälkäne")
        #expect(buffer.array == ["Orivesi", "Kangasala", "Pälkäne"])
        buffer.truncate(to: 0)
        #expect(buffer.isEmpty)
        #expect(buffer.array.isEmpty)
        #expect(buffer.withElements { $0.count } == 0)
    }
}
