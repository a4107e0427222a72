/// Parameters of the speech-activity detector. Defaults are documented in docs/metrics.md
/// ("speech activity").
public struct SpeechActivityConfiguration: Sendable, Hashable {
    /// A frame is speech when its speech-band level exceeds the channel's noise floor by at
    /// least this much, in dB. Default 9 dB.
    public var marginDB: Float
    /// A frame quieter than this is never speech, in dBFS. Default -62 dBFS.
    public var absoluteFloorDBFS: Float
    /// A frame is speech only when it also rises this fraction of the way from the noise floor to
    /// the channel's recent speech peak (0 turns the gate off). Keeps steady speech-like noise
    /// well under the talker (office babble, a far-away colleague) out of the talk. Default 0.3.
    public var relativeGateFraction: Float
    /// How fast the speech peak that `relativeGateFraction` refers to decays, in dB per second, so
    /// a party who starts speaking more quietly is followed. Default 1 dB/s.
    public var speechPeakDecayDBPerSecond: Float
    /// Length of the noise-floor tracker's memory, in seconds: the floor is the lowest short-term
    /// level seen in this window (minimum statistics). Default 3 s.
    public var noiseWindowSeconds: Double
    /// Frames whose two strongest components (3 bins each) hold more than this share of the band are
    /// tones (one or two steady tones: ring-back, DTMF, beeps), not speech, once their strongest
    /// component has kept its frequency for `toneMinimumStableSeconds` (0-1). Default 0.9.
    public var tonePeakinessLimit: Float
    /// How long a peaky frame's strongest component must keep its frequency before the frame
    /// counts as a tone, in seconds (speech harmonics glide; tones do not). Default 0.04 s.
    public var toneMinimumStableSeconds: Double
    /// A tonal run shorter than `toneMaximumInSpeechSeconds` that comes within this distance of
    /// speech is a steady vowel, and stays speech, in seconds. Default 0.1 s.
    public var toneAdjacencySeconds: Double
    /// Tonal runs at least this long are tones even next to speech, in seconds. Default 0.4 s.
    public var toneMaximumInSpeechSeconds: Double
    /// Runs of speech frames shorter than this are clicks or bursts and are dropped, in seconds.
    /// Default 0.05 s.
    public var minimumBurstSeconds: Double
    /// Pauses shorter than this inside one party's speech do not split a talk segment, in
    /// seconds. Default 0.3 s.
    public var mergeGapSeconds: Double
    /// Talk segments shorter than this after merging are dropped, in seconds. Default 0.1 s.
    public var minimumSpeechSeconds: Double
    /// Each talk segment starts this much earlier than its first speech frame, so soft onsets are
    /// not clipped, in seconds. Default 0.02 s.
    public var onsetPadSeconds: Double
    /// Each talk segment ends this much after its last speech frame (hangover), so decaying
    /// word endings are not clipped, in seconds. Default 0.04 s.
    public var hangoverSeconds: Double
    /// Frames are music as soon as the last `musicWindowSeconds` of loud frames, with no pause,
    /// have levels deviating less than `musicWindowMaximumDeviationDB`, in seconds. Default 1.5 s.
    public var musicWindowSeconds: Double
    /// See `musicWindowSeconds`, in dB. Default 1.5 dB (speech varies far more).
    public var musicWindowMaximumDeviationDB: Float
    /// Tone and music spans closer than this are one hold span, in seconds (ring-back cadences
    /// have 4 s gaps). Default 5 s.
    public var holdMergeGapSeconds: Double
    /// Hold spans shorter than this are not reported, in seconds. Default 2 s.
    public var minimumHoldSeconds: Double
    /// Memory of the long-term noise floor that tells sustained sound (music) from silence, in
    /// seconds. Default 30 s.
    public var longTermNoiseWindowSeconds: Double
    /// Runs of sustained-sound frames shorter than this do not count towards hold, in seconds.
    /// Default 0.5 s.
    public var minimumSoundRunSeconds: Double

    public init(
        marginDB: Float = 9, absoluteFloorDBFS: Float = -62, relativeGateFraction: Float = 0.3,
        speechPeakDecayDBPerSecond: Float = 1, noiseWindowSeconds: Double = 3,
        tonePeakinessLimit: Float = 0.9, toneMinimumStableSeconds: Double = 0.04,
        toneAdjacencySeconds: Double = 0.1, toneMaximumInSpeechSeconds: Double = 0.4,
        minimumBurstSeconds: Double = 0.05,
        mergeGapSeconds: Double = 0.3, minimumSpeechSeconds: Double = 0.1,
        onsetPadSeconds: Double = 0.02, hangoverSeconds: Double = 0.04,
        musicWindowSeconds: Double = 1.5,
        musicWindowMaximumDeviationDB: Float = 1.5,
        holdMergeGapSeconds: Double = 5, minimumHoldSeconds: Double = 2,
        longTermNoiseWindowSeconds: Double = 30, minimumSoundRunSeconds: Double = 0.5
    ) {
        self.marginDB = marginDB
        self.absoluteFloorDBFS = absoluteFloorDBFS
        self.relativeGateFraction = relativeGateFraction
        self.speechPeakDecayDBPerSecond = speechPeakDecayDBPerSecond
        self.noiseWindowSeconds = noiseWindowSeconds
        self.tonePeakinessLimit = tonePeakinessLimit
        self.toneMinimumStableSeconds = toneMinimumStableSeconds
        self.toneAdjacencySeconds = toneAdjacencySeconds
        self.toneMaximumInSpeechSeconds = toneMaximumInSpeechSeconds
        self.minimumBurstSeconds = minimumBurstSeconds
        self.mergeGapSeconds = mergeGapSeconds
        self.minimumSpeechSeconds = minimumSpeechSeconds
        self.onsetPadSeconds = onsetPadSeconds
        self.hangoverSeconds = hangoverSeconds
        self.musicWindowSeconds = musicWindowSeconds
        self.musicWindowMaximumDeviationDB = musicWindowMaximumDeviationDB
        self.holdMergeGapSeconds = holdMergeGapSeconds
        self.minimumHoldSeconds = minimumHoldSeconds
        self.longTermNoiseWindowSeconds = longTermNoiseWindowSeconds
        self.minimumSoundRunSeconds = minimumSoundRunSeconds
    }
}
