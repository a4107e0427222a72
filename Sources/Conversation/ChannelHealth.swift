import Analysis

/// What the analysis noticed about a channel that a person should check: the call is still
/// scored, and each finding becomes a warning on the call, never silently ignored.
public enum ChannelFinding: Sendable, Hashable {
    /// The channel holds digital silence: nothing was recorded on it.
    case dead(channel: Int, role: ChannelRole)
    /// The channel has sound but no speech was found on it.
    case silent(channel: Int, role: ChannelRole)
    /// Most speech-like sound on the channel is the other party's voice leaking into it.
    case bleed(channel: Int, role: ChannelRole, leakPercent: Int)
    /// Runs of samples at full scale cover a noticeable part of the channel: the level is too high.
    case clipped(channel: Int, role: ChannelRole, seconds: Double, percent: Double)
    /// The samples stay at one full-scale value for `seconds` in all (runs of at least
    /// `LoudnessMeasurement.stuckMinimumSeconds`): damaged data, not sound, and not clipping.
    case damaged(channel: Int, role: ChannelRole, seconds: Double)
    /// The channel holds `count` dropouts, `seconds` in all: short runs of digital silence that
    /// cut the signal off and let it resume (`DropoutConcealer`), packets lost on the line.
    case dropouts(channel: Int, role: ChannelRole, count: Int, seconds: Double, percent: Double)
    /// The agent channel behaves like a customer's (the customer channel speaks first and the
    /// agent channel starts with tones or hold), so the channels may be swapped.
    /// `afterTones`: the agent channel starts with tones or hold; otherwise the call is inbound
    /// (the agent answers first).
    case likelySwapped(customerFirstSeconds: Double, agentFirstSeconds: Double?, afterTones: Bool)
    /// Both channels carry the same audio (a mono recording stored as stereo): the call was
    /// measured as one mixed channel, without per-party facts.
    case sameAudio
    /// Each channel carries both parties, its own one only `offsetDB` louder.
    case mutualBleed(offsetDB: Int)

    /// A sentence for the report, naming channels of one recording.
    public var message: String { message(legPaths: nil) }

    /// A sentence for the report. `legPaths`: for a call given as two leg files, the agent leg's
    /// path then the customer leg's (channel 0, channel 1): the sentence names the party's leg and
    /// its file, and says what to check in the manifest; nil for a mono or stereo recording, whose
    /// channels it names. A two-leg call's findings read "channel 1 (customer)" and "a mono
    /// recording stored as stereo?", and told to check `--agent-channel`, which legs ignore.
    public func message(legPaths: [String]?) -> String {
        let legs = legPaths.flatMap { $0.count == 2 ? (agent: $0[0], customer: $0[1]) : nil }
        // The channel a finding is about: a channel of the file, or a leg of a two-leg call
        // (both legs, measured as one mixed channel when they carry the same audio).
        func track(_ channel: Int, _ role: ChannelRole) -> String {
            guard let legs else { return "channel \(channel) (\(role.rawValue))" }
            switch role {
            case .agent: return "the agent leg (\(legs.agent))"
            case .customer: return "the customer leg (\(legs.customer))"
            case .mixed: return "the audio of both legs (\(legs.agent) + \(legs.customer), measured as one)"
            }
        }
        switch self {
        case .dead(let channel, let role):
            return "\(track(channel, role)) is digital silence: nothing was recorded on it"
        case .silent(let channel, let role):
            return "\(track(channel, role)) carries no speech"
        case .bleed(let channel, let role, let percent):
            return "\(track(channel, role)) carries mostly the other party's leaked voice "
                + "(\(percent)% of its speech-like sound is echo or crosstalk, left out of its talk): check the line "
                + (legs == nil ? "or the recorder's channel mixing" : "or how the recorder separates the legs")
        case .clipped(let channel, let role, let seconds, let percent):
            return "\(track(channel, role)) is clipped for \(Self.seconds(seconds)) (\(Self.percent(percent)) of the call): the recording level is too high"
        case .damaged(let channel, let role, let seconds):
            return "\(track(channel, role)) holds \(Self.seconds(seconds)) of damaged audio: the samples stay at full scale, "
                + "which no sound does (zero bytes in a µ-law file: a truncated or pre-allocated file?); not counted as clipping"
        case .dropouts(let channel, let role, let count, let seconds, let percent):
            return "\(track(channel, role)) has \(count) dropouts, \(Self.seconds(seconds)) in all "
                + "(\(Self.percent(percent)) of the call): packets lost on the line and recorded as "
                + "digital silence; speech detection fills them from the audio around them, but a listener hears gaps there"
        case .likelySwapped(let customerFirst, let agentFirst, let afterTones):
            let (subject, customer, agent) = legs.map { ("the legs", "the customer leg (\($0.customer))", "the agent leg (\($0.agent))") }
                ?? ("channels", "the customer channel", "the agent channel")
            return "\(subject) may be swapped: \(customer) speaks first (at \(Self.seconds(customerFirst)))"
                + (agentFirst.map { " and \(agent) only at \(Self.seconds($0))" } ?? " and \(agent) never")
                + (afterTones ? ", after tones or hold" : ", on an inbound call, where the agent answers")
                + (legs == nil ? "; check --agent-channel or the manifest's agent_channel"
                    : "; check that the manifest's agent_path names the agent's leg and customer_path the customer's")
        case .mutualBleed(let offset):
            guard let legs else {
                return "both channels carry both parties' voices, each party only about \(offset) dB louder on its own channel: "
                    + "talk per party, overlap and interruptions may count the other party's voice; check the recorder's "
                    + "channel separation"
            }
            return "both legs (\(legs.agent) + \(legs.customer)) carry both parties' voices, each party only about \(offset) dB louder "
                + "on its own leg: talk per party, overlap and interruptions may count the other party's voice; check how the "
                + "recorder separates the legs"
        case .sameAudio:
            guard let legs else {
                return "both channels carry the same audio (a mono recording stored as stereo?): measured as one mixed "
                    + "channel, so talk per party, overlap and interruptions are not measured"
            }
            return "both legs (\(legs.agent) + \(legs.customer)) carry the same audio (one party's leg saved twice, or a mix of "
                + "both parties saved as each leg?): measured as one mixed channel, so talk per party, overlap and interruptions "
                + "are not measured"
        }
    }

    private static func seconds(_ value: Double) -> String { "\((value * 10).rounded() / 10) s" }
    private static func percent(_ value: Double) -> String { value < 1 ? "under 1%" : "\(Int(value.rounded()))%" }
}

/// Channel-health checks on a call's measurements.
public enum ChannelHealth {
    /// A channel is bleed when at least this share of its speech-like frames are leak.
    public static let bleedShare = 0.5
    /// A channel is reported as clipped when clipped runs cover at least this many seconds or
    /// this share of the call.
    public static let clippedSeconds = 0.5
    public static let clippedShare = 0.01
    /// A channel's dropouts are reported when they cover at least this many seconds or this
    /// share of the call.
    public static let dropoutSeconds = 0.5
    public static let dropoutShare = 0.01

    /// The findings for a call. `leakShares[i]` is the share of channel i's speech-like frames
    /// that were the other party's leaked voice (0-1); `sameAudio`, whether a stereo recording's
    /// two channels carried the same audio (and the call was measured as one mixed channel);
    /// `dropouts[i]`, channel i's dropouts and their seconds in all.
    public static func check(
        _ call: CallMeasurements, leakShares: [Double], sameAudio: Bool = false, mutualBleedDB: Float? = nil,
        dropouts: [(count: Int, seconds: Double)] = []
    ) -> [ChannelFinding] {
        var findings: [ChannelFinding] = sameAudio ? [.sameAudio] : []
        if let mutualBleedDB { findings.append(.mutualBleed(offsetDB: Int(mutualBleedDB.rounded()))) }
        for party in call.parties {
            let leak = party.channelIndex < leakShares.count ? leakShares[party.channelIndex] : 0
            if party.loudness.samplePeakDBFS == nil, call.durationSeconds > 0 {
                findings.append(.dead(channel: party.channelIndex, role: party.role))
            } else if leak >= bleedShare {
                findings.append(.bleed(channel: party.channelIndex, role: party.role, leakPercent: Int((leak * 100).rounded())))
            } else if party.speech.isEmpty, call.durationSeconds > 0 {
                findings.append(.silent(channel: party.channelIndex, role: party.role))
            }
            let clipped = party.loudness.clippedSeconds
            if call.durationSeconds > 0, clipped >= clippedSeconds || clipped >= clippedShare * call.durationSeconds {
                findings.append(.clipped(
                    channel: party.channelIndex, role: party.role, seconds: clipped, percent: 100 * clipped / call.durationSeconds))
            }
            if party.channelIndex < dropouts.count, call.durationSeconds > 0 {
                let (count, seconds) = dropouts[party.channelIndex]
                if count > 0, seconds >= dropoutSeconds || seconds >= dropoutShare * call.durationSeconds {
                    findings.append(.dropouts(
                        channel: party.channelIndex, role: party.role, count: count, seconds: seconds,
                        percent: 100 * seconds / call.durationSeconds))
                }
            }
            if party.loudness.stuckSeconds > 0 {
                findings.append(.damaged(channel: party.channelIndex, role: party.role, seconds: party.loudness.stuckSeconds))
            }
        }
        if let agent = call.party(.agent), let customer = call.party(.customer),
           let customerFirst = customer.speech.first?.startSeconds {
            let agentFirst = agent.speech.first?.startSeconds
            let agentHeldFirst = agent.hold.first.map { $0.startSeconds < (agentFirst ?? .infinity) } ?? false
            if customerFirst + 1 < (agentFirst ?? .infinity), agentHeldFirst || call.metadata("direction", is: "inbound") {
                findings.append(.likelySwapped(
                    customerFirstSeconds: customerFirst, agentFirstSeconds: agentFirst, afterTones: agentHeldFirst))
            }
        }
        return findings
    }
}
