/// Elements appended through a pointer and grown by doubling, with none of the copy-on-write
/// checks an `Array` makes on every append: a workbook's rows and their text are gathered here
/// cell by cell, where appending to arrays was a tenth of reading a sheet (instructions counted
/// with `INSTRUCTIONS=1 scripts/bench-xlsx.sh`). A reference: whoever holds it owns it, one
/// thread at a time. VitalityBuild's `ByteWriter` grows the same way but keeps its own storage:
/// built on this buffer across the module boundary, `number-bench` wrote a number in 82–98 ns
/// against 55–67 ns (the buffer's accesses are then checked at run time and not specialized).
final class AppendBuffer<Element>: @unchecked Sendable {
    private var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 16) {
        self.capacity = Swift.max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// The elements appended so far, copied.
    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Calls `body` with the elements appended so far, which it must not keep: no pointer into
    /// the buffer is handed out otherwise, since the buffer may be freed as soon as the caller
    /// last refers to it (a use after free the fuzzer found when a pointer was).
    func withElements<Result>(_ body: (UnsafeBufferPointer<Element>) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(self) { try body(UnsafeBufferPointer(start: base, count: count)) }
    }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Appends `elements` one by one: the pieces appended here are a few bytes (a number's
    /// digits, a name), for which a loop is cheaper than a call to `memmove`.
    @inline(__always)
    func append(contentsOf elements: UnsafeBufferPointer<Element>) {
        guard let source = elements.baseAddress, !elements.isEmpty else { return }
        if count + elements.count > capacity { grow(to: count + elements.count) }
        let target = base + count
        for offset in 0..<elements.count { (target + offset).initialize(to: source[offset]) }
        count += elements.count
    }

    func append(contentsOf elements: some Sequence<Element>) {
        if elements.withContiguousStorageIfAvailable({ append(contentsOf: $0) }) == nil {
            for element in elements { append(element) }
        }
    }

    /// Keeps the first `newCount` elements (all when there are fewer).
    func truncate(to newCount: Int) {
        guard newCount >= 0, newCount < count else { return }
        (base + newCount).deinitialize(count: count - newCount)
        count = newCount
    }

    private func grow(to needed: Int) {
        var grown = capacity
        while grown < needed { grown *= 2 }
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: grown)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity = grown
    }
}
