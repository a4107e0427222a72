/// Everything that tunes the per-channel analysis.
public struct AnalysisConfiguration: Sendable, Hashable {
    /// Framing of the spectral analysis.
    public var frame: FrameConfiguration
    /// Speech-activity detector parameters.
    public var activity: SpeechActivityConfiguration
    /// K-weighting filter design for loudness.
    public var loudnessMode: KWeightingMode

    public init(
        frame: FrameConfiguration = FrameConfiguration(),
        activity: SpeechActivityConfiguration = SpeechActivityConfiguration(),
        loudnessMode: KWeightingMode = .exact
    ) {
        self.frame = frame
        self.activity = activity
        self.loudnessMode = loudnessMode
    }
}
