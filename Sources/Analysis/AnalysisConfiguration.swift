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

extension AnalysisConfiguration {
    /// Text that changes whenever what the analysis measures may: every parameter of this
    /// configuration (as Swift prints it) and the trained music model's size, baseline, threshold
    /// and the sum of its split thresholds and leaf values. The state database keys finished calls
    /// on it, so that after an upgrade that retunes the analysis the calls are scored again rather
    /// than reused from the older analysis. (A change of the code alone, its parameters the same,
    /// is not seen here: the tool's version says that.)
    public var revision: String {
        String(describing: self) + "; music model: " + MusicModel.trained.summary
    }
}

extension MusicModel {
    /// The model's size, baseline, threshold and the sums of its thresholds and values.
    var summary: String {
        let thresholds = nodes.reduce(0.0) { $0 + Double($1.threshold) }
        let values = nodes.reduce(0.0) { $0 + Double($1.value) }
        return "\(nodes.count) nodes, \(roots.count) trees, baseline \(baseline), threshold \(threshold), "
            + "sums \(thresholds) \(values)"
    }
}
