import Analysis

/// Everything measured on one party's channel.
public struct PartyMeasurements: Sendable {
    /// Who the channel carries.
    public var role: ChannelRole
    /// Index of the channel in the source (0-based), or of the leg file.
    public var channelIndex: Int
    /// Speech spans, in seconds, sorted and disjoint.
    public var speech: [TimeSpan]
    /// Spans of tones or music on this channel (hold music, ring-back, DTMF), in seconds.
    public var hold: [TimeSpan]
    /// Level and loudness measurements of the whole channel.
    public var loudness: LoudnessMeasurement
    /// Levels that depend on the speech spans (speech loudness, noise floor, SNR).
    public var speechLevels: SpeechLevels

    public init(
        role: ChannelRole, channelIndex: Int, speech: [TimeSpan], hold: [TimeSpan] = [],
        loudness: LoudnessMeasurement, speechLevels: SpeechLevels
    ) {
        self.hold = hold
        self.role = role
        self.channelIndex = channelIndex
        self.speech = speech
        self.loudness = loudness
        self.speechLevels = speechLevels
    }

    /// Total speech, in seconds.
    public var talkSeconds: Double { speech.totalSeconds }
}

/// The measurements of one call that checklists are evaluated against and reports are made of.
public struct CallMeasurements: Sendable {
    /// Length of the call, in seconds.
    public var durationSeconds: Double
    /// One entry per channel: agent and customer, or a single mixed channel.
    public var parties: [PartyMeasurements]
    /// Cross-channel facts.
    public var conversation: ConversationFacts
    /// Call metadata (from a manifest or the file name): call_id, agent_id, team, direction, ...
    public var metadata: [String: String]

    public init(
        durationSeconds: Double, parties: [PartyMeasurements],
        conversation: ConversationFacts, metadata: [String: String] = [:]
    ) {
        self.durationSeconds = durationSeconds
        self.parties = parties
        self.conversation = conversation
        self.metadata = metadata
    }

    /// Agent active speech level minus customer active speech level (P.56), in dB; `nil` on a
    /// mono mix or when either party has no active speech.
    public var levelDifferenceDB: Double? {
        guard let agent = party(.agent)?.loudness.activeSpeechLevelDBFS,
            let customer = party(.customer)?.loudness.activeSpeechLevelDBFS
        else { return nil }
        return agent - customer
    }

    /// The measurements of the party with this role, if the recording has it.
    public func party(_ role: ChannelRole) -> PartyMeasurements? {
        parties.first { $0.role == role }
    }

    /// Whether the recording is a single mono mix (per-party metrics do not apply).
    public var isMono: Bool { parties.count == 1 && parties[0].role == .mixed }
}

extension CallMeasurements {
    /// The same call with its conversation facts computed under `parameters` (dead air,
    /// interruptions, backchannels, turns): itself when they are the parameters already used.
    public func withConversationParameters(_ parameters: ConversationParameters) -> CallMeasurements {
        guard parameters != conversation.parameters else { return self }
        var speech: [ChannelRole: [TimeSpan]] = [:]
        for party in parties { speech[party.role] = party.speech }
        var call = self
        call.conversation = ConversationAnalyzer.analyze(
            durationSeconds: durationSeconds, speech: speech, hold: conversation.hold, parameters: parameters)
        return call
    }
}

extension CallMeasurements {
    /// The party's share of all talk in the call (0-1): its talk seconds over the sum of both
    /// parties' talk seconds. `nil` on a mono mix, for an absent party, or when no one talks.
    public func talkRatio(of role: ChannelRole) -> Double? {
        guard !isMono, let party = party(role) else { return nil }
        let total = parties.reduce(0) { $0 + $1.talkSeconds }
        return total > 0 ? party.talkSeconds / total : nil
    }
}

extension ConversationFacts {
    /// Longest turn of the party, in seconds (first to last word of the turn); 0 when the party
    /// never holds the floor; `nil` on a mono mix.
    public func longestMonologueSeconds(of role: ChannelRole) -> Double? {
        guard let turns else { return nil }
        return turns.filter { $0.role == role }.map(\.span.durationSeconds).max() ?? 0
    }

    /// Mean of the response latencies, in seconds; `nil` on a mono mix or with no turn change.
    public var meanResponseLatencySeconds: Double? {
        guard let latencies = responseLatencies, !latencies.isEmpty else { return nil }
        return latencies.reduce(0, +) / Double(latencies.count)
    }

    /// Total dead air, in seconds.
    public var deadAirSeconds: Double { deadAir.totalSeconds }
}
