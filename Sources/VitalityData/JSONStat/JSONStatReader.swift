import Foundation
import VitalityModel

/// Reads a JSON-stat 2.0 dataset (`.json` in `statistics/`), as PxWeb's API returns a table
/// (DATA.md §1): `id` and `size` name the dimensions in order, each dimension's
/// `category.index` (an array of ids or an object of id → position) orders its categories and
/// `category.label` names them; `role.time` and `role.metric` mark the time and content
/// dimensions; `value` holds the cells in row-major order of `id` (an array, `null` for a
/// missing cell, or a sparse object of position → value), `status` a symbol per cell (one
/// string for all, an array or an object). The cube is resolved as a PC-Axis table is
/// (`CubePlan`): a dimension's label (else its id) plays the variable name, category labels
/// the values and category ids their codes.
///
/// The file is scanned as bytes (`JSONScanner`, which says why not `JSONDecoder`): the members
/// other than `value` first, as a small tree; then the cells of `value` are streamed into the
/// store, each number read by the same `NumberParsing` as a CSV cell.

struct JSONStatReader {
    var reader: StatisticsReader
    static let layout = "json-stat"
    typealias Value = JSONScanner.Value

    /// Reads the file at `path` (memory-mapped when it can be).
    func read(path: String, into store: inout ObservationStore) -> PXReader.Read {
        if let file = MappedFile(path: path, minimumSize: 0) {
            var found = withExtendedLifetime(file) { read(file.whole, file: path, into: &store) }
            found.result.cellSource?.stamp = file.stamp
            return found
        }
        // An empty file cannot be mapped; it is read as no bytes (FileManager's reading of an
        // empty file leaks 4 KB, which the fuzzer's leak check reported).
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size == 0 {
            return [UInt8]().withUnsafeBufferPointer { read($0, file: path, into: &store) }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return PXReader.failure(
                [
                    Diagnostic(
                        .error, code: "input.unreadable", "The file \(path) could not be read. Check that it exists and is readable.",
                        at: SourceLocation(file: path))
                ], encoding: "-", layout: Self.layout)
        }
        return [UInt8](data).withUnsafeBufferPointer { read($0, file: path, into: &store) }
    }

    /// A problem of the dataset's structure, naming the JSON path where it is; its line and
    /// column are those of `offset`, else of the value at `path`.
    struct Problem: Error {
        var message: String
        var path: JSONPath
        var offset: Int? = nil
    }

    /// Reads a file's bytes.
    func read(_ buffer: UnsafeBufferPointer<UInt8>, file: String, into store: inout ObservationStore) -> PXReader.Read {
        func refuse(_ diagnostic: Diagnostic) -> PXReader.Read {
            PXReader.failure([diagnostic], encoding: "UTF-8", layout: Self.layout)
        }
        let lines = LineIndex(buffer)
        func refuse(_ problem: Problem) -> PXReader.Read {
            refuse(
                Diagnostic(
                    .error, code: "jsonstat.structure", "\(problem.message) (at `\(problem.path)`)",
                    at: lines.location(of: problem.offset ?? problem.path.offset(in: buffer), file: file)))
        }
        var scanner = JSONScanner(buffer, file: file, lines: lines)
        let root: Value
        do {
            root = try scanner.document(skip: ["value"])
        } catch {
            return refuse(error.diagnostic)
        }
        let cube: Cube
        do {
            cube = try Cube(root, buffer: buffer)
        } catch {
            return refuse(error)
        }
        guard var plan = CubePlan(variables: cube.variables, contentVariable: cube.metric, contents: cube.label, file: file) else {
            let names = cube.variables.map { "`\($0.name)`" }.joined(separator: ", ")
            return refuse(
                Problem(
                    message:
                        "The dataset has no area dimension (Alue, Kunta, Area …) among \(names), so its values belong to no area. Select the Alue variable in the query.",
                    path: "$.id"))
        }
        let before = store.count
        if let time = plan.time {
            // A period that is no year, at its category in `dimension`.
            let index = JSONPath("$.dimension").key(cube.ids[time]).key("category").key("index")
            var bad = plan.years.indices.filter { plan.years[$0] == nil }.makeIterator()
            for at in plan.diagnostics.indices where plan.diagnostics[at].location?.line == 0 {
                guard let value = bad.next() else { break }
                let path = cube.indexIsArray[time] ? index.index(value) : index.key(plan.variables[time].codes?[value] ?? "")
                plan.diagnostics[at].location = lines.location(of: path.offset(in: buffer), file: file)
            }
        }
        var sink = ObservationSink(reader: reader, file: file, store: &store)
        store.placeByPosition(file: sink.fileID)
        sink.diagnostics = plan.diagnostics
        sink.cellLines = lines
        let numbers = NumberParsing(decimalSeparator: ".")
        let cellCount = plan.variables.reduce(1) { $0 * $1.values.count }
        func parsed(_ cell: (start: Int, end: Int)?, at position: Int) -> NumberParsing.Parsed {
            guard let cell else { return .value(.missing(symbol: cube.status?.symbol(position) ?? "")) }
            return numbers.parse(buffer, cell.start, cell.end) ?? .notANumber(String(decoding: buffer[cell.start..<cell.end], as: UTF8.self))
        }
        // The cell's position in `value`, plus 1, stands in for a line in the store: consecutive
        // years are consecutive positions, so the store keeps a series as one run. A diagnostic
        // about the cell names its line and column in the file (`sink.cellOffset`); one about an
        // earlier cell finds it again by its position (`DuplicateOfCell`).
        var cells = JSONScanner(buffer, file: file, lines: lines)
        cells.index = cube.valueStart
        var rows = 0
        do {
            if buffer[cube.valueStart] == UInt8(ascii: "[") {
                var index = [Int](repeating: 0, count: plan.variables.count)
                try Self.streamArray(&cells) { cell, offset in
                    if rows < cellCount {
                        sink.cellOffset = offset
                        plan.add(parsed(cell, at: rows), index: index, line: rows + 1, column: 0, sink: &sink, store: &store)
                        plan.advance(&index)
                    }
                    rows += 1
                }
                guard rows == cellCount else {
                    store.truncate(to: before)
                    let product = plan.variables.map { "\($0.values.count) \($0.name)" }.joined(separator: " × ")
                    return refuse(
                        Problem(
                            message: "`value` holds \(rows) values, but the dataset has \(cellCount) cells (\(product)).", path: "$.value",
                            offset: cube.valueStart))
                }
            } else {
                var positions: [(position: Int, cell: (start: Int, end: Int)?, offset: Int)] = []
                try Self.streamObject(&cells) { key, keyOffset, cell, offset in
                    guard let position = Int(key), position >= 0, position < cellCount else {
                        throw Problem(
                            message: "`value` has the key `\(excerpt(key))`, which is not a cell position 0–\(cellCount - 1).", path: "$.value",
                            offset: keyOffset)
                    }
                    positions.append((position, cell, offset))
                }
                positions.sort { ($0.position, $0.offset) < ($1.position, $1.offset) }
                // A position given twice is a member given twice, as in any other object.
                for (earlier, later) in zip(positions, positions.dropFirst()) where earlier.position == later.position {
                    throw JSONScanner.Failure(
                        diagnostic: Diagnostic(
                            .error, code: "jsonstat.syntax", "The cell position \(later.position) is given twice in `value`.",
                            at: lines.location(of: later.offset, file: file)))
                }
                for (position, cell, offset) in positions {
                    sink.cellOffset = offset
                    plan.add(parsed(cell, at: position), index: plan.index(of: position), line: position + 1, column: 0, sink: &sink, store: &store)
                }
                rows = positions.count
            }
        } catch let error as JSONScanner.Failure {
            store.truncate(to: before)
            return refuse(error.diagnostic)
        } catch let error as Problem {
            store.truncate(to: before)
            return refuse(error)
        } catch {
            store.truncate(to: before)
            return refuse(Problem(message: "\(error)", path: "$.value", offset: cube.valueStart))
        }
        var result = StatisticsReadResult(
            observations: ObservationStore(), areas: [], diagnostics: [], layout: Self.layout, decimalSeparator: ".", rows: rows)
        sink.finish(into: &result, store: store)
        if result.duplicatesOfCells.contains(where: { $0.file == file }) {
            let placed = DuplicateOfCell.place(
                result.duplicatesOfCells.filter { $0.file == file }, buffer: buffer, valueStart: cube.valueStart, lines: lines)
            result.diagnostics = result.diagnostics.map { placed[$0] ?? $0 }
            result.duplicatesOfCells.removeAll { $0.file == file }
        }
        result.cellSource = Source(valueStart: cube.valueStart)
        return PXReader.Read(result: result, encoding: "UTF-8")
    }

    /// The cells of a `value` array: each number's bytes (nil for `null`) and the cell's offset.
    static func streamArray(_ scanner: inout JSONScanner, _ body: ((start: Int, end: Int)?, Int) throws -> Void) throws {
        try scanner.expect(UInt8(ascii: "["), "`[`")
        if scanner.peek() == UInt8(ascii: "]") {
            scanner.index += 1
            return
        }
        repeat {
            _ = scanner.peek()
            let offset = scanner.index
            try body(try cell(&scanner), offset)
        } while try scanner.separator(closing: UInt8(ascii: "]"))
    }

    /// The members of a sparse `value` object: position text and its offset, cell and its offset.
    static func streamObject(_ scanner: inout JSONScanner, _ body: (String, Int, (start: Int, end: Int)?, Int) throws -> Void) throws {
        try scanner.expect(UInt8(ascii: "{"), "`{`")
        if scanner.peek() == UInt8(ascii: "}") {
            scanner.index += 1
            return
        }
        repeat {
            guard scanner.peek() == 0x22 else { throw scanner.failure("a quoted cell position") }
            let keyOffset = scanner.index
            let key = try scanner.string()
            try scanner.expect(UInt8(ascii: ":"), "`:` after a cell position")
            _ = scanner.peek()
            let offset = scanner.index
            try body(key, keyOffset, try cell(&scanner), offset)
        } while try scanner.separator(closing: UInt8(ascii: "}"))
    }

    static func cell(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> (start: Int, end: Int)? {
        guard let byte = scanner.peek() else { throw scanner.failure("a number or `null` in `value`") }
        if byte == UInt8(ascii: "n"), scanner.matches("null") {
            scanner.index += 4
            return nil
        }
        guard byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39) else { throw scanner.failure("a number or `null` in `value`") }
        return try scanner.number()
    }

    /// What the members other than `value` say, checked against each other.
    struct Cube {
        var variables: [PXTable.Variable] = []
        var metric: String?
        var label: String
        var status: Status?
        /// The offset of `value`'s `[` or `{`.
        var valueStart: Int
        /// The dimensions' ids, and whether each gives `category.index` as an array.
        var ids: [String] = []
        var indexIsArray: [Bool] = []

        enum Status {
            case all(String)
            case array([String?])
            case sparse([String: String])

            func symbol(_ position: Int) -> String? {
                switch self {
                case .all(let symbol): return symbol
                case .array(let symbols): return position < symbols.count ? symbols[position] : nil
                case .sparse(let symbols): return symbols[String(position)]
                }
            }
        }

        init(_ root: Value, buffer: UnsafeBufferPointer<UInt8>) throws(Problem) {
            /// A whole number below 2^32 written as a JSON number, nil for anything else.
            func count(_ value: Value) -> Int? {
                guard case .number(let start, let end) = value, end - start <= 10,
                    buffer[start..<end].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                    let number = Int(String(decoding: buffer[start..<end], as: UTF8.self)), number <= Int(UInt32.max)
                else { return nil }
                return number
            }
            guard case .object(let members) = root else { throw Problem(message: "The file holds no JSON-stat dataset (an object).", path: "$") }
            if members["dataset"] != nil, members["id"] == nil {
                throw Problem(
                    message:
                        "This is a JSON-stat 1.x response (`{\"dataset\": …}`); Vitality reads JSON-stat 2.0, which PxWeb's API returns with `\"format\": \"json-stat2\"`.",
                    path: "$.dataset")
            }
            if let kind = members["class"] {
                guard case .string(let text) = kind, text == "dataset" else {
                    throw Problem(message: "The JSON-stat file is not a `dataset`; save one table as a dataset.", path: "$.class")
                }
            }
            let missing = ["id", "size", "dimension", "value"].filter { members[$0] == nil }
            guard missing.isEmpty, case .skipped(let valueStart)? = members["value"] else {
                throw Problem(
                    message: "The file is not a JSON-stat 2.0 dataset: it has no \(missing.map { "`\($0)`" }.joined(separator: ", ")).", path: "$")
            }
            self.valueStart = valueStart
            if case .string(let text)? = members["label"] { label = text } else { label = "" }
            let ids = try Self.strings(members["id"], path: "$.id")
            self.ids = ids
            guard case .array(let sizeValues)? = members["size"] else { throw Problem(message: "`size` must be an array of counts.", path: "$.size") }
            guard ids.count == sizeValues.count else {
                throw Problem(message: "`id` names \(ids.count) dimensions but `size` gives \(sizeValues.count) sizes.", path: "$.size")
            }
            guard case .object(let dimensions)? = members["dimension"] else {
                throw Problem(message: "`dimension` must be an object.", path: "$.dimension")
            }
            var roles: [String: [String]] = [:]
            if let role = members["role"] {
                guard case .object(let named) = role else { throw Problem(message: "`role` must be an object.", path: "$.role") }
                for key in ["time", "metric"] where named[key] != nil { roles[key] = try Self.strings(named[key], path: JSONPath("$.role").key(key)) }
            }
            var cells = 1
            for (position, id) in ids.enumerated() {
                let path = JSONPath("$.dimension").key(id)
                guard dimensions[id] != nil else {
                    throw Problem(
                        message: "`id` names the dimension `\(excerpt(id))`, which `dimension` does not describe.", path: JSONPath("$.id").index(position))
                }
                guard case .object(let dimension)? = dimensions[id], case .object(let category)? = dimension["category"] else {
                    throw Problem(message: "Dimension `\(excerpt(id))` of `id` has no `category` object.", path: path)
                }
                var labels: [String: String] = [:]
                if let labelValue = category["label"] {
                    guard case .object(let named) = labelValue else {
                        throw Problem(message: "`category.label` must be an object.", path: path.key("category").key("label"))
                    }
                    // In order of the ids, so the error names the same category every time.
                    for (code, text) in named.sorted(by: { $0.key < $1.key }) {
                        guard case .string(let label) = text else {
                            throw Problem(message: "The label of category `\(excerpt(code))` is not a text.", path: path.key("category").key("label").key(code))
                        }
                        labels[code] = label
                    }
                }
                var codes: [String]
                switch category["index"] {
                case .array?:
                    codes = try Self.strings(category["index"], path: path.key("category").key("index"))
                    indexIsArray.append(true)
                case .object(let positions)?:
                    codes = Array(repeating: "", count: positions.count)
                    var taken = Set<Int>()
                    for (code, at) in positions.sorted(by: { $0.key < $1.key }) {
                        guard let place = count(at), place < positions.count, taken.insert(place).inserted else {
                            throw Problem(
                                message: "The position of category `\(excerpt(code))` is not one of 0–\(positions.count - 1), or is taken twice.",
                                path: path.key("category").key("index").key(code))
                        }
                        codes[place] = code
                    }
                case nil:
                    // A dimension of one category may give only its label.
                    guard labels.count == 1, let only = labels.keys.first else {
                        throw Problem(message: "Dimension `\(excerpt(id))` has no `category.index`.", path: path.key("category"))
                    }
                    codes = [only]
                default: throw Problem(message: "`category.index` must be an array or an object.", path: path.key("category").key("index"))
                }
                if indexIsArray.count <= position { indexIsArray.append(false) }
                guard let size = count(sizeValues[position]), codes.count == size else {
                    throw Problem(
                        message: "Dimension `\(excerpt(id))` has \(codes.count) categories but `size` does not give that.", path: "$.size[\(position)]")
                }
                guard !codes.isEmpty else { throw Problem(message: "Dimension `\(excerpt(id))` has no categories.", path: path.key("category").key("index")) }
                let (product, overflow) = cells.multipliedReportingOverflow(by: codes.count)
                guard !overflow, product <= Int(UInt32.max) else {
                    throw Problem(message: "The dimensions make more cells than a file can hold.", path: "$.size")
                }
                cells = product
                var name = id
                if case .string(let text)? = dimension["label"], !text.trimmedCSV.isEmpty { name = text }
                variables.append(
                    PXTable.Variable(
                        name: name, values: codes.map { labels[$0] ?? $0 }, codes: codes, isTime: roles["time"]?.contains(id) ?? false,
                        translations: [:]))
            }
            let variables = self.variables
            metric = roles["metric"]?.first.flatMap { id in ids.firstIndex(of: id) }.map { variables[$0].name }
            switch members["status"] {
            case nil, .null?: status = nil
            case .string(let one)?: status = .all(one)
            case .array(let elements)?:
                status = .array(
                    try elements.map { element throws(Problem) -> String? in
                        switch element {
                        case .null: return nil
                        case .string(let symbol): return symbol
                        default: throw Problem(message: "`status` entries must be texts or null.", path: "$.status")
                        }
                    })
            case .object(let named)?:
                var symbols: [String: String] = [:]
                for (key, element) in named {
                    guard case .string(let symbol) = element else { throw Problem(message: "`status` entries must be texts.", path: "$.status") }
                    symbols[key] = symbol
                }
                status = .sparse(symbols)
            default: throw Problem(message: "`status` must be a text, an array or an object.", path: "$.status")
            }
        }

        static func strings(_ value: Value?, path: JSONPath) throws(Problem) -> [String] {
            guard case .array(let elements)? = value else { throw Problem(message: "Expected an array of texts.", path: path) }
            return try elements.enumerated().map { position, element throws(Problem) -> String in
                guard case .string(let text) = element else { throw Problem(message: "Expected an array of texts.", path: path.index(position)) }
                return text
            }
        }
    }
}
