import Foundation

/// What a finished child process printed and how it ended.
package struct ProcessResult: Sendable {
    package var status: Int32
    package var stdout: String
    package var stderr: String

    /// Standard output and standard error, one after the other.
    package var output: String { stdout + stderr }

    package init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs a program to its end and collects its output: the one process runner of the test
/// targets (the build, render and report tests each had their own).
package enum ProcessRunner {
    /// Runs `executable` with `arguments`. `environment` replaces the whole environment when
    /// given. Both pipes are read at the same time, so a child that fills one of them while the
    /// other is being read does not stall.
    package static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errors = DataCollector()
        let reader = Thread { errors.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errData = errors.wait()
        return ProcessResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Writes `bytes` to a temporary file, runs `executable` with `arguments` where `"{}"` stands
    /// for that file's path, and removes the file again.
    package static func run(_ executable: String, _ arguments: [String], onFile bytes: [UInt8], suffix: String) throws -> ProcessResult {
        try withTemporaryFolder("file") { folder in
            let file = folder.appendingPathComponent("input\(suffix)")
            try Data(bytes).write(to: file)
            return try run(executable, arguments.map { $0 == "{}" ? file.path : $0 })
        }
    }
}

/// Data handed from the thread that reads standard error to the one that waits for it.
private final class DataCollector: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data?

    func set(_ value: Data) {
        condition.lock()
        data = value
        condition.signal()
        condition.unlock()
    }

    func wait() -> Data {
        condition.lock()
        defer { condition.unlock() }
        while data == nil { condition.wait() }
        return data ?? Data()
    }
}
