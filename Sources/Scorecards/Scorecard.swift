import Analysis
import Foundation
import Reporting

/// What calls are grouped by.
public enum ScorecardGrouping: String, Codable, Sendable, CaseIterable {
    case agent, team, queue, campaign

    /// The metadata column that names the group.
    var metadataKey: String {
        switch self {
        case .agent: "agent_id"
        case .team: "team"
        case .queue: "queue"
        case .campaign: "campaign"
        }
    }
}

/// An inclusive range of call dates (`YYYY-MM-DD`), and the period of the same length before it.
public struct ScorecardPeriod: Codable, Sendable, Equatable {
    public var from: String
    public var to: String
    public var previousFrom: String
    public var previousTo: String

    /// `nil` when a date is not `YYYY-MM-DD` or `to` is before `from`.
    public init?(from: String, to: String) {
        guard let start = Self.day(from), let end = Self.day(to), start <= end else { return nil }
        let length = end - start + 1
        self.from = from
        self.to = to
        previousFrom = Self.string(start - length)
        previousTo = Self.string(start - 1)
    }

    /// Days since 1970-01-01 of a `YYYY-MM-DD` date.
    public static func day(_ text: String) -> Int? {
        let parts = text.split(separator: "-")
        guard text.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: y, month: m, day: d)),
            calendar.component(.day, from: date) == d
        else { return nil }
        return Int((date.timeIntervalSince1970 / 86_400).rounded())
    }

    static func string(_ day: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(day) * 86_400))
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    enum CodingKeys: String, CodingKey { case from, to, previousFrom = "previous_from", previousTo = "previous_to" }
}

/// Pass rate of one checklist item within a group.
public struct ItemPassRate: Codable, Sendable, Equatable {
    public var checklist: String
    public var item: String
    public var description: String
    public var critical: Bool
    /// Items that passed among those that applied (`warn` and `fail` do not pass).
    public var passRate: RateEstimate

    enum CodingKeys: String, CodingKey { case checklist, item, description, critical, passRate = "pass_rate" }
}

/// A call to listen to first.
public struct WorstCall: Codable, Sendable, Equatable {
    public var source: String
    public var callID: String?
    public var score: Double?
    public var reason: String
    /// The pass mark of the checklist `score` is from, to write the score on its side of it (not
    /// in the scorecard's JSON or CSV).
    public var passMark: Double? = nil

    enum CodingKeys: String, CodingKey { case source, callID = "call_id", score, reason }
}

/// The change of a group against the previous period of the same length.
public struct PeriodChange: Codable, Sendable, Equatable {
    public var previousCalls: Int
    public var previousMeanScore: Double?
    public var meanScoreChange: Double?
    public var previousPassRate: Double?
    public var passRateChange: Double?

    enum CodingKeys: String, CodingKey {
        case previousCalls = "previous_calls", previousMeanScore = "previous_mean_score", meanScoreChange = "mean_score_change"
        case previousPassRate = "previous_pass_rate", passRateChange = "pass_rate_change"
    }
}

/// The scorecard of one group (an agent, a team, a queue or a campaign), or of all calls.
public struct GroupScorecard: Codable, Sendable, Equatable {
    public var key: String
    /// The agent's name (agent grouping), from the metadata.
    public var name: String?
    /// The team (agent grouping), from the metadata.
    public var team: String?
    /// Calls in the group, analysed or not.
    public var calls: Int
    /// Calls that could not be analysed.
    public var failedCalls: Int
    /// Scores (0-100) of the calls the checklist applied to.
    public var score: MeanEstimate?
    public var passRate: RateEstimate?
    public var criticalFailures: Int
    public var items: [ItemPassRate]
    /// The agent's share of the talk, two-party calls.
    public var agentTalkRatio: MeanEstimate?
    public var deadAirEventsPerCall: Double?
    public var deadAirSecondsPerCall: Double?
    public var interruptionsByAgentPerCall: Double?
    public var interruptionsByCustomerPerCall: Double?
    /// Calls with at least one level problem, and the count of each kind (see docs/scorecards.md).
    public var levelProblemCalls: Int
    public var levelProblems: [String: Int]
    public var change: PeriodChange?
    public var worstCalls: [WorstCall]

    enum CodingKeys: String, CodingKey {
        case key, name, team, calls, failedCalls = "failed_calls", score, passRate = "pass_rate"
        case criticalFailures = "critical_failures", items, agentTalkRatio = "agent_talk_ratio"
        case deadAirEventsPerCall = "dead_air_events_per_call", deadAirSecondsPerCall = "dead_air_s_per_call"
        case interruptionsByAgentPerCall = "interruptions_by_agent_per_call"
        case interruptionsByCustomerPerCall = "interruptions_by_customer_per_call"
        case levelProblemCalls = "level_problem_calls", levelProblems = "level_problems", change
        case worstCalls = "worst_calls"
    }
}

/// Scorecards over a set of scored calls.
public struct Scorecard: Codable, Sendable, Equatable {
    public var groupedBy: ScorecardGrouping
    /// The checklist whose results are aggregated (by default each call's first).
    public var checklist: String?
    public var period: ScorecardPeriod?
    /// Calls left out because they have no date while a period was asked for.
    public var undatedCallsExcluded: Int
    public var overall: GroupScorecard
    public var groups: [GroupScorecard]

    enum CodingKeys: String, CodingKey {
        case groupedBy = "grouped_by", checklist, period, undatedCallsExcluded = "undated_calls_excluded", overall, groups
    }
}

/// Level thresholds for the scorecards' "level problems" (docs/scorecards.md).
public enum LevelProblem: String, CaseIterable, Sendable {
    /// Runs of clipped samples in the agent's channel.
    case clipping
    /// Agent active speech level under -28 dBFS (RFC 7874's -19 +- 6 dBm0, about -22 +- 6 dBov).
    case agentTooQuiet = "agent_too_quiet"
    /// Agent active speech level over -16 dBFS.
    case agentTooLoud = "agent_too_loud"
    /// The parties' speech levels differ by more than 10 dB.
    case levelMismatch = "level_mismatch"
    /// Agent speech under 15 dB above the noise floor.
    case lowSNR = "low_snr"

    static func found(in call: CallReport) -> [LevelProblem] {
        guard call.status == .ok, let agent = call.channels.first(where: { $0.role == .agent }) else { return [] }
        var problems: [LevelProblem] = []
        if agent.loudness.clippedRuns > 0 { problems.append(.clipping) }
        if let level = agent.loudness.activeSpeechLevelDBFS {
            if level < -28 { problems.append(.agentTooQuiet) }
            if level > -16 { problems.append(.agentTooLoud) }
        }
        if let difference = call.conversation?.levelDifferenceDB, abs(difference) > 10 { problems.append(.levelMismatch) }
        if let snr = agent.loudness.snrDB, snr < 15 { problems.append(.lowSNR) }
        return problems
    }
}

extension Scorecard {
    /// Aggregates `calls` by `grouping`. With a `period`, only calls dated inside it count, and
    /// the calls of the previous period of the same length give each group's change.
    public init(calls: [CallReport], grouping: ScorecardGrouping, checklist: String? = nil, period: ScorecardPeriod? = nil, worstCallCount: Int = 5) {
        var (current, previous, undated) = (calls, [CallReport](), 0)
        if let period { (current, previous, undated) = Self.select(calls, period: period) }
        let previousByGroup = Dictionary(grouping: previous) { Self.groupKey(of: $0, grouping) }
        let currentByGroup = Dictionary(grouping: current) { Self.groupKey(of: $0, grouping) }
        groupedBy = grouping
        self.checklist = checklist
        self.period = period
        undatedCallsExcluded = undated
        overall = Self.group(key: Self.overallKey, calls: current, previous: period == nil ? nil : previous, grouping: grouping, checklist: checklist, worst: worstCallCount)
        // A group whose calls all fell in the previous period has a row too (0 calls, its
        // previous figures): it vanished, and the groups' previous calls fell short of all calls'.
        let keys = Set(currentByGroup.keys).union(period == nil ? [] : Array(previousByGroup.keys))
        groups = keys.sorted().map { key in
            Self.group(key: key, calls: currentByGroup[key] ?? [], previous: period == nil ? nil : previousByGroup[key] ?? [], grouping: grouping, checklist: checklist, worst: worstCallCount)
        }
    }

    /// The calls dated inside `period`, those of the previous period, and the number without a date.
    public static func select(_ calls: [CallReport], period: ScorecardPeriod) -> (current: [CallReport], previous: [CallReport], undated: Int) {
        var current: [CallReport] = [], previous: [CallReport] = [], undated = 0
        for call in calls {
            guard let date = date(of: call) else {
                undated += 1
                continue
            }
            if period.from <= date && date <= period.to { current.append(call) }
            if period.previousFrom <= date && date <= period.previousTo { previous.append(call) }
        }
        return (current, previous, undated)
    }

    /// The call's date, `YYYY-MM-DD`: from `started_at` (ISO 8601) or a `date` column or file-name
    /// field (`YYYY-MM-DD` or `YYYYMMDD`).
    public static func date(of call: CallReport) -> String? {
        for key in ["started_at", "date"] {
            guard let value = call.metadata[key]?.trimmingCharacters(in: .whitespaces) else { continue }
            let prefix = String(value.prefix(10))
            if ScorecardPeriod.day(prefix) != nil { return prefix }
            let digits = String(value.prefix(8))
            if digits.count == 8, digits.allSatisfy(\.isNumber) {
                let dashed = "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))"
                if ScorecardPeriod.day(dashed) != nil { return dashed }
            }
        }
        return nil
    }

    /// The key of the group of all calls.
    public static let overallKey = "all calls"

    static func groupKey(of call: CallReport, _ grouping: ScorecardGrouping) -> String {
        let value = call.metadata[grouping.metadataKey] ?? (grouping == .agent ? call.metadata["agent_name"] : nil)
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return "(no \(grouping.rawValue))" }
        return value
    }

    /// The checklist results aggregated for a call: the named checklist's, or all of them.
    static func results(of call: CallReport, checklist: String?) -> [ChecklistResultReport] {
        guard let checklist else { return call.checklists }
        return call.checklists.filter { $0.id == checklist }
    }

    /// The call's verdict the scorecard counts: the named checklist's, or, without one, the call's
    /// own (`CallVerdict`: the score of its first checklist with a verdict, passed only when it
    /// passed every checklist with one), so a failed checklist is never left out because a
    /// `not_applicable` or a passed one comes first. Recomputed from the results, so reports
    /// written before the call's score skipped `not_applicable` results are counted the same way.
    static func verdict(of call: CallReport, checklist: String?) -> CallVerdict {
        CallVerdict(results(of: call, checklist: checklist))
    }

    private static func group(
        key: String, calls: [CallReport], previous: [CallReport]?, grouping: ScorecardGrouping, checklist: String?, worst: Int
    ) -> GroupScorecard {
        let analysed = calls.filter { $0.status == .ok }
        let verdicts = analysed.map { verdict(of: $0, checklist: checklist) }
        let scored = verdicts.compactMap(\.score)
        // A checklist none of whose items applied neither passes nor fails the call.
        let decided = verdicts.compactMap(\.passed)
        let passRate = RateEstimate(successes: decided.filter { $0 }.count, count: decided.count)
        var items: [String: (checklist: String, item: String, description: String, critical: Bool, passed: Int, applied: Int)] = [:]
        var itemOrder: [String] = []
        for result in analysed.flatMap({ results(of: $0, checklist: checklist) }) {
            for item in result.items where item.status != "na" {
                let id = "\(result.id)/\(item.id)"
                if items[id] == nil {
                    items[id] = (result.id, item.id, item.description, item.critical, 0, 0)
                    itemOrder.append(id)
                }
                items[id]?.applied += 1
                if item.status == "pass" { items[id]?.passed += 1 }
            }
        }
        let twoParty = analysed.filter { $0.conversation?.interruptions != nil }
        func perCall(_ values: [Double]) -> Double? { values.isEmpty ? nil : Rounding.round(values.reduce(0, +) / Double(values.count), places: 4) }
        var levelCounts: [String: Int] = [:]
        var levelCalls = 0
        for call in analysed {
            let problems = LevelProblem.found(in: call)
            if !problems.isEmpty { levelCalls += 1 }
            for problem in problems { levelCounts[problem.rawValue, default: 0] += 1 }
        }
        var change: PeriodChange?
        if let previous {
            let before = group(key: key, calls: previous, previous: nil, grouping: grouping, checklist: checklist, worst: 0)
            let now = (score: MeanEstimate(scored, bounds: 0...100), pass: passRate)
            change = PeriodChange(
                previousCalls: before.calls, previousMeanScore: before.score?.mean,
                meanScoreChange: zip2(now.score?.mean, before.score?.mean).map { Rounding.round($0 - $1, places: 4) },
                previousPassRate: before.passRate?.rate,
                passRateChange: zip2(now.pass?.rate, before.passRate?.rate).map { Rounding.round($0 - $1, places: 4) })
        }
        let perAgent = grouping == .agent && key != overallKey
        // An agent with calls only in the previous period is named from those.
        let named = calls + (previous ?? [])
        return GroupScorecard(
            key: key,
            name: perAgent ? named.lazy.compactMap { $0.metadata["agent_name"] }.first : nil,
            team: perAgent ? named.lazy.compactMap { $0.metadata["team"] }.first : nil,
            calls: calls.count,
            failedCalls: calls.count - analysed.count,
            score: MeanEstimate(scored, bounds: 0...100),
            passRate: passRate,
            criticalFailures: verdicts.filter(\.criticalFail).count,
            items: itemOrder.compactMap { id in
                items[id].flatMap { i in
                    RateEstimate(successes: i.passed, count: i.applied).map {
                        ItemPassRate(checklist: i.checklist, item: i.item, description: i.description, critical: i.critical, passRate: $0)
                    }
                }
            },
            agentTalkRatio: MeanEstimate(twoParty.compactMap { $0.channels.first { $0.role == .agent }?.talkRatio }, bounds: 0...1),
            deadAirEventsPerCall: perCall(analysed.compactMap { ($0.conversation?.deadAir.count).map(Double.init) }),
            deadAirSecondsPerCall: perCall(analysed.compactMap { $0.conversation?.deadAirSeconds }),
            interruptionsByAgentPerCall: perCall(twoParty.map { Double($0.conversation?.interruptions?.filter { $0.by == .agent }.count ?? 0) }),
            interruptionsByCustomerPerCall: perCall(twoParty.map { Double($0.conversation?.interruptions?.filter { $0.by == .customer }.count ?? 0) }),
            levelProblemCalls: levelCalls,
            levelProblems: levelCounts,
            change: change,
            worstCalls: worstCalls(calls, checklist: checklist, count: worst))
    }

    /// The calls to listen to first: failed analyses, then critical failures, then the lowest
    /// scores; each with the reason.
    static func worstCalls(_ calls: [CallReport], checklist: String?, count: Int) -> [WorstCall] {
        guard count > 0 else { return [] }
        func rank(_ call: CallReport) -> (Int, Double, String) {
            guard call.status == .ok else { return (0, 0, call.source) }
            let verdict = verdict(of: call, checklist: checklist)
            guard let score = verdict.score else { return (3, 0, call.source) }
            return (verdict.criticalFail ? 1 : 2, score, call.source)
        }
        let ranked = calls.filter { rank($0).0 < 3 }.sorted { rank($0) < rank($1) }
        return ranked.prefix(count).map { call in
            // Every checklist that gave a verdict, each item named with its checklist when there are several.
            let decided = results(of: call, checklist: checklist).filter(\.hasVerdict)
            let items = decided.flatMap { result in
                result.items.map { (item: $0, reason: (decided.count > 1 ? "\(result.id): " : "") + $0.reason) }
            }
            var reason: String
            if let error = call.error {
                reason = "not analysed: \(error.message)"
            } else {
                // "critical: " only for a critical failure (no credit): a critical item in a
                // partial-credit band is a partial pass, and read "critical: ... 50 % credit".
                let failing = items.filter { $0.item.status == "fail" }.sorted { $0.item.isCriticalFailure && !$1.item.isCriticalFailure }
                reason = failing.prefix(3).map { ($0.item.isCriticalFailure ? "critical: " : "") + $0.reason }.joined(separator: "; ")
                if reason.isEmpty { reason = items.filter { $0.item.status == "warn" }.prefix(3).map(\.reason).joined(separator: "; ") }
                if reason.isEmpty { reason = "lowest score in the group" }
            }
            let callVerdict = verdict(of: call, checklist: checklist)
            return WorstCall(
                source: call.source, callID: call.metadata["call_id"], score: callVerdict.score, reason: reason, passMark: callVerdict.passMark)
        }
    }
}

private func zip2(_ a: Double?, _ b: Double?) -> (Double, Double)? {
    guard let a, let b else { return nil }
    return (a, b)
}
