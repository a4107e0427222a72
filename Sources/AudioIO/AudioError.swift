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
    /// The file holds samples that are not numbers (NaN or infinity).
    case invalidSamples(path: String)

    /// A stable machine-readable code for the error (see README, "Error codes").
    public var code: String {
        switch self {
        case .unreadable: "audio.unreadable"
        case .empty: "audio.empty"
        case .unsupportedLayout: "audio.unsupported_layout"
        case .decodeFailed: "audio.decode_failed"
        case .invalidSamples: "audio.invalid_samples"
        }
    }

    /// The path of the file the error is about.
    public var path: String {
        switch self {
        case .unreadable(let path, _), .empty(let path), .unsupportedLayout(let path, _),
             .decodeFailed(let path, _), .invalidSamples(let path):
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
            "\(path): the file contains samples that are not numbers (NaN or infinity)"
        }
    }
}
