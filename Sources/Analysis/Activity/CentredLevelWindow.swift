/// The speech-band levels (dBFS) of the frames within `halfWidth` frames either side of the frame
/// being classified: their lowest, mean and standard deviation, kept as the window slides one
/// frame at a time (the frames ahead come from the detector's look-ahead). Memory is the window,
/// whatever the call's length.
struct CentredLevelWindow: Sendable {
    let halfWidth: Int
    /// The window's levels, oldest first from `start` (a ring of `2 * halfWidth + 1`).
    private var levels: [Float]
    private var start = 0
    /// The slots of `levels` that may still be the window's lowest, their levels increasing (a
    /// ring as long, from `minimaStart`, `minimaCount` of them).
    private var minima: [Int]
    private var minimaStart = 0
    private var minimaCount = 0
    /// The frames in the window: `first..<nextFrame`.
    private var first = 0
    /// The next frame `append` adds.
    private(set) var nextFrame = 0
    private var sum = 0.0
    private var squareSum = 0.0

    init(halfWidth: Int) {
        precondition(halfWidth >= 0)
        self.halfWidth = halfWidth
        levels = Array(repeating: 0, count: 2 * halfWidth + 1)
        minima = Array(repeating: 0, count: 2 * halfWidth + 1)
    }

    /// The frames in the window.
    var count: Int { nextFrame - first }

    /// `index + offset` in a ring of `levels.count` slots (offset at most that many).
    @inline(__always)
    private func slot(_ index: Int, plus offset: Int) -> Int {
        let position = index + offset
        return position >= levels.count ? position - levels.count : position
    }

    /// Adds frame `nextFrame` at `level` dBFS.
    mutating func append(_ level: Float) {
        if count == levels.count { dropFirst() }
        let position = slot(start, plus: count)
        levels[position] = level
        sum += Double(level)
        squareSum += Double(level) * Double(level)
        while minimaCount > 0, levels[minima[slot(minimaStart, plus: minimaCount - 1)]] >= level {
            minimaCount -= 1
        }
        minima[slot(minimaStart, plus: minimaCount)] = position
        minimaCount += 1
        nextFrame += 1
    }

    /// Moves the window's start past the frames before `frame`.
    mutating func drop(before frame: Int) {
        while first < min(frame, nextFrame) { dropFirst() }
    }

    private mutating func dropFirst() {
        let level = Double(levels[start])
        sum -= level
        squareSum -= level * level
        if minimaCount > 0, minima[minimaStart] == start {
            minimaStart = slot(minimaStart, plus: 1)
            minimaCount -= 1
        }
        start = slot(start, plus: 1)
        first += 1
    }

    /// The lowest level in the window (dBFS; infinity when empty).
    var lowest: Float { minimaCount > 0 ? levels[minima[minimaStart]] : .infinity }

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
