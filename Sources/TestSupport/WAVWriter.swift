import Foundation

/// Writes small WAV files for tests (PCM 16-bit or IEEE float 32-bit, interleaved).
public enum WAVWriter {
    public enum Encoding: Sendable {
        case pcm16
        case float32
    }

    /// The bytes of a WAV file holding `channels` (equal lengths) at `sampleRate` Hz.
    public static func data(channels: [[Float]], sampleRate: Int, encoding: Encoding = .pcm16) -> Data {
        let channelCount = channels.count
        let frames = channels.first?.count ?? 0
        let bytesPerSample = encoding == .pcm16 ? 2 : 4
        let dataSize = frames * channelCount * bytesPerSample
        var out = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        out.append(contentsOf: Array("RIFF".utf8))
        u32(UInt32(36 + dataSize))
        out.append(contentsOf: Array("WAVEfmt ".utf8))
        u32(16)
        u16(encoding == .pcm16 ? 1 : 3)
        u16(UInt16(channelCount))
        u32(UInt32(sampleRate))
        u32(UInt32(sampleRate * channelCount * bytesPerSample))
        u16(UInt16(channelCount * bytesPerSample))
        u16(UInt16(bytesPerSample * 8))
        out.append(contentsOf: Array("data".utf8))
        u32(UInt32(dataSize))
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
                }
            }
        }
        return out
    }

    /// Writes the WAV to `url`.
    public static func write(channels: [[Float]], sampleRate: Int, encoding: Encoding = .pcm16, to url: URL) throws {
        try data(channels: channels, sampleRate: sampleRate, encoding: encoding).write(to: url)
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
