/// How a channel is cut into analysis frames. Defaults are documented in docs/metrics.md.
public struct FrameConfiguration: Sendable, Hashable {
    /// Length of the Hann-windowed analysis frame, in seconds (20-32 ms). Default 25 ms.
    public var windowSeconds: Double
    /// Distance between the starts of consecutive frames, in seconds. Default 10 ms.
    public var hopSeconds: Double
    /// Lower edge of the speech band used for activity detection, in Hz. Default 300 Hz.
    public var speechBandLowHz: Double
    /// Upper edge of the speech band, in Hz (clamped to the Nyquist frequency). Default 3400 Hz.
    public var speechBandHighHz: Double
    /// In wideband audio (sampled at `widebandMinimumSampleRate` or more), upper edge of the band
    /// whose level `FrameFeatures.widebandDBFS` also measures, in Hz (clamped to the Nyquist
    /// frequency): a wideband voice's fricatives and upper formants lie above the speech band,
    /// where office babble is weaker. Default 7000 Hz (the upper edge of wideband telephony,
    /// ITU-T G.722).
    public var widebandLevelHighHz: Double
    /// See `widebandLevelHighHz`, in Hz. Default 11025 Hz: at 11.025 and 12 kHz the band above
    /// the speech band reaches 5.5 and 6 kHz, where a voice's fricatives still stand out of
    /// office babble (a 16 kHz call in 10 dB babble resampled to 11.025 kHz read the customer's
    /// talk with recall 0.772 on the speech band alone, 0.910 with it, as at 16 kHz).
    public var widebandMinimumSampleRate: Double
    /// Distance between the two frames whose spectra `FrameFeatures.spectralStability`
    /// compares, in seconds. Default 50 ms.
    public var stabilityLagSeconds: Double
    /// Pitch range searched by `FrameAnalyzer.voicing(ofFrame:)`, in Hz. Default 70-400 Hz. The lowest
    /// pitch is raised where its period would exceed half the FFT length.
    public var voicingLowestPitchHz: Double
    public var voicingHighestPitchHz: Double
    /// The memory of the noise spectrum `FrameAnalyzer.speechLikelihood(ofFrame:)` measures
    /// frames against:
    /// the mean of the first frames `FrameAnalyzer.learnNoise(fromFrame:)` is given, this long
    /// in all, then an exponential mean with this time constant, in seconds of noise frames.
    /// Default 3 s.
    public var noiseSpectrumSeconds: Double
    /// The FFT's bins lie at most this far apart, in Hz: each frame is zero-padded to the
    /// smallest even transform size of factors 2, 3, 5 and 7 that reaches it (and the frame's
    /// length). Default 31.25 Hz: the spacing of 8, 16 and 32 kHz audio in power-of-two
    /// transforms, which the bin-counted features (a component and its two neighbours, peaks
    /// 3 bins apart, a note's frequency held within a bin) were set in. At 44.1 and 48 kHz the
    /// power of two reached 21.5 and 23.4 Hz, and a DTMF digit's two tones spread over more
    /// bins than `peakiness` counts: read as talk.
    public var maximumBinSpacingHz: Double
    /// Whether short runs of digital silence between stretches of signal (lost packets) are
    /// filled before framing (`DropoutConcealer`). Default on.
    public var concealsDropouts: Bool

    public init(
        windowSeconds: Double = 0.025, hopSeconds: Double = 0.010,
        speechBandLowHz: Double = 300, speechBandHighHz: Double = 3400,
        widebandLevelHighHz: Double = 7000, widebandMinimumSampleRate: Double = 11025,
        stabilityLagSeconds: Double = 0.05, voicingLowestPitchHz: Double = 70, voicingHighestPitchHz: Double = 400,
        noiseSpectrumSeconds: Double = 3, maximumBinSpacingHz: Double = 31.25, concealsDropouts: Bool = true
    ) {
        self.windowSeconds = windowSeconds
        self.hopSeconds = hopSeconds
        self.speechBandLowHz = speechBandLowHz
        self.speechBandHighHz = speechBandHighHz
        self.widebandLevelHighHz = widebandLevelHighHz
        self.widebandMinimumSampleRate = widebandMinimumSampleRate
        self.stabilityLagSeconds = stabilityLagSeconds
        self.voicingLowestPitchHz = voicingLowestPitchHz
        self.voicingHighestPitchHz = voicingHighestPitchHz
        self.noiseSpectrumSeconds = noiseSpectrumSeconds
        self.maximumBinSpacingHz = maximumBinSpacingHz
        self.concealsDropouts = concealsDropouts
    }
}
