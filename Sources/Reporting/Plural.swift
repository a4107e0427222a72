/// Counts in the words a person reads: "1 call", "2 calls", "0 calls" ("1 calls" was printed by
/// every summary of a run of one call).
public enum Plural {
    /// `count` and the noun: `singular` for exactly 1, `plural` (default: `singular` + "s") otherwise.
    public static func count(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }
}
