/// What kind of area a statistics row is about. Only municipalities are ranked;
/// regions and the country are aggregates and never enter ranks or medians.
package enum AreaKind: String, Sendable, Hashable {
    case municipality
    case region
    case country
}

/// Where an area's definition came from, shown by `vitality list areas`.
package enum AreaOrigin: Sendable, Hashable {
    /// The built-in 2024 catalogue.
    case catalogue
    /// `input/areas.csv`.
    case areaTable
    /// A statistics file (the path) that named a municipality the catalogue lacks, with its
    /// region from the file's `region` column or without one.
    case statistics(String)
}

/// A municipality, region or the whole country, keyed by its Statistics Finland code
/// (`562` for Orivesi, `MK06` for Pirkanmaa, `SSS` for the whole country).
package struct Area: Sendable, Hashable, Identifiable {
    package var code: String
    package var nameFI: String
    package var nameSV: String
    /// English name; empty for most areas, whose English name is the Finnish one.
    package var nameEN: String = ""
    /// Finnish genitive of the name ("Oriveden", "Pirkanmaan"), for sentences that need it;
    /// empty when the area table does not know it.
    package var genitiveFI: String = ""
    package var kind: AreaKind
    /// Region code (`MK06`) of a municipality; nil for the country.
    package var regionCode: String?
    /// Year the municipality was abolished or merged (the `-21` in `099 Honkajoki -21`).
    package var abolishedYear: Int?
    package var origin: AreaOrigin = .catalogue

    package var id: String { code }

    package init(
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

    var isAggregate: Bool { kind != .municipality }

    /// The name in a language (`fi`, `sv`, `en`), falling back to Finnish (place names are not
    /// translated, so no note marks the fallback).
    package func name(language: String) -> String {
        switch language {
        case "sv" where !nameSV.isEmpty: return nameSV
        case "en" where !nameEN.isEmpty: return nameEN
        default: return nameFI
        }
    }
}
