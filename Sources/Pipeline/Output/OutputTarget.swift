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
