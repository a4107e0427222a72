/// A stream of decoded audio read block by block, so that memory does not grow with call length.
/// The pipeline reads through this protocol; tests can supply a fake.
public protocol AudioSource: AnyObject {
    /// The format of the stream.
    var info: AudioFormatInfo { get }
    /// Fills `block` with up to `maximumFrames` frames (replacing its contents) and returns the
    /// number of frames read; 0 at the end of the stream.
    func read(into block: inout AudioBlock, maximumFrames: Int) throws(AudioError) -> Int
    /// Once the stream is read to its end: what is wrong with the recording but did not stop it
    /// from being read (a file cut short), one sentence each.
    var warnings: [String] { get }
    /// The format each channel was decoded from, one per channel of `info`: a two-leg call's
    /// legs may be of different encodings (a PCM agent leg, a µ-law customer leg), whose loudest
    /// sample (where clipping starts) and codec differ.
    var channelFormats: [AudioFormatInfo] { get }
    /// The file each channel was read from, one per channel, when they are not one file (a
    /// two-leg call's legs), so that a problem in one channel's samples names its file; nil for
    /// one file.
    var channelPaths: [String]? { get }
}

extension AudioSource {
    public var warnings: [String] { [] }
    /// Every channel is of `info`'s format (one file).
    public var channelFormats: [AudioFormatInfo] { Array(repeating: info, count: info.channelCount) }
    /// One file: errors name it.
    public var channelPaths: [String]? { nil }
}
