import VitalityModel

/// A place in a JSON document (`$.dimension.Alue.category.index`, `$.size[2]`): named in a
/// diagnostic's message, and found in the file's bytes when the diagnostic is made, to give its
/// line and column (`offset(in:)`).
struct JSONPath: CustomStringConvertible, ExpressibleByStringInterpolation {
    enum Step: Equatable {
        case key(String)
        case index(Int)
    }

    var steps: [Step] = []

    /// `$.a.b[2]`: keys after `.`, positions in `[]`. A key holding `.` or `[` is given with
    /// `key(_:)`.
    init(stringLiteral text: String) {
        var rest = Substring(text.hasPrefix("$") ? String(text.dropFirst()) : text)
        while let first = rest.first {
            rest = rest.dropFirst()
            if first == "[", let close = rest.firstIndex(of: "]"), let position = Int(rest[..<close]) {
                steps.append(.index(position))
                rest = rest[rest.index(after: close)...]
            } else {
                let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                steps.append(.key(String(rest[..<end])))
                rest = rest[end...]
            }
        }
    }

    init(steps: [Step]) { self.steps = steps }

    func key(_ name: String) -> JSONPath { JSONPath(steps: steps + [.key(name)]) }
    func index(_ position: Int) -> JSONPath { JSONPath(steps: steps + [.index(position)]) }

    var description: String {
        "$"
            + steps.map { step in
                switch step {
                case .key(let name): return "." + name
                case .index(let position): return "[\(position)]"
                }
            }.joined()
    }

    /// The offset of the value at this path in a JSON text; where a step is not there (or the
    /// text is not JSON up to it), the offset of the last value found on the way.
    func offset(in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var scanner = JSONScanner(buffer, file: "")
        _ = scanner.peek()
        var found = scanner.index
        for step in steps {
            guard scanner.enter(step) else { break }
            found = scanner.index
        }
        return found
    }
}

/// Line and column (in bytes, from 1) of byte offsets in a text, for diagnostics: the line
/// starts are found when the first place is asked for, never while scanning.
final class LineIndex {
    private let buffer: UnsafeBufferPointer<UInt8>
    private var starts: [Int] = []

    init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

    func location(of offset: Int, file: String) -> SourceLocation {
        if starts.isEmpty {
            starts.append(0)
            for (index, byte) in buffer.enumerated() where byte == 0x0A { starts.append(index + 1) }
        }
        // The last line start at or before the offset.
        var low = 0
        var high = starts.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if starts[middle] <= offset { low = middle } else { high = middle }
        }
        return SourceLocation(file: file, line: low + 1, column: offset - starts[low] + 1)
    }
}
