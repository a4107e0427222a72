import Foundation

/// Errors writing an output: a report, a page, a table, standard output (exit status 1).
public enum OutputError: Error, LocalizedError, Equatable {
    /// The file (or standard output) could not be written; a file's previous version, if any, is
    /// intact.
    case writeFailed(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .writeFailed(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
