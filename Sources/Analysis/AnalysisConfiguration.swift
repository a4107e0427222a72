/// Everything that tunes the per-channel analysis.
public struct AnalysisConfiguration: Sendable, Hashable {
    /// Framing of the spectral analysis.
    public var frame: FrameConfiguration
    /// Speech-activity detector parameters.
    public var activity: SpeechActivityConfiguration
    /// Leak (echo, crosstalk) rejection between the two channels of a stereo call.
    public var crosstalk: CrosstalkConfiguration
    /// K-weighting filter design for loudness.
    public var loudnessMode: KWeightingMode
    /// Whether the audio was decoded from a lossy transform codec (MP3, Vorbis, Opus), whose
    /// blocks smear onsets and ends (`SpeechActivityConfiguration.transformCodecTrimSeconds`).
    /// `CallAnalyzer` sets it from the decoder's encoding.
    public var transformCoded: Bool
    /// The largest magnitude the source's encoding carries (full scale ±1), where clipping
    /// flattens a signal out: below 1 for G.711 (`AudioFormatInfo.loudestSample`). `CallAnalyzer`
    /// sets it from the decoder's encoding.
    public var loudestSample: Float

    public init(
        frame: FrameConfiguration = FrameConfiguration(),
        activity: SpeechActivityConfiguration = SpeechActivityConfiguration(),
        crosstalk: CrosstalkConfiguration = CrosstalkConfiguration(),
        loudnessMode: KWeightingMode = .exact, transformCoded: Bool = false, loudestSample: Float = 1
    ) {
        self.transformCoded = transformCoded
        self.loudestSample = loudestSample
        self.frame = frame
        self.activity = activity
        self.crosstalk = crosstalk
        self.loudnessMode = loudnessMode
    }
}
