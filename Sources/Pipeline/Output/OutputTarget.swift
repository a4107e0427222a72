import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What an output path names once symbolic links are followed, and so how it is written.
enum OutputTarget: Equatable {
    /// A regular file, or nothing yet, at this path (a symbolic link's target, links followed):
    /// written to a temporary file beside it and renamed over it, so the link stays a link.
    case file(String)
    /// An existing device, FIFO or socket (`/dev/null`, `/dev/stdout`, a named pipe): written in
    /// place, never replaced.
    case special
    /// An existing directory: not a place for an output.
    case directory

    init(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            self = .file(Self.followingLinks(path))
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            // realpath also resolves the kernel's links (/dev/stdout -> /proc/self/fd/1 -> a file).
            guard let real = realpath(path, nil) else {
                self = .file(Self.followingLinks(path))
                return
            }
            defer { free(real) }
            self = .file(String(cString: real))
        case S_IFDIR: self = .directory
        default: self = .special
        }
    }

    /// `path` with symbolic links in its last component followed (a relative link is resolved
    /// against the link's folder), up to 40 links deep as the kernel does; a dangling link gives
    /// the path it points to, where the file will be created.
    static func followingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length > 0 else { return current }
            let destination = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = destination.hasPrefix("/")
                ? destination : PathName.appending(PathName.deletingLastComponent(current), destination)
        }
        return current
    }
}

/// Which file a path names, so that `x.json`, `./x.json`, `/abs/x.json`, a symbolic or hard link
/// and the file itself compare equal: device and inode for an existing file; otherwise the
/// absolute path, its folder's links resolved (`realpath`) or, when the folder is missing too,
/// `.` and `..` removed.
struct FileIdentity: Hashable {
    private enum Key: Hashable {
        case inode(device: UInt64, inode: UInt64)
        case path(String)
    }

    private let key: Key

    /// `nil` for an existing device, FIFO or socket: written in place, never replaced, so
    /// naming it twice loses nothing.
    init?(_ path: String) {
        var info = stat()
        if stat(path, &info) == 0 {
            let type = info.st_mode & S_IFMT
            guard type == S_IFREG || type == S_IFDIR else { return nil }
            key = .inode(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        } else {
            key = .path(Self.absolute(OutputTarget.followingLinks(path)))
        }
    }

    private static func absolute(_ path: String) -> String {
        let folder = PathName.deletingLastComponent(path)
        let name = PathName.lastComponent(path)
        if let real = realpath(folder.isEmpty ? "." : folder, nil) {
            defer { free(real) }
            return PathName.appending(String(cString: real), name)
        }
        let full = path.hasPrefix("/") ? path : PathName.appending(FileManager.default.currentDirectoryPath, path)
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
