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

extension Diagnostics {
    /// The `--log-format` that `arguments` (the command line after the program name) ask for,
    /// read before they are parsed: a usage error found while parsing them (`--jobs 0`, a bad
    /// `--shard`) is written in that format too. `.text` unless `json` is asked for.
    public static func logFormat(in arguments: [String]) -> LogFormat {
        var format = LogFormat.text
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { break }
            if argument == "--log-format", index + 1 < arguments.count {
                format = LogFormat(rawValue: arguments[index + 1]) ?? .text
            } else if argument.hasPrefix("--log-format=") {
                format = LogFormat(rawValue: String(argument.dropFirst("--log-format=".count))) ?? .text
            }
        }
        return format
    }

    /// A usage error (exit status 2) in `--log-format json`: one object, `level` "error", the
    /// message and `"usage": true`; it was the plain text the argument parser prints, the one line
    /// of such a run a log collector could not read.
    public static func usageError(_ text: String) {
        runMessage(text, level: "error", format: .json, fields: ["usage": .flag(true)])
    }
}
