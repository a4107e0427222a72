import Foundation

/// How a checklist's score is reported and judged against its pass mark: the one rule for the
/// verdict and for every view of the score (docs/metrics.md, "Score arithmetic").
///
/// A score is reported to `places` decimals (the report's `score`), and a call passes when the
/// score as reported is at or above the pass mark: 69.997 (weights 6999.7 and 3000.3) is reported
/// as 70 and passes a pass mark of 70; two items of three (66.666...) are reported as 66.67 and
/// pass a pass mark of 66.67. The verdict compared the unrounded score, and every view showed a
/// score equal to the pass mark next to "fail".
public enum ChecklistScore {
    /// Decimals a score is reported with.
    public static let places = 2

    /// `score` (0-100) as reported: to `places` decimals.
    public static func reported(_ score: Double) -> Double { rounded(score, places: places) }

    /// Whether `score` (0-100) passes `passMark` (0-100): its reported value is at or above it.
    public static func passes(_ score: Double, passMark: Double) -> Bool { reported(score) >= passMark }

    /// `score` written for a person with `places` decimals (0 in the terminal summary, 1 on the
    /// HTML page), or more, up to the reported `places`, when fewer would carry it across
    /// `passMark`: 69.96 against 70 reads "69.96", not "70" next to "FAIL".
    public static func text(_ score: Double, passMark: Double?, places shownPlaces: Int) -> String {
        let base = max(0, min(shownPlaces, places))
        let needed = passMark.flatMap { passMark in
            (base...places).first { (rounded(score, places: $0) >= passMark) == passes(score, passMark: passMark) }
        } ?? base
        return String(format: "%.\(needed)f", rounded(score, places: needed))
    }

    private static func rounded(_ value: Double, places: Int) -> Double {
        guard value.isFinite else { return value }
        let scale = pow(10, Double(places))
        let result = (value * scale).rounded() / scale
        return result == 0 ? 0 : result
    }
}
