#if canImport(Glibc)
import Glibc
#endif

/// Streaming true-peak meter (ITU-R BS.1770-4 Annex 2): 4x oversampling with a 49-tap
/// windowed-sinc interpolator (12 taps per phase). Only the neighbourhoods of samples that could
/// raise the running maximum are interpolated: an inter-sample peak of a band-limited signal
/// exceeds its neighbouring samples by far less than 6 dB in practice, so windows whose largest
/// sample is more than 6 dB under the running true peak are skipped.
public struct TruePeakDetector: Sendable {
    private static let taps = 12
    private static let phases: [[Float]] = {
        let length = 49, center = 24.0, factor = 4.0
        var h = [Double](repeating: 0, count: length)
        for m in 0..<length {
            let t = (Double(m) - center) / factor
            let sinc = t == 0 ? 1 : sin(Double.pi * t) / (Double.pi * t)
            let window = 0.42 - 0.5 * cos(2 * Double.pi * Double(m) / Double(length - 1))
                + 0.08 * cos(4 * Double.pi * Double(m) / Double(length - 1))
            h[m] = sinc * window
        }
        // Phase p (1...3) interpolates between x[n0] and x[n0 + 1] from x[n0 - 5 ... n0 + 6].
        return (1...3).map { p in
            (0..<taps).map { j -> Float in
                // x[n0 + 6 - j] pairs with h[4 * (j - 6) + p + 24].
                let index = 4 * (j - 6) + p + 24
                return index >= 0 && index < length ? Float(h[index]) : 0
            }
        }
    }()

    private var history = [Float](repeating: 0, count: 12)
    private var position = 0
    private(set) var maximum: Float = 0

    public init() {}

    /// Processes samples (full scale ±1).
    public mutating func process(_ samples: UnsafeBufferPointer<Float>) {
        let phases = Self.phases
        for sample in samples {
            history[position] = sample
            position = (position + 1) % Self.taps
            let magnitude = abs(sample)
            if magnitude > maximum { maximum = magnitude }
            // The newest sample is x[n0 + 6]; interpolate around x[n0], x[n0 + 1].
            let a = abs(history[(position + 5) % Self.taps]), b = abs(history[(position + 6) % Self.taps])
            guard max(a, b) * 2 > maximum else { continue }
            for phase in phases {
                var sum: Float = 0
                for j in 0..<Self.taps {
                    // history index of x[n0 + 6 - j]: newest is at position - 1.
                    sum += phase[j] * history[(position - 1 - j + 2 * Self.taps) % Self.taps]
                }
                if abs(sum) > maximum { maximum = abs(sum) }
            }
        }
    }

    /// The true peak so far, in dBTP; `nil` for digital silence.
    public var truePeakDBTP: Double? {
        maximum > 0 ? 20 * log10(Double(maximum)) : nil
    }
}
