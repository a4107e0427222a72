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

    /// Band-limited noise from `lowHz` to `highHz` with RMS `rmsDBFS`: `components` sines of equal
    /// amplitude at evenly spaced frequencies with seeded random phases. The same seed gives the
    /// same continuous-time signal at every sample rate (for comparing readings across rates).
    public static func bandLimitedNoise(
        lowHz: Double, highHz: Double, components: Int = 100, rmsDBFS: Double, seconds: Double, sampleRate: Double, seed: UInt64
    ) -> [Float] {
        var random = SeededRandom(seed: seed)
        let count = Int((seconds * sampleRate).rounded())
        let amplitude = Double(amplitude(dB: rmsDBFS)) * (2 / Double(components)).squareRoot()
        var samples = [Double](repeating: 0, count: count)
        for k in 0..<components {
            let frequency = lowHz + (highHz - lowHz) * Double(k) / Double(max(1, components - 1))
            let phase = Double(random.next() % 1_000_000) / 1_000_000 * 2 * .pi
            // A rotating phasor: one complex multiplication per sample.
            let step = 2 * Double.pi * frequency / sampleRate
            let (c, s) = (cos(step), sin(step))
            var (re, im) = (cos(phase), sin(phase))
            for n in 0..<count {
                samples[n] += amplitude * im
                (re, im) = (re * c - im * s, re * s + im * c)
            }
        }
        return samples.map(Float.init)
    }

    /// White Gaussian noise with RMS `rmsDBFS`.
    public static func whiteNoise(rmsDBFS: Double, seconds: Double, sampleRate: Double, seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed)
        let a = amplitude(dB: rmsDBFS)
        return (0..<Int((seconds * sampleRate).rounded())).map { _ in a * random.nextGaussian() }
    }

    /// A speech-like signal: syllables of 120-320 ms, each a harmonic complex (fundamental near
    /// `f0Hz`) shaped by two formant peaks that move from syllable to syllable, under a raised-sine
    /// envelope, with no pause longer than 60 ms. RMS about `rmsDBFS` while active. Seeded.
    public static func speechLike(
        rmsDBFS: Double, seconds: Double, sampleRate: Double, f0Hz: Double = 140, seed: UInt64 = 1
    ) -> [Float] {
        var random = SeededRandom(seed: seed)
        func uniform(_ low: Double, _ high: Double) -> Double {
            low + (high - low) * (Double(random.nextSigned()) + 1) / 2
        }
        let count = Int((seconds * sampleRate).rounded())
        let top = min(3600, sampleRate / 2 - 100)
        var out = [Float](repeating: 0, count: count)
        var position = 0
        var phase = 0.0
        while position < count {
            let length = min(count - position, Int(uniform(0.12, 0.32) * sampleRate))
            let f0 = f0Hz * uniform(0.85, 1.15)
            let f1 = uniform(300, 900), f2 = uniform(1000, 2600)
            let harmonics = Int(top / f0)
            let amplitudes = (1...max(1, harmonics)).map { k -> Double in
                let h = Double(k) * f0
                return (1 / Double(k).squareRoot()) * (0.3 + 3 * exp(-pow((h - f1) / 180, 2)) + 2 * exp(-pow((h - f2) / 250, 2)))
            }
            for n in 0..<length {
                let envelope = sin(Double.pi * Double(n) / Double(length))
                var value = 0.0
                for (k, a) in amplitudes.enumerated() { value += a * sin(Double(k + 1) * phase) }
                out[position + n] = Float(value * envelope)
                phase += 2 * .pi * f0 / sampleRate
            }
            position += length + Int(uniform(0, 0.06) * sampleRate)
        }
        let sumSquares = out.reduce(0.0) { $0 + Double($1) * Double($1) }
        let rms = (sumSquares / Double(max(1, count))).squareRoot()
        let gain = rms > 0 ? Double(amplitude(dB: rmsDBFS)) / rms : 0
        return out.map { $0 * Float(gain) }
    }

    /// Music of held chords: `bars` chords of 0.4 s (four triads in turn, each note with its
    /// first four harmonics: peaks at -32, -38, -44 and -50 dBFS).
    public static func heldChords(bars: Int, sampleRate: Double) -> [Float] {
        let chords: [[Double]] = [[261.6, 329.6, 392.0], [293.7, 370.0, 440.0], [246.9, 311.1, 370.0], [220.0, 277.2, 329.6]]
        var music: [Float] = []
        for bar in 0..<bars {
            var note = [Float](repeating: 0, count: Int(0.4 * sampleRate))
            for f in chords[bar % chords.count] {
                for harmonic in 1...4 {
                    let tone = sine(frequencyHz: f * Double(harmonic), peakDBFS: -26 - 6 * Double(harmonic), seconds: 0.4, sampleRate: sampleRate)
                    for i in note.indices { note[i] += tone[i] }
                }
            }
            music += note
        }
        return music
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
