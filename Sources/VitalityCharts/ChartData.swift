import Foundation
import VitalityModel
import VitalityScene

/// Builds the table of numbers beside a chart: every value at full precision and as the chart
/// displays it.
enum ChartData {
    /// The shortest text that reads back as the same double (`9466`, `0.1`, `-3.25`), `.`
    /// decimals, empty when missing.
    static func exact(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func line(_ spec: LineChartSpec) -> DataTable {
        var table = DataTable(columns: ["series", "role", "year", "value", "display"])
        for series in spec.series {
            for (index, year) in spec.years.enumerated() {
                let value = index < series.values.count ? series.values[index] : nil
                table.rows.append([series.name, series.role.rawValue, String(year), exact(value), spec.format.string(value, locale: spec.header.locale)])
            }
        }
        if let target = spec.target {
            table.rows.append([Words.target(spec.header.locale), "target", target.year.map(String.init) ?? "", exact(target.value),
                               spec.format.string(target.value, locale: spec.header.locale)])
        }
        return table
    }

    static func ranking(_ spec: RankingChartSpec, rows: [RankingEntry]) -> DataTable {
        var table = DataTable(columns: ["position", "name", "highlighted", "value", "display"])
        for (index, row) in rows.enumerated() {
            table.rows.append([row.value == nil ? "" : String(index + 1), row.name, row.isHome ? "yes" : "no", exact(row.value),
                               spec.format.string(row.value, locale: spec.header.locale)])
        }
        return table
    }

    static func status(_ spec: StatusChartSpec) -> DataTable {
        var table = DataTable(columns: ["row", "status", "count"])
        for row in spec.rows {
            for status in MeasureStatus.allCases {
                table.rows.append([row.label, status.name(spec.header.locale), String(max(0, row.counts[status] ?? 0))])
            }
        }
        return table
    }

    static func kpi(_ spec: KPITilesSpec) -> DataTable {
        var table = DataTable(columns: ["label", "value", "display", "change", "change_display"])
        let locale = spec.header.locale
        for tile in spec.tiles {
            table.rows.append([tile.label, exact(tile.value), tile.format.string(tile.value, locale: locale), exact(tile.change),
                               tile.change == nil ? "" : tile.changeFormat.string(tile.change, locale: locale)])
        }
        return table
    }
}
