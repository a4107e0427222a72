#if canImport(Glibc)
import Glibc
#endif

/// Streaming active speech level per ITU-T P.56 method B: an envelope (two one-pole smoothers,
/// 30 ms), 16 thresholds a factor 2 apart up to full scale, 200 ms hangover, margin 15.9 dB.
/// The activity counts per threshold come from a histogram of the largest threshold exceeded
/// within the hangover window (a monotonic queue of at most 17 entries). The totals are also kept
/// once a second (18 numbers, about 550 kB an hour), so that spans that are no one's speech (hold
/// music, ring-back) can be left out of the level. `LoudnessMeter` feeds it the samples after its
/// `DCBlocker`: a DC offset would otherwise count as speech energy.
public struct ActiveSpeechLevel: Sendable {
    private static let thresholdCount = 16
    private static let marginDB = 15.9

    private let g: Double
    /// `g^L` for L = 1...decisionStep.
    private let powers: SIMD8<Double>
    private let hangover: Int
    private var p = 0.0
    private var q = 0.0
    private var n = 0
    private var energy = 0.0
    private var histogram = [Int](repeating: 0, count: 17)  // index m + 1, m in -1...15
    /// Monotonic queue of (sample index, threshold level), levels strictly decreasing from the
    /// front: at most 17 entries, kept in a ring of `queueCapacity` slots.
    private var queueIndices = [Int](repeating: 0, count: queueCapacity)
    private var queueLevels = [Int](repeating: 0, count: queueCapacity)
    private var queueHead = 0
    private var queueCount = 0
    private static let queueCapacity = 32  // a power of two
    /// Samples a second, and the sample at which the next totals are kept.
    private let secondSamples: Int
    private var nextSnapshot = 0
    /// The sample count, energy and histogram at the first decision of each second.
    private var snapshotSamples: [Int] = []
    private var snapshotEnergy: [Double] = []
    private var snapshotHistogram: [Int] = []

    public init(sampleRate: Double) {
        let g = exp(-1 / (0.03 * sampleRate))
        self.g = g
        powers = SIMD8((1...8).map { pow(g, Double($0)) })
        hangover = max(1, Int((0.2 * sampleRate).rounded()))
        secondSamples = max(1, Int(sampleRate.rounded()))
    }

    /// Samples between updates of the activity decision (the envelope is updated every sample;
    /// its 30 ms smoothing makes a 1 ms decision step immaterial next to the 200 ms hangover).
    static let decisionStep = 8

    /// Processes samples (full scale ±1; without DC, see `DCBlocker`).
    public mutating func process(_ samples: UnsafeBufferPointer<Float>) {
        var group = Group(self)
        var energy = self.energy
        for sample in samples {
            let x = Double(sample)
            energy += x * x
            if group.add(SIMD2(x, 0)) { flush(&group, lane: 0, energy: energy) }
        }
        flush(&group, lane: 0, energy: energy)
    }

    /// The samples since the envelope's last update, on the two lanes of a `SIMD2` (two channels
    /// of the same rate, or one and a lane unused), held as two weighted sums: the two smoothers
    /// are linear, so `flush` moves the envelope across the whole group at once, exactly (up to
    /// rounding) as a sample at a time would (`p[i] = g p[i-1] + (1 - g) |x[i]|`,
    /// `q[i] = g q[i-1] + (1 - g) p[i]`). Per sample this costs a third of the two recursions,
    /// which were a tenth of a call's time. A group ends at each decision (`add` returns true).
    struct Group {
        /// `g^-j` for the group's `j`-th sample (j = 1...decisionStep).
        private let weights: SIMD8<Double>
        /// `sum of g^-j |x[j]|` and the sum of its running values over the group.
        fileprivate var weighted = SIMD2<Double>()
        fileprivate var nested = SIMD2<Double>()
        fileprivate private(set) var count = 0
        /// Samples in this group: up to the next decision.
        private var length: Int

        /// The group that starts after the samples `level` has taken (both lanes' levels must have
        /// taken as many).
        init(_ level: ActiveSpeechLevel) {
            weights = level.groupWeights
            length = Self.length(after: level.n)
        }

        private static func length(after samples: Int) -> Int {
            decisionStep - samples % decisionStep
        }

        /// Takes the next sample of each lane; true when a decision is due (call `flush`).
        @inline(__always)
        mutating func add(_ x: SIMD2<Double>) -> Bool {
            let magnitude = x.replacing(with: -x, where: x .< 0)
            weighted += weights[count] * magnitude
            nested += weighted
            count += 1
            return count == length
        }

        /// Starts the next group, after the level has taken this one.
        fileprivate mutating func restart(after samples: Int) {
            weighted = SIMD2()
            nested = SIMD2()
            count = 0
            length = Self.length(after: samples)
        }
    }

    /// `g^-j` for j = 1...decisionStep (see `Group`).
    private var groupWeights: SIMD8<Double> {
        var weights = SIMD8<Double>()
        for j in 0..<Self.decisionStep { weights[j] = pow(g, -Double(j + 1)) }
        return weights
    }

    /// Moves the envelope across the samples of `group`'s lane `lane`, takes `energy` as the sum
    /// of the squares of all samples so far, and decides when due; then restarts the group (for
    /// the last lane flushed).
    @inline(__always)
    mutating func flush(_ group: inout Group, lane: Int, energy: Double, restart: Bool = true) {
        let length = group.count
        guard length > 0 else { return }
        // After L samples: p = g^L (p0 + (1 - g) S1), q = g^L (q0 + (1 - g) L p0 + (1 - g)^2 S2),
        // with S1 = sum of g^-j |x[j]| and S2 = the sum of S1's running values.
        let gain = powers[length - 1], leak = 1 - g
        let p0 = p
        p = gain * (p0 + leak * group.weighted[lane])
        q = gain * (q + leak * Double(length) * p0 + leak * leak * group.nested[lane])
        n += length
        self.energy = energy
        if n % Self.decisionStep == 0 { decide() }
        if restart { group.restart(after: n) }
    }

    /// The two smoothers' values and the samples taken (for tests).
    var envelope: (p: Double, q: Double, samples: Int) { (p, q, n) }

    /// A placeholder to swap with while a meter's state is borrowed into a loop.
    static let placeholder = ActiveSpeechLevel(sampleRate: 8000)

    /// Updates the hangover queue with the envelope `q` at sample `n` and counts the last
    /// `decisionStep` samples as active up to the largest threshold exceeded within the hangover.
    mutating func decide() {
        // Largest j with c_j = 2^(j - 15) <= q, or -1.
        let level = q >= 1.0 / 32768 ? min(15, Int(q.exponent) + 15) : -1
        let mask = Self.queueCapacity - 1
        while queueCount > 0, queueLevels[(queueHead + queueCount - 1) & mask] <= level { queueCount -= 1 }
        let tail = (queueHead + queueCount) & mask
        queueIndices[tail] = n
        queueLevels[tail] = level
        queueCount += 1
        if queueIndices[queueHead] <= n - hangover {
            queueHead = (queueHead + 1) & mask
            queueCount -= 1
        }
        histogram[(queueCount > 0 ? queueLevels[queueHead] : -1) + 1] += Self.decisionStep
        if n >= nextSnapshot { keepTotals() }
    }

    /// Keeps the totals of this second (see `levelDBFS(excluding:sampleRate:)`). Out of line:
    /// inlined, it kept `decide` itself from being inlined into the meter's loop (3 % of a call).
    @inline(never)
    private mutating func keepTotals() {
        snapshotSamples.append(n)
        snapshotEnergy.append(energy)
        snapshotHistogram.append(contentsOf: histogram)
        nextSnapshot += secondSamples
    }

    /// The active speech level, in dBFS (0 dBFS = mean square 1, a full-scale square wave);
    /// `nil` when no activity is found.
    public var levelDBFS: Double? { Self.level(energy: energy, histogram: histogram) }

    /// The active speech level without the whole seconds that lie inside `spans` (seconds,
    /// sorted and disjoint; at `sampleRate`): hold music or ring-back, which P.56 would count
    /// as active speech.
    public func levelDBFS(excluding spans: [TimeSpan], sampleRate: Double) -> Double? {
        var energy = self.energy
        var histogram = self.histogram
        let bins = histogram.count
        var span = 0
        for k in 0..<snapshotSamples.count {
            let start = Double(snapshotSamples[k]) / sampleRate
            let endSample = k + 1 < snapshotSamples.count ? snapshotSamples[k + 1] : n
            let end = Double(endSample) / sampleRate
            while span < spans.count, spans[span].endSeconds < end { span += 1 }
            guard span < spans.count, spans[span].startSeconds <= start else { continue }
            // Seconds start..end lie inside the span: take their share out of the totals.
            let next = k + 1 < snapshotSamples.count ? snapshotEnergy[k + 1] : self.energy
            energy -= next - snapshotEnergy[k]
            for b in 0..<bins {
                let later = k + 1 < snapshotSamples.count ? snapshotHistogram[(k + 1) * bins + b] : self.histogram[b]
                histogram[b] -= later - snapshotHistogram[k * bins + b]
            }
        }
        return Self.level(energy: energy, histogram: histogram)
    }

    /// P.56's level from the energy and the histogram of the largest thresholds exceeded.
    private static func level(energy: Double, histogram: [Int]) -> Double? {
        guard energy > 0 else { return nil }
        var active = [Int](repeating: 0, count: Self.thresholdCount)
        var cumulative = 0
        for m in stride(from: 15, through: 0, by: -1) {
            cumulative += histogram[m + 1]
            active[m] = cumulative
        }
        var previous: (a: Double, diff: Double)?
        for j in 0..<Self.thresholdCount {
            guard active[j] > 0 else { break }
            let a = 10 * log10(energy / Double(active[j]))
            let c = 20 * log10(pow(2, Double(j - 15)))
            let diff = a - c
            if diff <= Self.marginDB {
                guard let previous else { return a }
                // Interpolate between thresholds j - 1 and j where the difference crosses the margin.
                let t = (previous.diff - Self.marginDB) / (previous.diff - diff)
                return previous.a + t * (a - previous.a)
            }
            previous = (a, diff)
        }
        return previous?.a
    }
}
