import Analysis

/// Whether `a` and `b` differ by at most `tolerance`.
public func isApproximatelyEqual(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
    abs(a - b) <= tolerance
}

/// Frame-level agreement of two span lists at `resolution` seconds over `[0, duration)`.
public struct FrameAgreement: Sendable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0
    public var trueNegatives = 0

    public init(reference: [TimeSpan], hypothesis: [TimeSpan], durationSeconds: Double, resolution: Double = 0.01) {
        let frames = Int(durationSeconds / resolution)
        func mask(_ spans: [TimeSpan]) -> [Bool] {
            var m = [Bool](repeating: false, count: frames)
            for span in spans {
                let start = max(0, Int((span.startSeconds / resolution).rounded()))
                let end = min(frames, Int((span.endSeconds / resolution).rounded()))
                if start < end { for i in start..<end { m[i] = true } }
            }
            return m
        }
        let r = mask(reference), h = mask(hypothesis)
        for i in 0..<frames {
            switch (r[i], h[i]) {
            case (true, true): truePositives += 1
            case (false, true): falsePositives += 1
            case (true, false): falseNegatives += 1
            case (false, false): trueNegatives += 1
            }
        }
    }

    public var precision: Double { Double(truePositives) / Double(max(1, truePositives + falsePositives)) }
    public var recall: Double { Double(truePositives) / Double(max(1, truePositives + falseNegatives)) }
    public var f1: Double {
        let p = precision, r = recall
        return p + r > 0 ? 2 * p * r / (p + r) : (truePositives + falsePositives + falseNegatives == 0 ? 1 : 0)
    }
}
