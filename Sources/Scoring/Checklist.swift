import Conversation

/// How a checklist item compares the measured value with its threshold(s).
public enum Comparison: String, Sendable, CaseIterable {
    case lessThan = "<"
    case lessOrEqual = "<="
    case greaterThan = ">"
    case greaterOrEqual = ">="
    case equal = "=="
    case notEqual = "!="
    case between
    case outside

    /// Whether the comparison takes two thresholds (`[low, high]`).
    public var isRange: Bool { self == .between || self == .outside }

    /// Whether `value` satisfies the comparison against `low` (and `high` for ranges).
    public func holds(_ value: Double, _ low: Double, _ high: Double) -> Bool {
        switch self {
        case .lessThan: value < low
        case .lessOrEqual: value <= low
        case .greaterThan: value > low
        case .greaterOrEqual: value >= low
        case .equal: abs(value - low) < 1e-9
        case .notEqual: abs(value - low) >= 1e-9
        case .between: value >= low && value <= high
        case .outside: value < low || value > high
        }
    }
}

/// A condition on a metric's value: a comparison and one or two thresholds (in the metric's unit).
public struct Condition: Sendable, Hashable {
    public var comparison: Comparison
    public var low: Double
    public var high: Double

    public init(comparison: Comparison, low: Double, high: Double) {
        self.comparison = comparison
        self.low = low
        self.high = high
    }

    public func holds(_ value: Double) -> Bool { comparison.holds(value, low, high) }

    /// Whether every value that meets this condition also meets `other`, a condition with the same
    /// comparison (a warning level or a partial-credit band beside the item's threshold).
    func implies(_ other: Condition) -> Bool {
        switch comparison {
        case .lessThan, .lessOrEqual: low <= other.low
        case .greaterThan, .greaterOrEqual: low >= other.low
        case .equal, .notEqual: low == other.low
        case .between: other.low <= low && high <= other.high
        case .outside: low <= other.low && other.high <= high
        }
    }

    /// The condition in words, e.g. `<= 5 s`, `between -28 LUFS and -16 LUFS`.
    /// Thresholds are written with the decimals they need (`5ms` read "< 0.01 s").
    public func describe(_ unit: MetricUnit) -> String {
        comparison.isRange
            ? "\(comparison.rawValue) \(unit.format(low, places: unit.places(toShow: low))) and \(unit.format(high, places: unit.places(toShow: high)))"
            : "\(comparison.rawValue) \(unit.format(low, places: unit.places(toShow: low)))"
    }
}

/// What an item does when its metric does not apply to a call.
public enum NotApplicablePolicy: String, Sendable, CaseIterable {
    /// Leave the item out of the score (the default).
    case exclude
    /// Count it as passed.
    case pass
    /// Count it as failed.
    case fail
}

/// A partial-credit band: when the main condition fails but this one holds, the item earns
/// `credit` (0-1).
public struct CreditBand: Sendable, Hashable {
    public var condition: Condition
    public var credit: Double
}

/// A counting rule: how many events of a list meet a duration condition.
public struct CountRule: Sendable, Hashable {
    /// The event list (see `MetricCatalog.eventLists`).
    public var list: String
    /// The condition each counted event's duration (seconds) meets.
    public var condition: Condition
}

/// One checked item of a checklist.
public struct ChecklistItem: Sendable, Hashable {
    public var id: String
    public var section: String
    public var description: String
    /// The metric name, or the counting expression as written (`count(dead_air >= 8s)`).
    public var metric: String
    public var unit: MetricUnit
    /// Set when the item counts events instead of reading a metric.
    public var counting: CountRule?
    /// Full credit when this holds.
    public var pass: Condition
    /// When set, a passing value that does not also meet this stricter condition is a warning.
    public var warn: Condition?
    public var bands: [CreditBand]
    /// Relative weight (> 0).
    public var weight: Double
    /// A failed critical item fails the call whatever the score.
    public var critical: Bool
    public var whenNotApplicable: NotApplicablePolicy
}

/// Which calls a checklist scores: metadata fields with their accepted values (compared as
/// `MetadataValue.same`: case-insensitive, spaces around ignored) and duration bounds. A call without a field is not excluded by it.
public struct Applicability: Sendable, Hashable {
    public var fields: [String: [String]]
    public var minimumDurationSeconds: Double?
    public var maximumDurationSeconds: Double?

    public init(fields: [String: [String]] = [:], minimumDurationSeconds: Double? = nil, maximumDurationSeconds: Double? = nil) {
        self.fields = fields
        self.minimumDurationSeconds = minimumDurationSeconds
        self.maximumDurationSeconds = maximumDurationSeconds
    }

    /// Why the checklist does not apply to a call with this metadata and length (the first
    /// condition it misses, in words), or `nil` when it applies.
    public func mismatch(metadata: [String: String], durationSeconds: Double) -> String? {
        if let minimum = minimumDurationSeconds, durationSeconds < minimum {
            return "the call lasts \(MetricUnit.seconds.format(durationSeconds)), under min_duration_s \(MetricUnit.seconds.format(minimum))"
        }
        if let maximum = maximumDurationSeconds, durationSeconds > maximum {
            return "the call lasts \(MetricUnit.seconds.format(durationSeconds)), over max_duration_s \(MetricUnit.seconds.format(maximum))"
        }
        for field in fields.keys.sorted() {
            guard let accepted = fields[field], let value = metadata[field] else { continue }
            if !accepted.contains(where: { MetadataValue.same($0, value) }) {
                return "\(field) is '\(value)', not \(accepted.joined(separator: " or "))"
            }
        }
        return nil
    }

    /// Whether the checklist applies to a call with this metadata and length.
    public func matches(metadata: [String: String], durationSeconds: Double) -> Bool {
        if let minimum = minimumDurationSeconds, durationSeconds < minimum { return false }
        if let maximum = maximumDurationSeconds, durationSeconds > maximum { return false }
        for (field, accepted) in fields {
            guard let value = metadata[field] else { continue }
            if !accepted.contains(where: { MetadataValue.same($0, value) }) { return false }
        }
        return true
    }
}

/// A QA checklist, as a supervisor wrote it (see docs/checklists.md).
public struct Checklist: Sendable {
    public var id: String
    public var name: String
    public var version: String
    public var description: String
    /// Minimum score (0-100) to pass.
    public var passMark: Double
    public var appliesTo: Applicability
    /// Conversation parameters this checklist sets (defaults otherwise); recorded in reports.
    public var parameters: ConversationParameters
    public var items: [ChecklistItem]
    /// SHA-256 of the file's bytes, hex.
    public var contentHash: String
    /// Where it was loaded from.
    public var path: String
    /// The sections' names (`name:`), by section id; a section without one is absent.
    public var sectionNames: [String: String] = [:]
    /// Where the `id` value is written (1-based line and column), for problems found across
    /// files, such as two checklists with one id; 0 when not read from text.
    public var idLine = 0
    public var idColumn = 0
}
