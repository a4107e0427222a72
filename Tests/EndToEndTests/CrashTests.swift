import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A crash while analysing one recording (`CrashGuard`, `WorkerSupervisor`): the run names the
/// recording, reports it as failed (`analysis.crashed`) and scores the rest; with `--state`,
/// later runs leave it out. With `--in-process` the crash ends the run, and the next run with
/// `--state` leaves the recording out.
/// The crash is provoked with `CALLQA_TEST_CRASH`, as no input crashes callqa once its cause is
/// fixed.
final class CrashTests: XCTestCase {
    /// The environment of a run that crashes on `name` (nil: none), without the Swift runtime's
    /// backtrace, which only costs time here.
    private func environment(crashingOn name: String?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment["CALLQA_TEST_CRASH"] = name
        return environment
    }

    private func calls(_ report: URL) throws -> [[String: Any]] {
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
        return try XCTUnwrap(object["calls"] as? [[String: Any]])
    }

    private func errorCodes(_ calls: [[String: Any]]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: calls.map {
            (URL(fileURLWithPath: $0["source"] as? String ?? "").lastPathComponent, ($0["error"] as? [String: Any])?["code"] as? String ?? "ok")
        })
    }

    /// A run with a folder of its own for temporary files (the workers' requests and notes), to
    /// show that nothing is left there.
    private func score(
        _ arguments: [String], crashingOn name: String?, temporary: URL, extra: [String: String] = [:]
    ) throws -> CommandRunner.Result {
        var environment = environment(crashingOn: name)
        environment["TMPDIR"] = temporary.path
        environment.merge(extra) { $1 }
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        return try CommandRunner.run(["score"] + arguments, environment: environment)
    }

    /// A crash in the analysis ends only the worker process: the run names the recording,
    /// reports it as failed (`analysis.crashed`), scores the rest and writes its report; with
    /// --state, later runs leave the recording out until it changes.
    func testACrashCostsOnlyItsRecordingAndLaterRunsLeaveItOut() throws {
        let dir = try TemporaryDirectory()
        let folder = dir.file("calls")
        try WAVWriter.writeShortCalls(4, seconds: 2, in: folder)
        let state = dir.file("state.sqlite").path
        func run(_ report: String, crashingOn name: String?) throws -> CommandRunner.Result {
            try score(
                [folder.path, "--jobs", "2", "--state", state, "--out", dir.file(report).path], crashingOn: name, temporary: dir.file("tmp"))
        }

        let crashed = try run("r1.json", crashingOn: "c001.wav")
        XCTAssertEqual(crashed.signal, nil, crashed.standardError)
        XCTAssertEqual(crashed.status, 1, crashed.standardError)
        XCTAssertTrue(
            crashed.standardError.contains("c001.wav: callqa crashed (SIGILL) while analysing this recording; please report it. The "
                + "batch went on without it; runs with this --state leave it out until the file changes or callqa is updated"),
            crashed.standardError)
        // Named once, by the run: not the recording in flight beside it.
        XCTAssertEqual(crashed.standardError.components(separatedBy: "callqa crashed").count, 2, crashed.standardError)
        XCTAssertEqual(
            errorCodes(try calls(dir.file("r1.json"))), ["c000.wav": "ok", "c001.wav": "analysis.crashed", "c002.wav": "ok", "c003.wav": "ok"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: state + "-crashed"), "kept in the database, not in a journal")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.file("tmp").path), [])

        // Left out while the file is the same, whatever the run's environment; the rest reused.
        let again = try run("r2.json", crashingOn: nil)
        XCTAssertEqual(again.status, 1, again.standardError)
        XCTAssertTrue(
            again.standardError.contains("c001.wav: callqa crashed (SIGILL) while analysing this recording in an earlier run with "
                + "this state database, so it is left out until the file changes or callqa is updated"), again.standardError)
        XCTAssertTrue(again.standardError.contains("3 unchanged, from the state database"), again.standardError)
        XCTAssertEqual(errorCodes(try calls(dir.file("r2.json")))["c001.wav"], "analysis.crashed")

        // A new recording under the name is analysed.
        try WAVWriter.writeShortCalls(2, seconds: 2.5, in: folder)
        let changed = try run("r3.json", crashingOn: nil)
        XCTAssertEqual(changed.status, 0, changed.standardError)
        XCTAssertEqual(Set(errorCodes(try calls(dir.file("r3.json"))).values), ["ok"])
    }

    /// Each kind of crash is named with its signal, on the first, a middle or the last
    /// recording; without --state nothing is kept for later runs, and nothing is left behind.
    func testEachKindOfCrashCostsOnlyItsRecording() throws {
        let dir = try TemporaryDirectory()
        let folder = dir.file("calls")
        try WAVWriter.writeShortCalls(3, seconds: 2, in: folder)
        for (kind, name, file) in [("trap", "SIGILL", "c000.wav"), ("segv", "SIGSEGV", "c001.wav"), ("abort", "SIGABRT", "c002.wav")] {
            let result = try score(
                [folder.path, "--jobs", "2", "--out", dir.file("r.json").path], crashingOn: "\(file):\(kind)", temporary: dir.file("tmp"))
            XCTAssertEqual(result.status, 1, "\(kind): \(result.standardError)")
            XCTAssertTrue(
                result.standardError.contains("\(file): callqa crashed (\(name)) while analysing this recording; please report it. "
                    + "The batch went on without it\n"), result.standardError)
            var expected = ["c000.wav": "ok", "c001.wav": "ok", "c002.wav": "ok"]
            expected[file] = "analysis.crashed"
            XCTAssertEqual(errorCodes(try calls(dir.file("r.json"))), expected, kind)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted(), ["calls", "r.json", "tmp"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.file("tmp").path), [])
    }

    /// With `--log-format json`, standard error holds JSON lines only: what the worker wrote as
    /// it died (the Swift runtime's backtrace, in production; here the fault hook's line, as the
    /// backtracer is off: under AddressSanitizer it trips over its own memory reads and hangs)
    /// is the `crash_report` field of the crash's line, also for a worker killed outright.
    /// Every line is a JSON object.
    func testWithJSONLogsACrashReportIsAFieldOfTheCrashLine() throws {
        let dir = try TemporaryDirectory()
        let folder = dir.file("calls")
        try WAVWriter.writeShortCalls(3, seconds: 2, in: folder)
        for kind in ["trap", "kill"] {
            let result = try score(
                [folder.path, "--jobs", "2", "--log-format", "json", "--out", dir.file("r.json").path], crashingOn: "c001.wav:\(kind)",
                temporary: dir.file("tmp"))
            XCTAssertEqual(result.status, 1, "\(kind): \(result.standardError)")
            let lines = try result.standardError.split(separator: "\n").map {
                try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "\(kind): not a JSON object: \($0)")
            }
            // A worker killed with two calls in flight says which of them it was on only when
            // each runs again alone: the first worker's text is a warning of its own then.
            let codes = lines.compactMap { $0["code"] as? String }
            XCTAssertEqual(kind == "kill" ? codes.filter { $0 != "worker.output" } : codes, ["analysis.crashed"], "\(kind): \(result.standardError)")
            let crash = try XCTUnwrap(lines.first { $0["code"] as? String == "analysis.crashed" })
            XCTAssertEqual(URL(fileURLWithPath: crash["source"] as? String ?? "").lastPathComponent, "c001.wav")
            let report = try XCTUnwrap(crash["crash_report"] as? String, result.standardError)
            XCTAssertTrue(report.contains("CALLQA_TEST_CRASH: crashing on c001.wav (\(kind)) as asked"), report)
            XCTAssertEqual(errorCodes(try calls(dir.file("r.json"))), ["c000.wav": "ok", "c001.wav": "analysis.crashed", "c002.wav": "ok"])
        }
        // In text, the worker's standard error is the run's, as it comes.
        let text = try score([folder.path, "--out", dir.file("r.json").path], crashingOn: "c001.wav", temporary: dir.file("tmp"))
        XCTAssertTrue(text.standardError.contains("CALLQA_TEST_CRASH: crashing on c001.wav (trap) as asked\n"), text.standardError)
        XCTAssertFalse(text.standardError.contains("crash_report"), text.standardError)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.file("tmp").path), [])
    }

    /// A worker killed without a word (by the kernel for memory, say): each call it had in flight
    /// is analysed again alone, and only the one that dies again is reported; it is not held
    /// against the recording in later runs.
    func testAKilledWorkerCostsOnlyTheRecordingItDiesOnAgain() throws {
        let dir = try TemporaryDirectory()
        let folder = dir.file("calls")
        try WAVWriter.writeShortCalls(4, seconds: 2, in: folder)
        let arguments = [folder.path, "--jobs", "2", "--state", dir.file("s.sqlite").path, "--out", dir.file("r.json").path]
        let killed = try score(arguments, crashingOn: "c002.wav:kill", temporary: dir.file("tmp"))
        XCTAssertEqual(killed.status, 1, killed.standardError)
        XCTAssertTrue(
            killed.standardError.contains("c002.wav: callqa's analysis process ended (SIGKILL) while analysing this recording (killed "
                + "for lack of memory, or by another process). The batch went on without it, and the next run analyses it again\n"),
            killed.standardError)
        XCTAssertEqual(
            errorCodes(try calls(dir.file("r.json"))), ["c000.wav": "ok", "c001.wav": "ok", "c002.wav": "analysis.crashed", "c003.wav": "ok"])
        let next = try score(arguments, crashingOn: nil, temporary: dir.file("tmp"))
        XCTAssertEqual(next.status, 0, next.standardError)
        XCTAssertEqual(Set(errorCodes(try calls(dir.file("r.json"))).values), ["ok"])
    }

    /// A stack overflow, on which no handler can run: the worker dies unnoted or noted, and
    /// either way only that recording is reported.
    func testAStackOverflowCostsOnlyItsRecording() throws {
        let dir = try TemporaryDirectory()
        let folder = dir.file("calls")
        try WAVWriter.writeShortCalls(3, seconds: 2, in: folder)
        let result = try score(
            [folder.path, "--jobs", "2", "--out", dir.file("r.json").path], crashingOn: "c001.wav:overflow", temporary: dir.file("tmp"))
        XCTAssertEqual(result.status, 1, result.standardError)
        XCTAssertTrue(result.standardError.contains("c001.wav: callqa crashed (SIGSEGV) while analysing this recording"), result.standardError)
        XCTAssertEqual(errorCodes(try calls(dir.file("r.json"))), ["c000.wav": "ok", "c001.wav": "analysis.crashed", "c002.wav": "ok"])
    }

    /// An analysis that never returns (a decoder stuck in a loop), which the per-file time limit,
    /// checked between decoded blocks, never sees: with `--file-timeout` its worker is ended at
    /// twice the limit and a second, the file is reported (`audio.timeout`), and the calls in
    /// flight beside it are analysed again.
    func testAnAnalysisThatNeverStopsIsEndedPastTheTimeLimit() throws {
        let dir = try TemporaryDirectory()
        let folder = dir.file("calls")
        try WAVWriter.writeShortCalls(4, seconds: 2, in: folder)
        let started = Date()
        let result = try score(
            [folder.path, "--jobs", "2", "--file-timeout", "0.5", "--out", dir.file("r.json").path], crashingOn: "c001.wav:hang",
            temporary: dir.file("tmp"))
        XCTAssertLessThan(Date().timeIntervalSince(started), 30, "ended at 2 s, not left hanging")
        XCTAssertEqual(result.status, 1, result.standardError)
        XCTAssertTrue(
            result.standardError.contains("c001.wav: the analysis ran past the per-file time limit of 0.5 s (--file-timeout) without "
                + "stopping (stuck in a decoder library?), so it was ended at 2.0 s; please report it with the file"), result.standardError)
        XCTAssertEqual(
            errorCodes(try calls(dir.file("r.json"))), ["c000.wav": "ok", "c001.wav": "audio.timeout", "c002.wav": "ok", "c003.wav": "ok"])
    }

    /// `--in-process` (for a debugger or a profiler): a crash ends the run, as it did before
    /// workers; the recording is named, and with --state the next run leaves it out and goes on.
    func testInProcessACrashEndsTheRunAndTheNextRunLeavesItOut() throws {
        let dir = try TemporaryDirectory()
        let folder = dir.file("calls")
        try WAVWriter.writeShortCalls(4, seconds: 2, in: folder)
        let state = dir.file("state.sqlite").path
        let journal = state + "-crashed"
        func run(_ report: String, crashingOn name: String?) throws -> CommandRunner.Result {
            try score(
                [folder.path, "--in-process", "--jobs", "2", "--state", state, "--out", dir.file(report).path],
                crashingOn: name, temporary: dir.file("tmp"))
        }

        let crashed = try run("r1.json", crashingOn: "c001.wav")
        XCTAssertEqual(crashed.signal, SIGILL, crashed.standardError)
        XCTAssertTrue(
            crashed.standardError.contains("c001.wav: callqa crashed (SIGILL) while analysing this recording; please report it. "
                + "The next run with this --state leaves it out (analysis.crashed) and goes on."), crashed.standardError)
        XCTAssertEqual(crashed.standardError.components(separatedBy: "callqa crashed").count, 2, crashed.standardError)
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].contains("c001.wav") && lines[0].hasSuffix("\tSIGILL"), String(lines[0]))

        let next = try run("r2.json", crashingOn: "c001.wav")
        XCTAssertEqual(next.signal, nil, next.standardError)
        XCTAssertEqual(next.status, 1, next.standardError)
        XCTAssertEqual(
            errorCodes(try calls(dir.file("r2.json"))), ["c000.wav": "ok", "c001.wav": "analysis.crashed", "c002.wav": "ok", "c003.wav": "ok"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: journal), "the journal is moved into the database")

        // Without --state the message says how to go on with the batch.
        for (kind, signal, name) in [("segv", SIGSEGV, "SIGSEGV"), ("abort", SIGABRT, "SIGABRT")] {
            let result = try score(
                [folder.path, "--in-process", "--jobs", "1", "--out", dir.file("r3.json").path], crashingOn: "c000.wav:" + kind,
                temporary: dir.file("tmp"))
            // Under AddressSanitizer, its own handler takes the bad pointer after the guard's and
            // exits with a status instead.
            XCTAssertTrue(result.signal == signal || (result.signal == nil && result.status != 0), "\(result.status) \(result.standardError)")
            XCTAssertTrue(
                result.standardError.contains("c000.wav: callqa crashed (\(name)) while analysing this recording; please report it. "
                    + "Run the batch again without it (--exclude), or with --state, whose next run leaves it out."), result.standardError)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("r3.json").path))
    }

    /// Under `--redact source` the report names the crashed recording by its hash, as any
    /// failure, in the run it crashed and in later ones; standard error names it in clear, for
    /// the operator.
    func testACrashedRecordingIsRedactedInTheReport() throws {
        let dir = try TemporaryDirectory()
        let folder = dir.file("calls")
        try WAVWriter.writeShortCalls(2, seconds: 2, in: folder)
        let arguments = [folder.path, "--jobs", "1", "--redact", "source", "--state", dir.file("s.sqlite").path, "--out", dir.file("r.json").path]
        let key = ["CALLQA_REDACT_KEY": "a redaction key of at least sixteen bytes"]
        for run in 0..<2 {
            let result = try score(arguments, crashingOn: "c001.wav", temporary: dir.file("tmp"), extra: key)
            XCTAssertEqual(result.status, 1, result.standardError)
            XCTAssertTrue(result.standardError.contains("c001.wav: callqa crashed (SIGILL)"), result.standardError)
            let report = try String(contentsOf: dir.file("r.json"), encoding: .utf8)
            XCTAssertTrue(report.contains("analysis.crashed"), "run \(run): \(report)")
            XCTAssertFalse(report.contains("c001"), "run \(run): \(report)")
        }
    }

    /// `callqa loudness` measures in a worker process too: a crash names the file, the other
    /// files are measured, in order, and the status is 1. With `--in-process` the crash ends the
    /// run by its signal, after the lines of the files before it.
    func testLoudnessNamesTheFileItCrashedOnAndMeasuresTheOthers() throws {
        let dir = try TemporaryDirectory()
        let folder = dir.file("calls")
        try WAVWriter.writeShortCalls(3, seconds: 2, in: folder)
        let files = (0..<3).map { folder.appendingPathComponent(String(format: "c%03d.wav", $0)).path }
        var environment = environment(crashingOn: "c001.wav")
        environment["TMPDIR"] = dir.file("tmp").path
        try FileManager.default.createDirectory(at: dir.file("tmp"), withIntermediateDirectories: true)
        let result = try CommandRunner.run(["loudness"] + files, environment: environment)
        XCTAssertEqual(result.signal, nil, result.standardError)
        XCTAssertEqual(result.status, 1, result.standardError)
        XCTAssertEqual(
            result.standardError.split(separator: "\n").filter { $0.hasPrefix("callqa:") },
            ["callqa: error: \(files[1]): callqa crashed (SIGILL) while measuring this file; please report it with the file. The other files are measured"])
        let measured = try result.standardOutput.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["file"] as? String
        }
        XCTAssertEqual(measured, [files[0], files[2]])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.file("tmp").path), [])
        // The lines of the files measured are the same as without a crash.
        let clean = try CommandRunner.run(["loudness"] + files, environment: self.environment(crashingOn: nil))
        XCTAssertEqual(clean.status, 0, clean.standardError)
        let cleanLines = clean.standardOutput.split(separator: "\n")
        XCTAssertEqual(result.standardOutput.split(separator: "\n"), [cleanLines[0], cleanLines[2]])

        let inProcess = try CommandRunner.run(["loudness", "--in-process"] + files, environment: self.environment(crashingOn: "c001.wav"))
        XCTAssertEqual(inProcess.signal, SIGILL, inProcess.standardError)
        XCTAssertTrue(
            inProcess.standardError.contains("c001.wav: callqa crashed (SIGILL) while analysing this recording; please report it.\n"),
            inProcess.standardError)
        XCTAssertFalse(inProcess.standardError.contains("--exclude"), inProcess.standardError)
        XCTAssertEqual(inProcess.standardOutput.split(separator: "\n"), [cleanLines[0]])
    }
}
