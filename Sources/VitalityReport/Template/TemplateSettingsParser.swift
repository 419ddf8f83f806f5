import Foundation
import VitalityModel
import VitalityScene
import Yams

/// The `report:` settings of a template: texts, home and owner, locales, programme, page, theme
/// and logo, `for_each:`.
extension TemplateParser {
    private static let settingKeys: Set<String> = [
        "title", "subtitle", "author", "subject", "keywords", "home", "owner", "region", "locale",
        "programme", "index_base", "page", "year", "locales", "theme", "margins", "for_each",
    ]

    mutating func parseSettings(_ node: Node) -> ReportSettings? {
        guard case .mapping(let mapping) = node else {
            error("template.report", "`report` must be a mapping of settings (title, home, locale …).", at: node)
            return nil
        }
        for (key, _) in mapping where !Self.settingKeys.contains(key.string ?? "") {
            warning(
                "template.unknown-setting",
                "Unknown report setting `\(key.string ?? "")` is ignored; known settings: \(Self.settingKeys.sorted().joined(separator: ", ")).", at: key)
        }
        readLocales(mapping)
        guard let title = string(mapping["title"], key: "title", required: true) else { return nil }
        guard let home = string(mapping["home"], key: "home", required: true) else { return nil }
        var settings = ReportSettings(title: title, home: home)
        settings.subtitle = string(mapping["subtitle"], key: "subtitle") ?? ""
        settings.author = string(mapping["author"], key: "author")
        settings.subject = string(mapping["subject"], key: "subject") ?? ""
        settings.keywords = string(mapping["keywords"], key: "keywords") ?? ""
        settings.region = string(mapping["region"], key: "region")
        settings.owner = string(mapping["owner"], key: "owner")
        if let forEach = mapping["for_each"] { settings.forEach = parseForEach(forEach) }
        settings.locale = locale
        settings.locales = locales
        if let year = mapping["year"] {
            settings.yearLine = year.mark?.line ?? 0
            if let value = Self.integer(year), (1900...2100).contains(value) {
                settings.year = value
            } else {
                error("template.year", "`year` must be a year such as 2019.", at: year)
            }
        }
        if let theme = mapping["theme"] { settings.theme = parseTheme(theme) }
        if let margins = mapping["margins"] { settings.margins = parseMargins(margins) }
        if let programme = mapping["programme"] {
            if let (start, end) = parseYearRange(programme) {
                settings.programmeStart = start
                settings.programmeEnd = end
            }
        }
        if let base = mapping["index_base"] {
            if let year = Self.integer(base), (1900...2100).contains(year) {
                settings.indexBaseYear = year
            } else {
                error("template.index-base", "`index_base` must be a year from 1900 to 2100 such as 2018.", at: base)
            }
        }
        if let page = string(mapping["page"], key: "page") {
            switch page.lowercased() {
            case "a4":
                settings.pageSize = .a4
                settings.pageSizeName = "A4"
            case "letter":
                settings.pageSize = Size(612, 792)
                settings.pageSizeName = "Letter"
            default: error("template.page", "Unknown page size `\(page)`; expected A4 or Letter.", at: mapping["page"])
            }
        }
        let width = settings.pageSize.width - settings.margins.left - settings.margins.right
        let height = settings.pageSize.height - settings.margins.top - settings.margins.bottom
        if width < 300 || height < 400 {
            error(
                "template.margins", "The margins leave \(Self.wholePoints(width))×\(Self.wholePoints(height)) pt for text; at least 300×400 pt is needed.",
                at: mapping["margins"] ?? node)
        }
        return settings
    }

    /// `for_each: region`, `for_each: country` or `for_each: [562, Tampere]`: the municipalities
    /// the template is built for. A list may not be empty or name one text twice; whether its
    /// names are municipalities is known only with the data (`ReportComposer.composeEach`).
    private mutating func parseForEach(_ node: Node) -> MunicipalitySet? {
        if case .scalar(let scalar) = node {
            switch scalar.string {
            case "region": return .region
            case "country": return .country
            default:
                error(
                    "template.for-each",
                    "Unknown `for_each` value `\(scalar.string)`; expected `region` (every municipality of the region), `country` (every municipality in the data) or a list such as `[562, Tampere, 837]`.",
                    at: node)
                return nil
            }
        }
        guard let items = scalarItems(node, key: "for_each", example: "[562, Tampere]", item: "a municipality code or name") else { return nil }
        guard !items.isEmpty else {
            error(
                "template.for-each-empty", "`for_each` lists no municipality; list codes or names such as `[562, Tampere]`, or write `region` or `country`.",
                at: node)
            return nil
        }
        var entries: [MunicipalitySet.Entry] = []
        var seen: [String: SourceLocation] = [:]
        var duplicated = false
        for (text, item) in items {
            let query = text.trimmingCharacters(in: .whitespaces)
            let key = query.lowercased()
            if let first = seen[key] {
                error("template.for-each-duplicate", "`\(query)` is already listed in `for_each` (line \(first.line)); list each municipality once.", at: item)
                duplicated = true
                continue
            }
            seen[key] = location(of: item)
            entries.append(MunicipalitySet.Entry(query: query, location: location(of: item)))
        }
        return duplicated ? nil : .list(entries)
    }

    /// `locale:` (one) and `locales:` (the list built); `--locale` picks one of them.
    private mutating func readLocales(_ mapping: Node.Mapping) {
        let localesKey = mapping.first { $0.key.string == "locales" } ?? mapping.first { $0.key.string == "locale" }
        localesLocation = localesKey.map { location(of: $0.key) }
        var listed: [ReportLocale] = []
        if let list = mapping["locales"] {
            for code in stringList(list, key: "locales") ?? [] {
                if let listedLocale = ReportLocale(rawValue: code) {
                    if !listed.contains(listedLocale) { listed.append(listedLocale) }
                } else {
                    error("template.locale", "Unknown locale `\(code)`; expected fi, sv or en.", at: list)
                }
            }
        }
        var primary = listed.first ?? .fi
        if let node = mapping["locale"], let code = node.string {
            if let single = ReportLocale(rawValue: code) {
                primary = single
            } else {
                error("template.locale", "Unknown locale `\(code)`; expected fi, sv or en.", at: node)
            }
        }
        listed.removeAll { $0 == primary }
        locales = [primary] + listed
        locale = requestedLocale.flatMap { locales.contains($0) ? $0 : nil } ?? primary
    }

    private mutating func parseTheme(_ node: Node) -> ReportTheme {
        if let name = node.string {
            switch name {
            case "standard", "default": return .standard
            case "grayscale", "greyscale": return .grayscale
            default:
                error(
                    "template.theme",
                    "Unknown theme `\(name)`; expected standard, grayscale or a mapping of colours (accent, text, muted, rule, header_fill, zebra) and font.",
                    at: node)
                return .standard
            }
        }
        guard case .mapping(let mapping) = node else {
            error("template.theme", "`theme` is a name (standard, grayscale) or a mapping such as `{accent: \"#0B4F8A\"}`.", at: node)
            return .standard
        }
        var theme = ReportTheme.standard
        if let base = mapping["base"]?.string, base == "grayscale" || base == "greyscale" { theme = .grayscale }
        let colours: [(String, WritableKeyPath<ReportTheme, Color>)] = [
            ("accent", \.accent), ("text", \.ink), ("muted", \.muted), ("rule", \.rule), ("header_fill", \.headerFill), ("zebra", \.zebra),
        ]
        let known = Set(colours.map(\.0) + ["font", "base", "logo"])
        for (key, _) in mapping where !known.contains(key.string ?? "") {
            warning(
                "template.unknown-theme-key", "Unknown theme setting `\(key.string ?? "")` is ignored; known: \(known.sorted().joined(separator: ", ")).",
                at: key)
        }
        for (key, path) in colours {
            guard let value = mapping[key] else { continue }
            if let colour = Self.colour(value.string ?? "") {
                theme[keyPath: path] = colour
            } else {
                error("template.colour", "`\(key)` must be a colour such as \"#0B4F8A\".", at: value)
            }
        }
        if let font = string(mapping["font"], key: "font"), !font.isEmpty { theme.fontFamily = font }
        if let logoNode = mapping["logo"], let relative = string(logoNode, key: "logo") {
            theme.logo = readLogo(relative, at: logoNode)
        }
        return theme
    }

    /// Reads a logo PNG from inside the templates folder, like a shared section.
    private mutating func readLogo(_ relative: String, at node: Node) -> ReportLogo? {
        guard let file = templateFile(relative, at: node, what: "The logo", codePrefix: "template.logo", example: "images/logo.png") else { return nil }
        guard let logo = ReportLogo(png: Array(file.data), path: file.displayPath) else {
            error(
                "template.logo-format", "The logo `\(relative)` is not a complete PNG image; save it as PNG again (at most 10 000 × 10 000 pixels).", at: node)
            return nil
        }
        if let decodesPNG, !decodesPNG(logo.png) {
            error("template.logo-unreadable", "The logo `\(relative)` is a damaged or truncated PNG that cannot be decoded; save it again as PNG.", at: node)
            return nil
        }
        if !includes.contains(file.displayPath) { includes.append(file.displayPath) }
        return logo
    }

    /// A whole number written plainly (`2018`, `-3`, `+7`), else nil — also when it does not fit
    /// an `Int`. Never Yams' `.int`: its sexagesimal form (`1:0:0:0:0:0:0:0:0:0:0:0`) multiplies
    /// without overflow checks and traps.
    static func integer(_ node: Node) -> Int? {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return nil }
        let text = scalar.string
        guard text.utf8.count <= 24 else { return nil }
        return Int(text)
    }

    /// A finite decimal number written plainly (`240`, `240.5`), else nil (not Yams' `.float`,
    /// for the same reason as `integer`).
    static func decimal(_ node: Node) -> Double? {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return nil }
        let text = scalar.string
        guard text.utf8.count <= 32, let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// A length for a message, rounded to whole points; never converts a huge value to `Int`
    /// (`margins: 1e300` trapped here).
    static func wholePoints(_ points: Double) -> String {
        guard points.isFinite, abs(points) < 1e9 else { return points < 0 ? "less than −1 000 000 000" : "more than 1 000 000 000" }
        return String(Int(points.rounded()))
    }

    static func colour(_ text: String) -> Color? {
        let hex = text.hasPrefix("#") ? text.dropFirst() : Substring(text)
        guard hex.count == 6, let value = UInt32(hex, radix: 16) else { return nil }
        return Color(hex: value)
    }

    /// `margins: 20mm`, `margins: 56` (points) or `{top: 25mm, right: 20mm, bottom: 25mm, left: 20mm}`.
    private mutating func parseMargins(_ node: Node) -> Margins {
        var margins = Margins.standard
        if case .mapping(let mapping) = node {
            let sides: [(String, WritableKeyPath<Margins, Double>)] = [("top", \.top), ("right", \.right), ("bottom", \.bottom), ("left", \.left)]
            for (key, _) in mapping where !sides.contains(where: { $0.0 == key.string }) {
                warning("template.unknown-margin", "Unknown margin `\(key.string ?? "")` is ignored; expected top, right, bottom, left.", at: key)
            }
            for (side, path) in sides {
                guard let value = mapping[side] else { continue }
                if let points = length(value) { margins[keyPath: path] = points }
            }
        } else if let points = length(node) {
            margins = Margins(top: points, right: points, bottom: points, left: points)
        }
        return margins
    }

    /// A length in points from `56`, `56pt`, `20mm` or `2cm`, 36–144 pt (furniture needs the room).
    private mutating func length(_ node: Node) -> Double? {
        let text = (node.string ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        var number = text
        var factor = 1.0
        for (suffix, scale) in [("mm", 72 / 25.4), ("cm", 72 / 2.54), ("pt", 1.0), ("in", 72.0)] where text.hasSuffix(suffix) {
            number = String(text.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            factor = scale
        }
        guard let value = Double(number.replacingOccurrences(of: ",", with: ".")), value.isFinite else {
            error("template.margin", "A margin is a length such as `20mm`, `2cm` or `56` (points).", at: node)
            return nil
        }
        let points = value * factor
        guard (36...144).contains(points) else {
            error(
                "template.margin",
                "A margin of \(text) is \(Self.wholePoints(points)) pt; use 36–144 pt (about 13–50 mm) so the running header and page numbers fit.", at: node)
            return nil
        }
        return points
    }

    private mutating func parseYearRange(_ node: Node) -> (Int, Int)? {
        var start: Int?
        var end: Int?
        if case .mapping(let mapping) = node {
            start = mapping["start"].flatMap(Self.integer)
            end = mapping["end"].flatMap(Self.integer)
        } else if let text = node.string {
            let parts = text.split(whereSeparator: { $0 == "-" || $0 == "–" }).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            if parts.count == 2 {
                start = parts[0]
                end = parts[1]
            }
        }
        guard let start, let end, start < end, (1900...2100).contains(start), (1900...2100).contains(end) else {
            error(
                "template.programme",
                "`programme` must be a period of years from 1900 to 2100 such as `2018-2021` or `{start: 2018, end: 2021}` with start before end.", at: node)
            return nil
        }
        return (start, end)
    }
}
