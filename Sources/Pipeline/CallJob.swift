/// One call to analyse: its recording, how its channels map to parties, and its metadata.
public struct CallJob: Sendable, Hashable {
    /// Path of the recording.
    public var path: String
    /// Channel roles for a stereo recording.
    public var layout: ChannelLayout
    /// Metadata (call_id, agent_id, team, direction, ...).
    public var metadata: [String: String]

    public init(path: String, layout: ChannelLayout = .agentLeft, metadata: [String: String] = [:]) {
        self.path = path
        self.layout = layout
        self.metadata = metadata
    }
}
