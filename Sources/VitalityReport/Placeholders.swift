import VitalityAnalysis
import VitalityModel

/// Replaces `{{…}}` placeholders in template text with figures formatted for the locale.
///
/// Report-wide: `home`, `region`, `region_genitive`, `region_size`, `year`, `previous_year`,
/// `programme`. Per indicator (`{{population.value}}`): `value`, `change` (absolute change of a
/// level, percentage points of a rate), `change_pct`, `index`, `rank`, `rank_change`,
/// `change_rank`, `region_median`, `period_change` (programme start → report year),
/// `period_change_pct`, `label`, `unit`, `previous_value`, `previous_rank` (the year before). A figure that cannot be computed shows as "–".
struct Placeholders {
    var context: ReportContext
    var format: FigureFormatter

    static let indicatorFields = [
        "value", "change", "change_pct", "index", "rank", "rank_change", "change_rank", "region_median",
        "period_change", "period_change_pct", "label", "unit", "previous_value", "previous_rank",
    ]

    enum Problem: Error {
        case unknownName(String)
        case unknownIndicator(String)
        case unknownField(String)
        case unterminated
    }

    func resolve(_ text: String) -> Result<String, Problem> {
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { return .failure(.unterminated) }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            switch value(of: name) {
            case .success(let replacement): output += replacement
            case .failure(let problem): return .failure(problem)
            }
            rest = rest[close.upperBound...]
        }
        output += rest
        return .success(output)
    }

    private func value(of name: String) -> Result<String, Problem> {
        let vocabulary = context.vocabulary
        switch name {
        case "home": return .success(context.homeName)
        case "region": return .success(context.regionName)
        case "region_genitive": return .success(vocabulary.regionGenitive(code: context.region.code, name: context.regionName))
        case "region_size": return .success(String(context.municipalities.count))
        case "year": return .success(String(context.year))
        case "previous_year": return .success(String(context.year - 1))
        case "programme": return .success("\(context.settings.programmeStart)–\(context.settings.programmeEnd)")
        default: break
        }
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return .failure(.unknownName(name)) }
        guard let indicator = context.indicator(parts[0]) else { return .failure(.unknownIndicator(parts[0])) }
        guard Self.indicatorFields.contains(parts[1]) else { return .failure(.unknownField(parts[1])) }
        return .success(field(parts[1], of: indicator))
    }

    private func field(_ field: String, of indicator: Indicator) -> String {
        let row = context.homeRow(indicator.id)
        switch field {
        case "value": return format.value(row?.value, indicator)
        case "change": return format.change(row, indicator)
        case "change_pct": return format.percentChange(row?.changePct)
        case "index": return format.plain(row?.index, decimals: 1)
        case "rank": return format.rank(row?.rank)
        case "rank_change": return format.rankChange(row?.rankChange)
        case "change_rank": return format.rank(row?.changeRank)
        case "region_median": return format.value(row?.regionMedian, indicator)
        case "period_change", "period_change_pct":
            let period = Analysis.periodChange(
                context.dataset, area: context.home.code, indicator: indicator.id,
                from: context.settings.programmeStart, to: context.year)
            if field == "period_change_pct" { return format.percentChange(period?.percent) }
            if indicator.kind == .rate { return format.percentagePoints(period?.absolute, indicator) }
            return format.signed(period?.absolute, indicator)
        case "previous_value": return format.value(context.homeRow(indicator.id, year: context.year - 1)?.value, indicator)
        case "previous_rank": return format.rank(context.homeRow(indicator.id, year: context.year - 1)?.rank)
        case "label": return context.label(indicator)
        default: return indicator.unit
        }
    }
}
