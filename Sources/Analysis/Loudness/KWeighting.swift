#if canImport(Glibc)
import Glibc
#endif

/// How the K-weighting filter of ITU-R BS.1770-4 is designed at sample rates other than 48 kHz.
public enum KWeightingMode: String, Sendable, CaseIterable {
    /// Default: at every rate, the magnitude response matches the normative 48 kHz chain (Table 1
    /// and 2 coefficients) within 0.05 dB from 50 Hz to 0.45 x the sample rate, as BS.1770 asks
    /// ("coefficients chosen to provide the same frequency response").
    case exact
    /// The design of libebur128 and ffmpeg's ebur128 filter: the two biquads recomputed at the
    /// input rate from their analog parameters (bilinear transform, unnormalised high-pass
    /// numerator). Reads about +0.2 LU high at 100-500 Hz and +0.4 LU at 2-3 kHz at 8 kHz; offered
    /// to match an existing meter.
    case ebur128
}

/// The two-stage K-weighting filter (high shelf, then high-pass) at a given sample rate.
public struct KWeighting: Sendable, Hashable {
    /// Stage 1: the spherical-head high shelf.
    public var shelf: Biquad
    /// Stage 2: the RLB high-pass.
    public var highPass: Biquad

    /// The normative 48 kHz filter (ITU-R BS.1770-4 Tables 1 and 2).
    public static let reference48k = KWeighting(
        shelf: Biquad(
            b0: 1.53512485958697, b1: -2.69169618940638, b2: 1.19839281085285,
            a1: -1.69065929318241, a2: 0.73248077421585),
        highPass: Biquad(b0: 1, b1: -2, b2: 1, a1: -1.99004745483398, a2: 0.99007225036621))

    public init(shelf: Biquad, highPass: Biquad) {
        self.shelf = shelf
        self.highPass = highPass
    }

    /// The filter for `sampleRate` Hz in the given design mode (designs are cached per rate).
    public static func design(sampleRate: Double, mode: KWeightingMode) -> KWeighting {
        if sampleRate == 48_000 { return reference48k }
        switch mode {
        case .ebur128: return ebur128(sampleRate: sampleRate)
        case .exact:
            if sampleRate == sampleRate.rounded(), let design = exactDesigns[Int(sampleRate)] { return design }
            return KWeightingCache.shared.exact(sampleRate: sampleRate)
        }
    }

    /// Magnitude response of the whole chain at `frequencyHz`, in dB.
    public func magnitudeDB(atHz frequencyHz: Double, sampleRate: Double) -> Double {
        shelf.magnitudeDB(atHz: frequencyHz, sampleRate: sampleRate)
            + highPass.magnitudeDB(atHz: frequencyHz, sampleRate: sampleRate)
    }

    /// libebur128's design (also ffmpeg's): analog parameters, bilinear transform at `sampleRate`.
    public static func ebur128(sampleRate: Double) -> KWeighting {
        var f0 = 1681.974450955533
        let gain = 3.999843853973347
        var q = 0.7071752369554196
        var k = tan(Double.pi * f0 / sampleRate)
        let vh = pow(10, gain / 20)
        let vb = pow(vh, 0.4996667741545416)
        var a0 = 1 + k / q + k * k
        let shelf = Biquad(
            b0: (vh + vb * k / q + k * k) / a0, b1: 2 * (k * k - vh) / a0, b2: (vh - vb * k / q + k * k) / a0,
            a1: 2 * (k * k - 1) / a0, a2: (1 - k / q + k * k) / a0)
        f0 = 38.13547087602444
        q = 0.5003270373238773
        k = tan(Double.pi * f0 / sampleRate)
        a0 = 1 + k / q + k * k
        let highPass = Biquad(b0: 1, b1: -2, b2: 1, a1: 2 * (k * k - 1) / a0, a2: (1 - k / q + k * k) / a0)
        return KWeighting(shelf: shelf, highPass: highPass)
    }

    /// The exact design. The high-pass (38 Hz, far below any supported Nyquist frequency) keeps
    /// its analog design but has its numerator normalised so its pass-band gain equals the
    /// reference's; the shelf's five coefficients are then fitted (deterministic Nelder-Mead, from
    /// the ebur128 design) so the shelf's magnitude matches the reference shelf on a dense grid
    /// from 20 Hz to 0.46 x `sampleRate`, minimising the worst error. Stability is kept.
    static func fitted(sampleRate: Double) -> KWeighting {
        let start = ebur128(sampleRate: sampleRate)
        var highPass = start.highPass
        let passBand = 1_000.0
        let gainError = reference48k.highPass.magnitudeDB(atHz: passBand, sampleRate: 48_000)
            - highPass.magnitudeDB(atHz: passBand, sampleRate: sampleRate)
        let scale = pow(10, gainError / 20)
        highPass.b = (highPass.b.0 * scale, highPass.b.1 * scale, highPass.b.2 * scale)

        let upper = min(0.46 * sampleRate, 23_000)
        var grid: [Double] = []
        var f = 20.0
        while f <= upper {
            grid.append(f)
            f *= 1.03
        }
        let target = grid.map {
            reference48k.magnitudeDB(atHz: $0, sampleRate: 48_000) - highPass.magnitudeDB(atHz: $0, sampleRate: sampleRate)
        }
        func shelf(_ p: [Double]) -> Biquad { Biquad(b0: p[0], b1: p[1], b2: p[2], a1: p[3], a2: p[4]) }
        func cost(_ p: [Double]) -> Double {
            guard abs(p[4]) < 0.99999, abs(p[3]) < 1 + p[4] else { return .infinity }
            let candidate = shelf(p)
            var worst = 0.0
            var sum = 0.0
            for (i, frequency) in grid.enumerated() {
                let error = candidate.magnitudeDB(atHz: frequency, sampleRate: sampleRate) - target[i]
                worst = max(worst, abs(error))
                sum += error * error
            }
            return worst + sum / Double(grid.count)
        }
        let s = start.shelf
        let best = NelderMead.minimize(cost, from: [s.b.0, s.b.1, s.b.2, s.a.0, s.a.1], step: 0.01, iterations: 3000, restarts: 5)
        return KWeighting(shelf: shelf(best), highPass: highPass)
    }
}

/// Exact designs are fitted once per sample rate and reused.
final class KWeightingCache: @unchecked Sendable {
    static let shared = KWeightingCache()
    private var mutex = pthread_mutex_t()
    private var designs: [Double: KWeighting] = [:]

    private init() { pthread_mutex_init(&mutex, nil) }

    func exact(sampleRate: Double) -> KWeighting {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        if let design = designs[sampleRate] { return design }
        let design = KWeighting.fitted(sampleRate: sampleRate)
        designs[sampleRate] = design
        return design
    }
}

/// A small deterministic Nelder-Mead minimiser (used once per sample rate for filter design).
enum NelderMead {
    static func minimize(_ f: ([Double]) -> Double, from start: [Double], step: Double, iterations: Int, restarts: Int) -> [Double] {
        var best = start
        for restart in 0..<restarts {
            best = run(f, from: best, step: step / Double(1 << restart), iterations: iterations)
        }
        return best
    }

    private static func run(_ f: ([Double]) -> Double, from start: [Double], step: Double, iterations: Int) -> [Double] {
        let n = start.count
        var simplex = [start]
        for i in 0..<n {
            var point = start
            point[i] += step * max(1, abs(point[i]))
            simplex.append(point)
        }
        var values = simplex.map(f)
        for _ in 0..<iterations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            var centroid = [Double](repeating: 0, count: n)
            for point in simplex.dropLast() { for i in 0..<n { centroid[i] += point[i] / Double(n) } }
            let worst = simplex[n]
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (worst[$0] - centroid[$0]) } }
            let reflected = along(-1), fr = f(reflected)
            if fr < values[0] {
                let expanded = along(-2), fe = f(expanded)
                if fe < fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
            } else if fr < values[n - 1] {
                simplex[n] = reflected; values[n] = fr
            } else {
                let contracted = along(fr < values[n] ? -0.5 : 0.5), fc = f(contracted)
                if fc < min(fr, values[n]) {
                    simplex[n] = contracted; values[n] = fc
                } else {
                    for i in 1...n {
                        simplex[i] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                        values[i] = f(simplex[i])
                    }
                }
            }
        }
        let bestIndex = values.indices.min { values[$0] < values[$1] } ?? 0
        return simplex[bestIndex]
    }
}
