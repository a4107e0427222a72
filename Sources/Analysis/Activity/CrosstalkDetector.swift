#if canImport(Glibc)
import Glibc
#endif

/// Parameters of the leak (echo, crosstalk) check between the two channels of a call.
public struct CrosstalkConfiguration: Sendable, Hashable {
    /// A frame can be the other party's leaked voice only when it is at least this much quieter
    /// than the other channel's frame it copies, in dB. Default 10 dB.
    public var minimumGapDB: Float
    /// Longest echo delay learnt, in seconds: an echo path is learnt from confident matches
    /// (see `CrosstalkDetector`) up to this delay. Network and VoIP echo may come back 0.3-0.5 s
    /// late. Default 0.5 s.
    public var maximumDelaySeconds: Double
    /// Until the channel's echo path is learnt, a frame is compared with the other channel's
    /// frames up to this delay only, in seconds: over a longer span, a party's own words match
    /// some frame of the other party's by chance more often. Default 0.25 s.
    public var unlearntMaximumDelaySeconds: Double
    /// Correlation (-1...1) of the two frames' spectral envelopes (each relative to its own
    /// channel's long-term spectrum) above which the quieter frame is the louder one's leak.
    /// Default 0.7.
    public var minimumCorrelation: Float
    /// A frame is leak only when the channel's level over the last `trajectorySeconds` also
    /// follows the other channel's level at the leak's delay with at least this correlation
    /// (-1...1): a leak is a scaled copy; two people talking at once rise and fall apart.
    /// Default 0.8.
    public var minimumTrajectoryCorrelation: Float
    /// See `minimumTrajectoryCorrelation`, in seconds. Default 0.15 s.
    public var trajectorySeconds: Double
    /// A leak is a copy at a steady loss: where, over the last `trajectorySeconds`, a quarter of
    /// the frames (and at least 3) stand more than this under the level the frame's leak (its
    /// source's level less the frame's gap) would have given them, the frame is not that leak,
    /// however well its level rises with the source's. A party's first syllable over the other's
    /// talk, out of silence, rises with the other's rising word by chance. In dB. Default 10 dB.
    public var maximumLeakShortfallDB: Float
    /// Until the echo is learnt, a frame that continues at least this much of the channel's own
    /// voice (frames in a row kept as its own) is leak only when its level has been seen to
    /// follow the source's; with too few frames to tell it stays the party's own: a word's
    /// closure fading under the other party's first syllable is not that syllable's echo. In
    /// seconds. Default 0.2 s (a short word).
    public var continuingSpeechSeconds: Double
    /// Until the echo is learnt, a frame whose level could not be seen to follow the source's
    /// (too few frames to tell) is leak only when its envelope correlates with the source's at
    /// least this well, as a confident copy: a party's word starting while the other talks matches
    /// the other's envelope at 0.7-0.8 by chance. Default 0.85.
    public var untrackedMinimumCorrelation: Float
    /// Once the echo is learnt, a frame that would be leak is the party's own voice over the echo
    /// (double talk) when its sub-band power exceeds the echo predicted for it by at least this
    /// much, on average over the 4 sub-bands where it exceeds it most. The prediction is the other
    /// channel's frames at the learnt delay (±1 frame, the loudest in each sub-band) times the
    /// learnt echo gain of each sub-band, plus the channel's noise in that sub-band; on pure echo
    /// the excess stays within about 5 dB. In dB. Default 10 dB.
    public var doubleTalkExcessDB: Float
    /// Once the echo is learnt, a frame as quiet as the echo of the other channel's frame at the
    /// learnt delay (±1 frame; at least the learnt loss less 4 dB quieter) whose sub-band power
    /// stands less than this over the echo predicted for it (measured as for
    /// `doubleTalkExcessDB`) is leak, even where its envelope no longer matches the source's: near
    /// the noise floor the noise blurs an echo's envelope, and the echo and the noise explain the
    /// frame. On the evaluation's echo calls pure echo stands a median 2.3 dB over the prediction
    /// (90 % under 4.5 dB), a party talking over it a median 7.9 dB. In dB. Default 4 dB.
    public var explainedEchoMaximumExcessDB: Float
    /// On an uncompressed line, pure echo stands over the echo predicted for it (measured as for
    /// `doubleTalkExcessDB`) by at most about this much in 3 frames of 4. A lossy codec at a low
    /// bit rate (MP3 at 8-16 kbit/s a channel) adds its own noise to the quieter channel's
    /// sub-bands, and its echo stands higher, as high as a party's own voice over it: when the
    /// upper quartile of that excess, over the channel's frames that look like its echo (at the
    /// learnt loss ±3 dB, matching the source at the learnt delay; once 50 are seen, by this
    /// detector or by the scout that learns ahead), is higher than this, the excess no longer
    /// tells double talk at the echo's level: a frame no more than 4 dB louder than the learnt
    /// loss predicts, with a source at the learnt delay, is leak (`doubleTalkExcessDB` and
    /// `explainedEchoMaximumExcessDB` no longer apply to it). In dB. Default 5 dB.
    public var pureEchoExcessQuartileDB: Float
    /// The echo paths are also learnt ahead, from the frames the detectors have observed for
    /// their noise floor's look-ahead but not yet judged (each with a first guess of its class,
    /// and only from matches whose level was seen to follow the source's): a path learnt there
    /// is taken before the frames it first leaks into are judged. Over this much of the start of
    /// a call, where an echo first shows (it costs a second pass of the leak check), in seconds.
    /// Default 20 s.
    public var echoScoutSeconds: Double

    public init(
        minimumGapDB: Float = 10, maximumDelaySeconds: Double = 0.5, unlearntMaximumDelaySeconds: Double = 0.25,
        minimumCorrelation: Float = 0.7,
        minimumTrajectoryCorrelation: Float = 0.8, trajectorySeconds: Double = 0.15, maximumLeakShortfallDB: Float = 10,
        continuingSpeechSeconds: Double = 0.2, untrackedMinimumCorrelation: Float = 0.85, doubleTalkExcessDB: Float = 10,
        explainedEchoMaximumExcessDB: Float = 4, pureEchoExcessQuartileDB: Float = 5, echoScoutSeconds: Double = 20
    ) {
        self.pureEchoExcessQuartileDB = pureEchoExcessQuartileDB
        self.untrackedMinimumCorrelation = untrackedMinimumCorrelation
        self.doubleTalkExcessDB = doubleTalkExcessDB
        self.explainedEchoMaximumExcessDB = explainedEchoMaximumExcessDB
        self.echoScoutSeconds = echoScoutSeconds
        self.minimumTrajectoryCorrelation = minimumTrajectoryCorrelation
        self.trajectorySeconds = trajectorySeconds
        self.maximumLeakShortfallDB = maximumLeakShortfallDB
        self.continuingSpeechSeconds = continuingSpeechSeconds
        self.minimumGapDB = minimumGapDB
        self.maximumDelaySeconds = maximumDelaySeconds
        self.unlearntMaximumDelaySeconds = unlearntMaximumDelaySeconds
        self.minimumCorrelation = minimumCorrelation
    }
}

/// Tells, frame by frame, whether speech-like energy on one channel is the other party's voice
/// leaking into it (line echo, acoustic crosstalk), possibly delayed. Leaked voice is a scaled,
/// filtered copy of the other channel: much quieter, with the same short-term spectral pattern
/// at some delay. Two people talking at once have unrelated patterns.
public struct CrosstalkDetector: Sendable {
    public let configuration: CrosstalkConfiguration
    private let lagFrames: Int
    /// `unlearntMaximumDelaySeconds` in frames (at most `lagFrames`).
    private let unlearntLagFrames: Int
    /// Frames filtered so far. Delays beyond `unlearntLagFrames` are searched on one frame in
    /// `longLagStride` only (enough to learn a late echo from its confident copies: a word
    /// holds dozens of them), and on every frame once an echo that late is learnt.
    private var frameCount = 0
    private static let longLagStride = 4
    private let trajectoryFrames: Int
    /// `continuingSpeechSeconds` in frames.
    private let continuingFrames: Int
    /// The sub-band noise tracker's rise per frame (4 dB a second), as a power ratio.
    private let noiseRise: Float
    /// Frames kept: the delay range plus the trajectory window before it.
    private let historyFrames: Int
    private var history: [[Entry]]
    /// Scratch for `isLeak`: the delays whose source frame could have leaked into this one.
    private var matches: [(lag: Int, correlation: Float, gap: Float)] = []
    /// The frame of the other channel a frame most likely copies, and how well its level follows.
    private struct Match {
        var lag: Int
        var correlation: Float
        var gap: Float
        var tracking: Float
        var trackingMeasured: Bool
    }
    private var cursor = 0
    private var filled = 0
    private var longTerm: [SIMD16<Float>]
    private var longTermWeight: [Float]
    /// Per receiving channel: the echo path's delay and return loss (dB by which the leak is
    /// quieter than its source), from the confident matches.
    private var echoPaths: [EchoPathEstimate]
    /// Per channel: how many frames in a row, up to this one, were kept as its own voice.
    private var keptRun = SIMD2<Int>(0, 0)
    /// Per receiving channel: the echo path's gain in each sub-band (dB), learnt from the
    /// confident matches at the learnt delay (±1 frame).
    private var echoGainDB = [SIMD16<Float>](repeating: SIMD16(), count: 2)
    /// The same gains as power ratios.
    private var echoGain = [SIMD16<Float>](repeating: SIMD16(repeating: 1), count: 2)
    /// Per receiving channel: how many of its echo-like frames stood over the predicted echo by
    /// each amount (bins of `excessBinDB` from `excessLowestDB`), and how many were counted
    /// (see `CrosstalkConfiguration.pureEchoExcessQuartileDB`).
    private var echoExcessCounts = [[Int32]](repeating: Array(repeating: 0, count: excessBins), count: 2)
    private var echoExcessTotal = SIMD2<Int32>(0, 0)
    /// Per receiving channel: `echoStandsWide` of the counts so far (they change only as a frame
    /// is counted, so it is taken then, not at every frame judged).
    private var echoIsBlurred = [false, false]
    private static let excessBinDB: Float = 0.5
    private static let excessLowestDB: Float = -10
    private static let excessBins = 100
    /// Echo-like frames counted before their excess is judged (`echoStandsWide`). A weak echo
    /// (30 dB down) through a 16 kbit/s MP3 gave some calls fewer than 100 in all; at 50, the
    /// agent's F1 on scripts/eval-codec-echo's 16 and 24 kbit/s calls rose 0.002, and no talk
    /// segment of the 450 evaluation files or of their WAV echo calls moved.
    private static let excessMinimumCount: Int32 = 50
    /// Per channel: its noise in each sub-band, a minimum that rises 4 dB a second (doubled: the
    /// minimum of noise lies about 3 dB under its mean).
    private var noisePower = [SIMD16<Float>](repeating: SIMD16(repeating: .infinity), count: 2)
    /// Whether the echo paths are learnt only from matches whose level tracking was measured (a
    /// scout that learns from first guesses of the frames' classes).
    private let learnsOnlyFromMeasuredTracking: Bool

    private struct Entry: Sendable {
        var levelDBFS: Float = -120
        /// The spectral envelope relative to the channel's long-term one, standardised.
        var envelope = SIMD16<Float>()
        /// The sub-band power (linear): of every frame, since the quiet end of a word that is
        /// no candidate still echoes.
        var power = SIMD16<Float>()
        var isCandidate = false
        var isTonal = false
    }

    /// - Parameter learnsOnlyFromMeasuredTracking: Learn the echo paths only from matches whose
    ///   level tracking was measured (for a scout fed first guesses of the frames' classes).
    public init(
        hopSeconds: Double, configuration: CrosstalkConfiguration = CrosstalkConfiguration(),
        learnsOnlyFromMeasuredTracking: Bool = false
    ) {
        self.configuration = configuration
        self.learnsOnlyFromMeasuredTracking = learnsOnlyFromMeasuredTracking
        lagFrames = max(1, Int((configuration.maximumDelaySeconds / hopSeconds).rounded()) + 1)
        unlearntLagFrames = min(lagFrames, max(1, Int((configuration.unlearntMaximumDelaySeconds / hopSeconds).rounded()) + 1))
        trajectoryFrames = max(2, Int((configuration.trajectorySeconds / hopSeconds).rounded()))
        continuingFrames = Int((configuration.continuingSpeechSeconds / hopSeconds).rounded())
        noiseRise = powf(10, Float(0.4 * hopSeconds))
        historyFrames = lagFrames + trajectoryFrames
        echoPaths = Array(repeating: EchoPathEstimate(lagFrames: lagFrames), count: 2)
        history = Array(repeating: Array(repeating: Entry(), count: historyFrames), count: 2)
        longTerm = Array(repeating: SIMD16<Float>(), count: 2)
        longTermWeight = [0, 0]
    }

    /// Takes the same frame of both channels and each channel's class for it, and returns whether
    /// each is the channel's own voice: speech or tonal (a held vowel), and not the other party's
    /// leaked voice. Speech and tonal frames are the candidates, and the sources a leak copies;
    /// only speech frames teach a channel's long-term spectrum (tones such as ring-back would bend it).
    public mutating func filter(_ frames: (FrameFeatures, FrameFeatures), classes: (FrameClass, FrameClass)) -> (Bool, Bool) {
        let candidates = (classes.0 == .speech || classes.0 == .tone, classes.1 == .speech || classes.1 == .tone)
        // Only candidates need an envelope (32 logarithms a frame): a frame that is not one is
        // never checked, nor the source of another's leak.
        let log0 = candidates.0 ? Self.logEnvelope(frames.0.subbandPower) : SIMD16()
        let log1 = candidates.1 ? Self.logEnvelope(frames.1.subbandPower) : SIMD16()
        if classes.0 == .speech { updateLongTerm(0, log0) }
        if classes.1 == .speech { updateLongTerm(1, log1) }
        if !frames.0.holdsDropout { trackNoise(0, frames.0.subbandPower) }
        if !frames.1.holdsDropout { trackNoise(1, frames.1.subbandPower) }
        history[0][cursor] = Entry(
            levelDBFS: frames.0.speechBandDBFS, envelope: candidates.0 ? Self.standardised(log0 - longTerm[0]) : SIMD16(),
            power: frames.0.subbandPower,
            isCandidate: candidates.0,
            isTonal: classes.0 == .tone)
        history[1][cursor] = Entry(
            levelDBFS: frames.1.speechBandDBFS, envelope: candidates.1 ? Self.standardised(log1 - longTerm[1]) : SIMD16(),
            power: frames.1.subbandPower,
            isCandidate: candidates.1,
            isTonal: classes.1 == .tone)
        filled = min(filled + 1, historyFrames)
        let leak0 = candidates.0 && isLeak(channel: 0)
        let leak1 = candidates.1 && isLeak(channel: 1)
        let result = (candidates.0 && !leak0, candidates.1 && !leak1)
        keptRun = SIMD2(result.0 ? keptRun[0] + 1 : 0, result.1 ? keptRun[1] + 1 : 0)
        cursor = (cursor + 1) % historyFrames
        frameCount += 1
        return result
    }

    /// Whether the echo into `channel` has been learnt: at least 20 confident matches at its delay
    /// (±1 frame), and a loss of at least 12 dB (see `isLeak`).
    func hasLearntEcho(_ channel: Int) -> Bool {
        echoPaths[channel].matchesAtDelay >= 20 && echoPaths[channel].lossDB >= 12
    }

    /// Takes the echo paths that `scout` (fed the same channels ahead of this detector) has
    /// learnt, on the channels where this detector has learnt none yet; it goes on learning from
    /// there.
    mutating func adoptEcho(from scout: CrosstalkDetector) {
        for channel in 0..<2 where !hasLearntEcho(channel) && scout.hasLearntEcho(channel) {
            echoPaths[channel] = scout.echoPaths[channel]
            echoGainDB[channel] = scout.echoGainDB[channel]
            echoGain[channel] = scout.echoGain[channel]
        }
        // How far the echo stands over its prediction is counted ahead too: on a line whose codec
        // blurs the echo, the frames judged before 50 echo-like ones were counted here were
        // double talk by the excess (27 echo calls as 16 kbit/s MP3: 22.9 s of false talk in
        // their first 10 s, 9.9 s with the scout's counts).
        for channel in 0..<2 where scout.echoExcessTotal[channel] > echoExcessTotal[channel] {
            echoExcessCounts[channel] = scout.echoExcessCounts[channel]
            echoExcessTotal[channel] = scout.echoExcessTotal[channel]
            echoIsBlurred[channel] = scout.echoIsBlurred[channel]
        }
    }

    /// Whether the current frame of `channel` is the other channel's voice leaking into it.
    ///
    /// The best-matching recent frame of the other channel (highest envelope correlation within
    /// the delay range) is the candidate source. Confident matches (correlation >= 0.85, at least
    /// 6 dB quieter) teach the channel's echo path: its delay and return loss where the matches
    /// gather (`EchoPathEstimate`), and its gain per sub-band from the matches at that delay.
    /// Once the loss is known (20 matches at the delay) and at least 12 dB, a frame is leak when
    /// it correlates with its source (>= 0.6) and is no more than 4 dB louder than the learnt leak
    /// level: real speech over an echo is mostly far louder than the echo, and speech as quiet as
    /// the echo stands out against the echo predicted in each sub-band
    /// (`CrosstalkConfiguration.doubleTalkExcessDB`); a frame at the leak level that the predicted
    /// echo and the noise explain is leak whatever its envelope
    /// (`CrosstalkConfiguration.explainedEchoMaximumExcessDB`). Otherwise a frame is leak when it is `minimumGapDB` quieter, correlates at
    /// `minimumCorrelation`, and its level follows the source's (with too few frames to tell, it
    /// must correlate at `untrackedMinimumCorrelation`, and never continue
    /// `continuingSpeechSeconds` of this party's own voice).
    private mutating func isLeak(channel: Int) -> Bool {
        let other = 1 - channel
        let current = history[channel][cursor]
        matches.removeAll(keepingCapacity: true)
        let lateEcho = hasLearntEcho(channel) && Int(echoPaths[channel].delayFrames.rounded()) + 1 >= unlearntLagFrames
        let searched = lateEcho || frameCount % Self.longLagStride == 0 ? lagFrames : unlearntLagFrames
        for lag in 0..<min(filled, searched) {
            let slot = (cursor - lag + historyFrames) % historyFrames
            let source = history[other][slot]
            guard source.isCandidate else { continue }
            let gap = source.levelDBFS - current.levelDBFS
            guard gap > 0 else { continue }
            // Both envelopes are standardised: their correlation is their dot product.
            matches.append((lag, (current.envelope * source.envelope).sum(), gap))
        }
        // The level must also follow the source's at the delay: a leak is a scaled copy; two
        // people talking at once rise and fall apart. Envelopes held still (a long vowel) match
        // at many delays almost equally; the one the level follows best is the leak's.
        func strongest(underLag limit: Int) -> Match? {
            guard let best = matches.lazy.filter({ $0.lag < limit }).max(by: { $0.correlation < $1.correlation }) else {
                return nil
            }
            var found = Match(lag: best.lag, correlation: best.correlation, gap: best.gap, tracking: -.infinity, trackingMeasured: false)
            for match in matches where match.lag < limit && match.correlation >= best.correlation - 0.03 {
                // Too few frames to tell counts as no evidence against a leak here (1).
                let measured = trajectoryCorrelation(channel: channel, delay: match.lag, gap: match.gap)
                let r = measured ?? 1
                if r > found.tracking {
                    found.tracking = r
                    found.trackingMeasured = measured != nil
                    found.gap = match.gap
                    found.lag = match.lag
                }
            }
            return found
        }
        // Until the channel's echo is learnt, frames are judged against the shorter delay range;
        // an echo path is learnt over the whole range, a longer one only from confident copies
        // beyond the shorter range.
        let learntBefore = hasLearntEcho(channel)
        let short = learntBefore ? nil : strongest(underLag: unlearntLagFrames)
        let shortLags = unlearntLagFrames
        let beyond = learntBefore ? 1 : matches.lazy.filter { $0.lag >= shortLags }.map(\.correlation).max() ?? -1
        guard let overall = beyond >= 0.85 ? strongest(underLag: lagFrames) : short else {
            return false
        }
        if overall.correlation >= 0.85, overall.gap >= 6, overall.tracking >= 0.9,
            overall.trackingMeasured || !learnsOnlyFromMeasuredTracking {
            let bestLag = overall.lag, bestGap = overall.gap
            echoPaths[channel].add(lag: bestLag, gapDB: bestGap)
            // The gains from matches at the delay learnt so far, against the source as the echo is
            // predicted from it.
            let path = echoPaths[channel]
            if abs(Float(bestLag) - path.delayFrames) <= 1.5 {
                let weight = 1 / Float(min(path.matchesAtDelay, 50))
                let source = echoSource(channel: channel, delay: Int(path.delayFrames.rounded()))
                // The echo's own power, the frame's less the channel's noise, in the sub-bands
                // where it stands clear of the noise.
                let echo = current.power - noisePower[channel]
                let updated = echoGainDB[channel] + (Self.logEnvelope(echo / (source + 1e-20)) - echoGainDB[channel]) * weight
                echoGainDB[channel].replace(with: updated, where: echo .> noisePower[channel])
                var gain = SIMD16<Float>()
                for band in 0..<16 { gain[band] = powf(10, echoGainDB[channel][band] / 10) }
                echoGain[channel] = gain
            }
        }
        let learnt = hasLearntEcho(channel)
        // A frame that taught the echo path its 20th match is judged as learnt; `short` was not
        // computed when the path was learnt already.
        guard let judged = learnt ? overall : (short ?? strongest(underLag: unlearntLagFrames)) else { return false }
        let bestCorrelation = judged.correlation, bestGap = judged.gap, tracking = judged.tracking
        let trackingMeasured = judged.trackingMeasured
        // Double talk: the party's own voice over the echo stands well over the echo predicted
        // from the other channel in some sub-bands; pure echo stays close to it. Asked only of a
        // frame the learnt echo would otherwise take for leak.
        var excess: Float?
        func currentExcess() -> Float {
            if let excess { return excess }
            let measured = excessOverPredictedEcho(channel: channel)
            excess = measured
            return measured
        }
        // Where a codec blurs the echo, its excess is no evidence of double talk: at the echo's
        // level, the level alone decides (`CrosstalkConfiguration.pureEchoExcessQuartileDB`).
        let excessTells = !(learnt && echoIsBlurred[channel])
        func isOwnVoiceOverEcho() -> Bool {
            excessTells && currentExcess() >= configuration.doubleTalkExcessDB
        }
        if learnt, !current.isTonal {
            // The echo path's delay is learnt too: a frame at the leak's level that copies the
            // source at that delay (±1 frame) is leak, even when another delay's source matches
            // its envelope better (a word's fading end looks like many frames).
            let delay = Int(echoPaths[channel].delayFrames.rounded())
            let echoLevel = echoPaths[channel].lossDB - 4
            let loss = echoPaths[channel].lossDB
            if matches.contains(where: { abs($0.lag - delay) <= 1 && abs($0.gap - loss) <= 3 && $0.correlation >= 0.6 }) {
                countEchoExcess(channel, currentExcess())
            }
            if matches.contains(where: { abs($0.lag - delay) <= 1 && $0.gap >= echoLevel && $0.correlation >= 0.6 }) {
                return !isOwnVoiceOverEcho()
            }
            // At the echo's level, the echo and the noise may explain the frame on their own: its
            // envelope, blurred by the noise near the floor, need not match.
            if matches.contains(where: { abs($0.lag - delay) <= 1 && $0.gap >= echoLevel }),
                !excessTells || currentExcess() < configuration.explainedEchoMaximumExcessDB {
                return true
            }
        }
        if current.isTonal {
            // A held vowel's envelope matches another held vowel's readily: a tonal frame is leak
            // only as a confident copy (the party's own vowel over the other's echo is not).
            return bestCorrelation >= 0.85 && tracking >= 0.9
                && bestGap >= (learnt ? echoPaths[channel].lossDB - 4 : configuration.minimumGapDB)
                && !(learnt && isOwnVoiceOverEcho())
        }
        if learnt {
            // Once the leak's level is known, a frame at that level is leak when its envelope
            // matches, even where its level has not tracked the source for long (a leak starting
            // as the party stops), or when its level tracks the source.
            return bestGap >= echoPaths[channel].lossDB - 4 && (bestCorrelation >= 0.6 || tracking >= 0.9)
                && !isOwnVoiceOverEcho()
        }
        let continuesOwnVoice = keptRun[channel] >= continuingFrames
        let correlation = trackingMeasured ? configuration.minimumCorrelation : configuration.untrackedMinimumCorrelation
        return (trackingMeasured || !continuesOwnVoice) && tracking >= configuration.minimumTrajectoryCorrelation
            && bestGap >= configuration.minimumGapDB && bestCorrelation >= correlation
    }

    /// Correlation of `channel`'s levels over the last `trajectoryFrames` frames with the other
    /// channel's levels `delay` frames earlier, over the frames where a leak `gap` dB under the
    /// source would stand at least 3 dB above this channel's quietest frame of the window (a
    /// leak under the noise floor leaves no trace to follow); `nil` when fewer than 5 frames
    /// qualify; -1 when the window's levels fall short of that leak's
    /// (`CrosstalkConfiguration.maximumLeakShortfallDB`).
    private func trajectoryCorrelation(channel: Int, delay: Int, gap: Float) -> Float? {
        let count = min(trajectoryFrames, filled - delay)
        guard count >= 5 else { return nil }
        let own = history[channel], other = history[1 - channel]
        func slot(_ back: Int) -> Int { (cursor - back + 2 * historyFrames) % historyFrames }
        var quietest = Float.infinity
        for k in 0..<count { quietest = min(quietest, own[slot(k)].levelDBFS) }
        var n: Float = 0, sx: Float = 0, sy: Float = 0, sxx: Float = 0, syy: Float = 0, sxy: Float = 0
        var belowLeak: Float = 0
        for k in 0..<count {
            let y = other[slot(k + delay)].levelDBFS
            guard y - gap > quietest + 3 else { continue }
            let x = own[slot(k)].levelDBFS
            if x < y - gap - configuration.maximumLeakShortfallDB { belowLeak += 1 }
            n += 1
            sx += x
            sy += y
            sxx += x * x
            syy += y * y
            sxy += x * y
        }
        guard n >= 5 else { return nil }
        // A leak is a copy at a steady loss: where the channel held far less than the source at
        // this gap would have leaked into it, the frame is not that leak
        // (`maximumLeakShortfallDB`).
        if belowLeak >= max(3, n / 4) { return -1 }
        let covariance = sxy - sx * sy / n
        let norm = ((sxx - sx * sx / n) * (syy - sy * sy / n)).squareRoot()
        return norm > 0 ? covariance / norm : 0
    }

    private mutating func countEchoExcess(_ channel: Int, _ excess: Float) {
        let bin = Int(((excess - Self.excessLowestDB) / Self.excessBinDB).rounded(.down))
        echoExcessCounts[channel][min(Self.excessBins - 1, max(0, bin))] += 1
        echoExcessTotal[channel] += 1
        echoIsBlurred[channel] = echoStandsWide(channel)
    }

    /// Whether `channel`'s echo stands wider over its prediction than on an uncompressed line
    /// (`CrosstalkConfiguration.pureEchoExcessQuartileDB`): false until `excessMinimumCount`
    /// echo-like frames are counted.
    private func echoStandsWide(_ channel: Int) -> Bool {
        let total = echoExcessTotal[channel]
        guard total >= Self.excessMinimumCount else { return false }
        var seen: Int32 = 0
        for bin in 0..<Self.excessBins {
            seen += echoExcessCounts[channel][bin]
            if 4 * seen >= 3 * total {
                let quartile = Self.excessLowestDB + (Float(bin) + 1) * Self.excessBinDB
                return quartile > configuration.pureEchoExcessQuartileDB
            }
        }
        return false
    }

    /// How far the current frame of `channel` stands over the echo predicted for it (see
    /// `CrosstalkConfiguration.doubleTalkExcessDB`): the mean, over the 4 sub-bands where it
    /// stands highest, of its power over the prediction, in dB.
    private func excessOverPredictedEcho(channel: Int) -> Float {
        let source = echoSource(channel: channel, delay: Int(echoPaths[channel].delayFrames.rounded()))
        let ratio = history[channel][cursor].power / (source * echoGain[channel] + noisePower[channel] + 1e-20)
        // The 4 largest ratios (as power ratios: the logarithm keeps their order), then their
        // mean in dB.
        var top = SIMD4<Float>(repeating: 0)
        for band in 0..<16 where ratio[band] > top[3] {
            var k = 3
            while k > 0 && ratio[band] > top[k - 1] {
                top[k] = top[k - 1]
                k -= 1
            }
            top[k] = ratio[band]
        }
        var decibels: Float = 0
        for k in 0..<4 { decibels += 10 * log10f(top[k] + 1e-12) }
        return decibels / 4
    }

    /// The sub-band power of the other channel's frames `delay` ±1 frames before the current
    /// one, the loudest in each sub-band (an echo's delay falls between frames).
    private func echoSource(channel: Int, delay: Int) -> SIMD16<Float> {
        var source = SIMD16<Float>()
        let last = max(0, min(delay + 1, filled - 1, lagFrames - 1))
        for lag in min(max(0, delay - 1), last)...last {
            let power = history[1 - channel][(cursor - lag + historyFrames) % historyFrames].power
            source.replace(with: power, where: power .> source)
        }
        return source
    }

    /// Sub-band power under which a frame is digital silence (-120 dB of full scale, the level
    /// features' floor): nothing was recorded, so it says nothing of the channel's noise.
    static let digitalSilencePower: Float = powf(10, FrameFeatures.silenceDBFS / 10)

    /// Lets `channel`'s sub-band noise rise, or fall to twice the frame's power, but not to
    /// digital silence: a noise of zero never rose again (a rise is a factor), and a recording
    /// that opens on 0.1 s of zeros (many recorders' first samples) had no noise to explain its
    /// echo by for the rest of the call: the agent's echo on a customer channel, 9 s of
    /// customer talk, read as 20 s. (Masks, not `pointwiseMin`, whose element-by-element loop
    /// cost 9 % of an 8 kHz call's analysis.)
    private mutating func trackNoise(_ channel: Int, _ power: SIMD16<Float>) {
        let risen = noisePower[channel] * noiseRise
        let doubled = power * 2
        noisePower[channel] = risen.replacing(with: doubled, where: (doubled .< risen) .& (power .> Self.digitalSilencePower))
    }

    private mutating func updateLongTerm(_ channel: Int, _ envelope: SIMD16<Float>) {
        // Running mean over the channel's first frames, then an exponential average (~2 s).
        longTermWeight[channel] = min(longTermWeight[channel] + 1, 200)
        let alpha = 1 / longTermWeight[channel]
        longTerm[channel] += (envelope - longTerm[channel]) * alpha
    }

    private static func logEnvelope(_ power: SIMD16<Float>) -> SIMD16<Float> {
        var result = SIMD16<Float>()
        for i in 0..<16 { result[i] = 10 * log10f(power[i] + 1e-12) }
        return result
    }

    /// `envelope` less its mean, scaled to unit length (zero when it is flat), so that the
    /// correlation of two of them is their dot product: standardised once when stored, not at
    /// each of the 26 delays it is compared at.
    private static func standardised(_ envelope: SIMD16<Float>) -> SIMD16<Float> {
        let deviation = envelope - envelope.sum() / 16
        let norm = (deviation * deviation).sum().squareRoot()
        return norm > 0 ? deviation / norm : SIMD16()
    }
}

/// The confident leak matches of one receiving channel, counted by delay. A held vowel matches
/// many delays almost equally, and a running mean of the matched delays settles between them
/// (on an evaluation call with a 150 ms echo, at 82 ms with a 15.6 dB loss for a 21.9 dB one):
/// the echo path's delay is the centre of the three adjacent delays with the most matches, and
/// its loss their mean gap.
struct EchoPathEstimate: Sendable {
    private var matches: [Int]
    private var gapSums: [Float]
    /// The learnt delay, in frames: the mean delay of the matches within a frame of the centre.
    private(set) var delayFrames: Float = 0
    /// The learnt return loss, in dB: the mean gap of the same matches.
    private(set) var lossDB: Float = 0
    /// How many matches the delay and loss rest on.
    private(set) var matchesAtDelay = 0

    init(lagFrames: Int) {
        matches = Array(repeating: 0, count: max(1, lagFrames))
        gapSums = Array(repeating: 0, count: max(1, lagFrames))
    }

    /// Adds a confident match at delay `lag` (frames), `gapDB` quieter than its source.
    mutating func add(lag: Int, gapDB: Float) {
        guard matches.indices.contains(lag) else { return }
        matches[lag] += 1
        gapSums[lag] += gapDB
        func window(_ centre: Int) -> ClosedRange<Int> { max(0, centre - 1)...min(matches.count - 1, centre + 1) }
        var centre = 0
        var most = -1
        for candidate in matches.indices {
            let count = window(candidate).reduce(0) { $0 + matches[$1] }
            if count > most {
                most = count
                centre = candidate
            }
        }
        var lagSum: Float = 0
        var gapSum: Float = 0
        for delay in window(centre) {
            lagSum += Float(delay * matches[delay])
            gapSum += gapSums[delay]
        }
        matchesAtDelay = most
        delayFrames = lagSum / Float(most)
        lossDB = gapSum / Float(most)
    }
}
