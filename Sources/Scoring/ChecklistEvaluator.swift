import Analysis
import Conversation

/// How one item came out on a call.
public enum ItemStatus: String, Sendable {
    case pass
    /// Passed (full credit), but beyond the warning threshold.
    case warn
    /// Partial or no credit. On a critical item only no credit fails the call (`ItemResult.isCriticalFailure`).
    case fail
    /// The metric does not apply to this call; excluded from the score unless the item says otherwise.
    case notApplicable = "na"
}

/// One item's result on a call.
public struct ItemResult: Sendable {
    public var item: ChecklistItem
    public var status: ItemStatus
    /// The measured value in the item's unit; `nil` when not applicable.
    public var measured: Double?
    /// Credit earned (0-1); `nil` when excluded from the score.
    public var credit: Double?
    /// One line a person understands.
    public var reason: String

    /// A critical item that earned no credit: the call fails whatever the score. A critical item
    /// in a partial-credit band is a partial pass (its credit counts, the call does not fail on it).
    public var isCriticalFailure: Bool { item.critical && status == .fail && credit == 0 }
}

/// A checklist's result on a call.
public struct ChecklistResult: Sendable {
    public var checklist: Checklist
    public var items: [ItemResult]
    /// 100 x sum(weight x credit) / sum(weight of applicable items); `nil` when no item applies.
    public var score: Double?
    /// A critical item earned no credit: the call fails whatever the score.
    public var criticalFail: Bool
    /// Score as reported (`ChecklistScore`) at or above the pass mark, and no critical failure.
    public var passed: Bool

    /// `pass`, `fail`, `critical_fail` or `not_applicable`.
    public var status: String {
        if criticalFail { return "critical_fail" }
        if score == nil { return "not_applicable" }
        return passed ? "pass" : "fail"
    }
}

/// Scores a call against a checklist. Pure: no I/O.
public enum ChecklistEvaluator {
    public static func evaluate(_ checklist: Checklist, measurements: CallMeasurements) -> ChecklistResult {
        let call = measurements.withConversationParameters(checklist.parameters)
        var results: [ItemResult] = []
        var earned = 0.0, possible = 0.0
        var criticalFail = false
        for item in checklist.items {
            let result = evaluate(item, on: call)
            if let credit = result.credit {
                earned += item.weight * credit
                possible += item.weight
            }
            if result.isCriticalFailure { criticalFail = true }
            results.append(result)
        }
        let score = possible > 0 ? 100 * earned / possible : nil
        return ChecklistResult(
            checklist: checklist, items: results, score: score, criticalFail: criticalFail,
            passed: !criticalFail && (score.map { ChecklistScore.passes($0, passMark: checklist.passMark) } ?? false))
    }

    static func evaluate(_ item: ChecklistItem, on call: CallMeasurements) -> ItemResult {
        let expected = item.pass.describe(item.unit)
        let reading: Double?
        if let rule = item.counting {
            reading = MetricCatalog.eventList(named: rule.list)?.durations(call).map { durations in
                Double(durations.filter { rule.condition.holds($0) }.count)
            }
        } else {
            reading = MetricCatalog.metric(named: item.metric)?.value(call)
        }
        guard let value = reading, value.isFinite else {
            let why = call.isMono ? "not measurable on a mono recording" : "not applicable to this call"
            switch item.whenNotApplicable {
            case .exclude:
                return ItemResult(item: item, status: .notApplicable, measured: nil, credit: nil, reason: "\(item.metric) is \(why); item left out of the score")
            case .pass:
                return ItemResult(item: item, status: .pass, measured: nil, credit: 1, reason: "\(item.metric) is \(why); counted as passed as the checklist asks")
            case .fail:
                return ItemResult(item: item, status: .fail, measured: nil, credit: 0, reason: "\(item.metric) is \(why); counted as failed as the checklist asks")
            }
        }
        // The value with the decimals that keep it on its side of every threshold: a true peak
        // of -0.996 dBTP failing "<= -1 dBTP" read "= -1 dBTP, expected <= -1 dBTP".
        let conditions = [item.pass] + (item.warn.map { [$0] } ?? []) + item.bands.map(\.condition)
        let places = (2...6).first { places in
            conditions.allSatisfy { $0.holds(item.unit.shown(value, places: places)) == $0.holds(value) }
        } ?? 6
        let shown = item.unit.format(value, places: places)
        if item.pass.holds(value) {
            if let warn = item.warn, !warn.holds(value) {
                return ItemResult(item: item, status: .warn, measured: value, credit: 1,
                                  reason: "\(item.metric) = \(shown): passes \(expected) but misses the warning level \(warn.describe(item.unit))")
            }
            return ItemResult(item: item, status: .pass, measured: value, credit: 1, reason: "\(item.metric) = \(shown), expected \(expected)")
        }
        if let band = item.bands.first(where: { $0.condition.holds(value) }) {
            return ItemResult(item: item, status: .fail, measured: value, credit: band.credit,
                              reason: "\(item.metric) = \(shown) misses \(expected) but meets \(band.condition.describe(item.unit)): \(MetricUnit.trim(band.credit * 100)) % credit"
                                + (item.critical ? " (a partial pass: only no credit on this critical item fails the call)" : ""))
        }
        return ItemResult(item: item, status: .fail, measured: value, credit: 0,
                          reason: "\(item.metric) = \(shown), expected \(expected)\(item.critical ? " (critical)" : "")")
    }
}
