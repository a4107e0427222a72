import Analysis

#if canImport(Glibc)
import Glibc
#endif

/// Test signal generators. Levels are in dBFS of the signal's RMS unless stated otherwise; all
/// lengths in seconds; every random signal takes a seed.
public enum Signals {
    /// Linear amplitude of a level in dB.
    public static func amplitude(dB: Double) -> Float { Float(pow(10, dB / 20)) }

    /// Digital silence.
    public static func silence(seconds: Double, sampleRate: Double) -> [Float] {
        Array(repeating: 0, count: Int((seconds * sampleRate).rounded()))
    }

    /// A sine of `frequencyHz` whose *peak* is `peakDBFS`.
    public static func sine(frequencyHz: Double, peakDBFS: Double, seconds: Double, sampleRate: Double) -> [Float] {
        let a = Double(amplitude(dB: peakDBFS))
        let count = Int((seconds * sampleRate).rounded())
        return (0..<count).map { Float(a * sin(2 * .pi * frequencyHz * Double($0) / sampleRate)) }
    }

    /// White Gaussian noise with RMS `rmsDBFS`.
    public static func whiteNoise(rmsDBFS: Double, seconds: Double, sampleRate: Double, seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed)
        let a = amplitude(dB: rmsDBFS)
        return (0..<Int((seconds * sampleRate).rounded())).map { _ in a * random.nextGaussian() }
    }

    /// A speech-like signal: a harmonic complex (fundamental `f0Hz`, falling spectrum across the
    /// telephone band) with a 4 Hz syllabic envelope, RMS about `rmsDBFS` while active.
    public static func speechLike(
        rmsDBFS: Double, seconds: Double, sampleRate: Double, f0Hz: Double = 140, seed: UInt64 = 1
    ) -> [Float] {
        var random = SeededRandom(seed: seed)
        let count = Int((seconds * sampleRate).rounded())
        let nyquist = sampleRate / 2
        let harmonics = (1...30).map { Double($0) * f0Hz }.filter { $0 < min(3600, nyquist - 100) }
        let phases = harmonics.map { _ in Double(random.nextSigned()) * .pi }
        var out = [Float](repeating: 0, count: count)
        var sumSquares = 0.0
        for n in 0..<count {
            let t = Double(n) / sampleRate
            let vibrato = 1 + 0.03 * sin(2 * .pi * 5 * t)
            var value = 0.0
            for (k, h) in harmonics.enumerated() {
                value += sin(2 * .pi * h * vibrato * t + phases[k]) / Double(k + 1)
            }
            let envelope = 0.55 + 0.45 * sin(2 * .pi * 4 * t)
            value *= envelope
            out[n] = Float(value)
            sumSquares += value * value
        }
        let rms = (sumSquares / Double(max(1, count))).squareRoot()
        let gain = rms > 0 ? Double(amplitude(dB: rmsDBFS)) / rms : 0
        return out.map { $0 * Float(gain) }
    }

    /// Places `signal` at `atSeconds` into `buffer` (adding), growing nothing: parts past the end
    /// are cut.
    public static func mix(_ signal: [Float], into buffer: inout [Float], atSeconds: Double, sampleRate: Double) {
        let offset = Int((atSeconds * sampleRate).rounded())
        for (i, sample) in signal.enumerated() where offset + i < buffer.count && offset + i >= 0 {
            buffer[offset + i] += sample
        }
    }
}
