/// The language a report or chart is written in: the one list of Vitality's languages.
package enum ReportLocale: String, Sendable, Hashable, CaseIterable {
    case fi, sv, en

    /// `fi`, `sv`, `en`: the codes templates, `--locale` and file suffixes use.
    package static let codes = allCases.map(\.rawValue)
}
