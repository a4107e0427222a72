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
    /// Number of sample frames (one sample per channel each), as the header declares it; 0 when
    /// the file does not say (`lengthKnown` false).
    public var frameCount: Int64
    /// Whether the file says how long it is. An Ogg file (Vorbis, Opus) whose last page is
    /// missing, a copy cut short, does not: its length is read from that page.
    public var lengthKnown: Bool

    /// Whether `encoding` is a lossy transform codec (MP3, Vorbis, Opus), whose blocks spread an
    /// onset's energy ahead of it and a sound's end after it.
    public var isTransformCoded: Bool { ["mp3", "vorbis", "opus"].contains(encoding) }

    /// The largest magnitude the encoding can carry, as a share of full scale: where a clipped
    /// signal flattens out. G.711's loudest codes decode below full scale: µ-law's to 32124 of
    /// 32768 (-0.17 dBFS), A-law's to 32256 (-0.14 dBFS); 8-bit PCM's loudest positive code to
    /// 127 of 128 (-0.07 dBFS: under the 0.999 of full scale that counts as clipped, so a signal
    /// clipped on its positive side was never counted); 1 for every other encoding (16-bit's
    /// 32767 of 32768 stands over 0.999).
    public var loudestSample: Float {
        switch encoding {
        case "ulaw": 32124 / 32768
        case "alaw": 32256 / 32768
        case "pcm_u8", "pcm_s8": 127 / 128
        default: 1
        }
    }

    public init(container: String, encoding: String, sampleRate: Int, channelCount: Int, frameCount: Int64, lengthKnown: Bool = true) {
        self.container = container
        self.encoding = encoding
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.frameCount = lengthKnown ? frameCount : 0
        self.lengthKnown = lengthKnown
    }

    /// Length, in seconds, as the header declares it.
    public var durationSeconds: Double {
        sampleRate > 0 ? Double(frameCount) / Double(sampleRate) : 0
    }
}
