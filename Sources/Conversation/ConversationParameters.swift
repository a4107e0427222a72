/// Tunable definitions of the cross-channel metrics. Defaults are documented in docs/metrics.md;
/// a checklist may override them and the report records the values used.
public struct ConversationParameters: Sendable, Hashable, Codable {
    /// A silence (no one speaking) between the first and last speech of the call counts as a
    /// dead-air event when it lasts at least this long, in seconds. Default 5 s.
    public var deadAirMinimumSeconds: Double
    /// A party that starts speaking while the other is speaking interrupts only when both keep
    /// speaking for at least this long, in seconds. Default 0.5 s.
    public var interruptionMinimumOverlapSeconds: Double
    /// A speech segment shorter than this, inside the other party's turn, is a backchannel
    /// ("mm-hm", "sì", "da"), not an interruption or a turn, in seconds. Default 1.0 s.
    public var backchannelMaximumSeconds: Double

    public init(
        deadAirMinimumSeconds: Double = 5.0,
        interruptionMinimumOverlapSeconds: Double = 0.5,
        backchannelMaximumSeconds: Double = 1.0
    ) {
        self.deadAirMinimumSeconds = deadAirMinimumSeconds
        self.interruptionMinimumOverlapSeconds = interruptionMinimumOverlapSeconds
        self.backchannelMaximumSeconds = backchannelMaximumSeconds
    }

    enum CodingKeys: String, CodingKey {
        case deadAirMinimumSeconds = "dead_air_min_s"
        case interruptionMinimumOverlapSeconds = "interruption_min_overlap_s"
        case backchannelMaximumSeconds = "backchannel_max_s"
    }
}
