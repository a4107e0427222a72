/// Low percentiles of a channel's frame levels over a sliding window, in dBFS. Streaming, constant
/// memory: a histogram of the window's levels (quantised to `resolutionDB`) and a ring of the
/// window's bins; each percentile keeps a cursor into the histogram that moves a few bins per frame.
///
/// Used as the noise floor of the speech-activity detector: a low percentile follows noise that
/// itself fluctuates (office babble) where the minimum of the window would sit far below it.
public struct LevelPercentileTracker: Sendable {
    /// Width of a histogram bin, in dB.
    public static let resolutionDB: Float = 0.25
    /// Levels are clamped to this range, in dBFS.
    public static let lowestDBFS: Float = -140
    public static let highestDBFS: Float = 20

    private let fractions: [Double]
    private var histogram: [Int32]
    private var ring: [UInt16]
    private var cursor = 0
    private var count = 0
    /// Per percentile: the bin that holds it and the number of levels in lower bins.
    private var bins: [Int]
    private var below: [Int]

    /// - Parameters:
    ///   - windowFrames: Length of the window, in frames.
    ///   - percentiles: The percentiles to track (0-100), e.g. `[5, 20]`.
    public init(windowFrames: Int, percentiles: [Double]) {
        precondition(!percentiles.isEmpty && percentiles.allSatisfy { (0...100).contains($0) })
        fractions = percentiles.map { $0 / 100 }
        let binCount = Int(((Self.highestDBFS - Self.lowestDBFS) / Self.resolutionDB).rounded()) + 1
        histogram = Array(repeating: 0, count: binCount)
        ring = Array(repeating: 0, count: max(1, windowFrames))
        bins = Array(repeating: 0, count: percentiles.count)
        below = Array(repeating: 0, count: percentiles.count)
    }

    /// The `index`th tracked percentile (in the order given to `init`) of the window, in dBFS.
    public func percentile(_ index: Int) -> Float {
        Self.lowestDBFS + Float(bins[index]) * Self.resolutionDB
    }

    /// The level at `fraction` (0-1) of the window's sorted levels (nearest rank, rounded down),
    /// in dBFS: any percentile, found by walking the histogram up from the highest tracked
    /// percentile under it.
    public func level(atFraction fraction: Double) -> Float {
        guard count > 0 else { return Self.lowestDBFS }
        let rank = Int(min(1, max(0, fraction)) * Double(count - 1))
        var bin = 0
        var lower = 0
        for p in bins.indices where below[p] <= rank && bins[p] >= bin {
            bin = bins[p]
            lower = below[p]
        }
        while rank >= lower + Int(histogram[bin]) {
            lower += Int(histogram[bin])
            bin += 1
        }
        return Self.lowestDBFS + Float(bin) * Self.resolutionDB
    }

    /// Adds a frame level (dBFS) and updates the percentiles. Non-finite levels count as the
    /// lowest (NaN, -infinity) or highest (+infinity) level.
    public mutating func push(_ levelDBFS: Float) {
        if count == ring.count {
            let old = Int(ring[cursor])
            histogram[old] -= 1
            for p in bins.indices where old < bins[p] { below[p] -= 1 }
        } else {
            count += 1
        }
        let bin = Self.bin(of: levelDBFS, binCount: histogram.count)
        ring[cursor] = UInt16(bin)
        cursor = (cursor + 1) % ring.count
        histogram[bin] += 1
        for p in bins.indices where bin < bins[p] { below[p] += 1 }
        for p in bins.indices {
            // The level of 0-based rank r in the sorted window (nearest-rank, rounded down).
            let rank = Int(fractions[p] * Double(count - 1))
            while rank < below[p] {
                bins[p] -= 1
                below[p] -= Int(histogram[bins[p]])
            }
            while rank >= below[p] + Int(histogram[bins[p]]) {
                below[p] += Int(histogram[bins[p]])
                bins[p] += 1
            }
        }
    }

    private static func bin(of level: Float, binCount: Int) -> Int {
        guard level.isFinite else { return level == .infinity ? binCount - 1 : 0 }
        let index = Int(((level - lowestDBFS) / resolutionDB).rounded())
        return min(binCount - 1, max(0, index))
    }
}
