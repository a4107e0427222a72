import Foundation

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

    /// Two thresholds of this unit as a checklist writes them, for messages.
    public var exampleRange: String {
        switch self {
        case .seconds: "[2s, 5s]"
        case .ratio: "[30%, 70%]"
        case .count: "[1, 3]"
        case .lufs: "[-26 LUFS, -20 LUFS]"
        case .lu: "[3 LU, 12 LU]"
        case .dbfs: "[-28 dBFS, -16 dBFS]"
        case .dbtp: "[-6 dBTP, -1 dBTP]"
        case .decibels: "[15 dB, 40 dB]"
        }
    }

    /// How a value of this unit is written for people, e.g. `5 s`, `30 %`, `-23 LUFS`, to
    /// `places` decimals (of the percentage, for a ratio).
    public func format(_ value: Double, places: Int = 2) -> String {
        switch self {
        case .seconds: "\(Self.trim(value, places: places)) s"
        case .ratio: "\(Self.trim(value * 100, places: places)) %"
        case .count: Self.trim(value, places: places)
        default: "\(Self.trim(value, places: places)) \(rawValue)"
        }
    }

    /// `value` as `format(_:places:)` writes it, in this unit's own terms (a ratio, not its
    /// percentage): what a reader of the text takes the value to be.
    public func shown(_ value: Double, places: Int = 2) -> Double {
        guard abs(value) < 1e15 else { return value }
        let scale = pow(10, Double(self == .ratio ? places + 2 : places))
        return (value * scale).rounded() / scale
    }

    /// The fewest decimals, from 2 up to 6, that write `value` as it is (thresholds such as `5ms`
    /// read "0.01 s" to 2), or 6.
    public func places(toShow value: Double) -> Int {
        (2...6).first { abs(shown(value, places: $0) - value) <= 1e-12 * max(1, abs(value)) } ?? 6
    }

    /// `value` to `places` decimals (2 unless told), whole numbers without a decimal point, no
    /// trailing zeros; beyond 1e15 (a threshold such as `1e300`) or not finite, as Swift prints a
    /// Double (`1e+300`, `inf`).
    static func trim(_ value: Double, places: Int = 2) -> String {
        guard abs(value) < 1e15 else { return String(value) }
        let scale = pow(10, Double(places))
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        guard places > 2 else { return String(rounded) }
        var text = String(format: "%.\(places)f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
