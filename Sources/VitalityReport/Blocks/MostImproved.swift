import VitalityModel

/// The `most_improved` block: which municipality's vitality index rank rose most.
extension ReportBuilder {
    func mostImprovedSentence() -> String {
        let vocabulary = context.vocabulary
        let regionGenitive = (try? placeholders.resolve("{{region_genitive}}").get().text) ?? context.regionName
        guard let best = context.mostImproved else {
            return vocabulary.noneImprovedSentence(region: context.regionName, regionGenitive: regionGenitive, year: context.year)
        }
        let name = context.dataset.area(code: best.areaCode)?.name(language: context.locale.rawValue) ?? best.areaName
        return vocabulary.mostImproved(
            name: name, region: context.regionName, regionGenitive: regionGenitive,
            year: context.year, from: best.rank + best.rankChange, to: best.rank)
    }
}
