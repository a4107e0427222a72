/// Spectral features of one analysis frame.
public struct FrameFeatures: Sendable, Hashable {
    /// Index of the frame; frame `i` is centred at `(i * hop + window / 2) / sampleRate` seconds.
    public var index: Int
    /// Mean-square level of the speech band (300-3400 Hz by default), in dBFS (a full-scale sine
    /// in the band reads about -3 dBFS). Floored at -120 dBFS.
    public var speechBandDBFS: Float
    /// Mean-square level of the whole frame, in dBFS. Floored at -120 dBFS.
    public var totalDBFS: Float
    /// Spectral flatness of the speech band (geometric over arithmetic mean of the power
    /// spectrum), 0 for a pure tone, about 0.5-1 for white noise.
    public var flatness: Float
    /// Share of the speech band's power in its three strongest bins (0-1): near 1 for tones.
    public var peakiness: Float

    public init(index: Int, speechBandDBFS: Float, totalDBFS: Float, flatness: Float, peakiness: Float) {
        self.index = index
        self.speechBandDBFS = speechBandDBFS
        self.totalDBFS = totalDBFS
        self.flatness = flatness
        self.peakiness = peakiness
    }
}
