import Foundation

/// Runs work items on a fixed number of threads and returns their results in item order, so
/// what a build makes never depends on how many threads made it. Each thread takes the next
/// item when it is done with one; Cairo and Pango objects are made inside `body` (Pango's font
/// map is per thread), never shared.
enum WorkerPool {
    /// Stack of each worker thread: Pango and Cairo recurse deeper than the 512 KiB default.
    static let stackSize = 8 << 20

    static func map<Result: Sendable>(count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> Result) -> [Result] {
        map(count: count, jobs: jobs, state: {}, { _, index in body(index) })
    }

    /// `map` where each thread first makes its own `State` (such as a text measurer and what it
    /// remembers) and hands it to every item it runs. An item's result must not depend on which
    /// thread ran it, nor on the items that thread ran before.
    static func map<State, Result: Sendable>(
        count: Int, jobs: Int, state makeState: @escaping @Sendable () -> State,
        _ body: @escaping @Sendable (State, Int) -> Result
    ) -> [Result] {
        let threads = max(1, min(jobs, count))
        guard threads > 1 else {
            let state = makeState()
            return (0..<count).map { body(state, $0) }
        }
        let queue = WorkQueue<Result>(count: count)
        let group = DispatchGroup()
        for _ in 0..<threads {
            group.enter()
            let thread = Thread {
                let state = makeState()
                while let index = queue.next() { queue.store(body(state, index), at: index) }
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

/// Makes items `0..<count` on `threads` threads and hands them to one consumer in order, at
/// most `ahead` items beyond the last one taken, so that a large output is made in parallel
/// and written as it comes without being held whole.
final class OrderedPipeline<Item: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let count: Int
    private let ahead: Int
    private let group = DispatchGroup()
    private var slots: [Int: Item] = [:]
    private var nextToMake = 0
    private var nextToTake = 0
    private var stopped = false

    init(count: Int, ahead: Int, threads: Int, make: @escaping @Sendable (Int) -> Item) {
        self.count = count
        self.ahead = max(1, ahead)
        for _ in 0..<max(1, threads) {
            group.enter()
            let thread = Thread { [self] in
                while let index = claim() { deposit(make(index), at: index) }
                group.leave()
            }
            thread.stackSize = WorkerPool.stackSize
            thread.start()
        }
    }

    private func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped && nextToMake < count && nextToMake >= nextToTake + ahead { condition.wait() }
        guard !stopped, nextToMake < count else { return nil }
        nextToMake += 1
        return nextToMake - 1
    }

    private func deposit(_ item: Item, at index: Int) {
        condition.lock()
        slots[index] = item
        condition.broadcast()
        condition.unlock()
    }

    /// Item `index`, once it is made; items are taken in order 0, 1, 2, ….
    func take(_ index: Int) -> Item {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let item = slots.removeValue(forKey: index) {
                nextToTake = index + 1
                condition.broadcast()
                return item
            }
            condition.wait()
        }
    }

    /// Lets the threads end after the items in hand and waits for them.
    func finish() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        group.wait()
    }
}

/// Work started on a thread of its own whose result is fetched later (`value` waits for it):
/// hashing the inputs while the figures are computed.
final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Value?

    init(_ body: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            let value = body()
            condition.lock()
            result = value
            condition.broadcast()
            condition.unlock()
        }
        thread.start()
    }

    /// The result, once the work is done.
    var value: Value {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result { return result }
            condition.wait()
        }
    }
}
