/// Which channel of a stereo recording carries the agent. The customer is on the other one.
public struct ChannelLayout: Sendable, Hashable, Codable {
    /// 0-based index of the agent's channel: 0 (left, the default) or 1 (right).
    public var agentChannel: Int

    public init(agentChannel: Int = 0) {
        self.agentChannel = agentChannel
    }

    /// Agent on the left channel, customer on the right.
    public static let agentLeft = ChannelLayout(agentChannel: 0)
    /// Agent on the right channel, customer on the left.
    public static let agentRight = ChannelLayout(agentChannel: 1)
}
