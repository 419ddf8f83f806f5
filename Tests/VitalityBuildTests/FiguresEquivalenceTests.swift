import Foundation
import Testing
import VitalityTestSupport
@testable import VitalityAnalysis
@testable import VitalityBuild
import VitalityData
import VitalityModel

/// The columnar analysis and the byte writer against the implementation they replaced
/// (`ReferenceFigures`): `figures.csv` byte for byte, lookups row for row, numbers digit for digit.
@Suite struct FiguresEquivalenceTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let optionSets: [AnalysisOptions] = [
        AnalysisOptions(),
        AnalysisOptions(programmeStart: 2015, programmeEnd: 2021, indexBaseYear: 2012),
        AnalysisOptions(vitalityComponents: [
            VitalityComponent("unemployment", weight: 2), VitalityComponent("population", weight: 0.5),
            VitalityComponent("migration"),
        ]),
    ]

    static func expectSame(_ dataset: Dataset, options: AnalysisOptions, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let reference = ReferenceFigures.figures(dataset, options: options)
        let table = Analysis.figures(dataset, options: options)
        let expected = ReferenceFigures.render(reference)
        let actual = String(decoding: FiguresCSV.bytes(table), as: UTF8.self)
        #expect(table.count == reference.count, sourceLocation: sourceLocation)
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }
            Issue.record("figures.csv differs at line \(first?.offset ?? -1): \(first.map { "\($0.element.0) != \($0.element.1)" } ?? "count \(a.count) vs \(e.count)")", sourceLocation: sourceLocation)
        }
        // Written in small blocks by three threads, block edges inside series and indicators,
        // the file is the same.
        var streamed: [UInt8] = []
        var parts = 0
        FiguresCSV.write(table, jobs: 3, blockRows: 97) { bytes in
            streamed.append(contentsOf: bytes)
            parts += 1
        }
        #expect(String(decoding: streamed, as: UTF8.self) == expected, sourceLocation: sourceLocation)
        #expect(parts == 1 + (table.count + 96) / 97, sourceLocation: sourceLocation)
        // Rows and lookups agree with a table of the reference rows.
        #expect(Array(table.rows) == reference, sourceLocation: sourceLocation)
        let old = FigureTable(rows: reference)
        let indicators = Set(reference.map(\.indicatorID)).sorted()
        let areas = Set(reference.map(\.areaCode)).sorted() + ["nowhere"]
        for indicator in indicators + ["no_such"] {
            #expect(table.years(indicator: indicator) == old.years(indicator: indicator), sourceLocation: sourceLocation)
            #expect(table.hasNegativeValue(indicator: indicator) == old.hasNegativeValue(indicator: indicator), sourceLocation: sourceLocation)
            for year in old.years(indicator: indicator) + [1900] {
                #expect(table.rows(indicator: indicator, year: year) == old.rows(indicator: indicator, year: year), sourceLocation: sourceLocation)
            }
            for area in areas {
                #expect(table.series(area: area, indicator: indicator) == old.series(area: area, indicator: indicator), sourceLocation: sourceLocation)
            }
        }
        for row in reference.prefix(2000) {
            #expect(table.row(area: row.areaCode, indicator: row.indicatorID, year: row.year) == row, sourceLocation: sourceLocation)
        }
    }

    @Test func shippedInputGivesTheSameFiguresCSV() {
        let read = InputFolderReader().read(directory: Self.repositoryRoot.appendingPathComponent("input").path)
        #expect(read.dataset.observations.count > 1000)
        for options in Self.optionSets { Self.expectSame(read.dataset, options: options) }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func generatedDataGivesTheSameFiguresCSV(seed: UInt64) {
        let dataset = Self.generated(seed: seed)
        for options in Self.optionSets { Self.expectSame(dataset, options: options) }
    }

    @Test func emptyAndTinyDatasets() {
        let areas = [
            Area(code: "001", nameFI: "Yksi", regionCode: "MK01"), Area(code: "MK01", nameFI: "Maakunta", kind: .region),
        ]
        let indicators = [Indicator(id: "population", labelFI: "Väkiluku", kind: .level, direction: .up)]
        Self.expectSame(Dataset(areas: areas, indicators: indicators, observations: []), options: AnalysisOptions())
        let one = [Observation(areaCode: "001", indicatorID: "population", year: 2020, value: .number(0))]
        Self.expectSame(Dataset(areas: areas, indicators: indicators, observations: one), options: AnalysisOptions())
    }

    /// Three regions of municipalities, their region rows, the country and an unknown code;
    /// levels and rates in every direction and an unlisted indicator; missing values, zero
    /// bases, ties (integers in a small range, x.1 steps), negative values, gaps in the years,
    /// and rows inserted in shuffled order (series stored in several runs).
    static func generated(seed: UInt64) -> Dataset {
        var random = SplitMix64(seed: seed)
        var areas: [Area] = []
        for region in 1...3 {
            let regionCode = "MK0\(region)"
            for index in 1...(6 + region * 3) {
                areas.append(Area(code: String(format: "%d%02d", region, index), nameFI: "Kunta \(region)-\(index), \"x\"", regionCode: regionCode))
            }
            if region != 3 { areas.append(Area(code: regionCode, nameFI: "Maakunta \(region)", kind: .region)) }
        }
        areas.append(Area(code: "SSS", nameFI: "KOKO MAA", kind: .country))
        let indicators = [
            Indicator(id: "population", labelFI: "Väkiluku", kind: .level, direction: .up),
            Indicator(id: "jobs", labelFI: "Työpaikat", kind: .level, direction: .up),
            Indicator(id: "tax_revenue_per_capita", labelFI: "Verotulot", kind: .level, direction: .up),
            Indicator(id: "dependency_ratio", labelFI: "Huoltosuhde", kind: .rate, direction: .down),
            Indicator(id: "tertiary_education", labelFI: "Koulutus", kind: .rate, direction: .up),
            Indicator(id: "unemployment", labelFI: "Työttömyys", kind: .rate, direction: .down),
            Indicator(id: "migration", labelFI: "Nettomuutto", kind: .level, direction: .neutral),
        ]
        let codes = areas.map(\.code) + ["999"]
        var observations: [Observation] = []
        for indicator in indicators.map(\.id) + ["unlisted"] {
            for code in codes {
                var value = Double(random.next(upperBound: 5000 as UInt64)) / 10
                let skipYear = 2010 + Int(random.next(upperBound: 30 as UInt64))
                for year in 2010...2021 where year != skipYear {
                    let draw = random.next(upperBound: 100 as UInt64)
                    let cell: ObservedValue
                    switch draw {
                    case 0..<5: cell = .missing(symbol: "..")
                    case 5..<8: cell = .number(0)
                    case 8..<20: cell = .number(Double(random.next(upperBound: 4 as UInt64)))
                    case 20..<30: cell = .number(Double(Int(random.next(upperBound: 30 as UInt64)) - 15) / 10 + 8)
                    default:
                        value += Double(Int(random.next(upperBound: 200 as UInt64)) - 100) / 10
                        cell = .number(indicator == "migration" ? value - 200 : value)
                    }
                    observations.append(Observation(areaCode: code, indicatorID: indicator, year: year, value: cell))
                }
            }
        }
        observations.shuffle(using: &random)
        return Dataset(areas: areas, indicators: indicators, observations: observations)
    }

    @Test func numbersMatchTheFormerFormatter() {
        var random = SplitMix64(seed: 12)
        var samples: [Double] = [
            0, -0.0, 1, -1, 0.1, 0.2, 0.3, 1e-5, 1.5e-5, 9.99e-6, 1e-4, 123.456, 1e15, 1e15 + 0.5, -1e15 - 0.5,
            9_007_199_254_740_991, 9_007_199_254_740_992, 1e16, 1e17 + 1, 1e21, 1e22, 1e300, .leastNonzeroMagnitude, .ulpOfOne,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNormalMagnitude, 0.1 + 0.2, 1.0 / 3, 2.0 / 3,
            -30.0 / 9008.0 * 100, 100.0 * 9243 / 9001, 8.3 - 8.1, 9.1 - 8.9,
        ]
        for step in -2000...2000 { samples.append(Double(step) / 10) }
        for step in 0..<2000 { samples.append(Double(step) * 0.1) }
        for digits in 0...17 {
            let power = pow(10.0, Double(digits))
            for _ in 0..<300 {
                let integer = Double(random.next(upperBound: 1 << 53 as UInt64))
                samples.append(integer / power)
                samples.append(-integer / power)
            }
        }
        for exponent in -30...30 {
            let scale = pow(10.0, Double(exponent))
            for _ in 0..<200 { samples.append(Double.random(in: 1..<10, using: &random) * scale) }
        }
        for _ in 0..<50_000 {
            // Random bit patterns in the magnitudes of figures (1e−6 … 1e16).
            let bits = random.next()
            let exponent = UInt64(1003 + Int(random.next(upperBound: 74 as UInt64))) << 52
            samples.append(Double(bitPattern: (bits & 0x800F_FFFF_FFFF_FFFF) | exponent))
            samples.append(Double(bitPattern: bits))
        }
        for _ in 0..<20_000 {
            let previous = Double(random.next(upperBound: 100_000 as UInt64)) / 10 + 0.1
            let current = Double(random.next(upperBound: 100_000 as UInt64)) / 10
            samples.append((current - previous) / previous * 100)
            samples.append(100 * current / previous)
            samples.append((current + previous) / 2)
            samples.append(current - previous)
        }
        var mismatches: [String] = []
        for value in samples {
            let expected = ReferenceFigures.number(value)
            let actual = FiguresCSV.number(value)
            if actual != expected, mismatches.count < 10 { mismatches.append("\(value.bitPattern): \(actual) != \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(FiguresCSV.number(nil) == "")
        #expect(FiguresCSV.number(.infinity) == "")
    }
}
