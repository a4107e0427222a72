import Foundation
import GRDB
import Reporting

#if canImport(Glibc)
import Glibc
#endif

/// Problems with the state database (exit status 2: nothing is scored).
public enum StateError: Error, LocalizedError {
    /// The database cannot be opened, created or written.
    case unusable(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .unusable(let path, let reason): "\(path): cannot use the state database: \(reason)"
        }
    }
}

/// The incremental state of `callqa score --state FILE`: one finished result per recording, in
/// an embedded SQLite database (WAL mode; a second run on the same database waits up to 60 s for
/// the first, then fails clearly). A recording is skipped when its path, size, modification time,
/// content hash and the run's configuration key (checklist hashes, tool version, analysis options,
/// metadata) all match a finished result; its stored report entry is reused as is.
public final class StateStore: @unchecked Sendable {
    private let queue: DatabaseQueue
    /// Where the database lives.
    public let path: String

    public init(path: String) throws(StateError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(60)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let existed = FileManager.default.fileExists(atPath: path)
            let oldMask = umask(0o027)
            defer { umask(oldMask) }
            queue = try DatabaseQueue(path: path, configuration: configuration)
            if !existed { chmod(path, 0o640) }
            try queue.write { db in
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS results (
                        path TEXT PRIMARY KEY NOT NULL,
                        size INTEGER NOT NULL,
                        modified_ns INTEGER NOT NULL,
                        content_hash TEXT NOT NULL,
                        config_key TEXT NOT NULL,
                        report TEXT NOT NULL
                    )
                    """)
            }
        } catch {
            throw .unusable(path: path, reason: "\(error)")
        }
    }

    /// The stored report entry for `path` if everything that identifies it matches.
    public func finished(path: String, fingerprint: FileFingerprint, configKey: String) -> CallReport? {
        let stored = try? queue.read { db in
            try String.fetchOne(
                db,
                sql: "SELECT report FROM results WHERE path = ? AND size = ? AND modified_ns = ? AND content_hash = ? AND config_key = ?",
                arguments: [path, fingerprint.sizeBytes, fingerprint.modifiedNanoseconds, fingerprint.contentHash, configKey])
        }
        guard let text = stored ?? nil else { return nil }
        return try? JSONDecoder().decode(CallReport.self, from: Data(text.utf8))
    }

    /// Records a finished result (immediately, so a killed run loses only the files in flight).
    public func record(_ report: CallReport, path: String, fingerprint: FileFingerprint, configKey: String) throws(StateError) {
        do {
            let text = String(decoding: try ReportEncoding.jsonLine(report), as: UTF8.self)
            try queue.write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO results (path, size, modified_ns, content_hash, config_key, report) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [path, fingerprint.sizeBytes, fingerprint.modifiedNanoseconds, fingerprint.contentHash, configKey, text])
            }
        } catch {
            throw .unusable(path: self.path, reason: "\(error)")
        }
    }

    /// `PRAGMA integrity_check` result: "ok" when the database is sound.
    public func integrityCheck() throws -> String {
        try queue.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    /// Number of stored results.
    public func count() throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM results") ?? 0 }
    }
}
