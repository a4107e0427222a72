import Scoring

/// A call's verdict over its checklist results: the one rule for the report's `score` and
/// `passed`, the terminal summary and the scorecards (docs/metrics.md, "Score arithmetic").
///
/// Only results with a verdict count: a `not_applicable` result (none of its items measurable on
/// the call, such as a checklist of per-party items on a mono recording) neither passes nor fails
/// it, and is never what the call's score is taken from. So a failed checklist that applies
/// always shows, whatever checklist comes before it.
public struct CallVerdict: Sendable, Equatable {
    /// The score (0-100) of the first result with a verdict, in command-line order; `nil` when
    /// none has one.
    public var score: Double?
    /// Whether every result with a verdict passed; `nil` when none has one.
    public var passed: Bool?
    /// Whether a result failed a critical item.
    public var criticalFail: Bool
    /// The pass mark of the result `score` is taken from; `nil` when none has a verdict.
    public var passMark: Double?

    public init(_ results: [ChecklistResultReport]) {
        let decided = results.filter(\.hasVerdict)
        score = decided.first?.score
        passMark = decided.first?.passMark
        passed = decided.isEmpty ? nil : decided.allSatisfy { $0.passed == true }
        criticalFail = decided.contains { $0.criticalFail }
    }
}

extension CallReport {
    /// The call's score as a person reads it, with `places` decimals or more when fewer would
    /// carry it across its pass mark (`ChecklistScore.text`); `nil` when it has none.
    public func scoreText(places: Int) -> String? {
        score.map { ChecklistScore.text($0, passMark: CallVerdict(checklists).passMark, places: places) }
    }
}

extension ChecklistResultReport {
    /// The score as a person reads it (`ChecklistScore.text`); `n/a` when none.
    public func scoreText(places: Int) -> String {
        score.map { ChecklistScore.text($0, passMark: passMark, places: places) } ?? "n/a"
    }

    /// Whether the checklist passed or failed the call (it is not `not_applicable`).
    public var hasVerdict: Bool { status != "not_applicable" && passed != nil }
}
