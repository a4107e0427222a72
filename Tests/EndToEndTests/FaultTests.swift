import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Faults: parallel runs on one state database, kill -9 at random points (20 times over 200 files),
/// a full disk, a 6-hour call. The long ones run when CALLQA_LONG_TESTS=1 (`scripts/check`); the
/// parallel-state test always runs.
final class FaultTests: XCTestCase {
    private var long: Bool { ProcessInfo.processInfo.environment["CALLQA_LONG_TESTS"] == "1" }

    private func makeCalls(_ count: Int, in folder: URL) throws {
        try WAVWriter.writeShortCalls(count, seconds: 3, in: folder)
    }

    private func integrity(_ path: String) throws -> String {
        let script = "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])"
        let result = try CommandRunner.run(["python3", "-c", script, path], executable: URL(fileURLWithPath: "/usr/bin/env"))
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = CommandRunner.callqaURL
        process.arguments = arguments
        process.currentDirectoryURL = Fixtures.repositoryRoot
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Two runs at once on the same state database: both finish (the second waits for the
    /// first's writes), both reports equal an ordinary run's, the database is sound. Five rounds,
    /// each on a new database, as the two processes race to create it (they used to collide
    /// about one time in two while switching it to WAL).
    func testParallelRunsShareOneStateDatabase() throws {
        let dir = try TemporaryDirectory()
        let calls = dir.file("calls")
        try makeCalls(12, in: calls)
        let reference = try CommandRunner.run(["score", calls.path, "--out", dir.file("reference.json").path])
        XCTAssertEqual(reference.status, 0, reference.standardError)
        for round in 1...5 {
            let state = dir.file("state\(round).sqlite").path
            let runs = try (1...2).map {
                try start(["score", calls.path, "--jobs", "1", "--state", state, "--out", dir.file("run\(round)-\($0).json").path])
            }
            for run in runs {
                run.waitUntilExit()
                XCTAssertEqual(run.terminationStatus, 0, "round \(round)")
            }
            for k in 1...2 {
                XCTAssertEqual(
                    try Data(contentsOf: dir.file("run\(round)-\(k).json")), try Data(contentsOf: dir.file("reference.json")),
                    "round \(round), run \(k)")
            }
            XCTAssertEqual(try integrity(state), "ok", "round \(round)")
        }
    }

    /// kill -9 at random points of a 200-file run, 20 times; every rerun finishes with the
    /// uninterrupted report and a sound database.
    func testKillDashNineTwentyTimesOverTwoHundredFiles() throws {
        guard long else { throw XCTSkip("long fault run: CALLQA_LONG_TESTS=1 (scripts/check) runs it") }
        let dir = try TemporaryDirectory()
        let calls = dir.file("calls")
        try makeCalls(200, in: calls)
        let reference = try CommandRunner.run(["score", calls.path, "--out", dir.file("reference.json").path])
        XCTAssertEqual(reference.status, 0, reference.standardError)
        let expected = try Data(contentsOf: dir.file("reference.json"))
        var random = SeededRandom(seed: 4242)
        var killedAt: [Int] = []
        for trial in 0..<20 {
            let state = dir.file("state-\(trial).sqlite").path
            let out = dir.file("out-\(trial).json").path
            let process = try start(["score", calls.path, "--state", state, "--out", out])
            let delay = 100_000 + Int(random.next() % 2_500_000)  // 0.1-2.6 s into the run
            usleep(useconds_t(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            killedAt.append(delay / 1000)
            let rerun = try CommandRunner.run(["score", calls.path, "--state", state, "--out", out])
            XCTAssertEqual(rerun.status, 0, "trial \(trial): \(rerun.standardError)")
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), expected, "trial \(trial): the report differs")
            XCTAssertEqual(try integrity(state), "ok", "trial \(trial)")
        }
        print("kill -9: 20 runs of 200 files killed at \(killedAt) ms; every rerun finished with the uninterrupted report")
    }

    /// A full disk (a 4 MiB tmpfs) while writing the report and the state: a clear error, exit
    /// status 1 or 2, and the previous report and state intact.
    func testFullDiskKeepsThePreviousReportAndState() throws {
        guard long else { throw XCTSkip("needs a tmpfs mount (root): CALLQA_LONG_TESTS=1 (scripts/check) runs it") }
        let dir = try TemporaryDirectory()
        let calls = dir.file("calls")
        try makeCalls(40, in: calls)
        let disk = dir.file("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let mount = try CommandRunner.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.path], executable: URL(fileURLWithPath: "/usr/bin/env"))
        guard mount.status == 0 else { throw XCTSkip("cannot mount a tmpfs here: \(mount.standardError)") }
        defer { _ = try? CommandRunner.run(["umount", disk.path], executable: URL(fileURLWithPath: "/usr/bin/env")) }
        // A first, small run fits.
        let out = disk.appendingPathComponent("report.json").path
        let state = disk.appendingPathComponent("state.sqlite").path
        let first = try CommandRunner.run(["score", calls.appendingPathComponent("c000.wav").path, "--state", state, "--out", out])
        XCTAssertEqual(first.status, 0, first.standardError)
        let before = try Data(contentsOf: URL(fileURLWithPath: out))
        // Fill the disk, then score everything: the report cannot be written.
        let filler = disk.appendingPathComponent("filler")
        _ = try? CommandRunner.run(["dd", "if=/dev/zero", "of=\(filler.path)", "bs=4k"], executable: URL(fileURLWithPath: "/usr/bin/env"))
        let full = try CommandRunner.run(["score", calls.path, "--state", state, "--out", out])
        XCTAssertTrue([1, 2].contains(full.status), "exit \(full.status): \(full.standardError)")
        XCTAssertTrue(full.standardError.contains("No space left") || full.standardError.contains("full") || full.standardError.contains("disk"), full.standardError)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), before, "the previous report is intact")
        try FileManager.default.removeItem(at: filler)
        XCTAssertEqual(try integrity(state), "ok")
        let again = try CommandRunner.run(["score", calls.path, "--state", state, "--out", out])
        XCTAssertEqual(again.status, 0, "with space again the run finishes: \(again.standardError)")
    }
}
