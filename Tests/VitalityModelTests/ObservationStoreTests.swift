import Testing
import VitalityTestSupport
@testable import VitalityModel

/// The compact store must give back exactly what was inserted: values bit for bit, symbols,
/// years, places and order, and report duplicates like a plain dictionary would.
@Suite struct ObservationStoreTests {
    /// Inserts by labels, interning them; returns what `insert` returns.
    @discardableResult
    static func insert(_ store: inout ObservationStore, _ area: String, _ indicator: String, _ year: Int,
                       _ value: ObservedValue, file: String? = "a.csv", line: Int = 1, column: Int = 1) -> Int? {
        let areaID = store.internArea(area)
        let indicatorID = store.internIndicator(indicator)
        let fileID = file.map { store.internFile($0) }
        return store.insert(area: areaID, indicator: indicatorID, year: year, value: value, file: fileID, line: line, column: column)
    }

    @Test func trickyDoublesRoundTripBitForBit() {
        let numbers: [Double] = [0.1, 87.5, -0.0, 0, 1e-7, 123_456_789_012, .greatestFiniteMagnitude, 1234.5678,
                                 2_000_000_001, -2_000_000_000, 2_000_000_000, -2_000_000_001, 0.3, 1.0 / 3.0,
                                 -.greatestFiniteMagnitude, .leastNonzeroMagnitude, .infinity, 12345, 0.000000001]
        var store = ObservationStore()
        for (index, number) in numbers.enumerated() {
            // One run (years and lines continue) so that scales and overflow mix in it.
            #expect(Self.insert(&store, "091", "x", 2000 + index, .number(number), line: 2 + index, column: 4) == nil)
        }
        #expect(store.count == numbers.count)
        for (index, number) in numbers.enumerated() {
            let stored = store.value(row: index).number
            #expect(stored?.bitPattern == number.bitPattern, "row \(index): \(number) came back as \(String(describing: stored))")
        }
        #expect(store.value(row: 2).number?.sign == .minus)
    }

    @Test func reservingKeepsEverySeriesFindable() {
        var store = ObservationStore()
        for area in 0..<100 { Self.insert(&store, "a\(area)", "x", 2020, .number(Double(area)), line: area + 2) }
        store.reserveCapacity(additional: 5_000, runs: 2_000, series: 2_000)
        for area in 100..<1_500 { Self.insert(&store, "a\(area)", "x", 2020, .number(Double(area)), line: area + 2) }
        #expect(store.count == 1_500)
        #expect(store.seriesCount == 1_500)
        for area in [0, 57, 99, 100, 1_499] {
            #expect(store.row(area: "a\(area)", indicator: "x", year: 2020) == area)
        }
        // A duplicate of a series indexed before the rebuild is still found.
        #expect(Self.insert(&store, "a42", "x", 2020, .number(1), line: 9_999) == 42)
    }

    @Test func missingValuesKeepTheirSymbol() {
        var store = ObservationStore()
        Self.insert(&store, "091", "x", 2000, .missing(symbol: ".."), line: 2)
        Self.insert(&store, "091", "x", 2001, .number(5), line: 3)
        Self.insert(&store, "091", "x", 2002, .missing(symbol: "-"), line: 4)
        Self.insert(&store, "091", "x", 2003, .missing(symbol: ""), line: 5)
        Self.insert(&store, "091", "x", 2004, .missing(symbol: ".."), line: 6)
        #expect(store.map(\.value) == [.missing(symbol: ".."), .number(5), .missing(symbol: "-"), .missing(symbol: ""), .missing(symbol: "..")])
        #expect(store.runCount == 1)
    }

    @Test func scaleGrowthRescalesEarlierValuesOfTheRun() {
        var store = ObservationStore()
        Self.insert(&store, "091", "x", 2000, .number(12345), line: 2)
        Self.insert(&store, "091", "x", 2001, .number(87.5), line: 3)
        Self.insert(&store, "091", "x", 2002, .number(0.25), line: 4)
        #expect(store.runCount == 1)
        #expect(store.map(\.value) == [.number(12345), .number(87.5), .number(0.25)])
    }

    @Test func aRunThatCannotRescaleStartsANewRun() {
        var store = ObservationStore()
        Self.insert(&store, "091", "x", 2000, .number(1_500_000_000), line: 2)
        // 0.5 needs scale 1; 1.5e9 × 10 leaves the mantissa range.
        Self.insert(&store, "091", "x", 2001, .number(0.5), line: 3)
        Self.insert(&store, "091", "x", 2002, .number(7), line: 4)
        #expect(store.runCount == 2)
        #expect(store.map(\.value) == [.number(1_500_000_000), .number(0.5), .number(7)])
        #expect(store.map(\.year) == [2000, 2001, 2002])
        #expect(store.location(row: 1) == SourceLocation(file: "a.csv", line: 3, column: 1))
        #expect(store.location(row: 2) == SourceLocation(file: "a.csv", line: 4, column: 1))
    }

    @Test func duplicatesReturnTheFirstRow() {
        var store = ObservationStore()
        // Three runs of one series: 2010–2012, 2000–2001 (years out of order), 2005.
        for (offset, year) in [2010, 2011, 2012].enumerated() { Self.insert(&store, "091", "x", year, .number(1), line: 2 + offset) }
        Self.insert(&store, "092", "x", 2010, .number(9), line: 20)
        for (offset, year) in [2000, 2001].enumerated() { Self.insert(&store, "091", "x", year, .number(2), line: 30 + offset) }
        Self.insert(&store, "091", "x", 2005, .number(3), line: 40)
        #expect(store.runCount == 4)
        #expect(Self.insert(&store, "091", "x", 2011, .number(8)) == 1)
        #expect(Self.insert(&store, "091", "x", 2001, .number(8)) == 5)
        #expect(Self.insert(&store, "091", "x", 2005, .number(8)) == 6)
        #expect(Self.insert(&store, "092", "x", 2010, .number(8)) == 3)
        // A gap inside the covered years is not a duplicate.
        #expect(Self.insert(&store, "091", "x", 2003, .number(4), line: 50) == nil)
        #expect(Self.insert(&store, "091", "x", 2003, .number(8)) == 7)
        #expect(Self.insert(&store, "091", "x", 99_999, .number(8)) == -1)
        #expect(store.count == 8)
        #expect(store.row(area: "091", indicator: "x", year: 2003) == 7)
        #expect(store.row(area: "091", indicator: "x", year: 2004) == nil)
        #expect(store.row(area: "092", indicator: "x", year: 2010) == 3)
        #expect(store.row(area: "093", indicator: "x", year: 2010) == nil)
    }

    @Test func longAndWideLocationsComeBackExactly() {
        var store = ObservationStore()
        // Long layout: one row per line, the value always in column 5.
        for offset in 0..<4 { Self.insert(&store, "091", "x", 2000 + offset, .number(Double(offset)), file: "long.csv", line: 7 + offset, column: 5) }
        // PX-Web wide: one line, years as fields 3, 4, 5 …
        for offset in 0..<4 { Self.insert(&store, "092", "x", 2000 + offset, .number(Double(offset)), file: "wide.csv", line: 4, column: 3 + offset) }
        // No place at all.
        Self.insert(&store, "093", "x", 2000, .number(1), file: nil, line: 0, column: 0)
        Self.insert(&store, "093", "x", 2001, .number(1), file: nil, line: 0, column: 0)
        #expect(store.runCount == 3)
        #expect((0..<4).map { store.location(row: $0) } == (0..<4).map { SourceLocation(file: "long.csv", line: 7 + $0, column: 5) })
        #expect((4..<8).map { store.location(row: $0) } == (0..<4).map { SourceLocation(file: "wide.csv", line: 4, column: 3 + $0) })
        #expect(store.location(row: 8) == nil)
        #expect(store.location(row: 9) == nil)
    }

    @Test func rowsPlacedByPositionNameTheirPositionNotALine() {
        var store = ObservationStore()
        // A JSON-stat file: cells at positions 4, 5, 6 (stored as lines 5, 6, 7) and 9.
        let json = store.internFile("t.json")
        store.placeByPosition(file: json)
        for offset in 0..<3 { Self.insert(&store, "091", "x", 2000 + offset, .number(1), file: "t.json", line: 5 + offset, column: 0) }
        Self.insert(&store, "092", "x", 2000, .number(1), file: "t.json", line: 10, column: 0)
        Self.insert(&store, "093", "x", 2000, .number(1), file: "a.csv", line: 2, column: 3)
        #expect(store.runCount == 3)
        #expect((0..<4).map { store.cellPosition(row: $0)?.position } == [4, 5, 6, 9])
        #expect(store.cellPosition(row: 3)?.file == "t.json")
        #expect((0..<4).map { store.location(row: $0) } == Array(repeating: SourceLocation(file: "t.json"), count: 4))
        #expect(store.cellPosition(row: 4) == nil)
        #expect(store.location(row: 4) == SourceLocation(file: "a.csv", line: 2, column: 3))
    }

    @Test func aLocationThatBreaksTheStepStartsANewRun() {
        var store = ObservationStore()
        Self.insert(&store, "091", "x", 2000, .number(1), line: 2, column: 3)
        Self.insert(&store, "091", "x", 2001, .number(1), line: 2, column: 4)
        Self.insert(&store, "091", "x", 2002, .number(1), line: 3, column: 5)   // neither step
        Self.insert(&store, "091", "x", 2003, .number(1), line: 4, column: 5)   // long step from line 3
        Self.insert(&store, "091", "x", 2004, .number(1), line: 4, column: 6)   // breaks the long step
        Self.insert(&store, "091", "x", 2005, .number(1), file: "b.csv", line: 4, column: 7)   // another file
        #expect(store.runCount == 4)
        #expect(store.map(\.location) == [
            SourceLocation(file: "a.csv", line: 2, column: 3), SourceLocation(file: "a.csv", line: 2, column: 4),
            SourceLocation(file: "a.csv", line: 3, column: 5), SourceLocation(file: "a.csv", line: 4, column: 5),
            SourceLocation(file: "a.csv", line: 4, column: 6), SourceLocation(file: "b.csv", line: 4, column: 7),
        ])
    }

    @Test func truncateInsideARunAndAcrossSeriesThenInsertAgain() {
        var store = ObservationStore()
        for offset in 0..<5 { Self.insert(&store, "091", "x", 2000 + offset, .number(Double(offset) + 0.5), line: 2 + offset) }
        for offset in 0..<3 { Self.insert(&store, "092", "x", 2000 + offset, .number(1e300), line: 10 + offset) }
        Self.insert(&store, "091", "y", 2000, .missing(symbol: ".."), line: 20)
        store.truncate(to: 3)
        #expect(store.count == 3)
        #expect(store.map(\.year) == [2000, 2001, 2002])
        #expect(store.row(area: "091", indicator: "x", year: 2003) == nil)
        #expect(store.row(area: "092", indicator: "x", year: 2000) == nil)
        #expect(store.indicatorsWithRows == ["x"])
        #expect(store.years(indicator: "y") == [])
        // The trimmed years and series can be inserted again, continuing the kept run.
        #expect(Self.insert(&store, "091", "x", 2003, .number(42), line: 5) == nil)
        #expect(Self.insert(&store, "092", "x", 2000, .number(7), line: 10) == nil)
        #expect(Self.insert(&store, "091", "x", 2001, .number(0)) == 1)
        #expect(store.runCount == 2)
        #expect(store.map(\.value) == [.number(0.5), .number(1.5), .number(2.5), .number(42), .number(7)])
        store.truncate(to: 0)
        #expect(store.isEmpty)
        #expect(store.years == [])
        #expect(Self.insert(&store, "092", "x", 2000, .number(3)) == nil)
        #expect(Array(store) == [Observation(areaCode: "092", indicatorID: "x", year: 2000, value: .number(3),
                                             location: SourceLocation(file: "a.csv", line: 1, column: 1))])
    }

    @Test func overflowValuesAreTrimmedWithTheirRows() {
        var store = ObservationStore()
        Self.insert(&store, "091", "x", 2000, .number(1e300), line: 2)
        Self.insert(&store, "091", "x", 2001, .number(2e300), line: 3)
        store.truncate(to: 1)
        Self.insert(&store, "091", "x", 2001, .number(3e300), line: 3)
        #expect(store.map(\.value) == [.number(1e300), .number(3e300)])
    }

    @Test func yearsAndIndicators() {
        var store = ObservationStore()
        Self.insert(&store, "091", "a", 2001, .number(1), line: 2)
        Self.insert(&store, "091", "a", 2002, .number(1), line: 3)
        Self.insert(&store, "092", "a", 1999, .number(1), line: 4)
        Self.insert(&store, "091", "b", 2010, .missing(symbol: ".."), line: 5)
        _ = store.internIndicator("c")
        #expect(store.years == [1999, 2001, 2002, 2010])
        #expect(store.years(indicator: "a") == [1999, 2001, 2002])
        #expect(store.years(indicator: "b") == [2010])
        #expect(store.years(indicator: "c") == [])
        #expect(store.indicatorsWithRows == ["a", "b"])
        #expect(store.areaCode(row: 2) == "092")
        #expect(store.indicatorID(row: 3) == "b")
        #expect(store.year(row: 1) == 2002)
    }

    /// Years at the ends of the store's range and runs across 64-year words.
    @Test func yearsAtTheEdgesOfTheirRange() {
        var store = ObservationStore()
        for (line, year) in (60...130).enumerated() { Self.insert(&store, "091", "a", year, .number(1), line: line + 2) }
        Self.insert(&store, "092", "a", 0, .number(1), line: 100)
        Self.insert(&store, "092", "b", Int(Int16.max), .number(1), line: 101)
        Self.insert(&store, "092", "b", 191, .number(1), line: 102)
        Self.insert(&store, "092", "b", 192, .number(1), line: 103)
        #expect(store.years == [0] + Array(60...130) + [191, 192, 32767])
        #expect(store.years(indicator: "a") == [0] + Array(60...130))
        #expect(store.years(indicator: "b") == [191, 192, 32767])
    }

    @Test func iterationFollowsInsertionOrder() {
        let observations = [
            Observation(areaCode: "091", indicatorID: "x", year: 2005, value: .number(1.25)),
            Observation(areaCode: "092", indicatorID: "x", year: 2001, value: .number(2)),
            Observation(areaCode: "091", indicatorID: "x", year: 2004, value: .missing(symbol: "..")),
            Observation(areaCode: "091", indicatorID: "x", year: 2006, value: .number(-3),
                        location: SourceLocation(file: "f.csv", line: 9, column: 2)),
        ]
        let store = ObservationStore(observations)
        #expect(Array(store) == observations)
        #expect(store.indices.map { store[$0] } == observations)
        #expect(store.reversed().first == observations.last)
    }

    /// 1 000 series × 25 years in one wide file, as a PX-Web export is stored: 4 bytes a value
    /// plus, per series, a 24-byte run, a 16-byte series record and its index slots (about
    /// 1.8 bytes a value over 25 years), and the labels. The old store took 28 bytes a row.
    @Test func wideRowsTakeUnderSixAndAHalfBytes() {
        var store = ObservationStore()
        store.reserveCapacity(additional: 25_000)
        for series in 0..<1_000 {
            for year in 0..<25 {
                let value: Double = (series + year) % 3 == 0 ? 87.5 : 12345
                Self.insert(&store, "A\(series % 100)", "I\(series / 100)", 2000 + year, .number(value),
                            line: 4 + series, column: 3 + year)
            }
        }
        #expect(store.count == 25_000)
        #expect(store.runCount == 1_000)
        let perRow = Double(store.storageBytes) / 25_000
        #expect(perRow < 6.5, "\(perRow) bytes a row: \(store.storageBreakdown)")
        #expect(store.value(row: 24_999) == .number((999 + 24) % 3 == 0 ? 87.5 : 12345))
    }

    /// A random mix of inserts, duplicates and truncations against a dictionary and an array.
    @Test func matchesAPlainModel() {
        struct Key: Hashable { var area: String, indicator: String, year: Int }
        var random = SplitMix64(seed: 2024)
        var store = ObservationStore()
        var rows: [Observation] = []
        var index: [Key: Int] = [:]
        let numbers: [Double] = [0.1, 87.5, 12345, -0.0, 1e300, 1_999_999_999, 3.25, 0.001, -17, 123456.789]
        let symbols = ["..", "-", "", "..."]
        var area = "091", indicator = "i0", year = 2000, line = 2, column = 3, wide = false
        var file: String? = "a.csv"
        for step in 0..<20_000 {
            let draw = random.next() % 100
            if draw < 2, !rows.isEmpty {
                let keep = Int(random.next() % UInt64(rows.count + 1))
                for row in rows[keep...] { index[Key(area: row.areaCode, indicator: row.indicatorID, year: row.year)] = nil }
                rows.removeSubrange(keep...)
                store.truncate(to: keep)
            }
            if draw < 20 {
                // Jump: another series, year, place or layout.
                area = "0\(90 + random.next() % 6)"
                indicator = "i\(random.next() % 3)"
                year = 1995 + Int(random.next() % 30)
                line = 2 + Int(random.next() % 500)
                column = 1 + Int(random.next() % 40)
                wide = random.next() % 2 == 0
                file = [nil, "a.csv", "b.csv"][Int(random.next() % 3)]
            } else if wide {
                year += 1
                column += 1
            } else {
                year += 1
                line += 1
            }
            let year = random.next() % 200 == 0 ? 40_000 : year
            let value: ObservedValue = random.next() % 10 == 0
                ? .missing(symbol: symbols[Int(random.next() % 4)])
                : .number(numbers[Int(random.next() % UInt64(numbers.count))] * Double(random.next() % 5))
            let location = file.map { SourceLocation(file: $0, line: line, column: column) }
            let key = Key(area: area, indicator: indicator, year: year)
            let expected: Int? = year > 32_767 ? -1 : index[key]
            let returned = Self.insert(&store, area, indicator, year, value, file: file, line: line, column: column)
            #expect(returned == expected, "step \(step)")
            if expected == nil {
                index[key] = rows.count
                rows.append(Observation(areaCode: area, indicatorID: indicator, year: year, value: value, location: location))
            }
            if step % 1_000 == 999 {
                #expect(Array(store) == rows, "step \(step)")
            }
        }
        #expect(Array(store) == rows)
        for (key, row) in index {
            #expect(store.row(area: key.area, indicator: key.indicator, year: key.year) == row)
        }
        #expect(store.years == Set(rows.map(\.year)).sorted())
        #expect(store.years(indicator: "i1") == Set(rows.filter { $0.indicatorID == "i1" }.map(\.year)).sorted())
        #expect(store.indicatorsWithRows == Set(rows.map(\.indicatorID)))
        // Bit patterns too: `==` on Double takes −0.0 for 0.0.
        #expect(store.map { $0.value.number?.bitPattern } == rows.map { $0.value.number?.bitPattern })
        #expect(store.runCount < rows.count / 2)
    }
}
