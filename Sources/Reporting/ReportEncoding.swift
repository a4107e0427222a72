import Foundation

/// Deterministic encoders for reports: sorted keys, fixed rounding (applied when the report is
/// built), no timestamps.
public enum ReportEncoding {
    /// The whole report as pretty-printed JSON with sorted keys, ending in a newline.
    public static func json(_ report: Report) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(report)
        data.append(0x0A)
        return data
    }

    /// One call as a single line of JSON (for JSON Lines streams), ending in a newline.
    public static func jsonLine(_ call: CallReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(call)
        data.append(0x0A)
        return data
    }

    /// Whether `text` (JSON, or one line of it) stops inside a value: an object or list left
    /// open, or a string not closed, as a report cut off by a killed run or an incomplete copy
    /// is. Trailing blanks and line breaks are ignored.
    public static func endsInsideValue<Bytes: Collection>(_ text: Bytes) -> Bool where Bytes.Element == UInt8 {
        var depth = 0
        var inString = false, escaped = false, started = false
        for byte in text {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                started = true
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return started && (inString || depth > 0)
    }

    /// Decodes a report written by `json(_:)`.
    public static func decode(_ data: Data) throws -> Report {
        try JSONDecoder().decode(Report.self, from: data)
    }
}
