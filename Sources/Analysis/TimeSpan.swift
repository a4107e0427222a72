/// A half-open interval of time `[startSeconds, endSeconds)` within a call, in seconds from the
/// start of the recording.
public struct TimeSpan: Hashable, Sendable, Comparable {
    /// Start of the span, in seconds.
    public var startSeconds: Double
    /// End of the span (exclusive), in seconds; never less than `startSeconds`.
    public var endSeconds: Double

    /// Creates a span; `end` is clamped so the span is never negative.
    public init(_ startSeconds: Double, _ endSeconds: Double) {
        self.startSeconds = startSeconds
        self.endSeconds = max(startSeconds, endSeconds)
    }

    /// Length of the span, in seconds.
    public var durationSeconds: Double { endSeconds - startSeconds }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool {
        (lhs.startSeconds, lhs.endSeconds) < (rhs.startSeconds, rhs.endSeconds)
    }

    /// Whether the two spans share some time (touching ends do not count).
    public func overlaps(_ other: TimeSpan) -> Bool {
        startSeconds < other.endSeconds && other.startSeconds < endSeconds
    }
}

extension Array where Element == TimeSpan {
    /// Total length of the spans, in seconds (assumes they do not overlap each other).
    public var totalSeconds: Double { reduce(0) { $0 + $1.durationSeconds } }
}
