import VitalityAnalysis
import VitalityCharts
import VitalityModel

/// Formats figures for report text and tables with the chart module's locale rules
/// (DATA.md §6), choosing decimals, `%` and percentage points from the indicator.
struct FigureFormatter {
    var locale: ReportLocale

    private func number(decimals: Int) -> NumberFormat { NumberFormat(locale: locale, decimals: decimals) }

    /// A value of the indicator: `9 158`, `12,1 %`.
    func value(_ value: Double?, _ indicator: Indicator) -> String {
        indicator.kind == .rate ? number(decimals: indicator.decimals).percent(value) : number(decimals: indicator.decimals).number(value)
    }

    /// The yearly change as the report shows it: absolute with sign for levels, percentage
    /// points for rates.
    func change(_ row: FigureRow?, _ indicator: Indicator) -> String {
        indicator.kind == .rate ? percentagePoints(row?.changePP, indicator) : signed(row?.changeAbs, indicator)
    }

    func signed(_ value: Double?, _ indicator: Indicator) -> String {
        number(decimals: indicator.decimals).signed(value)
    }

    func percentagePoints(_ value: Double?, _ indicator: Indicator) -> String {
        number(decimals: max(1, indicator.decimals)).percentagePoints(value)
    }

    /// Percentage points without sign, for "rose by 1,2 %-yks.".
    func unsignedPercentagePoints(_ value: Double?, _ indicator: Indicator) -> String {
        guard let value else { return number(decimals: max(1, indicator.decimals)).number(nil) }
        let text = number(decimals: max(1, indicator.decimals)).percentagePoints(Swift.abs(value))
        return text.hasPrefix("+") ? String(text.dropFirst()) : text
    }

    /// A percent change with one decimal: `−0,7 %`.
    func percentChange(_ value: Double?) -> String {
        number(decimals: 1).signedPercent(value)
    }

    func percent(_ value: Double?, decimals: Int) -> String {
        number(decimals: decimals).percent(value)
    }

    func plain(_ value: Double?, decimals: Int) -> String {
        number(decimals: decimals).number(value)
    }

    func rank(_ rank: Int?) -> String {
        rank.map(String.init) ?? "–"
    }

    /// `+3`, `−2`, `±0`.
    func rankChange(_ change: Int?) -> String {
        guard let change else { return "–" }
        if change == 0 { return "±0" }
        return number(decimals: 0).signed(Double(change))
    }

    /// A measure's target or actual with its unit; decimals as the value needs (at most 1).
    func measureValue(_ value: Double, unit: String) -> String {
        let decimals = value == value.rounded() ? 0 : 1
        let text = unit == "%" ? number(decimals: decimals).percent(value) : number(decimals: decimals).number(value)
        return unit.isEmpty || unit == "%" ? text : "\(text) \(unit)"
    }

    /// The value format a chart uses for an indicator's values.
    func valueFormat(_ indicator: Indicator) -> ValueFormat {
        ValueFormat(decimals: indicator.decimals, unit: indicator.unit(language: locale.rawValue).text, isRate: indicator.kind == .rate)
    }

    /// The value format of an indicator's yearly change: percent for levels, points for rates.
    func changeFormat(_ indicator: Indicator) -> ValueFormat {
        indicator.kind == .rate
            ? ValueFormat(decimals: max(1, indicator.decimals), unit: indicator.unit(language: locale.rawValue).text, kind: .percentagePoints)
            : ValueFormat(decimals: 1, unit: "%", kind: .percentChange)
    }
}
