/// Parameters of the speech-activity detector. Defaults are documented in docs/metrics.md
/// ("speech activity").
public struct SpeechActivityConfiguration: Sendable, Hashable {
    /// A frame is speech when its speech-band level exceeds the channel's noise floor by at
    /// least a margin: this much over steady noise, in dB. Default 6 dB.
    public var marginDB: Float
    /// The margin grows by this many dB per dB of the noise's own spread (the window's
    /// `noisePercentile` minus its `noiseSpreadPercentile` level): fluctuating noise such as
    /// office babble needs more headroom than steady hiss. Default 0.6.
    public var marginPerSpreadDB: Float
    /// The margin never exceeds this, in dB. Default 9.5 dB.
    public var maximumMarginDB: Float
    /// The noise floor is this percentile of the frame levels over the last `noiseWindowSeconds`
    /// (0-100). Default 20.
    public var noisePercentile: Double
    /// The lower percentile the noise spread is measured from (0-100). Default 5.
    public var noiseSpreadPercentile: Double
    /// Length of the noise-floor tracker's memory, in seconds: the window of the percentiles
    /// above, and of the minimum that tells sustained sound (music) from silence. Default 30 s.
    public var noiseWindowSeconds: Double
    /// The noise-floor window ends this long after the frame being judged, in seconds, so that the
    /// first seconds of a call are judged against the noise that follows them rather than a
    /// nearly empty window (background babble at the start was read as speech). Decisions lag
    /// the audio by this much; memory holds this many seconds of frame features. Default 10 s.
    public var noiseLookAheadSeconds: Double
    /// When more than this share (0-1) of the frames decided over the last `noiseWindowSeconds`
    /// less `noiseLookAheadSeconds` is speech (counted once at least half of that span is
    /// decided), the window's `noisePercentile` level lies inside the party's own speech (an
    /// agent's long explanation with short pauses): the floor is then taken at a lower
    /// percentile, `noisePercentile` times (1 - share) / (1 - this), and the spread's percentile
    /// shrinks in proportion. Default 0.7.
    public var noiseTalkShareLimit: Double
    /// Speech never starts on a frame quieter than this (it may fade out below it), in dBFS;
    /// lower on a channel recorded at a low gain (`floorsSpeechReferenceDBFS`). Default -62 dBFS.
    public var absoluteFloorDBFS: Float
    /// The level of a channel's loudest speech (its mean level in the speech band over five
    /// frames) that `absoluteFloorDBFS`, `tailFloorDBFS` and `releaseFloorDBFS` are set for, in
    /// dBFS. On a channel whose loudest speech so far is quieter (a call recorded at a low gain:
    /// its voices, their fading ends and its line all quieter by the same decibels), the three
    /// floors lie lower by the difference, but not under the noise margin over the line's floor
    /// (a quiet line's own noise stays out of a quiet talker's words); they never rise.
    /// `-.infinity` keeps them where they are set. Default -20 dBFS.
    public var floorsSpeechReferenceDBFS: Float
    /// A frame is speech only when it also rises this fraction of the way from the noise floor to
    /// the channel's recent speech peak (0 turns the gate off). Keeps steady speech-like noise
    /// well under the talker (office babble, a far-away colleague) out of the talk. Default 0.3.
    public var relativeGateFraction: Float
    /// For `holdGateSeconds` after the last speech frame that passed the full gate, a frame needs
    /// to rise only this fraction of the way (hysteresis), even after a short dip, so a word's
    /// fading end and a soft final consonant are kept. Default 0.12.
    public var holdGateFraction: Float
    /// See `holdGateFraction`, in seconds. Default 0.2 s.
    public var holdGateSeconds: Double
    /// While the hold gate applies inside a talk segment that already holds at least
    /// `burstAttachMinimumWordSeconds` of speech frames (a word, not a pluck or a click; counted
    /// across pauses shorter than `mergeGapSeconds`), the margin over the noise floor is this
    /// fraction of the full margin (0-1). Default 0.5.
    public var holdMarginFraction: Float
    /// In noise that is not steady (spread at least `steadyNoiseMaximumSpreadDB`), the hold gate
    /// follows a word's fading end, not the noise's next swell: a frame whose level (averaged in
    /// power over 50 ms, as the gate takes it) rises more than this over the lowest such level
    /// since the last frame that passed the full gate is not held. A phrase cut off in office
    /// babble ran on 0.1-0.25 s over the babble's next swell, which the lowered margin let
    /// through; a word's own end fades. In dB; `.infinity` turns it off. Default 2 dB.
    public var holdMaximumRiseDB: Float
    /// How fast the speech peak that `relativeGateFraction` refers to decays, in dB per second, so
    /// a party who starts speaking more quietly is followed. Default 1 dB/s.
    public var speechPeakDecayDBPerSecond: Float
    /// In wideband audio, a frame whose level above the speech band (`FrameFeatures.upperBandDBFS`,
    /// averaged like the speech band's over the frame and two either side) stands this share of
    /// the margin over that band's own noise floor, and within `upperBandMaximumRelativeDB` of
    /// the band's level in the channel's recent speech, passes the gate that starts speech even
    /// where its speech band is lost in the noise: a fricative or a plosive's burst, whose power
    /// lies above 3.4 kHz, where pink and brown noise and babble are weak (the /t/ and /s/ of
    /// "front centre" in 10 dB pink noise). Its speech band must still clear `absoluteFloorDBFS`.
    /// Default 1.5.
    public var upperBandMarginFraction: Float
    /// See `upperBandMarginFraction`, in dB. Default 30 dB.
    public var upperBandMaximumRelativeDB: Float
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
    /// A burst shorter than `minimumBurstSeconds` that starts within this time after the end of a
    /// run at least `burstAttachMinimumWordSeconds` long is kept (a final plosive released after
    /// its closure), in seconds. Default 0.15 s.
    public var burstAttachSeconds: Double
    /// See `burstAttachSeconds`, in seconds. Default 0.25 s.
    public var burstAttachMinimumWordSeconds: Double
    /// A word's final release, a plosive's burst after its closure, may stand 50 dB and more
    /// under the talker's peak. On a line whose noise floor is under this level, within
    /// `burstAttachSeconds` after a word (`burstAttachMinimumWordSeconds`) that ended on at least
    /// `minimumBurstSeconds` of speech frames in a row, and after at least two frames that are not
    /// speech (the closure), up to `minimumBurstSeconds` of frames standing
    /// `releaseMarginFraction` of the margin over the floor and above `releaseFloorDBFS` are
    /// speech, however far under the peak (the hold gate's relative bar does not apply to them),
    /// in dBFS. Default -60 dBFS.
    public var releaseMaximumFloorDBFS: Float
    /// See `releaseMaximumFloorDBFS`: the share of the noise margin a release stands over the
    /// floor (its level averaged with the two frames either side, as the gate does: 3.6 dB on a
    /// steady line). A release of 30-40 ms after a closure at the floor shows only part of its
    /// level in that average. A release must also stand, so averaged, over the loudest frame of
    /// its closure after the first two (the word's decay) and before the last one: a line whose
    /// noise swells as high between the word and it is the line swelling. Default 0.6.
    public var releaseMarginFraction: Float
    /// See `releaseMaximumFloorDBFS`: a release may be as quiet as this, under `tailFloorDBFS`
    /// (which keeps a codec's ringing under digital silence out of a word's fading end: a
    /// release comes only after a closure at the floor), in dBFS. Lower on a channel recorded
    /// at a low gain (`floorsSpeechReferenceDBFS`). Default -76 dBFS.
    public var releaseFloorDBFS: Float
    /// Pauses shorter than this inside one party's speech do not split a talk segment, in
    /// seconds. Default 0.3 s.
    public var mergeGapSeconds: Double
    /// In noise, a voice's quieter syllables and reverberant word ends sink under the floor, and
    /// a phrase shows as short fragments with what look like pauses between them. A pause of up
    /// to this long is bridged when a talk segment on either side of it is shorter than
    /// `hiddenPauseFragmentSeconds`, both are at least `minimumSpeechSeconds` long, and both stand
    /// on average less than `hiddenSpeechMaximumSNRDB` over the noise floor (over their speech
    /// frames), in seconds. Default 0.6 s.
    public var hiddenPauseSeconds: Double
    /// See `hiddenPauseSeconds`, in seconds. Default 0.5 s.
    public var hiddenPauseFragmentSeconds: Double
    /// A talk segment whose speech frames stand on average less than this over the noise floor
    /// may have parts hidden under it: its short pauses are bridged (`hiddenPauseSeconds`) and
    /// its end gets the hangover (`hangoverSeconds`), in dB. Default 25 dB.
    public var hiddenSpeechMaximumSNRDB: Float
    /// Talk segments shorter than this after merging are dropped, in seconds. Default 0.1 s.
    public var minimumSpeechSeconds: Double
    /// Talk segments with fewer voiced frames than this after merging (see `voicingThreshold`),
    /// and a mean speech-band level (dBFS, over their speech frames) more than
    /// `unvoicedMaximumRelativeDB` under that of the channel's voiced segments, are dropped:
    /// breaths, clicks, typing (a voice's vowels are periodic; a loud unvoiced segment, or any
    /// segment of a channel with no voiced segment at all, stays talk). In seconds of frames.
    /// Default 0.03 s.
    public var minimumVoicedSeconds: Double
    /// See `minimumVoicedSeconds`, in dB. Default 10 dB.
    public var unvoicedMaximumRelativeDB: Float
    /// A breath before a sentence (a run under `unvoicedMaximumRelativeDB` of the voiced runs'
    /// level without their voicing, after a pause) that ends at least this long before the
    /// sentence's first voiced run is dropped before the pauses are bridged: the pause after an
    /// inhale is shorter than `mergeGapSeconds`, and the breath joined the sentence. In seconds.
    /// Default 0.08 s.
    public var breathGapSeconds: Double
    /// A frame is voiced when its `FrameAnalyzer.voicing(ofFrame:)` is at least this. Default 0.65
    /// (noise of any colour stays under about 0.6).
    public var voicingThreshold: Float
    /// In audio decoded from a lossy transform codec (MP3, Vorbis, Opus; see
    /// `SpeechActivityDetector.init`), each talk segment starts this much later and ends this
    /// much earlier: the codec's blocks spread an onset's energy ahead of it (pre-echo) and a
    /// word's end after it, in seconds. Default 0.01 s.
    public var transformCodecTrimSeconds: Double
    /// Each talk segment starts this much earlier than its first speech frame, in seconds. Default
    /// 0 s (the frame edges already reach the onset; on the evaluation corpus the median is 2 ms early).
    public var onsetPadSeconds: Double
    /// A talk segment that stands less than `hiddenSpeechMaximumSNRDB` over the noise floor ends
    /// this much after its last speech frame (hangover; `hiddenTailSeconds` where
    /// `hiddenEdgesMaximumPeakDB` applies), so a fading end that sinks under the
    /// noise is not clipped, in seconds. Default 0.01 s. Over a quiet floor the hold gate and the
    /// tail rule follow the fading end itself, and a hangover would only add the analysis
    /// window's own spread.
    public var hangoverSeconds: Double
    /// In steady noise (see `steadyNoiseMaximumSpreadDB`), a talk segment whose loudest speech
    /// frame stands less than this over the noise floor has its quietest parts under the noise:
    /// a voice's onset and the decay of its last word run 30-50 dB under its peak, and the hold
    /// gate and the tail rule cannot follow them there. Such a segment starts
    /// `hiddenOnsetSeconds` earlier and ends `hiddenTailSeconds` later (instead of
    /// `hangoverSeconds`), in dB. Not under a floor quieter than `tailFloorDBFS`, which hides
    /// nothing a word's edge may hold. Default 26 dB.
    public var hiddenEdgesMaximumPeakDB: Float
    /// See `hiddenEdgesMaximumPeakDB`, in seconds. Default 0.03 s.
    public var hiddenOnsetSeconds: Double
    /// See `hiddenEdgesMaximumPeakDB`, in seconds. Default 0.15 s.
    public var hiddenTailSeconds: Double
    /// Noise is steady when its spread (its floor, the `noisePercentile` level, minus its
    /// `noiseSpreadPercentile` level) is under this, averaged over a segment's speech frames, in
    /// dB: hiss, hum and coloured noise spread about 0.5-1 dB at 10 ms, office babble 4-6 dB.
    /// Only in steady noise does a segment's peak over the floor say how much of its edges the
    /// noise hides; babble's floor lies far under its mean. Default 2 dB.
    public var steadyNoiseMaximumSpreadDB: Float
    /// In fluctuating noise (office babble, a television in the room), whose spread averaged over
    /// a segment's speech frames is at least this, in dB, a talk segment whose loudest speech frame
    /// stands less than `hiddenEdgesMaximumPeakDB` over the floor starts
    /// `fluctuatingNoiseOnsetSeconds` earlier and ends `fluctuatingNoiseTailSeconds` later
    /// (instead of `hangoverSeconds`): the gate's margin grows with the spread, and a word is
    /// found only once it rises over the noise's peaks, its onset and its decay still under them.
    /// Default 4 dB (babble spreads 5-10 dB; steady noise, even at 5 dB SNR, under 3.5 dB).
    public var fluctuatingNoiseMinimumSpreadDB: Float
    /// See `fluctuatingNoiseMinimumSpreadDB`, in seconds. Default 0.04 s.
    public var fluctuatingNoiseOnsetSeconds: Double
    /// See `fluctuatingNoiseMinimumSpreadDB`, in seconds. Default 0.03 s.
    public var fluctuatingNoiseTailSeconds: Double
    /// Some voices close their sentences on a breathy or reverberant tail 20-45 dB under their
    /// peak, which noise hides frame by frame. Over a channel's segment ends that are followed by
    /// at least `mergeGapSeconds` of no speech, the median power of this window right after each
    /// end is compared with the mean power of the channel's noise (its frames at least
    /// `mergeGapSeconds` from any speech): when it stands more than `tailEvidenceMinimumExcess`
    /// of that mean over it, and more than `tailEvidenceStandardErrors` standard errors, the
    /// voice's ends go on under the noise, and every talk segment of the channel (that peaks
    /// less than `tailEvidenceMaximumPeakDB` over the floor) ends this much later, in seconds.
    /// When the window after that one passes the same test too, the ends go on past it (a
    /// recorded voice's reverberant close, 0.2-0.3 s long and 30-45 dB under its peak), and the
    /// segments end twice this much later. Default 0.12 s.
    public var tailEvidenceSeconds: Double
    /// See `tailEvidenceSeconds`, as a fraction of the noise's mean power. Default 0.06 (0.25 dB).
    public var tailEvidenceMinimumExcess: Double
    /// See `tailEvidenceSeconds`. The standard error comes from the spread of the mean power of
    /// windows of noise. Default 3.
    public var tailEvidenceStandardErrors: Double
    /// See `tailEvidenceSeconds`: fewer segment ends than this are no evidence. Default 4.
    public var tailEvidenceMinimumEnds: Int
    /// See `tailEvidenceSeconds`: a segment whose loudest speech frame stands at least this much
    /// over the noise floor keeps its end, in dB. Such a segment shows its tail above the floor
    /// down to this far under its peak (where the hold gate and the tail rule follow it); what
    /// the noise hides of it is fainter still (on a quiet line, a word's smeared end far under
    /// what anyone hears). Default 45 dB.
    public var tailEvidenceMaximumPeakDB: Float
    /// A voice whose talk segments stand, at the median of their loudest speech frames, at least
    /// this much over the noise floor, and whose ends show no power over the noise (the median
    /// of the `tailEvidenceSeconds` windows stands less than `crispEndsStandardErrors` standard
    /// errors over the noise's mean, over at least `tailEvidenceMinimumEnds` ends), ends its
    /// sentences crisply: where a tail 30-45 dB under it would show, none does. Its segments
    /// that peak low over the floor (short quiet words, under `hiddenEdgesMaximumPeakDB`) end
    /// as if the noise hid nothing, without `hiddenTailSeconds`, in dB. Under this, a voice's
    /// tails may sink under the noise even taken together, and the hidden tail stays. Default
    /// 28 dB.
    public var crispEndsMinimumPeakDB: Float
    /// See `crispEndsMinimumPeakDB`. Default 2.
    public var crispEndsStandardErrors: Double
    /// A word's decay and a recorded voice's reverberant close sink under steady noise in the
    /// speech band's level, yet their harmonics still stand over the noise's spectrum in the
    /// bins they fill (`FrameAnalyzer.speechLikelihood(ofFrame:)`, averaged over the frame and the two
    /// either side). A talk segment goes on while the frames right after its last run of
    /// speech (quiet ones, louder than `tailFloorDBFS`, for at most
    /// `spectralTailMaximumSeconds`) stand over this percentile of the same averages over the
    /// channel's noise (frames at least `spectralTailNoiseDistanceSeconds` from any speech,
    /// leaked voice, tone or sound), less `spectralTailTrimSeconds` (the analysis window's and
    /// the average's spread past the sound's end); never less than the other rules give.
    /// Default 99.
    public var spectralTailPercentile: Double
    /// See `spectralTailPercentile`, in seconds. Default 0.3 s.
    public var spectralTailMaximumSeconds: Double
    /// See `spectralTailPercentile`, in seconds. Default 0.02 s.
    public var spectralTailTrimSeconds: Double
    /// See `spectralTailPercentile`, in seconds: the noise frames feed the noise spectrum too
    /// (once this long after any of those, whatever follows). Default 0.3 s.
    public var spectralTailNoiseDistanceSeconds: Double
    /// See `spectralTailPercentile`: with fewer seconds of noise frames than this, segments keep
    /// the ends the other rules give. Default 3 s.
    public var spectralTailMinimumNoiseSeconds: Double
    /// A word's fading tail: right after a speech run, frames louder than the noise floor by
    /// this fraction of the margin (and above the hold gate's relative bar) still belong to the
    /// word, for at most `tailSeconds` (0-1). Default 0.5.
    public var tailMarginFraction: Float
    /// See `tailMarginFraction`, in seconds. Default 0.1 s.
    public var tailSeconds: Double
    /// Tail and onset frames, and the frames the hold gate keeps after a word, must also be
    /// louder than this, in dBFS: under digital silence a codec's ringing after a word is not
    /// part of it. Lower on a channel recorded at a low gain (`floorsSpeechReferenceDBFS`).
    /// Default -72 dBFS.
    public var tailFloorDBFS: Float
    /// Frames are music as soon as the last `musicWindowSeconds` of loud frames, with no pause,
    /// have levels deviating less than `musicWindowMaximumDeviationDB`, in seconds. Default 1.5 s.
    public var musicWindowSeconds: Double
    /// See `musicWindowSeconds`, in dB. Default 1.5 dB (speech varies far more).
    public var musicWindowMaximumDeviationDB: Float
    /// A frame is spectrally stable when its `FrameFeatures.spectralStability` is at least this
    /// (0-1). Default 0.9.
    public var musicStabilityThreshold: Float
    /// Frames are music as soon as at least this share (0-1) of the last `musicWindowSeconds` of
    /// frames were loud and spectrally stable, and no frame of that window fell more than
    /// `musicMaximumDipDB` under the window's mean level. Default 0.6.
    public var musicStableShare: Float
    /// See `musicStableShare`, in dB (speech dips between syllables far deeper). Default 13 dB.
    public var musicMaximumDipDB: Float
    /// Once frames are music, a window whose only dip below `musicMaximumDipDB` is one run of at
    /// most this long (where one chord gives way to the next) is still music, in seconds. Default
    /// 0.03 s.
    public var musicChordChangeSeconds: Double
    /// Music whose notes are tonal and whose attacks read as speech (a flute, a synthesised
    /// tune) may be recognised only seconds after it starts, past the 1.5 s window whose speech
    /// runs recognition gives back to it. When at least this share (0-1) of the frames since the
    /// last quiet one were tonal, and they span at most `musicOnsetMaximumSeconds`, all of them are
    /// the music's onset. Default 0.5.
    public var musicOnsetTonalShare: Double
    /// See `musicOnsetTonalShare`, in seconds. Default 6 s.
    public var musicOnsetMaximumSeconds: Double
    /// Frames that pass the gate are sound, not speech, when the frames within half this window
    /// either side all stand `sustainedSoundMinimumClearanceDB` over the noise floor and their
    /// levels' standard deviation is under `sustainedSoundMaximumDeviationDB`: sound that fills
    /// the window far over a quiet line, its level hardly moving (hold music that starts in the
    /// middle of a call, before the floor has followed it up), in seconds. A voice falls back
    /// to the line between its words; over its own room's noise it swings 10 dB and more (the
    /// evaluation's talk, over 4 s: a deviation of 8.8 dB at the least where its pauses do not
    /// reach the floor). Default 4 s.
    public var sustainedSoundWindowSeconds: Double
    /// See `sustainedSoundWindowSeconds`, in dB. Default 15 dB.
    public var sustainedSoundMinimumClearanceDB: Float
    /// See `sustainedSoundWindowSeconds`, in dB. Default 6 dB.
    public var sustainedSoundMaximumDeviationDB: Float
    /// See `sustainedSoundWindowSeconds`: the window's 20th percentile level must also stand at
    /// least this far over its 5th, in dB. Noise that starts in the middle of a call (a fan, a
    /// street) is as far over the line and, with a voice over it, moves as little; but its
    /// quietest frames are the noise itself, steady within 1-1.5 dB, where music's are other
    /// notes at other levels (2.5 dB apart at the median). Default 2 dB.
    public var sustainedSoundMinimumQuietSpreadDB: Float
    /// See `sustainedSoundWindowSeconds`: once a frame is found to be such sound, the line's floor
    /// under it is kept, and the frames after it are judged against that floor (or the current
    /// one, when lower) for as long as the sound lasts: until a frame that passes the gate fails
    /// the test against it (a window that reaches the line again, or moves as a voice does), or
    /// the window around a frame under the gate reaches the line. The frames under the gate that
    /// pass the test are sound too (hold, not silence). Without it, the test ended when the floor
    /// (a percentile over 30 s) had followed the music up, 15-30 s into it, and the music's louder
    /// notes, passing the gate over the risen floor, were talk. Default true.
    public var sustainedSoundKeepsTheLine: Bool
    /// Whether frames that pass the gate are sound, not speech, when the window of
    /// `recordedMusicWindowSeconds` centred on them sounds like recorded music to the trained model
    /// (`MusicEvidence`, `MusicModel`): dense music (drums on every beat, distorted guitars, a
    /// lead with vibrato) holds still too rarely for the held-notes test above. Default true.
    public var recordedMusic: Bool
    /// See `recordedMusic`, in seconds. Default 3 s (the window the model was trained on).
    public var recordedMusicWindowSeconds: Double
    /// See `recordedMusic`: a window counts only within a run of at least this many consecutive
    /// windows (0.4 s apart) that the model finds to be music. Default 13 (the windows centred on
    /// 4.8 s: hold music lasts longer; a voice's music-like windows come in shorter runs).
    public var recordedMusicRunWindows: Int
    /// See `recordedMusicRunWindows`: around such a run, the windows the model scores at most this
    /// far (in log-odds) under its threshold are music too, as long as every window between them
    /// and the run is: a track's quieter bar or a fill breaks a run for one or two windows
    /// without becoming a voice. Searched at most `recordedMusicExtendWindows` windows either way.
    /// Default 3 (the margin the threshold keeps over the best run of a voice's windows in
    /// training: a voice alone never makes the run this extends). On `scripts/eval-music`, talk
    /// in the 17 excerpts 27.5 s -> 21.6 s and inside hold music in calls 52.3 s -> 37.8 s; at 4,
    /// voices with music looped under them lost 1 s of their 133.8 s. 0: off.
    public var recordedMusicExtendMargin: Float
    /// See `recordedMusicExtendMargin`. Default 26 windows (10.4 s).
    public var recordedMusicExtendWindows: Int
    /// See `recordedMusic`: near a frame this far over the median speech-band level of the window
    /// centred on it, frames are not taken for the music (a voice over music in the room).
    /// Default 15 dB (about 0.1 % of the frames of `scripts/eval-music`'s soundtracks rise that
    /// far over the median of the 3 s around them; 16-29 % of a voice's frames over such music
    /// 10-20 dB under it). At 12 dB, with an earlier version of the model, more of the music was
    /// talk (60.4 s of the 17 excerpts against 47.8 s).
    public var recordedMusicStandOutDB: Float
    /// See `recordedMusicStandOutDB`: how near such a frame must be, either way. Default 0.3 s
    /// (a syllable: the voice's quieter frames around its loudest).
    public var recordedMusicStandOutSeconds: Double
    /// See `recordedMusicStandOutDB`: frames stand out only in a run of consecutive frames that
    /// do, at least this long, in seconds. Default 0.03 s: a syllable's loud part lasts longer;
    /// a drum hit over the music (10-20 ms) does not, and on every beat it made a rock excerpt
    /// of `scripts/eval-music` talk for seconds.
    public var recordedMusicStandOutMinimumSeconds: Double
    /// Tone and music spans closer than this are one hold span, in seconds (ring-back cadences
    /// have 4 s gaps). Default 5 s.
    public var holdMergeGapSeconds: Double
    /// Hold spans shorter than this are not reported, in seconds. Default 2 s.
    public var minimumHoldSeconds: Double
    /// A frame quiet against the noise floor but loud against the window's quietest frame is
    /// sustained sound (music that has lifted the floor) only when at least this share of the
    /// last `musicWindowSeconds` of frames were spectrally stable (held notes; babble and other
    /// noise never are). Default 0.2.
    public var soundMinimumHeldShare: Float
    /// Runs of sustained-sound frames shorter than this do not count towards hold, in seconds.
    /// Default 0.5 s.
    public var minimumSoundRunSeconds: Double

    public init(
        marginDB: Float = 6, marginPerSpreadDB: Float = 0.6, maximumMarginDB: Float = 9.5,
        noisePercentile: Double = 20, noiseSpreadPercentile: Double = 5,
        absoluteFloorDBFS: Float = -62, floorsSpeechReferenceDBFS: Float = -20, relativeGateFraction: Float = 0.3,
        holdGateFraction: Float = 0.12, holdGateSeconds: Double = 0.2, holdMarginFraction: Float = 0.5,
        holdMaximumRiseDB: Float = 2,
        speechPeakDecayDBPerSecond: Float = 1, upperBandMarginFraction: Float = 1.5,
        upperBandMaximumRelativeDB: Float = 30, noiseWindowSeconds: Double = 30,
        noiseLookAheadSeconds: Double = 10, noiseTalkShareLimit: Double = 0.7,
        tonePeakinessLimit: Float = 0.9, toneMinimumStableSeconds: Double = 0.04,
        toneAdjacencySeconds: Double = 0.1, toneMaximumInSpeechSeconds: Double = 0.4,
        minimumBurstSeconds: Double = 0.05, burstAttachSeconds: Double = 0.15,
        burstAttachMinimumWordSeconds: Double = 0.25, releaseMaximumFloorDBFS: Float = -60,
        releaseMarginFraction: Float = 0.6, releaseFloorDBFS: Float = -76,
        mergeGapSeconds: Double = 0.3, hiddenPauseSeconds: Double = 0.6, hiddenPauseFragmentSeconds: Double = 0.5,
        hiddenSpeechMaximumSNRDB: Float = 25, minimumSpeechSeconds: Double = 0.1,
        minimumVoicedSeconds: Double = 0.03, unvoicedMaximumRelativeDB: Float = 10, breathGapSeconds: Double = 0.08,
        voicingThreshold: Float = 0.65,
        onsetPadSeconds: Double = 0.0, hangoverSeconds: Double = 0.01,
        hiddenEdgesMaximumPeakDB: Float = 26, hiddenOnsetSeconds: Double = 0.03, hiddenTailSeconds: Double = 0.15,
        steadyNoiseMaximumSpreadDB: Float = 2, fluctuatingNoiseMinimumSpreadDB: Float = 4,
        fluctuatingNoiseOnsetSeconds: Double = 0.04, fluctuatingNoiseTailSeconds: Double = 0.03,
        tailEvidenceSeconds: Double = 0.12, tailEvidenceMinimumExcess: Double = 0.06,
        tailEvidenceStandardErrors: Double = 3, tailEvidenceMinimumEnds: Int = 4, tailEvidenceMaximumPeakDB: Float = 45,
        crispEndsMinimumPeakDB: Float = 28, crispEndsStandardErrors: Double = 2,
        spectralTailPercentile: Double = 99, spectralTailMaximumSeconds: Double = 0.3,
        spectralTailTrimSeconds: Double = 0.02, spectralTailNoiseDistanceSeconds: Double = 0.3,
        spectralTailMinimumNoiseSeconds: Double = 3,
        transformCodecTrimSeconds: Double = 0.01,
        tailMarginFraction: Float = 0.5, tailSeconds: Double = 0.1, tailFloorDBFS: Float = -72,
        musicWindowSeconds: Double = 1.5,
        musicWindowMaximumDeviationDB: Float = 1.5,
        musicStabilityThreshold: Float = 0.9, musicStableShare: Float = 0.6, musicMaximumDipDB: Float = 13,
        musicChordChangeSeconds: Double = 0.03, musicOnsetTonalShare: Double = 0.5, musicOnsetMaximumSeconds: Double = 6,
        sustainedSoundWindowSeconds: Double = 4, sustainedSoundMinimumClearanceDB: Float = 15,
        sustainedSoundMaximumDeviationDB: Float = 6, sustainedSoundMinimumQuietSpreadDB: Float = 2,
        sustainedSoundKeepsTheLine: Bool = true,
        recordedMusic: Bool = true, recordedMusicWindowSeconds: Double = 3, recordedMusicRunWindows: Int = 13,
        recordedMusicExtendMargin: Float = 3, recordedMusicExtendWindows: Int = 26,
        recordedMusicStandOutDB: Float = 15, recordedMusicStandOutSeconds: Double = 0.3,
        recordedMusicStandOutMinimumSeconds: Double = 0.03,
        holdMergeGapSeconds: Double = 5, minimumHoldSeconds: Double = 2,
        minimumSoundRunSeconds: Double = 0.5, soundMinimumHeldShare: Float = 0.2
    ) {
        self.marginDB = marginDB
        self.marginPerSpreadDB = marginPerSpreadDB
        self.maximumMarginDB = maximumMarginDB
        self.noisePercentile = noisePercentile
        self.noiseSpreadPercentile = noiseSpreadPercentile
        self.absoluteFloorDBFS = absoluteFloorDBFS
        self.floorsSpeechReferenceDBFS = floorsSpeechReferenceDBFS
        self.relativeGateFraction = relativeGateFraction
        self.holdGateFraction = holdGateFraction
        self.holdGateSeconds = holdGateSeconds
        self.holdMarginFraction = holdMarginFraction
        self.holdMaximumRiseDB = holdMaximumRiseDB
        self.speechPeakDecayDBPerSecond = speechPeakDecayDBPerSecond
        self.upperBandMarginFraction = upperBandMarginFraction
        self.upperBandMaximumRelativeDB = upperBandMaximumRelativeDB
        self.noiseWindowSeconds = noiseWindowSeconds
        self.noiseLookAheadSeconds = noiseLookAheadSeconds
        self.noiseTalkShareLimit = noiseTalkShareLimit
        self.tonePeakinessLimit = tonePeakinessLimit
        self.toneMinimumStableSeconds = toneMinimumStableSeconds
        self.toneAdjacencySeconds = toneAdjacencySeconds
        self.toneMaximumInSpeechSeconds = toneMaximumInSpeechSeconds
        self.minimumBurstSeconds = minimumBurstSeconds
        self.burstAttachSeconds = burstAttachSeconds
        self.burstAttachMinimumWordSeconds = burstAttachMinimumWordSeconds
        self.releaseMaximumFloorDBFS = releaseMaximumFloorDBFS
        self.releaseMarginFraction = releaseMarginFraction
        self.releaseFloorDBFS = releaseFloorDBFS
        self.mergeGapSeconds = mergeGapSeconds
        self.hiddenPauseSeconds = hiddenPauseSeconds
        self.hiddenPauseFragmentSeconds = hiddenPauseFragmentSeconds
        self.hiddenSpeechMaximumSNRDB = hiddenSpeechMaximumSNRDB
        self.minimumSpeechSeconds = minimumSpeechSeconds
        self.minimumVoicedSeconds = minimumVoicedSeconds
        self.unvoicedMaximumRelativeDB = unvoicedMaximumRelativeDB
        self.breathGapSeconds = breathGapSeconds
        self.voicingThreshold = voicingThreshold
        self.onsetPadSeconds = onsetPadSeconds
        self.transformCodecTrimSeconds = transformCodecTrimSeconds
        self.hangoverSeconds = hangoverSeconds
        self.hiddenEdgesMaximumPeakDB = hiddenEdgesMaximumPeakDB
        self.hiddenOnsetSeconds = hiddenOnsetSeconds
        self.hiddenTailSeconds = hiddenTailSeconds
        self.steadyNoiseMaximumSpreadDB = steadyNoiseMaximumSpreadDB
        self.fluctuatingNoiseMinimumSpreadDB = fluctuatingNoiseMinimumSpreadDB
        self.fluctuatingNoiseOnsetSeconds = fluctuatingNoiseOnsetSeconds
        self.fluctuatingNoiseTailSeconds = fluctuatingNoiseTailSeconds
        self.tailEvidenceSeconds = tailEvidenceSeconds
        self.tailEvidenceMinimumExcess = tailEvidenceMinimumExcess
        self.tailEvidenceStandardErrors = tailEvidenceStandardErrors
        self.tailEvidenceMinimumEnds = tailEvidenceMinimumEnds
        self.tailEvidenceMaximumPeakDB = tailEvidenceMaximumPeakDB
        self.crispEndsMinimumPeakDB = crispEndsMinimumPeakDB
        self.crispEndsStandardErrors = crispEndsStandardErrors
        self.spectralTailPercentile = spectralTailPercentile
        self.spectralTailMaximumSeconds = spectralTailMaximumSeconds
        self.spectralTailTrimSeconds = spectralTailTrimSeconds
        self.spectralTailNoiseDistanceSeconds = spectralTailNoiseDistanceSeconds
        self.spectralTailMinimumNoiseSeconds = spectralTailMinimumNoiseSeconds
        self.tailMarginFraction = tailMarginFraction
        self.tailSeconds = tailSeconds
        self.tailFloorDBFS = tailFloorDBFS
        self.musicWindowSeconds = musicWindowSeconds
        self.musicWindowMaximumDeviationDB = musicWindowMaximumDeviationDB
        self.musicStabilityThreshold = musicStabilityThreshold
        self.musicStableShare = musicStableShare
        self.musicMaximumDipDB = musicMaximumDipDB
        self.musicChordChangeSeconds = musicChordChangeSeconds
        self.musicOnsetTonalShare = musicOnsetTonalShare
        self.musicOnsetMaximumSeconds = musicOnsetMaximumSeconds
        self.sustainedSoundWindowSeconds = sustainedSoundWindowSeconds
        self.sustainedSoundMinimumClearanceDB = sustainedSoundMinimumClearanceDB
        self.sustainedSoundMaximumDeviationDB = sustainedSoundMaximumDeviationDB
        self.sustainedSoundMinimumQuietSpreadDB = sustainedSoundMinimumQuietSpreadDB
        self.sustainedSoundKeepsTheLine = sustainedSoundKeepsTheLine
        self.recordedMusic = recordedMusic
        self.recordedMusicWindowSeconds = recordedMusicWindowSeconds
        self.recordedMusicRunWindows = recordedMusicRunWindows
        self.recordedMusicExtendMargin = recordedMusicExtendMargin
        self.recordedMusicExtendWindows = recordedMusicExtendWindows
        self.recordedMusicStandOutDB = recordedMusicStandOutDB
        self.recordedMusicStandOutSeconds = recordedMusicStandOutSeconds
        self.recordedMusicStandOutMinimumSeconds = recordedMusicStandOutMinimumSeconds
        self.holdMergeGapSeconds = holdMergeGapSeconds
        self.minimumHoldSeconds = minimumHoldSeconds
        self.minimumSoundRunSeconds = minimumSoundRunSeconds
        self.soundMinimumHeldShare = soundMinimumHeldShare
    }
}
