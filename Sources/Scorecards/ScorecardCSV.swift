import Foundation
import Reporting

/// Spreadsheet views: one row per group (scorecard) or per item (calibration).
public enum ScorecardCSV {
    /// One row per group and one for all calls. The agent's `name` and `team` columns are there
    /// only when grouping by agent (grouped by team, a second `team` column would repeat the first).
    public static func table(_ scorecard: Scorecard) -> CSVTable {
        let perAgent = scorecard.groupedBy == .agent
        var table = CSVTable(header: [scorecard.groupedBy.rawValue] + (perAgent ? ["name", "team"] : []) + [
            "calls", "failed_calls", "scored_calls", "mean_score", "mean_score_ci95_low",
            "mean_score_ci95_high", "median_score", "pass_rate", "pass_rate_ci95_low", "pass_rate_ci95_high", "critical_failures",
            "agent_talk_ratio", "dead_air_events_per_call", "dead_air_s_per_call", "interruptions_by_agent_per_call",
            "interruptions_by_customer_per_call", "level_problem_calls", "previous_calls", "mean_score_change", "pass_rate_change",
            "worst_call", "worst_call_reason",
        ])
        for group in scorecard.groups + [scorecard.overall] {
            table.rows.append([.text(group.key)] + (perAgent ? [text(group.name), text(group.team)] : []) + [
                .integer(group.calls), .integer(group.failedCalls),
                .integer(group.score?.count ?? 0), number(group.score?.mean), number(group.score?.low), number(group.score?.high),
                number(group.score?.median), number(group.passRate?.rate), number(group.passRate?.low), number(group.passRate?.high),
                .integer(group.criticalFailures), number(group.agentTalkRatio?.mean), number(group.deadAirEventsPerCall),
                number(group.deadAirSecondsPerCall), number(group.interruptionsByAgentPerCall), number(group.interruptionsByCustomerPerCall),
                .integer(group.levelProblemCalls), group.change.map { .integer($0.previousCalls) } ?? .empty,
                number(group.change?.meanScoreChange), number(group.change?.passRateChange),
                text(group.worstCalls.first.map { $0.callID ?? $0.source }), text(group.worstCalls.first?.reason),
            ])
        }
        return table
    }

    public static func table(_ calibration: Calibration) -> CSVTable {
        var table = CSVTable(header: [
            "checklist", "item", "description", "compared", "agreement", "kappa", "callqa_pass_rate", "human_pass_rate",
            "callqa_passed_human_failed", "callqa_failed_human_passed",
        ])
        for item in calibration.items {
            table.rows.append([
                .text(item.checklist), .text(item.item), .text(item.description), .integer(item.compared), .number(item.agreement),
                number(item.kappa), .number(item.callqaPassRate), .number(item.humanPassRate), .integer(item.callqaPassedHumanFailed),
                .integer(item.callqaFailedHumanPassed),
            ])
        }
        return table
    }

    private static func number(_ value: Double?) -> CSVTable.Cell {
        value.map { .number(Rounding.round($0, places: 4)) } ?? .empty
    }

    private static func text(_ value: String?) -> CSVTable.Cell { value.map { .text($0) } ?? .empty }
}
