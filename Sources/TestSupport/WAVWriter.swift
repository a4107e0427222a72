import Foundation

/// Writes small WAV files for tests (PCM 16-bit, IEEE float 32-bit or G.711 µ-law and A-law,
/// interleaved).
public enum WAVWriter {
    public enum Encoding: Sendable {
        case pcm16
        case float32
        /// G.711 µ-law, 8 bits a sample (WAV format 7).
        case muLaw
        /// G.711 A-law, 8 bits a sample (WAV format 6).
        case aLaw

        var bytesPerSample: Int {
            switch self {
            case .pcm16: 2
            case .float32: 4
            case .muLaw, .aLaw: 1
            }
        }

        var formatTag: UInt16 {
            switch self {
            case .pcm16: 1
            case .float32: 3
            case .aLaw: 6
            case .muLaw: 7
            }
        }
    }

    /// The RIFF family's containers: WAV, and the 64-bit sizes of RF64 (EBU Tech 3306: a WAV
    /// whose sizes are in a `ds64` chunk) and Sony Wave64 (GUID chunk ids, sizes that count the
    /// 24-byte chunk header).
    public enum Container: Sendable {
        case wav, rf64, w64
    }

    /// The bytes of a WAV (or RF64, W64) file holding `channels` (equal lengths) at `sampleRate` Hz.
    public static func data(channels: [[Float]], sampleRate: Int, encoding: Encoding = .pcm16, container: Container = .wav) -> Data {
        let channelCount = channels.count
        let frames = channels.first?.count ?? 0
        let bytesPerSample = encoding.bytesPerSample
        let dataSize = frames * channelCount * bytesPerSample
        var out = Data()
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        // W64's chunk ids: "riff", "wave", "fmt ", "data" followed by these GUID tails.
        let riffTail: [UInt8] = [0x2E, 0x91, 0xCF, 0x11, 0xA5, 0xD6, 0x28, 0xDB, 0x04, 0xC1, 0x00, 0x00]
        let waveTail: [UInt8] = [0xF3, 0xAC, 0xD3, 0x11, 0x8C, 0xD1, 0x00, 0xC0, 0x4F, 0x8E, 0xDB, 0x8A]
        switch container {
        case .wav:
            out.append(contentsOf: Array("RIFF".utf8))
            u32(UInt32(36 + dataSize))
            out.append(contentsOf: Array("WAVEfmt ".utf8))
            u32(16)
        case .rf64:
            out.append(contentsOf: Array("RF64".utf8))
            u32(UInt32.max)
            out.append(contentsOf: Array("WAVEds64".utf8))
            u32(28)
            u64(UInt64(4 + 36 + 24 + 8 + dataSize))  // the RIFF size: the file less 8 bytes
            u64(UInt64(dataSize))
            u64(UInt64(frames))
            u32(0)
            out.append(contentsOf: Array("fmt ".utf8))
            u32(16)
        case .w64:
            out.append(contentsOf: Array("riff".utf8) + riffTail)
            u64(UInt64(104 + dataSize))
            out.append(contentsOf: Array("wave".utf8) + waveTail)
            out.append(contentsOf: Array("fmt ".utf8) + waveTail)
            u64(24 + 16)
        }
        u16(encoding.formatTag)
        u16(UInt16(channelCount))
        u32(UInt32(sampleRate))
        u32(UInt32(sampleRate * channelCount * bytesPerSample))
        u16(UInt16(channelCount * bytesPerSample))
        u16(UInt16(bytesPerSample * 8))
        switch container {
        case .wav:
            out.append(contentsOf: Array("data".utf8))
            u32(UInt32(dataSize))
        case .rf64:
            out.append(contentsOf: Array("data".utf8))
            u32(UInt32.max)
        case .w64:
            out.append(contentsOf: Array("data".utf8) + waveTail)
            u64(UInt64(24 + dataSize))
        }
        out.reserveCapacity(out.count + dataSize)
        for frame in 0..<frames {
            for channel in 0..<channelCount {
                let sample = channels[channel][frame]
                switch encoding {
                case .pcm16:
                    let clamped = max(-1, min(1, sample.isFinite ? sample : 0))
                    u16(UInt16(bitPattern: Int16((clamped * 32767).rounded())))
                case .float32:
                    u32(sample.bitPattern)
                case .muLaw:
                    out.append(G711.muLaw(linear(sample)))
                case .aLaw:
                    out.append(G711.aLaw(linear(sample)))
                }
            }
        }
        if container == .w64, dataSize % 8 != 0 { out.append(contentsOf: [UInt8](repeating: 0, count: 8 - dataSize % 8)) }
        return out
    }

    /// A sample (full scale ±1) as 16-bit linear, clamped.
    private static func linear(_ sample: Float) -> Int {
        Int((max(-1, min(1, sample.isFinite ? sample : 0)) * 32767).rounded())
    }

    /// Writes the WAV (or RF64, W64) to `url`.
    public static func write(
        channels: [[Float]], sampleRate: Int, encoding: Encoding = .pcm16, container: Container = .wav, to url: URL
    ) throws {
        try data(channels: channels, sampleRate: sampleRate, encoding: encoding, container: container).write(to: url)
    }
}

/// A temporary directory removed when the value is deinitialised.
public final class TemporaryDirectory {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("callqa-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }
}

extension WAVWriter {
    /// Writes `count` short two-party calls (8 kHz stereo PCM, `c000.wav`, `c001.wav`, ...) into
    /// `folder`: line noise, the agent speaking from 0.5 s, the customer answering after;
    /// call `i` differs from the others by its seeds.
    public static func writeShortCalls(_ count: Int, seconds: Double = 4, in folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for i in 0..<count {
            var agent = Signals.whiteNoise(rmsDBFS: -65, seconds: seconds, sampleRate: 8000, seed: UInt64(i))
            Signals.mix(Signals.speechLike(rmsDBFS: -22, seconds: 0.35 * seconds, sampleRate: 8000, seed: UInt64(100 + i)), into: &agent, atSeconds: 0.5, sampleRate: 8000)
            var customer = Signals.whiteNoise(rmsDBFS: -65, seconds: seconds, sampleRate: 8000, seed: UInt64(200 + i))
            Signals.mix(Signals.speechLike(rmsDBFS: -25, seconds: 0.3 * seconds, sampleRate: 8000, f0Hz: 220, seed: UInt64(300 + i)), into: &customer, atSeconds: 0.55 * seconds, sampleRate: 8000)
            try write(channels: [agent, customer], sampleRate: 8000, to: folder.appendingPathComponent(String(format: "c%03d.wav", i)))
        }
    }
}

/// G.711 encoders (ITU-T G.711, as the reference implementations write them), for test files.
enum G711 {
    /// The µ-law code of a 16-bit linear sample: 14-bit magnitude, bias 33, segment and mantissa,
    /// bits inverted. Magnitudes over 32635 take the loudest code, which decodes to 32124.
    static func muLaw(_ sample: Int) -> UInt8 {
        let sign: Int = sample < 0 ? 0x80 : 0
        let magnitude = min(32635, abs(sample)) + 0x84
        var segment = 7
        while segment > 0 && magnitude & (0x80 << segment) == 0 { segment -= 1 }
        let mantissa = (magnitude >> (segment + 3)) & 0x0F
        return UInt8(~(sign | segment << 4 | mantissa) & 0xFF)
    }

    /// The A-law code of a 16-bit linear sample: 13-bit magnitude, segment and mantissa, even
    /// bits inverted. The loudest code decodes to 32256.
    static func aLaw(_ sample: Int) -> UInt8 {
        let sign: Int = sample >= 0 ? 0x80 : 0
        let magnitude = min(32767, sample >= 0 ? sample : -sample - 1) >> 3
        var code: Int
        if magnitude < 32 {
            code = magnitude >> 1
        } else {
            var segment = 1
            while segment < 7 && magnitude >= (32 << segment) { segment += 1 }
            code = segment << 4 | (magnitude >> segment) & 0x0F
        }
        return UInt8((sign | code) ^ 0x55)
    }
}
