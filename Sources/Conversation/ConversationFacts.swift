import Analysis

/// One party starting to speak over the other (see docs/metrics.md, "interruption").
public struct Interruption: Sendable, Hashable {
    /// When the interrupting speech started, in seconds from the start of the call.
    public var atSeconds: Double
    /// The party who started speaking over the other.
    public var by: ChannelRole
    /// How long both kept speaking from `atSeconds`, in seconds.
    public var overlapSeconds: Double
}

/// A short utterance inside the other party's turn ("mm-hm", "sì", "da"); not an interruption.
public struct Backchannel: Sendable, Hashable {
    /// Start of the utterance, in seconds.
    public var atSeconds: Double
    /// The party who made it.
    public var by: ChannelRole
    /// Its length, in seconds.
    public var durationSeconds: Double
}

/// A maximal stretch in which one party holds the floor (backchannels of the other party do not
/// end it).
public struct Turn: Sendable, Hashable {
    /// Who holds the floor.
    public var role: ChannelRole
    /// From the first word to the last word of the turn.
    public var span: TimeSpan
    /// Seconds of actual speech inside the turn.
    public var speechSeconds: Double
}

/// Cross-channel facts about one call. Per-party facts are `nil` for a mono (mixed) recording,
/// where they are not measurable (reported as not applicable, never as zero).
public struct ConversationFacts: Sendable {
    /// Length of the call, in seconds.
    public var durationSeconds: Double
    /// Spans in which no one speaks, covering the whole call (leading and trailing silence too).
    public var silence: [TimeSpan]
    /// Silences between the first and the last speech lasting at least
    /// `parameters.deadAirMinimumSeconds`.
    public var deadAir: [TimeSpan]
    /// Every silence between the first and last speech not filled by hold, whatever its length
    /// (dead air is the ones at least `parameters.deadAirMinimumSeconds` long).
    public var pauses: [TimeSpan]
    /// Spans of tones or music rather than speech on any channel (hold music, ring-back, DTMF).
    public var hold: [TimeSpan]
    /// Spans in which both parties speak; `nil` on mono recordings.
    public var overlap: [TimeSpan]?
    /// Interruptions in time order; `nil` on mono recordings.
    public var interruptions: [Interruption]?
    /// Backchannels in time order; `nil` on mono recordings.
    public var backchannels: [Backchannel]?
    /// Turns in time order; `nil` on mono recordings.
    public var turns: [Turn]?
    /// Gaps, in seconds, between the end of one party's turn and the start of the other's next
    /// turn, when the next turn starts after the previous ended; `nil` on mono recordings.
    public var responseLatencies: [Double]?
    /// Time of the agent's first speech, in seconds; `nil` when the agent never speaks or on mono.
    public var firstAgentSpeechSeconds: Double?
    /// Time of anyone's first speech, in seconds; `nil` when no one speaks.
    public var firstSpeechSeconds: Double?
    /// The parameters the facts were computed with.
    public var parameters: ConversationParameters

    /// Total silence, in seconds.
    public var silenceSeconds: Double { silence.totalSeconds }
    /// Longest silence between the first and the last speech, in seconds, hold included (0 when
    /// there is none; the whole call when no one speaks).
    public var longestInternalSilenceSeconds: Double
    /// Longest dead air of any length, in seconds: the longest of `pauses` (silence between the
    /// first and last speech once hold spans are taken out); 0 when there is none; when no one
    /// speaks, the longest stretch of the call not filled by hold (the whole call without hold).
    public var longestDeadAirSeconds: Double
    /// Total hold (tones or music), in seconds.
    public var holdSeconds: Double { hold.totalSeconds }
    /// Total overlap, in seconds; `nil` on mono recordings.
    public var overlapSeconds: Double? { overlap?.totalSeconds }
}
