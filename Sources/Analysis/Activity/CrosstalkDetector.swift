#if canImport(Glibc)
import Glibc
#endif

/// Parameters of the leak (echo, crosstalk) check between the two channels of a call.
public struct CrosstalkConfiguration: Sendable, Hashable {
    /// A frame can be the other party's leaked voice only when it is at least this much quieter
    /// than the other channel's frame it copies, in dB. Default 10 dB.
    public var minimumGapDB: Float
    /// Longest echo delay considered, in seconds. Default 0.25 s.
    public var maximumDelaySeconds: Double
    /// Correlation (-1...1) of the two frames' spectral envelopes (each relative to its own
    /// channel's long-term spectrum) above which the quieter frame is the louder one's leak.
    /// Default 0.7.
    public var minimumCorrelation: Float

    public init(minimumGapDB: Float = 10, maximumDelaySeconds: Double = 0.25, minimumCorrelation: Float = 0.7) {
        self.minimumGapDB = minimumGapDB
        self.maximumDelaySeconds = maximumDelaySeconds
        self.minimumCorrelation = minimumCorrelation
    }
}

/// Tells, frame by frame, whether speech-like energy on one channel is the other party's voice
/// leaking into it (line echo, acoustic crosstalk), possibly delayed. Leaked voice is a scaled,
/// filtered copy of the other channel: much quieter, with the same short-term spectral pattern
/// at some delay. Two people talking at once have unrelated patterns.
public struct CrosstalkDetector: Sendable {
    public let configuration: CrosstalkConfiguration
    private let lagFrames: Int
    private var history: [[Entry]]
    private var cursor = 0
    private var filled = 0
    private var longTerm: [SIMD16<Float>]
    private var longTermWeight: [Float]
    /// Per receiving channel: estimated echo return loss (dB by which the leak is quieter than its
    /// source) and how many confident matches it rests on.
    private var returnLossDB: [Float] = [0, 0]
    private var returnLossMatches: [Int] = [0, 0]

    private struct Entry: Sendable {
        var levelDBFS: Float = -120
        var envelope = SIMD16<Float>()
        var isCandidate = false
    }

    public init(hopSeconds: Double, configuration: CrosstalkConfiguration = CrosstalkConfiguration()) {
        self.configuration = configuration
        lagFrames = max(1, Int((configuration.maximumDelaySeconds / hopSeconds).rounded()) + 1)
        history = Array(repeating: Array(repeating: Entry(), count: lagFrames), count: 2)
        longTerm = Array(repeating: SIMD16<Float>(), count: 2)
        longTermWeight = [0, 0]
    }

    /// Takes the same frame of both channels and each channel's own speech decision, and returns
    /// the decisions with leaked frames turned off.
    public mutating func filter(_ frames: (FrameFeatures, FrameFeatures), candidates: (Bool, Bool)) -> (Bool, Bool) {
        let log0 = Self.logEnvelope(frames.0.subbandPower)
        let log1 = Self.logEnvelope(frames.1.subbandPower)
        if candidates.0 { updateLongTerm(0, log0) }
        if candidates.1 { updateLongTerm(1, log1) }
        history[0][cursor] = Entry(levelDBFS: frames.0.speechBandDBFS, envelope: log0 - longTerm[0], isCandidate: candidates.0)
        history[1][cursor] = Entry(levelDBFS: frames.1.speechBandDBFS, envelope: log1 - longTerm[1], isCandidate: candidates.1)
        filled = min(filled + 1, lagFrames)
        let leak0 = candidates.0 && isLeak(channel: 0)
        let leak1 = candidates.1 && isLeak(channel: 1)
        let result = (candidates.0 && !leak0, candidates.1 && !leak1)
        cursor = (cursor + 1) % lagFrames
        return result
    }

    /// Whether the current frame of `channel` is the other channel's voice leaking into it.
    ///
    /// The best-matching recent frame of the other channel (highest envelope correlation within
    /// the delay range) is the candidate source. Confident matches (correlation >= 0.85, at least
    /// 6 dB quieter) teach the channel's echo return loss. Once that is known (20 matches) and at
    /// least 12 dB, a frame is leak when it correlates with its source (>= 0.6) and is no more
    /// than 4 dB louder than the learnt leak level: real speech over an echo is far louder than
    /// the echo. Otherwise a frame is leak when it is `minimumGapDB` quieter and correlates at
    /// `minimumCorrelation`.
    private mutating func isLeak(channel: Int) -> Bool {
        let other = 1 - channel
        let current = history[channel][cursor]
        var bestCorrelation: Float = -1
        var bestGap: Float = 0
        for lag in 0..<filled {
            let slot = (cursor - lag + lagFrames) % lagFrames
            let source = history[other][slot]
            guard source.isCandidate else { continue }
            let gap = source.levelDBFS - current.levelDBFS
            guard gap > 0 else { continue }
            let correlation = Self.correlation(current.envelope, source.envelope)
            if correlation > bestCorrelation {
                bestCorrelation = correlation
                bestGap = gap
            }
        }
        guard bestCorrelation > -1 else { return false }
        if bestCorrelation >= 0.85, bestGap >= 6 {
            returnLossMatches[channel] += 1
            let weight = 1 / Float(min(returnLossMatches[channel], 50))
            returnLossDB[channel] += (bestGap - returnLossDB[channel]) * weight
        }
        if returnLossMatches[channel] >= 20, returnLossDB[channel] >= 12 {
            return bestCorrelation >= 0.6 && bestGap >= returnLossDB[channel] - 4
        }
        return bestGap >= configuration.minimumGapDB && bestCorrelation >= configuration.minimumCorrelation
    }

    private mutating func updateLongTerm(_ channel: Int, _ envelope: SIMD16<Float>) {
        // Running mean over the channel's first frames, then an exponential average (~2 s).
        longTermWeight[channel] = min(longTermWeight[channel] + 1, 200)
        let alpha = 1 / longTermWeight[channel]
        longTerm[channel] += (envelope - longTerm[channel]) * alpha
    }

    private static func logEnvelope(_ power: SIMD16<Float>) -> SIMD16<Float> {
        var result = SIMD16<Float>()
        for i in 0..<16 { result[i] = 10 * log10f(power[i] + 1e-12) }
        return result
    }

    private static func correlation(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> Float {
        let ma = a.sum() / 16, mb = b.sum() / 16
        let da = a - ma, db = b - mb
        let denominator = ((da * da).sum() * (db * db).sum()).squareRoot()
        return denominator > 0 ? (da * db).sum() / denominator : 0
    }
}
