import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where the report goes: standard output, or a file replaced atomically at the end (a JSON
/// Lines stream is written to a temporary file beside it, flushed, and renamed into place, so a
/// killed run never leaves a half-written report and never damages the previous one). A
/// symbolic link's target is replaced, not the link; a device or FIFO is written in place.
final class ReportOutput {
    /// The stream JSON Lines are written to as calls finish; `nil` for a whole JSON document.
    let stream: OutputSink?
    private let path: String?
    /// The file the stream's temporary file replaces (links followed); `nil` when the stream
    /// goes to standard output, a device or a FIFO directly.
    private let target: String?
    private var temporary: String?

    init(path: String?, streaming: Bool) throws(OutputError) {
        self.path = path
        guard streaming, let path else {
            stream = streaming ? .standardOutput : nil
            target = nil
            temporary = nil
            return
        }
        switch OutputTarget(path) {
        case .directory:
            throw .writeFailed(path: path, reason: "is a directory")
        case .special:
            stream = try OutputSink.open(path, create: false)
            target = nil
            temporary = nil
        case .file(let file):
            let directory = PathName.deletingLastComponent(file)
            AtomicFileWriter.removeAbandonedTemporaries(of: file)
            let temp = (directory.isEmpty ? "." : directory) + "/.\(PathName.lastComponent(file)).stream-\(getpid())"
            stream = try OutputSink.open(temp, create: true, name: path)
            target = file
            temporary = temp
        }
    }

    /// Ends the output: writes `document` (a whole JSON report) or completes the stream.
    func finish(_ document: Data?) throws(OutputError) {
        if let document {
            if let path { try AtomicFileWriter.write(document, to: path) } else { try OutputSink.standardOutput.write(document) }
            return
        }
        guard let stream else { return }
        guard let temporary, let target, let path else {
            try stream.close()
            return
        }
        self.temporary = nil
        try AtomicFileWriter.commit(stream, temporary: temporary, over: target, reportedAs: path)
    }

    /// Gives up after a failure: removes the stream's temporary file, so nothing is left beside
    /// the report (whose previous version is intact).
    func discard() {
        guard let temporary else { return }
        self.temporary = nil
        try? stream?.close()
        unlink(temporary)
    }
}
