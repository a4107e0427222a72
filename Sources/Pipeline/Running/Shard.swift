/// `--shard K/N`: this process scores the K-th of N stable partitions of the inputs (as in GNU
/// split's `-n K/N`), chosen by a hash of each call's path (FNV-1a 64 of the path as listed), so
/// every machine given the same inputs agrees on the partition without talking to the others.
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

    /// Whether the call identified by `key` belongs to this shard.
    public func contains(_ key: String) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(count)) == index - 1
    }
}
