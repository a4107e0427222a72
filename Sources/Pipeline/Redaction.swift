import Foundation
import Reporting
import Scoring

/// `--redact FIELD`: replaces metadata fields (and, for `source`, the recording's path) in the
/// report with a keyed hash, HMAC-SHA256 under a secret key, shown as `h:` and 16 hex digits.
/// The same value under the same key always gives the same hash, so scorecards still group by a
/// redacted agent_id; without the key the value cannot be recovered or confirmed by guessing.
public struct Redaction: Sendable {
    public let fields: Set<String>
    private let key: [UInt8]

    /// Fields are read as manifest columns are (`Agent ID`, `AGENT_ID`: `agent_id`).
    ///
    /// - Throws: `RedactionError` when a field is a misspelling of a named one (`agentid`, which
    ///   no call has, so nothing would be redacted), the recording's path is called `path`, or
    ///   the key is missing or too short.
    public init(fields: [String], keyFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(RedactionError) {
        try Self.checkFields(fields)
        self.fields = Set(fields.map(Manifest.columnName))
        var key: [UInt8]
        if let keyFile {
            // Read as the manifests are (a device, /dev/stdin, an empty file: FileManager's
            // contents(atPath:) answered nil for /dev/null, "cannot read" an empty key).
            switch InputFile.read(keyFile, allowEmpty: true) {
            case .success(let data): key = Array(data)
            case .failure(let problem): throw .unreadableKey(path: keyFile, reason: problem.reason)
            }
            while let last = key.last, last == 0x0A || last == 0x0D { key.removeLast() }
        } else if let value = environment["CALLQA_REDACT_KEY"] {
            key = Array(value.utf8)
        } else {
            throw .missingKey
        }
        guard key.count >= 16 else { throw .shortKey(bytes: key.count) }
        self.key = key
    }

    /// Checks the fields `--redact` names, without reading the key (which a pipe gives only once).
    ///
    /// - Throws: `RedactionError` for a misspelling of a named field, or the recording's path
    ///   called `path` (or `file`).
    public static func checkFields(_ fields: [String]) throws(RedactionError) {
        for written in fields {
            let name = Manifest.columnName(written)
            guard name != "source" else { continue }
            if ["path", "file", "filename", "file_name", "recording"].contains(name) { throw .pathField(written) }
            if let meant = MetadataFields.misspelling(of: name) { throw .misspelledField(written, meant: meant) }
        }
    }

    /// What identifies this redaction in the state database's keys (fields and a key check,
    /// never the key).
    public var fingerprint: String {
        fields.sorted().joined(separator: ",") + "#" + hash("callqa-redaction-key-check")
    }

    /// The keyed hash of a value.
    public func hash(_ value: String) -> String {
        "h:" + String(SHA256.hex(Self.hmac(key: key, message: Array(value.utf8))).prefix(16))
    }

    /// Whether `value` has the form of a keyed hash (`h:` and 16 lower-case hex digits): a
    /// report's field that `--redact` replaced.
    public static func isHash(_ value: String) -> Bool {
        value.hasPrefix("h:") && value.utf8.count == 18 && value.utf8.dropFirst(2).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// A manifest row's error entry (its source is the manifest's line, not a recording) with,
    /// under `source`, the `recordings` its message names (a missing or repeated recording, as the
    /// row wrote it) replaced by their hashes; they reached the report in clear. The other
    /// fields are replaced in its metadata, as on a scored call.
    public func apply(toManifestProblem call: CallReport, recordings: [String]) -> CallReport {
        var call = call
        // The row's metadata, as on its call had it been scored.
        for field in fields where field != "source" {
            if let value = call.metadata[field] { call.metadata[field] = hash(value) }
        }
        guard fields.contains("source"), var error = call.error else { return call }
        for recording in recordings where !recording.isEmpty {
            error.message = error.message.replacingOccurrences(of: "'\(recording)'", with: "'\(hash(recording))'")
        }
        call.error = error
        return call
    }

    /// The call with the chosen fields replaced. Under `source`, its error message and its
    /// warnings name the hashes of `recordings` (the files the call read: a two-leg call's source
    /// names both legs, and its messages each leg, which stayed in clear: "the customer leg
    /// (customer.wav) carries no speech") and of its source.
    public func apply(to call: CallReport, recordings: [String] = []) -> CallReport {
        var call = call
        for field in fields {
            if field == "source" {
                let original = call.source, hashed = hash(original)
                call.source = hashed
                // Messages name the file: they name the hash instead.
                func redacted(_ message: String) -> String {
                    var message = message.replacingOccurrences(of: original, with: hashed)
                    // Longest first: `a.wav` must not be replaced inside `xa.wav`.
                    for recording in recordings.sorted(by: { $0.utf8.count > $1.utf8.count })
                    where !recording.isEmpty && recording != original {
                        message = message.replacingOccurrences(of: recording, with: hash(recording))
                    }
                    return message
                }
                if var error = call.error {
                    error.message = redacted(error.message)
                    call.error = error
                }
                call.warnings = call.warnings.map(redacted)
            } else if let value = call.metadata[field] {
                call.metadata[field] = hash(value)
            }
        }
        return call
    }

    /// HMAC (RFC 2104) with SHA-256.
    static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? SHA256.digest(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        let inner = SHA256.digest(block.map { $0 ^ 0x36 } + message)
        return SHA256.digest(block.map { $0 ^ 0x5C } + inner)
    }
}

/// A `--redact` key problem (exit status 2).
public enum RedactionError: Error, LocalizedError, Equatable {
    case missingKey
    case unreadableKey(path: String, reason: String)
    case shortKey(bytes: Int)
    /// A field a letter away from a named metadata field: nothing would be redacted under it.
    case misspelledField(String, meant: String)
    /// The recording's path named as `path` (or `file`): it is `source`.
    case pathField(String)

    public var errorDescription: String? {
        switch self {
        case .missingKey: "--redact needs a secret key: --redact-key-file FILE or the CALLQA_REDACT_KEY environment variable"
        case .unreadableKey(let path, let reason): "\(path): cannot read the redaction key: \(reason)"
        case .shortKey(let bytes): "the redaction key \(bytes == 0 ? "is empty" : "has \(bytes) bytes"); use at least 16 (e.g. head -c 32 /dev/urandom | base64 > key)"
        case .misspelledField(let field, let meant):
            "--redact \(field): no call has that field, so nothing would be redacted; did you mean --redact \(meant)?"
        case .pathField(let field): "--redact \(field): the recording's path is redacted with --redact source"
        }
    }
}
