internal import CMPG123Quiet
internal import CSndFile

#if canImport(Glibc)
import Glibc
#endif

/// A recording opened for reading with libsndfile. Owns the C handle (closed in `deinit`); the
/// handle and libsndfile's status codes never leave this type.
public final class SoundFile: AudioSource {
    /// Sample rates callqa accepts, in Hz: speech analysis needs the 300-3400 Hz band, so 8 kHz is
    /// the lowest; 192 kHz is the highest a recording system plausibly writes.
    public static let acceptedSampleRates: ClosedRange<Int> = 8_000...192_000
    /// Largest number of channels: one per party.
    public static let maximumChannelCount = 2

    public let info: AudioFormatInfo
    /// The path the file was opened from.
    public let path: String

    private let handle: OpaquePointer
    /// The descriptor libsndfile reads a FLAC file through (-1 for other formats): where the
    /// decoder stopped tells a file cut short from damage part-way (see `read`).
    private let descriptor: Int32
    private var interleaved: [Float] = []
    /// Frames delivered so far.
    private var framesDelivered: Int64 = 0
    /// Set when decoding stopped at the end of a file cut short: nothing more is read.
    private var endedEarly = false
    /// Audio a WAV file holds after the data its header declares (see
    /// `UnreadableFormats.undeclaredWAVAudio`).
    private var undeclared: (bytes: Int64, seconds: Double?)?

    /// Whether libsndfile's MP3 decoder (libmpg123) is kept from printing its notes on damaged
    /// input ("Note: Illegal Audio-MPEG-Header ...") on standard error, which is callqa's own
    /// (`--quiet`, `--log-format json`): see `CMPG123Quiet`.
    public static var decoderMessagesSilenced: Bool { callqa_mpg123_is_quiet() != 0 }

    /// Opens `path` and reads its header.
    ///
    /// - Throws: `AudioError` naming the file when it is missing, empty, not audio, or has a
    ///   layout callqa cannot score (0 or more than 2 channels, a sample rate outside
    ///   `acceptedSampleRates`).
    public init(path: String) throws(AudioError) {
        self.path = path
        var status = stat()
        guard stat(path, &status) == 0 else {
            let loop = errno == ELOOP
            var link = stat()
            let dangling = lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK
            throw .unreadable(
                path: path,
                reason: !dangling ? "no such file"
                    : loop ? "a loop of symbolic links (a link that leads back to itself)" : "a symbolic link to a file that does not exist")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            let folder = (status.st_mode & S_IFMT) == S_IFDIR
            throw .unreadable(
                path: path,
                reason: !folder ? "not a regular file (a pipe, socket or device)"
                    : access(path, R_OK | X_OK) == 0 ? "a directory, not a file"
                    : "a folder that cannot be read (permission denied): the recordings in it were not scored")
        }
        if status.st_size == 0 { throw .empty(path: path) }
        guard access(path, R_OK) == 0 else {
            throw .unreadable(path: path, reason: "permission denied")
        }
        var sfInfo = SF_INFO()
        guard var opened = sf_open(path, Int32(SFM_READ), &sfInfo) else {
            // libsndfile says "does not exist or is not a regular file" for some unrecognised
            // content; the checks above have ruled that out.
            let message = SoundFile.libraryMessage(nil)
            throw .unreadable(
                path: path,
                reason: UnreadableFormats.reason(for: path)
                    ?? UnreadableFormats.reason(forContent: SoundFile.head(of: path), path: path)
                    ?? (message.contains("does not exist") ? "not a recognised audio format" : message))
        }
        // FLAC reports a file cut short as an error ("flac decoder lost sync") where the other
        // formats end early. Opened again on a descriptor of callqa's, the position it has read
        // to says which it was: the end of the file (cut short) or a point before it (damage).
        var descriptor: Int32 = -1
        if Int(sfInfo.format & Int32(SF_FORMAT_TYPEMASK)) == SF_FORMAT_FLAC {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            var again = SF_INFO()
            if fd >= 0, let reopened = sf_open_fd(fd, Int32(SFM_READ), &again, 0) {
                sf_close(opened)
                opened = reopened
                sfInfo = again
                descriptor = fd
            } else if fd >= 0 {
                close(fd)
            }
        }
        handle = opened
        self.descriptor = descriptor
        let format = sfInfo.format
        // libsndfile gives SF_COUNT_MAX frames when the file does not say how long it is: an Ogg
        // file whose last page is missing (it read "the header declares 576460752303423.5 s").
        let lengthKnown = sfInfo.frames != sf_count_t.max
        info = AudioFormatInfo(
            container: SoundFile.containerName(format & Int32(SF_FORMAT_TYPEMASK)),
            encoding: SoundFile.encodingName(format & Int32(SF_FORMAT_SUBMASK)),
            sampleRate: Int(sfInfo.samplerate),
            channelCount: Int(sfInfo.channels),
            frameCount: lengthKnown ? SoundFile.declaredFrameCount(opened, decodable: max(0, Int64(sfInfo.frames))) : 0,
            lengthKnown: lengthKnown
        )
        if info.channelCount < 1 {
            sf_close(opened)
            if descriptor >= 0 { close(descriptor) }
            throw .unsupportedLayout(path: path, reason: "the file declares no audio channels")
        }
        if info.channelCount > SoundFile.maximumChannelCount {
            sf_close(opened)
            if descriptor >= 0 { close(descriptor) }
            throw .unsupportedLayout(
                path: path,
                reason: "\(info.channelCount) channels; callqa scores mono (one mixed channel) or "
                    + "stereo (agent and customer) recordings, or two leg files per call")
        }
        if !SoundFile.acceptedSampleRates.contains(info.sampleRate) {
            sf_close(opened)
            if descriptor >= 0 { close(descriptor) }
            throw .unsupportedLayout(
                path: path,
                reason: "sample rate \(info.sampleRate) Hz is outside the accepted "
                    + "\(SoundFile.acceptedSampleRates.lowerBound)-\(SoundFile.acceptedSampleRates.upperBound) Hz")
        }
        if info.container == "wav", info.lengthKnown {
            let head = SoundFile.head(of: path)
            if info.frameCount == 0, let unfinished = UnreadableFormats.unfinishedWAVHeader(head, fileSize: Int64(status.st_size)) {
                sf_close(opened)
                if descriptor >= 0 { close(descriptor) }
                throw .unreadable(path: path, reason: unfinished)
            }
            undeclared = UnreadableFormats.undeclaredWAVAudio(head, fileSize: Int64(status.st_size)) { SoundFile.head(of: path, at: $0, count: 4) }
        }
    }

    deinit {
        sf_close(handle)
        if descriptor >= 0 { close(descriptor) }
    }

    public func read(into block: inout AudioBlock, maximumFrames: Int) throws(AudioError) -> Int {
        let channelCount = info.channelCount
        let needed = maximumFrames * channelCount
        if interleaved.count < needed { interleaved = Array(repeating: 0, count: needed) }
        // No more than the header says is left: libsndfile 1.2.0's MS ADPCM decoder answers a
        // read that asks for more with nothing at all in some files (a stereo file of 512 blocks
        // of 500 frames lost its last 2048 frames, and was reported as truncated).
        let left = info.lengthKnown ? info.frameCount - framesDelivered : Int64(maximumFrames)
        let request = left > 0 ? Int(min(Int64(maximumFrames), left)) : maximumFrames
        let framesRead = endedEarly ? 0 : interleaved.withUnsafeMutableBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            return Int(sf_readf_float(handle, base, sf_count_t(request)))
        }
        if !endedEarly, sf_error(handle) != 0 {
            if readToTheEnd {
                // A file cut short: what it holds is the call, as for the other formats (the
                // caller compares it with the length the header declares).
                endedEarly = true
            } else {
                let at = info.sampleRate > 0 ? Double(framesDelivered + Int64(framesRead)) / Double(info.sampleRate) : 0
                throw .decodeFailed(path: path, reason: "\(SoundFile.decoderMessage(handle)), at \((at * 10).rounded() / 10) s")
            }
        }
        framesDelivered += Int64(framesRead)
        if block.channels.count != channelCount {
            block = AudioBlock(channelCount: channelCount, capacity: maximumFrames)
        }
        interleaved.withUnsafeBufferPointer { source in
            for channel in 0..<channelCount {
                if block.channels[channel].count != framesRead {
                    block.channels[channel] = Array(repeating: 0, count: framesRead)
                }
                block.channels[channel].withUnsafeMutableBufferPointer { destination in
                    var index = channel
                    for frame in 0..<framesRead {
                        destination[frame] = source[index]
                        index += channelCount
                    }
                }
            }
        }
        return framesRead
    }

    /// Once the file is read: a file cut short, which holds less than its header declares (a
    /// copy or an upload that stopped), or does not say how long it is (an Ogg file whose last
    /// page is missing): what it holds is read; or a WAV file that holds audio after what its
    /// header declares: what the header declares is read.
    public var warnings: [String] {
        func format(_ frames: Int64) -> String { "\((Double(frames) / Double(info.sampleRate) * 10).rounded() / 10) s" }
        if !info.lengthKnown {
            return framesDelivered > 0
                ? ["the file does not say how long it is (its end is missing or damaged); \(format(framesDelivered)) could be decoded (a file cut short, or damaged at that point)"]
                : []
        }
        if let undeclared {
            return ["the file holds \(undeclared.bytes) bytes after the \(format(info.frameCount)) of audio its header declares"
                + (undeclared.seconds.map { " (about \(($0 * 10).rounded() / 10) s more)" } ?? "")
                + ": a header not updated when the recording ended? Only what the header declares was scored; rewrite the header "
                + "(for example: sox --ignore-length in.wav out.wav) to score it all"]
        }
        guard framesDelivered < info.frameCount - Int64(info.sampleRate) / 10 else { return [] }
        return ["the header declares \(format(info.frameCount)) of audio but only \(format(framesDelivered)) could be decoded (a file cut short, or damaged at that point)"]
    }

    /// Whether the file at `path` starts as an AppleDouble file (macOS metadata, the `._name`
    /// files a Mac writes beside each file on a share) does; false when it cannot be read.
    public static func isAppleDouble(path: String) -> Bool {
        UnreadableFormats.isAppleDouble(head(of: path, count: UnreadableFormats.appleDoubleMagic.count))
    }

    /// `count` bytes of the file at `path` from byte `offset` (fewer when it is shorter or cannot
    /// be read).
    private static func head(of path: String, at offset: Int64 = 0, count: Int = 4096) -> [UInt8] {
        // Non-blocking: a file replaced by a pipe since it was checked does not stop the run.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled)) }
            if got <= 0 { break }
            filled += got
        }
        return Array(bytes.prefix(filled))
    }

    /// Whether the decoder has read the file to its end (FLAC only; see `descriptor`).
    private var readToTheEnd: Bool {
        guard descriptor >= 0 else { return false }
        var status = stat()
        return fstat(descriptor, &status) == 0 && lseek(descriptor, 0, SEEK_CUR) >= status.st_size
    }

    /// libsndfile's message for a decoding error, as a clause: "Error : flac decoder lost sync."
    /// reads "flac decoder lost sync".
    private static func decoderMessage(_ handle: OpaquePointer) -> String {
        var message = Substring(libraryMessage(handle))
        if message.hasPrefix("Error : ") { message = message.dropFirst("Error : ".count) }
        while message.hasSuffix(".") { message = message.dropLast() }
        return String(message)
    }

    /// The frame count the header declares. For a file cut short (a copy or an upload that
    /// stopped), libsndfile reports only the frames the file holds, and its log says what the
    /// header declared: `data : 59576 (should be 29956)` (WAV), `SSND : ... (should be ...)`
    /// (AIFF), `Data Size : ... (should be ...)` (AU). The declared count is `decodable` scaled
    /// by the ratio of those byte counts; without such a line, `decodable`.
    private static func declaredFrameCount(_ handle: OpaquePointer, decodable: Int64) -> Int64 {
        var log = [CChar](repeating: 0, count: 16384)
        let length = log.withUnsafeMutableBufferPointer { buffer in
            sf_command(handle, Int32(SFC_GET_LOG_INFO), buffer.baseAddress, Int32(buffer.count))
        }
        guard length > 0 else { return decodable }
        let text = log.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return declaredFrameCount(log: text, decodable: decodable)
    }

    /// See `declaredFrameCount(_:decodable:)`: the parsing of libsndfile's log. Besides the
    /// `should be` lines of WAV, AIFF and AU: RF64 logs `*** Calculated frame count 271987 does not
    /// match value from 'ds64' chunk of 544000.`, and W64 (whose data chunk size is not checked)
    /// `riff : 2176104 (should be 1088053)`, the file's declared and actual byte counts: the
    /// missing bytes are whole blocks of `Block Align` bytes for PCM, G.711 and float (`fact`'s
    /// `frames :` gives the count for compressed encodings).
    static func declaredFrameCount(log: String, decodable: Int64) -> Int64 {
        var w64Sizes: (declared: Int64, present: Int64)?
        var blockAlign: Int64?
        var factFrames: Int64?
        var compressed = false
        for line in log.split(whereSeparator: \.isNewline) {
            let words = line.split(separator: " ")
            if words.starts(with: ["***", "Calculated", "frame", "count"]), words.count > 4, words.dropLast().last == "of",
                let declared = words.last.flatMap({ Int64($0.filter(\.isNumber)) }), declared > decodable {
                return declared
            }
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].split(separator: " ").joined(separator: " ")
            let value = parts[1].split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" })
            switch key {
            case "Block Align": blockAlign = value.first.flatMap { Int64($0) }
            case "Samples/Block": compressed = true
            case "frames": factFrames = value.first.flatMap { Int64($0) }
            default: break
            }
            // "59576 (should be 29956)"
            // A data size of 0xFFFFFFFF is no size: a recorder streaming the file writes it when it
            // cannot know the length (it read "the header declares 268435.5 s of audio").
            guard ["data", "SSND", "Data Size", "riff"].contains(key),
                value.count == 4, value[1] == "should", value[2] == "be",
                let declared = Int64(value[0]), let present = Int64(value[3]), present > 0, declared > present,
                declared != Int64(UInt32.max)
            else { continue }
            if key == "riff" {
                w64Sizes = (declared, present)
                continue
            }
            return Int64((Double(decodable) * Double(declared) / Double(present)).rounded())
        }
        if let sizes = w64Sizes {
            if let frames = factFrames, frames > decodable { return frames }
            if let block = blockAlign, block > 0, !compressed { return decodable + (sizes.declared - sizes.present) / block }
            return Int64((Double(decodable) * Double(sizes.declared) / Double(sizes.present)).rounded())
        }
        return decodable
    }

    private static func libraryMessage(_ handle: OpaquePointer?) -> String {
        guard let message = sf_strerror(handle) else { return "unknown libsndfile error" }
        return String(cString: message)
    }

    private static func containerName(_ major: Int32) -> String {
        switch Int(major) {
        case SF_FORMAT_WAV: "wav"
        case SF_FORMAT_WAVEX: "wav"
        case SF_FORMAT_RF64: "rf64"
        case SF_FORMAT_W64: "w64"
        case SF_FORMAT_AIFF: "aiff"
        case SF_FORMAT_AU: "au"
        case SF_FORMAT_RAW: "raw"
        case SF_FORMAT_FLAC: "flac"
        case SF_FORMAT_OGG: "ogg"
        case SF_FORMAT_MPEG: "mp3"
        case SF_FORMAT_CAF: "caf"
        default: "0x" + String(major, radix: 16)
        }
    }

    private static func encodingName(_ minor: Int32) -> String {
        switch Int(minor) {
        case SF_FORMAT_PCM_S8: "pcm_s8"
        case SF_FORMAT_PCM_U8: "pcm_u8"
        case SF_FORMAT_PCM_16: "pcm_s16"
        case SF_FORMAT_PCM_24: "pcm_s24"
        case SF_FORMAT_PCM_32: "pcm_s32"
        case SF_FORMAT_FLOAT: "float32"
        case SF_FORMAT_DOUBLE: "float64"
        case SF_FORMAT_ULAW: "ulaw"
        case SF_FORMAT_ALAW: "alaw"
        case SF_FORMAT_GSM610: "gsm610"
        case SF_FORMAT_IMA_ADPCM: "ima_adpcm"
        case SF_FORMAT_MS_ADPCM: "ms_adpcm"
        case SF_FORMAT_G721_32: "g721_32"
        case SF_FORMAT_VORBIS: "vorbis"
        case SF_FORMAT_OPUS: "opus"
        case SF_FORMAT_MPEG_LAYER_I: "mp1"
        case SF_FORMAT_MPEG_LAYER_II: "mp2"
        case SF_FORMAT_MPEG_LAYER_III: "mp3"
        case SF_FORMAT_ALAC_16: "alac_16"
        case SF_FORMAT_ALAC_20: "alac_20"
        case SF_FORMAT_ALAC_24: "alac_24"
        case SF_FORMAT_ALAC_32: "alac_32"
        default: "0x" + String(minor, radix: 16)
        }
    }
}
