import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Why a file named as an input (a manifest, a report, human evaluations) cannot be used, in
/// words that say what is wrong with it.
public struct InputFileProblem: Error, Equatable, Sendable {
    /// What is wrong, e.g. "no such file" or "the file is empty (0 bytes)".
    public var reason: String
}

/// Reads input files whole, telling a missing file, a folder, a dangling link, a file that cannot
/// be read and an empty file apart (one message, "no such file, or not readable", covered them
/// all, and an empty file read as a malformed one).
public enum InputFile {
    /// The bytes of the file at `path`; an empty file is a problem unless `allowEmpty`. A pipe
    /// (`/dev/stdin` fed by another program, a shell's `<(...)`) is read to its end: `FileManager`
    /// read nothing from one, which read "nothing could be read from it".
    public static func read(_ path: String, allowEmpty: Bool = false) -> Result<Data, InputFileProblem> {
        if isPipe(path) {
            if let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data(), !data.isEmpty || allowEmpty {
                return .success(data)
            }
            return .failure(InputFileProblem(reason: "nothing could be read from it (a pipe: what writes into it wrote nothing)"))
        }
        if let data = FileManager.default.contents(atPath: path), !data.isEmpty || allowEmpty {
            return .success(data)
        }
        return .failure(InputFileProblem(reason: reason(path)))
    }

    /// Whether `path` names standard input: `-` (`--manifest -`) or one of the names Linux gives
    /// it. Standard input can be read once, so two inputs naming it cannot both be read.
    public static func namesStandardInput(_ path: String) -> Bool {
        ["-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"].contains(path)
    }

    /// Whether `path`, named as a recording, is standard input that cannot be read as one: `-`
    /// (when no file is named so) or a name Linux gives standard input (`/dev/stdin`) while a pipe,
    /// a socket or a terminal feeds it. Standard input redirected from a file (`< call.wav`) is
    /// that file, and `/dev/stdin` reads it.
    public static func isStandardInputStream(_ path: String) -> Bool {
        guard namesStandardInput(path) else { return false }
        var info = stat()
        if path == "-" { return lstat(path, &info) != 0 }
        return stat(path, &info) == 0 && info.st_mode & S_IFMT != S_IFREG
    }

    /// Whether `path` (its links followed) is a pipe or a socket, which is read as a stream.
    public static func isPipe(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return info.st_mode & S_IFMT == S_IFIFO || info.st_mode & S_IFMT == S_IFSOCK
    }

    /// Why `FileManager` read nothing from `path`.
    private static func reason(_ path: String) -> String {
        var info = stat()
        if lstat(path, &info) != 0 { return "no such file" }
        if info.st_mode & S_IFMT == S_IFLNK, stat(path, &info) != 0 { return "a symbolic link to a file that does not exist" }
        if info.st_mode & S_IFMT == S_IFDIR { return "a folder, not a file; name a file in it" }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        if descriptor < 0 {
            return errno == EACCES ? "permission denied" : "cannot open it (\(String(cString: strerror(errno))))"
        }
        close(descriptor)
        if info.st_mode & S_IFMT == S_IFREG, info.st_size == 0 { return "the file is empty (0 bytes)" }
        return "nothing could be read from it"
    }
}
