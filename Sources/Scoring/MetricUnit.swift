/// The unit of a metric, which fixes what units a checklist threshold may be written in.
public enum MetricUnit: String, Sendable, CaseIterable {
    case seconds = "s"
    case ratio = "ratio"
    case count = "count"
    case lufs = "LUFS"
    case lu = "LU"
    case dbfs = "dBFS"
    case dbtp = "dBTP"
    case decibels = "dB"

    /// How a value of this unit is written for people, e.g. `5 s`, `30 %`, `-23 LUFS`.
    public func format(_ value: Double) -> String {
        switch self {
        case .seconds: "\(Self.trim(value)) s"
        case .ratio: "\(Self.trim(value * 100)) %"
        case .count: Self.trim(value)
        default: "\(Self.trim(value)) \(rawValue)"
        }
    }

    /// `value` to 2 decimals, whole numbers without a decimal point; beyond 1e15 (a threshold
    /// such as `1e300`) or not finite, as Swift prints a Double (`1e+300`, `inf`).
    static func trim(_ value: Double) -> String {
        guard abs(value) < 1e15 else { return String(value) }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }
}
