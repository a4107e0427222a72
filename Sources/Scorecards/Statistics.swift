import Reporting

#if canImport(Glibc)
import Glibc
#endif

/// A mean with its 95 % confidence interval (Student's t), the median and the count.
public struct MeanEstimate: Codable, Sendable, Equatable {
    public var count: Int
    public var mean: Double
    public var median: Double
    /// Bounds of the 95 % confidence interval of the mean; `nil` with fewer than 2 values.
    public var low: Double?
    public var high: Double?

    /// `nil` for no values. The interval is clipped to `bounds` (scores cannot leave 0-100);
    /// every figure is rounded to 4 decimals.
    public init?(_ values: [Double], bounds: ClosedRange<Double>? = nil) {
        guard !values.isEmpty else { return nil }
        count = values.count
        mean = values.reduce(0, +) / Double(values.count)
        let sorted = values.sorted()
        median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        if values.count >= 2 {
            let mean = self.mean
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
            let half = Statistics.t975(degreesOfFreedom: values.count - 1) * (variance / Double(values.count)).squareRoot()
            low = mean - half
            high = mean + half
        }
        if let bounds {
            low = low.map { min(max($0, bounds.lowerBound), bounds.upperBound) }
            high = high.map { min(max($0, bounds.lowerBound), bounds.upperBound) }
        }
        mean = Rounding.round(mean, places: 4)
        median = Rounding.round(median, places: 4)
        low = low.map { Rounding.round($0, places: 4) }
        high = high.map { Rounding.round($0, places: 4) }
    }

    enum CodingKeys: String, CodingKey { case count, mean, median, low = "ci95_low", high = "ci95_high" }
}

/// A proportion with its 95 % Wilson score interval and the count it rests on.
public struct RateEstimate: Codable, Sendable, Equatable {
    public var count: Int
    public var successes: Int
    public var rate: Double
    public var low: Double
    public var high: Double

    /// `nil` for no trials.
    public init?(successes: Int, count: Int) {
        guard count > 0 else { return nil }
        self.count = count
        self.successes = successes
        rate = Double(successes) / Double(count)
        let z = 1.959963984540054, n = Double(count)
        let centre = (rate + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (rate * (1 - rate) / n + z * z / (4 * n * n)).squareRoot()
        rate = Rounding.round(rate, places: 4)
        low = Rounding.round(max(0, centre - half), places: 4)
        high = Rounding.round(min(1, centre + half), places: 4)
    }

    enum CodingKeys: String, CodingKey { case count, successes, rate, low = "ci95_low", high = "ci95_high" }
}

/// Small statistics helpers.
public enum Statistics {
    /// The 97.5 % quantile of Student's t distribution (two-sided 95 % interval).
    public static func t975(degreesOfFreedom df: Int) -> Double {
        let table: [Double] = [
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
            2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
        ]
        if df >= 1 && df <= table.count { return table[df - 1] }
        // Cornish-Fisher expansion around the normal quantile; under 0.001 off beyond 30.
        let z = 1.959963984540054, n = Double(max(df, 1))
        let g1 = (pow(z, 3) + z) / 4, g2 = (5 * pow(z, 5) + 16 * pow(z, 3) + 3 * z) / 96
        return z + g1 / n + g2 / (n * n)
    }

    /// Cohen's kappa of two raters' yes/no decisions on the same cases; `nil` when chance
    /// agreement is total (both raters always said the same single answer).
    public static func cohensKappa(_ pairs: [(Bool, Bool)]) -> Double? {
        guard !pairs.isEmpty else { return nil }
        let n = Double(pairs.count)
        let observed = Double(pairs.filter { $0.0 == $0.1 }.count) / n
        let firstYes = Double(pairs.filter { $0.0 }.count) / n
        let secondYes = Double(pairs.filter { $0.1 }.count) / n
        let chance = firstYes * secondYes + (1 - firstYes) * (1 - secondYes)
        guard chance < 1 else { return nil }
        return (observed - chance) / (1 - chance)
    }
}
