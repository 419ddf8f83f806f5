import Foundation

/// Runs work items on a fixed number of threads and returns their results in item order, so
/// what a build makes never depends on how many threads made it. Each thread takes the next
/// item when it is done with one; Cairo and Pango objects are made inside `body` (Pango's font
/// map is per thread), never shared.
enum WorkerPool {
    /// Stack of each worker thread: Pango and Cairo recurse deeper than the 512 KiB default.
    static let stackSize = 8 << 20

    static func map<Result: Sendable>(count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> Result) -> [Result] {
        let threads = max(1, min(jobs, count))
        guard threads > 1 else { return (0..<count).map(body) }
        let queue = WorkQueue<Result>(count: count)
        let group = DispatchGroup()
        for _ in 0..<threads {
            group.enter()
            let thread = Thread {
                while let index = queue.next() { queue.store(body(index), at: index) }
                group.leave()
            }
            thread.stackSize = stackSize
            thread.start()
        }
        group.wait()
        return queue.results()
    }
}

/// The shared state of one `WorkerPool.map`: the next item and the results, under a lock.
private final class WorkQueue<Result: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int
    private var slots: [Result?]

    init(count: Int) {
        self.count = count
        slots = Array(repeating: nil, count: count)
    }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func store(_ result: Result, at index: Int) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    /// Every result; called after all workers finished, when every slot is filled.
    func results() -> [Result] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
