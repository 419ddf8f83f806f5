/// Whether an indicator is a level (a count or an amount) or a rate (a share in percent).
/// Rates change in percentage points, never in percent of a percent.
public enum IndicatorKind: String, Sendable, Hashable, CaseIterable {
    case level
    case rate
}

/// Which way is good for an indicator: `up` means higher is better.
public enum Direction: String, Sendable, Hashable, CaseIterable {
    case up
    case down
    case neutral
}

/// One indicator of the indicator table (`input/indicators.csv`, DATA.md §3).
public struct Indicator: Sendable, Hashable, Identifiable {
    public var id: String
    public var labelFI: String
    public var labelSV: String
    public var labelEN: String
    public var unit: String
    public var kind: IndicatorKind
    public var direction: Direction
    /// Decimals shown when a value of this indicator is displayed.
    public var decimals: Int
    /// Where the figures come from, as shown in source notes.
    public var source: String
    /// Statistics Finland labels and codes that map to this indicator.
    public var aliases: [String]

    public init(
        id: String, labelFI: String, labelSV: String = "", labelEN: String = "", unit: String = "",
        kind: IndicatorKind = .level, direction: Direction = .up, decimals: Int = 0,
        source: String = "", aliases: [String] = []
    ) {
        self.id = id
        self.labelFI = labelFI
        self.labelSV = labelSV
        self.labelEN = labelEN
        self.unit = unit
        self.kind = kind
        self.direction = direction
        self.decimals = decimals
        self.source = source
        self.aliases = aliases
    }

    /// The label in a language (`fi`, `sv`, `en`), falling back to Finnish when empty.
    public func label(language: String) -> String {
        switch language {
        case "sv": return labelSV.isEmpty ? labelFI : labelSV
        case "en": return labelEN.isEmpty ? labelFI : labelEN
        default: return labelFI
        }
    }
}
