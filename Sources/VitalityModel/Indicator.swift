/// Whether an indicator is a level (a count or an amount) or a rate (a share in percent).
/// Rates change in percentage points, never in percent of a percent.
package enum IndicatorKind: String, Sendable, Hashable, CaseIterable {
    case level
    case rate
}

/// Which way is good for an indicator: `up` means higher is better.
package enum Direction: String, Sendable, Hashable, CaseIterable {
    case up
    case down
    case neutral
}

/// One indicator of the indicator table (`input/indicators.csv`, DATA.md §3).
package struct Indicator: Sendable, Hashable, Identifiable {
    package var id: String
    package var labelFI: String
    package var labelSV: String
    package var labelEN: String
    /// Unit in Finnish; also the fallback of `unitSV` and `unitEN` when they are empty.
    package var unit: String
    package var unitSV: String = ""
    package var unitEN: String = ""
    package var kind: IndicatorKind
    package var direction: Direction
    /// Decimals shown when a value of this indicator is displayed.
    package var decimals: Int
    /// Where the figures come from, as shown in source notes.
    package var source: String
    package var sourceSV: String = ""
    package var sourceEN: String = ""
    /// Statistics Finland labels and codes that map to this indicator.
    package var aliases: [String]

    package init(
        id: String, labelFI: String, labelSV: String = "", labelEN: String = "", unit: String = "",
        kind: IndicatorKind = .level, direction: Direction = .up, decimals: Int = 0,
        source: String = "", sourceSV: String = "", sourceEN: String = "", aliases: [String] = []
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
        self.sourceSV = sourceSV
        self.sourceEN = sourceEN
        self.aliases = aliases
    }

    /// The unit in a language and whether it is a translation (false: the Finnish fallback).
    package func unit(language: String) -> Translated {
        Translated.pick(language: language, fi: unit, sv: unitSV, en: unitEN)
    }

    /// The source in a language and whether it is a translation (false: the Finnish fallback).
    package func source(language: String) -> Translated {
        Translated.pick(language: language, fi: source, sv: sourceSV, en: sourceEN)
    }

    /// The label in a language (`fi`, `sv`, `en`), falling back to Finnish when empty.
    package func label(language: String) -> String {
        switch language {
        case "sv": return labelSV.isEmpty ? labelFI : labelSV
        case "en": return labelEN.isEmpty ? labelFI : labelEN
        default: return labelFI
        }
    }
}

/// A text of the input data in a report language: the translation when the data has one,
/// else the Finnish text with `isTranslated` false, so a report can note untranslated data.
package struct Translated: Sendable, Hashable {
    package var text: String
    package var isTranslated: Bool

    package init(text: String, isTranslated: Bool) {
        self.text = text
        self.isTranslated = isTranslated
    }

    /// The Finnish text is always "translated" for a Finnish report; an empty Finnish text
    /// needs no translation either.
    static func pick(language: String, fi: String, sv: String, en: String) -> Translated {
        let translation: String
        switch language {
        case "sv": translation = sv
        case "en": translation = en
        default: return Translated(text: fi, isTranslated: true)
        }
        if !translation.isEmpty { return Translated(text: translation, isTranslated: true) }
        return Translated(text: fi, isTranslated: fi.isEmpty)
    }
}
