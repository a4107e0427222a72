/// A block of decoded audio, one contiguous `Float` buffer per channel (full scale is ±1.0).
public struct AudioBlock: Sendable {
    /// Samples per channel; every channel holds `frameCount` valid samples.
    public var channels: [[Float]]

    public init(channelCount: Int, capacity: Int) {
        channels = Array(repeating: [], count: channelCount)
        for index in channels.indices { channels[index].reserveCapacity(capacity) }
    }

    public init(channels: [[Float]]) {
        self.channels = channels
    }

    /// Number of sample frames in the block.
    public var frameCount: Int { channels.first?.count ?? 0 }
}
