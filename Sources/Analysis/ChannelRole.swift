/// Who a channel of the recording carries.
public enum ChannelRole: String, Sendable, Hashable, CaseIterable, Codable {
    /// The agent's voice (by default channel 0 of a stereo file).
    case agent
    /// The customer's voice (by default channel 1 of a stereo file).
    case customer
    /// A mono mix of both parties; per-party metrics are not measurable.
    case mixed
}
