import Foundation
import Reporting

/// A field of a JSON log line, written with its type: counts as numbers, flags as booleans.
enum LogValue: Encodable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    case text(String)
    case integer(Int)
    case number(Double)
    case flag(Bool)

    init(stringLiteral value: String) { self = .text(value) }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .flag(let value): try container.encode(value)
        }
    }
}

extension Diagnostics {
    /// A run message on standard error in the run's `--log-format`: a plain `callqa: ` line, or
    /// one JSON object (`level`, `message` and `fields`) for log collectors, as the run's failure
    /// and summary lines are written.
    static func runMessage(_ text: String, level: String, format: LogFormat, fields: [String: LogValue] = [:]) {
        switch format {
        case .text:
            message(TerminalText.escapingControls(text))
        case .json:
            var object = fields
            object["level"] = .text(level)
            object["message"] = .text(text)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(object) {
                // Nowhere left to report a failure to write standard error itself.
                try? OutputSink.standardError.write(data + Data("\n".utf8))
            }
        }
    }
}
