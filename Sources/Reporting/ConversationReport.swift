import Analysis
import Conversation

/// An interruption as reported.
public struct InterruptionReport: Codable, Sendable, Equatable {
    public var atSeconds: Double
    public var by: ChannelRole
    public var overlapSeconds: Double

    enum CodingKeys: String, CodingKey { case atSeconds = "at_s", by, overlapSeconds = "overlap_s" }
}

/// A backchannel as reported.
public struct BackchannelReport: Codable, Sendable, Equatable {
    public var atSeconds: Double
    public var by: ChannelRole
    public var durationSeconds: Double

    enum CodingKeys: String, CodingKey { case atSeconds = "at_s", by, durationSeconds = "duration_s" }
}

/// Cross-channel facts of a call. Per-party facts are `null` on a mono mix (not measurable).
public struct ConversationReport: Codable, Sendable, Equatable {
    public var parameters: ConversationParameters
    public var silence: [SpanPair]
    public var silenceSeconds: Double
    public var longestSilenceSeconds: Double
    public var deadAir: [SpanPair]
    public var deadAirSeconds: Double
    /// Longest dead air of any length (silence between first and last speech, hold taken out);
    /// `nil` only in reports written before schema 1.2, which lack it.
    public var longestDeadAirSeconds: Double?
    public var hold: [SpanPair]
    public var holdSeconds: Double
    public var overlap: [SpanPair]?
    public var overlapSeconds: Double?
    public var interruptions: [InterruptionReport]?
    public var backchannels: [BackchannelReport]?
    public var turns: Int?
    public var meanResponseLatencySeconds: Double?
    public var firstAgentSpeechSeconds: Double?
    public var firstSpeechSeconds: Double?
    /// Agent minus customer active speech level, dB (`CallMeasurements.levelDifferenceDB`).
    public var levelDifferenceDB: Double?

    public init(_ facts: ConversationFacts, levelDifferenceDB: Double? = nil) {
        func spans(_ list: [TimeSpan]) -> [SpanPair] { list.map { SpanPair($0.startSeconds, $0.endSeconds) } }
        parameters = facts.parameters
        silence = spans(facts.silence)
        silenceSeconds = Rounding.seconds(facts.silenceSeconds)
        longestSilenceSeconds = Rounding.seconds(facts.longestInternalSilenceSeconds)
        deadAir = spans(facts.deadAir)
        deadAirSeconds = Rounding.seconds(facts.deadAirSeconds)
        longestDeadAirSeconds = Rounding.seconds(facts.longestDeadAirSeconds)
        hold = spans(facts.hold)
        holdSeconds = Rounding.seconds(facts.holdSeconds)
        overlap = facts.overlap.map(spans)
        overlapSeconds = facts.overlapSeconds.map(Rounding.seconds)
        interruptions = facts.interruptions?.map {
            InterruptionReport(
                atSeconds: Rounding.seconds($0.atSeconds), by: $0.by,
                overlapSeconds: Rounding.seconds($0.overlapSeconds))
        }
        backchannels = facts.backchannels?.map {
            BackchannelReport(
                atSeconds: Rounding.seconds($0.atSeconds), by: $0.by,
                durationSeconds: Rounding.seconds($0.durationSeconds))
        }
        turns = facts.turns?.count
        meanResponseLatencySeconds = facts.meanResponseLatencySeconds.map(Rounding.seconds)
        firstAgentSpeechSeconds = facts.firstAgentSpeechSeconds.map(Rounding.seconds)
        firstSpeechSeconds = facts.firstSpeechSeconds.map(Rounding.seconds)
        self.levelDifferenceDB = levelDifferenceDB.map(Rounding.decibels)
    }

    enum CodingKeys: String, CodingKey {
        case parameters, silence, silenceSeconds = "silence_s", longestSilenceSeconds = "longest_silence_s"
        case deadAir = "dead_air", deadAirSeconds = "dead_air_s", longestDeadAirSeconds = "longest_dead_air_s", hold, holdSeconds = "hold_s", overlap, overlapSeconds = "overlap_s"
        case interruptions, backchannels, turns, meanResponseLatencySeconds = "mean_response_latency_s"
        case firstAgentSpeechSeconds = "first_agent_speech_s", firstSpeechSeconds = "first_speech_s"
        case levelDifferenceDB = "level_difference_db"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(silence, forKey: .silence)
        try c.encode(silenceSeconds, forKey: .silenceSeconds)
        try c.encode(longestSilenceSeconds, forKey: .longestSilenceSeconds)
        try c.encode(deadAir, forKey: .deadAir)
        try c.encode(deadAirSeconds, forKey: .deadAirSeconds)
        try c.encode(longestDeadAirSeconds, forKey: .longestDeadAirSeconds)
        try c.encode(hold, forKey: .hold)
        try c.encode(holdSeconds, forKey: .holdSeconds)
        try c.encode(overlap, forKey: .overlap)
        try c.encode(overlapSeconds, forKey: .overlapSeconds)
        try c.encode(interruptions, forKey: .interruptions)
        try c.encode(backchannels, forKey: .backchannels)
        try c.encode(turns, forKey: .turns)
        try c.encode(meanResponseLatencySeconds, forKey: .meanResponseLatencySeconds)
        try c.encode(firstAgentSpeechSeconds, forKey: .firstAgentSpeechSeconds)
        try c.encode(firstSpeechSeconds, forKey: .firstSpeechSeconds)
        try c.encode(levelDifferenceDB, forKey: .levelDifferenceDB)
    }
}
