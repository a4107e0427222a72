#if canImport(Glibc)
import Glibc
#endif

/// Streaming loudness and level meter for one channel, measured as a mono programme (weight 1.0):
/// BS.1770-4 integrated loudness, EBU Tech 3342 loudness range, maximum momentary and
/// short-term loudness, true and sample peak, clipping, P.56 active speech level and per-second
/// level. The P.56 level, the per-second level, the noise floor and the SNR are measured after a
/// `DCBlocker` (20 Hz), so a DC offset does not raise them; loudness is K-weighted (its 38 Hz
/// high-pass removes DC) and the peaks and clipping are those of the samples as recorded.
/// Memory: two `Float`s per 100 ms of audio (36,000 per hour) and the P.56 totals once a second
/// (18 numbers); no samples are kept.
public struct LoudnessMeter: Sendable {
    /// Sample rate, in Hz.
    public let sampleRate: Double
    private var shelf: Biquad
    private var highPass: Biquad
    /// Removes DC from the samples of the unweighted levels (P.56, per second, noise floor).
    private var dcBlocker: DCBlocker
    private let subBlockLength: Int
    private var subBlockFill = 0
    private var weightedSum = 0.0
    private var rawSum = 0.0
    /// Sum of the squares of the unweighted samples of the finished sub-blocks (with `rawSum`:
    /// of all samples, the energy of the P.56 level).
    private var rawTotal = 0.0
    /// Mean square of the K-weighted signal per 100 ms sub-block.
    private var weightedBlocks: [Float] = []
    /// Mean square of the unweighted signal per 100 ms sub-block.
    private var rawBlocks: [Float] = []
    private var truePeak = TruePeakDetector()
    private var speechLevel: ActiveSpeechLevel
    private var samplePeak: Float = 0
    /// Samples at or above this magnitude count as clipped.
    private let clippingThreshold: Float
    private var clipRun = 0
    private var clippedRuns = 0
    private var clippedSamples = 0
    /// The value of the samples of the open clipping run that repeat the same value, and how
    /// many there are (see `LoudnessMeasurement.stuckSeconds`).
    private var stuckValue: Float = 0
    private var stuckRun = 0
    /// Samples in runs stuck at one value at full scale for at least `stuckMinimumRun`.
    private var stuckSamples = 0
    private let stuckMinimumRun: Int
    private var totalSamples = 0

    /// Creates a meter for a channel sampled at `sampleRate` Hz whose encoding carries
    /// magnitudes up to `loudestSample` (full scale ±1; below 1 for G.711, see
    /// `AnalysisConfiguration.loudestSample`): clipping is counted against it.
    public init(sampleRate: Double, mode: KWeightingMode = .exact, loudestSample: Float = 1) {
        self.sampleRate = sampleRate
        clippingThreshold = LoudnessMeasurement.clippingThreshold * min(1, max(0.5, loudestSample))
        stuckMinimumRun = max(LoudnessMeasurement.clippingMinimumRun, Int((LoudnessMeasurement.stuckMinimumSeconds * sampleRate).rounded()))
        let filter = KWeighting.design(sampleRate: sampleRate, mode: mode)
        shelf = filter.shelf
        highPass = filter.highPass
        dcBlocker = DCBlocker(sampleRate: sampleRate)
        subBlockLength = max(1, Int((0.1 * sampleRate).rounded()))
        speechLevel = ActiveSpeechLevel(sampleRate: sampleRate)
    }

    /// Measures the next samples (full scale ±1), any block size.
    public mutating func process(_ samples: UnsafeBufferPointer<Float>) {
        measurePeaks(samples)
        guard let first = samples.first else { return }
        // One pass: K-weighting, the DC blocker and the P.56 envelope (the level's state is
        // borrowed into the loop, so its arrays are not copied).
        var level = ActiveSpeechLevel.placeholder
        swap(&level, &speechLevel)
        var shelf = self.shelf, highPass = self.highPass, blocker = dcBlocker
        blocker.prime(Double(first))
        var weighted = weightedSum, raw = rawSum, rawTotal = self.rawTotal
        var group = ActiveSpeechLevel.Group(level)
        forEachSubBlock(count: samples.count) { range in
            for i in range {
                let x = Double(samples[i])
                let y = highPass.process(shelf.process(x))
                weighted += y * y
                let d = blocker.process(x)
                raw += d * d
                if group.add(SIMD2(d, 0)) { level.flush(&group, lane: 0, energy: rawTotal + raw) }
            }
        } closeSubBlock: { meter in
            rawTotal += raw
            meter.closeSubBlock(weighted: &weighted, raw: &raw)
        }
        level.flush(&group, lane: 0, energy: rawTotal + raw)
        self.rawTotal = rawTotal
        swap(&level, &speechLevel)
        self.shelf = shelf
        self.highPass = highPass
        dcBlocker = blocker
        weightedSum = weighted
        rawSum = raw
    }

    /// Measures the next samples of two channels of the same rate at once (both must have
    /// received the same number of samples so far): the two K-weighting filter chains run in one
    /// loop, so the processor overlaps their latencies. Same results as two `process` calls.
    public static func process(
        _ a: inout LoudnessMeter, _ b: inout LoudnessMeter,
        _ x: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>
    ) {
        guard x.count == y.count, a.sampleRate == b.sampleRate, a.totalSamples == b.totalSamples else {
            a.process(x)
            b.process(y)
            return
        }
        guard let firstX = x.first, let firstY = y.first else { return }
        // One pass over both channels: K-weighting, the DC blockers, the P.56 envelopes and the
        // sample peaks, so the processor overlaps the latencies of all these recursions.
        var blocker = DCBlockerPair(&a.dcBlocker, &b.dcBlocker, priming: SIMD2(Double(firstX), Double(firstY)))
        var levelA = ActiveSpeechLevel.placeholder, levelB = ActiveSpeechLevel.placeholder
        swap(&levelA, &a.speechLevel)
        swap(&levelB, &b.speechLevel)
        var shelf = BiquadPair(a.shelf, b.shelf), highPass = BiquadPair(a.highPass, b.highPass)
        var weighted = SIMD2(a.weightedSum, b.weightedSum), raw = SIMD2(a.rawSum, b.rawSum)
        var peakX: Float = 0, peakY: Float = 0
        var group = ActiveSpeechLevel.Group(levelA)
        var rawTotal = SIMD2(a.rawTotal, b.rawTotal)
        var fill = a.subBlockFill
        let length = a.subBlockLength
        var index = 0
        while index < x.count {
            let end = min(x.count, index + (length - fill))
            for i in index..<end {
                let xs = x[i], ys = y[i]
                let ax = abs(xs), ay = abs(ys)
                if ax > peakX { peakX = ax }
                if ay > peakY { peakY = ay }
                let u = SIMD2(Double(xs), Double(ys))
                let p = highPass.process(shelf.process(u))
                weighted += p * p
                let d = blocker.process(u)
                raw += d * d
                if group.add(d) {  // both meters have taken the same number of samples
                    let energy = rawTotal + raw
                    levelA.flush(&group, lane: 0, energy: energy[0], restart: false)
                    levelB.flush(&group, lane: 1, energy: energy[1])
                }
            }
            fill += end - index
            index = end
            if fill == length {
                rawTotal += raw
                var (weightedA, rawA, weightedB, rawB) = (weighted[0], raw[0], weighted[1], raw[1])
                a.closeSubBlock(weighted: &weightedA, raw: &rawA)
                b.closeSubBlock(weighted: &weightedB, raw: &rawB)
                (weighted, raw) = (SIMD2(weightedA, weightedB), SIMD2(rawA, rawB))
                fill = 0
            }
        }
        let energy = rawTotal + raw
        levelA.flush(&group, lane: 0, energy: energy[0], restart: false)
        levelB.flush(&group, lane: 1, energy: energy[1])
        (a.rawTotal, b.rawTotal) = (rawTotal[0], rawTotal[1])
        swap(&levelA, &a.speechLevel)
        swap(&levelB, &b.speechLevel)
        a.subBlockFill = fill
        b.subBlockFill = fill
        shelf.store(into: &a.shelf, &b.shelf)
        highPass.store(into: &a.highPass, &b.highPass)
        blocker.store(into: &a.dcBlocker, &b.dcBlocker)
        (a.weightedSum, a.rawSum, b.weightedSum, b.rawSum) = (weighted[0], raw[0], weighted[1], raw[1])
        a.measurePeaks(x, knownPeak: peakX)
        b.measurePeaks(y, knownPeak: peakY)
    }

    /// Splits the next `count` samples at 100 ms sub-block boundaries: `body` filters a range,
    /// `closeSubBlock` stores a finished sub-block.
    private mutating func forEachSubBlock(
        count: Int, _ body: (Range<Int>) -> Void, closeSubBlock: (inout LoudnessMeter) -> Void
    ) {
        var index = 0
        while index < count {
            let end = min(count, index + (subBlockLength - subBlockFill))
            body(index..<end)
            subBlockFill += end - index
            index = end
            if subBlockFill == subBlockLength {
                closeSubBlock(&self)
                subBlockFill = 0
            }
        }
    }

    private mutating func closeSubBlock(weighted: inout Double, raw: inout Double) {
        weightedBlocks.append(Float(weighted / Double(subBlockLength)))
        rawBlocks.append(Float(raw / Double(subBlockLength)))
        weighted = 0
        raw = 0
    }

    /// True peak, sample peak and clipping of the next samples (`knownPeak`: their sample peak,
    /// when already measured).
    private mutating func measurePeaks(_ samples: UnsafeBufferPointer<Float>, knownPeak: Float? = nil) {
        let peak = truePeak.process(samples, knownPeak: knownPeak)
        totalSamples += samples.count
        samplePeak = max(samplePeak, peak)
        let threshold = clippingThreshold
        if peak >= threshold || clipRun > 0 {
            for sample in samples {
                if abs(sample) >= threshold {
                    if sample != stuckValue || stuckRun == 0 {
                        closeStuckRun()
                        stuckValue = sample
                    }
                    stuckRun += 1
                    clipRun += 1
                } else if clipRun > 0 {
                    closeStuckRun()
                    closeClipRun()
                }
            }
        }
    }

    /// Convenience for an array.
    public mutating func process(_ samples: [Float]) {
        samples.withUnsafeBufferPointer { process($0) }
    }

    /// Ends the run of one repeated value inside the open clipping run: one of at least
    /// `stuckMinimumRun` samples is no clipping, and splits the clipping run around it.
    private mutating func closeStuckRun() {
        if stuckRun >= stuckMinimumRun {
            stuckSamples += stuckRun
            clipRun -= stuckRun
            closeClipRun()
        }
        stuckRun = 0
    }

    private mutating func closeClipRun() {
        if clipRun >= LoudnessMeasurement.clippingMinimumRun {
            clippedRuns += 1
            clippedSamples += clipRun
        }
        clipRun = 0
    }

    /// The measurements of everything processed so far; the active speech level without the
    /// whole seconds inside `hold` (seconds, sorted and disjoint: hold music, ring-back).
    public func finish(hold: [TimeSpan] = []) -> LoudnessMeasurement {
        var copy = self
        if copy.clipRun > 0 {
            copy.closeStuckRun()
            copy.closeClipRun()
        }
        let momentary = Self.windowed(weightedBlocks, length: 4)
        let shortTerm = Self.windowed(weightedBlocks, length: 30)
        let seconds = stride(from: 0, to: rawBlocks.count - 9, by: 10).map { start -> Double? in
            let mean = rawBlocks[start..<(start + 10)].reduce(0.0) { $0 + Double($1) } / 10
            return mean > 0 ? 10 * log10(mean) : nil
        }
        return LoudnessMeasurement(
            integratedLUFS: Self.gatedLoudness(momentary, relativeGateLU: -10),
            loudnessRangeLU: Self.loudnessRange(shortTerm),
            loudnessRangeReliable: Double(totalSamples) / sampleRate >= 60,
            maxMomentaryLUFS: momentary.max().flatMap(Self.loudness),
            maxShortTermLUFS: shortTerm.max().flatMap(Self.loudness),
            truePeakDBTP: truePeak.truePeakDBTP,
            samplePeakDBFS: samplePeak > 0 ? 20 * log10(Double(samplePeak)) : nil,
            clippedRuns: copy.clippedRuns,
            clippedSeconds: Double(copy.clippedSamples) / sampleRate,
            stuckSeconds: Double(copy.stuckSamples) / sampleRate,
            activeSpeechLevelDBFS: hold.isEmpty ? speechLevel.levelDBFS : speechLevel.levelDBFS(excluding: hold, sampleRate: sampleRate),
            levelPerSecondDBFS: seconds)
    }

    /// Levels that depend on the speech spans (seconds, sorted and disjoint): speech loudness,
    /// noise floor and SNR. One sweep over the blocks and spans. The noise floor leaves out the
    /// `hold` spans too (sorted and disjoint): music and ring-back are no line noise.
    public func speechLevels(speech: [TimeSpan], hold: [TimeSpan] = []) -> SpeechLevels {
        let momentary = Self.windowed(weightedBlocks, length: 4)
        var speechBlocks: [Double] = []
        var cursor = 0
        for (index, value) in momentary.enumerated() {
            let center = Double(index) * 0.1 + 0.2
            while cursor < speech.count, speech[cursor].endSeconds <= center { cursor += 1 }
            if cursor < speech.count, speech[cursor].startSeconds <= center { speechBlocks.append(value) }
        }
        let speechLoudness = Self.gatedLoudness(speechBlocks, relativeGateLU: -10)
        let guardSeconds = 0.2
        var noise = 0.0, noiseCount = 0, voiced = 0.0, voicedCount = 0
        cursor = 0
        var held = 0
        for (index, value) in rawBlocks.enumerated() {
            let start = Double(index) * 0.1, end = start + 0.1
            // Skip spans that end (with their guard) before this block.
            while cursor < speech.count, speech[cursor].endSeconds + guardSeconds <= start { cursor += 1 }
            var nearSpeech = false, insideSpeech = false
            var next = cursor
            while next < speech.count, speech[next].startSeconds - guardSeconds < end {
                nearSpeech = true
                if speech[next].startSeconds <= start && end <= speech[next].endSeconds { insideSpeech = true }
                next += 1
            }
            if insideSpeech {
                voiced += Double(value)
                voicedCount += 1
            } else if !nearSpeech {
                while held < hold.count, hold[held].endSeconds + guardSeconds <= start { held += 1 }
                if held < hold.count, hold[held].startSeconds - guardSeconds < end { continue }
                noise += Double(value)
                noiseCount += 1
            }
        }
        let noiseMean = noiseCount > 0 ? noise / Double(noiseCount) : 0
        let noiseFloor = noiseMean > 0 ? 10 * log10(noiseMean) : nil
        var snr: Double?
        if let noiseFloor, voicedCount > 0, voiced > 0 {
            snr = 10 * log10(voiced / Double(voicedCount)) - noiseFloor
        }
        return SpeechLevels(speechLoudnessLUFS: speechLoudness, noiseFloorDBFS: noiseFloor, snrDB: snr)
    }

    /// BS.1770 loudness of a multichannel programme from one meter per channel (all fed the same
    /// number of samples at the same rate), each channel's mean square weighted by `weights`
    /// (BS.1770-4 Table 3: 1.0 for L, R and C, 1.41 for the surround channels). callqa reports
    /// each party as a mono programme; this is for programmes such as the EBU 5.0 test case.
    /// `nil` when the meters disagree in rate or length.
    public static func programme(_ meters: [LoudnessMeter], weights: [Double]) -> ProgrammeLoudness? {
        guard let first = meters.first, meters.count == weights.count,
            meters.allSatisfy({ $0.sampleRate == first.sampleRate && $0.weightedBlocks.count == first.weightedBlocks.count })
        else { return nil }
        var blocks = [Float](repeating: 0, count: first.weightedBlocks.count)
        for (meter, weight) in zip(meters, weights) {
            for index in blocks.indices { blocks[index] += Float(weight) * meter.weightedBlocks[index] }
        }
        let momentary = windowed(blocks, length: 4)
        let shortTerm = windowed(blocks, length: 30)
        return ProgrammeLoudness(
            integratedLUFS: gatedLoudness(momentary, relativeGateLU: -10),
            loudnessRangeLU: loudnessRange(shortTerm),
            momentaryLUFS: momentary.map(loudness),
            shortTermLUFS: shortTerm.map(loudness))
    }

    /// Mean squares of windows of `length` sub-blocks, advancing one sub-block (100 ms) at a time.
    static func windowed(_ blocks: [Float], length: Int) -> [Double] {
        guard blocks.count >= length else { return [] }
        var result: [Double] = []
        result.reserveCapacity(blocks.count - length + 1)
        var sum = blocks[0..<length].reduce(0.0) { $0 + Double($1) }
        result.append(sum / Double(length))
        for index in length..<blocks.count {
            sum += Double(blocks[index]) - Double(blocks[index - length])
            result.append(max(0, sum) / Double(length))
        }
        return result
    }

    /// Loudness of a mean square, in LUFS (BS.1770: -0.691 + 10 log10).
    static func loudness(_ meanSquare: Double) -> Double? {
        meanSquare > 0 ? -0.691 + 10 * log10(meanSquare) : nil
    }

    /// BS.1770 gating: absolute gate -70 LUFS, then a relative gate `relativeGateLU` below the
    /// loudness of the blocks that passed it.
    static func gatedLoudness(_ blocks: [Double], relativeGateLU: Double) -> Double? {
        let absolute = blocks.filter { (loudness($0) ?? -.infinity) > -70 }
        guard !absolute.isEmpty, let ungated = loudness(absolute.reduce(0, +) / Double(absolute.count)) else { return nil }
        let relative = absolute.filter { (loudness($0) ?? -.infinity) > ungated + relativeGateLU }
        guard !relative.isEmpty else { return nil }
        return loudness(relative.reduce(0, +) / Double(relative.count))
    }

    /// EBU Tech 3342 loudness range of short-term mean squares.
    static func loudnessRange(_ shortTerm: [Double]) -> Double? {
        let absolute = shortTerm.filter { (loudness($0) ?? -.infinity) > -70 }
        guard !absolute.isEmpty, let ungated = loudness(absolute.reduce(0, +) / Double(absolute.count)) else { return nil }
        let values = absolute.compactMap(loudness).filter { $0 > ungated - 20 }.sorted()
        guard !values.isEmpty else { return nil }
        func percentile(_ p: Double) -> Double {
            let rank = p * Double(values.count - 1)
            let low = Int(rank.rounded(.down)), high = min(values.count - 1, low + 1)
            return values[low] + (rank - Double(low)) * (values[high] - values[low])
        }
        return percentile(0.95) - percentile(0.10)
    }
}
