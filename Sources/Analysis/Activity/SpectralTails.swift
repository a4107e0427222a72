#if canImport(Glibc)
import Glibc
#endif

/// Where a talk segment's end goes on under steady noise, bin by bin: the last syllable's decay
/// and a recorded voice's reverberant close sink under the noise in the speech band's total
/// level, yet their harmonics still stand over the noise's own spectrum in the bins they fill.
/// The evidence is `FrameAnalyzer.speechLikelihood(ofFrame:)` (the frame's spectrum against
/// the channel's learnt noise spectrum), averaged over the frame and the two either side as the
/// gate averages levels.
///
/// After each run of speech, the averaged likelihoods of the quiet frames that follow it are
/// kept (up to `probeFrames`); a segment that ends on that run goes on while they stand over
/// the channel's noise: a high percentile of the same averages over frames at least
/// `distanceFrames` from any speech, leaked voice, tone or sound on either side. The first of
/// these frames also feed the analyzer's noise spectrum (`learnsNoise`).
///
/// Streaming; memory grows only with the number of speech runs: a few half-precision values
/// each (kept until one falls under the noise's median, at most `probeFrames`), and their ends.
struct SpectralTails: Sendable {
    /// Frames of quiet on either side for a frame to count as the channel's noise.
    let distanceFrames: Int
    /// The most frames kept after a run of speech.
    let probeFrames: Int
    /// The averaged likelihoods of the last frames added, by frame index: a ring whose length is
    /// a power of two, indexed with `mask`.
    private var recent: [Float]
    private let mask: Int
    /// Quiet frames in a row up to the last one added.
    private var quietRun = 0
    /// The noise frames' averaged likelihoods, by `binsPerOctave` bins of their base-2 logarithm
    /// from `lowestLog2`; likelihoods of 0 (no bin over the noise) in the first bin.
    private var histogram: [Int32]
    private var noiseFrames = 0
    private static let lowestLog2: Float = -16
    private static let binsPerOctave: Float = 32
    private static let binCount = 32 * 32
    /// The run of speech whose following likelihoods are being kept (its end: its last frame
    /// plus one), if any; the ends of the runs whose likelihoods were kept, in order, each with
    /// the index of its first value in `probeValues` (the next run's marks where its own stop).
    private var openProbeEnd: Int?
    private var probeEnds: [Int] = []
    private var probeStarts: [Int32] = []
    private var probeValues: [Float16] = []
    /// The median of the noise frames' likelihoods (updated every 64 noise frames): a run's
    /// likelihoods are kept only until one falls under it, since the bar they are compared with
    /// in the end, a high percentile of the same frames, stands over it.
    private var noiseMedian: Float = -.infinity

    init(distanceFrames: Int, probeFrames: Int) {
        self.distanceFrames = max(1, distanceFrames)
        self.probeFrames = max(0, probeFrames)
        var length = 1
        while length < self.distanceFrames + 1 { length *= 2 }
        recent = Array(repeating: 0, count: length)
        mask = length - 1
        histogram = Array(repeating: 0, count: Self.binCount)
    }

    /// Whether the frame added last has been quiet, with quiet frames for `distanceFrames`
    /// before it: the analyzer may learn the noise's spectrum from it
    /// (`FrameAnalyzer.learnNoise(fromFrame:)`). (What follows it is not known yet; a voice's
    /// onset hidden in the noise right before it is detected adds little to a mean of seconds.)
    var learnsNoise: Bool { quietRun > distanceFrames }

    /// Adds frame `frame` (frames in order, none skipped) with its averaged likelihood.
    /// - Parameters:
    ///   - quiet: Whether the frame is quiet: no speech, leaked voice, tone or sound.
    ///   - mayHoldTail: Whether its level may hold a word's edge (`tailFloorDBFS`) and the other
    ///     party is not talking (whose voice, leaked under the gate, stands over the noise too).
    ///   - isSpeech: Whether the frame is speech. A run's probe goes on over speech frames (a
    ///     burst that is dropped later may be the word's last sound; a run that is kept joins the
    ///     segment, whose end is then that run's) and stops at the first frame that is neither
    ///     quiet nor speech, or may not hold a tail.
    ///   - runEnd: Where the last run of speech now ends (after any tail the detector joined to
    ///     it): a probe starts at the first frame after it.
    mutating func add(frame: Int, likelihood: Float, quiet: Bool, mayHoldTail: Bool, isSpeech: Bool, runEnd: Int?) {
        recent[frame & mask] = likelihood
        quietRun = quiet ? quietRun + 1 : 0
        if quietRun > 2 * distanceFrames {
            addNoise(recent[(frame - distanceFrames) & mask])
        }
        if let runEnd, runEnd == frame, openProbeEnd != runEnd {
            openProbeEnd = runEnd
            probeEnds.append(runEnd)
            probeStarts.append(Int32(probeValues.count))
        }
        guard let open = openProbeEnd else { return }
        let kept = probeValues.count - Int(probeStarts[probeStarts.count - 1])
        guard frame == open + kept, kept < probeFrames, quiet || isSpeech, mayHoldTail else {
            openProbeEnd = nil
            return
        }
        probeValues.append(Float16(min(likelihood, 60_000)))
        if likelihood < noiseMedian { openProbeEnd = nil }
    }

    private mutating func addNoise(_ likelihood: Float) {
        // The analyzer's likelihoods are finite (its noise spectrum has a floor); one that is not
        // (NaN says nothing; infinity stands over everything) must not stop the call's analysis.
        guard !likelihood.isNaN else { return }
        let bin = likelihood == .infinity ? Self.binCount - 1 : likelihood > 0
            ? Int(((log2f(likelihood) - Self.lowestLog2) * Self.binsPerOctave).rounded(.down)) : 0
        histogram[min(Self.binCount - 1, max(0, bin))] += 1
        noiseFrames += 1
        if noiseFrames % 64 == 0 { noiseMedian = noiseLikelihood(atPercentile: 50, minimumFrames: 1) ?? -.infinity }
    }

    /// The level the noise frames' averaged likelihoods stay under `percentile` (0-100) of the
    /// time (the middle of its bin, within 1.1 %); nil with fewer than `minimumFrames` noise frames.
    func noiseLikelihood(atPercentile percentile: Double, minimumFrames: Int) -> Float? {
        guard noiseFrames >= max(1, minimumFrames) else { return nil }
        let target = Int((percentile / 100 * Double(noiseFrames)).rounded(.up))
        var count = 0
        for (bin, frames) in histogram.enumerated() {
            count += Int(frames)
            if count >= max(1, target) {
                return exp2f(Self.lowestLog2 + (Float(bin) + 0.5) / Self.binsPerOctave)
            }
        }
        return .infinity
    }

    /// How many frames right after the run of speech ending at `end` stand over `bar`, in a
    /// row (0 when none was kept after that run, or `end` is not where one ended).
    func framesOver(_ bar: Float, afterRunEndingAt end: Int) -> Int {
        var low = 0, high = probeEnds.count
        while low < high {
            let middle = (low + high) / 2
            if probeEnds[middle] < end { low = middle + 1 } else { high = middle }
        }
        guard low < probeEnds.count, probeEnds[low] == end else { return 0 }
        let first = Int(probeStarts[low])
        let last = low + 1 < probeStarts.count ? Int(probeStarts[low + 1]) : probeValues.count
        return probeValues[first..<last].prefix { Float($0) > bar }.count
    }
}
