import Foundation
import VitalityAnalysis
import VitalityScene

/// `figures.csv` (DATA.md §7): every computed figure, comma separated, `.` decimals at full
/// precision, empty where undefined, rows in the table's order (indicator, area code, year).
enum FiguresCSV {
    package static let header =
        "area_code,area,indicator,year,value,change_abs,change_pct,change_pp,index,rank,change_rank,rank_change,region_median"

    package static func render(_ table: FigureTable) -> String {
        String(decoding: bytes(table), as: UTF8.self)
    }

    /// The whole file's bytes (for tests and small tables; a build streams it with `write`).
    package static func bytes(_ table: FigureTable) -> [UInt8] {
        var out: [UInt8] = []
        write(table, jobs: 1) { out.append(contentsOf: $0) }
        return out
    }

    /// Rows per block that one thread formats at a time: at most 65 536 (about 6 MB of text),
    /// and small enough that every thread gets four blocks (but at least 2 048 rows).
    static func blockRows(count: Int, jobs: Int) -> Int {
        min(1 << 16, max(2048, count / (4 * max(1, jobs))))
    }

    /// Writes the file through `consume`, header first, then the rows in blocks (of
    /// `blockRows`, or as `blockRows(count:jobs:)` says) in table order. With `jobs` > 1 that many threads format blocks ahead of `consume`, at
    /// most two blocks each, so memory stays bounded whatever the table's size.
    static func write<Failure: Error>(
        _ table: FigureTable, jobs: Int, blockRows: Int? = nil,
        _ consume: (UnsafeRawBufferPointer) throws(Failure) -> Void
    ) throws(Failure) {
        let cells = Cells(table)
        let header = ByteWriter(capacity: 256)
        header.append(Self.header.utf8)
        header.append(newline)
        try header.withBytes(consume)
        let blockRows = max(1, blockRows ?? Self.blockRows(count: table.count, jobs: jobs))
        let blocks = (table.count + blockRows - 1) / blockRows
        let buffers = WriterPool()
        let format: @Sendable (Int) -> ByteWriter = { block in
            let start = block * blockRows
            let positions = start..<min(table.count, start + blockRows)
            // About 100 bytes a row on the scaled benchmark file; room for 128 so the block is
            // not copied into a buffer twice as large halfway.
            let out = buffers.take(capacity: positions.count * 128 + 1024)
            formatRows(table, positions, cells: cells, into: out)
            return out
        }
        let threads = max(1, min(jobs, blocks))
        guard threads > 1 else {
            for block in 0..<blocks {
                let out = format(block)
                try out.withBytes(consume)
                buffers.give(out)
            }
            return
        }
        let pipeline = OrderedPipeline<ByteWriter>(count: blocks, ahead: 2 * threads, threads: threads, make: format)
        defer { pipeline.finish() }
        for block in 0..<blocks {
            let out = pipeline.take(block)
            try out.withBytes(consume)
            buffers.give(out)
        }
    }

    /// The blocks' buffers, given back once written and taken again for a later block: a new
    /// 8 MB buffer for each block had the kernel clear its pages first (3.4 % of the scaled
    /// build). Holds no more buffers than the pipeline has blocks in flight.
    final class WriterPool: @unchecked Sendable {
        private let lock = NSLock()
        private var free: [ByteWriter] = []

        func take(capacity: Int) -> ByteWriter {
            lock.lock()
            let writer = free.popLast()
            lock.unlock()
            guard let writer else { return ByteWriter(capacity: capacity) }
            writer.clear(keepingCapacity: capacity)
            return writer
        }

        func give(_ writer: ByteWriter) {
            lock.lock()
            free.append(writer)
            lock.unlock()
        }
    }

    /// The area and indicator cells of every row, encoded once into one array: a cell per area
    /// or indicator each in its own array was retained and released on every row.
    struct Cells: Sendable {
        let bytes: [UInt8]
        let areas: [Range<Int>]
        let indicators: [Range<Int>]

        init(_ table: FigureTable) {
            var bytes: [UInt8] = []
            func add(_ text: String) -> Range<Int> {
                let start = bytes.count
                bytes += text.utf8
                return start..<bytes.count
            }
            areas = zip(table.areaCodes, table.areaNames).map { add("\(quoted($0)),\(quoted($1)),") }
            indicators = table.indicatorIDs.map { add("\(quoted($0)),") }
            self.bytes = bytes
        }
    }

    /// Appends the text of rows `positions` to `out`.
    static func formatRows(_ table: FigureTable, _ positions: Range<Int>, cells: Cells, into out: ByteWriter) {
        var medians = RepeatedNumbers()
        cells.bytes.withUnsafeBufferPointer { cellBytes in
            table.forEachRecord(in: positions) { record in
                out.append(UnsafeBufferPointer(rebasing: cellBytes[cells.areas[record.area]]))
                out.append(UnsafeBufferPointer(rebasing: cellBytes[cells.indicators[record.indicator]]))
                appendInteger(Int64(record.year), to: out)
                out.append(comma)
                appendNumber(record.value, to: out)
                out.append(comma)
                appendNumber(record.changeAbs, to: out)
                out.append(comma)
                appendNumber(record.changePct, to: out)
                out.append(comma)
                appendNumber(record.changePP, to: out)
                out.append(comma)
                appendNumber(record.index, to: out)
                out.append(comma)
                if let rank = record.rank { appendInteger(Int64(rank), to: out) }
                out.append(comma)
                if let rank = record.changeRank { appendInteger(Int64(rank), to: out) }
                out.append(comma)
                if let change = record.rankChange { appendInteger(Int64(change), to: out) }
                out.append(comma)
                medians.append(record.regionMedian, to: out)
                out.append(newline)
            }
        }
    }

    /// The text of numbers met recently, in 1 024 slots chosen by the number's bits. Each
    /// region median is on the row of every area of its region (a fifth of the numbers of
    /// figures.csv), so it is formatted once per block instead of once per row.
    struct RepeatedNumbers {
        private static let slots = 1024
        private static let slotBytes = 32
        /// A NaN's bits: never a key, as only finite numbers are kept.
        private static let empty = UInt64.max
        private var keys = [UInt64](repeating: empty, count: slots)
        private var lengths = [Int](repeating: 0, count: slots)
        private var texts = [UInt8](repeating: 0, count: slots * slotBytes)

        /// Appends `number(value)` to `out`, from the slot when it holds `value`.
        mutating func append(_ value: Double?, to out: ByteWriter) {
            guard let value, value.isFinite else { return }
            let bits = value.bitPattern
            // A multiplicative hash of the bits (wrapping by design) picks the slot.
            let slot = Int((bits &* 0x9E37_79B9_7F4A_7C15) >> 54)
            let start = slot * Self.slotBytes
            if keys[slot] == bits {
                texts.withUnsafeBufferPointer { out.append(UnsafeBufferPointer(rebasing: $0[start..<start + lengths[slot]])) }
                return
            }
            let before = out.count
            appendNumber(value, to: out)
            let length = out.count - before
            guard length <= Self.slotBytes else { return }
            out.withBytes { written in
                let text = UnsafeRawBufferPointer(rebasing: written[before..<before + length])
                texts.withUnsafeMutableBytes { UnsafeMutableRawBufferPointer(rebasing: $0[start..<start + length]).copyMemory(from: text) }
            }
            keys[slot] = bits
            lengths[slot] = length
        }
    }

    private static let comma = UInt8(ascii: ",")
    private static let newline = UInt8(ascii: "\n")

    /// Full precision, no exponent, no trailing `.0`: the shortest text that reads back as the
    /// same Double.
    static func number(_ value: Double?) -> String {
        let out = ByteWriter(capacity: 32)
        appendNumber(value, to: out)
        return out.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends `number(value)`: integers below 10^15 as integers, other numbers from their
    /// shortest round-trip digits (`ShortestDecimal`, the digits of Swift's `description`),
    /// written without exponent.
    static func appendNumber(_ value: Double?, to out: ByteWriter) {
        guard let value, value.isFinite else { return }
        if abs(value) < 1e15, Double(Int64(value)) == value {
            appendInteger(Int64(value), to: out)
        } else if let digits = ShortestDecimal.digits(value) {
            out.appendDecimal(digits, negative: value.sign == .minus)
        }
    }

    static func appendInteger(_ value: Int64, to out: ByteWriter) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        out.appendDigits(value.magnitude)
    }

    /// A text cell by the rule all of Vitality's CSV files share (`CSVField`).
    static func quoted(_ text: String) -> String {
        CSVField.encode(text)
    }
}
