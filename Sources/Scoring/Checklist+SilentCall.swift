import Analysis
import Conversation

extension Checklist {
    /// How a call in which no one speaks (a dead line, a silent or failed recording) comes out
    /// on this checklist, when it passes: "stereo" or "mono" (the layouts of such a call that
    /// pass, in that order); empty when it fails on both. Per-party items are n/a on such a call
    /// and left out of the score, and holds, interruptions and the like measure 0, so a
    /// checklist written without a gate on talk (`talk_s >= 1s`, critical, as the defaults open)
    /// passes it, often with 100.
    public var silentCallLayoutsPassing: [String] {
        let seconds = 60.0
        func party(_ role: ChannelRole, _ index: Int) -> PartyMeasurements {
            PartyMeasurements(role: role, channelIndex: index, speech: [], loudness: LoudnessMeasurement(), speechLevels: SpeechLevels())
        }
        let stereo = CallMeasurements(
            durationSeconds: seconds, parties: [party(.agent, 0), party(.customer, 1)],
            conversation: ConversationAnalyzer.analyze(durationSeconds: seconds, speech: [.agent: [], .customer: []]))
        let mono = CallMeasurements(
            durationSeconds: seconds, parties: [party(.mixed, 0)],
            conversation: ConversationAnalyzer.analyze(durationSeconds: seconds, speech: [.mixed: []]))
        return [("stereo", stereo), ("mono", mono)].filter { ChecklistEvaluator.evaluate(self, measurements: $0.1).passed }.map(\.0)
    }

    /// What `checklist validate` and `explain` say of a checklist that passes a call in which no
    /// one speaks; nil when it fails such a call.
    public var silentCallWarning: String? {
        let layouts = silentCallLayoutsPassing
        guard !layouts.isEmpty else { return nil }
        let which = layouts.count == 2 ? "a call" : "a \(layouts[0]) call"
        return "\(which) in which no one speaks (a dead line, a silent or failed recording) passes this checklist: its "
            + "items are n/a on it or pass; add a critical gate such as talk_s >= 1s (the default checklists open with "
            + "someone_speaks and agent_speaks, docs/checklists.md)"
    }
}
