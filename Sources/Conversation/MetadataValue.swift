/// How call metadata values (from a manifest or a file name) are compared wherever callqa reads
/// their meaning: checklists' `applies_to` and the channel-health checks (`direction: inbound`).
/// One rule everywhere: case-insensitive, spaces around the value ignored, so a platform's
/// `Inbound`, `INBOUND` or `inbound ` is `inbound`.
public enum MetadataValue {
    /// `value` without the spaces, tabs and line breaks around it, lowercased.
    public static func normalized(_ value: String) -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = value.firstIndex(where: { !isSpace($0) }), let last = value.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return value[first...last].lowercased()
    }

    /// Whether two metadata values mean the same (`Inbound` and ` inbound`).
    public static func same(_ a: String, _ b: String) -> Bool {
        normalized(a) == normalized(b)
    }
}

extension CallMeasurements {
    /// Whether the call's metadata gives `field` as `value` (compared as `MetadataValue.same`);
    /// false when the field is absent.
    public func metadata(_ field: String, is value: String) -> Bool {
        metadata[field].map { MetadataValue.same($0, value) } ?? false
    }
}
