/// What kind of area a statistics row is about. Only municipalities are ranked;
/// regions and the country are aggregates and never enter ranks or medians.
public enum AreaKind: String, Sendable, Hashable {
    case municipality
    case region
    case country
}

/// A municipality, region or the whole country, keyed by its Statistics Finland code
/// (`562` for Orivesi, `MK06` for Pirkanmaa, `SSS` for the whole country).
public struct Area: Sendable, Hashable, Identifiable {
    public var code: String
    public var nameFI: String
    public var nameSV: String
    /// Finnish genitive of the name ("Oriveden", "Pirkanmaan"), for sentences that need it;
    /// empty when the area table does not know it.
    public var genitiveFI: String = ""
    public var kind: AreaKind
    /// Region code (`MK06`) of a municipality; nil for the country.
    public var regionCode: String?
    /// Year the municipality was abolished or merged (the `-21` in `099 Honkajoki -21`).
    public var abolishedYear: Int?

    public var id: String { code }

    public init(
        code: String, nameFI: String, nameSV: String = "", kind: AreaKind = .municipality,
        regionCode: String? = nil, abolishedYear: Int? = nil
    ) {
        self.code = code
        self.nameFI = nameFI
        self.nameSV = nameSV
        self.kind = kind
        self.regionCode = regionCode
        self.abolishedYear = abolishedYear
    }

    public var isAggregate: Bool { kind != .municipality }

    /// The name in a language (`fi`, `sv`, `en`), falling back to Finnish.
    public func name(language: String) -> String {
        language == "sv" && !nameSV.isEmpty ? nameSV : nameFI
    }
}
