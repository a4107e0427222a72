import Analysis
import Conversation

/// One metric a checklist can test: its name, unit, definition and how it is read off a call.
public struct MetricDefinition: Sendable {
    /// The name used in checklists and reports (snake_case, unit suffix).
    public var name: String
    public var unit: MetricUnit
    /// One sentence defining it (see docs/metrics.md for the full definitions).
    public var summary: String
    /// The value on a call; `nil` when it does not apply (e.g. per-party metrics on a mono mix).
    public var value: @Sendable (CallMeasurements) -> Double?
}

/// A list of events on a call whose durations a checklist can count, e.g.
/// `count(dead_air >= 8s)`.
public struct EventListDefinition: Sendable {
    public var name: String
    public var summary: String
    /// Durations of the events, in seconds; `nil` when not applicable (per-party lists on mono).
    public var durations: @Sendable (CallMeasurements) -> [Double]?
}

/// The metric catalogue: the one place in code where metric names, units and definitions live.
/// `callqa metrics` prints it; docs/metrics.md documents it.
public enum MetricCatalog {
    /// Every metric, in a stable order.
    public static let all: [MetricDefinition] = callMetrics + partyMetrics(.agent) + partyMetrics(.customer) + mixedMetrics + [
        MetricDefinition(
            name: "level_difference_db", unit: .decibels,
            summary: "Agent active speech level minus customer active speech level (P.56).",
            value: { $0.levelDifferenceDB }),
    ]

    private static let byName: [String: MetricDefinition] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    /// The metric called `name`, if there is one.
    public static func metric(named name: String) -> MetricDefinition? { byName[name] }

    /// Names of all metrics.
    public static var names: [String] { all.map(\.name) }

    private static let callMetrics: [MetricDefinition] = [
        MetricDefinition(name: "duration_s", unit: .seconds, summary: "Length of the call.", value: { $0.durationSeconds }),
        MetricDefinition(name: "silence_s", unit: .seconds, summary: "Time no one speaks, whole call.", value: { $0.conversation.silenceSeconds }),
        MetricDefinition(
            name: "silence_ratio", unit: .ratio, summary: "Silence as a share of the call.",
            value: { $0.durationSeconds > 0 ? $0.conversation.silenceSeconds / $0.durationSeconds : nil }),
        MetricDefinition(
            name: "longest_silence_s", unit: .seconds,
            summary: "Longest silence between the first and last speech, hold included (the whole call when no one speaks).",
            value: { $0.conversation.longestInternalSilenceSeconds }),
        MetricDefinition(
            name: "longest_dead_air_s", unit: .seconds,
            summary: "Longest silence between the first and last speech once hold is taken out, any length (0 when none; when no one speaks, the longest stretch without hold).",
            value: { $0.conversation.longestDeadAirSeconds }),
        MetricDefinition(
            name: "dead_air_count", unit: .count, summary: "Silences (not hold) between first and last speech of at least dead_air_min_s.",
            value: { Double($0.conversation.deadAir.count) }),
        MetricDefinition(name: "dead_air_s", unit: .seconds, summary: "Total dead air.", value: { $0.conversation.deadAirSeconds }),
        MetricDefinition(name: "hold_s", unit: .seconds, summary: "Total time of tones or music (hold, ring-back, DTMF).", value: { $0.conversation.holdSeconds }),
        MetricDefinition(name: "hold_count", unit: .count, summary: "Number of hold spans.", value: { Double($0.conversation.hold.count) }),
        MetricDefinition(
            name: "longest_hold_s", unit: .seconds, summary: "Longest hold span (0 when none).",
            value: { $0.conversation.hold.map(\.durationSeconds).max() ?? 0 }),
        MetricDefinition(name: "overlap_s", unit: .seconds, summary: "Time both parties speak (stereo only).", value: { $0.conversation.overlapSeconds }),
        MetricDefinition(
            name: "overlap_ratio", unit: .ratio, summary: "Overlap as a share of the call (stereo only).",
            value: { call in call.conversation.overlapSeconds.flatMap { call.durationSeconds > 0 ? $0 / call.durationSeconds : nil } }),
        MetricDefinition(
            name: "interruptions", unit: .count, summary: "Interruptions by either party (stereo only).",
            value: { $0.conversation.interruptions.map { Double($0.count) } }),
        MetricDefinition(
            name: "agent_interruptions", unit: .count, summary: "Interruptions made by the agent (stereo only).",
            value: { $0.conversation.interruptions.map { Double($0.filter { $0.by == .agent }.count) } }),
        MetricDefinition(
            name: "customer_interruptions", unit: .count, summary: "Interruptions made by the customer (stereo only).",
            value: { $0.conversation.interruptions.map { Double($0.filter { $0.by == .customer }.count) } }),
        MetricDefinition(
            name: "backchannels", unit: .count, summary: "Short acknowledgements inside the other's speech (stereo only).",
            value: { $0.conversation.backchannels.map { Double($0.count) } }),
        MetricDefinition(name: "turns", unit: .count, summary: "Turns (stereo only).", value: { $0.conversation.turns.map { Double($0.count) } }),
        MetricDefinition(
            name: "mean_response_latency_s", unit: .seconds, summary: "Mean gap between a turn's end and the other party's reply (stereo only).",
            value: { $0.conversation.meanResponseLatencySeconds }),
        MetricDefinition(
            name: "first_agent_speech_s", unit: .seconds, summary: "When the agent first speaks (n/a on mono or when the agent never speaks).",
            value: { $0.conversation.firstAgentSpeechSeconds }),
        MetricDefinition(
            name: "first_speech_s", unit: .seconds, summary: "When anyone first speaks (n/a when no one does).",
            value: { $0.conversation.firstSpeechSeconds }),
    ]

    private static let mixedMetrics: [MetricDefinition] = [
        MetricDefinition(name: "talk_s", unit: .seconds, summary: "Total speech of all parties (union).", value: { call in
            call.durationSeconds - call.conversation.silenceSeconds
        }),
    ]

    private static func partyMetrics(_ role: ChannelRole) -> [MetricDefinition] {
        let p = role.rawValue
        func level(_ suffix: String, _ unit: MetricUnit, _ summary: String, _ read: @escaping @Sendable (PartyMeasurements) -> Double?) -> MetricDefinition {
            MetricDefinition(name: "\(p)_\(suffix)", unit: unit, summary: "\(role == .agent ? "Agent" : "Customer") \(summary)", value: { call in
                call.party(role).flatMap(read)
            })
        }
        return [
            level("talk_s", .seconds, "talk time.", { $0.talkSeconds }),
            MetricDefinition(
                name: "\(p)_talk_ratio", unit: .ratio,
                summary: "\(role == .agent ? "Agent" : "Customer") share of all talk (stereo only).",
                value: { $0.talkRatio(of: role) }),
            MetricDefinition(
                name: "\(p)_longest_monologue_s", unit: .seconds,
                summary: "\(role == .agent ? "Agent" : "Customer") longest turn (stereo only).",
                value: { $0.conversation.longestMonologueSeconds(of: role) }),
            level("integrated_lufs", .lufs, "integrated loudness (BS.1770-4).", { $0.loudness.integratedLUFS }),
            level("loudness_range_lu", .lu, "loudness range (EBU Tech 3342).", { $0.loudness.loudnessRangeLU }),
            level("max_momentary_lufs", .lufs, "maximum momentary loudness (400 ms).", { $0.loudness.maxMomentaryLUFS }),
            level("max_short_term_lufs", .lufs, "maximum short-term loudness (3 s).", { $0.loudness.maxShortTermLUFS }),
            level("true_peak_dbtp", .dbtp, "true peak.", { $0.loudness.truePeakDBTP }),
            level("sample_peak_dbfs", .dbfs, "sample peak.", { $0.loudness.samplePeakDBFS }),
            level("clipped_s", .seconds, "time in clipped runs.", { $0.loudness.clippedSeconds }),
            level("clipped_runs", .count, "clipped runs.", { Double($0.loudness.clippedRuns) }),
            level("active_speech_level_dbfs", .dbfs, "active speech level (ITU-T P.56 method B), without hold; n/a when the channel carries no talk.", { $0.loudness.activeSpeechLevelDBFS }),
            level("speech_lufs", .lufs, "loudness of speech only (BS.1770 gating on speech blocks).", { $0.speechLevels.speechLoudnessLUFS }),
            level("noise_floor_dbfs", .dbfs, "noise floor away from speech and hold.", { $0.speechLevels.noiseFloorDBFS }),
            level("snr_db", .decibels, "speech-to-noise ratio.", { $0.speechLevels.snrDB }),
        ]
    }

    /// Event lists that `count(LIST OP THRESHOLD)` rules can count; thresholds are durations.
    public static let eventLists: [EventListDefinition] = [
        EventListDefinition(
            name: "dead_air", summary: "silences between the first and last speech that are not hold, any length",
            durations: { $0.conversation.pauses.map(\.durationSeconds) }),
        EventListDefinition(name: "silences", summary: "all silences, whole call", durations: { $0.conversation.silence.map(\.durationSeconds) }),
        EventListDefinition(name: "holds", summary: "hold spans (tones, music)", durations: { $0.conversation.hold.map(\.durationSeconds) }),
        EventListDefinition(name: "overlaps", summary: "spans where both speak (stereo only)", durations: { $0.conversation.overlap?.map(\.durationSeconds) }),
        EventListDefinition(
            name: "interruptions", summary: "interruptions, by how long both kept speaking (stereo only)",
            durations: { $0.conversation.interruptions?.map(\.overlapSeconds) }),
        EventListDefinition(
            name: "agent_turns", summary: "the agent's turns, by length (stereo only)",
            durations: { $0.conversation.turns?.filter { $0.role == .agent }.map(\.span.durationSeconds) }),
        EventListDefinition(
            name: "customer_turns", summary: "the customer's turns, by length (stereo only)",
            durations: { $0.conversation.turns?.filter { $0.role == .customer }.map(\.span.durationSeconds) }),
    ]

    /// The event list called `name`, if there is one.
    public static func eventList(named name: String) -> EventListDefinition? {
        eventLists.first { $0.name == name }
    }

    /// The catalogue as text for `callqa metrics`.
    public static func renderText() -> String {
        let width = all.map(\.name.count).max() ?? 0
        var lines = ["Metrics a checklist can use (unit, definition). Full definitions: docs/metrics.md.", ""]
        for metric in all {
            lines.append(metric.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + metric.unit.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0) + metric.summary)
        }
        lines.append("")
        lines.append("Event lists for counting rules, e.g. metric: count(dead_air >= 8s):")
        for list in eventLists {
            lines.append(list.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + list.summary)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

import Foundation
