import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Cron-facing behaviour of `callqa score`: JSON Lines streaming, quiet runs, the summary line,
/// JSON log lines, and a clean stop on SIGINT.
final class BatchRunTests: XCTestCase {
    func testJSONLinesStreamOneCallPerLineAndSummaryLine() throws {
        let dir = try TemporaryDirectory()
        let out = dir.file("calls.jsonl")
        let result = try CommandRunner.run(["score", "fixtures/calls", "fixtures/bad", "--format", "jsonl", "--out", out.path])
        XCTAssertEqual(result.status, 1)
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 12)
        for line in lines {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            XCTAssertNotNil(object["source"])
        }
        XCTAssertTrue(result.standardError.contains("12 calls, 8 scored, 4 failed"), result.standardError)
        XCTAssertEqual(result.standardError.components(separatedBy: "\n").filter { $0.contains("fixtures/bad/") }.count, 4, "one line per failure")
        let temporary = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(temporary, [], "no temporary file is left behind")
        let attributes = try FileManager.default.attributesOfItem(atPath: out.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o640, "owner and group only")
    }

    func testQuietRunPrintsNothingWhenAllIsWell() throws {
        let dir = try TemporaryDirectory()
        let result = try CommandRunner.run(["score", "fixtures/calls/it_mono_pcm8k.wav", "--quiet", "--out", dir.file("r.json").path])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.standardError, "")
        XCTAssertEqual(result.standardOutput, "")
    }

    func testJSONLogLines() throws {
        let dir = try TemporaryDirectory()
        let result = try CommandRunner.run(["score", "fixtures/bad/empty.wav", "--log-format", "json", "--out", dir.file("r.json").path])
        XCTAssertEqual(result.status, 1)
        let lines = result.standardError.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, result.standardError)
        for line in lines {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
            XCTAssertNotNil(object["level"] as? String)
            XCTAssertNotNil(object["message"] as? String)
        }
        // The summary's counts are numbers and its flag a boolean, for log collectors to compare.
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        XCTAssertEqual(summary["failed"] as? Int, 1, String(lines[1]))
        XCTAssertEqual(summary["interrupted"] as? Bool, false, String(lines[1]))
        XCTAssertTrue(lines[1].contains("\"calls\":1,"), String(lines[1]))
    }

    /// `--summary` with `--log-format json` writes one JSON object per call, not the table: its
    /// header, padded rows and totals were plain text among the run's JSON lines, which a log
    /// collector could not read.
    func testSummaryWithJSONLogLinesIsOneObjectPerCall() throws {
        let dir = try TemporaryDirectory()
        let result = try CommandRunner.run([
            "score", "fixtures/calls/it_mono_pcm8k.wav", "fixtures/bad/empty.wav", "--checklist", "checklists/inbound.yaml",
            "--summary", "--log-format", "json", "--out", dir.file("r.json").path,
        ])
        XCTAssertEqual(result.status, 1, result.standardError)
        let objects = try result.standardError.split(separator: "\n").map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON line: \(line)")
        }
        let rows = objects.filter { $0["code"] as? String == "call.summary" }
        XCTAssertEqual(rows.map { $0["source"] as? String }, ["fixtures/bad/empty.wav", "fixtures/calls/it_mono_pcm8k.wav"])
        XCTAssertEqual(rows.map { $0["status"] as? String }, ["error", "ok"])
        XCTAssertEqual(rows.first?["error_code"] as? String, "audio.empty")
        XCTAssertNotNil(rows.last?["score"] as? Double, "\(rows)")
        XCTAssertNotNil(rows.last?["passed"] as? Bool, "\(rows)")
        XCTAssertEqual(objects.last?["calls"] as? Int, 2, result.standardError)
    }

    /// With --log-format json, the error that stops a run is a JSON line too (it was the only
    /// plain text line a log collector got, when it mattered most).
    func testJSONLogLinesAlsoForTheErrorThatStopsARun() throws {
        let dir = try TemporaryDirectory()
        let cases: [([String], String)] = [
            (["fixtures/calls/it_mono_pcm8k.wav", "--out", dir.file("no/such/folder/r.json").path], "there is no folder"),
            ([dir.file("missing.wav").path], "missing.wav: no such file or directory"),
        ]
        for (arguments, message) in cases {
            let object = try onlyLogLine(of: ["score"] + arguments + ["--log-format", "json"], status: 2, containing: message)
            XCTAssertEqual(object["usage"] as? Bool, true, "\(arguments)")
        }
        // A checklist's problems: see testJSONLogLinesForUsageErrorsFoundWhileRunning.
    }

    /// Runs callqa with `arguments`, expecting exit `status` and one JSON log line on standard
    /// error, an error whose message contains `message`; returns that line's object.
    private func onlyLogLine(of arguments: [String], status: Int32, containing message: String) throws -> [String: Any] {
        let result = try CommandRunner.run(arguments)
        XCTAssertEqual(result.status, status, "\(arguments): \(result.standardError)")
        let lines = result.standardError.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.standardError)
        let object = try XCTUnwrap(
            lines.first.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any],
            "\(arguments): not a JSON line: \(result.standardError)")
        XCTAssertEqual(object["level"] as? String, "error", "\(arguments)")
        XCTAssertTrue((object["message"] as? String)?.contains(message) == true, "\(arguments): \(result.standardError)")
        return object
    }

    /// With --log-format json, a usage error found while the command line is parsed (--jobs 0,
    /// a bad --shard, an unknown option) is one JSON line too; it was the argument parser's
    /// plain text and usage lines.
    func testJSONLogLinesAlsoForUsageErrors() throws {
        let cases: [([String], String)] = [
            (["fixtures/calls", "--jobs", "0"], "--jobs must be at least 1"),
            (["fixtures/calls", "--shard", "5/4"], "--shard"),
            (["fixtures/calls", "--no-such-option"], "--no-such-option"),
        ]
        for (arguments, message) in cases {
            for logFormat in [["--log-format", "json"], ["--log-format=json"]] {
                let object = try onlyLogLine(of: ["score"] + arguments + logFormat, status: 2, containing: message)
                XCTAssertEqual(object["usage"] as? Bool, true, "\(arguments)")
            }
        }
        let text = try CommandRunner.run(["score", "fixtures/calls", "--jobs", "0"])
        XCTAssertEqual(text.status, 2)
        XCTAssertTrue(text.standardError.hasPrefix("Error: --jobs must be at least 1"), text.standardError)
    }

    /// A checklist's problems, found once the command line is parsed, are one JSON line each,
    /// with `"usage": true` (exit status 2) as the parser's usage errors: they were one object
    /// whose message held them all, joined by newlines, without it.
    func testJSONLogLinesForUsageErrorsFoundWhileRunning() throws {
        let dir = try TemporaryDirectory()
        try Data("name: x\nitems: []\n".utf8).write(to: dir.file("bad.yaml"))
        let result = try CommandRunner.run(["score", "fixtures/calls", "--checklist", dir.file("bad.yaml").path, "--log-format", "json"])
        XCTAssertEqual(result.status, 2, result.standardError)
        let lines = result.standardError.split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 1, result.standardError)
        for line in lines {
            let object = try XCTUnwrap(try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
            XCTAssertEqual(object["usage"] as? Bool, true, String(line))
            let message = try XCTUnwrap(object["message"] as? String)
            XCTAssertTrue(message.hasPrefix(dir.file("bad.yaml").path + ":") && !message.contains("\n"), message)
        }
    }

    /// A nightly folder with no recordings (a holiday) is not a usage error: the run writes a
    /// report without calls, exits 0 and says so on one line (nothing with --quiet). A path named
    /// on the command line that does not exist is one (status 2), and the message says so.
    func testAnEmptyFolderWritesAnEmptyReportAndAMissingPathIsAUsageError() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: dir.file("today"), withIntermediateDirectories: true)
        try "not audio\n".write(to: dir.file("today/notes.txt"), atomically: true, encoding: .utf8)
        let out = dir.file("r.json")
        let result = try CommandRunner.run(["score", dir.file("today").path, "--out", out.path])
        XCTAssertEqual(result.status, 0, result.standardError)
        let lines = result.standardError.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.standardError)
        XCTAssertTrue(result.standardError.contains("no audio files found in \(dir.file("today").path); nothing to score"), result.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        XCTAssertEqual((report["calls"] as? [Any])?.count, 0)

        let quiet = try CommandRunner.run(["score", dir.file("today").path, "--quiet", "--out", out.path])
        XCTAssertEqual(quiet.status, 0, quiet.standardError)
        XCTAssertEqual(quiet.standardError, "")

        let json = try CommandRunner.run(["score", dir.file("today").path, "--log-format", "json", "--out", out.path])
        XCTAssertEqual(json.status, 0, json.standardError)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.standardError.utf8)) as? [String: Any], json.standardError)
        XCTAssertEqual(object["level"] as? String, "warning")
        XCTAssertEqual(object["code"] as? String, "input.no_audio")

        let filtered = try CommandRunner.run(["score", "fixtures/calls", "--include", "*.aiff", "--out", out.path])
        XCTAssertEqual(filtered.status, 0, filtered.standardError)
        XCTAssertTrue(filtered.standardError.contains("matching --include '*.aiff'"), filtered.standardError)

        // A folder of links to each day's folder looks empty, since links to folders are not
        // followed: the message says so and names them.
        try FileManager.default.createDirectory(at: dir.file("days"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.file("days/monday").path, withDestinationPath: Fixtures.url("calls").path)
        let links = try CommandRunner.run(["score", dir.file("days").path, "--out", out.path])
        XCTAssertEqual(links.status, 0, links.standardError)
        XCTAssertTrue(links.standardError.contains("symbolic links to folders are not followed (\(dir.file("days/monday").path)): name the folders they lead to"), links.standardError)

        let missing = try CommandRunner.run(["score", dir.file("tomorrow").path, "--out", out.path])
        XCTAssertEqual(missing.status, 2, missing.standardError)
        XCTAssertTrue(missing.standardError.contains("tomorrow: no such file or directory; name an existing recording or folder"), missing.standardError)
    }

    /// A file name holding a line break is one line on standard error (`\n` written out), so a
    /// cron log keeps one line per failed file.
    func testAFailedFileWithALineBreakInItsNameIsOneLine() throws {
        let dir = try TemporaryDirectory()
        try Data("not audio".utf8).write(to: dir.file("bad\nname.wav"))
        let result = try CommandRunner.run(["score", dir.url.path, "--out", dir.file("r.json").path])
        XCTAssertEqual(result.status, 1, result.standardError)
        let lines = result.standardError.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, result.standardError)
        XCTAssertTrue(lines[0].hasSuffix("bad\\nname.wav: cannot read as audio: the file holds text, not audio (a download or an export "
            + "that saved an error message instead of the recording?)"), result.standardError)
    }

    /// With `--summary`, the totals are printed once, the run's summary line after the table (the
    /// table's own totals came first: `262.0 s of audio`, then `262 s of audio analysed`), and a
    /// duration is written one way in the table and in that line.
    func testSummaryPrintsTheTotalsOnceInTheTablesUnits() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.writeShortCalls(2, seconds: 2, in: dir.file("calls"))
        let result = try CommandRunner.run(["score", dir.file("calls").path, "--summary", "--out", dir.file("r.json").path])
        XCTAssertEqual(result.status, 0, result.standardError)
        let lines = result.standardError.split(separator: "\n")
        let totals = lines.filter { $0.contains(" scored, ") }
        XCTAssertEqual(totals.count, 1, result.standardError)
        XCTAssertTrue(totals.first?.hasPrefix("callqa: 2 calls, 2 scored, 0 failed, 0 passed; 4.0 s of audio analysed in ") ?? false, result.standardError)
        XCTAssertEqual(lines.last, totals.first, result.standardError)
        XCTAssertEqual(lines.filter { $0.hasPrefix("c00") && $0.contains("  ok   2.0 s  ") }.count, 2, result.standardError)
    }

    /// With `--summary`, a failed file is named once on standard error (by its line as it
    /// failed; the table marks it ERROR with its code): it was named twice, `callqa: ...` and
    /// again as `error: ...` under the table.
    func testSummaryNamesAFailedFileOnce() throws {
        let dir = try TemporaryDirectory()
        try Data("not audio".utf8).write(to: dir.file("bad.wav"))
        try WAVWriter.write(
            channels: [Signals.speechLike(rmsDBFS: -22, seconds: 3, sampleRate: 8000, seed: 3)], sampleRate: 8000, to: dir.file("ok.wav"))
        let result = try CommandRunner.run(["score", dir.url.path, "--summary", "--out", dir.file("r.json").path])
        XCTAssertEqual(result.status, 1, result.standardError)
        XCTAssertEqual(result.standardError.components(separatedBy: "bad.wav: cannot read as audio").count - 1, 1, result.standardError)
        XCTAssertTrue(result.standardError.contains("audio.unreadable"), "the table's row: \(result.standardError)")
    }

    /// A folder written from a Mac holds `._x.wav` beside `x.wav` (AppleDouble metadata): the
    /// walk leaves it out, says so once, and the run exits 0; it failed as "Format not
    /// recognised." and the nightly run exited 1. Named explicitly, it fails, said to be macOS
    /// metadata.
    func testAppleDoubleFilesInAWalkedFolderAreLeftOutOnce() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: dir.file("day"), withIntermediateDirectories: true)
        try WAVWriter.write(
            channels: [Signals.speechLike(rmsDBFS: -22, seconds: 3, sampleRate: 8000, seed: 3)], sampleRate: 8000, to: dir.file("day/x.wav"))
        let appleDouble = Data([0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00]) + Data("Mac OS X        ".utf8) + Data(count: 4000)
        try appleDouble.write(to: dir.file("day/._x.wav"))
        let walked = try CommandRunner.run(["score", dir.file("day").path, "--out", dir.file("r.json").path])
        XCTAssertEqual(walked.status, 0, walked.standardError)
        XCTAssertTrue(walked.standardError.contains(
            "left out 1 macOS metadata file found beside its recording (AppleDouble '._' files a Mac writes on shared drives, not audio): "
                + dir.file("day/._x.wav").path), walked.standardError)
        let report = try String(contentsOf: dir.file("r.json"), encoding: .utf8)
        XCTAssertFalse(report.contains("._x.wav"), report)
        let quiet = try CommandRunner.run(["score", dir.file("day").path, "--out", dir.file("r.json").path, "--quiet"])
        XCTAssertEqual(quiet.status, 0, quiet.standardError)
        XCTAssertEqual(quiet.standardError, "")
        let named = try CommandRunner.run(["score", dir.file("day/._x.wav").path, "--out", dir.file("r.json").path])
        XCTAssertEqual(named.status, 1, named.standardError)
        XCTAssertTrue(named.standardError.contains("._x.wav: cannot read as audio: the file is macOS metadata, not audio"), named.standardError)
    }

    func testSIGINTStopsAfterFilesInFlightAndWritesTheReport() throws {
        let dir = try TemporaryDirectory()
        let source = Fixtures.url("calls/ro_inbound_echo_pcm16k.wav").path
        // Copies, not links: links to one file are one recording, scored once.
        for i in 0..<60 {
            try FileManager.default.copyItem(atPath: source, toPath: dir.file(String(format: "call%02d.wav", i)).path)
        }
        let out = dir.file("report.jsonl")
        let process = Process()
        process.executableURL = CommandRunner.callqaURL
        let html = dir.file("page").appendingPathComponent("report.html")
        try FileManager.default.createDirectory(at: html.deletingLastPathComponent(), withIntermediateDirectories: true)
        process.arguments = ["score", dir.url.path, "--jobs", "1", "--format", "jsonl", "--out", out.path, "--html", html.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Interrupt once the first call has been streamed (polling: a slow machine does not matter).
        let deadline = Date().addingTimeInterval(60)
        func streamed() -> Bool {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.url.path)) ?? []
            return names.contains { name in
                name.hasPrefix(".report.jsonl.stream")
                    && ((try? FileManager.default.attributesOfItem(atPath: dir.file(name).path)[.size] as? NSNumber)?.intValue ?? 0) > 0
            }
        }
        while Date() < deadline, process.isRunning, !streamed() { usleep(10_000) }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 3, "interrupted")
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        let calls = try lines.map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        XCTAssertGreaterThan(calls.count, 0)
        XCTAssertLessThan(calls.count, 60, "the run stopped early")
        XCTAssertTrue(calls.allSatisfy { $0["status"] as? String == "ok" }, "only finished calls are reported")
        // The page says it is partial, first (it looked like the whole batch's).
        let page = try String(contentsOf: html, encoding: .utf8)
        XCTAssertTrue(page.contains("This run was interrupted: the page holds only the \(calls.count) call"), String(page.prefix(3000)))
    }
}
