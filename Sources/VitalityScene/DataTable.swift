/// The numbers a picture shows, as a table of strings: written beside a chart as CSV for
/// readers who check the figures and for assistive technology.
public struct DataTable: Sendable, Hashable {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// RFC 4180 CSV: comma separated, CRLF line ends, fields quoted when they hold a comma,
    /// quote or line break. UTF-8 without a byte order mark.
    public func csv() -> String {
        func field(_ text: String) -> String {
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
        }
        return ([columns] + rows).map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }
}
