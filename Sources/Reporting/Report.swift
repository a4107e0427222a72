/// The version of the report format. Bumped whenever a field changes meaning or disappears;
/// documented in docs/report.schema.json. 1.1: a two-leg call's `source` names both legs
/// (`agent.wav + customer.wav`; in 1.0 the agent leg alone), and its metadata no longer holds
/// `agent_path` and `customer_path`. 1.2: `conversation.longest_dead_air_s` (the longest silence
/// with hold taken out), which the bundled checklists' dead-air items measure.
public let reportSchemaVersion = "1.2"

/// The version of callqa, recorded in every report.
public let callqaVersion = "0.1.0"

/// A whole run's report: one entry per call, in a deterministic order (sorted by source path).
public struct Report: Codable, Sendable, Equatable {
    public var schemaVersion: String
    public var tool: ToolInfo
    public var checklists: [ChecklistInfo]
    public var summary: RunSummary
    public var calls: [CallReport]
    /// The part of a sharded run (`--shard K/N`) this report holds; absent for a whole run.
    public var shard: ShardInfo?
    /// True when the run was interrupted (exit status 3): the report holds the calls finished
    /// by then; absent otherwise.
    public var interrupted: Bool?

    public init(checklists: [ChecklistInfo], calls: [CallReport]) {
        schemaVersion = reportSchemaVersion
        tool = ToolInfo(name: "callqa", version: callqaVersion)
        self.checklists = checklists
        // Byte order between sources `String` holds equal (`café.wav` written NFC and NFD: two
        // files), so the order never depends on the order the calls finished in.
        self.calls = calls.sorted { $0.source == $1.source ? $0.source.utf8.lexicographicallyPrecedes($1.source.utf8) : $0.source < $1.source }
        summary = RunSummary(calls: self.calls)
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", tool, checklists, summary, calls, shard, interrupted
    }
}

/// Which part of a sharded run a report holds: shard `index` (1-based) of `count`.
public struct ShardInfo: Codable, Sendable, Equatable {
    public var index: Int
    public var count: Int
    /// The run's options that change results, by option name (`--loudness-mode: exact`), so that
    /// `callqa merge` refuses shards scored differently; absent in reports written before 0.1.0's
    /// 2026-11-29 build.
    public var options: [String: String]?

    public init(index: Int, count: Int, options: [String: String]? = nil) {
        self.index = index
        self.count = count
        self.options = options
    }
}

/// The tool that wrote a report.
public struct ToolInfo: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
}

/// Identity of a checklist used in the run, so that scores stay comparable over time.
public struct ChecklistInfo: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var version: String
    /// SHA-256 of the checklist file's content, hex.
    public var contentHash: String
    /// Where it was loaded from.
    public var path: String

    public init(id: String, name: String, version: String, contentHash: String, path: String) {
        self.id = id
        self.name = name
        self.version = version
        self.contentHash = contentHash
        self.path = path
    }

    enum CodingKeys: String, CodingKey {
        case id, name, version, contentHash = "content_hash", path
    }
}

/// Counts over the whole run.
public struct RunSummary: Codable, Sendable, Equatable {
    /// Calls in the report.
    public var calls: Int
    /// Calls analysed and scored (status `ok`).
    public var scored: Int
    /// Calls that could not be analysed (status `error`).
    public var failed: Int
    /// Scored calls that passed every checklist applied to them.
    public var passed: Int
    /// Total audio analysed, in seconds.
    public var audioSeconds: Double

    init(calls: [CallReport]) {
        self.calls = calls.count
        scored = calls.filter { $0.status == .ok }.count
        failed = calls.filter { $0.status == .error }.count
        passed = calls.filter { $0.status == .ok && $0.passed == true }.count
        audioSeconds = Rounding.seconds(calls.reduce(0) { $0 + ($1.audio?.durationSeconds ?? 0) })
    }

    enum CodingKeys: String, CodingKey {
        case calls, scored, failed, passed, audioSeconds = "audio_s"
    }
}
