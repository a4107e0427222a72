import Conversation
import Scoring

/// One checklist item's result as reported.
public struct ItemResultReport: Codable, Sendable, Equatable {
    public var id: String
    public var section: String
    public var metric: String
    public var description: String
    /// `pass`, `warn`, `fail` or `na` (not applicable).
    public var status: String
    /// The measured value in `unit`; `null` when not applicable.
    public var measured: Double?
    public var unit: String
    /// The condition in words, e.g. `<= 5 s`.
    public var expected: String
    /// Credit earned, 0-1; `null` when not applicable.
    public var credit: Double?
    public var weight: Double
    public var critical: Bool
    /// One line a person understands.
    public var reason: String

    public init(
        id: String, section: String, metric: String, description: String, status: String, measured: Double?,
        unit: String, expected: String, credit: Double?, weight: Double, critical: Bool, reason: String
    ) {
        self.id = id
        self.section = section
        self.metric = metric
        self.description = description
        self.status = status
        self.measured = measured.map { Rounding.round($0, places: 4) }
        self.unit = unit
        self.expected = expected
        self.credit = credit.map { Rounding.round($0, places: 4) }
        self.weight = weight
        self.critical = critical
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case id, section, metric, description, status, measured, unit, expected, credit, weight, critical, reason
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(section, forKey: .section)
        try c.encode(metric, forKey: .metric)
        try c.encode(description, forKey: .description)
        try c.encode(status, forKey: .status)
        try c.encode(measured, forKey: .measured)
        try c.encode(unit, forKey: .unit)
        try c.encode(expected, forKey: .expected)
        try c.encode(credit, forKey: .credit)
        try c.encode(weight, forKey: .weight)
        try c.encode(critical, forKey: .critical)
        try c.encode(reason, forKey: .reason)
    }

    /// A critical item that earned no credit, which fails the call; a critical item in a
    /// partial-credit band (status `fail`, some credit) is a partial pass.
    public var isCriticalFailure: Bool { critical && status == "fail" && credit == 0 }

    /// The measured value as a person reads it, written as `expected` writes its thresholds
    /// (`MetricUnit.format`): `58 %` for a ratio, `2` for a count, `12.3 s`, `-23.2 LUFS`; `n/a`
    /// when not applicable. The HTML table showed `0.58 ratio` and `2.00 count` next to
    /// `between 30 % and 70 %` and `<= 2`.
    public var measuredText: String {
        guard let measured else { return "n/a" }
        // A unit this version does not know (a report from another version): the number as is.
        guard let known = MetricUnit(rawValue: unit) else { return "\(measured) \(unit)" }
        return known.format(measured)
    }
}

/// One checklist's result for a call.
public struct ChecklistResultReport: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var version: String
    public var contentHash: String
    /// `pass`, `fail`, `critical_fail` or `not_applicable` (no item applied).
    public var status: String
    /// 100 x sum(weight x credit) / sum(weight of applicable items); `null` when none applied.
    public var score: Double?
    public var passMark: Double
    /// Score (as reported) at or above the pass mark and no critical failure; `null` when no item applied (the
    /// call is neither a pass nor a fail of this checklist).
    public var passed: Bool?
    public var criticalFail: Bool
    /// The conversation parameters this checklist's metrics were computed with.
    public var parameters: ConversationParameters
    public var items: [ItemResultReport]

    public init(
        id: String, name: String, version: String, contentHash: String, status: String, score: Double?,
        passMark: Double, passed: Bool?, criticalFail: Bool, parameters: ConversationParameters, items: [ItemResultReport]
    ) {
        self.parameters = parameters
        self.id = id
        self.name = name
        self.version = version
        self.contentHash = contentHash
        self.status = status
        self.score = score.map(ChecklistScore.reported)
        self.passMark = passMark
        self.passed = passed
        self.criticalFail = criticalFail
        self.items = items
    }

    enum CodingKeys: String, CodingKey {
        case id, name, version, contentHash = "content_hash", status, score, passMark = "pass_mark", passed
        case criticalFail = "critical_fail", parameters, items
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(version, forKey: .version)
        try c.encode(contentHash, forKey: .contentHash)
        try c.encode(status, forKey: .status)
        try c.encode(score, forKey: .score)
        try c.encode(passMark, forKey: .passMark)
        try c.encode(passed, forKey: .passed)
        try c.encode(criticalFail, forKey: .criticalFail)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(items, forKey: .items)
    }
}

extension ChecklistResultReport {
    /// A sentence for the HTML report when this checklist's items were measured with other
    /// parameters than the call's conversation facts (`conversation`, which the timeline draws):
    /// checklists applied to one call that disagree on parameters leave the facts at the
    /// defaults. `nil` when they are the same, or the call has no conversation facts.
    public func parametersNote(against conversation: ConversationReport?) -> String? {
        guard let used = conversation?.parameters, used != parameters else { return nil }
        let seconds = { (value: Double) in MetricUnit.seconds.format(value, places: MetricUnit.seconds.places(toShow: value)) }
        let own = [
            "dead_air_min_s \(seconds(parameters.deadAirMinimumSeconds))",
            "interruption_min_overlap_s \(seconds(parameters.interruptionMinimumOverlapSeconds))",
            "backchannel_max_s \(seconds(parameters.backchannelMaximumSeconds))",
        ]
        let theirs = [used.deadAirMinimumSeconds, used.interruptionMinimumOverlapSeconds, used.backchannelMaximumSeconds].map(seconds)
        return "This checklist's items are measured with its own parameters, \(own.joined(separator: ", ")); "
            + "the timeline and conversation facts with \(theirs.joined(separator: ", "))."
    }
}
