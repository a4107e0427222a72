/// Whether the two channels of a call carry the same audio: a mono recording stored as stereo, or
/// one mix copied to both sides. Then each channel holds both parties, and per-party facts
/// (overlap, interruptions, each party's talk) cannot be measured from them.
///
/// Streaming and constant memory: over the frames where either channel looks like speech (or a
/// held vowel), a histogram of the level difference between the channels. Two parties on their
/// own channels differ by tens of dB, one way when one speaks and the other way when the other
/// does; a leak (echo, crosstalk) is at least `maximumOffsetDB` quieter than its source; the same
/// audio twice differs by one constant gain.
public struct ChannelSimilarity: Sendable, Hashable {
    /// Width of a histogram bin, in dB.
    public static let resolutionDB: Float = 0.5
    /// The channels carry the same audio when at least this share of the compared frames lie
    /// within `toleranceDB` of the most common level difference...
    public static let minimumShare = 0.9
    public static let toleranceDB: Float = 1
    /// ... that difference is under this, in dB (a quieter copy beyond it is reported as leak)...
    public static let maximumOffsetDB: Float = 10
    /// ... and at least this many frames (1 s at 10 ms) were compared.
    public static let minimumFrames = 100

    private static let binCount = 2 * Int(60 / resolutionDB) + 1
    private var histogram = [Int32](repeating: 0, count: binCount)
    private var compared = 0

    public init() {}

    /// Adds one frame of both channels: their levels (dBFS) and whether either looks like speech.
    public mutating func add(levelsDBFS: (Float, Float), speechLike: Bool) {
        guard speechLike else { return }
        let difference = max(-60, min(60, levelsDBFS.0 - levelsDBFS.1))
        histogram[Int(((difference + 60) / Self.resolutionDB).rounded())] += 1
        compared += 1
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
