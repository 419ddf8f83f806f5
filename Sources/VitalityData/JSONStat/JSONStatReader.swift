import Foundation
import VitalityModel

/// Reads a JSON-stat 2.0 dataset (`.json` in `statistics/`), as PxWeb's API returns a table
/// (DATA.md §1): `id` and `size` name the dimensions in order, each dimension's
/// `category.index` (an array of ids or an object of id → position) orders its categories and
/// `category.label` names them; `role.time` and `role.metric` mark the time and content
/// dimensions; `value` holds the cells in row-major order of `id` (an array, `null` for a
/// missing cell, or a sparse object of position → value), `status` a symbol per cell (one
/// string for all, an array or an object). The cube is resolved as a PC-Axis table is
/// (`CubePlan`): the dimension names play the variable names, category labels the values and
/// category ids their codes.
///
/// Foundation's `JSONDecoder` reads the file: measured by `scripts/bench-px.sh` on the 4.6 M
/// rows of `gen_data.py --scale`, it stays within the bounds the issue sets (see the README's
/// reader table), so no parser of our own is needed.
struct JSONStatReader {
    var reader: StatisticsReader
    static let layout = "json-stat"

    /// A dataset as JSON-stat 2.0 writes it; members Vitality does not use are not decoded.
    struct Dataset: Decodable {
        var version: String?
        var `class`: String?
        var label: String?
        var id: [String]?
        var size: [Int]?
        var dimension: [String: Dimension]?
        var role: Role?
        var value: Values?
        var status: Status?
        /// The JSON-stat 1.x wrapper `{"dataset": {…}}`, recognised to refuse it clearly.
        var dataset: Ignored?
    }

    struct Ignored: Decodable {}

    struct Dimension: Decodable {
        var label: String?
        var category: Category?
    }

    struct Category: Decodable {
        var index: Index?
        var label: [String: String]?
    }

    enum Index: Decodable {
        case array([String])
        case object([String: Int])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let array = try? container.decode([String].self) {
                self = .array(array)
            } else {
                self = .object(try container.decode([String: Int].self))
            }
        }
    }

    struct Role: Decodable {
        var time: [String]?
        var metric: [String]?
    }

    enum Values: Decodable {
        case array([Double?])
        case sparse([String: Double?])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let array = try? container.decode([Double?].self) {
                self = .array(array)
            } else {
                self = .sparse(try container.decode([String: Double?].self))
            }
        }
    }

    enum Status: Decodable {
        case all(String)
        case array([String?])
        case sparse([String: String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let one = try? container.decode(String.self) {
                self = .all(one)
            } else if let array = try? container.decode([String?].self) {
                self = .array(array)
            } else {
                self = .sparse(try container.decode([String: String].self))
            }
        }

        func symbol(_ position: Int) -> String? {
            switch self {
            case .all(let symbol): return symbol
            case .array(let symbols): return position < symbols.count ? symbols[position] : nil
            case .sparse(let symbols): return symbols[String(position)]
            }
        }
    }

    func read(path: String, into store: inout ObservationStore) -> PXReader.Read {
        guard let data = FileManager.default.contents(atPath: path) else {
            return PXReader.failure(
                [
                    Diagnostic(
                        .error, code: "input.unreadable", "The file \(path) could not be read. Check that it exists and is readable.",
                        at: SourceLocation(file: path))
                ], encoding: "-", layout: Self.layout)
        }
        return read(data, file: path, into: &store)
    }

    func read(_ data: Data, file: String, into store: inout ObservationStore) -> PXReader.Read {
        func failure(_ message: String, path: String? = nil) -> PXReader.Read {
            let place = path.map { " (at `\($0)`)" } ?? ""
            return PXReader.failure(
                [Diagnostic(.error, code: "jsonstat.structure", message + place, at: SourceLocation(file: file, line: 1, column: 1))],
                encoding: "UTF-8", layout: Self.layout)
        }
        let dataset: Dataset
        do {
            dataset = try JSONDecoder().decode(Dataset.self, from: data)
        } catch let error as DecodingError {
            return failure(Self.describe(error))
        } catch {
            return failure("The file is not JSON: \(error.localizedDescription)")
        }
        if dataset.dataset != nil, dataset.id == nil {
            return failure(
                "This is a JSON-stat 1.x response (`{\"dataset\": …}`); Vitality reads JSON-stat 2.0, which PxWeb's API returns with `\"format\": \"json-stat2\"`."
            )
        }
        guard dataset.`class` == nil || dataset.`class` == "dataset" else {
            return failure("The JSON-stat file is a `\(dataset.`class` ?? "")`, not a `dataset`; save one table as a dataset.", path: "$.class")
        }
        guard let ids = dataset.id, let sizes = dataset.size, let dimensions = dataset.dimension, let values = dataset.value else {
            let missing = [("id", dataset.id == nil), ("size", dataset.size == nil), ("dimension", dataset.dimension == nil), ("value", dataset.value == nil)]
                .filter(\.1).map { "`\($0.0)`" }.joined(separator: ", ")
            return failure("The file is not a JSON-stat 2.0 dataset: it has no \(missing).", path: "$")
        }
        guard ids.count == sizes.count else {
            return failure("`id` names \(ids.count) dimensions but `size` gives \(sizes.count) sizes.", path: "$.size")
        }
        var variables: [PXTable.Variable] = []
        var cellCount = 1
        for (position, id) in ids.enumerated() {
            guard let dimension = dimensions[id], let category = dimension.category else {
                return failure("Dimension `\(excerpt(id))` of `id` has no `category`.", path: "$.dimension.\(id)")
            }
            var codes: [String]
            switch category.index {
            case .array(let array)?: codes = array
            case .object(let object)?:
                codes = Array(repeating: "", count: object.count)
                for (code, at) in object {
                    guard at >= 0, at < object.count, codes[at].isEmpty else {
                        return failure(
                            "Position \(at) of category `\(excerpt(code))` is not one of 0–\(object.count - 1) or is taken twice.",
                            path: "$.dimension.\(id).category.index")
                    }
                    codes[at] = code
                }
            case nil:
                // A dimension of one category may give only its label.
                guard let labels = category.label, labels.count == 1, let only = labels.keys.first else {
                    return failure("Dimension `\(excerpt(id))` has no `category.index`.", path: "$.dimension.\(id).category")
                }
                codes = [only]
            }
            guard codes.count == sizes[position] else {
                return failure("Dimension `\(excerpt(id))` has \(codes.count) categories but `size` gives \(sizes[position]).", path: "$.size[\(position)]")
            }
            guard !codes.isEmpty else { return failure("Dimension `\(excerpt(id))` has no categories.", path: "$.dimension.\(id).category.index") }
            let (product, overflow) = cellCount.multipliedReportingOverflow(by: codes.count)
            guard !overflow, product <= Int(UInt32.max) else { return failure("The dimensions make more cells than a file can hold.", path: "$.size") }
            cellCount = product
            variables.append(
                PXTable.Variable(
                    name: dimension.label ?? id, values: codes.map { category.label?[$0] ?? $0 }, codes: codes,
                    isTime: dataset.role?.time?.contains(id) ?? false, translations: [:]))
        }
        let metric = dataset.role?.metric?.first.flatMap { id in ids.firstIndex(of: id) }.map { variables[$0].name }
        guard var plan = CubePlan(variables: variables, contentVariable: metric, contents: dataset.label ?? "", file: file) else {
            let names = variables.map { "`\($0.name)`" }.joined(separator: ", ")
            return failure(
                "The dataset has no area dimension (Alue, Kunta, Area …) among \(names), so its values belong to no area. Select the Alue variable in the query.",
                path: "$.id")
        }
        let before = store.count
        var sink = ObservationSink(reader: reader, file: file, store: &store)
        sink.diagnostics = plan.diagnostics
        func add(_ value: Double?, at position: Int, index: [Int]) {
            let parsed: NumberParsing.Parsed
            if let value {
                parsed = .value(.number(value))
            } else {
                let symbol = dataset.status?.symbol(position) ?? ""
                parsed = .value(.missing(symbol: symbol))
            }
            plan.add(parsed, index: index, line: 0, column: 0, sink: &sink, store: &store)
        }
        var rows = 0
        switch values {
        case .array(let cells):
            guard cells.count == cellCount else {
                store.truncate(to: before)
                let product = zip(sizes, variables).map { "\($0) \($1.name)" }.joined(separator: " × ")
                return failure("`value` holds \(cells.count) values, but the dataset has \(cellCount) cells (\(product)).", path: "$.value")
            }
            var index = [Int](repeating: 0, count: variables.count)
            for (position, cell) in cells.enumerated() {
                add(cell, at: position, index: index)
                plan.advance(&index)
            }
            rows = cells.count
        case .sparse(let cells):
            var positions: [(Int, Double?)] = []
            positions.reserveCapacity(cells.count)
            for (key, cell) in cells {
                guard let position = Int(key), position >= 0, position < cellCount else {
                    return failure("`value` has the key `\(excerpt(key))`, which is not a cell position 0–\(cellCount - 1).", path: "$.value")
                }
                positions.append((position, cell))
            }
            positions.sort { $0.0 < $1.0 }
            for (position, cell) in positions { add(cell, at: position, index: plan.index(of: position)) }
            rows = positions.count
        }
        var result = StatisticsReadResult(
            observations: ObservationStore(), areas: [], diagnostics: [], layout: Self.layout, decimalSeparator: ".", rows: rows)
        sink.finish(into: &result, store: store)
        return PXReader.Read(result: result, encoding: "UTF-8")
    }

    /// A decoding error in words, with the JSON path where it happened.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            "$" + context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
        }
        switch error {
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "The file is not valid JSON: \(underlying ?? context.debugDescription) (at `\(path(context))`)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "Unexpected JSON-stat content at `\(path(context))`: \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "`\(key.stringValue)` is missing at `\(path(context))`."
        @unknown default:
            return "The file is not a JSON-stat dataset: \(error)"
        }
    }
}
