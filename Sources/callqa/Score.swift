import ArgumentParser
import Pipeline

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse recordings and score them against QA checklists.",
        discussion: """
            Scores every audio file named, and every audio file under the directories named \
            (recursively). Stereo files carry the agent on channel 0 (left) and the customer on \
            channel 1 unless --agent-channel says otherwise; mono files are one mixed channel, \
            where per-party metrics are not applicable (null). Recordings are read from disk: '-' \
            (standard input) is refused, as 'callqa loudness' refuses it; a list of recordings \
            from standard input is a manifest (--manifest -).

            On a terminal a progress bar runs on standard error; otherwise (cron) there is one line \
            per failed file and one summary line at the end. SIGINT or SIGTERM stop the run after \
            the files in flight; the report of the finished calls is written.

            Exit status: 0 all calls scored (also none: an empty folder writes a report without \
            calls, with a warning); 1 some files failed (each is an error entry in the report, the \
            others are scored) or the report could not be written; 2 usage or checklist error (a \
            file or folder named that does not exist, or standard input), or an output that names an input or another output, or whose folder \
            is missing (nothing is scored); 3 interrupted.
            """
    )

    @Argument(help: "Audio files or directories to score (optional with --manifest).")
    var inputs: [String] = []

    @Option(help: "A CSV (with a header; commas, semicolons or tabs) or JSON Lines manifest ('-': standard input): column 'path' (or 'agent_path' and 'customer_path'; relative paths are read from the manifest's folder, from a pipe the current folder), 'agent_channel', and metadata such as call_id, agent_id, team, direction, queue.")
    var manifest: String?

    @Option(help: "Only score files in the directories named that match this glob (e.g. '*.wav'; extensions in any case); repeat for several.")
    var include: [String] = []

    @Option(help: "Leave out files in the directories named that match this glob (e.g. '*_test.*'); repeat for several.")
    var exclude: [String] = []

    @Option(help: "Take metadata from file names, e.g. '{date}_{agent_id}_{call_id}.wav' (manifest columns win; the extension in any case); names that do not match are warned about.")
    var namePattern: String?

    @Option(name: .customLong("checklist"), help: "A QA checklist (YAML or JSON) to score every call with; repeat for several.")
    var checklists: [String] = []

    @Option(help: "Apply 'all' checklists whose applies_to matches a call, or only the 'first' that applies (its applies_to matches and some item of it is measurable on the call).")
    var checklistMode: ChecklistModeArgument = .all

    @Option(name: .shortAndLong, help: "Write the report to this file (atomically) instead of standard output ('-': standard output).")
    var out: OutputArgument?

    // `.unconditional`: a negative value is read as the value (and refused by `validate` with
    // what to write), not as an unknown option ("Missing value for '--jobs'").
    // Optional, so that `validate` can tell an --agent-channel 0 that was given (and contradicts
    // --swap-channels) from the default.
    @Option(parsing: .unconditional, help: "Which channel of a stereo file carries the agent: 0 (left, the default) or 1 (right).")
    var agentChannel: Int?

    @Flag(help: "Shorthand for --agent-channel 1: the agent is on the right channel (not with --agent-channel).")
    var swapChannels = false

    @Option(parsing: .unconditional, help: "Number of files analysed at once (default: the number of cores).")
    var jobs: Int?

    @Option(help: "K-weighting filter for loudness: 'exact' (BS.1770 48 kHz response at every rate) or 'ebur128' (libebur128/ffmpeg compatible).")
    var loudnessMode: LoudnessModeArgument = .exact

    @Flag(help: "Print a readable summary table of the calls to standard error (with --log-format json, one JSON object per call).")
    var summary = false

    @Option(help: "Report format: 'json' (one document) or 'jsonl' (one call per line, written as each call finishes).")
    var format: ReportFormatArgument = .json

    @Flag(help: "Print nothing when every call was scored (failures are still reported).")
    var quiet = false

    @Option(help: "Messages on standard error as 'text' lines or 'json' objects (for log collectors).")
    var logFormat: LogFormatArgument = .text

    @Option(help: "Score only partition K of N of the inputs (stable hash of each recording's absolute, resolved path), e.g. 2/4; combine the parts with 'callqa merge'.")
    var shard: String?

    @Option(help: "Replace this metadata field (or 'source', the recording's path) in the report and the state with a keyed hash (HMAC-SHA256, stable across runs); repeat for several.")
    var redact: [String] = []

    @Option(help: "The secret key for --redact (at least 16 bytes); default: the CALLQA_REDACT_KEY environment variable.")
    var redactKeyFile: String?

    @Option(parsing: .unconditional, help: "Stop analysing any one file after this many seconds and report it as failed (audio.timeout); the batch goes on. An analysis that does not stop there (stuck in a decoder library) is ended at twice the limit and a second.")
    var fileTimeout: Double?

    @Option(help: "Also write a self-contained HTML report here: run summary, agent table, per-call checklist results and timelines.")
    var html: String?

    @Option(help: "SQLite state for incremental runs: unchanged files (by absolute path) already scored with the same checklists and version are not rescored, and a recording a run crashed on is left out (analysis.crashed) until it changes.")
    var state: String?

    @Flag(help: "Analyse the calls in this process, not in a worker process (for a debugger or a profiler): a crash then ends the run, where a worker's crash costs only the recording it happened on.")
    var inProcess = false

    func validate() throws {
        try RepeatedOptions.check(Self.self, hints: [
            "manifest": "To score several manifests, join their rows under one header, or run callqa once per manifest.",
        ])
        if inputs.isEmpty && manifest == nil {
            throw ValidationError("Name at least one audio file or directory to score, e.g. 'callqa score recordings/', or give --manifest.")
        }
        if inputs.contains("") {
            // It failed as ": no such file or directory", naming nothing.
            throw ValidationError("An audio file or folder to score is given as an empty name (a shell variable that was not set?); name each one.")
        }
        for (option, globs) in [("--include", include), ("--exclude", exclude)] where globs.contains("") {
            // `--include ''` matched no file: nothing was scored, and with --quiet nothing was said (exit 0).
            throw ValidationError("\(option) needs a glob such as '*.wav'; the value given is empty (a shell variable that was not set?).")
        }
        try requireFileNames([manifest], for: "--manifest")
        try requireFileNames(checklists, for: "--checklist")
        try requireFileNames([redactKeyFile], for: "--redact-key-file")
        try requireFileNames([html], for: "--html")
        try requireFileNames([state], for: "--state")
        // Standard input can be read once: the second reader got nothing.
        let readers = [("--manifest", manifest), ("--redact-key-file", redactKeyFile)] + checklists.map { ("--checklist", $0) }
            + inputs.map { ("the recording", $0) }
        let stdinReaders = readers.compactMap { option, value in value.flatMap { InputFile.namesStandardInput($0) ? "\(option) \($0)" : nil } }
        if stdinReaders.count > 1 {
            throw ValidationError("\(stdinReaders.joined(separator: " and ")) all read standard input, which can be read only once: "
                + "give all but one of them as a file.")
        }
        if html == "-" {
            // Standard output carries the report (without --out): the page is written to a file.
            throw ValidationError("--html writes the HTML report to a file: name one, e.g. --html report.html ('-' is not standard output here).")
        }
        if let agentChannel, agentChannel != 0 && agentChannel != 1 {
            throw ValidationError("--agent-channel must be 0 (left) or 1 (right); got \(agentChannel).")
        }
        if swapChannels, let agentChannel {
            throw ValidationError(agentChannel == 0
                ? "--swap-channels (the agent on channel 1, right) contradicts --agent-channel 0 (the agent on channel 0, left): give one of them."
                : "--swap-channels means --agent-channel 1: give one of them, not both.")
        }
        if let shard, Shard(shard) == nil {
            throw ValidationError("--shard takes K/N with 1 <= K <= N, e.g. --shard 2/4; got '\(shard)'.")
        }
        if let fileTimeout, !(fileTimeout > 0) {
            throw ValidationError("--file-timeout takes a number of seconds above 0; got \(fileTimeout).")
        }
        if let jobs, jobs < 1 {
            throw ValidationError("--jobs must be at least 1; got \(jobs).")
        }
        // Here, so a bad field or key is shown with this command's usage, not the top level's.
        if !redact.isEmpty {
            do {
                // A key given through a pipe can be read once: run() reads it (here, the second
                // read found it empty). Its fields are checked here all the same.
                if let key = redactKeyFile, InputFile.namesStandardInput(key) || InputFile.isPipe(key) {
                    try Redaction.checkFields(redact)
                } else {
                    _ = try Redaction(fields: redact, keyFile: redactKeyFile)
                }
            } catch {
                throw ValidationError(error.localizedDescription)
            }
        }
    }

    func run() throws {
        var request = ScoreRequest(
            inputs: inputs,
            checklistPaths: checklists,
            checklistMode: checklistMode.mode,
            layout: ChannelLayout(agentChannel: swapChannels ? 1 : agentChannel ?? 0),
            jobs: jobs,
            loudnessMode: loudnessMode.mode,
            manifestPath: manifest,
            namePattern: namePattern
        )
        request.format = format.format
        request.quiet = quiet
        request.logFormat = logFormat.format
        request.statePath = state
        request.shard = shard.flatMap(Shard.init)
        request.include = include
        request.exclude = exclude
        request.htmlPath = html
        request.redactKeyFilePath = redactKeyFile
        request.fileTimeoutSeconds = fileTimeout
        // This very binary, even if the file is replaced while the run goes on.
        request.workerExecutable = inProcess ? nil : AnalysisWorker.executable
        if !redact.isEmpty {
            do {
                request.redaction = try Redaction(fields: redact, keyFile: redactKeyFile)
            } catch {
                throw ValidationError(error.localizedDescription)
            }
        }
        let outcome = ScoreCommandRunner.run(request, outputPath: out?.path, printSummary: summary)
        if outcome != .allScored { throw ExitCode(outcome.rawValue) }
    }
}
