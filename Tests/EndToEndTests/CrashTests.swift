import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A crash while analysing one recording (`CrashGuard`): the recording is named on standard
/// error, and with `--state` the next run leaves it out (`analysis.crashed`) and scores the rest.
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

    func testACrashNamesItsRecordingAndTheNextRunLeavesItOut() throws {
        let dir = try TemporaryDirectory()
        let folder = dir.file("calls")
        try WAVWriter.writeShortCalls(4, seconds: 2, in: folder)
        let state = dir.file("state.sqlite").path
        let journal = state + "-crashed"
        func score(_ report: String, crashingOn name: String?) throws -> CommandRunner.Result {
            try CommandRunner.run(
                ["score", folder.path, "--jobs", "2", "--state", state, "--out", dir.file(report).path],
                environment: environment(crashingOn: name))
        }

        let crashed = try score("r1.json", crashingOn: "c001.wav")
        XCTAssertEqual(crashed.signal, SIGILL, crashed.standardError)
        XCTAssertTrue(
            crashed.standardError.contains("c001.wav: callqa crashed (SIGILL) while analysing this recording; please report it. "
                + "The next run with this --state leaves it out (analysis.crashed) and goes on."), crashed.standardError)
        // Only the recording the faulting thread analysed: not the one in flight beside it.
        XCTAssertEqual(crashed.standardError.components(separatedBy: "callqa crashed").count, 2, crashed.standardError)
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].contains("c001.wav") && lines[0].hasSuffix("\tSIGILL"), String(lines[0]))

        // The same crash waits there: the next run does not analyse the recording.
        let next = try score("r2.json", crashingOn: "c001.wav")
        XCTAssertEqual(next.signal, nil, next.standardError)
        XCTAssertEqual(next.status, 1, next.standardError)
        XCTAssertTrue(
            next.standardError.contains("c001.wav: callqa crashed (SIGILL) while analysing this recording in an earlier run with "
                + "this state database, so it is left out until the file changes or callqa is updated"), next.standardError)
        XCTAssertEqual(
            errorCodes(try calls(dir.file("r2.json"))), ["c000.wav": "ok", "c001.wav": "analysis.crashed", "c002.wav": "ok", "c003.wav": "ok"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: journal), "the journal is moved into the database")

        // Left out while the file is the same, whatever the run's environment.
        let again = try score("r3.json", crashingOn: nil)
        XCTAssertEqual(again.status, 1, again.standardError)
        XCTAssertEqual(errorCodes(try calls(dir.file("r3.json")))["c001.wav"], "analysis.crashed")

        // A new recording under the name is analysed.
        try WAVWriter.writeShortCalls(2, seconds: 2.5, in: folder)
        let changed = try score("r4.json", crashingOn: nil)
        XCTAssertEqual(changed.status, 0, changed.standardError)
        XCTAssertEqual(Set(errorCodes(try calls(dir.file("r4.json"))).values), ["ok"])
    }

    /// A fault (a bad pointer) and an abort are named too; without --state the message says how
    /// to go on, and no journal is written anywhere.
    func testEachKindOfCrashNamesItsRecordingWithoutAState() throws {
        let dir = try TemporaryDirectory()
        let folder = dir.file("calls")
        try WAVWriter.writeShortCalls(2, seconds: 2, in: folder)
        for (kind, signal, name) in [("segv", SIGSEGV, "SIGSEGV"), ("abort", SIGABRT, "SIGABRT")] {
            let result = try CommandRunner.run(
                ["score", folder.path, "--jobs", "1", "--out", dir.file("r.json").path],
                environment: environment(crashingOn: "c000.wav:" + kind))
            // Under AddressSanitizer, its own handler takes the bad pointer after the guard's and
            // exits with a status instead.
            XCTAssertTrue(result.signal == signal || (result.signal == nil && result.status != 0), "\(result.status) \(result.standardError)")
            XCTAssertTrue(
                result.standardError.contains("c000.wav: callqa crashed (\(name)) while analysing this recording; please report it. "
                    + "Run the batch again without it (--exclude), or with --state, whose next run leaves it out."), result.standardError)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted(), ["calls"])
    }

    /// Under `--redact source` the report names the left-out recording by its hash, as any
    /// failure; standard error names it in clear, for the operator.
    func testALeftOutRecordingIsRedactedInTheReport() throws {
        let dir = try TemporaryDirectory()
        let folder = dir.file("calls")
        try WAVWriter.writeShortCalls(2, seconds: 2, in: folder)
        var environment = environment(crashingOn: "c001.wav")
        environment["CALLQA_REDACT_KEY"] = "a redaction key of at least sixteen bytes"
        let arguments = ["score", folder.path, "--jobs", "1", "--redact", "source", "--state", dir.file("s.sqlite").path, "--out", dir.file("r.json").path]
        XCTAssertEqual(try CommandRunner.run(arguments, environment: environment).signal, SIGILL)
        let next = try CommandRunner.run(arguments, environment: environment)
        XCTAssertEqual(next.status, 1, next.standardError)
        XCTAssertTrue(next.standardError.contains("c001.wav: callqa crashed (SIGILL)"), next.standardError)
        let report = try String(contentsOf: dir.file("r.json"), encoding: .utf8)
        XCTAssertTrue(report.contains("analysis.crashed"), report)
        XCTAssertFalse(report.contains("c001"), report)
    }

    /// `callqa loudness` writes each file's line as it is measured: a crash keeps the lines
    /// already written, and names its file (without a batch's hints, which it has no use for).
    func testLoudnessNamesTheFileItCrashedOn() throws {
        let dir = try TemporaryDirectory()
        let folder = dir.file("calls")
        try WAVWriter.writeShortCalls(3, seconds: 2, in: folder)
        let result = try CommandRunner.run(
            ["loudness"] + (0..<3).map { folder.appendingPathComponent(String(format: "c%03d.wav", $0)).path },
            environment: environment(crashingOn: "c001.wav"))
        XCTAssertEqual(result.signal, SIGILL, result.standardError)
        XCTAssertTrue(result.standardError.contains("c001.wav: callqa crashed (SIGILL) while analysing this recording; please report it.\n"), result.standardError)
        XCTAssertFalse(result.standardError.contains("--exclude"), result.standardError)
        let lines = result.standardOutput.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.standardOutput)
        XCTAssertTrue(lines.first?.contains("c000.wav") ?? false, result.standardOutput)
    }
}
