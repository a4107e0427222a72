import Analysis
import Conversation

/// Builds `CallMeasurements` for scoring and reporting tests without audio.
public enum TestCalls {
    /// A stereo call with the given speech spans and hold spans (seconds) and levels.
    public static func stereo(
        duration: Double, agent: [(Double, Double)], customer: [(Double, Double)], hold: [(Double, Double)] = [],
        agentLevelDBFS: Double? = -22, customerLevelDBFS: Double? = -25, metadata: [String: String] = [:]
    ) -> CallMeasurements {
        let a = agent.map { TimeSpan($0.0, $0.1) }, c = customer.map { TimeSpan($0.0, $0.1) }
        let parties = [
            PartyMeasurements(role: .agent, channelIndex: 0, speech: a, loudness: LoudnessMeasurement(
                integratedLUFS: agentLevelDBFS.map { $0 - 1 }, loudnessRangeLU: 6, maxMomentaryLUFS: -18, maxShortTermLUFS: -20,
                truePeakDBTP: -6, samplePeakDBFS: -6, activeSpeechLevelDBFS: agentLevelDBFS),
                speechLevels: SpeechLevels(speechLoudnessLUFS: agentLevelDBFS, noiseFloorDBFS: -60, snrDB: 35)),
            PartyMeasurements(role: .customer, channelIndex: 1, speech: c, loudness: LoudnessMeasurement(
                integratedLUFS: customerLevelDBFS.map { $0 - 1 }, loudnessRangeLU: 8, maxMomentaryLUFS: -21, maxShortTermLUFS: -23,
                truePeakDBTP: -8, samplePeakDBFS: -8, activeSpeechLevelDBFS: customerLevelDBFS),
                speechLevels: SpeechLevels(speechLoudnessLUFS: customerLevelDBFS, noiseFloorDBFS: -58, snrDB: 30)),
        ]
        return CallMeasurements(
            durationSeconds: duration, parties: parties,
            conversation: ConversationAnalyzer.analyze(
                durationSeconds: duration, speech: [.agent: a, .customer: c], hold: hold.map { TimeSpan($0.0, $0.1) }),
            metadata: metadata)
    }

    /// A mono (mixed) call.
    public static func mono(duration: Double, speech: [(Double, Double)]) -> CallMeasurements {
        let s = speech.map { TimeSpan($0.0, $0.1) }
        let party = PartyMeasurements(role: .mixed, channelIndex: 0, speech: s, loudness: LoudnessMeasurement(
            integratedLUFS: -24, samplePeakDBFS: -6, activeSpeechLevelDBFS: -23), speechLevels: SpeechLevels())
        return CallMeasurements(
            durationSeconds: duration, parties: [party],
            conversation: ConversationAnalyzer.analyze(durationSeconds: duration, speech: [.mixed: s]))
    }
}
