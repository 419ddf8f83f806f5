import Crypto
import CFileSync
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The output folder while one build holds it: its lock, its state folder `.vitality/`, the
/// recovery of an interrupted publish and the publishing of a new set of files as a transaction.
///
/// Layout of the state folder (it belongs to Vitality; do not edit it):
/// - `.vitality/lock` — `flock`ed for the whole build; its text (pid, start time, command) only
///   tells a waiting build who holds it. The kernel releases the lock when its holder dies.
/// - `.vitality/stage-<random>/new/<n>` — the files of the build being published, created
///   exclusively without following links, all synced before the journal; `old/<n>` keeps each replaced or removed file
///   until the publish is complete, so that a failed publish can be undone.
/// - `.vitality/journal.json` — present only while a publish is under way: the stage and every
///   step (replace or remove a path). The next `vitality build` (or `vitality recover`) completes
///   a `forward` journal (the staged files are complete by the time it exists) or finishes undoing
///   a `backward` one, before it does anything else.
///
/// Every folder inside the output folder is opened with `O_NOFOLLOW`, so a symbolic link planted
/// at any name is never written through: a linked subfolder is an error naming it, and a link
/// at a file's name is replaced by the file (`rename` never follows its target name).
package final class OutputFolder {
    /// The output folder as given.
    package let path: String
    private let root: Int32
    private let state: Int32
    private let lock: Int32

    static let stateFolder = ".vitality"
    static let journalName = "journal.json"
    static let lockName = "lock"
    static let manifestName = "manifest.json"

    /// Who holds the lock of an output folder, as its lock file tells.
    struct Holder: Sendable, CustomStringConvertible {
        package var text: String
        package var description: String { text.isEmpty ? "a build that has not yet written its details" : text }
    }

    /// Opens (creating when missing) the output folder and its state folder and takes the lock.
    /// When another build holds it: with `wait`, calls `onWait` with the holder and waits; without,
    /// throws `BuildError.locked`.
    init(path: String, wait: Bool, onWait: (Holder) -> Void = { _ in }) throws(BuildError) {
        self.path = path
        var isFolder: ObjCBool = false
        createdRoot = !FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .write(path: path, reason: error.localizedDescription)
        }
        let root = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw .write(path: path, reason: Self.reason(errno)) }
        self.root = root
        let statePath = Self.join(path, Self.stateFolder)
        let lockPath = Self.join(statePath, Self.lockName)
        var toldWaiting = false
        // The previous holder removes the lock file and the state folder when it is done, so
        // the lock taken must be on the file that is still at `.vitality/lock`; else again.
        for _ in 0..<10_000 {
            if mkdirat(root, Self.stateFolder, 0o755) != 0 && errno != EEXIST {
                let code = errno
                // The holder we waited for removed the output folder it had created: again.
                if code == ENOENT, (try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)) != nil {
                    let reopened = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                    if reopened >= 0 {
                        _ = dup2(reopened, root)
                        close(reopened)
                        continue
                    }
                }
                close(root)
                throw .write(path: statePath, reason: Self.reason(code))
            }
            let state = openat(root, Self.stateFolder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if state < 0 {
                if errno == ENOENT { continue }
                let error = Self.folderError(parent: root, name: Self.stateFolder, path: statePath, code: errno)
                close(root)
                throw error
            }
            let lock = openat(state, Self.lockName, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if lock < 0 {
                let code = errno
                close(state)
                if code == ENOENT { continue }
                close(root)
                throw .write(path: lockPath, reason: Self.reason(code))
            }
            if systemFlock(lock, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                guard code == EWOULDBLOCK, wait else {
                    let holder = Holder(text: Self.readAll(lock))
                    close(lock)
                    close(state)
                    close(root)
                    throw code == EWOULDBLOCK ? .locked(path: path, holder: holder.description) : .write(path: lockPath, reason: Self.reason(code))
                }
                if !toldWaiting {
                    onWait(Holder(text: Self.readAll(lock)))
                    toldWaiting = true
                }
                while systemFlock(lock, LOCK_EX) != 0 && errno == EINTR {}
            }
            var held = stat(), atPath = stat(), folder = stat(), folderAtPath = stat()
            guard fstat(lock, &held) == 0, fstatat(state, Self.lockName, &atPath, AT_SYMLINK_NOFOLLOW) == 0,
                  held.st_ino == atPath.st_ino, held.st_dev == atPath.st_dev,
                  fstat(state, &folder) == 0, fstatat(root, Self.stateFolder, &folderAtPath, AT_SYMLINK_NOFOLLOW) == 0,
                  folder.st_ino == folderAtPath.st_ino
            else {
                close(lock)
                close(state)
                continue
            }
            self.state = state
            self.lock = lock
            let started = ISO8601DateFormatter().string(from: Date())
            let command = CommandLine.arguments.joined(separator: " ")
            let text = Array("pid \(getpid()), started \(started), command: \(command)".utf8)
            _ = ftruncate(lock, 0)
            _ = text.withUnsafeBytes { pwrite(lock, $0.baseAddress, $0.count, 0) }
            return
        }
        close(root)
        throw .write(path: lockPath, reason: "the lock file keeps disappearing")
    }

    /// Whether this run created the output folder (removed again when nothing was published).
    private let createdRoot: Bool
    /// Set once a publish put files into the output folder.
    private var published = false

    private var released = false

    deinit { release() }

    /// Gives the folder up: while still holding the lock, removes the lock file and the state
    /// folder (when empty), so a finished build leaves only its outputs (a waiting build notices
    /// and starts over); then releases the lock. Called when the build ends, not left to
    /// `deinit`, since a worker thread may hold the folder a moment longer. Idempotent.
    package func release() {
        guard !released else { return }
        released = true
        _ = unlinkat(state, Self.lockName, 0)
        _ = unlinkat(root, Self.stateFolder, AT_REMOVEDIR)
        if createdRoot && !published { _ = rmdir(path) }
        close(state)
        close(root)
        // Closing the descriptor releases the lock.
        close(lock)
    }

    // MARK: Recovery

    /// What `recover()` did.
    package enum Recovery: Sendable, Equatable {
        /// A publish interrupted after its journal was written was completed.
        case completed
        /// A publish that failed and was being undone was undone.
        case undone
    }

    /// Completes (or undoes) a publish a killed run left behind, and removes the leftovers of
    /// killed runs: staging folders and the fixed-name temporary files of earlier versions
    /// (`.<name>.vitality-tmp`). Returns what was done to the published files, nil for nothing.
    @discardableResult
    package func recover() throws(BuildError) -> Recovery? {
        var result: Recovery?
        if exists(state, Self.journalName) {
            let journalPath = Self.join(Self.join(path, Self.stateFolder), Self.journalName)
            guard let journal = try? JSONDecoder().decode(Journal.self, from: Data(Self.readFile(state, Self.journalName) ?? [])) else {
                throw .recovery(path: journalPath, reason: "the journal cannot be read; move the folder aside and build again")
            }
            let folders = Folders(root: root, path: path)
            let stage = openat(state, journal.stage, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard stage >= 0 else { throw .recovery(path: journalPath, reason: "its staging folder \(journal.stage) is missing") }
            defer { close(stage) }
            let new = openat(stage, "new", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let old = openat(stage, "old", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            defer { if new >= 0 { close(new) }; if old >= 0 { close(old) } }
            guard new >= 0, old >= 0 else { throw .recovery(path: journalPath, reason: "its staging folder \(journal.stage) is incomplete") }
            do {
                if journal.direction == .forward {
                    for step in journal.steps { try rollForward(step, folders: folders, new: new, old: old) }
                    result = .completed
                } else {
                    for step in journal.steps.reversed() {
                        if let failure = rollBack(step, folders: folders, old: old) { throw failure }
                    }
                    result = .undone
                }
            } catch {
                throw .recovery(path: journalPath, reason: "\(error)")
            }
            if journal.direction == .forward { removeEmptyFolders(of: journal.steps.filter { $0.action == .remove }.map(\.path)) }
            folders.syncAll()
            if unlinkat(state, Self.journalName, 0) != 0 { throw .recovery(path: journalPath, reason: Self.reason(errno)) }
            _ = fsync(state)
        }
        removeLeftovers()
        return result
    }

    private func rollForward(_ step: Journal.Step, folders: Folders, new: Int32, old: Int32) throws(BuildError) {
        guard let components = Self.components(of: step.path) else { throw .write(path: step.path, reason: "the path leaves the output folder") }
        switch step.action {
        case .replace:
            guard exists(new, step.file) else { return }  // already in place
            guard let parent = try folders.open(Array(components.dropLast()), create: true) else { return }
            if renameat(new, step.file, parent, components[components.count - 1]) != 0 {
                throw .write(path: Self.join(path, step.path), reason: Self.reason(errno))
            }
        case .remove:
            guard !exists(old, step.file), let parent = try folders.open(Array(components.dropLast()), create: false),
                  exists(parent, components[components.count - 1]) else { return }
            if renameat(parent, components[components.count - 1], old, step.file) != 0 {
                throw .write(path: Self.join(path, step.path), reason: Self.reason(errno))
            }
        }
    }

    /// Undoes one step (idempotent); the error when it cannot be.
    private func rollBack(_ step: Journal.Step, folders: Folders, old: Int32) -> BuildError? {
        guard let components = Self.components(of: step.path) else { return nil }
        let name = components[components.count - 1]
        let parent: Int32?
        do { parent = try folders.open(Array(components.dropLast()), create: step.existed) } catch { return error }
        guard let parent else { return nil }
        if exists(old, step.file) {
            if renameat(old, step.file, parent, name) != 0 { return .write(path: Self.join(path, step.path), reason: Self.reason(errno)) }
        } else if step.action == .replace && !step.existed && exists(parent, name) {
            if unlinkat(parent, name, 0) != 0 { return .write(path: Self.join(path, step.path), reason: Self.reason(errno)) }
        }
        return nil
    }

    /// Removes staging folders of killed runs and old-style temporary files.
    private func removeLeftovers() {
        let statePath = Self.join(path, Self.stateFolder)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: statePath)) ?? [] where name.hasPrefix("stage-") {
            try? FileManager.default.removeItem(atPath: Self.join(statePath, name))
        }
        // `.<name>.vitality-tmp` files of earlier versions, in the output folder and charts/.
        let folders = Folders(root: root, path: path)
        var queue: [[String]] = [[], ["charts"]]
        while let components = queue.popLast() {
            guard let fd = try? folders.open(components, create: false) else { continue }
            let folderPath = ([path] + components).joined(separator: "/")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folderPath)) ?? [] {
                if name.hasPrefix("."), name.hasSuffix(".vitality-tmp"), !isFolder(fd, name) {
                    _ = unlinkat(fd, name, 0)
                } else if components.count == 1, isFolder(fd, name) {
                    queue.append(components + [name])
                }
            }
        }
    }

    // MARK: Reading what a previous build wrote

    /// The manifest of the previous build (`manifest.json`, or a shard's), when there is a
    /// readable one (a regular file).
    func previousManifest(named name: String = OutputFolder.manifestName) -> Manifest? {
        guard let bytes = Self.readFile(root, name) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: Data(bytes))
    }

    /// What is at `entry.path` now: the same bytes as the entry, other content, or nothing.
    enum Presence: Sendable { case same, changed, missing }

    func presence(of entry: Manifest.Entry) -> Presence {
        guard let components = Self.components(of: entry.path) else { return .missing }
        let folders = Folders(root: root, path: path)
        guard let parent = try? folders.open(Array(components.dropLast()), create: false) else { return .missing }
        let name = components[components.count - 1]
        guard exists(parent, name) else { return .missing }
        guard let (size, digest) = Self.digestOfFile(parent, name, expectedSize: entry.bytes) else { return .changed }
        return size == entry.bytes && digest == entry.sha256 ? .same : .changed
    }

    /// Size and SHA-256 of a regular file (opened without following links), read in blocks;
    /// nil when it is not one, cannot be read, or is not `expectedSize` bytes long (then it
    /// differs whatever its bytes).
    static func digestOfFile(_ folder: Int32, _ name: String, expectedSize: Int) -> (Int, String)? {
        let fd = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) == expectedSize else { return nil }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset: off_t = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            hasher.update(data: buffer[0..<count])
            offset += off_t(count)
        }
        return (Int(offset), Manifest.hex(hasher.finalize()))
    }

    // MARK: Publishing

    /// Why a publish failed, and whether the output folder was left as it was.
    struct PublishFailure: Error, Sendable {
        package var error: BuildError
        /// True when every change was undone (or none was made).
        var undone: Bool
    }

    /// Publishes `files` (paths relative to the output folder; the manifest last) and removes
    /// `removals`, all or nothing: see `publish(_:removing:)` of a `Staging`.
    func publish(_ files: [(path: String, bytes: [UInt8])], removing removals: [String]) throws(PublishFailure) {
        let staging: Staging
        do { staging = try beginStaging() } catch { throw PublishFailure(error: error, undone: true) }
        for (index, file) in files.enumerated() {
            do { try staging.add(file.path, bytes: file.bytes, order: index) } catch {
                staging.discard()
                throw PublishFailure(error: error, undone: true)
            }
        }
        try publish(staging, removing: removals)
    }

    /// A new staging area for one publish; files are added to it as they are made, from any
    /// thread, so a build never holds all its outputs in memory.
    func beginStaging() throws(BuildError) -> Staging {
        let (name, stage) = try makeStage()
        let stagePath = Self.join(Self.join(path, Self.stateFolder), name)
        let new = openat(stage, "new", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        let old = openat(stage, "old", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard new >= 0, old >= 0 else {
            let code = errno
            if new >= 0 { close(new) }
            if old >= 0 { close(old) }
            close(stage)
            try? FileManager.default.removeItem(atPath: stagePath)
            throw .write(path: stagePath, reason: Self.reason(code))
        }
        return Staging(name: name, path: stagePath, outputPath: path, folder: stage, new: new, old: old, faults: FaultSwitches.current)
    }

    /// Publishes the files of `staging` in their `order` and removes `removals`, all or nothing:
    /// checks every target, writes the journal, then renames. A failure before the journal
    /// removes the stage; one after it undoes the steps done. SIGINT, SIGTERM and SIGHUP are held
    /// until the publish ends.
    func publish(_ staging: Staging, removing removals: [String]) throws(PublishFailure) {
        let faults = staging.faults
        let stageName = staging.name
        let stage = staging.folder
        let stagePath = staging.path
        let new = staging.new
        let old = staging.old
        func discardStage() { staging.discard() }
        staging.handedOver = true
        var steps: [Journal.Step] = staging.staged.map {
            Journal.Step(action: .replace, path: $0.path, file: $0.file, existed: false)
        }
        do { try staging.makeDurable() } catch {
            discardStage()
            throw PublishFailure(error: error, undone: true)
        }

        // Check every target; create missing folders (removed again on failure).
        let folders = Folders(root: root, path: path)
        func abandon(_ error: BuildError) -> PublishFailure {
            discardStage()
            let undone = folders.removeCreated()
            return PublishFailure(error: error, undone: undone)
        }
        var parentOf: [String: Int32] = [:]
        for index in steps.indices {
            guard let components = Self.components(of: steps[index].path) else {
                throw abandon(.write(path: steps[index].path, reason: "the path leaves the output folder"))
            }
            let opened: Int32?
            do { opened = try folders.open(Array(components.dropLast()), create: true) } catch { throw abandon(error) }
            guard let parent = opened else {
                throw abandon(.write(path: Self.join(path, steps[index].path), reason: "its folder cannot be created"))
            }
            let name = components[components.count - 1]
            if isFolder(parent, name) {
                throw abandon(.write(
                    path: Self.join(path, steps[index].path),
                    reason: "it is a folder, and the build writes a file there; move the folder out of the output folder"))
            }
            steps[index].existed = exists(parent, name)
            parentOf[steps[index].path] = parent
        }
        var removalSteps: [Journal.Step] = []
        for (offset, removal) in removals.enumerated() where parentOf[removal] == nil {
            guard let components = Self.components(of: removal),
                  let parent = try? folders.open(Array(components.dropLast()), create: false),
                  isRegularFile(parent, components[components.count - 1]) else { continue }
            removalSteps.append(Journal.Step(action: .remove, path: removal, file: String(format: "r%06d", offset), existed: true))
            parentOf[removal] = parent
        }
        // Removals first, then the files in order, the manifest last.
        steps = removalSteps + steps

        // Commit: the journal makes the publish one that the next run completes.
        let held = SignalHold()
        defer { held.release() }
        var counter = StepCounter(faults: faults)
        do {
            try counter.step(path: stagePath) { 0 }
            let journal = Journal(direction: .forward, stage: stageName, steps: steps)
            try counter.step(path: Self.join(stagePath, Self.journalName)) { writeJournal(journal, stage: stage) }
        } catch {
            _ = unlinkat(state, Self.journalName, 0)
            throw abandon(error)
        }

        // Rename. `done[i]` counts the actions of step i that took effect.
        var done = Array(repeating: 0, count: steps.count)
        published = true
        for (index, step) in steps.enumerated() {
            let parent = parentOf[step.path] ?? root
            let name = Self.components(of: step.path)?.last ?? step.path
            let target = Self.join(path, step.path)
            do {
                switch step.action {
                case .replace:
                    if step.existed {
                        try counter.step(path: target) {
                            // Keep the old file: a hard link, so the name never goes missing;
                            // a rename where links are not possible.
                            linkat(parent, name, old, step.file, 0) == 0 ? 0 : renameat(parent, name, old, step.file)
                        }
                        done[index] = 1
                    }
                    try counter.step(path: target) { renameat(new, step.file, parent, name) }
                    done[index] = 2
                case .remove:
                    try counter.step(path: target) { renameat(parent, name, old, step.file) }
                    done[index] = 2
                }
            } catch {
                let undone = undo(steps, done: done, stage: stage, stageName: stageName, folders: folders)
                published = !undone
                // When something could not be put back, the stage keeps the old files and the
                // backward journal tells the next run to finish undoing.
                if undone { discardStage() }
                throw PublishFailure(error: error, undone: undone && folders.removeCreated())
            }
        }
        // Make what the manifest claims durable, then drop the journal and the stage.
        removeEmptyFolders(of: removalSteps.map(\.path))
        folders.syncAll()
        do {
            try counter.step(path: Self.join(Self.join(path, Self.stateFolder), Self.journalName)) { unlinkat(state, Self.journalName, 0) }
            _ = fsync(state)
            try counter.step(path: stagePath) {
                discardStage()
                return 0
            }
        } catch {
            // Published; the next run removes what is left.
        }
    }

    /// Undoes the steps done, after turning the journal backward so that a kill in between is
    /// finished by the next run. True when everything was restored.
    private func undo(_ steps: [Journal.Step], done: [Int], stage: Int32, stageName: String, folders: Folders) -> Bool {
        _ = writeJournal(Journal(direction: .backward, stage: stageName, steps: steps), stage: stage, file: "journal-undo.json")
        let old = openat(stage, "old", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        defer { if old >= 0 { close(old) } }
        var restored = old >= 0
        for (index, step) in steps.enumerated().reversed() where done[index] > 0 {
            if rollBack(step, folders: folders, old: old) != nil { restored = false }
        }
        folders.syncAll()
        if restored {
            _ = unlinkat(state, Self.journalName, 0)
            _ = fsync(state)
        }
        return restored
    }

    /// Writes `journal` into the stage, fsynced, and renames it to `.vitality/journal.json`.
    /// Returns 0 or -1 with `errno` set.
    private func writeJournal(_ journal: Journal, stage: Int32, file: String = "journal.json") -> Int32 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(journal) else {
            errno = EINVAL
            return -1
        }
        var noFaults = FaultSwitches()
        if let code = Self.writeFile(stage, file, Array(data), faults: &noFaults) {
            errno = code
            return -1
        }
        guard renameat(stage, file, state, Self.journalName) == 0 else { return -1 }
        return fsync(state)
    }

    /// A new staging folder with an unpredictable name, created exclusively.
    private func makeStage() throws(BuildError) -> (String, Int32) {
        let statePath = Self.join(path, Self.stateFolder)
        for _ in 0..<100 {
            let name = "stage-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            if mkdirat(state, name, 0o700) != 0 {
                if errno == EEXIST { continue }
                throw .write(path: Self.join(statePath, name), reason: Self.reason(errno))
            }
            let fd = openat(state, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0, mkdirat(fd, "new", 0o700) == 0, mkdirat(fd, "old", 0o700) == 0 else {
                throw .write(path: Self.join(statePath, name), reason: Self.reason(errno))
            }
            return (name, fd)
        }
        throw .write(path: statePath, reason: "no unused staging folder name")
    }

    /// Removes folders left empty by removals (`charts/<template>/`), innermost first.
    private func removeEmptyFolders(of paths: [String]) {
        var candidates: Set<[String]> = []
        for path in paths {
            guard var components = Self.components(of: path) else { continue }
            components.removeLast()
            while !components.isEmpty {
                candidates.insert(components)
                components.removeLast()
            }
        }
        for components in candidates.sorted(by: { $0.count > $1.count }) {
            let folders = Folders(root: root, path: path)
            guard let parent = try? folders.open(Array(components.dropLast()), create: false) else { continue }
            _ = unlinkat(parent, components[components.count - 1], AT_REMOVEDIR)
        }
    }

    // MARK: Helpers

    /// The components of a path inside the output folder, or nil when it is not a plain relative
    /// path (absolute, `..`, `.`, empty parts) or points into the state folder.
    package static func components(of relativePath: String) -> [String]? {
        let components = relativePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !relativePath.hasPrefix("/"), !components.isEmpty,
              components.allSatisfy({ $0 != ".." && $0 != "." && !$0.isEmpty }),
              components[0] != stateFolder
        else { return nil }
        return components
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    static func folderError(parent: Int32, name: String, path: String, code: Int32) -> BuildError {
        var status = stat()
        if fstatat(parent, name, &status, AT_SYMLINK_NOFOLLOW) == 0 {
            if (status.st_mode & S_IFMT) == S_IFLNK { return .symlink(path: path) }
            if (status.st_mode & S_IFMT) != S_IFDIR { return .write(path: path, reason: "it is not a folder") }
        }
        return .write(path: path, reason: reason(code))
    }

    private func exists(_ folder: Int32, _ name: String) -> Bool {
        var status = stat()
        return fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0
    }

    private func isFolder(_ folder: Int32, _ name: String) -> Bool {
        var status = stat()
        return fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    private func isRegularFile(_ folder: Int32, _ name: String) -> Bool {
        var status = stat()
        return fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    /// The bytes of a regular file, opened without following links; nil otherwise.
    static func readFile(_ folder: Int32, _ name: String) -> [UInt8]? {
        let fd = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return readBytes(fd)
    }

    private static func readBytes(_ fd: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var offset: off_t = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            result += buffer[0..<count]
            offset += off_t(count)
        }
        return result
    }

    static func readAll(_ fd: Int32) -> String {
        String(decoding: readBytes(fd), as: UTF8.self)
    }

    /// Creates `name` in `folder` exclusively (never through a link), writes and fsyncs it.
    /// Returns the errno of a failure, nil on success.
    static func writeFile(_ folder: Int32, _ name: String, _ bytes: [UInt8], faults: inout FaultSwitches) -> Int32? {
        let fd = openat(folder, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        if faults.takeNoSpace() { return ENOSPC }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + written }, bytes.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += count
        }
        return fsync(fd) == 0 ? nil : errno
    }
}

/// The files of one publish while they are made: each written into the stage's `new/` folder
/// (created exclusively; all synced at once before publishing) as soon as it is added, under a name of its own. Adding is
/// safe from several threads. Dropped without being published, the stage is removed.
final class Staging: @unchecked Sendable {
    let name: String
    let path: String
    let outputPath: String
    let folder: Int32
    let new: Int32
    let old: Int32
    private let lock = NSLock()
    private(set) var faults: FaultSwitches
    private var files: [(order: Int, path: String, file: String)] = []
    private var counter = 0
    private var discarded = false
    /// Set by `publish`, which owns the stage from then on.
    var handedOver = false

    init(name: String, path: String, outputPath: String, folder: Int32, new: Int32, old: Int32, faults: FaultSwitches) {
        self.name = name
        self.path = path
        self.outputPath = outputPath
        self.folder = folder
        self.new = new
        self.old = old
        self.faults = faults
    }

    deinit {
        if !handedOver { discard() }
        close(new)
        close(old)
        close(folder)
    }

    /// Stages `bytes` for `relativePath`; files are published in ascending `order`.
    func add(_ relativePath: String, bytes: [UInt8], order: Int) throws(BuildError) {
        let file = try open(relativePath, order: order, hashing: false)
        try file.write(bytes)
        _ = try file.finish()
    }

    /// Stages a file for `relativePath` that is written in parts (`StagedFile.write`) and
    /// hashed as it is written; it joins the stage when `finish` is called. A `large` file is
    /// written with direct I/O where the file system has it (`DirectWriter`).
    func open(_ relativePath: String, order: Int, hashing: Bool = true, large: Bool = false) throws(BuildError) -> StagedFile {
        lock.lock()
        let file = String(format: "%06d", counter)
        counter += 1
        var switches = faults
        let noSpace = switches.takeNoSpace()
        faults = switches
        lock.unlock()
        let path = OutputFolder.join(outputPath, relativePath)
        if noSpace { throw .write(path: path, reason: OutputFolder.reason(ENOSPC)) }
        let fd = openat(new, file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw .write(path: path, reason: OutputFolder.reason(errno)) }
        return StagedFile(
            staging: self, relativePath: relativePath, path: path, file: file, order: order, descriptor: fd, hashing: hashing,
            direct: large ? DirectWriter(descriptor: fd) : nil)
    }

    /// Adds a file that `StagedFile.finish` completed.
    fileprivate func join(_ file: StagedFile) {
        lock.lock()
        files.append((file.order, file.relativePath, file.file))
        lock.unlock()
    }

    /// Takes a staged file out again (made, but the same as the one already published).
    func withdraw(_ relativePath: String) {
        lock.lock()
        defer { lock.unlock() }
        guard let position = files.firstIndex(where: { $0.path == relativePath }) else { return }
        unlinkat(new, files[position].file, 0)
        files.remove(at: position)
    }

    /// Makes every staged file durable: one `syncfs` of the file system, or an fsync of each
    /// file where there is none. Files are staged unsynced because one fsync each cost about
    /// 4 ms of waiting here (300 files: 1.1 s), a third of a full build of the shipped set.
    /// The `syncfs` also makes the stage's folder entries durable; without it, `new/` is fsynced.
    func makeDurable() throws(BuildError) {
        if vitality_sync_file_system(new) == 0 { return }
        guard errno == ENOSYS else { throw .write(path: path, reason: OutputFolder.reason(errno)) }
        for (_, file) in staged {
            let fd = openat(new, file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw .write(path: path, reason: OutputFolder.reason(errno)) }
            defer { close(fd) }
            guard fsync(fd) == 0 else { throw .write(path: path, reason: OutputFolder.reason(errno)) }
        }
        _ = fsync(new)
    }

    /// The staged files in publishing order.
    var staged: [(path: String, file: String)] {
        lock.lock()
        defer { lock.unlock() }
        return files.sorted { $0.order < $1.order }.map { ($0.path, $0.file) }
    }

    /// How many files are staged.
    package var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return files.count
    }

    /// Removes the stage and everything in it.
    func discard() {
        lock.lock()
        let already = discarded
        discarded = true
        lock.unlock()
        if !already { try? FileManager.default.removeItem(atPath: path) }
    }
}

/// A file of the stage being written in parts, as large outputs are, so that they are never
/// held whole: hashed as it goes, synced and added to the stage by `finish`, removed again
/// when dropped unfinished.
final class StagedFile {
    private let staging: Staging
    fileprivate let relativePath: String
    private let path: String
    fileprivate let file: String
    fileprivate let order: Int
    private var descriptor: Int32
    /// nil when the caller hashes the bytes itself.
    private var hasher: SHA256?
    private var size = 0
    /// Where the bytes start whose writing to disk has not been started (`startWriteback`).
    private var writebackFrom = 0
    /// Writes the bytes when the file is written with direct I/O.
    private var direct: DirectWriter?

    fileprivate init(
        staging: Staging, relativePath: String, path: String, file: String, order: Int, descriptor: Int32, hashing: Bool,
        direct: DirectWriter? = nil
    ) {
        self.staging = staging
        self.relativePath = relativePath
        self.path = path
        self.file = file
        self.order = order
        self.descriptor = descriptor
        hasher = hashing ? SHA256() : nil
        self.direct = direct
    }

    deinit {
        direct = nil
        if descriptor >= 0 {
            close(descriptor)
            unlinkat(staging.new, file, 0)
        }
    }

    func write(_ bytes: [UInt8]) throws(BuildError) {
        let failure = bytes.withUnsafeBytes { buffer -> BuildError? in
            do throws(BuildError) { try write(buffer) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(BuildError) {
        hasher?.update(bufferPointer: bytes)
        size += bytes.count
        if let direct {
            do throws(DirectWriter.WriteFailure) { try direct.write(bytes) } catch {
                throw .write(path: path, reason: OutputFolder.reason(error.errorNumber))
            }
            return
        }
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                throw .write(path: path, reason: OutputFolder.reason(errno))
            }
            written += count
        }
        if size - writebackFrom >= Self.writebackBytes { startWriteback() }
    }

    /// Bytes after which the disk starts writing what came so far: a 467 MB figures.csv
    /// otherwise waited 0.2–0.3 s for the sync before publishing, after all of it was made.
    static let writebackBytes = 8 << 20

    /// Lets the disk write the bytes so far while the rest is made. A failure is ignored:
    /// this is a hint; the sync before publishing makes the file durable or fails.
    private func startWriteback() {
        _ = vitality_start_writeback(descriptor, Int64(writebackFrom), Int64(size - writebackFrom))
        writebackFrom = size
    }

    /// Adds the file to the stage (which makes it durable before publishing); its size and SHA-256.
    func finish() throws(BuildError) -> (bytes: Int, sha256: String) {
        if let direct {
            do throws(DirectWriter.WriteFailure) { try direct.finish() } catch {
                throw .write(path: path, reason: OutputFolder.reason(error.errorNumber))
            }
            self.direct = nil
        }
        close(descriptor)
        descriptor = -1
        staging.join(self)
        return (size, hasher.map { Manifest.hex($0.finalize()) } ?? "")
    }
}

/// Folders inside the output folder opened one component at a time with `O_NOFOLLOW`, cached,
/// with the ones this publish created (so that a failure can remove them again).
final class Folders {
    let root: Int32
    let path: String
    private var opened: [[String]: Int32] = [:]
    private var created: [[String]] = []

    init(root: Int32, path: String) {
        self.root = root
        self.path = path
    }

    deinit {
        for fd in opened.values { close(fd) }
    }

    /// The folder at `components` (root for none); nil when missing and not `create`.
    func open(_ components: [String], create: Bool) throws(BuildError) -> Int32? {
        var current = root
        for depth in components.indices {
            let prefix = Array(components[...depth])
            if let fd = opened[prefix] {
                current = fd
                continue
            }
            let name = components[depth]
            let folderPath = OutputFolder.join(path, prefix.joined(separator: "/"))
            var fd = openat(current, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if fd < 0 && errno == ENOENT {
                guard create else { return nil }
                if mkdirat(current, name, 0o777) == 0 { created.append(prefix) } else if errno != EEXIST {
                    throw .write(path: folderPath, reason: OutputFolder.reason(errno))
                }
                fd = openat(current, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            guard fd >= 0 else { throw OutputFolder.folderError(parent: current, name: name, path: folderPath, code: errno) }
            opened[prefix] = fd
            current = fd
        }
        return current
    }

    /// Removes the folders this publish created, innermost first; true when all are gone.
    func removeCreated() -> Bool {
        var removed = true
        for prefix in created.reversed() {
            let parent = prefix.count == 1 ? root : (opened[Array(prefix.dropLast())] ?? -1)
            if let fd = opened.removeValue(forKey: prefix) { close(fd) }
            if parent < 0 || unlinkat(parent, prefix[prefix.count - 1], AT_REMOVEDIR) != 0 { removed = false }
        }
        created = []
        return removed
    }

    /// Makes the renames in every folder opened durable. One `syncfs` of the output folder's
    /// file system covers them all: a rename from the stage succeeds only within that file
    /// system. Where there is no `syncfs`, each folder is fsynced; that cost about 4 ms of
    /// waiting per folder here (31 folders in a build of the shipped set: 0.12 s, an eighth of
    /// the whole build).
    func syncAll() {
        if vitality_sync_file_system(root) == 0 { return }
        for fd in opened.values { _ = fsync(fd) }
        _ = fsync(root)
    }
}

/// The publish journal, `.vitality/journal.json`.
struct Journal: Codable {
    enum Direction: String, Codable { case forward, backward }
    enum Action: String, Codable { case replace, remove }
    struct Step: Codable {
        var action: Action
        /// Relative to the output folder.
        var path: String
        /// The file's name in the stage's `new/` (replace) and `old/` (the previous file).
        var file: String
        /// Whether something was at `path` before the publish.
        var existed: Bool
    }
    var direction: Direction
    var stage: String
    var steps: [Step]
}

/// Test-only fault switches, honoured only when `VITALITY_TEST_FAULTS=1` is set too:
/// `VITALITY_FAULT_AFTER_PUBLISH_STEP=k` ends the process with `_exit(137)` right after the k-th
/// publish step (1 = staging done, 2 = journal written, then each link, rename and removal,
/// then the journal's and the stage's removal); `VITALITY_FAULT_FAIL_PUBLISH_STEP=k` makes the
/// k-th step fail with EIO instead of doing it; `VITALITY_FAULT_ENOSPC_AT_WRITE=k` makes the k-th
/// staged file fail with ENOSPC (a full disk).
struct FaultSwitches: Sendable {
    var killAfterStep: Int?
    var failAtStep: Int?
    var noSpaceAtWrite: Int?
    private var writes = 0

    init(killAfterStep: Int? = nil, failAtStep: Int? = nil, noSpaceAtWrite: Int? = nil) {
        self.killAfterStep = killAfterStep
        self.failAtStep = failAtStep
        self.noSpaceAtWrite = noSpaceAtWrite
    }

    static let current: FaultSwitches = {
        let environment = ProcessInfo.processInfo.environment
        guard environment["VITALITY_TEST_FAULTS"] == "1" else { return FaultSwitches() }
        return FaultSwitches(
            killAfterStep: environment["VITALITY_FAULT_AFTER_PUBLISH_STEP"].flatMap { Int($0) },
            failAtStep: environment["VITALITY_FAULT_FAIL_PUBLISH_STEP"].flatMap { Int($0) },
            noSpaceAtWrite: environment["VITALITY_FAULT_ENOSPC_AT_WRITE"].flatMap { Int($0) })
    }()

    mutating func takeNoSpace() -> Bool {
        writes += 1
        return writes == noSpaceAtWrite
    }
}

/// Counts publish steps and applies the fault switches.
struct StepCounter {
    let faults: FaultSwitches
    private(set) var count = 0

    init(faults: FaultSwitches) { self.faults = faults }

    /// Runs `action` (0 or -1 with errno) as the next step; throws `BuildError.write` on failure.
    mutating func step(path: String, _ action: () -> Int32) throws(BuildError) {
        count += 1
        if faults.failAtStep == count { throw .write(path: path, reason: OutputFolder.reason(EIO)) }
        if action() != 0 { throw .write(path: path, reason: OutputFolder.reason(errno)) }
        if faults.killAfterStep == count { _exit(137) }
    }
}

/// `flock(2)`; Glibc's module exposes only the struct of the same name to Swift.
@_silgen_name("flock")
private func systemFlock(_ descriptor: Int32, _ operation: Int32) -> Int32

/// The signal that arrived while signals were held; 0 for none.
nonisolated(unsafe) private var heldSignal: Int32 = 0

/// Holds SIGINT, SIGTERM and SIGHUP while a publish renames files, and delivers the first one
/// that arrived when released, so Ctrl-C never stops a publish half-way (SIGKILL still can; the
/// journal covers it).
final class SignalHold {
    private static let signals = [SIGINT, SIGTERM, SIGHUP]
    private var previous: [Int32: __sighandler_t?] = [:]
    private var released = false

    init() {
        heldSignal = 0
        for signal in Self.signals {
            previous[signal] = Glibc.signal(signal) { received in
                if heldSignal == 0 { heldSignal = received }
            }
        }
    }

    func release() {
        guard !released else { return }
        released = true
        for (signal, handler) in previous { _ = Glibc.signal(signal, handler) }
        if heldSignal != 0 { raise(heldSignal) }
    }
}
