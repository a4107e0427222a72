#if canImport(Glibc)
import Glibc
#endif

/// Whether a stretch of a channel sounds like recorded music rather than a voice: the features of
/// every second frame (`frameStep`) of the last `windowFrames` frames (3 s), taken every
/// `strideFrames` frames (0.4 s) and scored, when a decision asks for them, by a small
/// gradient-boosted model (`MusicModel`, trained by `scripts/train-music-model`).
///
/// A voice rises and falls with its syllables, falls towards the floor between words, and moves its
/// formants across the spectrum; music (held chords, a beat, a lead over a pad) keeps most bands
/// busy with a steadier level and spectral shape. The features, over the window:
///
/// 0. the share of frames whose speech-band power is under half the window's mean power;
/// 1. the share of frames whose `FrameFeatures.spectralStability` is at least 0.7;
/// 2. the mean spectral stability;
/// 3. the standard deviation of the speech-band level (dB);
/// 4. the mean over the 16 sub-bands of the standard deviation of the sub-band's level relative
///    to the frame's mean sub-band level (how much the spectral shape moves);
/// 5. the mean absolute change of that relative level from one frame to the next;
/// 6. the mean over the sub-bands of the standard deviation of the sub-band's level;
/// 7. the mean of the four largest of those deviations (a voice over steady noise still moves the
///    bands its formants cross);
/// 8. the mean of the four largest deviations of the relative levels;
/// 9. the mean of the four smallest deviations of the sub-band levels;
/// 10. the standard deviation of the speech-band level (dB) over the window's quietest fifth of
///     frames (its background): a voice over steady noise, a drone or hum falls back to the same
///     background between its words; music's quietest moments are other notes, at other levels;
/// 11. the mean over the sub-bands of the standard deviation, over that quietest fifth, of the
///     sub-band's level relative to the frame's mean sub-band level: how much the background's
///     spectral shape moves.
///
/// Streaming: a ring of the window's frames (20 numbers each) and running sums; the frames are
/// pushed as `observe` sees them, ahead of the decisions, and each window's features are kept by
/// the window's last frame for `isInMusicRun(frame:lastPushed:model:runWindows:)`, which scores a window the
/// first time it is asked for (quiet frames never ask).
struct MusicEvidence: Sendable {
    static let featureCount = 12

    /// The evidence takes every `frameStep`-th frame (every 20 ms): a 3 s window's statistics
    /// hardly change, and the cost halves (with every frame, the evidence cost 22 % of an 8 kHz
    /// call's time and 12 % of a 16 kHz one's).
    static let frameStep = 2
    /// Windows are kept every this many frames for a window of `window` frames (every 0.4 s for
    /// 3 s): each kept window costs a pass over its frames.
    static func strideFrames(window: Int) -> Int { max(frameStep, window * 2 / 15 / frameStep * frameStep) }
    static let bands = FrameFeatures.subbandCount
    /// A window whose mean speech-band level is under this is not scored (dBFS).
    static let minimumMeanLevelDBFS: Float = -55

    /// The window, its stride and the step between the frames taken, in frames.
    let windowFrames: Int
    let strideFrames: Int
    let step: Int
    /// The window and the stride in frames taken (`windowFrames / step`, `strideFrames / step`):
    /// the units of the ring and of the kept windows' ends.
    private let length: Int
    private let every: Int
    /// One frame of the ring: the sub-band levels (dB), their mean, the speech-band level (dB)
    /// and power, the spectral stability, and the mean absolute change of the relative sub-band
    /// levels from the frame before. (One array of these, not one array per number: each array
    /// written per frame paid a uniqueness check.)
    private struct Slot {
        var levels = SIMD16<Float>()
        var meanLevel: Float = 0
        var bandLevel: Float = 0
        var bandPower: Float = 0
        var stability: Float = 0
        var flux: Float = 0
    }
    private var ring: [Slot]
    private var count = 0
    private var lastRelative = SIMD16<Float>()
    /// Running sums over the ring. The sub-band sums are single precision (16 lanes in one or two
    /// vector operations), summed afresh from the ring once per window so that rounding never
    /// accumulates.
    private var levelSum = SIMD16<Float>()
    private var levelSquareSum = SIMD16<Float>()
    private var relativeSum = SIMD16<Float>()
    private var relativeSquareSum = SIMD16<Float>()
    private var bandLevelSum: Double = 0
    private var bandLevelSquareSum: Double = 0
    private var bandPowerSum: Double = 0
    private var stabilitySum: Double = 0
    private var stableCount = 0
    private var fluxSum: Double = 0
    /// The windows ending at multiples of `strideFrames`, by slot `(end / strideFrames) %
    /// scores.count`: each window's end, its features (`featureCount` a slot), and its score
    /// (NaN until asked for; -infinity for a window not scored: quiet, or not yet full).
    private var scoreEnds: [Int]
    private var windowFeatures: [Float]
    private var scores: [Float]
    /// Each kept window's median speech-band level (dBFS), by the same slots.
    private var medianLevels: [Float]

    /// - Parameters:
    ///   - windowFrames: Frames per window (3 s).
    ///   - strideFrames: A window is scored every this many frames.
    ///   - keptFrames: How far back window scores must stay available (the look-ahead plus a
    ///     window).
    ///   - step: Every this many frames is taken (`frameStep`); `strideFrames` is a multiple of it.
    init(windowFrames: Int, strideFrames: Int, keptFrames: Int, step: Int = MusicEvidence.frameStep) {
        precondition(step > 0 && windowFrames / step > 1 && strideFrames >= step && strideFrames % step == 0)
        self.windowFrames = windowFrames
        self.strideFrames = strideFrames
        self.step = step
        length = windowFrames / step
        every = strideFrames / step
        ring = Array(repeating: Slot(), count: length)
        let slots = keptFrames / strideFrames + 2
        scores = Array(repeating: -.infinity, count: slots)
        medianLevels = Array(repeating: -.infinity, count: slots)
        scoreEnds = Array(repeating: Int.min, count: slots)
        windowFeatures = Array(repeating: 0, count: slots * Self.featureCount)
    }

    /// 10 log10 of each lane (x > 0), within about 0.02 dB: the exponent from the bit pattern and
    /// a quadratic for the mantissa's log.
    @inline(__always)
    static func decibels(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let bits = unsafeBitCast(x, to: SIMD16<UInt32>.self)
        let exponent = SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: bits &>> 23) &- 127)
        let mantissa = unsafeBitCast((bits & 0x007F_FFFF) | 0x3F80_0000, to: SIMD16<Float>.self)
        let log2Mantissa = (-0.344_848_43 * mantissa + 2.024_665_78) * mantissa - 1.674_877_59
        return 3.010_299_96 * (exponent + log2Mantissa)
    }

    /// Adds frame `features.index` (frames in order, none skipped; those between the steps are
    /// passed over); every `strideFrames` frames, once the window is full, keeps its features.
    /// `power` is the frame's speech-band power (linear), `10^(speechBandDBFS / 10)`.
    mutating func push(_ features: FrameFeatures, power: Float) {
        guard features.index % step == 0 else { return }
        let index = features.index / step
        let slot = index % length
        let level = Self.decibels(features.subbandPower + 1e-12)
        let mean = level.sum() / Float(Self.bands)
        let relative = level - mean
        let change = relative - lastRelative
        let flux = count == 0 ? 0 : change.replacing(with: -change, where: change .< 0).sum() / Float(Self.bands)
        lastRelative = relative
        if count == length {
            let leaving = ring[slot]
            let old = leaving.levels
            let oldRelative = leaving.levels - leaving.meanLevel
            levelSum -= old
            levelSquareSum -= old * old
            relativeSum -= oldRelative
            relativeSquareSum -= oldRelative * oldRelative
            bandLevelSum -= Double(leaving.bandLevel)
            bandLevelSquareSum -= Double(leaving.bandLevel) * Double(leaving.bandLevel)
            bandPowerSum -= Double(leaving.bandPower)
            stabilitySum -= Double(leaving.stability)
            if leaving.stability >= 0.7 { stableCount -= 1 }
            fluxSum -= Double(leaving.flux)
        } else {
            count += 1
        }
        ring[slot] = Slot(
            levels: level, meanLevel: mean, bandLevel: features.speechBandDBFS, bandPower: power,
            stability: features.spectralStability, flux: flux)
        levelSum += level
        levelSquareSum += level * level
        relativeSum += relative
        relativeSquareSum += relative * relative
        if slot == length - 1 && count == length {
            levelSum = SIMD16()
            levelSquareSum = SIMD16()
            relativeSum = SIMD16()
            relativeSquareSum = SIMD16()
            for frame in ring {
                let shape = frame.levels - frame.meanLevel
                levelSum += frame.levels
                levelSquareSum += frame.levels * frame.levels
                relativeSum += shape
                relativeSquareSum += shape * shape
            }
        }
        bandLevelSum += Double(features.speechBandDBFS)
        bandLevelSquareSum += Double(features.speechBandDBFS) * Double(features.speechBandDBFS)
        bandPowerSum += Double(power)
        stabilitySum += Double(features.spectralStability)
        if features.spectralStability >= 0.7 { stableCount += 1 }
        fluxSum += Double(flux)
        guard count == length, (index + 1) % every == 0 else { return }
        let scoreSlot = (index / every) % scores.count
        scoreEnds[scoreSlot] = index
        let median = withUnsafeTemporaryAllocation(of: Float.self, capacity: Self.featureCount) { scratch -> Float? in
            guard let median = writeFeatures(into: scratch) else { return nil }
            for k in 0..<Self.featureCount { windowFeatures[scoreSlot * Self.featureCount + k] = scratch[k] }
            return median
        }
        scores[scoreSlot] = median == nil ? -.infinity : .nan
        medianLevels[scoreSlot] = median ?? -.infinity
    }

    /// The features of the window ending at the last frame pushed (see the type's description),
    /// or nil when the window is not full or its mean level is under `minimumMeanLevelDBFS`.
    func currentFeatures() -> [Float]? {
        var features = [Float](repeating: 0, count: Self.featureCount)
        let kept = features.withUnsafeMutableBufferPointer { writeFeatures(into: $0) } != nil
        return kept ? features : nil
    }

    /// Writes the features of the window ending at the last frame pushed into the first
    /// `featureCount` elements of `out` and returns the window's median speech-band level (dBFS);
    /// nil (nothing written) when the window is not full or its mean level is under
    /// `minimumMeanLevelDBFS`. Allocates nothing.
    private func writeFeatures(into out: UnsafeMutableBufferPointer<Float>) -> Float? {
        guard count == length else { return nil }
        let n = Double(length)
        let meanBandLevel = bandLevelSum / n
        // Frames without a spectrum (all sub-bands empty: frames made up in tests) are not scored.
        guard meanBandLevel >= Double(Self.minimumMeanLevelDBFS), Double(levelSum.sum()) / (n * Double(Self.bands)) > -110
        else { return nil }
        let halfMeanPower = Float(0.5 * bandPowerSum / n)
        var low = 0
        for frame in ring where frame.bandPower < halfMeanPower { low += 1 }
        func deviations(_ sum: SIMD16<Float>, _ squareSum: SIMD16<Float>) -> SIMD16<Float> {
            let mean = SIMD16<Double>(sum) / n
            let variance = SIMD16<Double>(squareSum) / n - mean * mean
            return SIMD16<Float>(variance.replacing(with: 0, where: variance .< 0).squareRoot())
        }
        let bandDeviations = deviations(levelSum, levelSquareSum)
        let shapeDeviations = deviations(relativeSum, relativeSquareSum)
        /// The mean of the four largest and of the four smallest lanes (sorted in a scratch buffer:
        /// a sort over the vector's lanes cost 5 % of a call).
        func extremes(_ lanes: SIMD16<Float>) -> (largest: Float, smallest: Float) {
            withUnsafeTemporaryAllocation(of: Float.self, capacity: Self.bands) { sorted in
                for i in 0..<Self.bands {
                    let value = lanes[i]
                    var j = i
                    while j > 0 && sorted[j - 1] > value {
                        sorted[j] = sorted[j - 1]
                        j -= 1
                    }
                    sorted[j] = value
                }
                return ((sorted[12] + sorted[13] + sorted[14] + sorted[15]) / 4, (sorted[0] + sorted[1] + sorted[2] + sorted[3]) / 4)
            }
        }
        let band = extremes(bandDeviations)
        let bandCount = Float(Self.bands)
        out[0] = Float(low) / Float(length)
        out[1] = Float(stableCount) / Float(length)
        out[2] = Float(stabilitySum / n)
        out[3] = Float(max(0, bandLevelSquareSum / n - meanBandLevel * meanBandLevel).squareRoot())
        out[4] = shapeDeviations.sum() / bandCount
        out[5] = Float(fluxSum / n)
        out[6] = bandDeviations.sum() / bandCount
        out[7] = band.largest
        out[8] = extremes(shapeDeviations).largest
        out[9] = band.smallest
        return writeBackgroundFeatures(into: out)
    }

    /// Features 10 and 11: the level spread and the spectral-shape spread of the window's quietest
    /// fifth of frames (by speech-band power; frames tied with the fifth's loudest are included).
    /// Returns the window's median speech-band level (dBFS).
    private func writeBackgroundFeatures(into out: UnsafeMutableBufferPointer<Float>) -> Float {
        let quietCount = max(2, length / 5)
        let (limit, median) = withUnsafeTemporaryAllocation(of: Float.self, capacity: length) { powers -> (Float, Float) in
            for (i, frame) in ring.enumerated() { powers[i] = frame.bandPower }
            // Two selections, not a sort (a sort of every window cost 10 % of a call).
            let median = Self.select(length / 2, in: powers, below: length)
            return (Self.select(quietCount - 1, in: powers, below: length / 2), median)
        }
        var n = 0.0
        var levelSum = 0.0
        var levelSquareSum = 0.0
        var shapeSum = SIMD16<Float>()
        var shapeSquareSum = SIMD16<Float>()
        for frame in ring where frame.bandPower <= limit {
            n += 1
            levelSum += Double(frame.bandLevel)
            levelSquareSum += Double(frame.bandLevel) * Double(frame.bandLevel)
            let shape = frame.levels - frame.meanLevel
            shapeSum += shape
            shapeSquareSum += shape * shape
        }
        let meanLevel = levelSum / n
        out[10] = Float(max(0, levelSquareSum / n - meanLevel * meanLevel).squareRoot())
        let meanShape = shapeSum / Float(n)
        let variance = shapeSquareSum / Float(n) - meanShape * meanShape
        out[11] = variance.replacing(with: 0, where: variance .< 0).squareRoot().sum() / Float(Self.bands)
        return 10 * log10f(max(median, 1e-12))
    }

    /// The score of the window ending at `end` (on the stride grid), or a number on the same side
    /// of the model's threshold and of `low` (`MusicModel.verdictScore`); -infinity when that
    /// window was not scored or is no longer kept. Scored by `model` the first time (a detector
    /// asks with one `low` throughout).
    private mutating func score(end: Int, model: MusicModel, low: Float) -> Float {
        guard end >= 0 else { return -.infinity }
        let slot = (end / every) % scores.count
        guard scoreEnds[slot] == end else { return -.infinity }
        if scores[slot].isNaN {
            scores[slot] = windowFeatures.withUnsafeBufferPointer {
                model.verdictScore(UnsafeBufferPointer(rebasing: $0[(slot * Self.featureCount)..<((slot + 1) * Self.featureCount)]), low: low)
            }
        }
        return scores[slot]
    }

    /// The `k`-th smallest of the first `count` values (k < count), found by partitioning them in
    /// place (Hoare's selection): afterwards the first `k` values are at most it.
    static func select(_ k: Int, in values: UnsafeMutableBufferPointer<Float>, below count: Int) -> Float {
        var low = 0
        var high = count - 1
        while low < high {
            let pivot = values[(low + high) / 2]
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return values[k]
            }
        }
        return values[k]
    }

    /// Whether `frame`, once pushed, ends a window that is kept (the collector's windows are the
    /// detector's).
    func isWindowEnd(frame: Int) -> Bool {
        frame % step == 0 && (frame / step + 1) % every == 0
    }

    /// The last taken frame of the window centred on `frame` (see `isInMusicRun`), counted in
    /// taken frames.
    private func centredEnd(frame: Int, lastPushed: Int) -> Int {
        // The first frames, before the first kept window's centre, take that window: the first
        // end on the stride grid at which the window is full (rounded up, not down: the end
        // before it is a window not yet full, never scored, and the first 1.7 s of music were
        // judged without the model).
        let end = min(frame / step + length / 2, lastPushed / step)
        return max((end + 1) / every * every - 1, (length + every - 1) / every * every - 1)
    }

    /// The median speech-band level (dBFS) of the window centred on `frame` (as `isInMusicRun`
    /// takes it); -infinity when that window was not kept.
    func medianLevel(around frame: Int, lastPushed: Int) -> Float {
        let end = centredEnd(frame: frame, lastPushed: lastPushed)
        guard end >= 0 else { return -.infinity }
        let slot = (end / every) % scores.count
        return scoreEnds[slot] == end ? medianLevels[slot] : -.infinity
    }

    /// Whether the window centred on `frame` (the one ending `windowFrames / 2` frames later, on
    /// the stride grid; the first window for the frames before its centre, and the last window
    /// kept when the stream has not reached that far) is music: one of a run of at least
    /// `runWindows` consecutive windows that `model` scores over its threshold (music holds for
    /// seconds on end, while a voice's windows that look like music come alone or in short runs),
    /// or a window scored over `threshold - extendMargin` joined to such a run by windows scored
    /// so too, within `extendWindows` windows of the run (a quieter bar or a fill between runs).
    mutating func isInMusicRun(
        frame: Int, lastPushed: Int, model: MusicModel, runWindows: Int, extendMargin: Float = 0, extendWindows: Int = 0
    ) -> Bool {
        let low = model.threshold - max(0, extendMargin)
        let end = centredEnd(frame: frame, lastPushed: lastPushed)
        guard score(end: end, model: model, low: low) > low else { return false }
        // The stretch of windows over `low` around this one (far enough either way to hold a run
        // that starts `extendWindows` away), then whether it holds `runWindows` consecutive
        // windows over the threshold.
        let reach = runWindows - 1 + (low < model.threshold ? max(0, extendWindows) : 0)
        var first = end
        while (end - first) / every < reach, score(end: first - every, model: model, low: low) > low { first -= every }
        var last = end
        while (last - end) / every < reach, last + every <= lastPushed / step,
            score(end: last + every, model: model, low: low) > low
        {
            last += every
        }
        var run = 0
        var window = first
        while window <= last {
            if score(end: window, model: model, low: low) > model.threshold {
                run += 1
                if run >= runWindows { return true }
            } else {
                run = 0
            }
            window += every
        }
        return false
    }
}

/// The `MusicEvidence` features of every scored window of one channel, for training and checking
/// `MusicModel` (`callqa music-features`, `scripts/train-music-model`): the same frames and the
/// same features the speech detector scores.
public struct MusicFeatureCollector {
    /// One window: the index of its last frame and its features.
    public struct Window: Sendable, Hashable {
        public var endFrame: Int
        public var features: [Float]
    }

    private let analyzer: FrameAnalyzer
    private var evidence: MusicEvidence
    public private(set) var windows: [Window] = []

    /// For a channel sampled at `sampleRate` Hz, with the detector's default window.
    public init(sampleRate: Double, configuration: AnalysisConfiguration = AnalysisConfiguration()) {
        analyzer = FrameAnalyzer(sampleRate: sampleRate, configuration: configuration.frame)
        let window = max(2, Int((configuration.activity.recordedMusicWindowSeconds / analyzer.hopSeconds).rounded()))
        evidence = MusicEvidence(windowFrames: window, strideFrames: MusicEvidence.strideFrames(window: window), keptFrames: window)
    }

    /// Adds samples (full scale ±1).
    public mutating func process(_ samples: UnsafeBufferPointer<Float>) {
        analyzer.process(samples) { frame in
            evidence.push(frame, power: powf(10, frame.speechBandDBFS / 10))
            if evidence.isWindowEnd(frame: frame.index), let features = evidence.currentFeatures() {
                windows.append(Window(endFrame: frame.index, features: features))
            }
        }
    }
}
