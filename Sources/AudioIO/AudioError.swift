#if canImport(Foundation)
import Foundation
#endif

/// Errors reading a recording. Each names the file and says what is wrong in words a QA analyst
/// understands; `code` is a stable identifier documented in README.
public enum AudioError: Error, Sendable, Equatable {
    /// The file could not be opened or is not a recognised audio format.
    case unreadable(path: String, reason: String)
    /// The file is empty (zero bytes).
    case empty(path: String)
    /// The format is recognised, but its layout is not one callqa can score.
    case unsupportedLayout(path: String, reason: String)
    /// Decoding failed part-way through the file.
    case decodeFailed(path: String, reason: String)
    /// The file holds samples that are not numbers (NaN or infinity), or beyond any level a
    /// recording holds (over 120 dB above full scale: damaged float data).
    case invalidSamples(path: String)
    /// The recording is shorter than `SoundFile.minimumSeconds`: too short to measure.
    /// `declaredSeconds`: what the header declares, when it declares more (a cut-short file).
    case tooShort(path: String, seconds: Double, declaredSeconds: Double? = nil)
    /// Analysing the file took longer than the per-file time limit (`--file-timeout`).
    case timedOut(path: String, limitSeconds: Double)

    /// A stable machine-readable code for the error (see README, "Error codes").
    public var code: String {
        switch self {
        case .unreadable: "audio.unreadable"
        case .empty: "audio.empty"
        case .unsupportedLayout: "audio.unsupported_layout"
        case .decodeFailed: "audio.decode_failed"
        case .invalidSamples: "audio.invalid_samples"
        case .tooShort: "audio.too_short"
        case .timedOut: "audio.timeout"
        }
    }

    /// The path of the file the error is about.
    public var path: String {
        switch self {
        case .unreadable(let path, _), .empty(let path), .unsupportedLayout(let path, _),
             .decodeFailed(let path, _), .invalidSamples(let path), .tooShort(let path, _, _), .timedOut(let path, _):
            path
        }
    }
}

extension AudioError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .unreadable(let path, let reason):
            "\(path): cannot read as audio: \(reason)"
        case .empty(let path):
            "\(path): the file is empty (0 bytes)"
        case .unsupportedLayout(let path, let reason):
            "\(path): \(reason)"
        case .decodeFailed(let path, let reason):
            "\(path): decoding failed part-way: \(reason)"
        case .invalidSamples(let path):
            "\(path): the file contains samples that are not numbers (NaN or infinity) or far beyond full scale (over a million times it: damaged float data)"
        case .tooShort(let path, let seconds, nil) where seconds <= 0:
            // A recorder that created the file and wrote nothing ("lasts 0 ms" read as rounding).
            "\(path): the recording holds no audio (a header without samples: nothing was recorded?), too short to measure (at least 100 ms)"
        case .tooShort(let path, let seconds, nil):
            "\(path): the recording lasts \(seconds < 0.0005 ? "under 1" : Self.milliseconds(seconds)) ms, too short to measure (at least 100 ms)"
        case .tooShort(let path, let seconds, let declared?):
            // A cut-short copy or upload: "lasts 67 ms" hid that the call is 10 minutes long.
            "\(path): the header declares \(String(format: "%.1f", declared)) s of audio but the file holds only "
                + "\(Self.milliseconds(seconds)) ms (a truncated file: an incomplete copy or upload?), too short to measure (at least 100 ms)"
        case .timedOut(let path, let limit):
            "\(path): analysis stopped after the per-file time limit of \(limit) s (--file-timeout)"
        }
    }

    /// A recording's length under the 100 ms minimum, in whole milliseconds, or to 0.1 ms below
    /// when whole ones would round up to the minimum (799 samples at 8 kHz "lasts 100 ms, too
    /// short to measure (at least 100 ms)").
    private static func milliseconds(_ seconds: Double) -> String {
        let whole = Int((seconds * 1000).rounded())
        guard whole >= 100 else { return String(whole) }
        return String(format: "%.1f", (seconds * 10_000).rounded(.down) / 10)
    }
}
