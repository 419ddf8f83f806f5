/// A statistics cell: a number, or a missing value with the symbol that stood in the file
/// (`..`, `-`, empty …). A missing value is never zero.
package enum ObservedValue: Sendable, Hashable {
    case number(Double)
    case missing(symbol: String)

    package var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }
}

/// One value of one indicator for one area and year, with where it was read.
package struct Observation: Sendable, Hashable {
    package var areaCode: String
    package var indicatorID: String
    package var year: Int
    package var value: ObservedValue
    package var location: SourceLocation?

    package init(areaCode: String, indicatorID: String, year: Int, value: ObservedValue, location: SourceLocation? = nil) {
        self.areaCode = areaCode
        self.indicatorID = indicatorID
        self.year = year
        self.value = value
        self.location = location
    }
}
