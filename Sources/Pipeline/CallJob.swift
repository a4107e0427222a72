/// One call to analyse: its recording (or two leg files), how its channels map to parties, and
/// its metadata.
public struct CallJob: Sendable, Hashable {
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

    public init(
        path: String, customerLegPath: String? = nil, layout: ChannelLayout = .agentLeft, metadata: [String: String] = [:],
        warnings: [String] = []
    ) {
        self.path = path
        self.customerLegPath = customerLegPath
        self.layout = layout
        self.metadata = metadata
        self.warnings = warnings
    }
}
