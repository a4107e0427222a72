import Foundation
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
        try process.run()
        // Kill it once a few calls are recorded (polling, so a slow machine does not matter).
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            if FileManager.default.fileExists(atPath: state), (Int((try? sqlite(state, "SELECT COUNT(*) FROM results", strict: false)) ?? "") ?? 0) >= 3 { break }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "a killed run leaves no report")
        let finished = try sqlite(state, "SELECT COUNT(*) FROM results")
        XCTAssertGreaterThan(Int(finished) ?? 0, 0, "some calls were recorded before the kill")
        XCTAssertLessThan(Int(finished) ?? 30, 30, "the kill came before the end")

        let resumed = try CommandRunner.run(["score", calls.path, "--jobs", "2", "--state", state, "--out", out])
        XCTAssertEqual(resumed.status, 0, resumed.standardError)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), try Data(contentsOf: dir.file("reference.json")),
                       "the resumed report equals the uninterrupted one")
        XCTAssertEqual(try sqlite(state, "PRAGMA integrity_check"), "ok")
        XCTAssertEqual(try sqlite(state, "SELECT COUNT(*) FROM results"), "30")
    }

    /// Runs one query on a SQLite database with Python's sqlite3 and returns the first value.
    private func sqlite(_ path: String, _ query: String, strict: Bool = true) throws -> String {
        let script = "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])"
        let result = try CommandRunner.run(["python3", "-c", script, path, query], executable: URL(fileURLWithPath: "/usr/bin/env"))
        if strict { XCTAssertEqual(result.status, 0, result.standardError) }
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
