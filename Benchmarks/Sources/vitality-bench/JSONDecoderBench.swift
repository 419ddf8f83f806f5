import Foundation

/// The library candidate for JSON-stat: the dataset decoded by Foundation's `JSONDecoder` into
/// the types a reader would need (dimensions, roles, `value` as `[Double?]`), without storing
/// observations. `scripts/bench-px.sh` runs it beside the reader; its time and peak memory are
/// why `JSONScanner` exists.
struct DecodedDataset: Decodable {
    struct Dimension: Decodable {
        var label: String?
        var category: Category
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

    var id: [String]
    var size: [Int]
    var dimension: [String: Dimension]
    var role: Role?
    var value: [Double?]
}

func jsonDecoder(file: String) {
    let clock = ContinuousClock()
    let start = clock.now
    guard let data = FileManager.default.contents(atPath: file) else {
        print("cannot read \(file)")
        exit(1)
    }
    let cells: Int
    do {
        cells = try JSONDecoder().decode(DecodedDataset.self, from: data).value.count
    } catch {
        print("JSONDecoder: \(error)")
        exit(1)
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print(
        String(
            format: "JSONDecoder decoded %.1f MB, %d cells in %.3f s: %.2f M cells/s; peak RSS %.0f MB",
            Double(data.count) / 1e6, cells, seconds, Double(cells) / seconds / 1e6, Double(usage.ru_maxrss) * 1024 / 1e6))
}
