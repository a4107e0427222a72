import Analysis
import AudioIO
import Foundation
import Reporting
import Scorecards
import Scoring

#if canImport(Glibc)
import Glibc
#endif

/// What `callqa score` does, end to end: load and validate the checklists (before any audio is
/// read), collect the inputs, check the outputs (no output on an input or on another output,
/// every output's folder writable), score, write the report atomically, print the summary, and
/// decide the exit status once.
public enum ScoreCommandRunner {
    public static func run(_ request: ScoreRequest, outputPath: String?, printSummary: Bool) -> ExitStatus {
        let checklists: [LoadedChecklist]
        do {
            checklists = try ChecklistScoring.load(request.checklistPaths)
        } catch {
            Diagnostics.usageError(error, format: request.logFormat)
            return .usageError
        }
        let pattern: NamePattern?
        do {
            pattern = try request.namePattern.map { pattern throws(NamePatternError) in try NamePattern(pattern) }
        } catch {
            Diagnostics.usageError(error, format: request.logFormat)
            return .usageError
        }
        var jobs: [CallJob] = []
        var problems: [CallReport] = []
        // What standard error says of each problem: the file in clear, for the operator (README),
        // where the report (under --redact source) names its hash.
        var problemLogs: [(source: String, message: String)] = []
        // The manifest line of each problem, which decides its shard.
        var problemLines: [Int] = []
        if let manifestPath = request.manifestPath {
            let manifest = Manifest.displayName(manifestPath)
            do {
                let rows = try Manifest.read(path: manifestPath, defaultLayout: request.layout)
                for (column, meant) in Manifest.misspelledColumns(in: rows) where !request.quiet {
                    Diagnostics.runMessage(
                        "\(manifest): the column '\(column)' is kept as call metadata under that name, which no checklist or "
                            + "scorecard reads; did you mean '\(meant)'?",
                        level: "warning", format: request.logFormat,
                        fields: ["code": "manifest.unknown_column", "column": .text(column), "meant": .text(meant)])
                }
                let repeated = Manifest.repeatedCallIDs(in: rows)
                if let first = repeated.first, !request.quiet {
                    // A redacted call_id stays out of the logs too: its hash, as the report has it.
                    let shown = request.redaction.flatMap { $0.fields.contains("call_id") ? $0.hash(first.callID) : nil } ?? first.callID
                    let more = repeated.count > 1 ? " (and \(Plural.count(repeated.count - 1, "other call_id")) so)" : ""
                    Diagnostics.runMessage(
                        "\(manifest): the call_id '\(shown)' is given to \(first.lines.count) recordings (lines "
                            + "\(first.lines.prefix(5).map(String.init).joined(separator: ", "))\(first.lines.count > 5 ? ", ..." : ""))\(more); "
                            + "each is scored, but human evaluations (callqa calibrate) name calls by call_id and cannot tell them apart",
                        level: "warning", format: request.logFormat,
                        fields: ["code": "manifest.duplicate_call_id", "call_id": .text(shown), "repeated": .integer(repeated.count)])
                }
                let short = Manifest.shortRows(in: rows)
                if !short.isEmpty, !request.quiet {
                    Diagnostics.runMessage(
                        "\(manifest): \(Plural.count(short.count, "row")) (line\(short.count == 1 ? "" : "s") "
                            + "\(short.prefix(5).map(String.init).joined(separator: ", "))\(short.count > 5 ? ", ..." : "")) "
                            + "\(short.count == 1 ? "has" : "have") fewer fields than the header: the missing last fields are read as "
                            + "empty, as Excel writes rows whose last cells are empty; if a field was left out in the middle of a row, "
                            + "its later values are in the wrong columns",
                        level: "warning", format: request.logFormat,
                        fields: ["code": "manifest.short_rows", "rows": .integer(short.count), "first_line": .integer(short[0])])
                }
                for row in rows {
                    if let job = row.job {
                        jobs.append(job)
                    } else {
                        problemLines.append(row.line)
                        let failure = CallReport.failure(
                            source: "\(manifest):\(row.line)", code: row.problemCode ?? "manifest.bad_value",
                            message: row.problem ?? "\(manifest):\(row.line): unusable row", metadata: row.metadata)
                        problems.append(request.redaction.map { $0.apply(toManifestProblem: failure, recordings: row.recordings) } ?? failure)
                        problemLogs.append((failure.source, failure.error?.message ?? failure.source))
                    }
                }
            } catch {
                Diagnostics.usageError(error, format: request.logFormat)
                return .usageError
            }
        }
        if !request.inputs.isEmpty {
            do {
                // A file both in the manifest and named or found here, under any spelling, is scored
                // once; a two-leg call's legs are the manifest's too (a folder holding them scored
                // each customer leg again, on its own, as a mono call).
                let listed = Set(jobs.flatMap(\.recordings).map { FileIdentity(path: $0) })
                let collected = try InputCollector.collectSkipping(request.inputs, include: request.include, exclude: request.exclude)
                jobs += collected.recordings.filter {
                    !listed.contains(FileIdentity(path: $0))
                }.map {
                    CallJob(path: $0, layout: request.layout)
                }
                if let first = collected.appleDoubleSkipped.first, !request.quiet {
                    let count = collected.appleDoubleSkipped.count
                    Diagnostics.runMessage(
                        "left out \(Plural.count(count, "macOS metadata file")) found beside \(count == 1 ? "its recording" : "their recordings") "
                            + "(AppleDouble '._' files a Mac writes on shared drives, not audio): \(first)\(count > 1 ? ", ..." : "")",
                        level: "info", format: request.logFormat,
                        fields: ["code": "input.apple_double_skipped", "skipped": .integer(count)])
                }
            } catch {
                Diagnostics.usageError(error, format: request.logFormat)
                return .usageError
            }
        }
        // An empty folder or manifest (a nightly folder on a day without calls) is not a usage
        // error: the run writes a report without calls and exits 0, with one warning line.
        let nothingFound = jobs.isEmpty && problems.isEmpty
        do {
            // Every recording, also those of other shards: writing over one would destroy it.
            try OutputPaths.check(fileUses(request, recordings: jobs, outputPath: outputPath))
        } catch {
            Diagnostics.usageError(error, format: request.logFormat)
            return .usageError
        }
        if let shard = request.shard {
            // By each recording's canonical path, the identity the state keeps, not its spelling.
            jobs = jobs.filter { shard.contains(recording: $0.path) }
            if let manifest = request.manifestPath {
                let kept = problemLines.map { shard.contains(manifest: manifest, line: $0) }
                problems = zip(problems, kept).filter(\.1).map(\.0)
                problemLogs = zip(problemLogs, kept).filter(\.1).map(\.0)
            }
        }
        if let pattern {
            let unmatched = pattern.apply(to: &jobs)
            if !unmatched.isEmpty, !request.quiet {
                Diagnostics.runMessage(
                    pattern.mismatchSummary(unmatched, total: jobs.count), level: "warning", format: request.logFormat,
                    fields: ["code": "name_pattern.no_match", "unmatched": .integer(unmatched.count)])
            }
        }
        if let redaction = request.redaction, !request.quiet, !jobs.isEmpty {
            // A field no call has redacts nothing: the run goes on (a manifest may lack a column
            // some days), but says so, since the reader of the report was to see no such value.
            let present = Set(jobs.flatMap(\.metadata.keys) + problems.flatMap(\.metadata.keys))
            for field in redaction.fields.sorted() where field != "source" && !present.contains(field) {
                Diagnostics.runMessage(
                    "--redact \(field): no call has a field '\(field)', so nothing is redacted under that name "
                        + "(the calls' fields: \(present.isEmpty ? "none" : present.sorted().joined(separator: ", ")))",
                    level: "warning", format: request.logFormat, fields: ["code": "redact.no_such_field", "field": .text(field)])
            }
        }
        let output: ReportOutput
        do {
            output = try ReportOutput(path: outputPath, streaming: request.format == .jsonl)
        } catch {
            Diagnostics.usageError(error, format: request.logFormat)
            return .usageError
        }
        let concurrency = request.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let incremental: IncrementalRun?
        do {
            incremental = try request.statePath.map { path throws(StateError) in
                IncrementalRun(store: try StateStore(path: path, exclusiveRun: true), checklists: checklists, request: request)
            }
        } catch {
            output.discard()
            Diagnostics.usageError(error, format: request.logFormat)
            return .usageError
        }
        let (reused, pending, crashed) = incremental?.partition(jobs, concurrency: concurrency)
            ?? ([], jobs.map { ($0, FileFingerprint?.none) }, [])

        let interrupt = InterruptFlag()
        let control = WorkerControl()
        interrupt.installSignalHandlers { _ in control.stop() }
        let observer = RunObserver(total: jobs.count + problems.count, quiet: request.quiet, logFormat: request.logFormat, stream: output.stream)
        for (problem, log) in zip(problems, problemLogs) { observer.record(problem, operatorSource: log.source, operatorMessage: log.message) }
        reused.forEach { observer.record($0, reused: true) }
        // Named in clear on standard error, redacted in the report as every failure is.
        let crashedReports = crashed.map { job, failure in
            let shown = request.redaction.map { $0.apply(to: failure, recordings: job.recordings) } ?? failure
            observer.record(shown, operatorSource: failure.source, operatorMessage: failure.error?.message)
            return shown
        }
        // The first failure to record a call in the state database (a full disk, an I/O error,
        // the file replaced or locked by another program). The calls already scored are the
        // report's, so the batch goes on and the report is written; only the state stops.
        let stateFailure = FailureBox()
        let stateFailed: @Sendable (StateError, StateStore) -> Void = { error, store in
            stateFailure.set(error)
            observer.logError(stateNotRecordedMessage(error, path: store.path), fields: ["code": "state.unrecorded", "state": .text(store.path)])
        }
        let scoredCalls = ScoredCalls(count: pending.count)
        // Each call as it finishes, serialised: the state database, standard error (the file in
        // clear), the JSON Lines stream; the report and the state get the redacted call.
        // `logFields`: more fields of a failure's JSON log line.
        let finish: @Sendable (Int, CallReport, [String: LogValue]) -> Void = { index, call, logFields in
            let job = pending[index].0
            let shown = request.redaction.map { $0.apply(to: call, recordings: job.recordings) } ?? call
            // After the first failure nothing more is tried, one error in all.
            if let incremental, !stateFailure.isSet {
                do throws(StateError) {
                    try incremental.record(shown, job: job, fingerprint: pending[index].1)
                } catch {
                    stateFailed(error, incremental.store)
                }
            }
            observer.record(shown, operatorSource: call.source, operatorMessage: call.error?.message, logFields: logFields)
            scoredCalls.set(shown, at: index)
            if observer.failure != nil { control.stop() }
        }
        let analysis = AnalysisConfiguration(loudnessMode: request.loudnessMode)
        var inProcess = request.workerExecutable == nil
        if let executable = request.workerExecutable {
            let supervisor = WorkerSupervisor(executable: executable, task: .score(WorkerSettings(
                checklistPaths: request.checklistPaths, checklistHashes: checklists.map(\.info.contentHash),
                checklistMode: request.checklistMode.rawValue, loudnessMode: request.loudnessMode.rawValue,
                timeLimitSeconds: request.fileTimeoutSeconds, logFormat: request.logFormat.rawValue)))
            do throws(WorkerSupervisor.StartFailure) {
                try supervisor.run(pending.map(\.0), concurrency: concurrency, control: control) { index, event in
                    switch event {
                    case .finished(.call(let call)):
                        finish(index, call, [:])
                    case .finished(.measured):
                        // The answer of a `loudness` worker: not this run's.
                        let job = pending[index].0
                        finish(index, job.failure(
                            code: WorkerSupervisor.failedCode,
                            message: "\(job.source): not analysed: callqa's analysis process answered as for another command; please report it"), [:])
                    case .crashed(let crash):
                        let (job, fingerprint) = pending[index]
                        // Left out of later runs only when the recording brought the fault about.
                        var kept = false
                        if crash.faulted, let incremental, let fingerprint, !stateFailure.isSet {
                            do throws(StateError) {
                                try incremental.recordCrash(job: job, fingerprint: fingerprint, signal: crash.cause)
                                kept = true
                            } catch {
                                stateFailed(error, incremental.store)
                            }
                        }
                        finish(index, crashFailure(job, crash: crash, keptInState: kept), crash.report.map { ["crash_report": .text($0)] } ?? [:])
                    case .notAnalysed(let reason):
                        let job = pending[index].0
                        finish(index, job.failure(
                            code: WorkerSupervisor.failedCode,
                            message: "\(job.source): not analysed: callqa's analysis process \(reason) (see the messages above); please report it"), [:])
                    case .timedOut:
                        let job = pending[index].0
                        let limit = request.fileTimeoutSeconds ?? 0
                        finish(index, job.failure(
                            code: AudioError.timedOut(path: job.source, limitSeconds: limit).code,
                            message: "\(job.source): the analysis ran past the per-file time limit of \(limit) s (--file-timeout) without "
                                + "stopping (stuck in a decoder library?), so it was ended at "
                                + "\(DurationText.format(WorkerSupervisor.hardTimeLimit(limit))); please report it with the file"), [:])
                    }
                }
            } catch {
                inProcess = true
                Diagnostics.runMessage(
                    "\(error.reason); analysing in this process instead, where a crash ends the run", level: "warning",
                    format: request.logFormat, fields: ["code": "worker.unavailable"])
            }
        }
        if inProcess {
            // A crash names the recording it happened on; with a state database, the next run
            // leaves it out and goes on.
            CrashGuard.install(journalPath: incremental?.store.crashJournalPath)
            _ = parallelMap(
                pending, maximumConcurrency: concurrency, shouldStop: { interrupt.isSet || observer.failure != nil }
            ) { job, fingerprint -> CallReport in
                CrashGuard.running(name: job.source, journalLine: incremental?.crashJournalPrefix(for: job, fingerprint: fingerprint)) {
                    ScoreRunner.scoreCall(
                        job, checklists: checklists, mode: request.checklistMode, configuration: analysis,
                        timeLimitSeconds: request.fileTimeoutSeconds)
                }
            } onResult: { index, call in
                finish(index, call, [:])
            }
        }
        let scored = scoredCalls.reports
        let interrupted = interrupt.isSet
        var report = Report(checklists: checklists.map(\.info), calls: scored + reused + crashedReports + problems)
        report.shard = request.shard.map { ShardInfo(index: $0.index, count: $0.count, options: request.resultOptions) }
        if interrupted { report.interrupted = true }
        do {
            if let failure = observer.failure { throw failure }
            try output.finish(request.format == .json ? ReportEncoding.json(report) : nil)
            if let htmlPath = request.htmlPath {
                let page = ScorecardPage.render(
                    Scorecard(calls: report.calls, grouping: .agent), calls: report.calls, title: "callqa report",
                    sources: ([request.manifestPath].compactMap { $0 }.map(Manifest.displayName) + request.inputs), notices: htmlNotices(report))
                try AtomicFileWriter.write(Data(page.utf8), to: htmlPath)
            }
        } catch {
            output.discard()
            Diagnostics.error(error, format: request.logFormat)
            return .someFailed
        }
        // Each failed call had its line on standard error as it failed: the table does not repeat
        // it; nor its totals, which are the run's summary line (`observer.finish`). A run that
        // found nothing has no rows, and says so below.
        if printSummary, !report.calls.isEmpty {
            if request.logFormat == .json {
                summaryObjects(report)
            } else {
                Diagnostics.message(SummaryText.render(report, listingErrors: false), prefix: false)
            }
        }
        if nothingFound {
            if !request.quiet {
                Diagnostics.runMessage(
                    nothingFoundMessage(request), level: "warning", format: request.logFormat, fields: ["code": "input.no_audio", "calls": .integer(0)])
            }
            return interrupted ? .interrupted : .allScored
        }
        observer.finish(report.summary, reused: reused.count, interrupted: interrupted)
        if interrupted { return .interrupted }
        return report.summary.failed > 0 || stateFailure.isSet ? .someFailed : .allScored
    }

    /// `--summary` with `--log-format json`: one object per call (`code` "call.summary", level
    /// info, with its `source`, `status`, `duration_s`, `score`, `passed` and error `error_code`),
    /// not the table, whose lines a log collector could not read among the run's JSON lines. The
    /// totals are the summary object that ends every run.
    static func summaryObjects(_ report: Report) {
        for call in report.calls {
            var fields: [String: LogValue] = [
                "code": "call.summary", "source": .text(call.source), "status": .text(call.status.rawValue),
            ]
            let verdict: String
            if call.status == .ok {
                if let duration = call.audio?.durationSeconds { fields["duration_s"] = .number(duration) }
                if let score = call.score { fields["score"] = .number(score) }
                if let passed = call.passed { fields["passed"] = .flag(passed) }
                verdict = call.scoreText(places: 2).map { "score \($0), \(call.passed == true ? "pass" : "FAIL")" } ?? "no score"
            } else {
                let code = call.error?.code ?? ""
                fields["error_code"] = .text(code)
                verdict = "ERROR \(code)"
            }
            Diagnostics.runMessage("\(call.source): \(verdict)", level: "info", format: .json, fields: fields)
        }
    }

    /// The failure of a call a worker process died on (`WorkerSupervisor`); `keptInState`: the
    /// state database keeps it, so later runs leave the recording out.
    static func crashFailure(_ job: CallJob, crash: WorkerSupervisor.WorkerCrash, keptInState: Bool) -> CallReport {
        let what = crash.faulted
            ? "callqa crashed (\(crash.cause)) while analysing this recording; please report it. The batch went on without it"
            : "callqa's analysis process ended (\(crash.cause)) while analysing this recording (killed for lack of memory, or by "
                + "another process). The batch went on without it, and the next run analyses it again"
        let kept = keptInState ? "; runs with this --state leave it out until the file changes or callqa is updated" : ""
        return job.failure(code: IncrementalRun.crashedCode, message: "\(job.source): \(what)\(kept)")
    }

    /// The error of a state database that failed to record a finished call part-way through a
    /// run: the database and the problem, and what it means for this run and the next (the
    /// calls not recorded are scored again, as if new).
    static func stateNotRecordedMessage(_ error: StateError, path: String) -> String {
        "\(path): cannot record calls in the state database: \(error.reason); the report is still written with every call, "
            + "but this call and those scored after it are not recorded, so the next run scores them again"
    }

    /// What the HTML page of a partial report says first: the JSON report says `interrupted` and
    /// `shard`, and the page of an interrupted run or of one shard looked like a whole night's.
    static func htmlNotices(_ report: Report) -> [String] {
        var notices: [String] = []
        if report.interrupted == true {
            notices.append("This run was interrupted: the page holds only the \(Plural.count(report.calls.count, "call")) finished by then. "
                + "Run it again (with --state it goes on where it stopped) for the whole batch.")
        }
        if let shard = report.shard {
            notices.append("Shard \(shard.index) of \(shard.count): the page holds only this part of the batch; "
                + "for the whole batch, merge the shards' JSON reports ('callqa merge') and make its page with 'callqa scorecard MERGED --format html'.")
        }
        return notices
    }

    /// The warning of a run that found nothing to score: where it looked, and with which filters.
    static func nothingFoundMessage(_ request: ScoreRequest) -> String {
        var places = request.inputs
        if let manifest = request.manifestPath { places.insert("the manifest \(manifest) (no rows)", at: 0) }
        var filters = request.include.map { "--include '\($0)'" } + request.exclude.map { "--exclude '\($0)'" }
        if !filters.isEmpty { filters = [" matching " + filters.joined(separator: " ")] }
        var hint = request.inputs.isEmpty ? "" : " (audio files are named .wav, .flac, .ogg, .opus, .mp3, ...)"
        let links = InputCollector.folderLinks(in: request.inputs)
        if !links.isEmpty {
            hint += "; symbolic links to folders are not followed (\(links.joined(separator: ", "))): name the folders they lead to"
        }
        return "no audio files found in \(places.joined(separator: ", "))\(filters.joined()); nothing to score, "
            + "the report has no calls\(hint)"
    }

    /// The files a run reads and writes, in the order their conflicts are reported.
    static func fileUses(_ request: ScoreRequest, recordings jobs: [CallJob], outputPath: String?) -> [FileUse] {
        var uses: [FileUse] = []
        uses += [outputPath].compactMap { $0 }.map { .output($0, "--out") }
        uses += [request.htmlPath].compactMap { $0 }.map { .output($0, "--html") }
        uses += [request.statePath].compactMap { $0 }.map { FileUse($0, role: "--state", access: .readWrite) }
        uses += request.checklistPaths.map { .input($0, "--checklist") }
        // Standard input redirected from a file (`--manifest - < calls.csv`) is that file.
        uses += [request.manifestPath].compactMap { $0 }.map { .input($0 == Manifest.standardInput ? "/dev/stdin" : $0, "--manifest") }
        uses += [request.redactKeyFilePath].compactMap { $0 }.map { .input($0, "--redact-key-file") }
        for job in jobs {
            uses.append(.input(job.path, "the recording"))
            if let customerLeg = job.customerLegPath { uses.append(.input(customerLeg, "the recording")) }
        }
        return uses
    }
}

/// The calls of a batch as they finish, in any order, kept in the batch's order.
final class ScoredCalls: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [CallReport?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ report: CallReport, at index: Int) {
        lock.lock()
        slots[index] = report
        lock.unlock()
    }

    /// The finished calls, in the batch's order.
    var reports: [CallReport] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}

/// The first error raised by a concurrent step (e.g. the state database filling the disk).
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?

    var isSet: Bool { error != nil }

    var error: Error? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    func set(_ error: Error) {
        lock.lock()
        if stored == nil { stored = error }
        lock.unlock()
    }
}

/// Messages for the person or the log: standard error, one line each.
public enum Diagnostics {
    public static func message(_ text: String, prefix: Bool = true) {
        let line = (prefix ? "callqa: " : "") + text + (text.hasSuffix("\n") ? "" : "\n")
        // Nowhere left to report a failure to write standard error itself.
        try? OutputSink.standardError.write(Data(line.utf8))
    }

    /// `callqa: error: ...`; a failed write reads `callqa: cannot write PATH: REASON` (README).
    public static func error(_ error: Error) {
        if let output = error as? OutputError, let text = output.errorDescription {
            message(text)
            return
        }
        message("error: " + describe(error))
    }

    /// `error(_:)` in the run's `--log-format`: with `json`, one object (`level` "error" and the
    /// message), so a log collector also reads the error that stops a run (status 1 or 2).
    static func error(_ error: Error, format: LogFormat) {
        guard format == .json else { return self.error(error) }
        runMessage((error as? OutputError)?.errorDescription ?? describe(error), level: "error", format: .json)
    }

    /// An error that stops a run before anything is scored (exit status 2) in the run's
    /// `--log-format`: with `json`, one object per problem (a checklist's problems are one
    /// error, a line each), each with `"usage": true`, as the argument parser's usage errors.
    static func usageError(_ error: Error, format: LogFormat) {
        guard format == .json else { return self.error(error) }
        let text = (error as? OutputError)?.errorDescription ?? describe(error)
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            runMessage(String(line), level: "error", format: .json, fields: ["usage": .flag(true)])
        }
    }

    static func describe(_ error: Error) -> String {
        (error as? LocalizedError)?.errorDescription ?? String(describing: error)
    }
}
