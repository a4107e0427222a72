#if canImport(Glibc)
import Glibc
#endif

/// The detector's verdict on one frame.
public enum FrameClass: Sendable, Hashable {
    /// Not louder than the noise floor by the margin.
    case quiet
    /// Loud enough and not tonal: speech of this channel, unless a later check says otherwise.
    case speech
    /// Loud enough but tonal (one or two steady tones: ring-back, DTMF, beeps).
    case tone
    /// Quiet against the recent noise floor, but loud against the call's long-term floor: a
    /// sustained sound such as music that has pushed the recent floor up.
    case sound
}

/// The talk and non-speech sound found on one channel.
public struct ChannelActivity: Sendable, Hashable {
    /// Talk segments, in seconds, sorted and disjoint.
    public var speech: [TimeSpan]
    /// Spans of tones or music rather than speech (hold music, ring-back, DTMF), in seconds.
    public var hold: [TimeSpan]
}

/// Decides, frame by frame, whether one channel carries speech, and turns the decisions into
/// talk segments. Streaming: memory grows with the number of speech bursts, not with length.
///
/// A frame is speech when its speech-band level, averaged over 50 ms, is at least a margin above
/// the adaptive noise floor, its own level is above `absoluteFloorDBFS`, and it is not tonal
/// (nearly all power in one or two components whose frequency has not moved for
/// `toneMinimumStableSeconds`). The floor is a low percentile of the frame levels of a window
/// that ends `noiseLookAheadSeconds` after the frame (the caller `observe`s frames that far ahead
/// of `classify`); the margin grows with the noise's spread. Faint frames right before and after
/// a run of speech frames (a soft onset, a fading tail) join it. Runs are then cleaned: bursts
/// shorter than `minimumBurstSeconds` dropped unless within `burstAttachSeconds` after a word of
/// `burstAttachMinimumWordSeconds`, pauses shorter than `mergeGapSeconds` bridged (and pauses up to
/// `hiddenPauseSeconds` next to a short fragment of a voice that barely clears the noise), segments
/// shorter than `minimumSpeechSeconds` dropped, and each segment padded by `onsetPadSeconds` before
/// and, in noise, `hangoverSeconds` after (in steady noise that hides a low voice's edges,
/// `hiddenOnsetSeconds` before and, unless the channel's ends show its voice ends crisply,
/// `hiddenTailSeconds` after; and `tailEvidenceSeconds` after,
/// when the channel's segment ends, taken together, go on under its noise, twice that when they
/// go on past it; in steady noise, at least while the frames after its last run stand over the
/// noise's spectrum bin by bin: `spectralTailPercentile`). Frames whose level
/// has barely moved, with no pause, for `musicWindowSeconds` (no syllabic rhythm), or whose spectrum has mostly held still over that
/// window (held notes) without the level dropping towards the floor between syllables, are music,
/// not speech; so are quiet frames in a window mostly of held notes that change (music that has
/// become the noise floor). Tonal frames and music become hold spans. A segment with hardly any
/// voiced frames (`FrameAnalyzer.voicing(ofFrame:)`) that is well under the channel's voiced talk
/// is breath, a click or typing, and is dropped.
public struct SpeechActivityDetector: Sendable {
    /// The detector's parameters.
    public let configuration: SpeechActivityConfiguration
    private let hopSeconds: Double
    private let firstCenterSeconds: Double
    private let tailLimit: Int
    /// How many frames `observe` should run ahead of `classify`: the noise floor of a frame is
    /// measured over a window that ends `noiseLookAheadSeconds` after it.
    public let lookAheadFrames: Int
    private let wordFrames: Int
    private let segmentGapFrames: Int
    /// `minimumVoicedSeconds` in frames.
    private let minimumVoicedFrames: Int
    /// `transformCodecTrimSeconds` for transform-coded audio, otherwise 0.
    private let edgeTrimSeconds: Double
    /// `minimumBurstSeconds` and `burstAttachSeconds` in frames.
    private let burstFrames: Int
    private let attachFrames: Int
    /// `musicChordChangeSeconds` in frames.
    private let chordChangeFrames: Int
    /// The noise floor, the lower percentile of the noise spread, and the window's minimum.
    private var noise: LevelPercentileTracker
    /// In wideband audio, the same noise floor for `widebandDBFS` and for `upperBandDBFS`, and
    /// the look-ahead frames' power in each (linear).
    private var wideband: Wideband?

    private struct Wideband: Sendable {
        var noise: LevelPercentileTracker
        var observedPower: [Float]
        var upperNoise: LevelPercentileTracker
        var upperPower: [Float]
    }
    /// In wideband audio, the upper band's level in the channel's recent speech (see `speechPeak`).
    /// (Kept out of `wideband`: mutating it through the optional copied the whole struct.)
    private var upperPeak: Float = -.infinity
    private var speechRuns: [Run] = []
    private var toneRuns: [Run] = []
    private var soundRuns: [Run] = []
    private var openSpeech: Run?
    private var openTone: Run?
    private var openSound: Run?
    private var lastFrame = -1
    /// Whether the last recorded frame was speech (the gate then holds on to a fading word).
    private var inSpeech = false
    /// Whether the frame being classified passed the gate that starts speech, and the last
    /// speech frame that did: the lower holding gate lasts `holdGateSeconds` after it.
    private var passedStartGate = false
    /// Whether the frame being classified passed that gate on its speech band (`Run.bandFrames`).
    private var passedBandGate = false
    /// The level a frame right after speech must exceed to be the word's fading tail, and how
    /// many tail frames the last speech run has gained.
    private var tailThreshold: Float = .infinity
    /// The level above the window's quietest frame by `maximumMarginDB`: a frame louder than
    /// this is sustained sound when the window holds still, and never a word's faint edge.
    private var soundThreshold: Float = .infinity
    /// In steady noise, the floor plus the noise margin: a frame louder than this that fails
    /// only the relative gate may still be a word's edge (see `record`); infinite otherwise.
    private var steadyEdgeThreshold: Float = .infinity
    private var tailFrames = Int.max
    /// Consecutive faint frames (above the tail bar, under the gate) just before this one.
    private var faintFrames = 0
    /// Whether the frame being classified fell under the gate (a frame that passed it and was
    /// then found to be the other party's leaked voice is no tail).
    private var belowGate = true
    /// A word's final release: whether the frame being classified passed the gate only as one,
    /// how many frames in a row since the last speech frame were not speech (its closure), and
    /// how many release frames in a row came after that closure.
    private var releaseFrame = false
    private var closureFrames = 0
    /// The loudest level (dBFS) of the closure's frames after its first two (the word's own
    /// decay) and before its last one (which the level a release is judged by, averaged with the
    /// two frames either side, takes in: a release whose first frame rises under the gate is not
    /// judged against itself): what the line itself does between the word and a release. And
    /// the last closure frame's level.
    private var closureLoudest: Float = -.infinity
    private var closureRecent: Float = -.infinity
    private var releaseRun = 0
    /// Speech frames in a row up to this one, and in the last such run before it: a release
    /// follows a word's last syllable, not the smeared edge of a tone (the next DTMF digit's
    /// first frames are no release).
    private var speechRun = 0
    private var lastSpeechRun = 0
    private var lastStartGateFrame = Int.min / 2
    /// The lowest level (averaged over 50 ms) the hold gate has seen since the frame that
    /// passed the full gate at `holdLowestSince` (`holdMaximumRiseDB`).
    private var holdLowest: Float = .infinity
    private var holdLowestSince = Int.min / 2
    /// The noise floor of the frame being classified, and its spread.
    private var currentFloor: Float = -120
    private var currentSpread: Float = 0
    /// The noise margin over `currentFloor` (dB).
    private var currentMargin: Float = 0
    /// The speech and tonal frames (a vowel may flicker tonal) of the talk segment under way: how
    /// many since the last pause of at least `mergeGapSeconds`, and the frame after the last.
    private var voiceFrames = 0
    private var voiceEnd = Int.min / 2
    private var lastPeakBin = -10
    private var lastSecondPeakBin = -1
    private var stablePeakFrames = 0
    private var steadiness: SteadinessWindow
    private var steadyFrame = -1
    /// The last frame the recorded-music model found to be music (`recordedMusic`).
    private var recordedMusicFrame = -1
    /// The last frame found to be sustained sound over the line (`sustainedSoundWindowSeconds`).
    private var sustainedFrame = -1
    /// The mean level (dBFS) of the window around `sustainedFrame`.
    private var sustainedLevel: Float = -.infinity
    /// The line's floor under the sustained sound under way (`sustainedSoundKeepsTheLine`);
    /// infinity when none is.
    private var sustainedLine: Float = .infinity
    /// The first frame after the last quiet one, and how many tonal frames came since.
    private var loudSince = 0
    private var loudTonalFrames = 0
    /// Recent speech peak (dBFS, decaying) of the 5-frame mean level, for the relative gate.
    private var speechPeak: Float = -.infinity
    private var recentLevels = [Float](repeating: -120, count: 5)
    /// The loudest speech so far (dBFS, the 5-frame mean level, not decaying).
    private var loudestSpeech: Float = -.infinity
    /// How far the loudest speech so far lies under `floorsSpeechReferenceDBFS`, in dB (0 or
    /// negative).
    private var floorShift: Float = 0
    private var absoluteFloor: Float { lowered(configuration.absoluteFloorDBFS) }
    private var tailFloor: Float { lowered(configuration.tailFloorDBFS) }
    private var releaseFloor: Float { lowered(configuration.releaseFloorDBFS) }
    /// Whether each of the last decided frames (a ring over the noise window's part before the
    /// frame being judged) was speech, how many of them there are, and how many were speech.
    private var decidedSpeech: [Bool]
    private var decidedCount = 0
    private var decidedCursor = 0
    private var decidedSpeechCount = 0
    /// The speech-band power (linear) of the frames `observe` has seen, by frame index (a ring
    /// longer than the look-ahead): converted once, not at each of the five classifications
    /// whose 50 ms average the frame is part of.
    private var observedPower: [Float]
    /// The same frames' speech-band levels (dBFS), for `sustained`.
    private var observedLevel: [Float]
    /// `recordedMusicStandOutSeconds` in frames.
    private let standOutFrames: Int
    /// `recordedMusicStandOutMinimumSeconds` in frames (at least 1).
    private let standOutMinimumFrames: Int
    private var lastObserved = -1
    /// Whether the channel's segment ends go on under its noise (`tailEvidenceSeconds`).
    private var tailEvidence: TailEvidence
    /// Where the segments' ends go on under steady noise, bin by bin (`spectralTailPercentile`).
    private var spectralTails: SpectralTails
    /// `FrameAnalyzer.speechLikelihood(ofFrame:)` of the last frames given (`addLikelihood`), by
    /// index: a ring of 8.
    private var likelihoods = [Float](repeating: 0, count: 8)
    /// The frame whose likelihood `addLikelihood` takes next.
    public private(set) var nextLikelihoodFrame = 0
    /// Whether the frames around each one sound like recorded music (`recordedMusic`).
    private var music: MusicEvidence
    /// The levels around the frame being classified (`sustainedSoundWindowSeconds`).
    private var sustained: CentredLevelWindow
    /// The model that scores `music`'s windows (tests give the detector one of their own).
    var musicModel = MusicModel.trained

    /// A run of consecutive frames of one class, with the levels and voicing of the frames added
    /// to it (not of the faint edges or bridged pauses that only extend it).
    struct Run: Sendable {
        var startFrame: Int
        var endFrame: Int
        /// Sum of the added frames' speech-band levels (dBFS), and how many were added.
        var levelSum: Double = 0
        var addedFrames = 0
        /// Added frames whose voicing reached `voicingThreshold` (counted up to
        /// `minimumVoicedFrames` per run of speech frames, which is enough to decide).
        var voicedFrames = 0
        /// Sum of the noise floor (dBFS) when each added frame was classified.
        var floorSum: Double = 0
        /// Sum of the noise spread (dB) when each added frame was classified.
        var spreadSum: Double = 0
        /// The added frames' highest level over the noise floor, in dB.
        var peakSNRDB: Float = -.infinity
        /// Added frames that passed the gate that starts speech on their speech band, and those
        /// that passed it only on the band above it (`upperBandMarginFraction`).
        var bandFrames = 0
        var upperFrames = 0

        var frames: Int { endFrame - startFrame }

        /// Mean of the added frames' level over the noise floor, in dB (infinity for none).
        var snrDB: Double { addedFrames > 0 ? (levelSum - floorSum) / Double(addedFrames) : .infinity }

        /// Mean of the added frames' levels, in dBFS (0 for none).
        var levelDBFS: Double { levelSum / Double(max(1, addedFrames)) }

        /// Mean level (dBFS) of all the added frames of `runs` (0 for none).
        static func level(of runs: [Run]) -> Double {
            runs.reduce(0) { $0 + $1.levelSum } / Double(max(1, runs.reduce(0) { $0 + $1.addedFrames }))
        }

        /// Mean of the noise floor when the added frames were classified, in dBFS (-infinity for
        /// none).
        var floorDBFS: Double { addedFrames > 0 ? floorSum / Double(addedFrames) : -.infinity }

        /// Mean of the added frames' noise spread, in dB (infinity for none).
        var spreadDB: Double { addedFrames > 0 ? spreadSum / Double(addedFrames) : .infinity }

        mutating func add(_ levelDBFS: Float, voiced: Bool, floor: Float, spread: Float, band: Bool, upper: Bool) {
            if band { bandFrames += 1 } else if upper { upperFrames += 1 }
            levelSum += Double(levelDBFS)
            floorSum += Double(floor)
            spreadSum += Double(spread)
            peakSNRDB = max(peakSNRDB, levelDBFS - floor)
            addedFrames += 1
            if voiced { voicedFrames += 1 }
        }

        mutating func absorb(_ other: Run) {
            endFrame = max(endFrame, other.endFrame)
            levelSum += other.levelSum
            floorSum += other.floorSum
            spreadSum += other.spreadSum
            peakSNRDB = max(peakSNRDB, other.peakSNRDB)
            bandFrames += other.bandFrames
            upperFrames += other.upperFrames
            addedFrames += other.addedFrames
            voicedFrames += other.voicedFrames
        }
    }

    /// - Parameters:
    ///   - hopSeconds: Time between frames, in seconds.
    ///   - firstCenterSeconds: Centre of frame 0, in seconds.
    /// - Parameter widebandLevel: Whether the frames' `widebandDBFS` measures more than their
    ///   speech band (`FrameAnalyzer.hasWidebandLevel`): a frame may then also pass the gate's
    ///   noise test on that level, against its own noise floor.
    /// - Parameter transformCoded: Whether the audio was decoded from a lossy transform codec
    ///   (`SpeechActivityConfiguration.transformCodecTrimSeconds`).
    public init(
        hopSeconds: Double, firstCenterSeconds: Double, configuration: SpeechActivityConfiguration, widebandLevel: Bool = false,
        transformCoded: Bool = false
    ) {
        self.configuration = configuration
        edgeTrimSeconds = transformCoded ? configuration.transformCodecTrimSeconds : 0
        self.hopSeconds = hopSeconds
        self.firstCenterSeconds = firstCenterSeconds
        tailLimit = Int((configuration.tailSeconds / hopSeconds).rounded())
        wordFrames = Int((configuration.burstAttachMinimumWordSeconds / hopSeconds).rounded())
        segmentGapFrames = Int((configuration.mergeGapSeconds / hopSeconds).rounded())
        minimumVoicedFrames = Int((configuration.minimumVoicedSeconds / hopSeconds).rounded())
        burstFrames = Int((configuration.minimumBurstSeconds / hopSeconds).rounded())
        attachFrames = Int((configuration.burstAttachSeconds / hopSeconds).rounded())
        chordChangeFrames = Int((configuration.musicChordChangeSeconds / hopSeconds).rounded())
        noise = LevelPercentileTracker(
            windowFrames: Int(configuration.noiseWindowSeconds / hopSeconds),
            percentiles: [configuration.noisePercentile, configuration.noiseSpreadPercentile, 0])
        lookAheadFrames = max(0, Int((configuration.noiseLookAheadSeconds / hopSeconds).rounded()))
        standOutFrames = max(0, Int((configuration.recordedMusicStandOutSeconds / hopSeconds).rounded()))
        standOutMinimumFrames = max(1, Int((configuration.recordedMusicStandOutMinimumSeconds / hopSeconds).rounded()))
        observedPower = Array(repeating: powf(10, -12), count: lookAheadFrames + 8 + standOutFrames)
        observedLevel = Array(repeating: -120, count: observedPower.count)
        decidedSpeech = Array(
            repeating: false, count: max(1, Int(configuration.noiseWindowSeconds / hopSeconds) - lookAheadFrames))
        wideband = widebandLevel
            ? Wideband(
                noise: LevelPercentileTracker(
                    windowFrames: Int(configuration.noiseWindowSeconds / hopSeconds),
                    percentiles: [configuration.noisePercentile, configuration.noiseSpreadPercentile]),
                observedPower: observedPower.map { _ in 0 },
                upperNoise: LevelPercentileTracker(
                    windowFrames: Int(configuration.noiseWindowSeconds / hopSeconds),
                    percentiles: [configuration.noisePercentile, configuration.noiseSpreadPercentile]),
                upperPower: observedPower.map { _ in 0 })
            : nil
        steadiness = SteadinessWindow(frames: max(2, Int(configuration.musicWindowSeconds / hopSeconds)))
        tailEvidence = TailEvidence(
            windowFrames: max(1, Int((configuration.tailEvidenceSeconds / hopSeconds).rounded())),
            isolationFrames: segmentGapFrames, tailFrames: tailLimit)
        spectralTails = SpectralTails(
            distanceFrames: Int((configuration.spectralTailNoiseDistanceSeconds / hopSeconds).rounded()),
            probeFrames: Int((configuration.spectralTailMaximumSeconds / hopSeconds).rounded()))
        sustained = CentredLevelWindow(
            halfWidth: min(lookAheadFrames, max(0, Int((configuration.sustainedSoundWindowSeconds / 2 / hopSeconds).rounded()))))
        let musicWindow = max(2, Int((configuration.recordedMusicWindowSeconds / hopSeconds).rounded()))
        music = MusicEvidence(
            windowFrames: musicWindow, strideFrames: MusicEvidence.strideFrames(window: musicWindow),
            keptFrames: lookAheadFrames + musicWindow
                + (configuration.recordedMusicRunWindows + max(0, configuration.recordedMusicExtendWindows))
                * MusicEvidence.strideFrames(window: musicWindow))
    }


    /// Adds a frame's level to the noise-floor window. Call it for every frame, in order, up to
    /// `lookAheadFrames` ahead of the frame being classified (fewer at the end of the stream).
    public mutating func observe(_ features: FrameFeatures) {
        noise.push(features.speechBandDBFS)
        let power = powf(10, features.speechBandDBFS / 10)
        observedPower[features.index % observedPower.count] = power
        observedLevel[features.index % observedLevel.count] = features.speechBandDBFS
        if wideband != nil {
            wideband!.noise.push(features.widebandDBFS)
            wideband!.observedPower[features.index % observedPower.count] = powf(10, features.widebandDBFS / 10)
            wideband!.upperNoise.push(features.upperBandDBFS)
            wideband!.upperPower[features.index % observedPower.count] = powf(10, features.upperBandDBFS / 10)
        }
        if configuration.recordedMusic { music.push(features, power: power) }
        lastObserved = features.index
    }

    /// A first guess of the class of the frame `observe` has just seen (or of one shortly before
    /// it): speech when it stands the noise margin over the floor of the frames observed so far,
    /// and over `absoluteFloorDBFS`; otherwise quiet. For learning the echo paths ahead of the
    /// decisions (`CrosstalkConfiguration.echoScoutSeconds`).
    public func provisionalClass(_ features: FrameFeatures) -> FrameClass {
        let noise = noiseFloor()
        let bar = max(noise.floor + noise.margin, absoluteFloor)
        return features.speechBandDBFS > bar ? .speech : .quiet
    }

    /// The noise floor of the frames observed so far (the `noisePercentile` level, or a lower
    /// one while the party has been talking through most of the window: `noiseTalkShareLimit`),
    /// its spread (the floor less the `noiseSpreadPercentile` level, scaled alike) and the margin
    /// a frame must stand over the floor.
    private func noiseFloor() -> (floor: Float, spread: Float, margin: Float) {
        let limit = configuration.noiseTalkShareLimit
        let share = 2 * decidedCount >= decidedSpeech.count ? Double(decidedSpeechCount) / Double(decidedCount) : 0
        let floor: Float, spreadFloor: Float
        if share > limit, limit < 1 {
            let fraction = configuration.noisePercentile / 100 * (1 - share) / (1 - limit)
            floor = noise.level(atFraction: fraction)
            spreadFloor = noise.level(atFraction: fraction * configuration.noiseSpreadPercentile / configuration.noisePercentile)
        } else {
            floor = noise.percentile(0)
            spreadFloor = noise.percentile(1)
        }
        let spread = max(0, floor - spreadFloor)
        return (floor, spread, margin(spread: spread))
    }

    /// The frame's class on its own evidence; frames must arrive in order, each after `observe`
    /// has seen it and the frames of its look-ahead.
    public mutating func classify(_ features: FrameFeatures) -> FrameClass {
        // The window around the frame (the frames ahead are in the look-ahead, still in the ring).
        while sustained.nextFrame <= min(features.index + sustained.halfWidth, lastObserved) {
            sustained.append(observedLevel[sustained.nextFrame % observedLevel.count])
        }
        let (floor, spread, margin) = noiseFloor()
        currentFloor = floor
        currentSpread = spread
        currentMargin = margin
        // Sustained sound (music) lifts the floor; against the window's quietest frame it is
        // still loud.
        let quietest = noise.percentile(2)
        // A dual tone (DTMF) of two equal components may swap which one is the strongest from
        // frame to frame: its frequency is stable when it matches either of the last frame's two.
        let samePeak = abs(features.peakBin - lastPeakBin) <= 1
            || (lastSecondPeakBin >= 0 && abs(features.peakBin - lastSecondPeakBin) <= 1)
        stablePeakFrames = samePeak ? stablePeakFrames + 1 : 0
        lastPeakBin = features.peakBin
        lastSecondPeakBin = features.secondPeakBin
        recentLevels[features.index % recentLevels.count] = features.speechBandDBFS
        speechPeak -= configuration.speechPeakDecayDBPerSecond * Float(hopSeconds)
        upperPeak -= configuration.speechPeakDecayDBPerSecond * Float(hopSeconds)
        let relative = speechPeak > floor ? floor + configuration.relativeGateFraction * (speechPeak - floor) : -.infinity
        let startThreshold = max(floor + margin, relative, absoluteFloor)
        // Against the noise floor, the level is averaged (in power) over the frame and the two
        // frames either side (50 ms; all observed already): single loud frames of fluctuating
        // noise (babble) do not pass, a word's do. The relative gate and the absolute floor take
        // the frame's own level.
        let level = features.speechBandDBFS
        let neighbours = max(0, features.index - 2)...max(features.index, min(features.index + 2, lastObserved))
        let smoothed = Self.levelOfMeanPower(observedPower, over: neighbours)
        // In wideband audio, the frame may instead stand the same share of the margin over the
        // wideband level's own floor (a fricative in babble): the noise test only; the relative
        // gate and the absolute floor keep the speech band's level.
        func passes(_ noiseBar: Float, _ levelBar: Float) -> Bool {
            guard level > levelBar else { return false }
            return smoothed > noiseBar || widebandStandsOut(share: (noiseBar - floor) / margin, over: neighbours)
        }
        passedBandGate = passes(floor + margin, max(relative, absoluteFloor))
        passedStartGate = passedBandGate
            || (level > absoluteFloor && upperBandStandsOut(over: neighbours, level: features.upperBandDBFS))
        // Hysteresis: for a while after speech, a lower gate keeps a word's fading end; once the
        // talk segment under way holds a whole word of speech (counted across its short pauses:
        // a voice in babble shows in fragments), the noise margin is lowered too.
        let holding = Double(features.index - lastStartGateFrame) * hopSeconds <= configuration.holdGateSeconds
        let holdRelative = speechPeak > floor ? floor + configuration.holdGateFraction * (speechPeak - floor) : -.infinity
        let afterWord = voiceFrames >= wordFrames
        let holdMargin = afterWord ? configuration.holdMarginFraction * margin : margin
        tailThreshold = max(floor + configuration.tailMarginFraction * margin, holdRelative, tailFloor)
        soundThreshold = max(quietest + configuration.maximumMarginDB, absoluteFloor)
        steadyEdgeThreshold = spread < configuration.steadyNoiseMaximumSpreadDB ? floor + margin : .infinity
        // In noise that is not steady, the hold follows a fading end, not the noise's next swell.
        if holdLowestSince != lastStartGateFrame {
            holdLowest = .infinity
            holdLowestSince = lastStartGateFrame
        }
        let swells = spread >= configuration.steadyNoiseMaximumSpreadDB && smoothed > holdLowest + configuration.holdMaximumRiseDB
        if holding, !passedStartGate { holdLowest = min(holdLowest, smoothed) }
        var passesGate = passedStartGate
            || (holding && !swells && passes(floor + holdMargin, max(holdRelative, tailFloor)))
        // A word's final release (a plosive's burst after its closure) may stand 50 dB and more
        // under the talker's peak, under the hold gate's relative bar: on a quiet line, shortly
        // after a word and a closure near the floor, a burst standing part of the margin over the
        // floor is the word's, however far under the peak, and however quiet on a quiet line.
        releaseFrame = false
        // A release stands out of its closure: one no louder than the line between the word and
        // it is the line's own noise swelling.
        let afterClosure = (closureFrames >= 2 && lastSpeechRun >= burstFrames && smoothed > closureLoudest) || releaseRun > 0
        if !passesGate, holding, afterWord, floor < configuration.releaseMaximumFloorDBFS, afterClosure,
            releaseRun < burstFrames, features.index - voiceEnd <= attachFrames,
            passes(floor + configuration.releaseMarginFraction * margin, releaseFloor) {
            passesGate = true
            releaseFrame = true
        }
        belowGate = !passesGate
        // Held (for music that has become the floor): stable, audible and under the gate, so that
        // a steady vowel of speech over a hum never counts as a note.
        let window = steadiness.push(
            features.speechBandDBFS, loud: features.speechBandDBFS > min(startThreshold, soundThreshold),
            stable: features.spectralStability >= configuration.musicStabilityThreshold,
            audible: features.speechBandDBFS > absoluteFloor && !passesGate, peakBin: features.peakBin)
        // Held notes that never fall towards the floor, as speech does between syllables. Once
        // the frames are music, one brief dip (where one chord gives way to the next) does not end
        // it; talk dips again and again.
        let wasMusic = steadyFrame == features.index - 1
        func holdsUp() -> Bool {
            let dips = steadiness.dips(deeperThan: configuration.musicMaximumDipDB)
            return dips.frames == 0 || (wasMusic && dips.runs == 1 && dips.frames <= chordChangeFrames)
        }
        let isSteady = window.deviationDB < configuration.musicWindowMaximumDeviationDB
            || (window.stableShare >= configuration.musicStableShare && holdsUp())
        guard passesGate else {
            // Music that has become the noise floor (a long hold, a call that starts on hold) is
            // quiet against it, but its held notes still make most of the window stable, which
            // noise and speech never do, and they change (mains hum holds still and never does).
            let heldMusic = window.heldShare >= configuration.musicStableShare && window.noteChanges > 0
                && holdsUp()
            // A loud stretch over the window's quietest frame is sustained sound only when some
            // of it holds still: office babble rises as far but never does.
            let sustained = features.speechBandDBFS > soundThreshold && window.heldShare >= configuration.soundMinimumHeldShare
            // The window is music: a speech run inside it was the music's onset (see `record`).
            if heldMusic { steadyFrame = features.index }
            if sustained || heldMusic { return .sound }
            // Sustained sound that the floor has followed up: its frames under the risen gate are
            // hold too, while the window around them passes the test against the line the sound
            // started over (`sustainedSoundKeepsTheLine`); the line is forgotten once the window
            // reaches it (the sound has stopped).
            if sustainedLine < .infinity, features.speechBandDBFS > absoluteFloor {
                if sustainedOverTheLine(floor: sustainedLine) {
                    sustainedFrame = features.index
                    sustainedLevel = self.sustained.mean
                    return .sound
                }
                if self.sustained.lowest < sustainedLine + configuration.sustainedSoundMinimumClearanceDB {
                    sustainedLine = .infinity
                }
            }
            // Recorded music that has become the floor and never holds still (a beat, a busy
            // arrangement): the trained model's verdict on the window centred here makes it hold,
            // not silence (without cutting any speech: nothing here passed the gate).
            if configuration.recordedMusic, features.speechBandDBFS > absoluteFloor,
                music.isInMusicRun(
                    frame: features.index, lastPushed: lastObserved, model: musicModel,
                    runWindows: configuration.recordedMusicRunWindows,
                    extendMargin: configuration.recordedMusicExtendMargin, extendWindows: configuration.recordedMusicExtendWindows)
            {
                return .sound
            }
            return .quiet
        }
        if isSteady {
            steadyFrame = features.index
            return .sound
        }
        // Sound that fills seconds far over a quiet line, its level hardly moving (hold music
        // starting in the middle of a call, before the floor has followed it): a voice falls to
        // the line between its words, or swings 10 dB and more over its own room's noise.
        // Its last frames, whose windows reach into the quiet after it, are its too (within half
        // a window of the last frame found to be such sound, with no quiet frame since), unless
        // they stand out of it as a voice over it would.
        // The sound under way is judged against the line it started over, not against a floor
        // that has followed it up (`sustainedSoundKeepsTheLine`).
        let line = configuration.sustainedSoundKeepsTheLine ? min(floor, sustainedLine) : floor
        if sustainedOverTheLine(floor: line) {
            sustainedFrame = features.index
            sustainedLevel = sustained.mean
            sustainedLine = configuration.sustainedSoundKeepsTheLine ? line : .infinity
            return .sound
        }
        sustainedLine = .infinity
        if isLastNotes(frame: features.index, after: sustainedFrame, within: sustained.halfWidth),
            !standsOut(around: features.index, frames: standOutFrames, over: sustainedLevel + configuration.recordedMusicStandOutDB)
        {
            return .sound
        }
        // Recorded music that never holds still long enough for the test above (a beat, distorted
        // guitars, a lead with vibrato): the trained model's verdict on the window centred here.
        // The speech runs since the last quiet frame, when it lies within half a window, are the
        // music's onset (see `record`); and the frames after it, for as long, its end: the music's
        // last notes, whose centred windows reach into the quiet after it (within half a window of
        // the last frame found to be music, with no quiet frame since). But within
        // `recordedMusicStandOutSeconds` of a run of `recordedMusicStandOutMinimumSeconds` of
        // frames that stand `recordedMusicStandOutDB` over the window's median level, a voice is
        // talking over the music (a radio in the room): music seldom rises that far over its own
        // median for longer than a drum hit.
        if configuration.recordedMusic {
            let inRun = music.isInMusicRun(
                frame: features.index, lastPushed: lastObserved, model: musicModel,
                runWindows: configuration.recordedMusicRunWindows,
                extendMargin: configuration.recordedMusicExtendMargin, extendWindows: configuration.recordedMusicExtendWindows)
            let lastNotes = !inRun && isLastNotes(frame: features.index, after: recordedMusicFrame, within: music.windowFrames / 2)
            if inRun || lastNotes, !standsOut(
                around: features.index, frames: standOutFrames,
                over: music.medianLevel(around: features.index, lastPushed: lastObserved) + configuration.recordedMusicStandOutDB)
            {
                if inRun { recordedMusicFrame = features.index }
                return .sound
            }
        }
        let isTonal = features.peakiness >= configuration.tonePeakinessLimit
            && Double(stablePeakFrames) * hopSeconds >= configuration.toneMinimumStableSeconds
        return isTonal ? .tone : .speech
    }

    /// Whether `frame` may be the last notes of sound last recognised at frame `last` (-1: never):
    /// within `frames` after it, with no quiet frame since (the windows of its last frames reach
    /// into the quiet after it).
    private func isLastNotes(frame: Int, after last: Int, within frames: Int) -> Bool {
        last >= 0 && loudSince <= last && frame - last <= frames
    }

    /// Whether the frames within `sustainedSoundWindowSeconds / 2` of the frame being classified
    /// all stand `sustainedSoundMinimumClearanceDB` over `floor`, their levels' standard deviation
    /// is under `sustainedSoundMaximumDeviationDB`, and their quietest levels are no steady noise
    /// (`sustainedSoundMinimumQuietSpreadDB`; see the configuration).
    private func sustainedOverTheLine(floor: Float) -> Bool {
        sustained.count > sustained.halfWidth
            && sustained.lowest >= floor + configuration.sustainedSoundMinimumClearanceDB
            && sustained.deviationDB < configuration.sustainedSoundMaximumDeviationDB
            && sustained.quietSpreadDB >= configuration.sustainedSoundMinimumQuietSpreadDB
    }

    /// Whether `standOutMinimumFrames` consecutive observed frames within `frames` of `index`
    /// have a speech-band level over `level` (dBFS).
    private func standsOut(around index: Int, frames: Int, over level: Float) -> Bool {
        let bar = powf(10, level / 10)
        var run = 0
        for i in max(0, index - frames)...min(index + frames, lastObserved) {
            run = observedPower[i % observedPower.count] > bar ? run + 1 : 0
            if run >= standOutMinimumFrames { return true }
        }
        return false
    }

    /// Whether `record` needs the voicing of a frame recorded as `verdict`: only speech frames
    /// need it, and only until their run has `minimumVoicedSeconds` of voiced frames (enough to
    /// decide), so that few frames pay for `FrameAnalyzer.voicing(ofFrame:)`.
    public func wantsVoicing(_ verdict: FrameClass) -> Bool {
        verdict == .speech && (openSpeech?.voicedFrames ?? 0) < minimumVoicedFrames
    }

    /// Whether the frame recorded last is the channel's noise, far from any speech, leaked voice,
    /// tone or sound: the caller lets the frame analyzer learn the noise's spectrum from it
    /// (`FrameAnalyzer.learnNoise(fromFrame:)`), for `FrameAnalyzer.speechLikelihood(ofFrame:)`.
    public var learnsNoise: Bool { spectralTails.learnsNoise }

    /// Takes frame `nextLikelihoodFrame`'s `FrameAnalyzer.speechLikelihood(ofFrame:)`. Before
    /// `record` takes a frame, give it the likelihoods up to two frames after that one (as many
    /// as there are at the end of the stream).
    public mutating func addLikelihood(_ likelihood: Float) {
        likelihoods[nextLikelihoodFrame & (likelihoods.count - 1)] = likelihood
        nextLikelihoodFrame += 1
    }

    /// Records the final class of a frame (after any cross-channel check), with the frame's
    /// `FrameAnalyzer.voicing(ofFrame:)` when `wantsVoicing` asks for it (otherwise it is not read).
    /// `leaked` says the frame was the other party's voice leaked into this channel (recorded as
    /// quiet); `otherTalking`, that the other party talks (its leak may stay under the gate here,
    /// yet stand over the noise's spectrum).
    public mutating func record(
        _ features: FrameFeatures, as verdict: FrameClass, voicing: Float = 1, leaked: Bool = false, otherTalking: Bool = false
    ) {
        let index = features.index
        if decidedCount == decidedSpeech.count {
            if decidedSpeech[decidedCursor] { decidedSpeechCount -= 1 }
        } else {
            decidedCount += 1
        }
        decidedSpeech[decidedCursor] = verdict == .speech
        if verdict == .speech { decidedSpeechCount += 1 }
        decidedCursor = decidedCursor + 1 == decidedSpeech.count ? 0 : decidedCursor + 1
        lastFrame = index
        inSpeech = verdict == .speech
        if inSpeech && passedStartGate { lastStartGateFrame = index }
        if inSpeech {
            closureFrames = 0
            closureLoudest = -.infinity
            releaseRun = releaseFrame ? releaseRun + 1 : 0
            speechRun += 1
        } else {
            closureFrames += 1
            if closureFrames > 3 { closureLoudest = max(closureLoudest, closureRecent) }
            closureRecent = features.speechBandDBFS
            releaseRun = 0
            if speechRun > 0 { lastSpeechRun = speechRun }
            speechRun = 0
        }
        if verdict == .speech || verdict == .tone {
            if index - voiceEnd >= segmentGapFrames { voiceFrames = 0 }
            voiceFrames += 1
            voiceEnd = index + 1
        }
        if verdict == .speech {
            let recent = recentLevels.reduce(0, +) / Float(recentLevels.count)
            speechPeak = max(speechPeak, recent)
            if recent > loudestSpeech {
                loudestSpeech = recent
                floorShift = min(0, loudestSpeech - configuration.floorsSpeechReferenceDBFS)
            }
            if wideband != nil, features.upperBandDBFS > upperPeak { upperPeak = features.upperBandDBFS }
        }
        if verdict == .quiet {
            loudSince = index + 1
            loudTonalFrames = 0
        } else if verdict == .tone {
            loudTonalFrames += 1
        }
        let recognisedMusic = verdict == .sound
            && (steadyFrame == index || recordedMusicFrame == index || sustainedFrame == index)
        if recognisedMusic {
            // The window has been music (steady level, or held notes): its frames were the start
            // of this sustained sound, not speech. Cut the speech runs found in it there; and
            // back to the last quiet frame when what came since was mostly tonal (music whose
            // attacks read as speech, recognised late: `musicOnsetTonalShare`). For the
            // recorded-music model, whose window is centred on the frame: back to the last quiet
            // frame when it lies within half the window, and no further (a voice that runs
            // straight into the music keeps its words); so for sustained sound over the line.
            let loudFrames = index - loudSince
            let windowStart: Int
            if steadyFrame == index {
                let tonalOnset = loudFrames > steadiness.frames
                    && Double(loudFrames) * hopSeconds <= configuration.musicOnsetMaximumSeconds
                    && Double(loudTonalFrames) >= configuration.musicOnsetTonalShare * Double(loudFrames)
                windowStart = tonalOnset ? loudSince : index - steadiness.frames
            } else if sustainedFrame == index {
                windowStart = loudFrames <= sustained.halfWidth ? loudSince : index
            } else {
                windowStart = loudFrames <= music.windowFrames / 2 ? loudSince : index
            }
            if let run = openSpeech {
                speechRuns.append(run)
                openSpeech = nil
            }
            var soundStart = index
            while let last = speechRuns.last, last.endFrame > windowStart {
                speechRuns.removeLast()
                soundStart = min(soundStart, max(last.startFrame, windowStart))
                if last.startFrame < windowStart {
                    var kept = last
                    kept.endFrame = windowStart
                    speechRuns.append(kept)
                    break
                }
            }
            openSound = openSound ?? Run(startFrame: soundStart, endFrame: index)
        }
        let opens = verdict == .speech && openSpeech == nil
        // Tonal frames are periodic: voiced without asking.
        let voiced = verdict == .tone || (wantsVoicing(verdict) && voicing >= configuration.voicingThreshold)
        Self.extend(&openSpeech, closingInto: &speechRuns, if: verdict == .speech, frame: index, level: features.speechBandDBFS, voiced: voiced, floor: currentFloor, spread: currentSpread, band: passedBandGate, upper: passedStartGate)
        // A word's soft onset and fading tail: frames right before or after a speech run that
        // stand above a lower bar (a fraction of the margin over the noise floor) belong to it,
        // at most `tailSeconds` on either side. Frames louder than the sound bar may be babble's
        // bursts or a sound's onset, except in steady noise, where one that stands the whole
        // noise margin over the floor and fails only the relative gate is a loud talker's quiet
        // onset or end.
        let faint = verdict == .quiet && belowGate && features.speechBandDBFS > tailThreshold
            && (features.speechBandDBFS <= soundThreshold || features.speechBandDBFS > steadyEdgeThreshold)
        if opens {
            let previousEnd = speechRuns.last?.endFrame ?? 0
            openSpeech?.startFrame = max(previousEnd, index - min(faintFrames, tailLimit))
        }
        faintFrames = faint ? faintFrames + 1 : 0
        if verdict == .speech {
            tailFrames = 0
        } else if tailFrames < tailLimit, faint, let last = speechRuns.indices.last, speechRuns[last].endFrame == index {
            speechRuns[last].endFrame = index + 1
            tailFrames += 1
        } else {
            tailFrames = Int.max
        }
        // Tonal frames count as speech: a vowel may flicker tonal, and at the end tonal runs next
        // to speech join it. `observe` has seen this frame at most `lookAheadFrames` ago, so its
        // power is still in the ring.
        let power = observedPower[index % observedPower.count]
        if tailEvidence.add(frame: index, power: power, isSpeech: verdict == .speech || verdict == .tone) {
            tailEvidence.addEndWindow(runEnd: speechRuns.last?.endFrame)
        }
        // Averaged as the gate averages levels: the frame and the two either side.
        let neighbours = max(0, index - 2)...max(index, min(index + 2, nextLikelihoodFrame - 1))
        var likelihood: Float = 0
        for k in neighbours { likelihood += likelihoods[k & (likelihoods.count - 1)] }
        spectralTails.add(
            frame: index, likelihood: likelihood / Float(neighbours.count), quiet: verdict == .quiet && !leaked,
            mayHoldTail: features.speechBandDBFS > tailFloor && !otherTalking, isSpeech: verdict == .speech,
            runEnd: speechRuns.last?.endFrame)
        Self.extend(&openTone, closingInto: &toneRuns, if: verdict == .tone, frame: index, level: features.speechBandDBFS, voiced: voiced, floor: currentFloor, spread: currentSpread, band: passedBandGate, upper: passedStartGate)
        Self.extend(&openSound, closingInto: &soundRuns, if: verdict == .sound, frame: index, level: features.speechBandDBFS, voiced: voiced, floor: currentFloor, spread: currentSpread, band: passedBandGate, upper: passedStartGate)
    }

    /// Moves each speech run of at most `maximumFrames` that ends where one of `runs` starts, or
    /// starts where one ends, into that run: the smeared edge of a tone or of music.
    /// `speech` is sorted and disjoint, so its runs' starts and ends both increase: each run is
    /// found by binary search.
    private static func moveEdges(from speech: inout [Run], into runs: inout [Run], maximumFrames: Int) {
        /// The index of the run of `speech` whose start (or end) is `frame`, if any.
        func run(starting: Bool, at frame: Int) -> Int? {
            var low = 0, high = speech.count
            while low < high {
                let middle = (low + high) / 2
                if (starting ? speech[middle].startFrame : speech[middle].endFrame) < frame { low = middle + 1 } else { high = middle }
            }
            guard low < speech.count, (starting ? speech[low].startFrame : speech[low].endFrame) == frame,
                speech[low].frames <= maximumFrames else { return nil }
            return low
        }
        for t in runs.indices {
            if let s = run(starting: false, at: runs[t].startFrame) {
                runs[t].startFrame = speech[s].startFrame
                speech.remove(at: s)
            }
            if let s = run(starting: true, at: runs[t].endFrame) {
                runs[t].endFrame = speech[s].endFrame
                speech.remove(at: s)
            }
        }
    }

    private static func extend(
        _ open: inout Run?, closingInto runs: inout [Run], if active: Bool, frame: Int, level: Float, voiced: Bool, floor: Float, spread: Float,
        band: Bool, upper: Bool
    ) {
        if active {
            if open == nil { open = Run(startFrame: frame, endFrame: frame) }
            open?.endFrame = frame + 1
            open?.add(level, voiced: voiced, floor: floor, spread: spread, band: band, upper: upper)
        } else if let run = open {
            runs.append(run)
            open = nil
        }
    }

    /// Ends the stream and returns the talk segments and hold spans, clipped to
    /// `[0, durationSeconds]`.
    public mutating func finish(durationSeconds: Double) -> ChannelActivity {
        if let run = openSpeech { speechRuns.append(run) }
        if let run = openTone { toneRuns.append(run) }
        if let run = openSound { soundRuns.append(run) }
        openSpeech = nil
        openTone = nil
        openSound = nil
        let c = configuration
        // A short tonal run next to speech is a steady vowel, not a tone: it stays speech.
        let adjacency = Int((c.toneAdjacencySeconds / hopSeconds).rounded())
        let longTone = Int((c.toneMaximumInSpeechSeconds / hopSeconds).rounded())
        // The frames before a tone's frequency proved stable were classed as speech: give a
        // short speech run that runs straight into a tone back to the tone.
        let onset = Int((c.toneMinimumStableSeconds / hopSeconds).rounded()) + 2
        var speechRuns = self.speechRuns
        var toneRuns = self.toneRuns
        // Likewise the frames where a tone stops, whose windows smear it, and the edges of
        // sustained sound (a long tone, music) where it stops or starts.
        var soundRuns = self.soundRuns
        Self.moveEdges(from: &speechRuns, into: &toneRuns, maximumFrames: onset)
        Self.moveEdges(from: &speechRuns, into: &soundRuns, maximumFrames: onset)
        let toneCandidates = toneRuns.sorted { $0.startFrame < $1.startFrame }
        // Within `adjacency` of a speech run (sorted and disjoint: only the last one starting
        // before the tone's reach can be near it).
        var joins = toneCandidates.map { tone -> Bool in
            var low = 0, high = speechRuns.count
            while low < high {
                let middle = (low + high) / 2
                if speechRuns[middle].startFrame <= tone.endFrame + adjacency { low = middle + 1 } else { high = middle }
            }
            return tone.frames < longTone && low > 0 && speechRuns[low - 1].endFrame + adjacency >= tone.startFrame
        }
        // Along chains of touching tonal runs, both ways, so that a vowel that flickers between
        // tonal and not stays speech link by link, whichever end of the chain the speech is at.
        let indices = toneCandidates.indices
        for i in indices.dropFirst() where !joins[i] && joins[i - 1] && toneCandidates[i].frames < longTone
            && toneCandidates[i - 1].endFrame >= toneCandidates[i].startFrame {
            joins[i] = true
        }
        for i in indices.dropLast().reversed() where !joins[i] && joins[i + 1] && toneCandidates[i].frames < longTone
            && toneCandidates[i].endFrame >= toneCandidates[i + 1].startFrame {
            joins[i] = true
        }
        let tones = indices.filter { !joins[$0] }.map { toneCandidates[$0] }
        var allSpeech = speechRuns + indices.filter { joins[$0] }.map { toneCandidates[$0] }
        allSpeech.sort { $0.startFrame < $1.startFrame }
        // A vowel that flickers between tonal and not leaves touching pieces: one run again, so
        // that a word is measured whole (below, a burst after a word is kept).
        allSpeech = allSpeech.reduce(into: []) { runs, run in
            if let last = runs.last, run.startFrame <= last.endFrame {
                runs[runs.count - 1].absorb(run)
            } else {
                runs.append(run)
            }
        }
        let minimumBurst = Int((c.minimumBurstSeconds / hopSeconds).rounded())
        let mergeGap = Int((c.mergeGapSeconds / hopSeconds).rounded())
        var merged: [Run] = []
        // A short burst is a click, unless it comes right after a word (a run at least
        // `burstAttachMinimumWordSeconds` long): the word's final plosive, released after its
        // closure.
        let attach = Int((c.burstAttachSeconds / hopSeconds).rounded())
        let word = Int((c.burstAttachMinimumWordSeconds / hopSeconds).rounded())
        var lastWordEnd = Int.min / 2
        let kept = allSpeech.filter { run in
            defer { if run.frames >= word { lastWordEnd = max(lastWordEnd, run.endFrame) } }
            return run.frames >= minimumBurst || run.startFrame - lastWordEnd <= attach
        }
        for run in Self.withoutBreaths(
            kept, minimumVoicedFrames: minimumVoicedFrames, maximumRelativeDB: Double(c.unvoicedMaximumRelativeDB),
            pauseFrames: mergeGap, breathGapFrames: Int((c.breathGapSeconds / hopSeconds).rounded()))
        {
            if let last = merged.last, run.startFrame - last.endFrame < mergeGap {
                merged[merged.count - 1].absorb(run)
            } else {
                merged.append(run)
            }
        }
        merged = Self.bridgeHiddenPauses(
            merged, maximumFrames: Int((c.hiddenPauseSeconds / hopSeconds).rounded()),
            fragmentFrames: Int((c.hiddenPauseFragmentSeconds / hopSeconds).rounded()),
            minimumFrames: Int((c.minimumSpeechSeconds / hopSeconds).rounded()), maximumSNRDB: Double(c.hiddenSpeechMaximumSNRDB))
        var speech: [TimeSpan] = []
        // The voice's ends go on under the noise (the ends' first window stands over it), and
        // past the first window too (so does their second).
        func standsOver(_ evidence: (median: Double, standardError: Double)?) -> Bool {
            evidence.map { $0.median > max(c.tailEvidenceMinimumExcess, c.tailEvidenceStandardErrors * $0.standardError) }
                ?? false
        }
        let endsEvidence = tailEvidence.excess(minimumEnds: c.tailEvidenceMinimumEnds)
        let tailsHidden = standsOver(endsEvidence)
        let longTailsHidden = tailsHidden && standsOver(tailEvidence.excess(minimumEnds: c.tailEvidenceMinimumEnds, second: true))
        let minimumSound = Int((c.minimumSoundRunSeconds / hopSeconds).rounded())
        let likelihoodBar = spectralTails.noiseLikelihood(
            atPercentile: c.spectralTailPercentile, minimumFrames: Int((c.spectralTailMinimumNoiseSeconds / hopSeconds).rounded()))
        let spectralTrim = Int((c.spectralTailTrimSeconds / hopSeconds).rounded())
        let sound: [TimeSpan] = tones.map(span) + soundRuns.filter { $0.frames >= minimumSound }.map(span)
        // A segment without a voice's periodic vowels and well under the level of the channel's
        // voiced talk is breath, a click or typing. Loud unvoiced segments, and every segment of a
        // channel where nothing is voiced (voicing lost in heavy noise), stay talk.
        let minimumVoiced = minimumVoicedFrames
        let voicedTalk = merged.filter { $0.voicedFrames >= minimumVoiced }
        let voicedLevel = Run.level(of: voicedTalk)
        let unvoicedBar = voicedTalk.isEmpty ? -Double.infinity : voicedLevel - Double(c.unvoicedMaximumRelativeDB)
        func isVoice(_ segment: Run) -> Bool {
            segment.voicedFrames >= minimumVoiced || segment.levelDBFS >= unvoicedBar
        }
        // A segment heard more above the speech band than in it (the hi-hats and strings of hold
        // music) is no talk: a voice's fricatives and bursts heard there belong to words heard
        // in the speech band.
        let talk = merged.filter {
            Double($0.frames) * hopSeconds >= c.minimumSpeechSeconds && isVoice($0)
                && ($0.upperFrames == 0 || $0.bandFrames > $0.upperFrames)
        }
        // A voice far over the noise whose ends, taken together, show nothing over it ends
        // crisply: its short quiet words do too.
        let voiceStandsOut = talk.map(\.peakSNRDB).median().map { $0 >= c.crispEndsMinimumPeakDB } ?? false
        let endsCrisp = voiceStandsOut
            && (endsEvidence.map { $0.median < c.crispEndsStandardErrors * $0.standardError } ?? false)
        for segment in talk {
            var segmentSpan = span(segment)
            // In steady noise, a segment that peaks low over the floor has its onset and its last
            // word's decay under the noise: its edges are widened by what the noise hides. Under
            // a floor quieter than `tailFloorDBFS` nothing a word's edge may hold is hidden (a
            // segment that peaks so low over such a line is no voice at full level: an echo's
            // remains, a breath).
            let edgesHidden = segment.peakSNRDB < c.hiddenEdgesMaximumPeakDB
                && segment.spreadDB < Double(c.steadyNoiseMaximumSpreadDB)
                && segment.floorDBFS > Double(c.tailFloorDBFS)
            // In fluctuating noise, the same segment's edges lie under the noise's peaks.
            let edgesMasked = segment.peakSNRDB < c.hiddenEdgesMaximumPeakDB
                && segment.spreadDB >= Double(c.fluctuatingNoiseMinimumSpreadDB)
                && segment.floorDBFS > Double(c.tailFloorDBFS)
            let onsetPad = edgesHidden ? c.hiddenOnsetSeconds : edgesMasked ? c.fluctuatingNoiseOnsetSeconds : c.onsetPadSeconds
            segmentSpan.startSeconds = max(0, segmentSpan.startSeconds - onsetPad)
            var tail = 0.0
            if edgesHidden, !endsCrisp {
                tail = c.hiddenTailSeconds
            } else if edgesMasked {
                tail = c.fluctuatingNoiseTailSeconds
            } else if segment.snrDB < Double(c.hiddenSpeechMaximumSNRDB) {
                tail = c.hangoverSeconds
            }
            if tailsHidden, segment.peakSNRDB < c.tailEvidenceMaximumPeakDB {
                tail = max(tail, longTailsHidden ? 2 * c.tailEvidenceSeconds : c.tailEvidenceSeconds)
            }
            segmentSpan.endSeconds = min(durationSeconds, segmentSpan.endSeconds + tail)
            // In steady noise, the end goes on while the frames after it stand over the noise
            // bin by bin (babble's spectrum is a voice's, and moves).
            if let likelihoodBar, segment.spreadDB < Double(c.steadyNoiseMaximumSpreadDB) {
                let over = spectralTails.framesOver(likelihoodBar, afterRunEndingAt: segment.endFrame) - spectralTrim
                if over > 0 {
                    let end = firstCenterSeconds + (Double(segment.endFrame + over) - 0.5) * hopSeconds
                    segmentSpan.endSeconds = max(segmentSpan.endSeconds, min(durationSeconds, end))
                }
            }
            if segmentSpan.durationSeconds > 2 * edgeTrimSeconds {
                segmentSpan.startSeconds += edgeTrimSeconds
                segmentSpan.endSeconds -= edgeTrimSeconds
            }
            speech.append(segmentSpan)
        }
        let padded = Self.mergeTouching(speech)
        let hold = Self.bridge(sound, gapSeconds: c.holdMergeGapSeconds, minimumSeconds: 0, durationSeconds: durationSeconds)
        return ChannelActivity(
            speech: padded,
            hold: Self.subtract(padded, from: hold).filter { $0.durationSeconds >= c.minimumHoldSeconds })
    }

    /// `runs` (sorted and disjoint) without the breaths before sentences: a run with fewer than
    /// `minimumVoicedFrames` voiced frames, `maximumRelativeDB` or more under the mean level of
    /// the voiced runs, with no voiced run ending within `pauseFrames` before it (it follows a
    /// pause, not a word: a word's final fricative or release is kept) and the next voiced run
    /// starting at least `breathGapFrames` after it.
    static func withoutBreaths(
        _ runs: [Run], minimumVoicedFrames: Int, maximumRelativeDB: Double, pauseFrames: Int, breathGapFrames: Int
    ) -> [Run] {
        let voiced = runs.filter { $0.voicedFrames >= minimumVoicedFrames }
        guard !voiced.isEmpty else { return runs }
        let level = Run.level(of: voiced)
        var next = 0  // the first voiced run that starts at or after the run under test
        return runs.filter { run in
            while next < voiced.count && voiced[next].startFrame < run.endFrame { next += 1 }
            guard run.voicedFrames < minimumVoicedFrames,
                run.levelDBFS < level - maximumRelativeDB
            else { return true }
            let previousEnd = next > 0 ? voiced[next - 1].endFrame : Int.min / 2
            let nextStart = next < voiced.count ? voiced[next].startFrame : Int.max / 2
            return run.startFrame - previousEnd < pauseFrames || nextStart - run.endFrame < breathGapFrames
        }
    }

    /// Bridges the pauses of fewer than `maximumFrames` between consecutive `runs` (sorted and
    /// disjoint) where either run is shorter than `fragmentFrames`, both are at least
    /// `minimumFrames` long (talk segments in their own right, not specks of babble that only
    /// together would make one) and both stand on average less than `maximumSNRDB` over the
    /// noise floor: a phrase whose quieter parts are hidden in noise.
    static func bridgeHiddenPauses(
        _ runs: [Run], maximumFrames: Int, fragmentFrames: Int, minimumFrames: Int, maximumSNRDB: Double
    ) -> [Run] {
        var result: [Run] = []
        for run in runs {
            if let last = result.last, run.startFrame - last.endFrame < maximumFrames,
                (minimumFrames..<fragmentFrames).contains(min(last.frames, run.frames)),
                last.snrDB < maximumSNRDB, run.snrDB < maximumSNRDB {
                result[result.count - 1].absorb(run)
            } else {
                result.append(run)
            }
        }
        return result
    }

    /// Whether, in wideband audio, the wideband level over `frames` (mean power) stands `share`
    /// of its margin over its own noise floor; false otherwise.
    private func widebandStandsOut(share: Float, over frames: ClosedRange<Int>) -> Bool {
        guard let floor = wideband?.noise.percentile(0), let lower = wideband?.noise.percentile(1) else { return false }
        let margin = margin(spread: max(0, floor - lower))
        return Self.levelOfMeanPower(wideband?.observedPower ?? [], over: frames) > floor + share * margin
    }

    /// Whether, in wideband audio, the band above the speech band over `frames` (mean power)
    /// stands `upperBandMarginFraction` of its margin over its own noise floor, and the frame's
    /// own `level` there is within `upperBandMaximumRelativeDB` of its level in recent speech.
    private func upperBandStandsOut(over frames: ClosedRange<Int>, level: Float) -> Bool {
        guard level > upperPeak - configuration.upperBandMaximumRelativeDB,
            let floor = wideband?.upperNoise.percentile(0), let lower = wideband?.upperNoise.percentile(1)
        else { return false }
        let margin = margin(spread: max(0, floor - lower))
        return Self.levelOfMeanPower(wideband?.upperPower ?? [], over: frames) > floor + configuration.upperBandMarginFraction * margin
    }

    /// An absolute floor set at `level` dBFS, on this channel: lower by `floorShift` (a call
    /// recorded at a low gain: `floorsSpeechReferenceDBFS`), but not into the line's noise (under
    /// the noise margin over its floor), and never higher than set.
    private func lowered(_ level: Float) -> Float {
        min(level, max(level + floorShift, currentFloor + currentMargin))
    }

    /// The margin over a noise floor whose own spread (floor minus its lower percentile) is
    /// `spread` dB: `marginDB` plus `marginPerSpreadDB` per dB, at most `maximumMarginDB`.
    private func margin(spread: Float) -> Float {
        min(configuration.maximumMarginDB, configuration.marginDB + configuration.marginPerSpreadDB * spread)
    }

    /// The level (dBFS) of the mean of the ring `powers`' frames `frames`.
    private static func levelOfMeanPower(_ powers: [Float], over frames: ClosedRange<Int>) -> Float {
        var power: Float = 0
        for k in frames { power += powers[k % powers.count] }
        return 10 * log10f(max(power / Float(frames.count), 1e-14))
    }

    /// The parts of `spans` not covered by `cuts` (both sorted and disjoint).
    static func subtract(_ cuts: [TimeSpan], from spans: [TimeSpan]) -> [TimeSpan] {
        var result: [TimeSpan] = []
        for span in spans {
            var start = span.startSeconds
            for cut in cuts where cut.endSeconds > start && cut.startSeconds < span.endSeconds {
                if cut.startSeconds > start { result.append(TimeSpan(start, cut.startSeconds)) }
                start = max(start, cut.endSeconds)
            }
            if span.endSeconds > start { result.append(TimeSpan(start, span.endSeconds)) }
        }
        return result
    }

    private func span(_ run: Run) -> TimeSpan {
        TimeSpan(
            max(0, firstCenterSeconds + (Double(run.startFrame) - 0.5) * hopSeconds),
            firstCenterSeconds + (Double(run.endFrame) - 0.5) * hopSeconds)
    }

    private static func mergeTouching(_ spans: [TimeSpan]) -> [TimeSpan] {
        var result: [TimeSpan] = []
        for span in spans.sorted() where span.durationSeconds > 0 {
            if let last = result.last, span.startSeconds <= last.endSeconds {
                result[result.count - 1].endSeconds = max(last.endSeconds, span.endSeconds)
            } else {
                result.append(span)
            }
        }
        return result
    }

    private static func bridge(_ spans: [TimeSpan], gapSeconds: Double, minimumSeconds: Double, durationSeconds: Double) -> [TimeSpan] {
        var result: [TimeSpan] = []
        for span in spans.sorted() {
            if let last = result.last, span.startSeconds - last.endSeconds < gapSeconds {
                result[result.count - 1].endSeconds = max(last.endSeconds, span.endSeconds)
            } else {
                result.append(span)
            }
        }
        return result
            .map { TimeSpan($0.startSeconds, min(durationSeconds, $0.endSeconds)) }
            .filter { $0.durationSeconds >= minimumSeconds }
    }
}

/// Rolling statistics of the last `frames` frames that tell music from speech: the standard
/// deviation (dB) of their levels, defined only when every frame is loud (speech has syllabic
/// dips; music and tones do not), the share of frames that are loud and spectrally stable
/// (held notes; speech's harmonics and formants move), and the share of audible, stable frames
/// under the speech gate however loud, with how many of them changed note.
struct SteadinessWindow: Sendable {
    let frames: Int
    private var levels: [Float]
    /// Per frame of the window, which of `Flags` it has (one array: one uniqueness check).
    private var flags: [UInt8]
    private var lastHeldPeak = -1
    private var cursor = 0
    private var loudCount = 0
    private var stableCount = 0
    private var heldCount = 0
    /// Held frames whose strongest component moved more than 2 bins from the previous held
    /// frame's (a new note or chord).
    private var changeCount = 0
    private var sum = 0.0
    private var squareSum = 0.0

    private enum Flags {
        static let loud: UInt8 = 1, stable: UInt8 = 2, held: UInt8 = 4, changed: UInt8 = 8
    }

    init(frames: Int) {
        self.frames = frames
        levels = Array(repeating: 0, count: frames)
        flags = Array(repeating: 0, count: frames)
    }

    /// Adds a frame; returns the window's level deviation in dB (infinity when some frame of the
    /// window is not loud), its share (0-1) of loud, stable frames, its share of audible,
    /// stable frames however loud (held notes of music that has become the noise floor), and how
    /// many of those held frames changed note.
    mutating func push(
        _ level: Float, loud isLoud: Bool, stable isStable: Bool, audible: Bool, peakBin: Int
    ) -> (deviationDB: Float, stableShare: Float, heldShare: Float, noteChanges: Int) {
        let old = flags[cursor]
        if old & Flags.loud != 0 {
            loudCount -= 1
            sum -= Double(levels[cursor])
            squareSum -= Double(levels[cursor]) * Double(levels[cursor])
        }
        if old & Flags.stable != 0 { stableCount -= 1 }
        if old & Flags.held != 0 { heldCount -= 1 }
        if old & Flags.changed != 0 { changeCount -= 1 }
        var new: UInt8 = 0
        if isLoud {
            new |= Flags.loud
            loudCount += 1
            sum += Double(level)
            squareSum += Double(level) * Double(level)
            if isStable {
                new |= Flags.stable
                stableCount += 1
            }
        }
        if audible && isStable {
            new |= Flags.held
            heldCount += 1
            if lastHeldPeak >= 0 && abs(peakBin - lastHeldPeak) > 2 {
                new |= Flags.changed
                changeCount += 1
            }
            lastHeldPeak = peakBin
        }
        flags[cursor] = new
        levels[cursor] = level
        cursor = cursor + 1 == frames ? 0 : cursor + 1
        let share = Float(stableCount) / Float(frames)
        let heldShare = Float(heldCount) / Float(frames)
        guard loudCount == frames else { return (.infinity, share, heldShare, changeCount) }
        let mean = sum / Double(frames)
        return (Float(max(0, squareSum / Double(frames) - mean * mean).squareRoot()), share, heldShare, changeCount)
    }

    /// The frames of the window that fall more than `depth` dB below its mean level, and how
    /// many separate runs they make: speech falls to the noise floor between syllables, again and
    /// again; music's sustained notes hold it up.
    func dips(deeperThan depth: Float) -> (frames: Int, runs: Int) {
        let bar = levels.reduce(0, +) / Float(frames) - depth
        var count = 0, runs = 0
        var previous = false
        // In time order: the oldest frame is at the cursor.
        for k in 0..<frames {
            let dips = levels[(cursor + k) % frames] < bar
            if dips {
                count += 1
                if !previous { runs += 1 }
            }
            previous = dips
        }
        return (count, runs)
    }
}
