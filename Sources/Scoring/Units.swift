/// Threshold quantities with units, as supervisors write them: `5s`, `500 ms`, `2 min`, `30%`,
/// `-20 LUFS`, `3 LU`, `-1 dBTP`, `-45 dBFS`, `10 dB`, or a bare number in the metric's unit;
/// durations also spelled out (`5 seconds`, `2 minuti`, `30 segundos`: `durationWords`).
enum Units {
    /// Suffixes each metric unit accepts, with the factor that converts to the metric's unit.
    static let suffixes: [MetricUnit: [(String, Double)]] = [
        .seconds: [("ms", 0.001), ("min", 60), ("s", 1), ("sec", 1)],
        .ratio: [("%", 0.01)],
        .count: [],
        .lufs: [("LUFS", 1)],
        .lu: [("LU", 1)],
        .dbfs: [("dBFS", 1), ("dBov", 1)],
        .dbtp: [("dBTP", 1)],
        .decibels: [("dB", 1)],
    ]

    /// All suffixes any unit accepts (to recognise a wrong unit).
    static let allSuffixes = ["ms", "min", "sec", "s", "%", "LUFS", "LU", "dBFS", "dBov", "dBTP", "dB"]

    /// Durations spelled out, in English and in the languages of the job profiles the product
    /// serves (Italian, Spanish, Romanian), in seconds per unit: `5 seconds`, `2 minuti`,
    /// `30 segundos`, `3 secunde`. A word means one thing in every language that has it (`minute`
    /// is English and Romanian, `minuto` Italian and Spanish), so nothing is guessed; any case
    /// is read (`5 Secondi`), as a word's case carries no meaning, unlike `dB` and `dBFS`.
    static let durationWords: [String: Double] = {
        let seconds = [
            "second", "seconds", "secs",  // English
            "secondo", "secondi",  // Italian
            "segundo", "segundos", "seg",  // Spanish
            "secundă", "secunda", "secunde",  // Romanian
        ]
        let minutes = [
            "minute", "minutes", "mins",  // English (and Romanian "minute")
            "minuto", "minuti", "minutos", "minut",
        ]
        let milliseconds = [
            "millisecond", "milliseconds", "msec", "millisecondo", "millisecondi", "milisegundo", "milisegundos",
            "milisecundă", "milisecunda", "milisecunde",
        ]
        var words: [String: Double] = [:]
        for word in seconds { words[word] = 1 }
        for word in minutes { words[word] = 60 }
        for word in milliseconds { words[word] = 0.001 }
        return words
    }()

    /// The seconds one `word` of `durationWords` stands for, in any case; `nil` for another word.
    static func durationWord(_ word: String) -> Double? {
        durationWords[word.lowercased()]
    }

    /// The number `text` writes in decimal (`10`, `-1.5`, `2.5e3`), or `nil`. `Double(String)`
    /// also reads hexadecimal (`0x10` is 16, `0x1p3` is 8), `nan` and `inf`: a threshold of
    /// `0x10` read as 16 s in silence, where the docs promise that nothing else is guessed.
    static func decimal<Text: StringProtocol>(_ text: Text) -> Double? {
        guard text.contains(where: \.isNumber), text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              let value = Double(String(text)), value.isFinite else { return nil }
        return value
    }

    static func split(_ text: String) -> (number: Double, suffix: String)? {
        var end = text.endIndex
        while end > text.startIndex, let last = text[text.index(before: end)...].first, !(last.isNumber || last == ".") {
            end = text.index(before: end)
        }
        let numberText = text[..<end].trimmingCharacters(in: .whitespaces)
        let suffix = text[end...].trimmingCharacters(in: .whitespaces)
        guard let number = decimal(numberText) else { return nil }
        return (number, suffix)
    }

    static func parse(_ text: String, as unit: MetricUnit) -> Double? {
        guard let (number, suffix) = split(text) else { return nil }
        if suffix.isEmpty {
            if unit == .ratio, abs(number) > 1 { return nil }
            if unit == .count, number != number.rounded() { return nil }
            return number
        }
        if unit == .seconds, let factor = durationWord(suffix) { return number * factor }
        guard let factor = suffixes[unit]?.first(where: { $0.0 == suffix })?.1 else { return nil }
        return number * factor
    }

    static func explain(_ text: String, as unit: MetricUnit) -> String {
        let accepted = (suffixes[unit] ?? []).map(\.0)
        let example = unit.format(unit == .ratio ? 0.3 : unit == .count ? 2 : unit == .seconds ? 5 : -20)
        if let hint = commaHint(text) { return hint }
        if text.drop(while: { $0 == "-" || $0 == "+" }).lowercased().hasPrefix("0x") {
            return "'\(text)' is written in hexadecimal; write the number in decimal, e.g. \(example)"
        }
        if let (number, suffix) = leadingNumber(text),
           let hint = unitHint(suffix, number: number, text: text, unit: unit, accepted: accepted, example: example) {
            return hint
        }
        guard let (number, suffix) = split(text) else {
            return "'\(text)' is not a number with a unit; write e.g. \(example)"
        }
        if suffix.isEmpty, unit == .ratio {
            return "'\(text)' is out of range for a ratio; write a percentage such as 30% or a fraction such as 0.3"
        }
        if suffix.isEmpty, unit == .count {
            return "'\(text)' is not a whole number; counts are whole numbers"
        }
        if allSuffixes.contains(suffix) || durationWord(suffix) != nil {
            let expected = accepted.isEmpty ? "no unit (a plain number)" : accepted.joined(separator: ", ")
            return "wrong unit '\(suffix)' in '\(text)': this metric is measured in \(unit.rawValue); use \(expected), e.g. \(example)"
        }
        _ = number
        return "unknown unit '\(suffix)' in '\(text)'; write e.g. \(example)"
    }

    /// The number `text` starts with (a sign, digits, a decimal point) and the rest, trimmed.
    static func leadingNumber(_ text: String) -> (number: Double, rest: String)? {
        var end = text.startIndex
        while end < text.endIndex {
            let c = text[end]
            guard c.isASCII, c.isNumber || c == "." || ((c == "-" || c == "+") && end == text.startIndex) else { break }
            end = text.index(after: end)
        }
        guard let number = Double(text[..<end]), number.isFinite else { return nil }
        return (number, text[end...].trimmingCharacters(in: .whitespaces))
    }

    /// What to write instead of a number with a comma: a decimal comma (`3,5`: Italian, Spanish,
    /// Romanian, French, German ...) or a thousands separator (`1,000`), which a threshold never
    /// takes. Not guessed: `1,000` is a thousand to some and one to others.
    static func commaHint(_ text: String) -> String? {
        let numeric = text.prefix { "+-0123456789.,".contains($0) }
        guard numeric.contains(",") else { return nil }
        let rest = text.dropFirst(numeric.count)
        let parts = numeric.split(separator: ",", omittingEmptySubsequences: false)
        if parts.count == 2, !numeric.contains("."), let whole = parts.first, let fraction = parts.last,
           whole.contains(where: \.isNumber), !fraction.isEmpty, fraction.allSatisfy(\.isNumber) {
            if fraction.count == 3 {
                return "'\(text)' has a comma: write \(whole)\(fraction)\(rest) if it separates thousands, or "
                    + "\(whole).\(fraction)\(rest) if it is a decimal comma (numbers take a decimal point and no thousands separator)"
            }
            return "'\(text)' has a decimal comma: write \(whole).\(fraction)\(rest), with a decimal point"
        }
        return "'\(text)' has a comma: write the number with a decimal point and no thousands separator, e.g. 1000.5"
    }

    /// G.711 digital milliwatt: 0 dBm0 is -3.14 dBov (A-law; -3.17 µ-law) per ITU-T G.100.1, and
    /// callqa's dBFS is dBov (0 dBFS = a full-scale square wave).
    static let dBm0InDBFS = -3.14

    /// What to write instead of a unit that is nearly right: dBm0 and dBm (telephone line levels,
    /// not dBFS), LKFS (BS.1770's name for LUFS), a unit in the wrong case (`dbfs`, `lufs`).
    static func unitHint(
        _ suffix: String, number: Double, text: String, unit: MetricUnit, accepted: [String], example: String
    ) -> String? {
        let lower = suffix.lowercased()
        func wrongUnit(_ written: String) -> String {
            let expected = accepted.isEmpty ? "no unit (a plain number)" : accepted.joined(separator: ", ")
            return "wrong unit '\(written)' in '\(text)': this metric is measured in \(unit.rawValue); use \(expected), e.g. \(example)"
        }
        switch lower {
        case "dbm0":
            guard unit == .dbfs else { return wrongUnit(suffix) }
            return "dBm0 is not dBFS: for µ-law/A-law (G.711) audio, 0 dBm0 = -3.14 dBFS (A-law; -3.17 µ-law), so '\(text)' "
                + "is about \(unit.format(number + dBm0InDBFS)); write the value in dBFS"
        case "dbm":
            guard unit == .dbfs else { return wrongUnit(suffix) }
            return "dBm is an analogue line level, which a recording does not carry; write the digital level in dBFS "
                + "(for µ-law/A-law (G.711) audio, 0 dBm0 = -3.14 dBFS: \(MetricUnit.trim(number)) dBm0 is about \(unit.format(number + dBm0InDBFS)))"
        case "lkfs":
            guard unit == .lufs else { return wrongUnit(suffix) }
            return "LKFS is BS.1770's name for LUFS (the same scale): write \(unit.format(number))"
        default:
            guard let proper = allSuffixes.first(where: { $0.lowercased() == lower }), proper != suffix else { return nil }
            guard accepted.contains(proper) else { return wrongUnit(suffix) }
            return "unit '\(suffix)' in '\(text)' is written '\(proper)' (units are case-sensitive), e.g. \(unit.format(number))"
        }
    }
}

/// "Did you mean" suggestions by edit distance.
enum Suggestions {
    static func closest(to word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    /// What an unknown metric name may have meant: the closest name, or else every name (up to
    /// three) holding each word of it, as the metrics are named per party (`talk_ratio`:
    /// `agent_talk_ratio` or `customer_talk_ratio`; `agent_speech_level_dbfs`:
    /// `agent_active_speech_level_dbfs`), which the closest name alone never reached. "" for none.
    static func metricSuggestion(for word: String, in names: [String]) -> String {
        if let closest = closest(to: word, in: names) { return "; did you mean '\(closest)'?" }
        let words = Set(word.lowercased().split(separator: "_").map(String.init))
        guard !words.isEmpty else { return "" }
        let holding = names.filter { words.isSubset(of: $0.split(separator: "_").map(String.init)) }
        guard !holding.isEmpty, holding.count <= 3 else { return "" }
        let quoted = holding.map { "'\($0)'" }
        let list = quoted.count == 1 ? quoted[0] : "\(quoted.dropLast().joined(separator: ", ")) or \(quoted[quoted.count - 1])"
        return "; did you mean \(list)?"
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }
}
