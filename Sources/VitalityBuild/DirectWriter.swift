import CFileSync
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a large staged file with direct I/O: the bytes are copied into page-aligned buffers
/// that the disk reads from, on a thread of its own, while the caller fills the next buffer.
///
/// Through the page cache, the kernel's copy of the 467 MB `figures.csv` of the scaled
/// benchmark was 8 % of a build's CPU time, on the thread that also hashes the file. Where the
/// file system has no direct I/O, or refuses a write's alignment, the writer turns it off and
/// goes on through the page cache; the bytes written are the same either way.
final class DirectWriter {
    /// Bytes of one buffer: a multiple of any disk's block size.
    static let bufferBytes = 8 << 20
    private static let alignment = 4096

    private let disk: Disk
    private let queue = DispatchQueue(label: "vitality.direct-writer")
    private var current = 0
    private var filled = 0

    /// nil when the file system has no direct I/O (the caller then writes as usual).
    init?(descriptor: Int32) {
        guard vitality_direct_io(descriptor, 1) == 0 else { return nil }
        var buffers: [UnsafeMutableRawPointer] = []
        for _ in 0..<2 {
            var memory: UnsafeMutableRawPointer?
            guard posix_memalign(&memory, Self.alignment, Self.bufferBytes) == 0, let memory else {
                for buffer in buffers { Foundation.free(buffer) }
                _ = vitality_direct_io(descriptor, 0)
                return nil
            }
            buffers.append(memory)
        }
        disk = Disk(descriptor: descriptor, buffers: buffers)
    }

    /// Waits for the writes handed over, so that none runs after the caller closes the file.
    deinit { queue.sync {} }

    /// Copies `bytes` into the buffers, handing each full one to the disk; throws the errno of a
    /// write that failed before.
    func write(_ bytes: UnsafeRawBufferPointer) throws(WriteFailure) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let count = min(bytes.count - offset, Self.bufferBytes - filled)
            (disk.buffers[current] + filled).copyMemory(from: base + offset, byteCount: count)
            filled += count
            offset += count
            if filled == Self.bufferBytes { try handOver() }
        }
    }

    /// Writes what is left (through the page cache, as its length is not a block multiple) and
    /// waits for the disk to take every buffer.
    func finish() throws(WriteFailure) {
        queue.sync {}
        try disk.check()
        let count = filled
        filled = 0
        if let errorNumber = disk.writeTail(buffer: current, count: count) { throw WriteFailure(errorNumber: errorNumber) }
    }

    /// An errno of a failed write.
    struct WriteFailure: Error {
        var errorNumber: Int32
    }

    private func handOver() throws(WriteFailure) {
        let index = current
        let count = filled
        // The closure holds the disk, not the writer, whose deinit waits for the queue.
        let disk = disk
        queue.async { disk.write(buffer: index, count: count) }
        disk.free.wait()
        current = 1 - current
        filled = 0
        try disk.check()
    }

    /// The descriptor and buffers that the writing thread uses, and what it found.
    private final class Disk: @unchecked Sendable {
        let descriptor: Int32
        let buffers: [UnsafeMutableRawPointer]
        /// Signalled when the disk has taken a buffer, so that the caller may fill it again.
        let free = DispatchSemaphore(value: 1)
        private let lock = NSLock()
        /// The errno of the first failed write; read and set under `lock`.
        private var failure: Int32 = 0
        /// Whether the descriptor is still in direct mode; changed only by the thread writing.
        private var isDirect = true

        init(descriptor: Int32, buffers: [UnsafeMutableRawPointer]) {
            self.descriptor = descriptor
            self.buffers = buffers
        }

        deinit {
            for buffer in buffers { Foundation.free(buffer) }
        }

        /// Writes a full buffer on the writing thread, unless a write failed before.
        func write(buffer index: Int, count: Int) {
            if !hasFailed, let errorNumber = writeAll(buffers[index], count) {
                lock.lock()
                failure = errorNumber
                lock.unlock()
            }
            free.signal()
        }

        /// Writes the last, partial buffer through the page cache, once the queue is drained.
        func writeTail(buffer index: Int, count: Int) -> Int32? {
            if isDirect { _ = vitality_direct_io(descriptor, 0) }
            isDirect = false
            return writeAll(buffers[index], count)
        }

        func check() throws(WriteFailure) {
            lock.lock()
            let errorNumber = failure
            lock.unlock()
            if errorNumber != 0 { throw WriteFailure(errorNumber: errorNumber) }
        }

        private var hasFailed: Bool {
            lock.lock()
            defer { lock.unlock() }
            return failure != 0
        }

        /// Writes `count` bytes; nil, or the errno. A direct write refused for its alignment
        /// (EINVAL) turns direct I/O off and is tried again through the page cache.
        private func writeAll(_ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int32? {
            var written = 0
            while written < count {
                let result = Glibc.write(descriptor, buffer + written, count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    if errno == EINVAL, isDirect {
                        isDirect = false
                        guard vitality_direct_io(descriptor, 0) == 0 else { return errno }
                        continue
                    }
                    return errno
                }
                written += result
            }
            return nil
        }
    }
}
