import Analysis

/// Set operations on sorted lists of time spans. Inputs need not be sorted or disjoint.
public enum SpanAlgebra {
    /// Sorts the spans and merges those that overlap or touch.
    public static func normalized(_ spans: [TimeSpan]) -> [TimeSpan] {
        let sorted = spans.filter { $0.durationSeconds > 0 }.sorted()
        var result: [TimeSpan] = []
        result.reserveCapacity(sorted.count)
        for span in sorted {
            if let last = result.last, span.startSeconds <= last.endSeconds {
                result[result.count - 1].endSeconds = max(last.endSeconds, span.endSeconds)
            } else {
                result.append(span)
            }
        }
        return result
    }

    /// The union of two span lists.
    public static func union(_ a: [TimeSpan], _ b: [TimeSpan]) -> [TimeSpan] {
        normalized(a + b)
    }

    /// The time covered by both lists.
    public static func intersection(_ a: [TimeSpan], _ b: [TimeSpan]) -> [TimeSpan] {
        let x = normalized(a), y = normalized(b)
        var i = 0, j = 0
        var result: [TimeSpan] = []
        while i < x.count, j < y.count {
            let start = max(x[i].startSeconds, y[j].startSeconds)
            let end = min(x[i].endSeconds, y[j].endSeconds)
            if end > start { result.append(TimeSpan(start, end)) }
            if x[i].endSeconds < y[j].endSeconds { i += 1 } else { j += 1 }
        }
        return result
    }

    /// The parts of `[0, durationSeconds)` not covered by `spans`.
    public static func complement(_ spans: [TimeSpan], within durationSeconds: Double) -> [TimeSpan] {
        var result: [TimeSpan] = []
        var cursor = 0.0
        for span in normalized(spans) {
            let start = min(max(span.startSeconds, 0), durationSeconds)
            if start > cursor { result.append(TimeSpan(cursor, start)) }
            cursor = max(cursor, min(span.endSeconds, durationSeconds))
        }
        if durationSeconds > cursor { result.append(TimeSpan(cursor, durationSeconds)) }
        return result
    }

    /// The parts of `a` not covered by `b`.
    public static func subtract(_ a: [TimeSpan], _ b: [TimeSpan]) -> [TimeSpan] {
        guard !b.isEmpty else { return normalized(a) }
        let end = max(a.map(\.endSeconds).max() ?? 0, b.map(\.endSeconds).max() ?? 0)
        return intersection(a, complement(b, within: end))
    }
}
