import Foundation

extension Diagnostics {
    /// A run message on standard error in the run's `--log-format`: a plain `callqa: ` line, or
    /// one JSON object (`level`, `message` and `fields`) for log collectors, as the run's failure
    /// and summary lines are written.
    static func runMessage(_ text: String, level: String, format: LogFormat, fields: [String: String] = [:]) {
        switch format {
        case .text:
            message(text)
        case .json:
            var object = fields
            object["level"] = level
            object["message"] = text
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(object) {
                // Nowhere left to report a failure to write standard error itself.
                try? OutputSink.standardError.write(data + Data("\n".utf8))
            }
        }
    }
}
