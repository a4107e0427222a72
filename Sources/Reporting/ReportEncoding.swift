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

    /// Decodes a report written by `json(_:)`.
    public static func decode(_ data: Data) throws -> Report {
        try JSONDecoder().decode(Report.self, from: data)
    }
}
