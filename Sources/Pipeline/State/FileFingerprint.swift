import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What identifies a recording's content for incremental runs: size and a content hash (FNV-1a
/// 64 over the bytes, read in 1 MiB chunks). The modification time is kept for the record only:
/// `StateStore.finished` does not compare it, so a file only touched is not scored again.
public struct FileFingerprint: Sendable, Hashable {
    public var sizeBytes: Int64
    /// Modification time, in nanoseconds since 1970.
    public var modifiedNanoseconds: Int64
    /// Hex FNV-1a 64 of the content.
    public var contentHash: String

    /// Reads the fingerprint of `path`, or `nil` when the file cannot be read or is no regular
    /// file (a pipe would block, a device never end: such an input fails as unreadable when
    /// scored).
    public static func of(_ path: String) -> FileFingerprint? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                if count < 0 { return nil }
                break
            }
            buffer.withUnsafeBufferPointer { bytes in
                for index in 0..<count {
                    hash = (hash ^ UInt64(bytes[index])) &* 0x100_0000_01b3
                }
            }
        }
        let modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        let hex = String(hash, radix: 16)
        return FileFingerprint(
            sizeBytes: Int64(status.st_size), modifiedNanoseconds: modified,
            contentHash: String(repeating: "0", count: 16 - hex.count) + hex)
    }
}
