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
        g = exp(-1 / (0.03 * sampleRate))
        hangover = max(1, Int((0.2 * sampleRate).rounded()))
        secondSamples = max(1, Int(sampleRate.rounded()))
    }

    /// Samples between updates of the activity decision (the envelope is updated every sample;
    /// its 30 ms smoothing makes a 1 ms decision step immaterial next to the 200 ms hangover).
    private static let decisionStep = 8

    /// Processes samples (full scale ±1; without DC, see `DCBlocker`).
    public mutating func process(_ samples: UnsafeBufferPointer<Float>) {
        for sample in samples {
            advance(Double(sample))
            if decisionDue { decide() }
        }
    }

    /// A placeholder to swap with while a meter's state is borrowed into a loop.
    static let placeholder = ActiveSpeechLevel(sampleRate: 8000)

    /// Whether a decision is due after the samples advanced so far.
    var decisionDue: Bool { n % Self.decisionStep == 0 }

    /// Updates the envelope and the energy with one sample (full scale ±1).
    @inline(__always)
    mutating func advance(_ x: Double) {
        energy += x * x
        p = g * p + (1 - g) * abs(x)
        q = g * q + (1 - g) * p
        n += 1
    }

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
