import ArgumentParser
import Foundation
import VitalityBuild
#if canImport(Glibc)
import Glibc
#endif

/// `--quiet` and `--verbose`, shared by `build` and `watch`.
struct LogOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print only problems (errors and warnings), no progress or summary.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also print every file written, left unchanged, kept or removed.")
    var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together.") }
    }
}

/// What the terminal allows: a progress line only on a terminal, colour only there and never
/// with `NO_COLOR` (any non-empty value) or `TERM=dumb`.
enum Terminal {
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    static var colorAllowed: Bool {
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb" && standardErrorIsTerminal
    }
}

/// The build's log: on a terminal one progress line, rewritten in place; otherwise one line
/// per report as it is finished; then a summary line. `--quiet` prints none of it, `--verbose`
/// adds every file.
final class BuildLog: @unchecked Sendable {
    private let options: LogOptions
    private let showsProgressLine: Bool
    private let say: @Sendable (String) -> Void
    private let started = Date()
    private var lastDrawn = Date.distantPast
    private var drewLine = false
    private let lock = NSLock()

    init(_ options: LogOptions, diagnostics: DiagnosticOptions) {
        self.options = options
        showsProgressLine = !options.quiet && Terminal.standardErrorIsTerminal && diagnostics.diagnostics == .text
        say = { line in diagnostics.say(line) }
    }

    var elapsed: TimeInterval { Date().timeIntervalSince(started) }

    /// Called by the build after each file, in order.
    func progress(_ progress: BuildProgress) {
        guard !options.quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        if showsProgressLine {
            let now = Date()
            guard now.timeIntervalSince(lastDrawn) >= 0.1 || progress.filesDone == progress.filesTotal else { return }
            lastDrawn = now
            drewLine = true
            let line = "Building: \(progress.reportsDone)/\(progress.reportsTotal) reports, \(progress.filesDone)/\(progress.filesTotal) files, \(Self.seconds(now.timeIntervalSince(started)))"
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        } else if let report = progress.completedReport, progress.completedReportWritten > 0 || options.verbose {
            let files = progress.completedReportWritten
            say("\(report.id): \(report.home) \(report.year), \(report.pages) pages, \(report.charts) charts; \(files) \(files == 1 ? "file" : "files") written")
        }
    }

    /// Clears the progress line (before diagnostics are printed).
    func endProgress() {
        lock.lock()
        defer { lock.unlock() }
        if drewLine { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drewLine = false
    }

    /// The files (with `--verbose`) and the summary line of a finished build.
    func finish(_ outcome: BuildOutcome, output: String) {
        guard !options.quiet else { return }
        if options.verbose {
            for file in outcome.files {
                say("\(file.action.rawValue) \(OutputPaths.join(output, file.entry.path)) (\(file.entry.bytes) bytes)")
            }
            for path in outcome.removed { say("removed \(OutputPaths.join(output, path))") }
        }
        say(Self.summary(outcome, seconds: elapsed))
    }

    /// `4 reports, 188 files: 12 written, 176 unchanged, 1.9 s`, or one line saying that
    /// nothing changed.
    static func summary(_ outcome: BuildOutcome, seconds: TimeInterval) -> String {
        let reports = outcome.reports.count
        let files = outcome.files.count
        let written = outcome.files.count { $0.action == .written }
        let unchanged = files - written
        let counts = "\(reports) \(reports == 1 ? "report" : "reports"), \(files) \(files == 1 ? "file" : "files")"
        if written == 0 && outcome.removed.isEmpty {
            return "Nothing changed: \(counts) up to date, \(Self.seconds(seconds))"
        }
        var parts = ["\(written) written", "\(unchanged) unchanged"]
        if !outcome.removed.isEmpty { parts.append("\(outcome.removed.count) removed") }
        return "\(counts): \(parts.joined(separator: ", ")), \(Self.seconds(seconds))"
    }

    static func seconds(_ value: TimeInterval) -> String {
        String(format: "%.1f s", value)
    }
}

/// Paths shown to the user: the output folder joined with a path inside it.
enum OutputPaths {
    static func join(_ folder: String, _ path: String) -> String {
        (folder as NSString).appendingPathComponent(path)
    }
}
