/// Template text parsed into pieces: literal text, placeholders with filters, and conditional
/// parts, so that the words of a sentence can follow the numbers (templates/README.md,
/// "Placeholders" and "Sentences that follow the numbers").
///
/// ```
/// {{home}} {{vitality_index.rank_change | trend}} {{vitality_index.rank_change | abs}}
/// {{vitality_index.rank_change | abs | plural: sijan / sijaa}}
/// {{#if vitality_index.rank_change > 0}}…{{#elif vitality_index.rank_change < 0}}…{{#else}}…{{/if}}
/// ```
struct TemplateText: Equatable {
    var pieces: [Piece]

    indirect enum Piece: Equatable {
        case literal(String)
        case placeholder(Placeholder)
        /// Branches tried in order; the first whose condition holds is used, else `otherwise`.
        case conditional(branches: [(Condition, [Piece])], otherwise: [Piece])

        static func == (lhs: Piece, rhs: Piece) -> Bool {
            switch (lhs, rhs) {
            case let (.literal(a), .literal(b)): return a == b
            case let (.placeholder(a), .placeholder(b)): return a == b
            case let (.conditional(a, x), .conditional(b, y)):
                return x == y && a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            default: return false
            }
        }
    }

    /// `{{name | filter | filter: a / b}}`.
    struct Placeholder: Equatable {
        var name: String
        var filters: [Filter]
    }

    /// What a filter does to a number before it is written.
    enum Filter: Equatable {
        /// The magnitude without sign: `+3` → `3`.
        case abs
        /// The report language's word for the sign: rose, fell, was unchanged.
        case trend
        /// One of three texts by sign: positive / negative / zero.
        case words(positive: String, negative: String, zero: String)
        /// One of three texts by whether the change is good for the indicator's direction.
        case better(better: String, worse: String, same: String)
        /// One of two texts by whether the number is ±1: `sijan / sijaa`.
        case plural(one: String, other: String)

        static let names = ["abs", "trend", "words", "better", "plural"]
    }

    indirect enum Condition: Equatable {
        /// `population.change`: the figure exists; `home_is_owner`: the flag is set.
        case holds(String)
        case compare(String, Comparison, Double)
        case not(Condition)
        case and(Condition, Condition)
        case or(Condition, Condition)
    }

    enum Comparison: String, Equatable, CaseIterable {
        case greater = ">"
        case less = "<"
        case greaterOrEqual = ">="
        case lessOrEqual = "<="
        case equal = "=="
        case notEqual = "!="

        func holds(_ lhs: Double, _ rhs: Double) -> Bool {
            switch self {
            case .greater: return lhs > rhs
            case .less: return lhs < rhs
            case .greaterOrEqual: return lhs >= rhs
            case .lessOrEqual: return lhs <= rhs
            case .equal: return lhs == rhs
            case .notEqual: return lhs != rhs
            }
        }
    }

    /// A mistake in template text, in words for the template's author.
    struct SyntaxError: Error, Equatable {
        var message: String
    }

    /// Every placeholder and condition name the text uses, in order of appearance.
    var names: [String] {
        var result: [String] = []
        func visit(_ pieces: [Piece]) {
            for piece in pieces {
                switch piece {
                case .literal: break
                case .placeholder(let placeholder): result.append(placeholder.name)
                case .conditional(let branches, let otherwise):
                    for (condition, body) in branches {
                        result += condition.names
                        visit(body)
                    }
                    visit(otherwise)
                }
            }
        }
        visit(pieces)
        return result
    }

    // MARK: Parsing

    static func parse(_ text: String) -> Result<TemplateText, SyntaxError> {
        var tags: [(literal: String, tag: String?)] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            let literal = String(rest[..<open.lowerBound])
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                return .failure(SyntaxError(message: "A placeholder starts with `{{` but has no closing `}}`."))
            }
            tags.append((literal, rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)))
            rest = rest[close.upperBound...]
        }
        if rest.contains("}}") {
            return .failure(SyntaxError(message: "The text has `}}` without an opening `{{`."))
        }
        tags.append((String(rest), nil))
        var position = 0
        switch parsePieces(tags, &position, closing: false) {
        case .failure(let error): return .failure(error)
        case .success(let (pieces, end)):
            if let end { return .failure(SyntaxError(message: "`{{\(end)}}` has no `{{#if …}}` before it.")) }
            return .success(TemplateText(pieces: pieces))
        }
    }

    /// Pieces up to a `#elif`, `#else` or `/if` (returned as the second value) or the end.
    private static func parsePieces(
        _ tags: [(literal: String, tag: String?)], _ position: inout Int, closing: Bool
    ) -> Result<([Piece], String?), SyntaxError> {
        var pieces: [Piece] = []
        while position < tags.count {
            let (literal, tag) = tags[position]
            position += 1
            if !literal.isEmpty { pieces.append(.literal(literal)) }
            guard let tag else { break }
            if tag.hasPrefix("#elif") || tag == "#else" || tag == "/if" {
                return .success((pieces, tag))
            }
            if tag.hasPrefix("#if") {
                var branches: [(Condition, [Piece])] = []
                var otherwise: [Piece] = []
                var conditionText = String(tag.dropFirst(3))
                while true {
                    let condition: Condition
                    switch parseCondition(conditionText) {
                    case .success(let parsed): condition = parsed
                    case .failure(let error): return .failure(error)
                    }
                    let body: [Piece]
                    let end: String?
                    switch parsePieces(tags, &position, closing: true) {
                    case .success(let (parsed, closingTag)): (body, end) = (parsed, closingTag)
                    case .failure(let error): return .failure(error)
                    }
                    branches.append((condition, body))
                    guard let end else {
                        return .failure(SyntaxError(message: "`{{#if \(conditionText.trimmingCharacters(in: .whitespaces))}}` has no closing `{{/if}}`."))
                    }
                    if end == "/if" { break }
                    if end.hasPrefix("#elif") {
                        conditionText = String(end.dropFirst(5))
                        continue
                    }
                    switch parsePieces(tags, &position, closing: true) {
                    case .success(let (parsed, closingTag)):
                        guard closingTag == "/if" else {
                            return .failure(
                                SyntaxError(message: "After `{{#else}}` comes `{{/if}}`; found \(closingTag.map { "`{{\($0)}}`" } ?? "the end of the text")."))
                        }
                        otherwise = parsed
                    case .failure(let error): return .failure(error)
                    }
                    break
                }
                pieces.append(.conditional(branches: branches, otherwise: otherwise))
                continue
            }
            if tag.hasPrefix("#") || tag.hasPrefix("/") {
                return .failure(SyntaxError(message: "Unknown tag `{{\(tag)}}`; expected `{{#if …}}`, `{{#elif …}}`, `{{#else}}` or `{{/if}}`."))
            }
            switch parsePlaceholder(tag) {
            case .success(let placeholder): pieces.append(.placeholder(placeholder))
            case .failure(let error): return .failure(error)
            }
        }
        return .success((pieces, nil))
    }

    private static func parsePlaceholder(_ tag: String) -> Result<Placeholder, SyntaxError> {
        let parts = tag.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let name = parts.first, !name.isEmpty else {
            return .failure(SyntaxError(message: "An empty placeholder `{{}}`; write a name such as `{{population.value}}`."))
        }
        var filters: [Filter] = []
        for part in parts.dropFirst() {
            let (filterName, argumentText) = splitFilter(part)
            let arguments =
                argumentText.map { $0.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
            func expect(_ count: Int, _ example: String) -> SyntaxError? {
                arguments.count == count ? nil : SyntaxError(message: "The filter `\(filterName)` takes \(count) texts separated by `/`: `\(example)`.")
            }
            switch filterName {
            case "abs", "trend":
                guard argumentText == nil else { return .failure(SyntaxError(message: "The filter `\(filterName)` takes no texts.")) }
                filters.append(filterName == "abs" ? .abs : .trend)
            case "words":
                if let error = expect(3, "words: nousi / laski / pysyi ennallaan") { return .failure(error) }
                filters.append(.words(positive: arguments[0], negative: arguments[1], zero: arguments[2]))
            case "better":
                if let error = expect(3, "better: parani / heikkeni / pysyi ennallaan") { return .failure(error) }
                filters.append(.better(better: arguments[0], worse: arguments[1], same: arguments[2]))
            case "plural":
                if let error = expect(2, "plural: sijan / sijaa") { return .failure(error) }
                filters.append(.plural(one: arguments[0], other: arguments[1]))
            default:
                return .failure(
                    SyntaxError(message: "Unknown filter `\(filterName)` in `{{\(tag)}}`; expected one of \(Filter.names.joined(separator: ", "))."))
            }
        }
        for (index, filter) in filters.enumerated() where index < filters.count - 1 && filter != .abs {
            return .failure(SyntaxError(message: "In `{{\(tag)}}` only `abs` can come before another filter; a filter that writes words comes last."))
        }
        return .success(Placeholder(name: name, filters: filters))
    }

    private static func splitFilter(_ text: String) -> (String, String?) {
        guard let colon = text.firstIndex(of: ":") else { return (text, nil) }
        return (text[..<colon].trimmingCharacters(in: .whitespaces), String(text[text.index(after: colon)...]))
    }

    /// `a and b or not c > 0`: `or` binds loosest, then `and`, then `not`.
    static func parseCondition(_ text: String) -> Result<Condition, SyntaxError> {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !words.isEmpty else {
            return .failure(SyntaxError(message: "`{{#if}}` needs a condition such as `vitality_index.rank_change > 0` or `home_is_owner`."))
        }
        return parseOr(ArraySlice(words), original: text)
    }

    private static func parseOr(_ words: ArraySlice<String>, original: String) -> Result<Condition, SyntaxError> {
        if let split = words.firstIndex(of: "or") {
            return parseAnd(words[..<split], original: original).flatMap { lhs in
                parseOr(words[(split + 1)...], original: original).map { .or(lhs, $0) }
            }
        }
        return parseAnd(words, original: original)
    }

    private static func parseAnd(_ words: ArraySlice<String>, original: String) -> Result<Condition, SyntaxError> {
        if let split = words.firstIndex(of: "and") {
            return parseUnary(words[..<split], original: original).flatMap { lhs in
                parseAnd(words[(split + 1)...], original: original).map { .and(lhs, $0) }
            }
        }
        return parseUnary(words, original: original)
    }

    private static func parseUnary(_ words: ArraySlice<String>, original: String) -> Result<Condition, SyntaxError> {
        let bad = SyntaxError(
            message:
                "The condition `\(original.trimmingCharacters(in: .whitespaces))` is not one of `name`, `name > 3` (also <, >=, <=, ==, !=), `not …`, `… and …`, `… or …`."
        )
        guard let first = words.first else { return .failure(bad) }
        if first == "not" { return parseUnary(words.dropFirst(), original: original).map { .not($0) } }
        switch words.count {
        case 1:
            return .success(.holds(first))
        case 3:
            let operatorText = words[words.startIndex + 1]
            let numberText = words[words.startIndex + 2].replacingOccurrences(of: "−", with: "-")
            guard let comparison = Comparison(rawValue: operatorText), let number = Double(numberText), number.isFinite else {
                return .failure(bad)
            }
            return .success(.compare(first, comparison, number))
        default:
            return .failure(bad)
        }
    }
}

extension TemplateText.Condition {
    var names: [String] {
        switch self {
        case .holds(let name), .compare(let name, _, _): return [name]
        case .not(let inner): return inner.names
        case .and(let lhs, let rhs), .or(let lhs, let rhs): return lhs.names + rhs.names
        }
    }
}
