import Analysis
import Conversation
import Foundation
import Reporting
import Scoring

/// Splits a batch into the calls whose finished results can be reused from the state database
/// and the calls to score, and records each newly finished call.
struct IncrementalRun: Sendable {
    let store: StateStore
    /// Everything about the run that changes results: tool version, analysis revision,
    /// checklists, analysis options.
    let runKey: String
    /// With `--redact source`, the database keys recordings by the keyed hash of their path.
    let pathRedaction: Redaction?

    /// - Parameter analysisRevision: `AnalysisConfiguration.revision` of the analysis the calls
    ///   are scored with.
    init(
        store: StateStore, checklists: [LoadedChecklist], request: ScoreRequest,
        analysisRevision: String = AnalysisConfiguration().revision
    ) {
        self.store = store
        let parts = [
            "tool=\(callqaVersion)", "schema=\(reportSchemaVersion)",
            "analysis=" + SHA256.hex(Array(analysisRevision.utf8)),
            "checklists=" + checklists.map { "\($0.info.id):\($0.info.contentHash)" }.joined(separator: ","),
            "mode=\(request.checklistMode.rawValue)", "loudness=\(request.loudnessMode.rawValue)",
        ] + (request.redaction.map { ["redact=\($0.fingerprint)"] } ?? [])
            // A call's conversation facts follow its checklists' parameters (they used the
            // defaults whatever the checklist said): a result stored before, with a checklist
            // that sets other parameters, is scored again. With the defaults nothing changed.
            + (checklists.contains { $0.checklist.parameters != ConversationParameters() } ? ["conversation=checklist-parameters"] : [])
        runKey = parts.joined(separator: ";")
        pathRedaction = request.redaction.flatMap { $0.fields.contains("source") ? $0 : nil }
    }

    /// Where the database keeps a recording: its canonical absolute path (`FileIdentity
    /// .canonicalPath`), so the same relative name run from two folders is two recordings and a
    /// file named by another spelling is still the same one; with `--redact source`, its hash.
    func storedPath(_ path: String) -> String {
        let canonical = FileIdentity.canonicalPath(path)
        return pathRedaction?.hash(canonical) ?? canonical
    }

    /// Where the database keeps a call: `storedPath` of its recording or, for a two-leg call, of
    /// both legs (`agent + customer`, each canonical). Keyed by the agent leg alone, two calls
    /// sharing it (a transfer) replaced each other's result at every run and neither was reused.
    func storedPath(of job: CallJob) -> String {
        guard let leg = job.customerLegPath else { return storedPath(job.path) }
        let canonical = FileIdentity.canonicalPath(job.path) + CallJob.legSeparator + FileIdentity.canonicalPath(leg)
        return pathRedaction?.hash(canonical) ?? canonical
    }

    /// Where a database written before keys were canonical keeps the recording `path` names:
    /// `StateStore.legacyPrefix` and the path as written (or its hash).
    func legacyStoredPath(_ path: String) -> String {
        StateStore.legacyPrefix + (pathRedaction?.hash(path) ?? path)
    }

    /// The key of one call: the run's key plus what the job says about the call. Not the line of
    /// the manifest that lists it (`manifest_line`): a blank line or rows in another order (an
    /// export sorted otherwise) scored every call again; the reused entry takes this run's line.
    func key(for job: CallJob) -> String {
        SHA256.hex(Array(keyParts(for: job).joined(separator: "\u{1E}").utf8))
    }

    /// What `key(for:)` hashes.
    func keyParts(for job: CallJob) -> [String] {
        let metadata = job.metadata.filter { $0.key != Manifest.lineField }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1F}")
        let customerLeg = job.customerLegPath.map(FileIdentity.canonicalPath) ?? ""
        var parts = [runKey, "agent_channel=\(job.layout.agentChannel)", "customer_leg=\(customerLeg)", metadata]
        if !job.warnings.isEmpty { parts.append("warnings=" + job.warnings.joined(separator: "\u{1F}")) }
        // The same channel from the manifest (warned about on a mono recording) or from --agent-channel (not).
        if let requested = job.manifestAgentChannel { parts.append("manifest_agent_channel=\(requested.monoWarning)") }
        // Each leg is measured as its own encoding carries it since a result stored before took
        // the agent leg's for both (a clipped µ-law customer leg beside a PCM agent leg read as
        // never clipped): two-leg calls are scored again once.
        if job.customerLegPath != nil { parts.append("leg_formats=each") }
        return parts
    }

    /// The error code of a recording left out because a run crashed on it.
    static let crashedCode = "analysis.crashed"

    /// Finished results to reuse, the jobs to score with their fingerprints, and the failures
    /// (in clear) of the recordings an earlier run crashed on as they are now (`CrashGuard`: left
    /// out, so that the batch goes on).
    func partition(
        _ jobs: [CallJob], concurrency: Int
    ) -> (reused: [CallReport], pending: [(CallJob, FileFingerprint?)], crashed: [(job: CallJob, failure: CallReport)]) {
        store.importCrashJournal()
        let checked = parallelMap(jobs, maximumConcurrency: concurrency) { job -> (CallJob, FileFingerprint?, Stored?) in
            guard let fingerprint = fingerprint(of: job) else { return (job, nil, nil) }
            let stored = storedPath(of: job), configKey = key(for: job)
            if let signal = store.crashed(path: stored, fingerprint: fingerprint, tool: callqaVersion) {
                let failure = job.failure(
                    code: Self.crashedCode,
                    message: "\(job.source): callqa crashed (\(signal)) while analysing this recording in an earlier run with this "
                        + "state database, so it is left out until the file changes or callqa is updated; please report it")
                return (job, fingerprint, .crashed(failure))
            }
            var report = store.finished(path: stored, fingerprint: fingerprint, configKey: configKey)
            if report == nil {
                // A result recorded before keys were canonical, under this spelling, or (a two-leg
                // call) before they named both legs, under the agent leg's: reused, and kept from
                // now on under this key. (The configuration key names the customer leg, so only
                // this leg pair's result matches.)
                let earlier = [legacyStoredPath(job.path)] + (job.customerLegPath == nil ? [] : [storedPath(job.path)])
                for old in earlier where report == nil {
                    report = store.finished(path: old, fingerprint: fingerprint, configKey: configKey)
                    if report != nil { store.rename(old, to: stored) }
                }
            }
            // The stored entry names the recording as the run that scored it wrote it; this run's
            // report names it as this run writes it.
            report?.source = pathRedaction?.hash(job.source) ?? job.source
            if report != nil { report?.metadata[Manifest.lineField] = job.metadata[Manifest.lineField] }
            return (job, fingerprint, report.map(Stored.finished))
        }
        var reused: [CallReport] = []
        var pending: [(CallJob, FileFingerprint?)] = []
        var crashed: [(job: CallJob, failure: CallReport)] = []
        for (job, fingerprint, stored) in checked {
            switch stored {
            case .finished(let report): reused.append(report)
            case .crashed(let failure): crashed.append((job, failure))
            case nil: pending.append((job, fingerprint))
            }
        }
        return (reused, pending, crashed)
    }

    /// What the database holds for a recording as it is now.
    private enum Stored {
        /// Its finished result, to reuse.
        case finished(CallReport)
        /// A run crashed on it: its failure, to report instead of analysing it again.
        case crashed(CallReport)
    }

    /// What the crash journal says of `job` if the run crashes on it (`CrashGuard`), up to the
    /// signal; nil without a fingerprint (a file that could not be read is not analysed).
    func crashJournalPrefix(for job: CallJob, fingerprint: FileFingerprint?) -> String? {
        fingerprint.map { StateStore.crashJournalPrefix(path: storedPath(of: job), fingerprint: $0, tool: callqaVersion) }
    }

    /// Keeps that a run crashed (`signal`) on `job`'s recording, which later runs leave out as
    /// long as it is the same file (`partition`).
    func recordCrash(job: CallJob, fingerprint: FileFingerprint, signal: String) throws(StateError) {
        try store.recordCrash(path: storedPath(of: job), fingerprint: fingerprint, tool: callqaVersion, signal: signal)
    }

    /// Stores a finished call (successful ones only: failures are retried next time).
    func record(_ report: CallReport, job: CallJob, fingerprint: FileFingerprint?) throws(StateError) {
        guard report.status == .ok, let fingerprint else { return }
        try store.record(
            report, path: storedPath(of: job), fingerprint: fingerprint, configKey: key(for: job),
            replacing: legacyStoredPath(job.path))
    }

    private func fingerprint(of job: CallJob) -> FileFingerprint? {
        guard var print = FileFingerprint.of(job.path) else { return nil }
        if let leg = job.customerLegPath {
            guard let other = FileFingerprint.of(leg) else { return nil }
            print.sizeBytes += other.sizeBytes
            print.modifiedNanoseconds = max(print.modifiedNanoseconds, other.modifiedNanoseconds)
            print.contentHash += other.contentHash
        }
        return print
    }
}
