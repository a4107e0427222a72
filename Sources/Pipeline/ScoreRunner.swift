import Analysis
import AudioIO
import Conversation
import Foundation
import Reporting
import Scoring

/// Scores one call at a time: each call is analysed on its own and a failure becomes an error
/// entry, so the batch (`ScoreCommandRunner`, in parallel) goes on.
public enum ScoreRunner {
    /// Analyses and scores one call; never throws: failures become an error entry.
    public static func scoreCall(
        _ job: CallJob,
        checklists: [LoadedChecklist],
        mode: ChecklistSelectionMode,
        configuration: AnalysisConfiguration,
        timeLimitSeconds: Double? = nil
    ) -> CallReport {
        let analyzed: AnalyzedCall
        do throws(AudioError) {
            let source: AudioSource
            if let customerLeg = job.customerLegPath {
                source = try LegPairSource(agentPath: job.path, customerPath: customerLeg)
            } else {
                source = try SoundFile(path: job.path)
            }
            analyzed = try CallAnalyzer.analyze(
                source, path: job.path, layout: job.customerLegPath == nil ? job.layout : .agentLeft,
                metadata: job.metadata, configuration: configuration, timeLimitSeconds: timeLimitSeconds)
        } catch {
            var failure = CallReport.failure(
                source: job.source, code: error.code, message: error.localizedDescription, metadata: job.metadata)
            failure.warnings = job.warnings
            return failure
        }
        let measurements = analyzed.measurements
        let results = ChecklistScoring.evaluate(checklists, on: measurements, mode: mode)
        let audio = analyzed.audio
        return CallReport(
            source: job.source,
            status: .ok,
            metadata: job.metadata,
            audio: AudioReport(
                container: audio.container, encoding: audio.encoding, sampleRateHz: audio.sampleRate,
                channels: audio.channelCount, durationSeconds: audio.durationSeconds),
            channels: measurements.parties.map { ChannelReport($0, call: measurements) },
            conversation: ConversationReport(measurements.conversation, levelDifferenceDB: measurements.levelDifferenceDB),
            checklists: results,
            warnings: job.warnings + analyzed.warnings
                + [ChecklistScoring.noneAppliesWarning(checklists, on: measurements)].compactMap { $0 })
    }
}
