import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes whole files atomically: to a temporary file beside the target, flushed to disk with
/// fsync, then renamed over the target. A killed run never leaves a truncated file and never
/// damages the previous one. New files are readable by owner and group only (0640).
///
/// A symbolic link is followed: the file it points to is replaced and the link stays. A device,
/// FIFO or socket (`/dev/null`, `/dev/stdout`, a named pipe) is written in place, never replaced.
public enum AtomicFileWriter {
    public static func write(_ data: Data, to path: String) throws(OutputError) {
        let target: String
        switch OutputTarget(path) {
        case .directory:
            throw .writeFailed(path: path, reason: "is a directory")
        case .special:
            let sink = try OutputSink.open(path, create: false)
            try sink.write(data)
            try sink.close()
            return
        case .file(let file):
            target = file
        }
        let directory = PathName.deletingLastComponent(target)
        let name = PathName.lastComponent(target)
        removeAbandonedTemporaries(of: target)
        let temporary = (directory.isEmpty ? "." : directory) + "/.\(name).tmp-\(getpid())"
        let sink = try OutputSink.open(temporary, create: true, name: path)
        do throws(OutputError) {
            try sink.write(data)
        } catch {
            unlink(temporary)
            throw error
        }
        try commit(sink, temporary: temporary, over: target, reportedAs: path)
    }

    /// Removes the temporary files of `file` (`.NAME.tmp-PID`, `.NAME.stream-PID` of a JSON
    /// Lines stream) whose run has ended without renaming them into place: a run killed with
    /// SIGKILL (or by the machine stopping) left one beside the report at every kill, holding
    /// calls' data, hidden, forever. A file whose process still runs (another run writing the
    /// same report) is left alone.
    static func removeAbandonedTemporaries(of file: String) {
        let directory = PathName.deletingLastComponent(file)
        let base = ".\(PathName.lastComponent(file))."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory) else { return }
        for name in names where name.hasPrefix(base) {
            let rest = name.dropFirst(base.count)
            guard let kind = ["tmp-", "stream-"].first(where: { rest.hasPrefix($0) }),
                  let pid = Int32(rest.dropFirst(kind.count)), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno != ESRCH { continue }  // running (or not ours to signal): maybe in use
            unlink(directory.isEmpty ? name : PathName.appending(directory, name))
        }
    }

    /// Flushes `sink` (open on `temporary`, beside `target`) to disk, closes it and renames it
    /// over `target`, the rename made durable too; on failure removes `temporary`.
    static func commit(_ sink: OutputSink, temporary: String, over target: String, reportedAs path: String) throws(OutputError) {
        do throws(OutputError) {
            try sink.synchronize()
            try sink.close()
            guard rename(temporary, target) == 0 else { throw OutputError.writeFailed(path: path, reason: OutputSink.errnoMessage()) }
        } catch {
            unlink(temporary)
            throw error
        }
        let directory = PathName.deletingLastComponent(target)
        let directoryDescriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }
}
