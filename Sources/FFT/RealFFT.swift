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
}
