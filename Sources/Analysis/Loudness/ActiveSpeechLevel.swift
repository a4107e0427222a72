#if canImport(Glibc)
import Glibc
#endif

/// Streaming active speech level per ITU-T P.56 method B: an envelope (two one-pole smoothers,
/// 30 ms), 16 thresholds a factor 2 apart up to full scale, 200 ms hangover, margin 15.9 dB.
/// Memory is constant: the activity counts per threshold come from a histogram of the largest
/// threshold exceeded within the hangover window (a monotonic queue of at most 17 entries).
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

    public init(sampleRate: Double) {
        g = exp(-1 / (0.03 * sampleRate))
        hangover = max(1, Int((0.2 * sampleRate).rounded()))
    }

    /// Samples between updates of the activity decision (the envelope is updated every sample;
    /// its 30 ms smoothing makes a 1 ms decision step immaterial next to the 200 ms hangover).
    private static let decisionStep = 8

    /// Processes samples (full scale ±1).
    public mutating func process(_ samples: UnsafeBufferPointer<Float>) {
        var index = 0
        while index < samples.count {
            let count = min(samples.count - index, Self.decisionStep - n % Self.decisionStep)
            for i in index..<(index + count) { advance(samples[i]) }
            index += count
            if n % Self.decisionStep == 0 { decide() }
        }
    }

    /// A placeholder to swap with while a meter's state is borrowed into a loop.
    static let placeholder = ActiveSpeechLevel(sampleRate: 8000)

    /// Whether a decision is due after the samples advanced so far.
    var decisionDue: Bool { n % Self.decisionStep == 0 }

    /// Updates the envelope and the energy with one sample.
    @inline(__always)
    mutating func advance(_ sample: Float) {
        let x = Double(sample)
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
    }

    /// The active speech level, in dBFS (0 dBFS = mean square 1, a full-scale square wave);
    /// `nil` when no activity is found.
    public var levelDBFS: Double? {
        guard n > 0, energy > 0 else { return nil }
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
