import VitalityModel

/// A statistics cell: a number, or the missing-value symbol `..` for nil.
func obs(_ area: String, _ indicator: String, _ year: Int, _ value: Double?) -> Observation {
    Observation(areaCode: area, indicatorID: indicator, year: year, value: value.map(ObservedValue.number) ?? .missing(symbol: ".."))
}

/// |a − b| ≤ tolerance; false for nil.
func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}

let fakeRegion = "MK99"

/// Five municipalities 001…005 in a fake region MK99, the region itself and the country SSS.
let fakeAreas: [Area] = [
    Area(code: "001", nameFI: "Aaala", regionCode: fakeRegion),
    Area(code: "002", nameFI: "Beela", regionCode: fakeRegion),
    Area(code: "003", nameFI: "Ceela", regionCode: fakeRegion),
    Area(code: "004", nameFI: "Deela", regionCode: fakeRegion),
    Area(code: "005", nameFI: "Eeela", regionCode: fakeRegion),
    Area(code: fakeRegion, nameFI: "Testimaakunta", kind: .region),
    Area(code: "SSS", nameFI: "KOKO MAA", kind: .country),
]

let population = Indicator(id: "population", labelFI: "Väkiluku", kind: .level, direction: .up)
let unemployment = Indicator(id: "unemployment", labelFI: "Työttömyysaste", kind: .rate, direction: .down)
let migration = Indicator(id: "migration", labelFI: "Nettomuutto", kind: .level, direction: .neutral)
let fakeIndicators = [population, unemployment, migration]

func fakeDataset(_ observations: [Observation], measures: [Measure] = []) -> Dataset {
    Dataset(areas: fakeAreas, indicators: fakeIndicators, observations: observations, measures: measures)
}
