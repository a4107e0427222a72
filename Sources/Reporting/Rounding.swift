/// Fixed rounding of reported numbers, so reports are deterministic and diff cleanly:
/// seconds to the millisecond, levels to the hundredth of a dB, ratios to 4 decimals.
public enum Rounding {
    /// Seconds to 3 decimals.
    public static func seconds(_ value: Double) -> Double { round(value, places: 3) }
    /// Decibel-like levels (dBFS, LUFS, LU, dB) to 2 decimals.
    public static func decibels(_ value: Double) -> Double { round(value, places: 2) }
    /// Ratios (0-1) to 4 decimals.
    public static func ratio(_ value: Double) -> Double { round(value, places: 4) }

    public static func round(_ value: Double, places: Int) -> Double {
        guard value.isFinite else { return value }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return rounded == 0 ? 0 : rounded  // no "-0"
    }
}

/// A `[start_s, end_s]` pair as it appears in reports.
public struct SpanPair: Codable, Sendable, Hashable {
    public var startSeconds: Double
    public var endSeconds: Double

    public init(_ startSeconds: Double, _ endSeconds: Double) {
        self.startSeconds = Rounding.seconds(startSeconds)
        self.endSeconds = Rounding.seconds(endSeconds)
    }

    public init(from decoder: Decoder) throws {
        var container = try decoder.unkeyedContainer()
        startSeconds = try container.decode(Double.self)
        endSeconds = try container.decode(Double.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(startSeconds)
        try container.encode(endSeconds)
    }
}
