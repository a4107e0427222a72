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

    /// - Throws: `RedactionError` when the key is missing or too short.
    public init(fields: [String], keyFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(RedactionError) {
        self.fields = Set(fields)
        var key: [UInt8]
        if let keyFile {
            guard let data = FileManager.default.contents(atPath: keyFile) else { throw .unreadableKey(path: keyFile) }
            key = Array(data)
            while let last = key.last, last == 0x0A || last == 0x0D { key.removeLast() }
        } else if let value = environment["CALLQA_REDACT_KEY"] {
            key = Array(value.utf8)
        } else {
            throw .missingKey
        }
        guard key.count >= 16 else { throw .shortKey(bytes: key.count) }
        self.key = key
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

    /// The call with the chosen fields replaced.
    public func apply(to call: CallReport) -> CallReport {
        var call = call
        for field in fields {
            if field == "source" {
                let original = call.source, hashed = hash(original)
                call.source = hashed
                // Error messages name the file: they name the hash instead.
                if var error = call.error {
                    error.message = error.message.replacingOccurrences(of: original, with: hashed)
                    call.error = error
                }
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
    case unreadableKey(path: String)
    case shortKey(bytes: Int)

    public var errorDescription: String? {
        switch self {
        case .missingKey: "--redact needs a secret key: --redact-key-file FILE or the CALLQA_REDACT_KEY environment variable"
        case .unreadableKey(let path): "\(path): cannot read the redaction key"
        case .shortKey(let bytes): "the redaction key has \(bytes) bytes; use at least 16 (e.g. head -c 32 /dev/urandom | base64 > key)"
        }
    }
}
