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
    let requestedLocale: ReportLocale?
    /// Folder shared sections and the logo are resolved in (they never leave it), and how its
    /// files are read; nil for a template read on its own.
    let templates: TemplateFolder?
    /// The locale texts are picked in; set while reading the settings.
    var locale = ReportLocale.fi
    var locales: [ReportLocale] = [.fi]
    private var includeStack: [String] = []
    /// Where `locales:` (else `locale:`) stands in the settings.
    var localesLocation: SourceLocation?
    package internal(set) var includes: [String] = []
    /// Decodes a PNG whole (the builder passes `Renderer.decodesPNG`): a logo it cannot decode
    /// is `template.logo-unreadable`. Nil checks only the PNG header.
    package var decodesPNG: (@Sendable ([UInt8]) -> Bool)?

    package init(file: String, locale: ReportLocale? = nil, templates: TemplateFolder? = nil) {
        self.file = file
        self.requestedLocale = locale
        self.templates = templates
    }

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
    package static func locales(of text: String) -> [ReportLocale] {
        guard let root = try? Yams.compose(yaml: text), case .mapping(let top) = root,
            let report = top["report"], case .mapping(let settings) = report
        else { return [.fi] }
        if let list = settings["locales"], case .sequence(let items) = list {
            let locales = items.compactMap { $0.string.flatMap(ReportLocale.init(rawValue:)) }
            if !locales.isEmpty { return locales }
        }
        if let single = settings["locale"]?.string.flatMap(ReportLocale.init(rawValue:)) { return [single] }
        return [.fi]
    }

    mutating func parseBlocks(_ node: Node) -> [TemplateBlock] {
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

    // MARK: Files the template names

    /// A file named by the template, resolved inside the templates folder and read through its
    /// loader: nil after a diagnostic when there is no templates folder, the path leaves it — by
    /// its text or through a symbolic link (both the folder and the file are compared by their
    /// real paths) — the file is missing, or it is not a regular file (a FIFO would block the
    /// read).
    mutating func templateFile(
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

    // MARK: Scalars and diagnostics

    mutating func string(_ node: Node?, key: String, required: Bool = false, in parent: Node? = nil) -> String? {
        guard let node else {
            if required { error("template.missing-\(key)", "`\(key)` is required here.", at: parent) }
            return nil
        }
        if case .mapping(let mapping) = node, !mapping.isEmpty,
            mapping.allSatisfy({ ReportLocale(rawValue: $0.key.string ?? "") != nil })
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
    mutating func localized(_ mapping: Node.Mapping, key: String, at node: Node) -> String? {
        let missing = locales.filter { mapping[$0.rawValue] == nil }
        if !missing.isEmpty {
            error(
                "template.translation",
                "`\(key)` has no text for \(missing.map(\.rawValue).joined(separator: ", ")); the template is written in \(locales.map(\.rawValue).joined(separator: ", ")).",
                at: node)
        }
        guard let chosen = mapping[locale.rawValue] else { return nil }
        guard case .scalar(let scalar) = chosen else {
            error("template.type", "`\(key)` in `\(locale.rawValue)` must be a text.", at: chosen)
            return nil
        }
        return scalar.string
    }

    mutating func stringList(_ node: Node?, key: String) -> [String]? {
        guard let node else { return nil }
        if case .scalar(let scalar) = node { return [scalar.string] }
        return scalarItems(node, key: key)?.map(\.text)
    }

    /// The texts of a list with the node of each, for diagnostics at an item; nil after an error
    /// when `node` is not a list of texts.
    mutating func scalarItems(
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

    mutating func error(_ code: String, _ message: String, at node: Node?) {
        diagnostics.append(Diagnostic(.error, code: code, message, at: location(of: node)))
    }

    mutating func warning(_ code: String, _ message: String, at node: Node?) {
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
