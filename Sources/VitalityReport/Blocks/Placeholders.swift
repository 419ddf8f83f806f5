import VitalityAnalysis
import VitalityCharts
import VitalityModel

/// Fills template text (`TemplateText`) with figures formatted for the locale, chooses the
/// conditional parts whose conditions hold, and writes "not yet available" in words where a
/// figure is missing, never a bare "–".
///
/// Report-wide names: `home`, `home_genitive`, `owner`, `owner_genitive`, `region`,
/// `region_genitive`, `region_size`, `year`, `previous_year`, `programme`,
/// `most_improved`; flags for conditions: `home_is_owner`, `home_is_most_improved`,
/// `programme_started`. Per indicator (`{{population.value}}`): see `indicatorFields`.
struct Placeholders {
    var context: ReportContext
    var format: FigureFormatter

    static let indicatorFields = [
        "value", "change", "change_pct", "index", "rank", "rank_change", "change_rank", "region_median",
        "period_change", "period_change_pct", "label", "unit", "previous_value", "previous_rank",
    ]

    static let reportNames = [
        "home", "home_genitive", "owner", "owner_genitive", "region", "region_genitive", "region_size",
        "year", "previous_year", "programme", "most_improved",
    ]

    static let flags = ["home_is_owner", "home_is_most_improved", "programme_started"]

    enum Problem: Error, Equatable {
        case syntax(String)
        case unknownName(String)
        case unknownIndicator(String)
        case unknownField(String)
        case filter(String)
        case notAFlag(String)
        case noGenitive(String)

        var code: String {
            if case .noGenitive = self { return "template.no-genitive" }
            return "template.placeholder"
        }
    }

    /// A figure a text needed but the data lacks, for a warning naming indicator, area and year.
    struct MissingFigure: Hashable {
        var indicatorID: String
        var field: String
        var areaCode: String
        var year: Int
    }

    /// The resolved text and the figures it found missing.
    struct Resolution {
        var text: String
        var missing: [MissingFigure]
    }

    /// What a name stands for.
    private enum Value {
        case text(String)
        case flag(Bool)
        case number(Double?, NumberKind, missing: MissingFigure?)
    }

    /// How a number is written and which sign is good.
    private enum NumberKind {
        case value(Indicator)
        /// Absolute change of a level, percentage points of a rate.
        case change(Indicator)
        case percentChange(Indicator)
        case index
        case rank
        /// Positive means the position improved.
        case rankChange
        /// Years and counts: no grouping, no sign.
        case plain
    }

    func resolve(_ text: String) -> Result<Resolution, Problem> {
        switch TemplateText.parse(text) {
        case .failure(let error): return .failure(.syntax(error.message))
        case .success(let parsed): return resolve(parsed)
        }
    }

    func resolve(_ text: TemplateText) -> Result<Resolution, Problem> {
        var output = ""
        var missing: [MissingFigure] = []
        if let problem = write(text.pieces, into: &output, missing: &missing) { return .failure(problem) }
        var seen = Set<MissingFigure>()
        return .success(Resolution(text: output, missing: missing.filter { seen.insert($0).inserted }))
    }

    /// Checks every name and filter of a text without choosing branches, so a mistake in a
    /// branch that does not apply this year is still found.
    func validate(_ text: TemplateText) -> Problem? {
        func visit(_ pieces: [TemplateText.Piece]) -> Problem? {
            for piece in pieces {
                switch piece {
                case .literal: continue
                case .placeholder(let placeholder):
                    switch value(of: placeholder.name) {
                    case .failure(let problem): return problem
                    case .success(.flag): return .notAFlag(placeholder.name)
                    case .success: continue
                    }
                case .conditional(let branches, let otherwise):
                    for (condition, body) in branches {
                        for name in condition.names {
                            if case .failure(let problem) = value(of: name) { return problem }
                        }
                        if let problem = visit(body) { return problem }
                    }
                    if let problem = visit(otherwise) { return problem }
                }
            }
            return nil
        }
        return visit(text.pieces)
    }

    private func write(_ pieces: [TemplateText.Piece], into output: inout String, missing: inout [MissingFigure]) -> Problem? {
        for piece in pieces {
            switch piece {
            case .literal(let literal):
                output += literal
            case .placeholder(let placeholder):
                switch render(placeholder) {
                case .success(let (text, gap)):
                    output += text
                    if let gap { missing.append(gap) }
                case .failure(let problem):
                    return problem
                }
            case .conditional(let branches, let otherwise):
                var chosen = otherwise
                for (condition, body) in branches {
                    switch holds(condition) {
                    case .failure(let problem): return problem
                    case .success(true):
                        chosen = body
                    case .success(false):
                        continue
                    }
                    break
                }
                if let problem = write(chosen, into: &output, missing: &missing) { return problem }
            }
        }
        return nil
    }

    private func holds(_ condition: TemplateText.Condition) -> Result<Bool, Problem> {
        switch condition {
        case .holds(let name):
            return value(of: name).map { value in
                switch value {
                case .flag(let flag): return flag
                case .number(let number, _, _): return number?.isFinite == true
                case .text(let text): return !text.isEmpty
                }
            }
        case .compare(let name, let comparison, let rhs):
            return value(of: name).flatMap { value in
                switch value {
                case .number(let number, let kind, _):
                    guard let number, number.isFinite else { return .success(false) }
                    return .success(comparison.holds(displayed(number, kind), rhs))
                case .flag, .text:
                    return .failure(.filter("`\(name)` is not a number and cannot be compared."))
                }
            }
        case .not(let inner):
            return holds(inner).map { !$0 }
        case .and(let lhs, let rhs):
            return holds(lhs).flatMap { $0 ? holds(rhs) : .success(false) }
        case .or(let lhs, let rhs):
            return holds(lhs).flatMap { $0 ? .success(true) : holds(rhs) }
        }
    }

    // MARK: Rendering

    private func render(_ placeholder: TemplateText.Placeholder) -> Result<(String, MissingFigure?), Problem> {
        value(of: placeholder.name).flatMap { value in
            switch value {
            case .flag:
                return .failure(.notAFlag(placeholder.name))
            case .text(let text):
                guard placeholder.filters.isEmpty else {
                    return .failure(.filter("`\(placeholder.name)` is a text; filters apply to numbers."))
                }
                return .success((text, nil))
            case .number(let number, let kind, let missing):
                guard let number, number.isFinite else {
                    return .success((context.vocabulary.notYetAvailable, missing))
                }
                return apply(placeholder.filters, to: number, kind: kind, name: placeholder.name).map { ($0, nil) }
            }
        }
    }

    private func apply(_ filters: [TemplateText.Filter], to number: Double, kind: NumberKind, name: String) -> Result<String, Problem> {
        var unsigned = false
        var shown = number
        for filter in filters {
            let sign = displayedSign(shown, kind)
            switch filter {
            case .abs:
                unsigned = true
                shown = Swift.abs(shown)
            case .trend:
                return .success(context.vocabulary.trend(sign))
            case .words(let positive, let negative, let zero):
                return .success(sign > 0 ? positive : sign < 0 ? negative : zero)
            case .better(let better, let worse, let same):
                guard let goodSign = goodSign(kind) else {
                    return .failure(
                        .filter(
                            "`better` needs a change (`change`, `change_pct`, `rank_change`, `period_change`); `\(name)` is not one, or its indicator is neutral."
                        ))
                }
                return .success(sign == 0 ? same : sign == goodSign ? better : worse)
            case .plural(let one, let other):
                return .success(written(Swift.abs(shown), kind, unsigned: true) == "1" ? one : other)
            }
        }
        return .success(written(shown, kind, unsigned: unsigned))
    }

    /// Which sign of the number is good: +1, −1, or nil when goodness does not apply.
    private func goodSign(_ kind: NumberKind) -> Int? {
        switch kind {
        case .rankChange: return 1
        case .change(let indicator), .percentChange(let indicator):
            switch indicator.direction {
            case .up: return 1
            case .down: return -1
            case .neutral: return nil
            }
        case .value, .index, .rank, .plain: return nil
        }
    }

    private func written(_ number: Double, _ kind: NumberKind, unsigned: Bool) -> String {
        switch kind {
        case .value(let indicator): return format.value(number, indicator)
        case .change(let indicator):
            if unsigned {
                return indicator.kind == .rate
                    ? format.unsignedPercentagePoints(number, indicator) : format.plain(number, decimals: indicator.decimals)
            }
            return indicator.kind == .rate ? format.percentagePoints(number, indicator) : format.signed(number, indicator)
        case .percentChange: return unsigned ? format.percent(number, decimals: 1) : format.percentChange(number)
        case .index: return format.plain(number, decimals: 1)
        case .rank: return format.rank(Int(exactly: number.rounded()))
        case .rankChange: return unsigned ? format.plain(number, decimals: 0) : format.rankChange(Int(exactly: number.rounded()))
        case .plain: return String(Int(exactly: number.rounded()) ?? 0)
        }
    }

    /// The number as shown (rounded to its decimals), so words and conditions agree with the
    /// digits: a change shown as `0,0 %-yks.` is "unchanged".
    private func displayed(_ number: Double, _ kind: NumberKind) -> Double {
        let decimals: Int
        switch kind {
        case .value(let indicator): decimals = indicator.decimals
        case .change(let indicator): decimals = indicator.kind == .rate ? max(1, indicator.decimals) : indicator.decimals
        case .percentChange, .index: decimals = 1
        case .rank, .rankChange, .plain: decimals = 0
        }
        let places = min(max(decimals, 0), 12)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (number * scale).rounded(.toNearestOrAwayFromZero) / scale
        return rounded == 0 ? 0 : rounded
    }

    private func displayedSign(_ number: Double, _ kind: NumberKind) -> Int {
        let shown = displayed(number, kind)
        return shown > 0 ? 1 : shown < 0 ? -1 : 0
    }

    // MARK: Names

    private func value(of name: String) -> Result<Value, Problem> {
        let vocabulary = context.vocabulary
        switch name {
        case "home": return .success(.text(context.homeName))
        case "home_genitive": return genitive(context.home).map(Value.text)
        case "owner": return .success(.text(context.ownerName))
        case "owner_genitive": return genitive(context.owner).map(Value.text)
        case "region": return .success(.text(context.regionName))
        case "region_genitive": return genitive(context.region).map(Value.text)
        case "region_size": return .success(.number(Double(context.municipalities.count), .plain, missing: nil))
        case "year": return .success(.number(Double(context.year), .plain, missing: nil))
        case "previous_year": return .success(.number(Double(context.year - 1), .plain, missing: nil))
        case "programme": return .success(.text("\(context.settings.programmeStart)–\(context.settings.programmeEnd)"))
        case "most_improved":
            let name = context.mostImproved.flatMap { context.dataset.area(code: $0.areaCode)?.name(language: context.locale.rawValue) }
            return .success(.text(name ?? vocabulary.noneImproved))
        case "home_is_owner": return .success(.flag(context.isHomeOwner))
        case "home_is_most_improved": return .success(.flag(context.mostImproved?.areaCode == context.home.code))
        case "programme_started": return .success(.flag(context.year >= context.settings.programmeStart))
        default: break
        }
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return .failure(.unknownName(name)) }
        guard let indicator = context.indicator(parts[0]) else { return .failure(.unknownIndicator(parts[0])) }
        guard Self.indicatorFields.contains(parts[1]) else { return .failure(.unknownField(parts[1])) }
        return .success(field(parts[1], of: indicator))
    }

    /// The Finnish genitive from the area table; other languages use the name as it is.
    private func genitive(_ area: Area) -> Result<String, Problem> {
        guard context.locale == .fi else { return .success(area.name(language: context.locale.rawValue)) }
        guard !area.genitiveFI.isEmpty else { return .failure(.noGenitive(area.nameFI)) }
        return .success(area.genitiveFI)
    }

    private func field(_ field: String, of indicator: Indicator) -> Value {
        let year = context.year
        let row = context.homeRow(indicator.id)
        let previous = context.homeRow(indicator.id, year: year - 1)
        func number(_ value: Double?, _ kind: NumberKind, year: Int? = nil) -> Value {
            let gap =
                value == nil
                ? MissingFigure(indicatorID: indicator.id, field: field, areaCode: context.home.code, year: year ?? context.year)
                : nil
            return .number(value, kind, missing: gap)
        }
        switch field {
        case "value": return number(row?.value, .value(indicator))
        case "change": return number(indicator.kind == .rate ? row?.changePP : row?.changeAbs, .change(indicator))
        case "change_pct": return number(row?.changePct, .percentChange(indicator))
        case "index": return number(row?.index, .index)
        case "rank": return number(row?.rank.map(Double.init), .rank)
        case "rank_change": return number(row?.rankChange.map(Double.init), .rankChange)
        case "change_rank": return number(row?.changeRank.map(Double.init), .rank)
        case "region_median": return number(row?.regionMedian, .value(indicator))
        case "period_change", "period_change_pct":
            // Before the programme's first year there is no programme-period change.
            let period =
                year > context.settings.programmeStart
                ? Analysis.periodChange(
                    context.dataset, area: context.home.code, indicator: indicator.id,
                    from: context.settings.programmeStart, to: year)
                : nil
            if field == "period_change_pct" { return number(period?.percent, .percentChange(indicator)) }
            return number(period?.absolute, .change(indicator))
        case "previous_value": return number(previous?.value, .value(indicator), year: year - 1)
        case "previous_rank": return number(previous?.rank.map(Double.init), .rank, year: year - 1)
        case "label": return .text(context.label(indicator))
        default: return .text(indicator.unit(language: context.locale.rawValue).text)
        }
    }
}
