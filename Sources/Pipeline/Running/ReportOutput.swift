import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where the report goes: standard output, or a file replaced atomically at the end (a JSON
/// Lines stream is written to a temporary file beside it, flushed, and renamed into place, so a
/// killed run never leaves a half-written report and never damages the previous one).
final class ReportOutput {
    /// The stream JSON Lines are written to as calls finish; `nil` for a whole JSON document.
    let stream: FileHandle?
    private let path: String?
    private let temporary: String?

    init(path: String?, streaming: Bool) throws(OutputError) {
        self.path = path
        guard streaming else {
            stream = nil
            temporary = nil
            return
        }
        guard let path else {
            stream = FileHandle.standardOutput
            temporary = nil
            return
        }
        let directory = PathName.deletingLastComponent(path)
        let temp = (directory.isEmpty ? "." : directory) + "/.\(PathName.lastComponent(path)).stream-\(getpid())"
        let descriptor = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
        stream = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        temporary = temp
    }

    /// Ends the output: writes `document` (a whole JSON report) or completes the stream.
    func finish(_ document: Data?) throws {
        if let document {
            if let path { try AtomicFileWriter.write(document, to: path) } else { FileHandle.standardOutput.write(document) }
            return
        }
        guard let stream, let temporary, let path else { return }
        try stream.synchronize()
        try stream.close()
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw OutputError.writeFailed(path: path, reason: reason)
        }
    }
}
