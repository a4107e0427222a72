import Analysis
import Conversation

/// Level and loudness of one channel (definitions and units in docs/metrics.md and
/// docs/loudness.md). `null` where a value is undefined (e.g. digital silence).
public struct LoudnessReport: Codable, Sendable, Equatable {
    public var integratedLUFS: Double?
    public var loudnessRangeLU: Double?
    public var loudnessRangeReliable: Bool
    public var maxMomentaryLUFS: Double?
    public var maxShortTermLUFS: Double?
    public var truePeakDBTP: Double?
    public var samplePeakDBFS: Double?
    public var clippedRuns: Int
    public var clippedSeconds: Double
    public var activeSpeechLevelDBFS: Double?
    public var speechLUFS: Double?
    public var noiseFloorDBFS: Double?
    public var snrDB: Double?
    public var levelPerSecondDBFS: [Double?]

    public init(_ loudness: LoudnessMeasurement, _ speech: SpeechLevels) {
        func db(_ value: Double?) -> Double? { value.map(Rounding.decibels) }
        integratedLUFS = db(loudness.integratedLUFS)
        loudnessRangeLU = db(loudness.loudnessRangeLU)
        loudnessRangeReliable = loudness.loudnessRangeReliable
        maxMomentaryLUFS = db(loudness.maxMomentaryLUFS)
        maxShortTermLUFS = db(loudness.maxShortTermLUFS)
        truePeakDBTP = db(loudness.truePeakDBTP)
        samplePeakDBFS = db(loudness.samplePeakDBFS)
        clippedRuns = loudness.clippedRuns
        clippedSeconds = Rounding.seconds(loudness.clippedSeconds)
        activeSpeechLevelDBFS = db(loudness.activeSpeechLevelDBFS)
        speechLUFS = db(speech.speechLoudnessLUFS)
        noiseFloorDBFS = db(speech.noiseFloorDBFS)
        snrDB = db(speech.snrDB)
        levelPerSecondDBFS = loudness.levelPerSecondDBFS.map(db)
    }

    enum CodingKeys: String, CodingKey {
        case integratedLUFS = "integrated_lufs", loudnessRangeLU = "loudness_range_lu"
        case loudnessRangeReliable = "loudness_range_reliable"
        case maxMomentaryLUFS = "max_momentary_lufs", maxShortTermLUFS = "max_short_term_lufs"
        case truePeakDBTP = "true_peak_dbtp", samplePeakDBFS = "sample_peak_dbfs"
        case clippedRuns = "clipped_runs", clippedSeconds = "clipped_s"
        case activeSpeechLevelDBFS = "active_speech_level_dbfs", speechLUFS = "speech_lufs"
        case noiseFloorDBFS = "noise_floor_dbfs", snrDB = "snr_db"
        case levelPerSecondDBFS = "level_per_second_dbfs"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(integratedLUFS, forKey: .integratedLUFS)
        try c.encode(loudnessRangeLU, forKey: .loudnessRangeLU)
        try c.encode(loudnessRangeReliable, forKey: .loudnessRangeReliable)
        try c.encode(maxMomentaryLUFS, forKey: .maxMomentaryLUFS)
        try c.encode(maxShortTermLUFS, forKey: .maxShortTermLUFS)
        try c.encode(truePeakDBTP, forKey: .truePeakDBTP)
        try c.encode(samplePeakDBFS, forKey: .samplePeakDBFS)
        try c.encode(clippedRuns, forKey: .clippedRuns)
        try c.encode(clippedSeconds, forKey: .clippedSeconds)
        try c.encode(activeSpeechLevelDBFS, forKey: .activeSpeechLevelDBFS)
        try c.encode(speechLUFS, forKey: .speechLUFS)
        try c.encode(noiseFloorDBFS, forKey: .noiseFloorDBFS)
        try c.encode(snrDB, forKey: .snrDB)
        try c.encode(levelPerSecondDBFS, forKey: .levelPerSecondDBFS)
    }
}

/// One channel (party) of a call.
public struct ChannelReport: Codable, Sendable, Equatable {
    /// 0-based channel index in the source file (or leg index).
    public var index: Int
    public var role: ChannelRole
    /// Talk segments, `[start_s, end_s]`.
    public var speech: [SpanPair]
    /// Total talk, in seconds.
    public var talkSeconds: Double
    /// This party's share of all talk in the call (0-1); `null` on a mono mix.
    public var talkRatio: Double?
    /// Longest turn of this party, in seconds; `null` on a mono mix.
    public var longestMonologueSeconds: Double?
    public var loudness: LoudnessReport

    public init(_ party: PartyMeasurements, call: CallMeasurements) {
        index = party.channelIndex
        role = party.role
        speech = party.speech.map { SpanPair($0.startSeconds, $0.endSeconds) }
        talkSeconds = Rounding.seconds(party.talkSeconds)
        talkRatio = call.talkRatio(of: party.role).map(Rounding.ratio)
        longestMonologueSeconds = call.conversation.longestMonologueSeconds(of: party.role).map(Rounding.seconds)
        loudness = LoudnessReport(party.loudness, party.speechLevels)
    }

    enum CodingKeys: String, CodingKey {
        case index, role, speech, talkSeconds = "talk_s", talkRatio = "talk_ratio"
        case longestMonologueSeconds = "longest_monologue_s", loudness
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(role, forKey: .role)
        try c.encode(speech, forKey: .speech)
        try c.encode(talkSeconds, forKey: .talkSeconds)
        try c.encode(talkRatio, forKey: .talkRatio)
        try c.encode(longestMonologueSeconds, forKey: .longestMonologueSeconds)
        try c.encode(loudness, forKey: .loudness)
    }
}
