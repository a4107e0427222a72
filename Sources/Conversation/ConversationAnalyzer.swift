import Analysis

/// Derives cross-channel facts (silence, dead air, overlap, interruptions, turns) from each
/// party's speech spans. Pure: no audio, no I/O. Every definition is in docs/metrics.md.
public enum ConversationAnalyzer {
    /// Computes the facts of a call.
    ///
    /// - Parameters:
    ///   - durationSeconds: Length of the call, in seconds.
    ///   - speech: Speech spans per channel role: `.agent` and `.customer` for a two-party
    ///     recording, or `.mixed` alone for a mono mix.
    ///   - hold: Spans of tones or music on any channel (hold music, ring-back, DTMF).
    ///   - parameters: Definitions' thresholds.
    public static func analyze(
        durationSeconds: Double,
        speech: [ChannelRole: [TimeSpan]],
        hold: [TimeSpan] = [],
        parameters: ConversationParameters = ConversationParameters()
    ) -> ConversationFacts {
        let holdSpans = SpanAlgebra.normalized(hold)
        let all = SpanAlgebra.normalized(speech.values.flatMap { $0 })
        let silence = SpanAlgebra.complement(all, within: durationSeconds)
        let internalSilence: [TimeSpan]
        if let first = all.first, let last = all.last {
            internalSilence = silence.filter {
                $0.startSeconds >= first.startSeconds && $0.endSeconds <= last.endSeconds
            }
        } else {
            internalSilence = []
        }
        // Dead air is silence that is not filled by hold music or tones.
        let unheldSilence = SpanAlgebra.subtract(internalSilence, holdSpans)
        let longestInternal = all.isEmpty
            ? durationSeconds
            : (internalSilence.map(\.durationSeconds).max() ?? 0)
        // As longest silence, but with hold taken out: a silence filled by hold music is no dead air.
        let longestDeadAir = all.isEmpty
            ? (SpanAlgebra.complement(holdSpans, within: durationSeconds).map(\.durationSeconds).max() ?? 0)
            : (unheldSilence.map(\.durationSeconds).max() ?? 0)
        var facts = ConversationFacts(
            durationSeconds: durationSeconds,
            silence: silence,
            deadAir: unheldSilence.filter { $0.durationSeconds >= parameters.deadAirMinimumSeconds },
            pauses: unheldSilence,
            hold: holdSpans,
            overlap: nil,
            interruptions: nil,
            backchannels: nil,
            turns: nil,
            responseLatencies: nil,
            firstAgentSpeechSeconds: nil,
            firstSpeechSeconds: all.first?.startSeconds,
            parameters: parameters,
            longestInternalSilenceSeconds: longestInternal,
            longestDeadAirSeconds: longestDeadAir
        )
        guard speech[.mixed] == nil else { return facts }

        let agent = SpanAlgebra.normalized(speech[.agent] ?? [])
        let customer = SpanAlgebra.normalized(speech[.customer] ?? [])
        facts.firstAgentSpeechSeconds = agent.first?.startSeconds
        facts.overlap = SpanAlgebra.intersection(agent, customer)

        var interruptions: [Interruption] = []
        var backchannels: [Backchannel] = []
        var floorSegments: [TalkSegment] = []
        let agentTalk = talkSegments(agent, role: .agent, bridging: parameters.talkPauseSeconds)
        let customerTalk = talkSegments(customer, role: .customer, bridging: parameters.talkPauseSeconds)
        for (own, other) in [(agentTalk, customerTalk), (customerTalk, agentTalk)] {
            for talk in own {
                let (role, segment) = (talk.role, talk.span)
                guard let held = other.first(where: {
                    $0.span.startSeconds < segment.startSeconds && segment.startSeconds < $0.span.endSeconds
                })?.span else {
                    floorSegments.append(talk)
                    continue
                }
                if segment.durationSeconds < parameters.backchannelMaximumSeconds {
                    backchannels.append(Backchannel(
                        atSeconds: segment.startSeconds, by: role, durationSeconds: segment.durationSeconds))
                    continue
                }
                floorSegments.append(talk)
                let bothSpeaking = min(held.endSeconds, segment.endSeconds) - segment.startSeconds
                if bothSpeaking >= parameters.interruptionMinimumOverlapSeconds {
                    interruptions.append(Interruption(
                        atSeconds: segment.startSeconds, by: role, overlapSeconds: bothSpeaking))
                }
            }
        }
        facts.interruptions = interruptions.sorted { $0.atSeconds < $1.atSeconds }
        facts.backchannels = backchannels.sorted { $0.atSeconds < $1.atSeconds }

        let turns = buildTurns(floorSegments.sorted { $0.span < $1.span }, hold: holdSpans)
        facts.turns = turns
        facts.responseLatencies = zip(turns, turns.dropFirst()).compactMap { previous, next in
            let gap = next.span.startSeconds - previous.span.endSeconds
            return gap >= 0 && next.role != previous.role ? gap : nil
        }
        return facts
    }

    /// One party's talk segment: its speech spans with the pauses shorter than
    /// `ConversationParameters.talkPauseSeconds` between them bridged.
    struct TalkSegment {
        var role: ChannelRole
        /// From the segment's first speech to its last.
        var span: TimeSpan
        /// Seconds of speech inside it (the bridged pauses left out).
        var speechSeconds: Double
    }

    /// A party's talk segments from its speech spans (normalized: sorted, disjoint): a pause
    /// shorter than `pause` does not split a segment (a breath inside a sentence). Spans lie on
    /// the detector's 10 ms frame grid, where a pause of exactly 0.3 s computes as 0.29999...:
    /// a pause within a microsecond of `pause` is that long, as the detector counts it in frames.
    static func talkSegments(_ speech: [TimeSpan], role: ChannelRole, bridging pause: Double) -> [TalkSegment] {
        var segments: [TalkSegment] = []
        for span in speech {
            if let last = segments.last, span.startSeconds - last.span.endSeconds < pause - 1e-6 {
                segments[segments.count - 1].span.endSeconds = max(last.span.endSeconds, span.endSeconds)
                segments[segments.count - 1].speechSeconds += span.durationSeconds
            } else {
                segments.append(TalkSegment(role: role, span: span, speechSeconds: span.durationSeconds))
            }
        }
        return segments
    }

    /// Groups floor-taking segments (backchannels excluded) into turns: a turn lasts until the
    /// other party takes the floor, or until a hold (`hold`: at least 1 s of it) between two of its segments:
    /// "please hold" and "thank you for holding" are two turns, not one monologue across the music.
    private static func buildTurns(_ segments: [TalkSegment], hold: [TimeSpan]) -> [Turn] {
        var turns: [Turn] = []
        for segment in segments {
            let (role, span) = (segment.role, segment.span)
            let heldBetween = turns.last.map { last in
                hold.contains { min($0.endSeconds, span.startSeconds) - max($0.startSeconds, last.span.endSeconds) >= 1 }
            } ?? false
            if let last = turns.last, last.role == role, !heldBetween {
                turns[turns.count - 1].span.endSeconds = max(last.span.endSeconds, span.endSeconds)
                turns[turns.count - 1].speechSeconds += segment.speechSeconds
            } else {
                turns.append(Turn(role: role, span: span, speechSeconds: segment.speechSeconds))
            }
        }
        return turns
    }
}
