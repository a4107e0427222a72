/// Parameters of the speech-activity detector. Defaults are documented in docs/metrics.md
/// ("speech activity").
public struct SpeechActivityConfiguration: Sendable, Hashable {
    /// A frame is speech when its speech-band level exceeds the channel's noise floor by at
    /// least this much, in dB. Default 9 dB.
    public var marginDB: Float
    /// A frame quieter than this is never speech, in dBFS. Default -62 dBFS.
    public var absoluteFloorDBFS: Float
    /// Length of the noise-floor tracker's memory, in seconds: the floor is the lowest short-term
    /// level seen in this window (minimum statistics). Default 3 s.
    public var noiseWindowSeconds: Double
    /// Frames whose three strongest bins hold more than this share of the speech band's power are
    /// tones (ring-back, DTMF, hold tones), not speech (0-1). Default 0.9.
    public var tonePeakinessLimit: Float
    /// Runs of speech frames shorter than this are clicks or bursts and are dropped, in seconds.
    /// Default 0.05 s.
    public var minimumBurstSeconds: Double
    /// Pauses shorter than this inside one party's speech do not split a talk segment, in
    /// seconds. Default 0.3 s.
    public var mergeGapSeconds: Double
    /// Talk segments shorter than this after merging are dropped, in seconds. Default 0.1 s.
    public var minimumSpeechSeconds: Double
    /// Each talk segment starts this much earlier than its first speech frame, so soft onsets are
    /// not clipped, in seconds. Default 0.03 s.
    public var onsetPadSeconds: Double
    /// Each talk segment ends this much after its last speech frame (hangover), so decaying
    /// word endings are not clipped, in seconds. Default 0.1 s.
    public var hangoverSeconds: Double

    public init(
        marginDB: Float = 9, absoluteFloorDBFS: Float = -62, noiseWindowSeconds: Double = 3,
        tonePeakinessLimit: Float = 0.9, minimumBurstSeconds: Double = 0.05,
        mergeGapSeconds: Double = 0.3, minimumSpeechSeconds: Double = 0.1,
        onsetPadSeconds: Double = 0.03, hangoverSeconds: Double = 0.1
    ) {
        self.marginDB = marginDB
        self.absoluteFloorDBFS = absoluteFloorDBFS
        self.noiseWindowSeconds = noiseWindowSeconds
        self.tonePeakinessLimit = tonePeakinessLimit
        self.minimumBurstSeconds = minimumBurstSeconds
        self.mergeGapSeconds = mergeGapSeconds
        self.minimumSpeechSeconds = minimumSpeechSeconds
        self.onsetPadSeconds = onsetPadSeconds
        self.hangoverSeconds = hangoverSeconds
    }
}
