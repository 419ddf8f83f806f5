import Foundation
import VitalityModel
import VitalityScene
import Yams

/// Reads a report template from YAML text into a `ReportTemplate`, collecting every problem
/// as a diagnostic with the template's file, line and column (the format is documented in
/// `templates/README.md`). The files a template names are read through the `TemplateFolder`'s
/// loader; the parser opens no file itself.
package struct TemplateParser {
    /// The file being read: the template, or a shared section while its blocks are read.
    package private(set) var file: String
    package private(set) var diagnostics: [Diagnostic] = []
    /// Locale requested by the caller (`--locale`); nil = the template's `locale`.
    let requestedLocale: String?
    /// Folder shared sections and the logo are resolved in (they never leave it), and how its
    /// files are read; nil for a template read on its own.
    let templates: TemplateFolder?
    /// The locale texts are picked in; set while reading the settings.
    private var locale = "fi"
    private var locales: [String] = ["fi"]
    private var includeStack: [String] = []
    /// Where `locales:` (else `locale:`) stands in the settings.
    private var localesLocation: SourceLocation?
    package private(set) var includes: [String] = []
    /// Decodes a PNG whole (the builder passes `Renderer.decodesPNG`): a logo it cannot decode
    /// is `template.logo-unreadable`. Nil checks only the PNG header.
    package var decodesPNG: (@Sendable ([UInt8]) -> Bool)?

    package init(file: String, locale: String? = nil, templates: TemplateFolder? = nil) {
        self.file = file
        self.requestedLocale = locale
        self.templates = templates
    }

    static let knownLocales = ReportLocale.codes

    /// Parses `text`; returns nil when the template cannot be used (errors in `diagnostics`).
    package mutating func parse(_ text: String, id: String) -> ReportTemplate? {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                error("template.empty", "The template is empty; expected a `report:` mapping and a `blocks:` list.", at: nil)
                return nil
            }
            root = node
        } catch let yamlError as YamlError {
            reportSyntax(yamlError)
            return nil
        } catch {
            self.error("template.syntax", "The template is not valid YAML: \(error)", at: nil)
            return nil
        }
        guard case .mapping(let top) = root else {
            error("template.structure", "Expected a mapping with the keys `report` and `blocks` at the top of the template.", at: root)
            return nil
        }
        for (key, _) in top where !["report", "blocks"].contains(key.string ?? "") {
            warning("template.unknown-key", "Unknown top-level key `\(key.string ?? "")` is ignored; expected `report` or `blocks`.", at: key)
        }
        guard let reportNode = top["report"] else {
            error("template.missing-report", "The template has no `report:` mapping (title, home, locale …).", at: root)
            return nil
        }
        let settings = parseSettings(reportNode)
        var blocks: [TemplateBlock] = []
        if let blocksNode = top["blocks"] {
            blocks = parseBlocks(blocksNode)
        } else {
            error("template.missing-blocks", "The template has no `blocks:` list.", at: root)
        }
        guard let settings, !diagnostics.hasErrors else { return nil }
        var template = ReportTemplate(id: id, file: file, settings: settings, blocks: blocks)
        template.includes = includes
        template.reportLocation = top.first { $0.key.string == "report" }.map { location(of: $0.key) }
        template.localesLocation = localesLocation
        return template
    }

    /// The locales a template lists (`locales:`, else `locale:`), read without reporting
    /// problems; the builder builds each of them.
    package static func locales(of text: String) -> [String] {
        guard let root = try? Yams.compose(yaml: text), case .mapping(let top) = root,
            let report = top["report"], case .mapping(let settings) = report
        else { return ["fi"] }
        if let list = settings["locales"], case .sequence(let items) = list {
            let codes = items.compactMap(\.string).filter(knownLocales.contains)
            if !codes.isEmpty { return codes }
        }
        if let single = settings["locale"]?.string, knownLocales.contains(single) { return [single] }
        return ["fi"]
    }

    private mutating func parseBlocks(_ node: Node) -> [TemplateBlock] {
        guard case .sequence(let sequence) = node else {
            error("template.blocks", "`blocks` must be a list (each item starting with `- `).", at: node)
            return []
        }
        var blocks: [TemplateBlock] = []
        for item in sequence {
            if case .mapping(let mapping) = item, mapping.count == 1, mapping.first?.key.string == "include" {
                blocks += parseInclude(mapping.first?.value, at: item)
            } else if let block = parseBlock(item) {
                blocks.append(block)
            }
        }
        return blocks
    }

    // MARK: Shared sections

    /// `- include: shared/regional-comparison.yaml`: the blocks of a shared section file,
    /// resolved inside the templates folder. Problems in the shared file name that file.
    private mutating func parseInclude(_ value: Node?, at node: Node) -> [TemplateBlock] {
        guard let relative = string(value, key: "include", required: true, in: node), !relative.isEmpty else { return [] }
        guard includeStack.count < 8 else {
            error("template.include-depth", "Shared sections are nested more than 8 deep.", at: value)
            return []
        }
        guard
            let found = templateFile(
                relative, at: value ?? node, what: "The shared section", codePrefix: "template.include", example: "shared/regional-comparison.yaml")
        else { return [] }
        let (resolved, displayPath, data) = found
        guard !includeStack.contains(resolved), resolved != (templates?.loader.realPath(file) ?? URL(fileURLWithPath: file).standardizedFileURL.path) else {
            error("template.include-cycle", "`\(relative)` includes itself (directly or through other shared sections).", at: value)
            return []
        }
        guard let text = String(data: data, encoding: .utf8) else {
            error("template.include-encoding", "The shared section `\(relative)` is not UTF-8 text.", at: value)
            return []
        }
        if !includes.contains(displayPath) { includes.append(displayPath) }
        let outerFile = file
        file = displayPath
        includeStack.append(resolved)
        defer {
            file = outerFile
            includeStack.removeLast()
        }
        let root2: Node
        do {
            guard let parsed = try Yams.compose(yaml: text) else {
                error("template.include-empty", "The shared section is empty; expected a `blocks:` list.", at: nil)
                return []
            }
            root2 = parsed
        } catch let yamlError as YamlError {
            reportSyntax(yamlError)
            return []
        } catch {
            self.error("template.syntax", "The shared section is not valid YAML: \(error)", at: nil)
            return []
        }
        if case .mapping(let top) = root2, let blocks = top["blocks"] {
            for (key, _) in top where key.string != "blocks" {
                warning("template.unknown-key", "Unknown key `\(key.string ?? "")` in a shared section is ignored; it holds only `blocks:`.", at: key)
            }
            return parseBlocks(blocks)
        }
        if case .sequence = root2 { return parseBlocks(root2) }
        error("template.include-structure", "A shared section holds a `blocks:` list (or just the list).", at: root2)
        return []
    }

    // MARK: Settings

    private static let settingKeys: Set<String> = [
        "title", "subtitle", "author", "subject", "keywords", "home", "owner", "region", "locale",
        "programme", "index_base", "page", "year", "locales", "theme", "margins", "for_each",
    ]

    private mutating func parseSettings(_ node: Node) -> ReportSettings? {
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
        var listed: [String] = []
        if let list = mapping["locales"] {
            for code in stringList(list, key: "locales") ?? [] {
                if Self.knownLocales.contains(code) {
                    if !listed.contains(code) { listed.append(code) }
                } else {
                    error("template.locale", "Unknown locale `\(code)`; expected fi, sv or en.", at: list)
                }
            }
        }
        var primary = listed.first ?? "fi"
        if let node = mapping["locale"], let code = node.string {
            if Self.knownLocales.contains(code) {
                primary = code
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

    /// A file named by the template, resolved inside the templates folder and read through its
    /// loader: nil after a
    /// diagnostic when there is no templates folder, the path leaves it — by its text or through a
    /// symbolic link (both the folder and the file are compared by their real paths) — the file
    /// is missing, or it is not a regular file (a FIFO would block the read).
    private mutating func templateFile(
        _ relative: String, at node: Node, what: String, codePrefix: String, example: String
    ) -> (resolved: String, displayPath: String, data: Data)? {
        guard let templates else {
            error(codePrefix, "\(what) needs the templates folder; this template was read on its own.", at: node)
            return nil
        }
        let directory = templates.path
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        let lexical = URL(fileURLWithPath: relative, relativeTo: URL(fileURLWithPath: root + "/")).standardizedFileURL.path
        guard !relative.hasPrefix("/"), lexical.hasPrefix(root + "/") else {
            error("\(codePrefix)-outside", "\(what) `\(relative)` is outside the templates folder; it must be inside it, e.g. `\(example)`.", at: node)
            return nil
        }
        guard let realRoot = templates.loader.realPath(root), let resolved = templates.loader.realPath(lexical) else {
            error("\(codePrefix)-missing", "\(what) `\(relative)` does not exist in the templates folder.", at: node)
            return nil
        }
        guard resolved.hasPrefix(realRoot == "/" ? "/" : realRoot + "/") else {
            error(
                "\(codePrefix)-outside",
                "\(what) `\(relative)` is a symbolic link to a file outside the templates folder; copy the file into the folder instead, e.g. `\(example)`.",
                at: node)
            return nil
        }
        guard templates.loader.isRegularFile(atRealPath: resolved) else {
            error("\(codePrefix)-not-file", "\(what) `\(relative)` is not a regular file; name a file such as `\(example)`.", at: node)
            return nil
        }
        guard let data = templates.loader.contents(atRealPath: resolved) else {
            error("\(codePrefix)-missing", "\(what) `\(relative)` cannot be read.", at: node)
            return nil
        }
        return (resolved, (directory as NSString).appendingPathComponent(relative), data)
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

    // MARK: Blocks

    private static let blockKinds = [
        "cover", "heading", "heading1", "heading2", "heading3", "paragraph", "kpis", "chart",
        "measures", "figures", "most_improved", "page_break", "contents", "include", "programme",
    ]

    private mutating func parseBlock(_ node: Node) -> TemplateBlock? {
        let location = self.location(of: node)
        let kind: String
        let value: Node?
        switch node {
        case .scalar(let scalar):
            kind = scalar.string
            value = nil
        case .mapping(let mapping) where mapping.count == 1:
            guard let first = mapping.first, let key = first.key.string else { return nil }
            kind = key
            value = first.value
        default:
            error("template.block", "Each block must be one key such as `heading: Asuminen` or a word such as `page_break`.", at: node)
            return nil
        }
        switch kind {
        case "cover": return .cover(location: location)
        case "contents":
            var title = Vocabulary(locale: ReportLocale(rawValue: locale) ?? .fi).contents
            var levels = 2
            if let value, case .mapping(let mapping) = value {
                if let text = string(mapping["title"], key: "title") { title = text }
                if let levelNode = mapping["levels"] {
                    if let count = Self.integer(levelNode), (1...3).contains(count) {
                        levels = count
                    } else {
                        error("template.levels", "`levels` must be 1, 2 or 3.", at: levelNode)
                    }
                }
            } else if let value, let text = string(value, key: "contents"), !text.isEmpty {
                title = text
            }
            return .contents(title: title, levels: levels, location: location)
        case "page_break": return .pageBreak(location: location)
        case "programme":
            guard let value, case .sequence = value else {
                error("template.programme-section", "`programme` needs a list of blocks: the parts of the report about the programme.", at: value ?? node)
                return nil
            }
            return .programme(blocks: parseBlocks(value), location: location)
        case "most_improved": return .mostImproved(location: location)
        case "heading", "heading1", "heading2", "heading3":
            let level = kind == "heading" ? 1 : Int(String(kind.last ?? "1")) ?? 1
            guard let text = string(value, key: kind, required: true) else { return nil }
            return .heading(text: text, level: level, location: location)
        case "paragraph":
            guard let text = string(value, key: kind, required: true) else { return nil }
            return .paragraph(text: text.trimmingCharacters(in: .whitespacesAndNewlines), location: location)
        case "kpis":
            guard let list = stringList(value, key: kind) else { return nil }
            return .kpis(indicators: list, location: location)
        case "chart":
            return parseChart(value, location: location).map(TemplateBlock.chart)
        case "measures":
            var theme: String?
            var status: MeasureStatus?
            if let value, case .mapping(let mapping) = value {
                theme = string(mapping["theme"], key: "theme")
                if let statusText = string(mapping["status"], key: "status") {
                    status = MeasureStatus(rawValue: statusText)
                    if status == nil {
                        error(
                            "template.status",
                            "Unknown status `\(statusText)`; expected one of \(MeasureStatus.allCases.map(\.rawValue).joined(separator: ", ")).",
                            at: mapping["status"])
                    }
                }
            } else if let value, let text = value.string, !text.isEmpty {
                theme = text
            }
            return .measures(theme: theme, status: status, location: location)
        case "figures":
            guard let value, case .mapping(let mapping) = value else {
                error("template.figures", "`figures` needs a mapping with `indicators` (a list) and optional `columns`.", at: value ?? node)
                return nil
            }
            guard let indicators = stringList(mapping["indicators"], key: "indicators") else { return nil }
            var columns: [FigureColumn] = [.value, .change, .regionMedian, .rank, .rankChange]
            if let columnNames = mapping["columns"].flatMap({ stringList($0, key: "columns") }) {
                columns = []
                for name in columnNames {
                    if let column = FigureColumn(rawValue: name) {
                        columns.append(column)
                    } else {
                        error(
                            "template.column", "Unknown column `\(name)`; expected one of \(FigureColumn.allCases.map(\.rawValue).joined(separator: ", ")).",
                            at: mapping["columns"])
                    }
                }
            }
            return .figures(indicators: indicators, columns: columns, location: location)
        default:
            error("template.unknown-block", "Unknown block `\(kind)`; expected one of \(Self.blockKinds.joined(separator: ", ")).", at: node)
            return nil
        }
    }

    private mutating func parseChart(_ node: Node?, location: SourceLocation) -> ChartBlock? {
        guard let node, case .mapping(let mapping) = node else {
            error("template.chart", "`chart` needs a mapping such as `{type: line, indicator: population}`.", at: node)
            return nil
        }
        let known: Set<String> = ["type", "indicator", "indicators", "title", "subtitle", "years", "rank_by", "height", "name", "theme", "year", "from"]
        for (key, _) in mapping where !known.contains(key.string ?? "") {
            warning(
                "template.unknown-chart-key", "Unknown chart setting `\(key.string ?? "")` is ignored; known: \(known.sorted().joined(separator: ", ")).",
                at: key)
        }
        guard let typeName = string(mapping["type"], key: "type", required: true, in: node) else { return nil }
        guard let type = ChartType(rawValue: typeName) else {
            error(
                "template.chart-type", "Unknown chart type `\(typeName)`; expected one of \(ChartType.allCases.map(\.rawValue).joined(separator: ", ")).",
                at: mapping["type"])
            return nil
        }
        var chart = ChartBlock(type: type, location: self.location(of: node))
        if let single = string(mapping["indicator"], key: "indicator") { chart.indicators = [single] }
        if let list = mapping["indicators"].flatMap({ stringList($0, key: "indicators") }) { chart.indicators = list }
        chart.title = string(mapping["title"], key: "title")
        chart.subtitle = string(mapping["subtitle"], key: "subtitle")
        chart.name = string(mapping["name"], key: "name")
        chart.nameLocation = mapping.first { $0.key.string == "name" }.map { self.location(of: $0.key) }
        chart.theme = string(mapping["theme"], key: "theme")
        if let years = mapping["years"] {
            if let count = Self.integer(years), (1...10).contains(count) {
                chart.years = count
            } else {
                error("template.years", "`years` must be a whole number from 1 to 10.", at: years)
            }
        }
        if let year = mapping["year"] {
            if let value = Self.integer(year), (1900...2100).contains(value), type.takesYear {
                chart.year = value
            } else {
                let types = ChartType.allCases.filter(\.takesYear).map(\.rawValue).joined(separator: ", ")
                error("template.chart-year", "`year` of a chart is a year such as 2018, for \(types) charts.", at: year)
            }
        }
        if let from = mapping["from"] {
            if let value = Self.integer(from), (1900...2100).contains(value), type == .slope {
                chart.fromYear = value
            } else {
                error("template.chart-from", "`from` is the first year of a slope chart, a year such as 2018.", at: from)
            }
        }
        if let rankBy = string(mapping["rank_by"], key: "rank_by") {
            if let measure = RankingMeasure(rawValue: rankBy) {
                chart.rankingMeasure = measure
            } else {
                error("template.rank-by", "`rank_by` must be `change` or `value`.", at: mapping["rank_by"])
            }
        }
        if let height = mapping["height"] {
            if let points = Self.decimal(height), points >= 80, points <= 700 {
                chart.height = points
            } else {
                error("template.height", "`height` must be a number of points from 80 to 700.", at: height)
            }
        }
        if type != .status && type != .attainment && chart.indicators.isEmpty {
            error("template.chart-indicator", "A `\(type.rawValue)` chart needs `indicator:` (or `indicators:`).", at: node)
            return nil
        }
        if [.bars, .horizontalBars].contains(type), chart.indicators.count > 1 {
            error("template.chart-indicators", "A `\(type.rawValue)` chart shows one indicator; give one `indicator:`.", at: mapping["indicators"] ?? node)
            return nil
        }
        if type.stacks, chart.indicators.count < 2 {
            error(
                "template.chart-indicators", "A `\(type.rawValue)` chart stacks two or more indicators; list them in `indicators:`.",
                at: mapping["indicators"] ?? mapping["indicator"] ?? node)
            return nil
        }
        return chart
    }

    // MARK: Scalars and diagnostics

    private mutating func string(_ node: Node?, key: String, required: Bool = false, in parent: Node? = nil) -> String? {
        guard let node else {
            if required { error("template.missing-\(key)", "`\(key)` is required here.", at: parent) }
            return nil
        }
        if case .mapping(let mapping) = node, !mapping.isEmpty,
            mapping.allSatisfy({ Self.knownLocales.contains($0.key.string ?? "") })
        {
            return localized(mapping, key: key, at: node)
        }
        guard case .scalar(let scalar) = node else {
            error("template.type", "`\(key)` must be a text, not a list or mapping.", at: node)
            return nil
        }
        return scalar.string
    }

    /// A text given per locale, `{fi: Asuminen, sv: Boende, en: Housing}`: the report's locale;
    /// every locale the template lists must be there.
    private mutating func localized(_ mapping: Node.Mapping, key: String, at node: Node) -> String? {
        let missing = locales.filter { mapping[$0] == nil }
        if !missing.isEmpty {
            error(
                "template.translation",
                "`\(key)` has no text for \(missing.joined(separator: ", ")); the template is written in \(locales.joined(separator: ", ")).", at: node)
        }
        guard let chosen = mapping[locale] else { return nil }
        guard case .scalar(let scalar) = chosen else {
            error("template.type", "`\(key)` in `\(locale)` must be a text.", at: chosen)
            return nil
        }
        return scalar.string
    }

    private mutating func stringList(_ node: Node?, key: String) -> [String]? {
        guard let node else { return nil }
        if case .scalar(let scalar) = node { return [scalar.string] }
        return scalarItems(node, key: key)?.map(\.text)
    }

    /// The texts of a list with the node of each, for diagnostics at an item; nil after an error
    /// when `node` is not a list of texts.
    private mutating func scalarItems(
        _ node: Node, key: String, example: String = "[population, jobs]", item itemKind: String = "an indicator id"
    ) -> [(text: String, node: Node)]? {
        guard case .sequence(let sequence) = node else {
            error("template.type", "`\(key)` must be a list such as `\(example)`.", at: node)
            return nil
        }
        var result: [(text: String, node: Node)] = []
        for item in sequence {
            guard case .scalar(let scalar) = item else {
                error("template.type", "Every item of `\(key)` must be a text such as \(itemKind).", at: item)
                return nil
            }
            result.append((scalar.string, item))
        }
        return result
    }

    func location(of node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0)
    }

    private mutating func error(_ code: String, _ message: String, at node: Node?) {
        diagnostics.append(Diagnostic(.error, code: code, message, at: location(of: node)))
    }

    private mutating func warning(_ code: String, _ message: String, at node: Node?) {
        diagnostics.append(Diagnostic(.warning, code: code, message, at: location(of: node)))
    }

    private mutating func reportSyntax(_ yamlError: YamlError) {
        switch yamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            diagnostics.append(
                Diagnostic(
                    .error, code: "template.syntax", "The template is not valid YAML: \(problem). Check indentation and quotes.",
                    at: SourceLocation(file: file, line: mark.line, column: mark.column)))
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams sorts the repeated keys to pick the one it points at, but a list or mapping
            // used as a key has no order among the others: the choice, and with it Yams's text,
            // changed from one parse to the next. Name the keys in a fixed order and point at a
            // line only when every key is plain text.
            let nonScalar = "<uncovertable>"
            let names = Set(duplicates).sorted().map { $0 == nonScalar ? "a list or mapping used as a key" : "`\($0)`" }
            let location =
                duplicates.contains(nonScalar)
                ? SourceLocation(file: file)
                : SourceLocation(file: file, line: context.mark.line, column: context.mark.column)
            diagnostics.append(
                Diagnostic(
                    .error, code: "template.syntax",
                    "The template is not valid YAML: a mapping repeats a key (\(names.joined(separator: ", "))); each key may appear once in a mapping.",
                    at: location))
        default:
            diagnostics.append(Diagnostic(.error, code: "template.syntax", "The template is not valid YAML: \(yamlError)", at: SourceLocation(file: file)))
        }
    }
}
