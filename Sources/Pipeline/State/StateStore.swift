import Foundation
import GRDB
import Reporting

#if canImport(Glibc)
import Glibc
#endif

/// Problems with the state database. At the start of a run, exit status 2: nothing is scored.
/// While recording a finished call, the run records nothing more but goes on and writes its
/// report with every call (`ScoreCommandRunner`), exit status 1.
public enum StateError: Error, LocalizedError {
    /// The database cannot be opened, created or written.
    case unusable(path: String, reason: String)
    /// Another run held the database for longer than the wait.
    case busy(path: String, seconds: Int)

    public var errorDescription: String? {
        switch self {
        case .unusable(let path, let reason): "\(path): cannot use the state database: \(reason)"
        case .busy(let path, let seconds):
            "\(path): another callqa run has been using this state database for over \(seconds) s; "
                + "let it finish, or give this run its own --state file"
        }
    }

    /// What went wrong, without the path: for a message of a run's own wording about the database.
    var reason: String {
        switch self {
        case .unusable(_, let reason): reason
        case .busy(_, let seconds): "another callqa run has been using it for over \(seconds) s"
        }
    }
}

/// A shard's state database that cannot be merged (exit status 2).
public enum StateMergeError: Error, LocalizedError, Equatable {
    case unreadable(path: String, reason: String)
    case conflict(path: String, part: String)

    public var errorDescription: String? {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot merge the state database: \(reason)"
        case .conflict(let recording, let part): "\(part): has a different result for \(recording) than an earlier state database of this merge; this part was not merged"
        }
    }
}

/// The incremental state of `callqa score --state FILE`: one finished result per recording, in
/// an embedded SQLite database (WAL mode; a second run on the same database waits up to 60 s for
/// the first, then fails clearly). A recording is skipped when its path, size, content hash and the
/// run's configuration key (checklist hashes, tool version, analysis options, metadata) all match
/// a finished result; its stored report entry is reused. Its modification time is recorded but
/// not compared (`touch` alone changes no result).
///
/// Recordings are keyed by their canonical absolute path (`FileIdentity.canonicalPath`; schema
/// version 1, `PRAGMA user_version`). Databases written before (version 0) keyed them by the path
/// as the run wrote it, relative to a working directory no longer known: opening one migrates it
/// once; absolute keys become canonical, the others are kept, as history, under
/// `legacyPrefix` + the old key, found again only by a run that names the file the same way.
public final class StateStore: @unchecked Sendable {
    private let queue: DatabaseQueue
    /// Where the database lives.
    public let path: String
    /// A descriptor of the database file holding the whole run's lock (`flock`), or -1.
    private var runLock: Int32 = -1

    /// The schema version this code writes: 1, recordings keyed by canonical absolute path.
    public static let schemaVersion = 1
    /// The prefix of keys kept from a version 0 database that cannot be made absolute.
    public static let legacyPrefix = "legacy:"

    /// The key a version 0 database's key becomes in version 1.
    static func migratedKey(_ key: String) -> String {
        if key.hasPrefix(legacyPrefix) { return key }
        return key.hasPrefix("/") ? FileIdentity.canonicalPath(key) : legacyPrefix + key
    }

    /// `migratedKey` as an SQL function, so migrations run in SQL however large the database.
    private static func migratedKeyFunction() -> DatabaseFunction {
        DatabaseFunction("callqa_migrated_key", argumentCount: 1, pure: false) { values in
            String.fromDatabaseValue(values[0]).map(migratedKey)
        }
    }

    /// Opens (or creates) the database at `path`. With `exclusiveRun`, also takes the run's lock
    /// on it, waiting up to `lockWaitSeconds` while another run (another process) holds it: two
    /// runs on one database would score the same recordings twice.
    public init(path: String, exclusiveRun: Bool = false, lockWaitSeconds: Double = 60) throws(StateError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(60)
        configuration.prepareDatabase { db in
            db.add(function: Self.migratedKeyFunction())
            // Switching to WAL takes an exclusive lock, and SQLite reports busy at once, without
            // the busy handler, when another process is opening the same new database: wait.
            try Self.retryingWhileBusy(seconds: 60) { try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        try Self.checkOwnDatabase(path)
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
                // Recordings a run crashed on (`CrashGuard`), left out until they change.
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS crashed (
                        path TEXT PRIMARY KEY NOT NULL,
                        size INTEGER NOT NULL,
                        content_hash TEXT NOT NULL,
                        tool TEXT NOT NULL,
                        signal TEXT NOT NULL
                    )
                    """)
                if try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 < Self.schemaVersion {
                    try db.execute(sql: "UPDATE OR REPLACE results SET path = callqa_migrated_key(path)")
                    try db.execute(sql: "PRAGMA user_version = \(Self.schemaVersion)")
                }
            }
        } catch {
            throw .unusable(path: path, reason: "\(error)")
        }
        if exclusiveRun { try lockRun(waitingUpTo: lockWaitSeconds) }
    }

    deinit {
        if runLock >= 0 { close(runLock) }  // closing releases the lock
    }

    /// Throws unless the file at `path` is missing, empty, or a state database of callqa's (no
    /// tables yet, or a `results` table with callqa's columns). Read only. Another program's
    /// SQLite database (a `--state` typo) was given callqa's table and switched to WAL mode, and
    /// a file that is not SQLite read "SQLite error 26: file is not a database - while executing
    /// `PRAGMA journal_mode = WAL`".
    static func checkOwnDatabase(_ path: String) throws(StateError) {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 else { return }
        let tables: [String: [String]]
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let database = try DatabaseQueue(path: path, configuration: configuration)
            tables = try database.read { db in
                var tables: [String: [String]] = [:]
                for name in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
                    tables[name] = try Row.fetchAll(db, sql: "PRAGMA table_info(\(name.quotedDatabaseIdentifier))").compactMap { $0["name"] as String? }
                }
                return tables
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw .unusable(path: path, reason: "the file is not a state database (not SQLite); name a new file for --state (callqa creates it)")
        } catch {
            // Anything else (a lock, a damaged page) is reported as it was, by the open below.
            return
        }
        if tables.isEmpty { return }
        if let columns = tables["results"], Set(mergedColumns).isSubset(of: columns) { return }
        throw .unusable(
            path: path,
            reason: "an SQLite database of another program (tables: \(tables.keys.sorted().joined(separator: ", "))), not callqa's; "
                + "it was left as it was: name a new file for --state (callqa creates it)")
    }

    private func lockRun(waitingUpTo seconds: Double) throws(StateError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .unusable(path: path, reason: String(cString: strerror(errno)))
        }
        let deadline = Date().addingTimeInterval(seconds)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                let busy = errno == EWOULDBLOCK
                close(descriptor)
                if busy { throw .busy(path: path, seconds: Int(seconds.rounded())) }
                throw .unusable(path: path, reason: String(cString: strerror(errno)))
            }
            usleep(100_000)
        }
        runLock = descriptor
    }

    private static func retryingWhileBusy(seconds: Double, _ body: () throws -> Void) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                usleep(20_000)
            }
        }
    }

    /// The stored report entry for `path` if everything that identifies it matches: size,
    /// content hash and configuration key. The modification time is not compared: a file only
    /// touched (copied with a new time, restored from a backup) holds the same recording, and
    /// was scored again.
    public func finished(path: String, fingerprint: FileFingerprint, configKey: String) -> CallReport? {
        let stored = try? queue.read { db in
            try String.fetchOne(
                db,
                sql: "SELECT report FROM results WHERE path = ? AND size = ? AND content_hash = ? AND config_key = ?",
                arguments: [path, fingerprint.sizeBytes, fingerprint.contentHash, configKey])
        }
        guard let text = stored ?? nil else { return nil }
        return try? JSONDecoder().decode(CallReport.self, from: Data(text.utf8))
    }

    /// Records a finished result (immediately, so a killed run loses only the files in flight),
    /// replacing the result stored under `path` and the one under `replacing` (the legacy key of
    /// the same recording), if any.
    public func record(
        _ report: CallReport, path: String, fingerprint: FileFingerprint, configKey: String, replacing: String? = nil
    ) throws(StateError) {
        do {
            let text = String(decoding: try ReportEncoding.jsonLine(report), as: UTF8.self)
            try queue.write { db in
                if let replacing, replacing != path {
                    try db.execute(sql: "DELETE FROM results WHERE path = ?", arguments: [replacing])
                }
                try db.execute(
                    sql: "INSERT OR REPLACE INTO results (path, size, modified_ns, content_hash, config_key, report) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [path, fingerprint.sizeBytes, fingerprint.modifiedNanoseconds, fingerprint.contentHash, configKey, text])
            }
        } catch {
            throw .unusable(path: self.path, reason: "\(error)")
        }
    }

    /// Where a crashing run appends the recording it crashed on (`CrashGuard`): beside the
    /// database, as SQLite keeps its own `-wal` and `-shm` files. The next run moves it into the
    /// database (`importCrashJournal`).
    public var crashJournalPath: String { path + "-crashed" }

    /// One line of the crash journal for a recording, up to the signal's name, which the
    /// handler appends with the line's end: the stored path (as a JSON string, which holds no
    /// tab or line break), size, content hash and tool version, separated by tabs.
    static func crashJournalPrefix(path: String, fingerprint: FileFingerprint, tool: String) -> String {
        let quoted = (try? JSONEncoder().encode(path)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
        return [quoted, String(fingerprint.sizeBytes), fingerprint.contentHash, tool, ""].joined(separator: "\t")
    }

    /// Moves the crash journal's lines into the database (a recording crashed on again replaces
    /// its line) and removes the journal; returns how many lines were moved. Lines that cannot
    /// be read (a crash part-way through writing one) are skipped. When the database cannot take
    /// them, the journal stays for the next run.
    @discardableResult
    public func importCrashJournal() -> Int {
        guard let text = try? String(contentsOfFile: crashJournalPath, encoding: .utf8) else { return 0 }
        let entries: [(path: String, size: Int64, hash: String, tool: String, signal: String)] = text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5, let size = Int64(fields[1]), !fields[4].isEmpty,
                let path = try? JSONDecoder().decode(String.self, from: Data(fields[0].utf8))
            else { return nil }
            return (path, size, fields[2], fields[3], fields[4])
        }
        do {
            try recordCrashes(entries)
        } catch {
            return 0
        }
        unlink(crashJournalPath)
        return entries.count
    }

    /// Keeps that a run crashed (`signal`) on the recording stored under `path`, as it is now,
    /// with callqa `tool`: `crashed` names it until the file changes or callqa does.
    public func recordCrash(path: String, fingerprint: FileFingerprint, tool: String, signal: String) throws(StateError) {
        do {
            try recordCrashes([(path, fingerprint.sizeBytes, fingerprint.contentHash, tool, signal)])
        } catch {
            throw .unusable(path: self.path, reason: "\(error)")
        }
    }

    private func recordCrashes(_ entries: [(path: String, size: Int64, hash: String, tool: String, signal: String)]) throws {
        try queue.write { db in
            for entry in entries {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO crashed (path, size, content_hash, tool, signal) VALUES (?, ?, ?, ?, ?)",
                    arguments: [entry.path, entry.size, entry.hash, entry.tool, entry.signal])
            }
        }
    }

    /// The signal a run crashed with on the recording stored under `path`, if it crashed on the
    /// file as it is now (size and content hash) with this version of callqa.
    public func crashed(path: String, fingerprint: FileFingerprint, tool: String) -> String? {
        let signal = try? queue.read { db in
            try String.fetchOne(
                db, sql: "SELECT signal FROM crashed WHERE path = ? AND size = ? AND content_hash = ? AND tool = ?",
                arguments: [path, fingerprint.sizeBytes, fingerprint.contentHash, tool])
        }
        return signal ?? nil
    }

    /// Moves the result stored under `old` to `new` (replacing any result there); a failure
    /// leaves both as they were (the result is found under `old` again next time).
    public func rename(_ old: String, to new: String) {
        try? queue.write { db in
            try db.execute(sql: "DELETE FROM results WHERE path = ?", arguments: [new])
            try db.execute(sql: "UPDATE results SET path = ? WHERE path = ?", arguments: [new, old])
        }
    }

    /// Copies every finished result of another state database (a shard's, say) into this one,
    /// replacing older results for the same paths; returns how many results were copied. Each
    /// part is copied in one transaction, in SQL (memory does not grow with the part's size). Two
    /// parts of the same merge through this store that disagree about a path are a conflict:
    /// that part is not copied.
    /// Throws unless `partPath` is a state database a merge can read (a `results` table with the
    /// columns it copies). Read only: nothing is created or changed.
    public static func checkPart(_ partPath: String) throws(StateMergeError) {
        guard FileManager.default.isReadableFile(atPath: partPath) else {
            throw .unreadable(path: partPath, reason: "no such file, or not readable")
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let part = try DatabaseQueue(path: partPath, configuration: configuration)
            let found = try part.read { db in
                try Row.fetchAll(db, sql: "PRAGMA table_info(results)").compactMap { $0["name"] as String? }
            }
            guard Set(mergedColumns).isSubset(of: found) else {
                throw StateMergeError.unreadable(path: partPath, reason: "not a callqa state database (no results table)")
            }
        } catch let error as StateMergeError {
            throw error
        } catch {
            throw .unreadable(path: partPath, reason: "\(error)")
        }
    }

    /// The columns of `results` a merge copies.
    static let mergedColumns = ["path", "size", "modified_ns", "content_hash", "config_key", "report"]

    public func importResults(from partPath: String) throws(StateMergeError) -> Int {
        guard FileManager.default.isReadableFile(atPath: partPath) else {
            throw .unreadable(path: partPath, reason: "no such file, or not readable")
        }
        let columns = Self.mergedColumns.joined(separator: ", ")
        do {
            return try queue.writeWithoutTransaction { db -> Int in
                try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS merged_paths (path TEXT PRIMARY KEY NOT NULL)")
                try db.execute(sql: "ATTACH DATABASE ? AS part", arguments: [partPath])
                defer { try? db.execute(sql: "DETACH DATABASE part") }
                let found = try Row.fetchAll(db, sql: "PRAGMA part.table_info(results)").compactMap { $0["name"] as String? }
                guard Set(columns.components(separatedBy: ", ")).isSubset(of: found) else {
                    throw StateMergeError.unreadable(path: partPath, reason: "not a callqa state database (no results table)")
                }
                // A version 0 part keys recordings as its run wrote them: migrated as it is read.
                let partVersion = try Int.fetchOne(db, sql: "PRAGMA part.user_version") ?? 0
                let partRows = partVersion < Self.schemaVersion
                    ? "(SELECT callqa_migrated_key(path) AS path, size, modified_ns, content_hash, config_key, report FROM part.results)"
                    : "part.results"
                var copied = 0
                try db.inTransaction {
                    let conflict = try String.fetchOne(db, sql: """
                        SELECT p.path FROM \(partRows) p
                        JOIN temp.merged_paths m ON m.path = p.path
                        JOIN main.results r ON r.path = p.path
                        WHERE NOT (r.size = p.size AND r.modified_ns = p.modified_ns AND r.content_hash = p.content_hash
                                   AND r.config_key = p.config_key AND r.report = p.report)
                        LIMIT 1
                        """)
                    if let conflict { throw StateMergeError.conflict(path: conflict, part: partPath) }
                    try db.execute(sql: """
                        INSERT OR REPLACE INTO main.results (\(columns))
                        SELECT \(columns) FROM \(partRows) WHERE path NOT IN (SELECT path FROM temp.merged_paths)
                        """)
                    copied = db.changesCount
                    try db.execute(sql: "INSERT OR IGNORE INTO temp.merged_paths (path) SELECT path FROM \(partRows)")
                    // The recordings a shard crashed on stay left out after the merge.
                    if try db.tableExists("crashed", in: "part") {
                        try db.execute(sql: """
                            INSERT OR REPLACE INTO main.crashed (path, size, content_hash, tool, signal)
                            SELECT path, size, content_hash, tool, signal FROM part.crashed
                            """)
                    }
                    return .commit
                }
                return copied
            }
        } catch let error as StateMergeError {
            throw error
        } catch {
            throw .unreadable(path: partPath, reason: "\(error)")
        }
    }

    /// Every stored result, in path order (the history `callqa scorecard --state` aggregates).
    public func allResults() throws(StateError) -> [CallReport] {
        do {
            let texts = try queue.read { db in try String.fetchAll(db, sql: "SELECT report FROM results ORDER BY path") }
            let decoder = JSONDecoder()
            return try texts.map { try decoder.decode(CallReport.self, from: Data($0.utf8)) }
        } catch {
            throw .unusable(path: path, reason: "\(error)")
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
