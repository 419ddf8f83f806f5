import Crypto
import Foundation
import Testing
import VitalityTestSupport

@testable import VitalityBuild

/// A large output written in parts: the disk is asked to start writing it every
/// `StagedFile.writebackBytes` (a hint only), and the published file has every byte, in order,
/// with the size and SHA-256 that `finish` reports.
@Suite struct StagedFileTests {
    @Test func aFileOfManyWritebackStepsIsPublishedWhole() throws {
        let folder = try TemporaryFolder("staged-file")
        let output = OutputFolder.join(folder.path, "out")
        let outputFolder = try OutputFolder(path: output, wait: false)
        defer { outputFolder.release() }
        let staging = try outputFolder.beginStaging()
        let file = try staging.open("figures.csv", order: 0)
        var random = SplitMix64(seed: 7)
        var expected: [UInt8] = []
        // Parts of odd sizes, so that writeback steps fall inside parts: 2.5 steps in all.
        while expected.count < StagedFile.writebackBytes * 5 / 2 {
            let words = (0..<(1 + Int(random.next(upperBound: 400_000 as UInt64)))).map { _ in random.next() }
            let part = words.withUnsafeBytes { Array($0.dropFirst(Int(random.next(upperBound: 8 as UInt64)))) }
            try part.withUnsafeBytes { try file.write($0) }
            expected += part
        }
        let finished = try file.finish()
        try outputFolder.publish(staging, removing: [])
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: OutputFolder.join(output, "figures.csv"))))
        #expect(written == expected)
        #expect(finished.bytes == expected.count)
        #expect(finished.sha256 == SHA256.hash(data: expected).map { String(format: "%02x", $0) }.joined())
    }
}
