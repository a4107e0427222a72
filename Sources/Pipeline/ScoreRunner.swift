import Analysis
import AudioIO
import Conversation
import Foundation
import Reporting
import Scoring

/// Runs a scoring batch: every call analysed on its own (in parallel, bounded), a failure
/// becoming an error entry while the batch goes on, the report in a deterministic order.
public enum ScoreRunner {
    /// Scores `jobs` with `checklists` and returns the report.
    ///
    /// - Parameters:
    ///   - shouldStop: Polled before each new call; once true, the calls in flight finish and the
    ///     report holds only the finished calls.
    ///   - onCall: Called serially as each call finishes (progress, streaming output).
    public static func run(
        _ jobs: [CallJob],
        checklists: [LoadedChecklist],
        mode: ChecklistSelectionMode = .all,
        configuration: AnalysisConfiguration = AnalysisConfiguration(),
        concurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
        shouldStop: @Sendable () -> Bool = { false },
        onCall: @Sendable (CallReport) -> Void = { _ in }
    ) -> Report {
        let calls = parallelMap(jobs, maximumConcurrency: concurrency, shouldStop: shouldStop) { job in
            scoreCall(job, checklists: checklists, mode: mode, configuration: configuration)
        } onResult: { _, call in
            onCall(call)
        }
        return Report(checklists: checklists.map(\.info), calls: calls)
    }

    /// Analyses and scores one call; never throws: failures become an error entry.
    public static func scoreCall(
        _ job: CallJob,
        checklists: [LoadedChecklist],
        mode: ChecklistSelectionMode,
        configuration: AnalysisConfiguration
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
                metadata: job.metadata, configuration: configuration)
        } catch {
            return .failure(
                source: job.path, code: error.code, message: error.localizedDescription, metadata: job.metadata)
        }
        let measurements = analyzed.measurements
        let results = ChecklistScoring.evaluate(checklists, on: measurements, mode: mode)
        let audio = analyzed.audio
        return CallReport(
            source: job.path,
            status: .ok,
            metadata: job.metadata,
            audio: AudioReport(
                container: audio.container, encoding: audio.encoding, sampleRateHz: audio.sampleRate,
                channels: audio.channelCount, durationSeconds: audio.durationSeconds),
            channels: measurements.parties.map { ChannelReport($0, call: measurements) },
            conversation: ConversationReport(measurements.conversation),
            checklists: results,
            warnings: analyzed.warnings)
    }
}
