import VitalityAnalysis
import VitalityModel
import VitalityScene

/// The `figures` block: the home municipality's figures of some indicators in chosen columns.
extension ReportBuilder {
    func figuresTable(_ indicators: [Indicator], columns: [FigureColumn]) -> TableSpec {
        let vocabulary = context.vocabulary
        var tableColumns: [TableSpec.Column] = [.init(title: vocabulary.indicator, weight: 3, alignment: .leading)]
        for column in columns {
            let title: String
            switch column {
            case .value: title = "\(vocabulary.value) \(context.year)"
            case .change: title = "\(vocabulary.change) \(context.year - 1)–\(context.year)"
            case .regionMedian: title = vocabulary.regionMedian(context.regionName)
            case .rank: title = "\(vocabulary.rank) / \(context.municipalities.count)"
            case .rankChange: title = vocabulary.rankChange
            case .changeRank: title = vocabulary.changeRank
            case .periodChange: title = "\(vocabulary.change) \(context.settings.programmeStart)–\(context.year)"
            }
            tableColumns.append(.init(title: title, weight: 1.3, alignment: .trailing))
        }
        var rows: [[TableSpec.Cell]] = []
        for indicator in indicators {
            let row = context.homeRow(indicator.id)
            var cells = [TableSpec.Cell(context.label(indicator))]
            for column in columns {
                switch column {
                case .value: cells.append(.init(format.value(row?.value, indicator)))
                case .change: cells.append(.init(format.change(row, indicator)))
                case .regionMedian: cells.append(.init(format.value(row?.regionMedian, indicator)))
                case .rank: cells.append(.init(format.rank(row?.rank)))
                case .rankChange:
                    let change = row?.rankChange
                    let color: Color? = change.map { $0 > 0 ? style.good : ($0 < 0 ? style.bad : style.ink) }
                    cells.append(.init(format.rankChange(change), color: color))
                case .changeRank: cells.append(.init(format.rank(row?.changeRank)))
                case .periodChange:
                    let period = Analysis.periodChange(
                        context.dataset, area: context.home.code, indicator: indicator.id,
                        from: context.settings.programmeStart, to: context.year)
                    cells.append(
                        .init(
                            indicator.kind == .rate
                                ? format.percentagePoints(period?.absolute, indicator)
                                : format.signed(period?.absolute, indicator)))
                }
            }
            rows.append(cells)
        }
        let note = "\(vocabulary.source): " + shortSourceNote(indicators) + ". " + vocabulary.indexNote
        return TableSpec(columns: tableColumns, rows: rows, note: note)
    }
}
