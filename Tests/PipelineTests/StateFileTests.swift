import Foundation
import GRDB
import Pipeline
import TestSupport
import XCTest

/// `--state` names a file of callqa's own: another program's SQLite database (a typo, the
/// platform's own) is refused and left as it was; a file that is not SQLite says so.
final class StateFileTests: XCTestCase {
    func testAnotherProgramsDatabaseIsRefusedAndLeftAsItWas() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("crm.sqlite").path
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES ('Marco Rossi')")
        }
        XCTAssertThrowsError(try StateStore(path: path, exclusiveRun: true)) { error in
            XCTAssertEqual((error as? StateError)?.localizedDescription,
                           "\(path): cannot use the state database: an SQLite database of another program (tables: customers), not callqa's; "
                            + "it was left as it was: name a new file for --state (callqa creates it)")
        }
        // It was given callqa's table and switched to WAL mode.
        let (tables, mode) = try DatabaseQueue(path: path).read { db in
            (try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"), try String.fetchOne(db, sql: "PRAGMA journal_mode"))
        }
        XCTAssertEqual(tables, ["customers"])
        XCTAssertEqual(mode, "delete")

        let text = dir.file("notes.sqlite").path
        try Data("not a database\n".utf8).write(to: URL(fileURLWithPath: text))
        XCTAssertThrowsError(try StateStore(path: text)) { error in
            XCTAssertEqual((error as? StateError)?.localizedDescription,
                           "\(text): cannot use the state database: the file is not a state database (not SQLite); name a new file for --state (callqa creates it)")
        }
        // callqa's own, new or reopened, and an empty file, are used.
        let own = dir.file("state.sqlite").path
        XCTAssertNoThrow(try StateStore(path: own))
        XCTAssertNoThrow(try StateStore(path: own))
        XCTAssertTrue(FileManager.default.createFile(atPath: dir.file("empty.sqlite").path, contents: Data()))
        XCTAssertNoThrow(try StateStore(path: dir.file("empty.sqlite").path))
    }

    /// The crash journal a crashing run leaves beside the database (`CrashGuard`) is moved into
    /// it by the next run: a recording is found as crashed on only as it was then (size, content
    /// hash) and with the same version of callqa; a line the crash cut short is skipped; a merge
    /// of state databases keeps it.
    func testTheCrashJournalIsMovedIntoTheDatabase() throws {
        let dir = try TemporaryDirectory()
        let store = try StateStore(path: dir.file("state.sqlite").path)
        let recording = dir.file("a\tb.wav")
        try Data(count: 1000).write(to: recording)
        let print = try XCTUnwrap(FileFingerprint.of(recording.path))
        let quoted = "\"" + recording.path.replacingOccurrences(of: "\t", with: "\\t") + "\""
        let journal = [
            [quoted, String(print.sizeBytes), print.contentHash, "1.2.3", "SIGSEGV"].joined(separator: "\t"),
            ["\"/rec/other.wav\"", "5000", "00000000000000aa", "1.2.3", "SIGILL"].joined(separator: "\t"),
            ["\"/rec/cut.wav\"", "5000", "00000000000000aa", "1.2"].joined(separator: "\t"),
        ].joined(separator: "\n")
        try Data(journal.utf8).write(to: URL(fileURLWithPath: store.crashJournalPath))
        XCTAssertEqual(store.importCrashJournal(), 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: store.crashJournalPath))
        XCTAssertEqual(store.crashed(path: recording.path, fingerprint: print, tool: "1.2.3"), "SIGSEGV")
        XCTAssertNil(store.crashed(path: recording.path, fingerprint: print, tool: "1.2.4"))
        var changed = print
        changed.sizeBytes += 1
        XCTAssertNil(store.crashed(path: recording.path, fingerprint: changed, tool: "1.2.3"))
        XCTAssertNil(store.crashed(path: "/rec/cut.wav", fingerprint: print, tool: "1.2"))
        XCTAssertEqual(store.importCrashJournal(), 0, "nothing more to move")
        XCTAssertEqual(store.crashed(path: recording.path, fingerprint: print, tool: "1.2.3"), "SIGSEGV", "kept in the database")
        // A merge of shards' state databases (`callqa merge --state-part`) carries it over.
        let merged = try StateStore(path: dir.file("merged.sqlite").path)
        XCTAssertEqual(try merged.importResults(from: store.path), 0)
        XCTAssertEqual(merged.crashed(path: recording.path, fingerprint: print, tool: "1.2.3"), "SIGSEGV")
    }
}
