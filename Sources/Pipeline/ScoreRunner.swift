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
            // A two-leg call's errors name the call (both legs), or the leg at fault.
            analyzed = try CallAnalyzer.analyze(
                source, path: job.source, layout: job.customerLegPath == nil ? job.layout : .agentLeft,
                metadata: job.metadata, configuration: configuration, timeLimitSeconds: timeLimitSeconds)
        } catch {
            return job.failure(code: error.code, message: error.localizedDescription)
        }
        return report(job, analyzed: analyzed, checklists: checklists, mode: mode)
    }

    /// The report of an analysed call: scored with the checklists that apply to it, its
    /// conversation facts (and so its channels' turns, the HTML timeline and the scorecard's
    /// figures) computed with the parameters of those checklists when they agree, so every
    /// number on it agrees with the items; otherwise with the defaults and a warning
    /// (`ChecklistScoring.conversationParameters`).
    static func report(
        _ job: CallJob, analyzed: AnalyzedCall, checklists: [LoadedChecklist], mode: ChecklistSelectionMode
    ) -> CallReport {
        // A manifest row's agent_channel on a mono recording was ignored without a word.
        let jobWarnings = job.warnings
            + (analyzed.audio.channelCount == 1 ? [job.manifestAgentChannel?.monoWarning].compactMap { $0 } : [])
        let results = ChecklistScoring.evaluate(checklists, on: analyzed.measurements, mode: mode)
        let (parameters, parametersWarning) = ChecklistScoring.conversationParameters(results)
        let measurements = analyzed.measurements.withConversationParameters(parameters)
        let audio = analyzed.audio
        let report = CallReport(
            source: job.source,
            status: .ok,
            metadata: job.metadata,
            audio: AudioReport(
                container: audio.container, encoding: audio.encoding, sampleRateHz: audio.sampleRate,
                channels: audio.channelCount, durationSeconds: audio.durationSeconds),
            channels: measurements.parties.map { ChannelReport($0, call: measurements) },
            conversation: ConversationReport(measurements.conversation, levelDifferenceDB: measurements.levelDifferenceDB),
            checklists: results,
            warnings: jobWarnings + analyzed.warnings
                + [ChecklistScoring.noneAppliesWarning(checklists, on: measurements), parametersWarning].compactMap { $0 })
        return encodable(report, path: job.path, warnings: jobWarnings + analyzed.warnings)
    }

    /// `report`, or, when a measurement in it is one no report can hold (an infinity from audio
    /// past what the analysis was built for), the call's failure: named, instead of failing
    /// every report of the batch when they are written.
    static func encodable(_ report: CallReport, path: String, warnings: [String]) -> CallReport {
        guard (try? ReportEncoding.jsonLine(report)) == nil else { return report }
        var failure = CallReport.failure(
            source: report.source, code: unmeasurableCode,
            message: "\(path): a measurement of this recording is not a number (infinite or NaN): the audio is "
                + "beyond what callqa can measure; please report it with the file",
            metadata: report.metadata)
        failure.warnings = warnings
        return failure
    }

    /// The error code of a call whose measurements no report can hold.
    public static let unmeasurableCode = "audio.unmeasurable"
}
