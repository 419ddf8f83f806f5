import Dispatch
import Foundation
import VitalityModel

extension Analysis {
    /// Every figure of DATA.md §5 for each area × indicator × year that has a row in the
    /// statistics (a missing-value row included), plus the `vitality_index` rows.
    ///
    /// Choices where the contract is silent:
    /// - An indicator missing from the indicator table is a `level` indicator ranked as `neutral`.
    /// - Only municipalities with a region code are ranked. A region row gets the median of its own
    ///   municipalities; the country row, and an area code not in the area list, get neither.
    /// - `vitality_index` rows: for each municipality that has an index in some year, one row for
    ///   every year in which its region has any index; plus a row for the region itself (empty
    ///   value, the median index) when the region is in the area list. The country has none.
    ///
    /// Columnar and in proportion to the data: the store's series are grouped by indicator once
    /// (integer ids), each (indicator, region, year) group is sorted once for its ranks and median,
    /// and changes and the index are derived from the cells when a row is read.
    package static func figures(_ dataset: Dataset, options: AnalysisOptions = AnalysisOptions()) -> FigureTable {
        let store = dataset.observations
        let regions = RegionMembership(dataset)
        var columns = FigureColumns()
        columns.indexBaseYear = options.effectiveIndexBaseYear

        // Areas: the store's, then the regions of the vitality-index rows it lacks.
        columns.areaCodes = store.areaCodes
        for (id, code) in store.areaCodes.enumerated() { columns.areaIndex[code] = Int32(id) }
        let vitality = vitalitySeries(dataset, options: options, regions: regions)
        func internArea(_ code: String) -> Int32 {
            if let id = columns.areaIndex[code] { return id }
            columns.areaCodes.append(code)
            columns.areaIndex[code] = Int32(columns.areaCodes.count - 1)
            return Int32(columns.areaCodes.count - 1)
        }
        let vitalityAreas = vitality.map { internArea($0.area) }
        columns.areaNames = columns.areaCodes.map { dataset.area(code: $0)?.nameFI ?? $0 }
        var areaOrder = [Int32](repeating: 0, count: columns.areaCodes.count)
        for (position, id) in columns.areaCodes.indices.sorted(by: { columns.areaCodes[$0] < columns.areaCodes[$1] }).enumerated() {
            areaOrder[id] = Int32(position)
        }
        columns.areaOrder = areaOrder

        // Regions by number: where each area is ranked, and whose median its rows show.
        var regionNumbers: [String: Int32] = [:]
        func regionNumber(_ code: String) -> Int32 {
            if let number = regionNumbers[code] { return number }
            regionNumbers[code] = Int32(regionNumbers.count)
            return Int32(regionNumbers.count - 1)
        }
        var rankingRegion = [Int32](repeating: -1, count: columns.areaCodes.count)
        var medianRegion = [Int32](repeating: -1, count: columns.areaCodes.count)
        for (id, code) in columns.areaCodes.enumerated() {
            if let region = regions.rankingRegion(of: code) {
                rankingRegion[id] = regionNumber(region)
                medianRegion[id] = rankingRegion[id]
            } else if regions.isRegion(code) {
                medianRegion[id] = regionNumber(code)
            }
        }
        columns.medianRegionOfArea = medianRegion
        let regionCount = regionNumbers.count

        // Series grouped by indicator (ids ascending, the vitality index after a data
        // indicator of the same id), each group in area-code order.
        var seriesOfIndicator = [[Int32]](repeating: [], count: store.indicatorIDs.count)
        for id in 0..<store.seriesCount {
            seriesOfIndicator[Int(store.seriesKey(id).indicator)].append(Int32(id))
        }
        var blockSources: [(id: String, indicator: Int32)] = store.indicatorIDs.enumerated().compactMap { index, id in
            seriesOfIndicator[index].isEmpty ? nil : (id, Int32(index))
        }
        if !vitality.isEmpty { blockSources.append((vitalityIndexID, -1)) }
        blockSources.sort { $0.id != $1.id ? $0.id < $1.id : $0.indicator > $1.indicator }

        columns.cellYear.reserveCapacity(store.count + vitality.reduce(0) { $0 + $1.years.count })
        columns.cellValue.reserveCapacity(columns.cellYear.capacity)
        columns.cellHasValue.reserveCapacity(columns.cellYear.capacity)

        var scratch: [(year: Int, value: Double?)] = []
        var directions: [Direction] = []
        for source in blockSources {
            let block = columns.blockIDs.count
            columns.blockIDs.append(source.id)
            columns.blockIndex[source.id, default: []].append(Int32(block))
            let kind: BlockKind
            let direction: Direction
            if source.indicator < 0 {
                kind = .vitality
                direction = .up
                let order = vitality.indices.sorted { areaOrder[Int(vitalityAreas[$0])] < areaOrder[Int(vitalityAreas[$1])] }
                for index in order {
                    columns.seriesArea.append(vitalityAreas[index])
                    for (year, value) in zip(vitality[index].years, vitality[index].values) {
                        columns.appendCell(year: year, value: value)
                    }
                    columns.seriesFirstCell.append(Int32(columns.cellYear.count))
                }
            } else {
                let indicator = dataset.indicator(id: source.id)
                kind = indicator?.kind == .rate ? .rate : .level
                direction = indicator?.direction ?? .neutral
                let members = seriesOfIndicator[Int(source.indicator)].sorted {
                    areaOrder[Int(store.seriesKey(Int($0)).area)] < areaOrder[Int(store.seriesKey(Int($1)).area)]
                }
                for series in members {
                    scratch.removeAll(keepingCapacity: true)
                    store.forEachRow(ofSeries: Int(series)) { year, value in scratch.append((year, value)) }
                    guard !scratch.isEmpty else { continue }
                    if !scratch.indices.dropFirst().allSatisfy({ scratch[$0 - 1].year < scratch[$0].year }) {
                        scratch.sort { $0.year < $1.year }
                    }
                    columns.seriesArea.append(store.seriesKey(Int(series)).area)
                    for cell in scratch { columns.appendCell(year: cell.year, value: cell.value) }
                    columns.seriesFirstCell.append(Int32(columns.cellYear.count))
                }
            }
            columns.blockKinds.append(kind)
            columns.blockFirstSeries.append(Int32(columns.seriesArea.count))
            directions.append(direction)
        }
        // Blocks are ranked on all cores, each one's groups being its own, a round of blocks
        // at a time so that few blocks' results are held at once. The rank columns are made
        // apart from the laid-out cells, which are only read, so that nothing is copied.
        let laidOut = columns
        let blockDirections = directions
        let regionOfArea = rankingRegion
        var ranks: [Int32] = []
        var changeRanks: [Int32] = []
        ranks.reserveCapacity(laidOut.cellYear.count)
        changeRanks.reserveCapacity(laidOut.cellYear.count)
        let roundSize = 4 * max(1, ProcessInfo.processInfo.activeProcessorCount)
        for roundStart in stride(from: 0, to: blockDirections.count, by: roundSize) {
            let round = roundStart..<min(blockDirections.count, roundStart + roundSize)
            let rankings = parallelMap(count: round.count) { offset in
                let block = round.lowerBound + offset
                return laidOut.ranking(ofBlock: block, direction: blockDirections[block], rankingRegion: regionOfArea, regionCount: regionCount)
            }
            for ranking in rankings {
                columns.apply(ranking)
                ranks.append(contentsOf: ranking.ranks)
                changeRanks.append(contentsOf: ranking.changeRanks)
            }
        }
        columns.cellRank = ranks
        columns.cellChangeRank = changeRanks
        return FigureTable(columns: columns)
    }

    /// The vitality index of every region's municipalities and years (see `figures`), as series:
    /// each indexed municipality and the region row, with a value or nil for each year in which
    /// the region has any index.
    static func vitalitySeries(
        _ dataset: Dataset, options: AnalysisOptions, regions: RegionMembership
    ) -> [(area: String, years: [Int], values: [Double?])] {
        guard let first = options.vitalityComponents.first else { return [] }
        // An index needs the first component's change, so a row of it in that year.
        let candidateYears = dataset.years(indicator: first.indicatorID)
        let components = options.vitalityComponents
        // Regions are independent: each is computed on a core of its own.
        let regionCodes = regions.municipalities.keys.sorted()
        let membership = regions.municipalities
        let perRegion = parallelMap(count: regionCodes.count) { position -> [VitalitySeries] in
            let region = regionCodes[position]
            let municipalities = membership[region] ?? []
            var years: [Int] = []
            var indexes: [[String: Double]] = []
            for year in candidateYears {
                let index = vitalityIndex(dataset, municipalities: municipalities, year: year, components: components)
                if !index.isEmpty {
                    years.append(year)
                    indexes.append(index)
                }
            }
            guard !years.isEmpty else { return [] }
            var series: [VitalitySeries] = []
            for code in municipalities where indexes.contains(where: { $0[code] != nil }) {
                series.append(VitalitySeries(area: code, years: years, values: indexes.map { $0[code] }))
            }
            if let area = dataset.area(code: region), area.kind == .region {
                series.append(VitalitySeries(area: region, years: years, values: years.map { _ in nil }))
            }
            return series
        }
        return perRegion.flatMap { $0 }.map { ($0.area, $0.years, $0.values) }
    }
}

extension FigureColumns {
    mutating func appendCell(year: Int, value: Double?) {
        cellYear.append(Int16(clamping: year))
        cellValue.append(value ?? 0)
        cellHasValue.append(value != nil)
    }

    /// Ranks, change ranks and medians of one block: its cells with a value are put into
    /// (region, year) groups by a counting sort, and each group is sorted once for its median
    /// and once each for the ranks of values and of changes.
    func ranking(ofBlock block: Int, direction: Direction, rankingRegion: [Int32], regionCount: Int) -> BlockRanking {
        let cells = cellRange(block: block)
        var result = BlockRanking(firstCell: cells.lowerBound)
        result.ranks = Array(repeating: 0, count: cells.count)
        result.changeRanks = Array(repeating: 0, count: cells.count)
        guard !cells.isEmpty, regionCount > 0 else { return result }
        var minYear = Int.max
        var maxYear = Int.min
        for cell in cells {
            minYear = Swift.min(minYear, Int(cellYear[cell]))
            maxYear = Swift.max(maxYear, Int(cellYear[cell]))
        }
        let span = maxYear - minYear + 1
        result.firstYear = Int32(minYear)
        result.span = Int32(span)
        let groupCount = regionCount * span
        result.medians = Array(repeating: nil, count: groupCount)

        // Counting sort of the ranked cells by group.
        var starts = [Int32](repeating: 0, count: groupCount + 1)
        var members: [(cell: Int32, series: Int32)] = []
        var groupOf: [Int32] = []
        for series in seriesRange(block: block) {
            let region = Int(rankingRegion[Int(seriesArea[series])])
            guard region >= 0 else { continue }
            for cell in cellRange(series: series) where cellHasValue[cell] {
                let group = region * span + Int(cellYear[cell]) - minYear
                starts[group + 1] += 1
                groupOf.append(Int32(group))
                members.append((Int32(cell), Int32(series)))
            }
        }
        guard !members.isEmpty else { return result }
        for group in 0..<groupCount { starts[group + 1] += starts[group] }
        var next = starts
        var grouped = members
        for (member, group) in zip(members, groupOf) {
            grouped[Int(next[Int(group)])] = member
            next[Int(group)] += 1
        }
        members = []
        groupOf = []

        let kind = blockKinds[block]
        let first = cells.lowerBound
        var ranked: [(value: Double, cell: Int32)] = []
        for group in 0..<groupCount where starts[group] < starts[group + 1] {
            let slice = grouped[Int(starts[group])..<Int(starts[group + 1])]
            ranked.removeAll(keepingCapacity: true)
            var allFinite = true
            for member in slice {
                let value = cellValue[Int(member.cell)]
                allFinite = allFinite && value.isFinite
                ranked.append((value, member.cell))
            }
            // One sort gives both the ranks and the median (the middle of the sorted values,
            // whichever way they are sorted); a value that is not finite has no rank.
            if allFinite {
                Self.sortBestFirst(&ranked, direction: direction)
                result.medians[group] = Self.median(sorted: ranked)
            } else {
                result.medians[group] = Analysis.median(ranked.map(\.value))
                ranked.removeAll { !$0.value.isFinite }
                Self.sortBestFirst(&ranked, direction: direction)
            }
            Self.competitionRanks(ranked) { cell, rank in result.ranks[Int(cell) - first] = rank }

            ranked.removeAll(keepingCapacity: true)
            for member in slice {
                if let change = rankedChange(Int(member.cell), series: Int(member.series), kind: kind), change.isFinite {
                    ranked.append((change, member.cell))
                }
            }
            Self.sortBestFirst(&ranked, direction: direction)
            Self.competitionRanks(ranked) { cell, rank in result.changeRanks[Int(cell) - first] = rank }
        }
        return result
    }

    /// Stores a block's medians; blocks are applied in order, as their medians follow each other.
    mutating func apply(_ ranking: BlockRanking) {
        blockMedianStart.append(Int32(medians.count))
        blockMedianFirstYear.append(ranking.firstYear)
        blockMedianSpan.append(ranking.span)
        medians.append(contentsOf: ranking.medians)
    }

    /// Sorts the entries best first: ascending when lower is better, else descending. A
    /// region's group is about 20 entries, which an insertion sort orders in place faster than
    /// the library's sort (ranking was 29 % of a check of 4.6 M rows); longer groups use it.
    static func sortBestFirst(_ entries: inout [(value: Double, cell: Int32)], direction: Direction) {
        guard entries.count > 1 else { return }
        guard entries.count <= 32 else {
            if direction == .down {
                entries.sort { $0.value < $1.value }
            } else {
                entries.sort { $0.value > $1.value }
            }
            return
        }
        entries.withUnsafeMutableBufferPointer { buffer in
            for next in 1..<buffer.count {
                let entry = buffer[next]
                var slot = next
                if direction == .down {
                    while slot > 0, entry.value < buffer[slot - 1].value {
                        buffer[slot] = buffer[slot - 1]
                        slot -= 1
                    }
                } else {
                    while slot > 0, entry.value > buffer[slot - 1].value {
                        buffer[slot] = buffer[slot - 1]
                        slot -= 1
                    }
                }
                buffer[slot] = entry
            }
        }
    }

    /// The median of values sorted either way (`Analysis.median`): the middle one, or the mean
    /// of the middle two.
    static func median(sorted entries: [(value: Double, cell: Int32)]) -> Double? {
        guard !entries.isEmpty else { return nil }
        let middle = entries.count / 2
        return entries.count % 2 == 1 ? entries[middle].value : (entries[middle - 1].value + entries[middle].value) / 2
    }

    /// Gives each entry, sorted best first, its competition rank (see `Analysis.ranks`).
    static func competitionRanks(_ entries: [(value: Double, cell: Int32)], _ rank: (Int32, Int32) -> Void) {
        var groupValue = 0.0
        var groupRank: Int32 = 0
        for (position, entry) in entries.enumerated() {
            if position == 0 || !Analysis.approximatelyEqual(entry.value, groupValue) {
                groupValue = entry.value
                groupRank = Int32(position + 1)
            }
            rank(entry.cell, groupRank)
        }
    }
}

/// Which municipalities belong to which region, from the dataset's area list.
struct RegionMembership {
    /// Municipality codes by region code, sorted.
    let municipalities: [String: [String]]
    private let regionOfMunicipality: [String: String]
    private let regionCodes: Set<String>

    init(_ dataset: Dataset) {
        var municipalities: [String: [String]] = [:]
        var regionOfMunicipality: [String: String] = [:]
        var regionCodes = Set<String>()
        for area in dataset.areas {
            switch area.kind {
            case .municipality:
                guard let region = area.regionCode, regionOfMunicipality[area.code] == nil else { continue }
                regionOfMunicipality[area.code] = region
                municipalities[region, default: []].append(area.code)
            case .region:
                regionCodes.insert(area.code)
            case .country:
                break
            }
        }
        self.municipalities = municipalities.mapValues { $0.sorted() }
        self.regionOfMunicipality = regionOfMunicipality
        self.regionCodes = regionCodes
    }

    /// The region a municipality is ranked in; nil for aggregates and unknown codes.
    func rankingRegion(of code: String) -> String? { regionOfMunicipality[code] }

    func isRegion(_ code: String) -> Bool { regionCodes.contains(code) }
}

/// The vitality index of one area over its region's years (see `Analysis.vitalitySeries`).
struct VitalitySeries: Sendable {
    var area: String
    var years: [Int]
    var values: [Double?]
}

/// The ranks, change ranks and medians of one block of `FigureColumns`, made apart from the
/// columns so that blocks are ranked in parallel.
struct BlockRanking: Sendable {
    var firstCell: Int
    var firstYear: Int32 = 0
    var span: Int32 = 0
    /// By `region × span + year − firstYear`.
    var medians: [Double?] = []
    /// One for each of the block's cells, from `firstCell`; 0 when unranked.
    var ranks: [Int32] = []
    var changeRanks: [Int32] = []
}

/// `body` of every index in `0..<count` on all cores, the results in index order.
func parallelMap<Result: Sendable>(count: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
    guard count > 1 else { return (0..<count).map(body) }
    let slots = ResultSlots<Result>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in slots.store(body(index), at: index) }
    return slots.results
}

/// The results of a `parallelMap`, under a lock.
private final class ResultSlots<Result: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ result: Result, at index: Int) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    var results: [Result] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
