import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What makes two paths the same recording, so that a file named twice (or found twice) is scored
/// once: the same file (device and inode, symbolic links followed) when it exists, else the same
/// normalised absolute path compared byte for byte. Never Swift `String` equality, which is
/// Unicode canonical equivalence: on Linux `café.wav` written NFC and `café.wav` written NFD are
/// two files, and both are scored.
public enum FileIdentity: Hashable, Sendable {
    /// An existing file: its device and inode (hard links and symbolic links to it included).
    case file(device: UInt64, inode: UInt64)
    /// A path that names no existing file (an output not written yet): its absolute path, a
    /// symbolic link in its last component followed and its folder's links resolved (`realpath`)
    /// or, when the folder is missing too, `.` and `..` removed; as UTF-8 bytes.
    case path([UInt8])

    public init(path: String) {
        var status = stat()
        if stat(path, &status) == 0 {
            self = .file(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
            return
        }
        let followed = OutputTarget.followingLinks(path)
        let folder = PathName.deletingLastComponent(followed)
        if let real = realpath(folder.isEmpty ? "." : folder, nil) {
            defer { free(real) }
            self = .path(Array(PathName.appending(String(cString: real), PathName.lastComponent(followed)).utf8))
        } else {
            self = .path(Array(PathName.absolute(followed).utf8))
        }
    }

    /// The path that stands for a recording wherever callqa runs from (the `--state` database's
    /// key): absolute, with symbolic links, `.` and `..` resolved (`realpath`) when the file
    /// exists, else absolute and normalised as written (`PathName.absolute`).
    public static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return PathName.absolute(path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
