/// `--shard K/N`: this process scores the K-th of N stable partitions of the inputs (as in GNU
/// split's `-n K/N`), chosen by a hash (FNV-1a 64) of each recording's canonical path
/// (`FileIdentity.canonicalPath`, the `--state` key: absolute, symbolic links, `.` and `..`
/// resolved), so every machine given the same inputs agrees on the partition without talking to
/// the others, however each run spells them: `a.wav`, `./a.wav`, `/data/a.wav`, `x/../a.wav` or a
/// symbolic link to it land in the same shard. (The path as listed was hashed: a file named
/// `a.wav` in one shard's run and `/data/a.wav` in another's could be scored twice or never.)
public struct Shard: Sendable, Hashable {
    /// 1-based index of this shard.
    public let index: Int
    /// Number of shards.
    public let count: Int

    /// Parses `K/N` with 1 <= K <= N.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else { return nil }
        index = k
        count = n
    }

    /// Whether the recording at `path` (any spelling, relative to the current folder) belongs to
    /// this shard.
    public func contains(recording path: String) -> Bool {
        contains(key: FileIdentity.canonicalPath(path))
    }

    /// Whether the manifest row at `line` that names no usable recording (an error entry)
    /// belongs to this shard: by the manifest's canonical path and the line.
    public func contains(manifest path: String, line: Int) -> Bool {
        contains(key: "\(FileIdentity.canonicalPath(path)):\(line)")
    }

    /// Whether the call identified by `key` belongs to this shard.
    func contains(key: String) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(count)) == index - 1
    }
}
