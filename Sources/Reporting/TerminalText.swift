/// Text for a terminal or a log line: control characters written as escapes.
public enum TerminalText {
    /// `text` with each control character (a line break, a tab, an escape that a terminal would
    /// run) written as `\n`, `\t`, `\r` or `\u{1B}`: a file name holding a line break split the
    /// "one line per failed file" of a cron log in two, and one holding an escape sequence
    /// recoloured the operator's terminal. A Unicode bidirectional control (U+202E and the other
    /// embeddings, overrides, isolates and marks) is written so too: an agent or file named
    /// `Marco <U+202E>issoR` showed as "Marco Rossi", and the override reordered the rest of the
    /// line (the HTML report neutralises them the same way).
    public static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where isControl(scalar): result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.properties.isBidiControl
    }
}
