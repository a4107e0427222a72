internal import CFFTW

/// A real-input FFT of a fixed size with its own SIMD-aligned buffers. Not thread-safe: use one
/// instance per thread (instances share the cached FFTW plan, which is safe to execute
/// concurrently on separate buffers).
public final class RealFFT {
    /// Transform size, in samples.
    public let size: Int
    /// Number of spectrum bins, `size / 2 + 1` (DC to Nyquist).
    public var binCount: Int { size / 2 + 1 }

    private let plan: FFTPlan
    /// The complex-to-real plan of the same size, fetched on the first inverse transform.
    private var inversePlan: FFTPlan?
    private let input: UnsafeMutablePointer<Float>
    private let output: UnsafeMutablePointer<fftwf_complex>

    /// Creates a transform of `size` samples (at least 2), or `nil` when FFTW cannot plan it.
    public init?(size: Int) {
        guard let plan = FFTPlanCache.shared.plan(size: size),
              let input = fftwf_alloc_real(size) else { return nil }
        guard let output = fftwf_alloc_complex(size / 2 + 1) else {
            fftwf_free(input)
            return nil
        }
        self.size = size
        self.plan = plan
        self.input = input
        self.output = output
    }

    deinit {
        fftwf_free(input)
        fftwf_free(output)
    }

    /// Transforms `samples` (zero-padded or truncated to `size`) and writes the power spectrum
    /// `|X[k]|^2` (unnormalised, so Parseval reads `sum(x^2) = (|X0|^2 + 2 sum |Xk|^2 + |XN/2|^2) / N`
    /// for even N) into `power`, which must hold `binCount` values.
    public func powerSpectrum(_ samples: UnsafeBufferPointer<Float>, into power: UnsafeMutableBufferPointer<Float>) {
        precondition(power.count >= binCount, "power buffer holds \(power.count) bins, needs \(binCount)")
        let count = min(samples.count, size)
        if let base = samples.baseAddress, count > 0 {
            input.update(from: base, count: count)
        }
        if count < size {
            (input + count).update(repeating: 0, count: size - count)
        }
        fftwf_execute_dft_r2c(plan.plan, input, output)
        let bins = binCount
        output.withMemoryRebound(to: Float.self, capacity: 2 * bins) { pairs in
            for k in 0..<bins {
                let re = pairs[2 * k], im = pairs[2 * k + 1]
                power[k] = re * re + im * im
            }
        }
    }

    /// Inverse transform of a real, even (zero-phase) spectrum of `binCount` bins: writes
    /// `x[n] = S[0] + 2 sum(S[k] cos(2 pi k n / N), k = 1..<N/2) + S[N/2] (-1)^n` for `n` in
    /// `0..<size` (unnormalised) into `samples`, which must hold `size` values. With a power
    /// spectrum as `S`, `x` is `size` times the circular autocorrelation of the transformed samples.
    /// Returns `false` when FFTW cannot plan the inverse transform.
    @discardableResult
    public func inverseOfRealSpectrum(
        _ spectrum: UnsafeBufferPointer<Float>, into samples: UnsafeMutableBufferPointer<Float>
    ) -> Bool {
        precondition(spectrum.count >= binCount, "spectrum holds \(spectrum.count) bins, needs \(binCount)")
        precondition(samples.count >= size, "sample buffer holds \(samples.count) values, needs \(size)")
        if inversePlan == nil { inversePlan = FFTPlanCache.shared.plan(size: size, direction: .inverse) }
        guard let inversePlan else { return false }
        let bins = binCount
        output.withMemoryRebound(to: Float.self, capacity: 2 * bins) { pairs in
            for k in 0..<bins {
                pairs[2 * k] = spectrum[k]
                pairs[2 * k + 1] = 0
            }
        }
        fftwf_execute_dft_c2r(inversePlan.plan, output, input)
        samples.baseAddress!.update(from: input, count: size)
        return true
    }
}
