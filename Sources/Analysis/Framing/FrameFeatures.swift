/// Spectral features of one analysis frame.
public struct FrameFeatures: Sendable, Hashable {
    /// Index of the frame; frame `i` is centred at `(i * hop + window / 2) / sampleRate` seconds.
    public var index: Int
    /// Mean-square level of the speech band (300-3400 Hz by default), in dBFS (a full-scale sine
    /// in the band reads about -3 dBFS). Floored at -120 dBFS.
    public var speechBandDBFS: Float
    /// Share of the speech band's power in its two strongest components (the strongest bin and
    /// the strongest bin at least 3 bins away, each with its two neighbours), 0-1: near 1 for one
    /// or two tones.
    public var peakiness: Float
    /// FFT bin of the strongest component in the speech band.
    public var peakBin: Int
    /// FFT bin of the strongest component at least 3 bins away from `peakBin` (-1 when none).
    public var secondPeakBin: Int
    /// The level of a frame without signal (digital silence), and the floor of every level here.
    public static let silenceDBFS: Float = -120

    /// Mean-square power of `subbandCount` log-spaced sub-bands of the speech band (linear, full
    /// scale = 1); the spectral envelope used to tell one party's leaked voice from its own.
    public var subbandPower: SIMD16<Float>

    /// Correlation (-1 to 1) of the speech band's magnitude spectrum with the frame's
    /// `FrameConfiguration.stabilityLagSeconds` earlier: near 1 when the spectrum holds still
    /// (held notes and chords of music, tones), far lower in speech, whose harmonics and formants
    /// move. 0 for the first frames.
    public var spectralStability: Float
    /// In wideband audio, the level from the speech band's lower edge up to
    /// `FrameConfiguration.widebandLevelHighHz` (7000 Hz), in dBFS; otherwise `speechBandDBFS`.
    /// (Declared last, where it fills padding: frames wait 10 s for the detector's look-ahead,
    /// and a larger stride cost 2.7 % on an 8 kHz call.)
    public var widebandDBFS: Float
    /// In wideband audio, the level above the speech band alone, from its upper edge up to
    /// `FrameConfiguration.widebandLevelHighHz` (3400-7000 Hz), in dBFS (floored at -120 dBFS;
    /// -120 otherwise): where a voice's fricatives and plosive bursts stand out of pink or brown
    /// noise and of babble, whose power lies lower. (In the padding after `widebandDBFS`: the
    /// stride stays 112 bytes.)
    public var upperBandDBFS: Float
    /// Whether the frame holds a dropout: a run of exact zeros of at least 2 ms among samples of
    /// a signal far over any quantisation (their mean square at least -60 dBFS), as a recorder
    /// writes for lost packets. The steps into and out of the zeros are a click that matches
    /// nothing: such a frame is no evidence of talk, nor of the channel's noise. (In the padding
    /// after `upperBandDBFS`: the stride stays 112 bytes.)
    public var holdsDropout: Bool

    /// Number of sub-bands in `subbandPower`.
    public static let subbandCount = 16

    public init(
        index: Int, speechBandDBFS: Float, peakiness: Float, peakBin: Int = 0, secondPeakBin: Int = -1,
        subbandPower: SIMD16<Float> = SIMD16<Float>(), spectralStability: Float = 0, widebandDBFS: Float? = nil,
        upperBandDBFS: Float = -120, holdsDropout: Bool = false
    ) {
        self.index = index
        self.speechBandDBFS = speechBandDBFS
        self.widebandDBFS = widebandDBFS ?? speechBandDBFS
        self.upperBandDBFS = upperBandDBFS
        self.peakiness = peakiness
        self.peakBin = peakBin
        self.secondPeakBin = secondPeakBin
        self.subbandPower = subbandPower
        self.spectralStability = spectralStability
        self.holdsDropout = holdsDropout
    }
}
