import Foundation

/// Durations for a person to read, written one way wherever callqa prints them as text: the
/// `--summary` table, the run's summary line and progress bar, the HTML report's timeline. The
/// table wrote a run's audio as `262.0 s` and the summary line under it as `262 s`.
public enum DurationText {
    /// `seconds` to a tenth of a second under an hour (`0.3 s`, `262.0 s`), in hours to two
    /// places from an hour on (`7.62 h`); `n/a` when it is not a number.
    public static func format(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "n/a" }
        let tenths = (seconds * 10).rounded() / 10
        // -0.0 (a rounding of a tiny negative) reads "0.0 s".
        return abs(tenths) >= 3600 ? String(format: "%.2f h", seconds / 3600) : String(format: "%.1f s", tenths == 0 ? 0 : tenths)
    }
}
