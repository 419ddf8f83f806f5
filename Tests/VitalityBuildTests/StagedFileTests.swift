import Crypto
import Foundation
import Testing
import VitalityTestSupport

@testable import VitalityBuild

/// A large output written in parts: through the page cache, the disk is asked to start writing
/// it every `StagedFile.writebackBytes` (a hint only); with direct I/O, it goes through
/// `DirectWriter`'s buffers. Either way the published file has every byte, in order, with the
/// size and SHA-256 that `finish` reports.
@Suite struct StagedFileTests {
    @Test(arguments: [false, true]) func aFileOfManyPartsIsPublishedWhole(large: Bool) throws {
        let folder = try TemporaryFolder("staged-file")
        let output = OutputFolder.join(folder.path, "out")
        let outputFolder = try OutputFolder(path: output, wait: false)
        defer { outputFolder.release() }
        let staging = try outputFolder.beginStaging()
        let file = try staging.open("figures.csv", order: 0, large: large)
        var random = SplitMix64(seed: 7)
        var expected: [UInt8] = []
        // Parts of odd sizes, so that writeback steps and buffer ends fall inside parts: 2.5
        // steps or buffers in all, then a tail that is not a multiple of a block.
        let total = (large ? DirectWriter.bufferBytes : StagedFile.writebackBytes) * 5 / 2
        while expected.count < total {
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

    /// A write that fails on the writer's thread is reported by a later write or by `finish`,
    /// with its errno, and the bytes before it are not taken as written.
    @Test func aFailedDirectWriteIsReported() throws {
        let folder = try TemporaryFolder("direct-writer")
        let path = OutputFolder.join(folder.path, "read-only")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let descriptor = open(path, O_RDONLY)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        let writer = try #require(DirectWriter(descriptor: descriptor))
        let part = [UInt8](repeating: 7, count: DirectWriter.bufferBytes / 2 + 1)
        var failure: DirectWriter.WriteFailure?
        part.withUnsafeBytes { bytes in
            do throws(DirectWriter.WriteFailure) {
                for _ in 0..<6 { try writer.write(bytes) }
                try writer.finish()
            } catch {
                failure = error
            }
        }
        #expect(failure?.errorNumber == EBADF)
    }

    /// A direct write the file system refuses for its alignment (here: the file's offset is not
    /// a multiple of a block, as it would be after a header written another way) turns direct I/O
    /// off, and the same bytes go through the page cache: the file has every byte, in order.
    @Test func aRefusedDirectWriteGoesThroughThePageCache() throws {
        let folder = try TemporaryFolder("direct-writer")
        let path = OutputFolder.join(folder.path, "unaligned")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        let header = Array("area_code;indicator\n".utf8)
        #expect(header.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) } == header.count)
        let writer = try #require(DirectWriter(descriptor: descriptor))
        var random = SplitMix64(seed: 11)
        var expected = header
        let words = (0..<(DirectWriter.bufferBytes / 8 * 5 / 2)).map { _ in random.next() }
        let body = words.withUnsafeBytes { Array($0) }
        var failure: DirectWriter.WriteFailure?
        body.withUnsafeBytes { bytes in
            do throws(DirectWriter.WriteFailure) {
                try writer.write(bytes)
                try writer.finish()
            } catch {
                failure = error
            }
        }
        #expect(failure == nil)
        expected += body
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(written.count == expected.count)
        // The first differing byte, rather than two 20 MB arrays in the failure's message.
        #expect(written.indices.first { written[$0] != expected[$0] } == nil)
    }
}
