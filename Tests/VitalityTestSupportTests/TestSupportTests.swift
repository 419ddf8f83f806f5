import Foundation
import Testing
import VitalityTestSupport

/// The helpers every test target leans on do what they promise.
@Suite struct TestSupportTests {
    @Test func temporaryFolderIsRemovedWithEverythingInItWhenReleased() throws {
        var folder: TemporaryFolder? = try TemporaryFolder("support")
        let url = try #require(folder?.url)
        try FileManager.default.createDirectory(at: url.appendingPathComponent("a/b"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: url.appendingPathComponent("a/b/c.txt"))
        #expect(url.lastPathComponent.hasPrefix("vitality-support-"))
        #expect(url.path.hasPrefix(FileManager.default.temporaryDirectory.path))
        #expect(FileManager.default.fileExists(atPath: url.path))
        folder = nil
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    struct Failure: Error {}

    @Test func withTemporaryFolderRemovesTheFolderWhenTheBodyThrows() throws {
        var seen: URL?
        #expect(throws: Failure.self) {
            try withTemporaryFolder("support") { url in
                seen = url
                try Data("x".utf8).write(to: url.appendingPathComponent("f"))
                throw Failure()
            }
        }
        let url = try #require(seen)
        #expect(!FileManager.default.fileExists(atPath: url.path))
        let kept = try withTemporaryFolder("support") { url in FileManager.default.fileExists(atPath: url.path) }
        #expect(kept)
    }

    @Test func temporaryFileHoldsItsBytesUntilReleased() throws {
        var file: TemporaryFile? = try TemporaryFile(Array("abc".utf8), name: "x.csv")
        let path = try #require(file?.path)
        #expect(FileManager.default.contents(atPath: path) == Data("abc".utf8))
        file = nil
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// 200 kB on standard error is more than a pipe holds: read one pipe after the other, the
    /// child would block on it forever.
    @Test func processRunnerKeepsOutputAndErrorsApartWithoutStalling() throws {
        let sh = try #require(ToolLookup.executable("sh"))
        let result = try ProcessRunner.run(sh, ["-c", "head -c 200000 /dev/zero | tr '\\0' e >&2; echo out; exit 3"])
        #expect(result.status == 3)
        #expect(result.stdout == "out\n")
        #expect(result.stderr.count == 200_000)
        #expect(result.output == result.stdout + result.stderr)
    }

    @Test func processRunnerRunsAToolOnATemporaryFileAndRemovesIt() throws {
        let sh = try #require(ToolLookup.executable("sh"))
        let result = try ProcessRunner.run(sh, ["-c", "cat \"$1\"; echo; echo \"$1\"", "sh", "{}"], onFile: Array("bytes".utf8), suffix: ".txt")
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "bytes")
        let path = try #require(lines.last)
        #expect(path.hasSuffix(".txt"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func toolLookupFindsExecutablesOnlyAndPrefersTheGivenFolders() throws {
        let sh = try #require(ToolLookup.executable("sh"))
        #expect(FileManager.default.isExecutableFile(atPath: sh))
        #expect(ToolLookup.executable("vitality-no-such-tool") == nil)
        let folder = try TemporaryFolder("support")
        let own = folder.appendingPathComponent("sh")
        try Data("#!/bin/sh\n".utf8).write(to: own)
        #expect(ToolLookup.executable("sh", preferring: [folder.path]) == sh)  // not executable yet
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: own.path)
        #expect(ToolLookup.executable("sh", preferring: [folder.path]) == own.path)
    }

    /// The reference outputs of SplitMix64 (Steele, Lea and Flood; Vigna's C version) from seed 0.
    @Test func splitMix64GivesTheReferenceSequence() {
        var random = SplitMix64(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(random.next() == 0x06C4_5D18_8009_454F)
    }
}
