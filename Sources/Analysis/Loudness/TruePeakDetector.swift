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

    /// The last `taps - 1` samples of the previous block.
    private var tail = [Float](repeating: 0, count: 11)
    private var buffer: [Float] = []
    private(set) var maximum: Float = 0

    public init() {}

    /// Processes samples (full scale ±1).
    public mutating func process(_ samples: UnsafeBufferPointer<Float>) {
        guard !samples.isEmpty else { return }
        let taps = Self.taps
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: tail)
        buffer.append(contentsOf: samples)
        var maximum = self.maximum
        let phases = Self.phases
        buffer.withUnsafeBufferPointer { x in
            for sample in samples { maximum = max(maximum, abs(sample)) }
            // Interpolate between x[m] and x[m + 1] from x[m - 5 ... m + 6], for each m whose
            // window ends inside this block.
            let last = x.count - taps
            guard last >= 0 else { return }
            for start in 0...last {
                let m = start + 5
                guard max(abs(x[m]), abs(x[m + 1])) * 2 > maximum else { continue }
                for phase in phases {
                    var sum: Float = 0
                    for j in 0..<taps { sum += phase[j] * x[start + taps - 1 - j] }
                    maximum = max(maximum, abs(sum))
                }
            }
        }
        self.maximum = maximum
        tail = Array(buffer.suffix(taps - 1))
    }

    /// The true peak so far, in dBTP; `nil` for digital silence.
    public var truePeakDBTP: Double? {
        maximum > 0 ? 20 * log10(Double(maximum)) : nil
    }
}
