/// Loudness and level measurements of one channel, measured as a mono programme (channel weight
/// 1.0). Definitions and units: docs/loudness.md.
public struct LoudnessMeasurement: Sendable, Equatable {
    /// Integrated loudness per ITU-R BS.1770-4 (400 ms blocks, 75 % overlap, absolute gate -70
    /// LUFS, relative gate -10 LU), in LUFS; `nil` when every block is gated out (silence).
    public var integratedLUFS: Double?
    /// Loudness range per EBU Tech 3342 (3 s short-term loudness every 100 ms, absolute gate -70
    /// LUFS, relative gate -20 LU, 10th to 95th percentile), in LU; `nil` with no gated block.
    public var loudnessRangeLU: Double?
    /// `false` when the programme is shorter than 60 s, where EBU Tech 3342 says LRA is not
    /// meaningful.
    public var loudnessRangeReliable: Bool
    /// Largest momentary (400 ms) loudness, in LUFS.
    public var maxMomentaryLUFS: Double?
    /// Largest short-term (3 s) loudness, in LUFS.
    public var maxShortTermLUFS: Double?
    /// True peak (4x oversampled per BS.1770-4 Annex 2), in dBTP; `nil` for digital silence.
    public var truePeakDBTP: Double?
    /// Largest absolute sample value, in dBFS; `nil` for digital silence.
    public var samplePeakDBFS: Double?
    /// Runs of at least `clippingMinimumRun` consecutive samples at or above `clippingThreshold`
    /// of the encoding's loudest sample (full scale; G.711's loudest code).
    public var clippedRuns: Int
    /// Total length of those runs, in seconds.
    public var clippedSeconds: Double
    /// Time the samples stay at one value at or above the clipping threshold for at least
    /// `stuckMinimumSeconds` at a time, in seconds: no sound does that (a clipped waveform leaves
    /// full scale within half a period of its lowest tone), so these runs are damaged data, not
    /// clipping, and are left out of `clippedRuns` and `clippedSeconds`. Zero bytes in a µ-law
    /// file (a truncated or pre-allocated one) decode to its loudest negative code and read so.
    public var stuckSeconds: Double
    /// Active speech level per ITU-T P.56 method B, in dBFS (RMS, 0 dBFS = a full-scale square
    /// wave; a full-scale sine reads -3.01); `nil` when no activity is found.
    public var activeSpeechLevelDBFS: Double?
    /// Unweighted RMS level of each whole second, in dBFS (`nil` for a digitally silent second).
    public var levelPerSecondDBFS: [Double?]

    public init(
        integratedLUFS: Double? = nil, loudnessRangeLU: Double? = nil, loudnessRangeReliable: Bool = false,
        maxMomentaryLUFS: Double? = nil, maxShortTermLUFS: Double? = nil, truePeakDBTP: Double? = nil,
        samplePeakDBFS: Double? = nil, clippedRuns: Int = 0, clippedSeconds: Double = 0, stuckSeconds: Double = 0,
        activeSpeechLevelDBFS: Double? = nil, levelPerSecondDBFS: [Double?] = []
    ) {
        self.integratedLUFS = integratedLUFS
        self.loudnessRangeLU = loudnessRangeLU
        self.loudnessRangeReliable = loudnessRangeReliable
        self.maxMomentaryLUFS = maxMomentaryLUFS
        self.maxShortTermLUFS = maxShortTermLUFS
        self.truePeakDBTP = truePeakDBTP
        self.samplePeakDBFS = samplePeakDBFS
        self.clippedRuns = clippedRuns
        self.clippedSeconds = clippedSeconds
        self.stuckSeconds = stuckSeconds
        self.activeSpeechLevelDBFS = activeSpeechLevelDBFS
        self.levelPerSecondDBFS = levelPerSecondDBFS
    }

    /// Samples at or above this share of the encoding's loudest sample (full scale, or G.711's
    /// loudest code: `LoudnessMeter.init(sampleRate:mode:loudestSample:)`) count as clipped.
    public static let clippingThreshold: Float = 0.999
    /// A clipping run is at least this many consecutive samples.
    public static let clippingMinimumRun = 3
    /// A run of one value at full scale this long (seconds) or longer is damaged data, not
    /// clipping (`stuckSeconds`): 50 ms, longer than half a period of any tone a telephone
    /// channel carries (its high-pass removes what is under 300 Hz; a voice's lowest
    /// fundamental, about 80 Hz, holds one sign for 6 ms).
    public static let stuckMinimumSeconds = 0.05
}

/// Levels that need the speech segments: loudness of speech alone, noise floor, SNR.
public struct SpeechLevels: Sendable, Equatable {
    /// BS.1770 gated loudness of the 400 ms blocks whose centre lies in speech, in LUFS.
    public var speechLoudnessLUFS: Double?
    /// Mean power of the 100 ms blocks at least 0.2 s away from any speech, in dBFS (unweighted
    /// RMS); `nil` when there is no such block or it is digital silence.
    public var noiseFloorDBFS: Double?
    /// Mean power of the 100 ms blocks inside speech over that of the noise floor, in dB.
    public var snrDB: Double?

    public init(speechLoudnessLUFS: Double? = nil, noiseFloorDBFS: Double? = nil, snrDB: Double? = nil) {
        self.speechLoudnessLUFS = speechLoudnessLUFS
        self.noiseFloorDBFS = noiseFloorDBFS
        self.snrDB = snrDB
    }
}

/// The loudness of a multichannel programme (`LoudnessMeter.programme`).
public struct ProgrammeLoudness: Sendable, Equatable {
    /// BS.1770-4 integrated loudness, LUFS; `nil` when everything is gated out.
    public var integratedLUFS: Double?
    /// EBU Tech 3342 loudness range, LU.
    public var loudnessRangeLU: Double?
    /// Momentary loudness (400 ms windows), one value per 100 ms, the first window ending at
    /// 0.4 s; `nil` for digital silence.
    public var momentaryLUFS: [Double?]
    /// Short-term loudness (3 s windows), one value per 100 ms, the first window ending at 3 s.
    public var shortTermLUFS: [Double?]
}
