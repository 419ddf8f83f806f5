/// The numbers a picture shows, as a table of strings: written beside a chart as CSV for
/// readers who check the figures and for assistive technology.
package struct DataTable: Sendable, Hashable, Codable {
    package var columns: [String]
    package var rows: [[String]]

    package init(columns: [String], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// RFC 4180 CSV: comma separated, CRLF line ends, each cell written by `CSVField.encode`
    /// (quoted when needed, formulas neutralised, control characters replaced). UTF-8 without a
    /// byte order mark.
    package func csv() -> String {
        ([columns] + rows).map { $0.map(CSVField.encode).joined(separator: ",") + "\r\n" }.joined()
    }
}
