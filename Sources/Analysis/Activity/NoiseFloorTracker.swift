/// Tracks a channel's noise floor as the minimum of its frame levels over a sliding window
/// (minimum statistics), in dBFS. Streaming, constant memory.
public struct NoiseFloorTracker: Sendable {
    private let framesPerSubwindow: Int
    private var subwindowMinima: [Float]
    private var nextSlot = 0
    private var filledSlots = 0
    private var currentMinimum: Float = .infinity
    private var framesInCurrent = 0

    /// - Parameters:
    ///   - windowFrames: Length of the memory, in frames.
    ///   - subwindows: Number of sub-windows the memory is kept in (its time resolution).
    public init(windowFrames: Int, subwindows: Int = 6) {
        framesPerSubwindow = max(1, windowFrames / max(1, subwindows))
        subwindowMinima = Array(repeating: .infinity, count: max(1, subwindows))
    }

    /// Adds a frame level (dBFS) and returns the current noise-floor estimate (dBFS).
    public mutating func push(_ levelDBFS: Float) -> Float {
        currentMinimum = min(currentMinimum, levelDBFS)
        framesInCurrent += 1
        if framesInCurrent == framesPerSubwindow {
            subwindowMinima[nextSlot] = currentMinimum
            nextSlot = (nextSlot + 1) % subwindowMinima.count
            filledSlots = min(filledSlots + 1, subwindowMinima.count)
            currentMinimum = .infinity
            framesInCurrent = 0
        }
        var floor = currentMinimum
        for slot in 0..<filledSlots { floor = min(floor, subwindowMinima[slot]) }
        return floor
    }
}
