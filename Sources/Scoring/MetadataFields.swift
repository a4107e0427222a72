/// The call metadata fields README names for manifests and file names, which checklists'
/// `applies_to` and the scorecards read.
public enum MetadataFields {
    public static let named = [
        "call_id", "agent_id", "agent_name", "team", "direction", "queue", "campaign", "started_at", "language",
    ]

    /// The named field that `field` is most likely a misspelling of (`agnet_id`: `agent_id`), or
    /// `nil` when it is one of them or not close to any. Closer than the checklists' "did you
    /// mean": at most one edit in four letters, so a field of its own such as `year` or `date` is
    /// not taken for `team`.
    public static func misspelling(of field: String) -> String? {
        guard !named.contains(field), let closest = Suggestions.closest(to: field, in: named),
              Suggestions.distance(field.lowercased(), closest) <= max(1, field.count / 4) else { return nil }
        return closest
    }
}
