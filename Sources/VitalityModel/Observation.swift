/// A statistics cell: a number, or a missing value with the symbol that stood in the file
/// (`..`, `-`, empty …). A missing value is never zero.
public enum ObservedValue: Sendable, Hashable {
    case number(Double)
    case missing(symbol: String)

    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }
}

/// One value of one indicator for one area and year, with where it was read.
public struct Observation: Sendable, Hashable {
    public var areaCode: String
    public var indicatorID: String
    public var year: Int
    public var value: ObservedValue
    public var location: SourceLocation?

    public init(areaCode: String, indicatorID: String, year: Int, value: ObservedValue, location: SourceLocation? = nil) {
        self.areaCode = areaCode
        self.indicatorID = indicatorID
        self.year = year
        self.value = value
        self.location = location
    }
}
