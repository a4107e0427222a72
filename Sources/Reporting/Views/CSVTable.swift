import CSV
import Foundation

/// How a CSV table is written, for the program that opens it. Excel opens a CSV file by its
/// locale: in Italian, Spanish, French, German ... it splits fields on semicolons and reads decimal
/// commas, so a comma-separated file was one column of text; and it reads a CSV file as UTF-8 only
/// when it starts with a byte order mark (without one, `Ștefan` shows as `È˜tefan`).
public enum CSVStyle: String, CaseIterable, Sendable {
    /// RFC 4180: commas, decimal points, UTF-8 without a byte order mark (for scripts).
    case plain
    /// Excel in locales with a decimal point (English): commas, decimal points, a UTF-8 byte order mark.
    case excel
    /// Excel in locales with a decimal comma (Italian, Spanish, French, German, Romanian ...):
    /// semicolons, decimal commas, a UTF-8 byte order mark.
    case excelSemicolon = "excel-semicolon"
}

/// A table for spreadsheets: RFC 4180 CSV (UTF-8, CRLF, a header row), numbers unquoted,
/// text quoted only when it must be. Text that a spreadsheet would run as a formula (starting,
/// after any spaces, with =, +, -, @ or their full-width forms, a tab or a carriage return) gets
/// a leading apostrophe, so a manifest value cannot execute in Excel or LibreOffice.
public struct CSVTable: Sendable {
    /// One cell.
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        case integer(Int)
        case empty
    }

    public var header: [String]
    public var rows: [[Cell]]

    public init(header: [String], rows: [[Cell]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The CSV document, written in `style`.
    public func render(style: CSVStyle = .plain) -> Data {
        let stream = OutputStream(toMemory: ())
        stream.open()
        // Writing to memory cannot fail once the stream is open.
        if let writer = try? CSVWriter(stream: stream, delimiter: style == .excelSemicolon ? ";" : ",", newline: .crlf) {
            try? writer.write(row: header.map(Self.safeText))
            for row in rows { try? writer.write(row: row.map { Self.field($0, decimalComma: style == .excelSemicolon) }) }
            writer.stream.close()
        }
        var data = style == .plain ? Data() : Data([0xEF, 0xBB, 0xBF])
        data.append(stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data())
        data.append(contentsOf: Array("\r\n".utf8))
        return data
    }

    private static func field(_ cell: Cell, decimalComma: Bool) -> String {
        switch cell {
        case .text(let text): safeText(text)
        case .number(let value):
            value.isFinite ? (decimalComma ? shortest(value).replacingOccurrences(of: ".", with: ",") : shortest(value)) : ""
        case .integer(let value): String(value)
        case .empty: ""
        }
    }

    /// `3` rather than `3.0`; otherwise Swift's shortest round-tripping form.
    private static func shortest(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// The characters a spreadsheet may start a formula with: ASCII and their full-width forms
    /// (which Excel in East Asian locales reads as the ASCII ones), a tab and a carriage return.
    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"]

    /// `text` with a leading apostrophe when it starts, after any spaces (which a spreadsheet's
    /// import may trim), with a formula's first character.
    private static func safeText(_ text: String) -> String {
        guard let first = text.unicodeScalars.first(where: { $0 != " " && $0 != "\u{A0}" }),
            formulaStarts.contains(first)
        else { return text }
        return "'" + text
    }
}
