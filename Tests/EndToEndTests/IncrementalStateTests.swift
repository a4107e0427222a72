import Foundation
import GRDB
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `--state`: unchanged files are not rescored, changed ones are; a run killed with SIGKILL
/// resumes without rescoring finished files and ends with the same report as an uninterrupted run.
final class IncrementalStateTests: XCTestCase {
    private func makeCalls(_ count: Int, in dir: TemporaryDirectory) throws -> URL {
        let folder = dir.file("calls")
        try WAVWriter.writeShortCalls(count, in: folder)
        return folder
    }

    func testUnchangedFilesAreSkippedAndChangedOnesRescored() throws {
        let dir = try TemporaryDirectory()
        let calls = try makeCalls(4, in: dir)
        let state = dir.file("state.sqlite").path
        let first = try CommandRunner.run(["score", calls.path, "--state", state, "--checklist", "checklists/inbound.yaml", "--out", dir.file("a.json").path])
        XCTAssertEqual(first.status, 0, first.standardError)
        let attributes = try FileManager.default.attributesOfItem(atPath: state)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o640)

        // Second run: nothing changed, the same report, and no file is decoded (we make one
        // unreadable to prove it is not opened again: its fingerprint read fails -> rescored).
        let second = try CommandRunner.run(["score", calls.path, "--state", state, "--checklist", "checklists/inbound.yaml", "--out", dir.file("b.json").path])
        XCTAssertEqual(second.status, 0)
        XCTAssertEqual(try Data(contentsOf: dir.file("a.json")), try Data(contentsOf: dir.file("b.json")))

        // Change one file's content: it is rescored (its entry changes), the others are reused.
        let changed = calls.appendingPathComponent("c001.wav")
        let silent = [Float](repeating: 0, count: 32000)
        try WAVWriter.write(channels: [silent, silent], sampleRate: 8000, to: changed)
        let third = try CommandRunner.run(["score", calls.path, "--state", state, "--checklist", "checklists/inbound.yaml", "--out", dir.file("c.json").path])
        XCTAssertEqual(third.status, 0)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("c.json"))) as? [String: Any])
        let rescored = try XCTUnwrap((report["calls"] as? [[String: Any]])?.first { ($0["source"] as? String)?.hasSuffix("c001.wav") == true })
        XCTAssertEqual((rescored["channels"] as? [[String: Any]])?.first?["talk_s"] as? Double, 0)

        // A different checklist version means a different result: everything is rescored.
        let fourth = try CommandRunner.run(["score", calls.path, "--state", state, "--out", dir.file("d.json").path])
        XCTAssertEqual(fourth.status, 0)
        let plain = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("d.json"))) as? [String: Any])
        XCTAssertTrue((plain["calls"] as? [[String: Any]])?.allSatisfy { ($0["checklists"] as? [Any])?.isEmpty == true } ?? false)
    }

    /// A manifest exported again with its rows in another order and a blank line reuses every
    /// call (each listed on another line): the line was part of the state key, and a nightly job
    /// whose export order changed scored the whole day again. The report names this run's lines.
    func testAManifestInAnotherOrderReusesEveryCall() throws {
        let dir = try TemporaryDirectory()
        _ = try makeCalls(3, in: dir)
        let state = dir.file("state.sqlite").path
        try Data("path,call_id\ncalls/c000.wav,A\ncalls/c001.wav,B\ncalls/c002.wav,C\n".utf8).write(to: dir.file("m1.csv"))
        try Data("path,call_id\n\ncalls/c002.wav,C\ncalls/c000.wav,A\ncalls/c001.wav,B\n".utf8).write(to: dir.file("m2.csv"))
        let first = try CommandRunner.run(["score", "--manifest", dir.file("m1.csv").path, "--state", state, "--out", dir.file("a.json").path])
        XCTAssertEqual(first.status, 0, first.standardError)
        let second = try CommandRunner.run(["score", "--manifest", dir.file("m2.csv").path, "--state", state, "--out", dir.file("b.json").path])
        XCTAssertEqual(second.status, 0, second.standardError)
        XCTAssertTrue(second.standardError.contains("(3 unchanged, from the state database)"), second.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("b.json"))) as? [String: Any])
        let lines = try XCTUnwrap(report["calls"] as? [[String: Any]]).compactMap { call -> String? in
            guard let metadata = call["metadata"] as? [String: String] else { return nil }
            return "\(metadata["call_id"] ?? "?")@\(metadata["manifest_line"] ?? "?")"
        }
        XCTAssertEqual(Set(lines), ["C@3", "A@4", "B@5"])
    }

    func testKillDashNineResumesAndMatchesAnUninterruptedRun() throws {
        let dir = try TemporaryDirectory()
        let calls = try makeCalls(30, in: dir)
        let reference = try CommandRunner.run(["score", calls.path, "--jobs", "1", "--out", dir.file("reference.json").path])
        XCTAssertEqual(reference.status, 0)

        let state = dir.file("state.sqlite").path
        let out = dir.file("report.json").path
        let process = Process()
        process.executableURL = CommandRunner.callqaURL
        process.arguments = ["score", calls.path, "--jobs", "1", "--state", state, "--out", out]
        process.standardError = FileHandle.nullDevice
        // A folder of its own for the worker's temporary files, to see that none is left.
        let temporary = dir.file("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary.path]) { $1 }
        try process.run()
        // Kill it once a few calls are recorded (polling, so a slow machine does not matter; in
        // process, every 5 ms, so a fast one does not finish all 30 calls between two looks).
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning, recordedResults(state) < 3 { usleep(5_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "a killed run leaves no report")
        let finished = try sqlite(state, "SELECT COUNT(*) FROM results")
        XCTAssertGreaterThan(Int(finished) ?? 0, 0, "some calls were recorded before the kill")
        XCTAssertLessThan(Int(finished) ?? 30, 30, "the kill came before the end")
        // Its worker sees within a second that the run is gone, and removes the run's folder.
        let leftDeadline = Date().addingTimeInterval(10)
        var left = try FileManager.default.contentsOfDirectory(atPath: temporary.path)
        while Date() < leftDeadline, !left.isEmpty {
            usleep(50_000)
            left = try FileManager.default.contentsOfDirectory(atPath: temporary.path)
        }
        XCTAssertEqual(left, [], "the worker of a killed run leaves no temporary file")

        let resumed = try CommandRunner.run(["score", calls.path, "--jobs", "2", "--state", state, "--out", out])
        XCTAssertEqual(resumed.status, 0, resumed.standardError)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), try Data(contentsOf: dir.file("reference.json")),
                       "the resumed report equals the uninterrupted one")
        XCTAssertEqual(try sqlite(state, "PRAGMA integrity_check"), "ok")
        XCTAssertEqual(try sqlite(state, "SELECT COUNT(*) FROM results"), "30")
    }

    /// `cd d1 && callqa score --manifest calls.csv --state ../hist.sqlite`, then the same in d2:
    /// both manifests name `001.wav`, two different calls. The history keeps both (keyed by the
    /// absolute path), the scorecard of the history counts both, and the reports name each as the
    /// manifest wrote it; a later run naming d1's file another way reuses its result.
    func testTheSameRelativeNameInTwoFoldersIsTwoCalls() throws {
        let dir = try TemporaryDirectory()
        for report in try scoreTheSameNameInTwoFolders(in: dir) {
            XCTAssertEqual((report["calls"] as? [[String: Any]])?.compactMap { $0["source"] as? String }, ["001.wav"], "the source as written")
        }
        let state = dir.file("hist.sqlite").path
        let canonical = URL(fileURLWithPath: dir.url.path).resolvingSymlinksInPath().path
        XCTAssertEqual(try sqlite(state, "SELECT group_concat(path, '|') FROM (SELECT path FROM results ORDER BY path)"),
                       "\(canonical)/d1/001.wav|\(canonical)/d2/001.wav")
        XCTAssertEqual(try sqlite(state, "PRAGMA user_version"), "1")
        let history = try CommandRunner.run(["scorecard", "--state", state])
        XCTAssertEqual(history.status, 0, history.standardError)
        let card = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(history.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual((card["overall"] as? [String: Any])?["calls"] as? Int, 2)

        // From the parent folder, d1's manifest names the same file as d1/001.wav: unchanged.
        let again = try CommandRunner.run(["score", "--manifest", "d1/calls.csv", "--state", state, "--out", dir.file("r3.json").path], in: dir.url)
        XCTAssertEqual(again.status, 0, again.standardError)
        XCTAssertTrue(again.standardError.contains("(1 unchanged, from the state database)"), again.standardError)
        let reused = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("r3.json"))) as? [String: Any])
        let call = try XCTUnwrap((reused["calls"] as? [[String: Any]])?.first)
        XCTAssertEqual(call["source"] as? String, "d1/001.wav", "the reused entry names the file as this run does")
        XCTAssertEqual((call["metadata"] as? [String: String])?["call_id"], "D1-1")
        XCTAssertEqual(try sqlite(state, "SELECT COUNT(*) FROM results"), "2")
    }

    /// A state database written before keys were absolute (keys as each run wrote the path,
    /// `user_version` 0) still works: a run naming the files the same way reuses their results and
    /// re-keys them; absolute keys are made canonical; a result is never kept twice; a merge of
    /// such a database keeps its results.
    /// Two manifest rows whose leg pairs share the agent leg (a transfer: one agent leg, two
    /// customer legs) are two calls: each has its own `source` in the report and its own result
    /// in the state, so a rerun reuses both. Keyed by the agent leg, they had one source and
    /// replaced each other's stored result, so each rerun scored one of them again.
    func testLegPairsSharingTheAgentLegAreTwoCalls() throws {
        let dir = try TemporaryDirectory()
        let rate = 8000.0
        let agent = Signals.sine(frequencyHz: 300, peakDBFS: -12, seconds: 3, sampleRate: rate)
        try WAVWriter.write(channels: [agent], sampleRate: 8000, to: dir.file("agent.wav"))
        try WAVWriter.write(channels: [Signals.silence(seconds: 3, sampleRate: rate)], sampleRate: 8000, to: dir.file("c1.wav"))
        try WAVWriter.write(
            channels: [Signals.sine(frequencyHz: 700, peakDBFS: -12, seconds: 3, sampleRate: rate)], sampleRate: 8000, to: dir.file("c2.wav"))
        try "agent_path,customer_path,call_id\nagent.wav,c1.wav,A1\nagent.wav,c2.wav,A2\n"
            .write(to: dir.file("m.csv"), atomically: true, encoding: .utf8)
        let state = dir.file("state.sqlite").path
        func run(_ out: String) throws -> (CommandRunner.Result, [[String: Any]]) {
            let result = try CommandRunner.run(["score", "--manifest", dir.file("m.csv").path, "--state", state, "--out", dir.file(out).path])
            let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: dir.file(out))) as? [String: Any])
            return (result, try XCTUnwrap(report["calls"] as? [[String: Any]]))
        }
        let (first, calls) = try run("a.json")
        XCTAssertEqual(first.status, 0, first.standardError)
        XCTAssertEqual(calls.compactMap { $0["source"] as? String }, [
            dir.file("agent.wav").path + " + " + dir.file("c1.wav").path,
            dir.file("agent.wav").path + " + " + dir.file("c2.wav").path,
        ])
        XCTAssertEqual(try sqlite(state, "SELECT COUNT(*) FROM results"), "2")

        let (second, again) = try run("b.json")
        XCTAssertEqual(second.status, 0, second.standardError)
        XCTAssertTrue(second.standardError.contains("(2 unchanged, from the state database)"), second.standardError)
        XCTAssertEqual(try Data(contentsOf: dir.file("a.json")), try Data(contentsOf: dir.file("b.json")))
        XCTAssertEqual(again.compactMap { ($0["metadata"] as? [String: String])?["call_id"] }, ["A1", "A2"])
    }

    func testAStateDatabaseKeyedByPathsAsWrittenIsMigrated() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.writeShortCalls(4, in: dir.file("calls"))
        let state = dir.file("state.sqlite").path
        let arguments = ["score", "calls", "--state", state, "--out", dir.file("a.json").path]
        XCTAssertEqual(try CommandRunner.run(arguments, in: dir.url).status, 0)
        // What callqa wrote before: "calls/c000.wav" ..., and one absolute spelling as written.
        let canonical = URL(fileURLWithPath: dir.url.path).resolvingSymlinksInPath().path
        _ = try sqlite(state, """
            UPDATE results SET path = CASE WHEN path LIKE '%c003.wav' THEN '\(canonical)/./calls//c003.wav'
                ELSE substr(path, length('\(canonical)/') + 1) END
            """)
        _ = try sqlite(state, "PRAGMA user_version = 0")
        XCTAssertEqual(try sqlite(state, "SELECT COUNT(*) FROM results WHERE path LIKE 'calls/%'"), "3")
        let legacy = dir.file("legacy.sqlite").path
        try FileManager.default.copyItem(atPath: state, toPath: legacy)

        let second = try CommandRunner.run(Array(arguments.dropLast()) + [dir.file("b.json").path], in: dir.url)
        XCTAssertEqual(second.status, 0, second.standardError)
        XCTAssertTrue(second.standardError.contains("(4 unchanged, from the state database)"), second.standardError)
        XCTAssertEqual(try Data(contentsOf: dir.file("a.json")), try Data(contentsOf: dir.file("b.json")))
        XCTAssertEqual(try sqlite(state, "SELECT COUNT(*) FROM results WHERE path LIKE '\(canonical)/calls/c00_.wav'"), "4")
        XCTAssertEqual(try sqlite(state, "PRAGMA user_version"), "1")

        // Merged as a shard's part, the old database's relative keys are kept apart (history),
        // its absolute key made canonical.
        let merged = try CommandRunner.run(["merge", "--state", dir.file("merged.sqlite").path, "--state-part", legacy])
        XCTAssertEqual(merged.status, 0, merged.standardError)
        XCTAssertEqual(try sqlite(dir.file("merged.sqlite").path, "SELECT group_concat(path, '|') FROM (SELECT path FROM results ORDER BY path)"),
                       "\(canonical)/calls/c003.wav|legacy:calls/c000.wav|legacy:calls/c001.wav|legacy:calls/c002.wav")
        // A changed file rescored under the old spelling replaces its old result: still 4 results.
        let silent = [Float](repeating: 0, count: 32000)
        try WAVWriter.write(channels: [silent, silent], sampleRate: 8000, to: dir.file("calls/c001.wav"))
        XCTAssertEqual(try CommandRunner.run(["score", "calls", "--state", legacy, "--out", dir.file("c.json").path], in: dir.url).status, 0)
        XCTAssertEqual(try sqlite(legacy, "SELECT COUNT(*) FROM results"), "4")
        XCTAssertEqual(try sqlite(legacy, "SELECT COUNT(*) FROM results WHERE path LIKE 'legacy:%'"), "0")
    }

    /// A state database that stops taking results part-way through a run (a full disk, an I/O
    /// error, the file replaced or locked by another program; here a trigger that refuses the
    /// third result, a real SQLite error from the real write) costs no call: one error names the
    /// database and says the report is still written, the run scores the rest and writes every
    /// output as an ordinary run does, and the exit status is 1; the next run scores again only
    /// the calls not recorded. Such a run used to stop scheduling and throw the whole report away.
    func testAStateDatabaseThatFailsPartWayLosesNoCall() throws {
        let dir = try TemporaryDirectory()
        let calls = try makeCalls(6, in: dir)
        let reference = try CommandRunner.run(
            ["score", calls.path, "--out", dir.file("reference.json").path, "--html", dir.file("reference.html").path])
        XCTAssertEqual(reference.status, 0, reference.standardError)
        let referenceLines = try CommandRunner.run(["score", calls.path, "--format", "jsonl", "--out", dir.file("reference.jsonl").path])
        XCTAssertEqual(referenceLines.status, 0, referenceLines.standardError)

        // callqa's own database holding one result, and a trigger that refuses a third.
        let state = dir.file("state.sqlite").path
        let first = try CommandRunner.run(["score", calls.appendingPathComponent("c000.wav").path, "--state", state, "--out", dir.file("first.json").path])
        XCTAssertEqual(first.status, 0, first.standardError)
        _ = try sqlite(state, """
            CREATE TRIGGER refuse_third BEFORE INSERT ON results WHEN (SELECT COUNT(*) FROM results) >= 2
            BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END
            """)

        let failing = try CommandRunner.run(
            ["score", calls.path, "--jobs", "2", "--state", state, "--out", dir.file("a.json").path, "--html", dir.file("a.html").path])
        XCTAssertEqual(failing.status, 1, failing.standardError)
        XCTAssertEqual(try Data(contentsOf: dir.file("a.json")), try Data(contentsOf: dir.file("reference.json")), "every call is in the report")
        XCTAssertEqual(try Data(contentsOf: dir.file("a.html")), try Data(contentsOf: dir.file("reference.html")), "and on the page")
        let errors = failing.standardError.split(separator: "\n").map(String.init).filter { $0.contains("state database:") }
        XCTAssertEqual(errors.count, 1, "one error, not one per call: \(failing.standardError)")
        let error = try XCTUnwrap(errors.first)
        XCTAssertTrue(error.hasPrefix("callqa: \(state): cannot record calls in the state database: "), error)
        XCTAssertTrue(error.contains("database or disk is full"), error)
        XCTAssertTrue(error.hasSuffix(
            "; the report is still written with every call, but this call and those scored after it are not recorded, so the next run scores them again"),
            error)
        XCTAssertTrue(failing.standardError.contains("6 calls, 6 scored (1 unchanged, from the state database), 0 failed"), failing.standardError)
        XCTAssertEqual(try sqlite(state, "SELECT COUNT(*) FROM results"), "2", "nothing recorded after the failure")

        // The same in JSON Lines with --log-format json --quiet: the error is the one line on
        // standard error, as a JSON object; the stream holds every call.
        let quiet = try CommandRunner.run([
            "score", calls.path, "--jobs", "2", "--state", state, "--format", "jsonl", "--out", dir.file("b.jsonl").path,
            "--log-format", "json", "--quiet",
        ])
        XCTAssertEqual(quiet.status, 1, quiet.standardError)
        func lines(_ name: String) throws -> [String] {
            try String(contentsOf: dir.file(name), encoding: .utf8).split(separator: "\n").map(String.init).sorted()
        }
        XCTAssertEqual(try lines("b.jsonl"), try lines("reference.jsonl"))
        XCTAssertEqual(try lines("b.jsonl").count, 6)
        let logLines = quiet.standardError.split(separator: "\n")
        XCTAssertEqual(logLines.count, 1, quiet.standardError)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data((logLines.first ?? "").utf8)) as? [String: Any])
        XCTAssertEqual(object["level"] as? String, "error")
        XCTAssertEqual(object["code"] as? String, "state.unrecorded")
        XCTAssertEqual(object["state"] as? String, state)
        XCTAssertTrue((object["message"] as? String)?.hasPrefix("\(state): cannot record calls in the state database: ") == true, quiet.standardError)
        XCTAssertEqual(try sqlite(state, "SELECT COUNT(*) FROM results"), "2")

        // The database takes results again: the next run reuses the two recorded and scores the rest.
        _ = try sqlite(state, "DROP TRIGGER refuse_third")
        let again = try CommandRunner.run(["score", calls.path, "--state", state, "--out", dir.file("c.json").path])
        XCTAssertEqual(again.status, 0, again.standardError)
        XCTAssertTrue(again.standardError.contains("(2 unchanged, from the state database)"), again.standardError)
        XCTAssertEqual(try Data(contentsOf: dir.file("c.json")), try Data(contentsOf: dir.file("reference.json")))
        XCTAssertEqual(try sqlite(state, "SELECT COUNT(*) FROM results"), "6")
        XCTAssertEqual(try sqlite(state, "PRAGMA integrity_check"), "ok")
    }

    /// The number of results a running `callqa` has committed to the state database at `path`
    /// (0 while it does not exist yet or is busy), read in this process: a python3 per look
    /// (`sqlite`) takes 30-50 ms, in which an optimised build scores most of a short batch.
    private func recordedResults(_ path: String) -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        var configuration = Configuration()
        configuration.readonly = true
        guard let database = try? DatabaseQueue(path: path, configuration: configuration) else { return 0 }
        return (try? database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM results") ?? 0 }) ?? 0
    }

    /// Runs one query on a SQLite database with Python's sqlite3 and returns the first value.
    private func sqlite(_ path: String, _ query: String) throws -> String {
        let script = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); r = c.execute(sys.argv[2]).fetchone(); c.commit(); print(r[0] if r else '')"
        let result = try CommandRunner.run(["python3", "-c", script, path, query], executable: URL(fileURLWithPath: "/usr/bin/env"))
        XCTAssertEqual(result.status, 0, result.standardError)
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
