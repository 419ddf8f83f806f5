import VitalityCharts
import VitalityModel
import VitalityScene

/// The `kpis` block: key figures of the home municipality as tiles.
extension ReportBuilder {
    /// "Orivesi: key figures 2021. Population 9 158 (−0,7 %); …" for a KPI grid without its own.
    func kpiAltText(_ indicators: [Indicator]) -> String {
        let parts = indicators.map { indicator -> String in
            let row = context.homeRow(indicator.id)
            return "\(context.label(indicator)) \(format.value(row?.value, indicator)) (\(format.change(row, indicator)))"
        }
        return "\(context.homeName): \(context.vocabulary.keyFigures) \(context.year). " + parts.joined(separator: "; ") + "."
    }

    /// Key figures of the home municipality with their yearly change.
    func kpiScene(_ indicators: [Indicator]) -> Scene {
        let tiles = indicators.map { indicator -> KPITile in
            let row = context.homeRow(indicator.id)
            // A percent change of a quantity that can be negative (net migration) misleads:
            // such indicators show their absolute change.
            let crossesZero = context.figures.hasNegativeValue(indicator: indicator.id)
            let change: Double?
            let changeFormat: ValueFormat
            if indicator.kind == .rate {
                (change, changeFormat) = (row?.changePP, format.changeFormat(indicator))
            } else if crossesZero {
                (change, changeFormat) = (row?.changeAbs, ValueFormat(decimals: indicator.decimals, kind: .absoluteChange))
            } else {
                (change, changeFormat) = (row?.changePct, format.changeFormat(indicator))
            }
            return KPITile(
                label: context.label(indicator), value: row?.value, format: format.valueFormat(indicator),
                change: change, changeFormat: changeFormat,
                sentiment: sentiment(change, direction: indicator.direction),
                subtitle: "\(context.year) · \(context.vocabulary.yearlyChange.lowercased())")
        }
        let columns = 3
        let rows = (tiles.count + columns - 1) / columns
        let spec = KPITilesSpec(
            header: header(nil, title: "\(context.homeName): \(context.vocabulary.keyFigures) \(context.year)", subtitle: nil, indicators: indicators),
            tiles: tiles, columns: columns)
        return layout(.kpiTiles(spec), height: 64 + Double(rows) * 88)
    }

    private func sentiment(_ change: Double?, direction: Direction) -> Sentiment {
        guard let change, change != 0 else { return .neutral }
        switch direction {
        case .up: return change > 0 ? .good : .bad
        case .down: return change < 0 ? .good : .bad
        case .neutral: return .neutral
        }
    }
}
