import Analysis

/// Whether each call is scored by every checklist that applies to it or only by the first.
public enum ChecklistSelectionMode: String, Sendable, CaseIterable {
    /// Every checklist whose `applies_to` matches the call.
    case all
    /// Only the first checklist, in the order given, whose `applies_to` matches the call and that
    /// gives it a verdict (not `not_applicable`); the first matching one when none does.
    case first
}

/// The report format.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// One JSON document, written when the run ends.
    case json
    /// JSON Lines: one call per line, written as each call finishes (completion order).
    case jsonl
}

/// Everything a `callqa score` run needs, as parsed from the command line.
public struct ScoreRequest: Sendable {
    /// Files and directories to score.
    public var inputs: [String]
    /// Checklist files, in the order given.
    public var checklistPaths: [String]
    /// How checklists are chosen per call.
    public var checklistMode: ChecklistSelectionMode
    /// Channel roles of stereo files.
    public var layout: ChannelLayout
    /// Files analysed at once; `nil` for the number of cores.
    public var jobs: Int?
    /// K-weighting design for loudness.
    public var loudnessMode: KWeightingMode
    /// A CSV or JSON Lines manifest of calls with metadata.
    public var manifestPath: String?
    /// Pattern extracting metadata from file names, e.g. `{date}_{agent_id}_{call_id}.wav`.
    public var namePattern: String?
    /// JSON or JSON Lines.
    public var format: ReportFormat = .json
    /// No summary line when every call was scored.
    public var quiet = false
    /// Plain or JSON lines on standard error.
    public var logFormat: LogFormat = .text
    /// The state database for incremental runs; `nil` scores everything.
    public var statePath: String?
    /// Score only this partition of the inputs.
    public var shard: Shard?
    /// Globs a file found in a directory must match (any), when given.
    public var include: [String] = []
    /// Globs that leave a file found in a directory out.
    public var exclude: [String] = []
    /// Fields replaced by a keyed hash in the report and the state database (`--redact`).
    public var redaction: Redaction?
    /// Stop analysing a file after this many seconds and report it (`audio.timeout`).
    public var fileTimeoutSeconds: Double?
    /// Also write the HTML view of the report (summary, agent table, per-call timelines) here.
    public var htmlPath: String?
    /// The file the `redaction` key was read from, so no output may replace it.
    public var redactKeyFilePath: String?
    /// The callqa executable whose `analysis-worker` analyses the calls, so that a crash ends a
    /// worker, not the run (`WorkerSupervisor`); nil: analysed in this process.
    public var workerExecutable: String?

    public init(
        inputs: [String], checklistPaths: [String] = [], checklistMode: ChecklistSelectionMode = .all,
        layout: ChannelLayout = .agentLeft, jobs: Int? = nil, loudnessMode: KWeightingMode = .exact,
        manifestPath: String? = nil, namePattern: String? = nil
    ) {
        self.manifestPath = manifestPath
        self.namePattern = namePattern
        self.inputs = inputs
        self.checklistPaths = checklistPaths
        self.checklistMode = checklistMode
        self.layout = layout
        self.jobs = jobs
        self.loudnessMode = loudnessMode
    }
}

extension ScoreRequest {
    /// The options given to this run that change what a report says about a call, by option
    /// name, as a sharded report records them (`ShardInfo.options`). Checklists, the tool's
    /// version and the schema are recorded in the report on their own; a manifest's per-call
    /// `agent_channel` is in each call.
    public var resultOptions: [String: String] {
        var options = [
            "--loudness-mode": loudnessMode.rawValue,
            "--checklist-mode": checklistMode.rawValue,
            "--agent-channel": String(layout.agentChannel),
            "--redact": redaction.map { $0.fields.sorted().joined(separator: ",") } ?? "",
        ]
        // Which key hashed the values (a keyed hash of a fixed text: it tells two keys apart
        // and reveals neither).
        if let redaction { options["--redact-key"] = redaction.hash("callqa-redaction-key-check") }
        return options
    }
}
