/// What a decoded recording is: container, encoding, rate, channels and length.
public struct AudioFormatInfo: Sendable, Hashable {
    /// Container name, e.g. `wav`, `flac`, `ogg`, `mp3`.
    public var container: String
    /// Sample encoding, e.g. `pcm_s16`, `ulaw`, `alaw`, `gsm610`, `float32`, `vorbis`, `opus`, `mp3`.
    public var encoding: String
    /// Sample rate, in Hz.
    public var sampleRate: Int
    /// Number of channels.
    public var channelCount: Int
    /// Number of sample frames (one sample per channel each), as the header declares it.
    public var frameCount: Int64

    /// Whether `encoding` is a lossy transform codec (MP3, Vorbis, Opus), whose blocks spread an
    /// onset's energy ahead of it and a sound's end after it.
    public var isTransformCoded: Bool { ["mp3", "vorbis", "opus"].contains(encoding) }

    public init(container: String, encoding: String, sampleRate: Int, channelCount: Int, frameCount: Int64) {
        self.container = container
        self.encoding = encoding
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.frameCount = frameCount
    }

    /// Length, in seconds, as the header declares it.
    public var durationSeconds: Double {
        sampleRate > 0 ? Double(frameCount) / Double(sampleRate) : 0
    }
}
