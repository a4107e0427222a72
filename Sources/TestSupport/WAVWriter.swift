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
