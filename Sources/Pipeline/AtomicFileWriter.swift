import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Errors writing an output file.
public enum OutputError: Error, LocalizedError, Equatable {
    /// The file could not be written; the previous version, if any, is intact.
    case writeFailed(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .writeFailed(let path, let reason): "\(path): cannot write the report: \(reason)"
        }
    }
}

/// Writes whole files atomically: to a temporary file beside the target, flushed to disk with
/// fsync, then renamed over the target. A killed run never leaves a truncated file and never
/// damages the previous one. New files are readable by owner and group only (0640).
public enum AtomicFileWriter {
    public static func write(_ data: Data, to path: String) throws(OutputError) {
        let directory = PathName.deletingLastComponent(path)
        let name = PathName.lastComponent(path)
        let temporary = (directory.isEmpty ? "." : directory) + "/.\(name).tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw .writeFailed(path: path, reason: errnoMessage()) }
        var failure: String?
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count, failure == nil {
                let written = Glibc.write(descriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errnoMessage()
                } else {
                    offset += written
                }
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = errnoMessage() }
        if close(descriptor) != 0, failure == nil { failure = errnoMessage() }
        if failure == nil, rename(temporary, path) != 0 { failure = errnoMessage() }
        if let failure {
            unlink(temporary)
            throw .writeFailed(path: path, reason: failure)
        }
        // Make the rename itself durable.
        let directoryDescriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private static func errnoMessage() -> String {
        String(cString: strerror(errno))
    }
}
