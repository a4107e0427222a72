import Analysis

extension Array where Element == TimeSpan {
    /// How much of these spans lies inside `others` and how much outside them, in seconds (both
    /// lists sorted and disjoint).
    public func split(inside others: [TimeSpan]) -> (inside: Double, outside: Double) {
        let inside = reduce(0.0) { sum, span in
            sum + others.reduce(0.0) { $0 + Swift.max(0, Swift.min($1.endSeconds, span.endSeconds) - Swift.max($1.startSeconds, span.startSeconds)) }
        }
        return (inside, totalSeconds - inside)
    }
}
