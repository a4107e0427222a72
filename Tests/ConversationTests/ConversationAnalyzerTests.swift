import Analysis
import Conversation
import XCTest

final class ConversationAnalyzerTests: XCTestCase {
    private func spans(_ pairs: [(Double, Double)]) -> [TimeSpan] { pairs.map { TimeSpan($0.0, $0.1) } }

    func testSilenceIsTheComplementOfAllSpeech() {
        let facts = ConversationAnalyzer.analyze(
            durationSeconds: 20,
            speech: [.agent: spans([(1, 4), (10, 12)]), .customer: spans([(4.5, 8)])])
        XCTAssertEqual(facts.silence, spans([(0, 1), (4, 4.5), (8, 10), (12, 20)]))
        XCTAssertEqual(facts.silenceSeconds, 1 + 0.5 + 2 + 8, accuracy: 1e-9)
        XCTAssertEqual(facts.longestInternalSilenceSeconds, 2, accuracy: 1e-9)
        XCTAssertEqual(facts.firstAgentSpeechSeconds, 1)
        XCTAssertEqual(facts.overlap, [])
    }

    func testDeadAirIsInternalSilenceAboveTheMinimum() {
        let speech: [ChannelRole: [TimeSpan]] = [.agent: spans([(6, 8), (20, 22)]), .customer: spans([(8.5, 10)])]
        let facts = ConversationAnalyzer.analyze(durationSeconds: 40, speech: speech)
        // Leading (0-6) and trailing (22-40) silence are not dead air; 10-20 is.
        XCTAssertEqual(facts.deadAir, spans([(10, 20)]))
        let strict = ConversationAnalyzer.analyze(
            durationSeconds: 40, speech: speech, parameters: ConversationParameters(deadAirMinimumSeconds: 11))
        XCTAssertEqual(strict.deadAir, [])
    }

    func testHoldIsNotDeadAir() {
        let speech: [ChannelRole: [TimeSpan]] = [.agent: spans([(1, 3), (30, 32)]), .customer: spans([(3.5, 5)])]
        let facts = ConversationAnalyzer.analyze(durationSeconds: 35, speech: speech, hold: spans([(6, 28)]))
        XCTAssertEqual(facts.hold, spans([(6, 28)]))
        XCTAssertEqual(facts.holdSeconds, 22, accuracy: 1e-9)
        // 5-30 is silence; 6-28 is held, so only 5-6 and 28-30 remain, both under 5 s.
        XCTAssertEqual(facts.deadAir, [])
        XCTAssertEqual(facts.longestInternalSilenceSeconds, 25, accuracy: 1e-9)
    }

    /// The longest dead air is the longest silence once hold is taken out, whatever its length;
    /// the longest silence keeps the hold in it. With no speech, the longest stretch without hold.
    func testLongestDeadAirLeavesHoldOut() {
        let speech: [ChannelRole: [TimeSpan]] = [.agent: spans([(1, 3), (30, 32)]), .customer: spans([(3.5, 5)])]
        let held = ConversationAnalyzer.analyze(durationSeconds: 35, speech: speech, hold: spans([(6, 28)]))
        XCTAssertEqual(held.longestDeadAirSeconds, 2, accuracy: 1e-9)  // 28-30 (5-6 is 1 s)
        XCTAssertEqual(held.longestInternalSilenceSeconds, 25, accuracy: 1e-9)
        let unheld = ConversationAnalyzer.analyze(durationSeconds: 35, speech: speech)
        XCTAssertEqual(unheld.longestDeadAirSeconds, 25, accuracy: 1e-9)
        let oneStretch = ConversationAnalyzer.analyze(durationSeconds: 35, speech: [.mixed: spans([(1, 30)])])
        XCTAssertEqual(oneStretch.longestDeadAirSeconds, 0)
        let noSpeech = ConversationAnalyzer.analyze(durationSeconds: 35, speech: [.mixed: []], hold: spans([(10, 30)]))
        XCTAssertEqual(noSpeech.longestDeadAirSeconds, 10, accuracy: 1e-9)  // 0-10
        XCTAssertEqual(noSpeech.longestInternalSilenceSeconds, 35, accuracy: 1e-9)
    }

    /// "Please hold", the music, "thank you for holding": two turns of the agent, not one
    /// monologue across the hold, and no response latency between them.
    func testAHoldEndsATurn() {
        let speech: [ChannelRole: [TimeSpan]] = [.agent: spans([(1, 3), (31, 33)]), .customer: spans([(34, 36)])]
        let facts = ConversationAnalyzer.analyze(durationSeconds: 40, speech: speech, hold: spans([(4, 30)]))
        XCTAssertEqual(facts.turns?.map(\.role), [.agent, .agent, .customer])
        XCTAssertEqual(facts.longestMonologueSeconds(of: .agent) ?? 0, 2, accuracy: 1e-9)
        XCTAssertEqual(facts.responseLatencies?.count, 1)
        XCTAssertEqual(facts.responseLatencies?.first ?? -1, 1, accuracy: 1e-9)
        // Without the hold, the same silence is one turn of the agent (and dead air).
        let unheld = ConversationAnalyzer.analyze(durationSeconds: 40, speech: speech)
        XCTAssertEqual(unheld.turns?.map(\.role), [.agent, .customer])
        XCTAssertEqual(unheld.longestMonologueSeconds(of: .agent) ?? 0, 32, accuracy: 1e-9)
    }

    func testInterruptionNeedsSustainedOverlap() {
        // Customer starts at 3 while the agent speaks until 5: 2 s of overlap -> interruption.
        // Agent starts at 9.8 while the customer speaks until 10: 0.2 s -> not an interruption.
        let facts = ConversationAnalyzer.analyze(
            durationSeconds: 15,
            speech: [.agent: spans([(0, 5), (9.8, 12)]), .customer: spans([(3, 10)])])
        XCTAssertEqual(facts.interruptions?.count, 1)
        XCTAssertEqual(facts.interruptions?.first?.by, .customer)
        XCTAssertEqual(facts.interruptions?.first?.atSeconds, 3)
        XCTAssertEqual(facts.interruptions?.first?.overlapSeconds ?? 0, 2, accuracy: 1e-9)
        XCTAssertEqual(facts.overlapSeconds ?? 0, 2.2, accuracy: 1e-9)
    }

    func testBackchannelIsNotAnInterruptionNorATurn() {
        let facts = ConversationAnalyzer.analyze(
            durationSeconds: 12,
            speech: [.agent: spans([(0, 8)]), .customer: spans([(3, 3.6), (8.5, 11)])])
        XCTAssertEqual(facts.interruptions, [])
        XCTAssertEqual(facts.backchannels?.map(\.by), [.customer])
        XCTAssertEqual(facts.turns?.map(\.role), [.agent, .customer])
        XCTAssertEqual(facts.responseLatencies?.first ?? -1, 0.5, accuracy: 1e-9)
        XCTAssertEqual(facts.longestMonologueSeconds(of: .agent) ?? 0, 8, accuracy: 1e-9)
    }

    /// A reply with a breath in it is one talk segment: a pause under 0.3 s does not split it
    /// into two short segments, each of which would read as a backchannel. On a held-out call
    /// (a -40 dBFS customer) the detector's padded segments left 0.21 s between the two halves of
    /// a 1.34 s reply over the agent's sentence: two backchannels, where the truth had an
    /// interruption. Talk and overlap time still count the speech alone, and a turn's speech too.
    func testABreathInsideAReplyDoesNotMakeItTwoBackchannels() throws {
        let speech: [ChannelRole: [TimeSpan]] = [
            .agent: spans([(6.0, 7.7), (8.5, 9.5)]), .customer: spans([(6.85, 7.38), (7.59, 8.19)]),
        ]
        let facts = ConversationAnalyzer.analyze(durationSeconds: 12, speech: speech)
        let interruption = try XCTUnwrap(facts.interruptions?.first)
        XCTAssertEqual(facts.interruptions?.count, 1)
        XCTAssertEqual(interruption.by, .customer)
        XCTAssertEqual(interruption.atSeconds, 6.85, accuracy: 1e-9)
        XCTAssertEqual(interruption.overlapSeconds, 7.7 - 6.85, accuracy: 1e-9)
        XCTAssertEqual(facts.backchannels, [])
        XCTAssertEqual(facts.overlap, spans([(6.85, 7.38), (7.59, 7.7)]))
        let customerTurn = try XCTUnwrap(facts.turns?.first { $0.role == .customer })
        XCTAssertEqual(customerTurn.span, TimeSpan(6.85, 8.19))
        XCTAssertEqual(customerTurn.speechSeconds, 0.53 + 0.6, accuracy: 1e-9)
        // A pause of 0.3 s splits the reply: its halves are backchannels. 7.68 - 7.38 computes as
        // 0.29999999999999982, and is 0.3 s on the detector's 10 ms grid.
        let apart: [ChannelRole: [TimeSpan]] = [.agent: speech[.agent]!, .customer: spans([(6.85, 7.38), (7.68, 8.3)])]
        let split = ConversationAnalyzer.analyze(durationSeconds: 12, speech: apart)
        XCTAssertEqual(split.interruptions, [])
        XCTAssertEqual(split.backchannels?.map(\.atSeconds), [6.85, 7.68])
        // The bridge is a parameter of the definitions.
        let strict = ConversationAnalyzer.analyze(
            durationSeconds: 12, speech: speech, parameters: ConversationParameters(talkPauseSeconds: 0.1))
        XCTAssertEqual(strict.interruptions, [])
        XCTAssertEqual(strict.backchannels?.count, 2)
    }

    func testInterruptionMinimumIsConfigurable() {
        let speech: [ChannelRole: [TimeSpan]] = [.agent: spans([(0, 5)]), .customer: spans([(4.3, 7)])]
        XCTAssertEqual(ConversationAnalyzer.analyze(durationSeconds: 8, speech: speech).interruptions?.count, 1)
        let lenient = ConversationAnalyzer.analyze(
            durationSeconds: 8, speech: speech,
            parameters: ConversationParameters(interruptionMinimumOverlapSeconds: 1.0))
        XCTAssertEqual(lenient.interruptions?.count, 0)
    }

    func testMonoHasNoPerPartyFacts() {
        let facts = ConversationAnalyzer.analyze(durationSeconds: 10, speech: [.mixed: spans([(1, 3), (5, 9)])])
        XCTAssertNil(facts.overlap)
        XCTAssertNil(facts.interruptions)
        XCTAssertNil(facts.turns)
        XCTAssertNil(facts.firstAgentSpeechSeconds)
        XCTAssertEqual(facts.firstSpeechSeconds, 1)
        XCTAssertEqual(facts.silenceSeconds, 4, accuracy: 1e-9)
    }

    func testNoSpeechAtAllIsOneLongSilence() {
        let facts = ConversationAnalyzer.analyze(durationSeconds: 7, speech: [.agent: [], .customer: []])
        XCTAssertEqual(facts.silence, spans([(0, 7)]))
        XCTAssertEqual(facts.longestInternalSilenceSeconds, 7)
        XCTAssertEqual(facts.deadAir, [])
        XCTAssertNil(facts.firstAgentSpeechSeconds)
    }

    func testSpanAlgebraProperties() {
        // Deterministic pseudo-random grid: union + complement cover the duration exactly.
        var seed: UInt64 = 7
        func next() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53)
        }
        for trial in 0..<200 {
            let a = (0..<5).map { _ -> TimeSpan in let s = next() * 50; return TimeSpan(s, s + next() * 5) }
            let b = (0..<5).map { _ -> TimeSpan in let s = next() * 50; return TimeSpan(s, s + next() * 5) }
            let union = SpanAlgebra.union(a, b)
            let silence = SpanAlgebra.complement(union, within: 60)
            let covered = union.map { TimeSpan($0.startSeconds, min($0.endSeconds, 60)) }.totalSeconds
            XCTAssertEqual(covered + silence.totalSeconds, 60, accuracy: 1e-9, "trial \(trial)")
            let both = SpanAlgebra.intersection(a, b)
            XCTAssertLessThanOrEqual(
                both.totalSeconds,
                min(SpanAlgebra.normalized(a).totalSeconds, SpanAlgebra.normalized(b).totalSeconds) + 1e-9,
                "trial \(trial)")
            XCTAssertEqual(
                SpanAlgebra.normalized(a).totalSeconds + SpanAlgebra.normalized(b).totalSeconds - both.totalSeconds,
                union.totalSeconds, accuracy: 1e-9, "trial \(trial)")
        }
    }
}
