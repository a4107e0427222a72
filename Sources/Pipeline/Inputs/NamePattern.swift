import Foundation
import Scoring

/// Extracts metadata from file names with a pattern such as `{date}_{agent_id}_{call_id}.wav`:
/// each `{field}` matches one or more characters (as few as possible), everything else matches
/// itself, except the extension (from the last `.` after the last field), which matches in any
/// case (`.wav`, `.WAV`); a pattern without an extension matches names with any extension, which
/// no field takes in. The pattern is matched against the file name without its folders.
public struct NamePattern: Sendable {
    /// The pattern as written.
    public let pattern: String
    private let fields: [String]
    private let expression: NSRegularExpression
    /// The pattern names no extension: it is matched against the name without its extension.
    private let matchesStem: Bool

    /// - Throws: `NamePatternError` when the pattern has no field, an empty or repeated field,
    ///   or an unclosed brace.
    public init(_ pattern: String) throws(NamePatternError) {
        self.pattern = pattern
        var regex = "^"
        var fields: [String] = []
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{") {
            regex += NSRegularExpression.escapedPattern(for: String(rest[..<open]))
            guard let close = rest[open...].firstIndex(of: "}") else { throw .unclosedBrace(pattern: pattern) }
            let name = String(rest[rest.index(after: open)..<close])
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw .badField(pattern: pattern, field: name)
            }
            guard !fields.contains(name) else { throw .repeatedField(pattern: pattern, field: name) }
            // A field a letter away from one the checklists and scorecards read (agnet_id) would
            // be kept under its misspelt name: every call "(no agent)", silently.
            if let meant = MetadataFields.misspelling(of: name) {
                throw .misspelledField(pattern: pattern, field: name, suggestion: meant)
            }
            // Two fields with nothing between them cannot be told apart: the first matched one
            // character (`{agent_id}{call_id}` read agent_id "2" from "2026_..."), silently.
            if let previous = fields.last, rest[..<open].isEmpty {
                throw .adjacentFields(pattern: pattern, first: previous, second: name)
            }
            fields.append(name)
            regex += "(.+?)"
            rest = rest[rest.index(after: close)...]
        }
        if let dot = rest.lastIndex(of: ".") {
            regex += NSRegularExpression.escapedPattern(for: String(rest[..<dot]))
            regex += "(?i:" + NSRegularExpression.escapedPattern(for: String(rest[dot...])) + ")$"
        } else {
            // A pattern that names no extension matches names with any (or none), and the
            // extension is not part of the last field: `{agent_id}_{call_id}` read a call_id
            // "C001.wav", which no manifest or human evaluation calls it. It is matched against
            // the name without its extension (`metadata(for:)`): with the extension optional in
            // the expression, a last field left empty took it in (`2026_A1_.wav`: call_id ".wav").
            regex += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
        }
        matchesStem = rest.lastIndex(of: ".") == nil
        guard !fields.isEmpty else { throw .noField(pattern: pattern) }
        do {
            expression = try NSRegularExpression(pattern: regex)
        } catch {
            throw .badField(pattern: pattern, field: pattern)
        }
        self.fields = fields
    }

    /// The warning a call gets when its file name does not match (the call's `source` names the
    /// file, so the warning does not: `--redact source` hides it).
    public var mismatchWarning: String {
        "the file name does not match --name-pattern '\(pattern)': no metadata was taken from it"
    }

    /// Adds the fields found in each job's file name to its metadata (manifest columns win) and
    /// gives each job whose file name does not match `mismatchWarning`. Returns the paths of
    /// those jobs, in order.
    public func apply(to jobs: inout [CallJob]) -> [String] {
        var unmatched: [String] = []
        for index in jobs.indices {
            guard let found = metadata(for: jobs[index].path) else {
                jobs[index].warnings.append(mismatchWarning)
                unmatched.append(jobs[index].path)
                continue
            }
            jobs[index].metadata.merge(found) { manifest, _ in manifest }
        }
        return unmatched
    }

    /// The line for standard error after `apply(to:)` found `unmatched` files: how many, and the
    /// first few names.
    public func mismatchSummary(_ unmatched: [String], total: Int) -> String {
        let shown = unmatched.prefix(5).map { "'\(PathName.lastComponent($0))'" }.joined(separator: ", ")
        let more = unmatched.count > 5 ? " and \(unmatched.count - 5) more" : ""
        let (verb, them) = unmatched.count == 1 ? ("does", "it") : ("do", "them")
        return "\(unmatched.count) of \(total) file names \(verb) not match --name-pattern '\(pattern)', so no metadata was taken from \(them): \(shown)\(more)"
    }

    /// The fields found in the file name of `path`, or `nil` when it does not match.
    public func metadata(for path: String) -> [String: String]? {
        var name = PathName.lastComponent(path)
        if matchesStem, let dot = name.lastIndex(of: "."), name.index(after: dot) < name.endIndex {
            name = String(name[..<dot])
        }
        let range = NSRange(name.startIndex..., in: name)
        guard let match = expression.firstMatch(in: name, range: range) else { return nil }
        var result: [String: String] = [:]
        for (index, field) in fields.enumerated() {
            if let r = Range(match.range(at: index + 1), in: name) { result[field] = String(name[r]) }
        }
        return result
    }
}

/// A `--name-pattern` that cannot be used.
public enum NamePatternError: Error, LocalizedError, Equatable {
    case noField(pattern: String)
    case unclosedBrace(pattern: String)
    case badField(pattern: String, field: String)
    case repeatedField(pattern: String, field: String)
    case misspelledField(pattern: String, field: String, suggestion: String)
    /// Two fields with nothing between them (`{agent_id}{call_id}`): where one ends cannot be told.
    case adjacentFields(pattern: String, first: String, second: String)

    public var errorDescription: String? {
        switch self {
        case .noField(let p): "--name-pattern '\(p)' has no {field}; write e.g. {date}_{agent_id}_{call_id}.wav"
        case .unclosedBrace(let p): "--name-pattern '\(p)' has a '{' without its '}'"
        case .badField(let p, let f): "--name-pattern '\(p)': '{\(f)}' is not a field name (letters, digits and _)"
        case .repeatedField(let p, let f): "--name-pattern '\(p)' names {\(f)} twice"
        case .misspelledField(let p, let f, let s):
            "--name-pattern '\(p)': unknown field {\(f)}; did you mean {\(s)}? (a field is kept under the name written; "
                + "checklists and scorecards read \(MetadataFields.named.joined(separator: ", ")))"
        case .adjacentFields(let p, let a, let b):
            "--name-pattern '\(p)': {\(a)}{\(b)} have nothing between them, so where {\(a)} ends cannot be told; "
                + "write the text that separates them in the file names between the two fields (e.g. {\(a)}_{\(b)})"
        }
    }
}
