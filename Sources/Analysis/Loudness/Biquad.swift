/// A second-order IIR section in transposed direct form II, with `Double` state.
public struct Biquad: Sendable, Hashable {
    /// Numerator coefficients b0, b1, b2.
    public var b: (Double, Double, Double)
    /// Denominator coefficients a1, a2 (a0 = 1).
    public var a: (Double, Double)
    fileprivate var z1 = 0.0
    fileprivate var z2 = 0.0

    public init(b0: Double, b1: Double, b2: Double, a1: Double, a2: Double) {
        b = (b0, b1, b2)
        a = (a1, a2)
    }

    /// Filters one sample.
    @inline(__always)
    public mutating func process(_ x: Double) -> Double {
        let y = b.0 * x + z1
        z1 = b.1 * x - a.0 * y + z2
        z2 = b.2 * x - a.1 * y
        return y
    }

    /// Magnitude response at `frequencyHz` for a filter running at `sampleRate` Hz, in dB.
    public func magnitudeDB(atHz frequencyHz: Double, sampleRate: Double) -> Double {
        let w = 2 * Double.pi * frequencyHz / sampleRate
        let (c1, s1, c2, s2) = (cos(w), -sin(w), cos(2 * w), -sin(2 * w))
        let nr = b.0 + b.1 * c1 + b.2 * c2, ni = b.1 * s1 + b.2 * s2
        let dr = 1 + a.0 * c1 + a.1 * c2, di = a.0 * s1 + a.1 * s2
        return 10 * log10((nr * nr + ni * ni) / (dr * dr + di * di))
    }

    public static func == (l: Biquad, r: Biquad) -> Bool {
        l.b == r.b && l.a == r.a
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(b.0); hasher.combine(b.1); hasher.combine(b.2); hasher.combine(a.0); hasher.combine(a.1)
    }
}

/// Two `Biquad`s run in lock step on the two lanes of a `SIMD2<Double>` (two channels through
/// filters of the same design, or different designs): half the instructions of two sections.
struct BiquadPair {
    private var b0, b1, b2, a1, a2: SIMD2<Double>
    private var z1 = SIMD2<Double>(repeating: 0)
    private var z2 = SIMD2<Double>(repeating: 0)

    init(_ first: Biquad, _ second: Biquad) {
        b0 = [first.b.0, second.b.0]
        b1 = [first.b.1, second.b.1]
        b2 = [first.b.2, second.b.2]
        a1 = [first.a.0, second.a.0]
        a2 = [first.a.1, second.a.1]
        (z1, z2) = ([first.z1, second.z1], [first.z2, second.z2])
    }

    /// Filters one sample per lane.
    @inline(__always)
    mutating func process(_ x: SIMD2<Double>) -> SIMD2<Double> {
        let y = b0 * x + z1
        z1 = b1 * x - a1 * y + z2
        z2 = b2 * x - a2 * y
        return y
    }

    /// Writes the state back into the two sections this pair was made from.
    func store(into first: inout Biquad, _ second: inout Biquad) {
        (first.z1, first.z2) = (z1[0], z2[0])
        (second.z1, second.z2) = (z1[1], z2[1])
    }
}

#if canImport(Glibc)
import Glibc
#endif
