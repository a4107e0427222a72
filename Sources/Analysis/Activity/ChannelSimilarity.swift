#if canImport(Glibc)
import Glibc
#endif

/// Whether the two channels of a call carry the same audio: a mono recording stored as stereo, or
/// one mix copied to both sides. Then each channel holds both parties, and per-party facts
/// (overlap, interruptions, each party's talk) cannot be measured from them.
///
/// Streaming and constant memory: over the frames where either channel looks like speech (or a
/// held vowel), a histogram of the level difference between the channels, each level the mean
/// power of `smoothingFrames` frames (50 ms: a copy a few milliseconds late, or passed through a
/// codec such as GSM, differs frame by frame at every onset, but not over 50 ms). Two parties on
/// their own channels differ by tens of dB, one way when one speaks and the other way when the
/// other does; a leak (echo, crosstalk) is at least `maximumOffsetDB` quieter than its source;
/// the same audio twice differs by one constant gain.
public struct ChannelSimilarity: Sendable, Hashable {
    /// Width of a histogram bin, in dB.
    public static let resolutionDB: Float = 0.5
    /// The channels carry the same audio when at least this share of the compared frames lie
    /// within `toleranceDB` of the most common level difference...
    public static let minimumShare = 0.8
    public static let toleranceDB: Float = 2.5
    /// ... that difference is under this, in dB (a quieter copy beyond it is reported as leak)...
    public static let maximumOffsetDB: Float = 10
    /// ... and at least this many frames (1 s at 10 ms) were compared.
    public static let minimumFrames = 100
    /// Frames whose mean power makes each channel's level.
    public static let smoothingFrames = 5  // at most 8 (the lanes of `recent`)

    private static let binCount = 2 * Int(60 / resolutionDB) + 1
    private var histogram = [Int32](repeating: 0, count: binCount)
    private var compared = 0
    /// The last `smoothingFrames` frames' powers (linear) of each channel (lanes beyond stay 0),
    /// and where the next goes.
    private var recentA = SIMD8<Float>()
    private var recentB = SIMD8<Float>()
    private var cursor = 0

    public init() {}

    /// Adds one frame of both channels (every frame, in order): their levels (dBFS) and whether
    /// either looks like speech.
    public mutating func add(levelsDBFS: (Float, Float), speechLike: Bool) {
        recentA[cursor] = powf(10, levelsDBFS.0 / 10)
        recentB[cursor] = powf(10, levelsDBFS.1 / 10)
        cursor = cursor + 1 == Self.smoothingFrames ? 0 : cursor + 1
        guard speechLike else { return }
        let (a, b) = (recentA.sum(), recentB.sum())
        let difference = max(-60, min(60, 10 * log10f(max(a, 1e-12) / max(b, 1e-12))))
        histogram[Int(((difference + 60) / Self.resolutionDB).rounded())] += 1
        compared += 1
    }

    /// When each channel carries both parties, its own one only 3-10 dB louder (a recorder
    /// mixing the legs, a headset bleeding both ways), the level differences gather at +d when
    /// one party speaks and at -d when the other does: that d in dB, when at least
    /// `minimumShare` of the compared frames lie within `toleranceDB` of +d or -d and at least
    /// 10 % at each; otherwise nil. (A one-way leak 10 dB down or more is the leak check's.)
    public var mutualBleedDB: Float? {
        guard compared >= Self.minimumFrames, !sameAudio else { return nil }
        let reach = Int((Self.toleranceDB / Self.resolutionDB).rounded())
        func share(around offset: Float) -> Double {
            let center = Int(((offset + 60) / Self.resolutionDB).rounded())
            let count = histogram[max(0, center - reach)...min(Self.binCount - 1, center + reach)].reduce(0) { $0 + Int($1) }
            return Double(count) / Double(compared)
        }
        var best: (share: Double, offset: Float)?
        for offset in stride(from: Float(3), through: Self.maximumOffsetDB, by: Self.resolutionDB) {
            let (up, down) = (share(around: offset), share(around: -offset))
            guard min(up, down) >= 0.1, up + down >= Self.minimumShare, up + down > best?.share ?? 0 else { continue }
            best = (up + down, offset)
        }
        guard let found = best?.offset else { return nil }
        // Every offset within the tolerance of the true one gathers as much: the offset is the
        // mean size of the differences gathered at the first one that does.
        var sum: Float = 0, count = 0
        for sign: Float in [1, -1] {
            let center = Int(((sign * found + 60) / Self.resolutionDB).rounded())
            for bin in max(0, center - reach)...min(Self.binCount - 1, center + reach) {
                sum += abs(Float(bin) * Self.resolutionDB - 60) * Float(histogram[bin])
                count += Int(histogram[bin])
            }
        }
        return count > 0 ? sum / Float(count) : found
    }

    /// Whether the frames added so far say the two channels carry the same audio.
    public var sameAudio: Bool {
        guard compared >= Self.minimumFrames, let peak = histogram.indices.max(by: { histogram[$0] < histogram[$1] }) else {
            return false
        }
        let offset = Float(peak) * Self.resolutionDB - 60
        guard abs(offset) < Self.maximumOffsetDB else { return false }
        let reach = Int((Self.toleranceDB / Self.resolutionDB).rounded())
        let near = histogram[max(0, peak - reach)...min(Self.binCount - 1, peak + reach)].reduce(0) { $0 + Int($1) }
        return Double(near) >= Self.minimumShare * Double(compared)
    }
}
