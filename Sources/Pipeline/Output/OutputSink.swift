import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An open file descriptor that output is written to in full: every byte, retrying after
/// signals, or a thrown `OutputError` naming the file (or standard output) and the cause (a full
/// disk, a file size limit). The one place callqa calls write(2); Foundation's non-throwing
/// `FileHandle.write(_:)` stops the process with a trap instead.
final class OutputSink: @unchecked Sendable {
    /// The path, or "standard output", for messages.
    let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var closed = false

    /// Writes to `descriptor`, which is closed by `close()` only when `owned`.
    init(descriptor: Int32, name: String, owned: Bool) {
        self.descriptor = descriptor
        self.name = name
        ownsDescriptor = owned
    }

    deinit {
        if ownsDescriptor, !closed { Glibc.close(descriptor) }
    }

    /// Standard output (file descriptor 1).
    static let standardOutput = OutputSink(descriptor: STDOUT_FILENO, name: "standard output", owned: false)
    /// Standard error (file descriptor 2).
    static let standardError = OutputSink(descriptor: STDERR_FILENO, name: "standard error", owned: false)

    /// Opens `path` for writing: a new or truncated regular file created with `mode` when
    /// `create` is set, otherwise an existing file, device or FIFO as it is. Errors name `name`
    /// (default: `path`), e.g. the report a temporary file stands for.
    static func open(_ path: String, create: Bool, mode: mode_t = 0o640, name: String? = nil) throws(OutputError) -> OutputSink {
        let flags = O_WRONLY | O_CLOEXEC | (create ? O_CREAT | O_TRUNC : 0)
        var descriptor: Int32
        repeat {
            descriptor = Glibc.open(path, flags, mode)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else {
            throw .writeFailed(path: name ?? path, reason: create ? creationFailureMessage(path) : Self.errnoMessage())
        }
        return OutputSink(descriptor: descriptor, name: name ?? path, owned: true)
    }

    /// Why creating the file `path` failed, from `errno`. Creating a file in an existing folder
    /// whose file system takes no new files (`/proc`, `/sys`) fails with ENOENT, which read "No
    /// such file or directory" of a folder that is there: said as it is.
    static func creationFailureMessage(_ path: String) -> String {
        let code = errno
        let named = PathName.deletingLastComponent(path)
        let folder = named.isEmpty ? "." : named
        var info = stat()
        if code == ENOENT, stat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            return "no file can be created in \(folder): its file system does not allow it, as /proc and /sys do not"
        }
        return String(cString: strerror(code))
    }

    /// Writes all of `data`.
    func write(_ data: Data) throws(OutputError) {
        var failure: String?
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = Self.errnoMessage()
                    return
                }
                offset += written
            }
        }
        if let failure { throw .writeFailed(path: name, reason: failure) }
    }

    /// Flushes what was written to the disk (fsync).
    func synchronize() throws(OutputError) {
        guard fsync(descriptor) == 0 else { throw .writeFailed(path: name, reason: Self.errnoMessage()) }
    }

    /// Closes the descriptor (when owned); a delayed write error (NFS, a full disk) is thrown.
    func close() throws(OutputError) {
        guard ownsDescriptor, !closed else { return }
        closed = true
        guard Glibc.close(descriptor) == 0 else { throw .writeFailed(path: name, reason: Self.errnoMessage()) }
    }

    static func errnoMessage() -> String {
        String(cString: strerror(errno))
    }
}
