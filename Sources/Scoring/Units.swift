/// Threshold quantities with units, as supervisors write them: `5s`, `500 ms`, `2 min`, `30%`,
/// `-20 LUFS`, `3 LU`, `-1 dBTP`, `-45 dBFS`, `10 dB`, or a bare number in the metric's unit.
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

    static func split(_ text: String) -> (number: Double, suffix: String)? {
        var end = text.endIndex
        while end > text.startIndex, let last = text[text.index(before: end)...].first, !(last.isNumber || last == ".") {
            end = text.index(before: end)
        }
        let numberText = text[..<end].trimmingCharacters(in: .whitespaces)
        let suffix = text[end...].trimmingCharacters(in: .whitespaces)
        guard let number = Double(numberText), number.isFinite else { return nil }
        return (number, suffix)
    }

    static func parse(_ text: String, as unit: MetricUnit) -> Double? {
        guard let (number, suffix) = split(text) else { return nil }
        if suffix.isEmpty {
            if unit == .ratio, abs(number) > 1 { return nil }
            if unit == .count, number != number.rounded() { return nil }
            return number
        }
        guard let factor = suffixes[unit]?.first(where: { $0.0 == suffix })?.1 else { return nil }
        return number * factor
    }

    static func explain(_ text: String, as unit: MetricUnit) -> String {
        let accepted = (suffixes[unit] ?? []).map(\.0)
        let example = unit.format(unit == .ratio ? 0.3 : unit == .count ? 2 : unit == .seconds ? 5 : -20)
        guard let (number, suffix) = split(text) else {
            return "'\(text)' is not a number with a unit; write e.g. \(example)"
        }
        if suffix.isEmpty, unit == .ratio {
            return "'\(text)' is out of range for a ratio; write a percentage such as 30% or a fraction such as 0.3"
        }
        if suffix.isEmpty, unit == .count {
            return "'\(text)' is not a whole number; counts are whole numbers"
        }
        if allSuffixes.contains(suffix) {
            let expected = accepted.isEmpty ? "no unit (a plain number)" : accepted.joined(separator: ", ")
            return "wrong unit '\(suffix)' in '\(text)': this metric is measured in \(unit.rawValue); use \(expected), e.g. \(example)"
        }
        _ = number
        return "unknown unit '\(suffix)' in '\(text)'; write e.g. \(example)"
    }
}

/// "Did you mean" suggestions by edit distance.
enum Suggestions {
    static func closest(to word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
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
