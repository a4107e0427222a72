#if canImport(Glibc)
import Glibc
#endif

/// A one-pole DC-blocking high-pass, y[n] = g (x[n] - x[n-1]) + r y[n-1], with its corner at
/// `cornerHz` and its gain `g` = (1 + r) / 2 normalised to 1 at the Nyquist frequency; `Double`
/// state. It removes a recording's DC offset (a constant added to every sample, as cheap sound
/// cards do) before levels are measured: at the 20 Hz corner it takes 0.17 dB off 100 Hz, 0.02 dB
/// off 300 Hz and under 0.002 dB off 1 kHz, and settles in about 8 ms. The stream is taken to
/// have stood at its first sample before it began (`prime`), so a constant offset is removed from
/// the first sample on, without a start-up click. Cost: two multiplications and two additions a
/// sample; no memory.
public struct DCBlocker: Sendable {
    /// The default corner frequency, in Hz.
    public static let cornerHz = 20.0

    fileprivate let r: Double
    fileprivate let g: Double
    fileprivate var previousInput = 0.0
    fileprivate var previousOutput = 0.0
    private var primed = false

    /// Creates a blocker for a stream sampled at `sampleRate` Hz, with its corner at `cornerHz`.
    public init(sampleRate: Double, cornerHz: Double = DCBlocker.cornerHz) {
        r = exp(-2 * Double.pi * cornerHz / sampleRate)
        g = (1 + r) / 2
    }

    /// Takes `first` (full scale ±1) as the level the stream stood at before it began, if no
    /// sample has been filtered yet; call it with each block's first sample before filtering it.
    @inline(__always)
    public mutating func prime(_ first: Double) {
        guard !primed else { return }
        previousInput = first
        primed = true
    }

    /// Filters one sample (full scale ±1).
    @inline(__always)
    public mutating func process(_ x: Double) -> Double {
        let y = g * (x - previousInput) + r * previousOutput
        previousInput = x
        previousOutput = y
        return y
    }

    /// Magnitude response at `frequencyHz` for a blocker running at `sampleRate` Hz, in dB.
    public func magnitudeDB(atHz frequencyHz: Double, sampleRate: Double) -> Double {
        let w = 2 * Double.pi * frequencyHz / sampleRate
        let numerator = g * g * (2 - 2 * cos(w))
        let denominator = 1 - 2 * r * cos(w) + r * r
        return 10 * log10(numerator / denominator)
    }
}

/// Two `DCBlocker`s run in lock step on the two lanes of a `SIMD2<Double>` (two channels at one
/// sample rate).
struct DCBlockerPair {
    private let r: SIMD2<Double>
    private let g: SIMD2<Double>
    private var previousInput: SIMD2<Double>
    private var previousOutput: SIMD2<Double>

    /// Takes the state of `first` and `second`, primed with `x` where they were not yet.
    init(_ first: inout DCBlocker, _ second: inout DCBlocker, priming x: SIMD2<Double>) {
        first.prime(x[0])
        second.prime(x[1])
        r = [first.r, second.r]
        g = [first.g, second.g]
        previousInput = [first.previousInput, second.previousInput]
        previousOutput = [first.previousOutput, second.previousOutput]
    }

    /// Filters one sample per lane.
    @inline(__always)
    mutating func process(_ x: SIMD2<Double>) -> SIMD2<Double> {
        let y = g * (x - previousInput) + r * previousOutput
        previousInput = x
        previousOutput = y
        return y
    }

    /// Writes the state back into the two blockers this pair was made from.
    func store(into first: inout DCBlocker, _ second: inout DCBlocker) {
        (first.previousInput, first.previousOutput) = (previousInput[0], previousOutput[0])
        (second.previousInput, second.previousOutput) = (previousInput[1], previousOutput[1])
    }
}
