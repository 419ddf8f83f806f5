import Foundation
import Testing
@testable import VitalityBuild

/// The thread helpers behind parallel builds: results in order whatever the threads do, and a
/// pipeline that never runs further ahead of its consumer than it was told.
@Suite struct WorkerPoolTests {
    /// Counts how many items are made but not yet taken, and the most there ever were.
    final class InFlight: @unchecked Sendable {
        private let lock = NSLock()
        private var current = 0
        private(set) var most = 0

        func made() {
            lock.lock()
            current += 1
            most = max(most, current)
            lock.unlock()
        }

        func taken() {
            lock.lock()
            current -= 1
            lock.unlock()
        }

        var peak: Int {
            lock.lock()
            defer { lock.unlock() }
            return most
        }
    }

    @Test(arguments: [1, 2, 5])
    func pipelineHandsOutItemsInOrderAndStaysWithinItsWindow(threads: Int) {
        let inFlight = InFlight()
        let ahead = 3
        let pipeline = OrderedPipeline<Int>(count: 200, ahead: ahead, threads: threads) { index in
            // Later items are quicker, so that threads finish out of order.
            usleep(useconds_t((200 - index) % 7 * 100))
            inFlight.made()
            return index * index
        }
        var taken: [Int] = []
        for index in 0..<200 {
            taken.append(pipeline.take(index))
            inFlight.taken()
        }
        pipeline.finish()
        #expect(taken == (0..<200).map { $0 * $0 })
        // Items are made only within `ahead` of the last one taken; one more may be counted
        // between `take` returning and the consumer counting it as taken.
        #expect(inFlight.peak <= ahead + 1)
    }

    @Test func aPipelineStoppedEarlyEndsItsThreads() {
        let made = InFlight()
        let pipeline = OrderedPipeline<Int>(count: 1000, ahead: 4, threads: 2) { index in
            made.made()
            return index
        }
        #expect(pipeline.take(0) == 0)
        pipeline.finish()
        // At most the window beyond item 0 was made before the threads stopped.
        #expect(made.peak <= 5)
    }

    @Test func backgroundTaskGivesItsResult() {
        let task = BackgroundTask { (1...1000).reduce(0, +) }
        #expect(task.value == 500_500)
        #expect(task.value == 500_500)
    }

    @Test(arguments: [1, 2, 7])
    func workerPoolReturnsResultsInItemOrder(jobs: Int) {
        let results = WorkerPool.map(count: 50, jobs: jobs) { index in
            usleep(useconds_t((50 - index) % 5 * 100))
            return index * 2
        }
        #expect(results == (0..<50).map { $0 * 2 })
    }
}
