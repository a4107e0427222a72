/// The speech-band levels (dBFS) of the last `2 * halfWidth + 1` frames appended: appended up to
/// `halfWidth` frames ahead of the frame being classified (the detector's look-ahead), the
/// window centred on it. Its lowest level and low percentiles (`LevelPercentileTracker`, to
/// 0.25 dB), mean and standard deviation. Memory is the window, whatever the call's length.
struct CentredLevelWindow: Sendable {
    let halfWidth: Int
    /// The window's levels, by append order modulo its length (for the running sums).
    private var levels: [Float]
    private var percentiles: LevelPercentileTracker
    /// Frames appended so far.
    private(set) var nextFrame = 0
    private var sum = 0.0
    private var squareSum = 0.0

    init(halfWidth: Int) {
        precondition(halfWidth >= 0)
        self.halfWidth = halfWidth
        levels = Array(repeating: 0, count: 2 * halfWidth + 1)
        percentiles = LevelPercentileTracker(windowFrames: 2 * halfWidth + 1, percentiles: [0, 5, 20])
    }

    /// The frames in the window.
    var count: Int { min(nextFrame, levels.count) }

    /// Adds frame `nextFrame` at `level` dBFS (the oldest frame leaves a full window).
    mutating func append(_ level: Float) {
        let slot = nextFrame % levels.count
        if nextFrame >= levels.count {
            let old = Double(levels[slot])
            sum -= old
            squareSum -= old * old
        }
        levels[slot] = level
        sum += Double(level)
        squareSum += Double(level) * Double(level)
        percentiles.push(level)
        nextFrame += 1
    }

    /// The lowest level in the window (dBFS, to 0.25 dB; infinity when empty).
    var lowest: Float { count > 0 ? percentiles.percentile(0) : .infinity }

    /// How far the window's 20th percentile level lies over its 5th, in dB (0 when empty): small
    /// when the window's quietest frames are a steady noise, over which a voice may speak.
    var quietSpreadDB: Float { count > 0 ? percentiles.percentile(2) - percentiles.percentile(1) : 0 }

    /// The mean level in the window (dBFS; -infinity when empty).
    var mean: Float { count > 0 ? Float(sum / Double(count)) : -.infinity }

    /// The standard deviation of the levels in the window, in dB (infinity when empty).
    var deviationDB: Float {
        guard count > 0 else { return .infinity }
        let n = Double(count)
        let mean = sum / n
        return Float(max(0, squareSum / n - mean * mean).squareRoot())
    }
}
