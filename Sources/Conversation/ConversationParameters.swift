/// Tunable definitions of the cross-channel metrics. Defaults are documented in docs/metrics.md;
/// a checklist may override them and the report records the values used.
public struct ConversationParameters: Sendable, Hashable, Codable {
    /// A silence (no one speaking) between the first and last speech of the call counts as a
    /// dead-air event when it lasts at least this long, in seconds. Default 5 s.
    public var deadAirMinimumSeconds: Double
    /// A party that starts speaking while the other is speaking interrupts only when both keep
    /// speaking for at least this long, in seconds. Default 0.5 s.
    public var interruptionMinimumOverlapSeconds: Double
    /// A talk segment (`talkPauseSeconds`) shorter than this, inside the other party's, is a
    /// backchannel ("mm-hm", "sì", "da"), not an interruption or a turn, in seconds. Default 1.0 s.
    public var backchannelMaximumSeconds: Double
    /// A pause inside one party's speech shorter than this does not split its talk segment (a
    /// breath inside a sentence), in seconds: interruptions, backchannels and turns are judged on
    /// talk segments, while talk, silence and overlap time count the speech itself. Default 0.3 s,
    /// the speech detector's `mergeGapSeconds`: the detector bridges such pauses between the
    /// runs it finds, and widening a segment's edges (onset padding, tails) can leave a shorter
    /// pause between two that it kept apart. Not a checklist parameter, and not in the report.
    public var talkPauseSeconds: Double = 0.3

    public init(
        deadAirMinimumSeconds: Double = 5.0,
        interruptionMinimumOverlapSeconds: Double = 0.5,
        backchannelMaximumSeconds: Double = 1.0,
        talkPauseSeconds: Double = 0.3
    ) {
        self.deadAirMinimumSeconds = deadAirMinimumSeconds
        self.interruptionMinimumOverlapSeconds = interruptionMinimumOverlapSeconds
        self.backchannelMaximumSeconds = backchannelMaximumSeconds
        self.talkPauseSeconds = talkPauseSeconds
    }

    enum CodingKeys: String, CodingKey {
        case deadAirMinimumSeconds = "dead_air_min_s"
        case interruptionMinimumOverlapSeconds = "interruption_min_overlap_s"
        case backchannelMaximumSeconds = "backchannel_max_s"
    }
}
