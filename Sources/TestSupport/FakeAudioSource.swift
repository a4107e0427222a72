import AudioIO

/// An in-memory `AudioSource` for tests: serves the given channels in blocks, and can fail part
/// way to exercise error paths.
public final class FakeAudioSource: AudioSource {
    public let info: AudioFormatInfo
    private let channels: [[Float]]
    private var position = 0
    private let failAtFrame: Int?

    public init(channels: [[Float]], sampleRate: Int, failAtFrame: Int? = nil) {
        self.channels = channels
        self.failAtFrame = failAtFrame
        info = AudioFormatInfo(
            container: "fake", encoding: "float32", sampleRate: sampleRate,
            channelCount: channels.count, frameCount: Int64(channels.first?.count ?? 0))
    }

    public func read(into block: inout AudioBlock, maximumFrames: Int) throws(AudioError) -> Int {
        let total = channels.first?.count ?? 0
        if let failAtFrame, position >= failAtFrame {
            throw .decodeFailed(path: "fake", reason: "simulated failure")
        }
        let count = min(maximumFrames, total - position)
        block = AudioBlock(channels: channels.map { Array($0[position..<(position + max(0, count))]) })
        position += max(0, count)
        return max(0, count)
    }
}
