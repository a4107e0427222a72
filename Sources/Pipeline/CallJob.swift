import Reporting

/// One call to analyse: its recording (or two leg files), how its channels map to parties, and
/// its metadata.
public struct CallJob: Sendable, Hashable, Codable {
    /// Path of the recording; for a two-leg call, the agent leg.
    public var path: String
    /// For a two-leg call: the customer leg (the agent leg is `path`).
    public var customerLegPath: String?
    /// Channel roles for a stereo recording.
    public var layout: ChannelLayout
    /// Metadata (call_id, agent_id, team, direction, ...).
    public var metadata: [String: String]
    /// Warnings about the job found before it is analysed (e.g. a file name that does not match
    /// `--name-pattern`); they come first in the call's report warnings.
    public var warnings: [String]
    /// The manifest row whose `agent_channel` set `layout`, when one did. A mono recording has no
    /// agent channel, so its call is warned that the row's value was ignored (it was, silently).
    /// `--agent-channel` is the batch's default for its stereo files and says nothing of any one
    /// file, so it leaves this nil.
    public var manifestAgentChannel: ManifestAgentChannel?

    /// The call's `source` in the report: the recording's path or, for a two-leg call, both legs
    /// (`agent.wav + customer.wav`), so that two calls sharing one agent leg (a transfer, a
    /// conference) are two calls in the report, the state database and the scorecards.
    public var source: String {
        customerLegPath.map { "\(path)\(Self.legSeparator)\($0)" } ?? path
    }

    /// What joins a two-leg call's legs in its `source`.
    public static let legSeparator = CallReport.legSeparator

    /// The recordings the call reads: the file, or the agent leg and the customer leg.
    public var recordings: [String] { [path] + (customerLegPath.map { [$0] } ?? []) }

    /// The call's error entry: `code` and `message`, with the job's metadata and warnings.
    public func failure(code: String, message: String) -> CallReport {
        var failure = CallReport.failure(source: source, code: code, message: message, metadata: metadata)
        failure.warnings = warnings
        return failure
    }

    public init(
        path: String, customerLegPath: String? = nil, layout: ChannelLayout = .agentLeft, metadata: [String: String] = [:],
        warnings: [String] = [], manifestAgentChannel: ManifestAgentChannel? = nil
    ) {
        self.path = path
        self.customerLegPath = customerLegPath
        self.layout = layout
        self.metadata = metadata
        self.warnings = warnings
        self.manifestAgentChannel = manifestAgentChannel
    }
}

/// A manifest row's `agent_channel`, as written and where.
public struct ManifestAgentChannel: Sendable, Hashable, Codable {
    /// The manifest's path, as named.
    public var manifest: String
    /// 1-based line of the row.
    public var line: Int
    /// The value as written (`1`, `right`, ...).
    public var value: String
    /// The agent's channel it names: 0 (left) or 1 (right).
    public var agentChannel: Int

    public init(manifest: String, line: Int, value: String, agentChannel: Int) {
        self.manifest = manifest
        self.line = line
        self.value = value
        self.agentChannel = agentChannel
    }

    /// The warning of a call whose recording turns out to be mono.
    public var monoWarning: String {
        "\(manifest):\(line): the manifest asks for the agent on channel \(agentChannel) (agent_channel '\(value)'), but the "
            + "recording is mono (one mixed channel), so it was ignored: per-party metrics (talk ratio, overlap, interruptions, "
            + "first agent speech) are not measured"
    }
}
