import Foundation
import TestSupport
import XCTest

/// `callqa scorecard` and `callqa calibrate` on the fixtures' report and state history.
final class ScorecardCommandTests: XCTestCase {
    private func scoreFixtures(in dir: TemporaryDirectory, state: String? = nil) throws -> String {
        let report = dir.file("report.json").path
        var arguments = ["score", "--manifest", "fixtures/manifest.csv", "--checklist", "checklists/inbound.yaml", "--out", report]
        if let state { arguments += ["--state", state] }
        let result = try CommandRunner.run(arguments)
        XCTAssertEqual(result.status, 0, result.standardError)
        return report
    }

    /// A --from or --to that is no date says which one and why; one after the other says that.
    /// Both read "--from and --to take dates as YYYY-MM-DD, --from not after --to".
    /// A redaction key given through a pipe (`--redact-key-file /dev/stdin`) is read once: the
    /// command line's check read it first, and the run found it empty ("the redaction key is
    /// empty"). A misspelled field is still refused before anything is read.
    func testARedactionKeyFromAPipeIsReadOnce() throws {
        let dir = try TemporaryDirectory()
        let callqa = CommandRunner.callqaURL.path
        let call = Fixtures.url("calls/it_mono_pcm8k.wav").path
        let piped = try CommandRunner.run(
            ["-c", "printf 'a-secret-key-of-32-characters-xx\\n' | '\(callqa)' score '\(call)' --redact call_id --redact-key-file /dev/stdin --out r.json --quiet"],
            executable: URL(fileURLWithPath: "/bin/sh"), in: dir.url)
        XCTAssertEqual(piped.status, 0, piped.standardError)
        let misspelled = try CommandRunner.run(
            ["-c", "printf 'a-secret-key-of-32-characters-xx\\n' | '\(callqa)' score '\(call)' --redact agentid --redact-key-file /dev/stdin --out r.json"],
            executable: URL(fileURLWithPath: "/bin/sh"), in: dir.url)
        XCTAssertEqual(misspelled.status, 2, misspelled.standardError)
        XCTAssertTrue(misspelled.standardError.contains("did you mean --redact agent_id?"), misspelled.standardError)
    }

    /// The report of a day without calls (`callqa score` on an empty folder exits 0) gives an
    /// empty scorecard with a warning and status 0, in every format: it was "error: no calls to
    /// aggregate" with status 2, so a nightly `callqa score ... && callqa scorecard ...` failed
    /// on every day without calls. A report that cannot be read is still an error.
    func testAReportWithoutCallsGivesAnEmptyScorecard() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: dir.file("today"), withIntermediateDirectories: true)
        let report = dir.file("r.json").path
        let scored = try CommandRunner.run(["score", dir.file("today").path, "--out", report, "--quiet"])
        XCTAssertEqual(scored.status, 0, scored.standardError)
        for format in ["json", "csv", "html"] {
            let card = try CommandRunner.run(["scorecard", report, "--format", format, "--out", dir.file("card.\(format)").path])
            XCTAssertEqual(card.status, 0, "\(format): \(card.standardError)")
            XCTAssertTrue(card.standardError.contains("warning: no calls in \(report): the scorecard is empty"), card.standardError)
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.file("card.\(format)").path), format)
        }
        let csv = try String(contentsOf: dir.file("card.csv"), encoding: .utf8)
        XCTAssertTrue(csv.contains("\r\nall calls,,,0,0,0,"), csv)
        let missing = try CommandRunner.run(["scorecard", dir.file("none.json").path])
        XCTAssertEqual(missing.status, 2, missing.standardError)
    }

    func testPeriodErrorsSayWhatIsWrong() throws {
        let report = "/nonexistent/report.json"  // never read: the period is checked first
        for (from, to, message) in [
            ("2026-02-30", "2026-03-01", "error: --from 2026-02-30 is not a date (YYYY-MM-DD, a day the month has)"),
            ("2026-03-01", "1 March", "error: --to 1 March is not a date (YYYY-MM-DD, a day the month has)"),
            ("2026-03-02", "2026-03-01", "error: --from 2026-03-02 is after --to 2026-03-01"),
        ] {
            let result = try CommandRunner.run(["scorecard", report, "--from", from, "--to", to])
            XCTAssertEqual(result.status, 2, result.standardError)
            XCTAssertTrue(result.standardError.contains(message), result.standardError)
        }
    }

    func testScorecardFromAReportAndFromTheStateHistory() throws {
        let dir = try TemporaryDirectory()
        let state = dir.file("state.sqlite").path
        let report = try scoreFixtures(in: dir, state: state)

        let json = try CommandRunner.run(["scorecard", report])
        XCTAssertEqual(json.status, 0, json.standardError)
        let card = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let groups = try XCTUnwrap(card["groups"] as? [[String: Any]])
        XCTAssertEqual(groups.compactMap { $0["key"] as? String }, ["A08", "A17", "A42", "A99"])
        XCTAssertEqual(groups.compactMap { $0["calls"] as? Int }, [2, 2, 2, 2])
        XCTAssertEqual(groups.first?["name"] as? String, "Andrei Popescu")
        XCTAssertEqual((card["overall"] as? [String: Any])?["calls"] as? Int, 8)

        // The same from the history, restricted to a period: the previous week has no calls.
        let history = try CommandRunner.run(["scorecard", "--state", state, "--from", "2026-11-20", "--to", "2026-11-20", "--by", "team", "--format", "csv"])
        XCTAssertEqual(history.status, 0, history.standardError)
        let lines = history.standardOutput.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(lines.count, 1 + 4 + 1, history.standardOutput)
        XCTAssertTrue(lines[0].hasPrefix("team,calls,"), "the agent's name and team only per agent: \(lines[0])")
        XCTAssertTrue(lines.last?.hasPrefix("all calls,8,0,") ?? false, lines.last ?? "")
        XCTAssertEqual(history.standardError, "", "every call has a date")
        // A call dated as an Italian spreadsheet writes it is left out of the period: the run says
        // so (only the JSON view counted it, as undated_calls_excluded).
        var edited = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        var calls = try XCTUnwrap(edited["calls"] as? [[String: Any]])
        var metadata = try XCTUnwrap(calls[0]["metadata"] as? [String: Any])
        metadata["started_at"] = "20/11/2026 09:14"
        calls[0]["metadata"] = metadata
        edited["calls"] = calls
        try JSONSerialization.data(withJSONObject: edited).write(to: dir.file("dated.json"))
        let undated = try CommandRunner.run(["scorecard", dir.file("dated.json").path, "--from", "2026-11-20", "--to", "2026-11-20", "--format", "csv"])
        XCTAssertEqual(undated.status, 0, undated.standardError)
        XCTAssertTrue(undated.standardError.contains("warning: 1 call left out of --from/--to: no started_at or date that reads as a date (e.g. "), undated.standardError)
        XCTAssertTrue(undated.standardError.contains(": started_at '20/11/2026 09:14'); dates are read as YYYY-MM-DD"), undated.standardError)
        let empty = try CommandRunner.run(["scorecard", "--state", state, "--from", "2026-10-01", "--to", "2026-10-07", "--format", "json"])
        XCTAssertEqual(empty.status, 0)
        XCTAssertTrue(empty.standardOutput.contains("\"calls\" : 0"), empty.standardOutput)

        // Bad inputs: named, the rest still aggregated (exit 1), or a usage error (exit 2).
        let junk = dir.file("junk.json")
        try Data("not json\n".utf8).write(to: junk)
        let partial = try CommandRunner.run(["scorecard", report, junk.path, "--format", "csv"])
        XCTAssertEqual(partial.status, 1)
        XCTAssertTrue(partial.standardError.contains("junk.json:1: not a callqa report"), partial.standardError)
        XCTAssertTrue(partial.standardOutput.contains("all calls,,,8,"), partial.standardOutput)
        let badDates = try CommandRunner.run(["scorecard", report, "--from", "2026-11-31", "--to", "2026-12-01"])
        XCTAssertEqual(badDates.status, 2)
        XCTAssertTrue(badDates.standardError.contains("YYYY-MM-DD"), badDates.standardError)
        let halfPeriod = try CommandRunner.run(["scorecard", report, "--from", "2026-11-01"])
        XCTAssertEqual(halfPeriod.status, 2)
        let unknownChecklist = try CommandRunner.run(["scorecard", report, "--checklist", "outbound"])
        XCTAssertEqual(unknownChecklist.status, 2)
        XCTAssertTrue(unknownChecklist.standardError.contains("found: inbound"), unknownChecklist.standardError)
        let noState = try CommandRunner.run(["scorecard", "--state", dir.file("none.sqlite").path])
        XCTAssertEqual(noState.status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("none.sqlite").path), "a missing history is not created")
        // A folder given for the database is named as one ("SQLite error 14: unable to open database file").
        let folder = try CommandRunner.run(["scorecard", "--state", dir.url.path])
        XCTAssertEqual(folder.status, 2)
        XCTAssertTrue(folder.standardError.contains("--state \(dir.url.path) is a folder, not a state database"), folder.standardError)
    }

    /// A state database named where a report goes read "not a callqa report or report line";
    /// its SQLite header is recognised now, and scorecard suggests --state (calibrate, which
    /// takes no history, asks for the report).
    func testAStateDatabaseGivenAsAReportSuggestsState() throws {
        let dir = try TemporaryDirectory()
        let database = dir.file("st1.sqlite")
        try (Data("SQLite format 3\0".utf8) + Data(repeating: 0, count: 4080)).write(to: database)
        let card = try CommandRunner.run(["scorecard", database.path])
        XCTAssertEqual(card.status, 2, card.standardError)
        XCTAssertTrue(card.standardError.hasPrefix("callqa: error: \(database.path): a SQLite database (a callqa state database?), not a "
            + "report: give it with --state \(database.path)\n"), card.standardError)
        XCTAssertFalse(card.standardError.contains("not a callqa report or report line"), card.standardError)
        try "call_id,item,human\nC1,greeting,pass\n".write(to: dir.file("h.csv"), atomically: true, encoding: .utf8)
        let calibrate = try CommandRunner.run(["calibrate", database.path, "--human", dir.file("h.csv").path])
        XCTAssertEqual(calibrate.status, 2, calibrate.standardError)
        XCTAssertTrue(calibrate.standardError.contains("a SQLite database (a callqa state database?), not a report: name the report "
            + "'callqa score' wrote (--out)"), calibrate.standardError)
    }

    /// A JSON Lines report cut off in the middle of its last line (a run killed while writing
    /// it to standard output, an incomplete copy) says so, naming the line, and the complete lines
    /// are aggregated (exit 1); it read only "not a callqa report or report line". A whole JSON
    /// report cut off says so too, for scorecard and merge.
    func testACutOffReportSaysSoAndItsCompleteLinesAreRead() throws {
        let dir = try TemporaryDirectory()
        let lines = dir.file("report.jsonl")
        let scored = try CommandRunner.run(
            ["score", "--manifest", "fixtures/manifest.csv", "--checklist", "checklists/inbound.yaml", "--format", "jsonl", "--out", lines.path])
        XCTAssertEqual(scored.status, 0, scored.standardError)
        let data = try Data(contentsOf: lines)
        try data.prefix(data.count - 200).write(to: lines)
        let card = try CommandRunner.run(["scorecard", lines.path])
        XCTAssertEqual(card.status, 1, card.standardError)
        XCTAssertEqual(card.standardError,
            "callqa: error: \(lines.path):8: the line is cut off (it ends in the middle of a call, where the file ends: a run stopped "
                + "while writing it, or an incomplete copy?); that call is left out, the calls of the complete lines are read\n")
        let overall = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(card.standardOutput.utf8)) as? [String: Any])["overall"]
        XCTAssertEqual((overall as? [String: Any])?["calls"] as? Int, 7)

        let report = try scoreFixtures(in: dir)
        let whole = try Data(contentsOf: URL(fileURLWithPath: report))
        try whole.prefix(whole.count / 2).write(to: dir.file("cut.json"))
        for command in [["scorecard", dir.file("cut.json").path], ["merge", dir.file("cut.json").path, "--out", dir.file("m.json").path]] {
            let result = try CommandRunner.run(command)
            XCTAssertEqual(result.status, 2, result.standardError)
            XCTAssertTrue(result.standardError.contains("cut.json: "), result.standardError)
            XCTAssertTrue(result.standardError.contains(" is cut off (it ends in the middle of the JSON document: an incomplete copy?)"), result.standardError)
        }
        // A scorecard given where a report goes: one message saying what it is (not one per line).
        let card2 = try CommandRunner.run(["scorecard", report, "--out", dir.file("card.json").path])
        XCTAssertEqual(card2.status, 0, card2.standardError)
        for command in [["scorecard", dir.file("card.json").path], ["merge", dir.file("card.json").path, "--out", dir.file("m.json").path]] {
            let result = try CommandRunner.run(command)
            XCTAssertEqual(result.status, 2, result.standardError)
            XCTAssertTrue(result.standardError.hasPrefix("callqa: error: \(dir.file("card.json").path)"), result.standardError)
            XCTAssertTrue(result.standardError.contains("a JSON document without callqa's calls: a scorecard's or a calibration's output?"), result.standardError)
            XCTAssertLessThanOrEqual(result.standardError.split(separator: "\n").count, 2, result.standardError)
        }
    }

    func testCalibrateAgainstHumanEvaluations() throws {
        let dir = try TemporaryDirectory()
        let report = try scoreFixtures(in: dir)
        let human = dir.file("human.csv")
        try Data("""
            call_id,item,human
            IT-1001,prompt_greeting,pass
            ES-2001,prompt_greeting,yes
            RO-3001,prompt_greeting,fail
            RO-3002,prompt_greeting,1
            IT-1001,no_such_item,pass
            XX-9999,prompt_greeting,pass
            ES-2002,prompt_greeting,maybe
            IT-1001,prompt_greeting,fail

            """.utf8).write(to: human)
        let result = try CommandRunner.run(["calibrate", report, "--human", human.path])
        XCTAssertEqual(result.status, 0, result.standardError)
        let calibration = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(calibration["compared"] as? Int, 4)
        let item = try XCTUnwrap((calibration["items"] as? [[String: Any]])?.first)
        XCTAssertEqual(item["item"] as? String, "prompt_greeting")
        XCTAssertEqual(item["compared"] as? Int, 4)
        // callqa passed the greeting on every fixture call; the human failed RO-3001.
        XCTAssertEqual(item["agreement"] as? Double, 0.75)
        XCTAssertEqual(item["callqa_passed_human_failed"] as? Int, 1)
        let problems = try XCTUnwrap(calibration["problems"] as? [[String: Any]])
        XCTAssertEqual(problems.compactMap { $0["line"] as? Int }, [6, 7, 8, 9])
        for (line, text) in [(6, "no checklist item no_such_item"), (7, "XX-9999 is not among"), (8, "'maybe' is not pass/fail"), (9, "conflicting evaluations of item prompt_greeting on call IT-1001")] {
            XCTAssertTrue(result.standardError.contains("human.csv:\(line):") && result.standardError.contains(text), "line \(line): \(result.standardError)")
        }
        let csv = try CommandRunner.run(["calibrate", report, "--human", human.path, "--format", "csv"])
        XCTAssertTrue(csv.standardOutput.hasPrefix("checklist,item,description,compared,agreement,kappa,"), csv.standardOutput)
        let missing = try CommandRunner.run(["calibrate", report, "--human", dir.file("none.csv").path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.standardError.contains("none.csv: cannot read the human evaluations: no such file"), missing.standardError)
        // An empty file (a spreadsheet saved before anything was typed) is named as empty, not as missing or bad CSV.
        _ = FileManager.default.createFile(atPath: dir.file("empty.csv").path, contents: Data())
        let empty = try CommandRunner.run(["calibrate", report, "--human", dir.file("empty.csv").path])
        XCTAssertEqual(empty.status, 2)
        XCTAssertTrue(empty.standardError.contains("empty.csv: cannot read the human evaluations: the file is empty (0 bytes); it needs a header row (call_id,item,human)"), empty.standardError)
        let emptyReport = try CommandRunner.run(["calibrate", dir.file("empty.csv").path, "--human", human.path])
        XCTAssertTrue(emptyReport.standardError.contains("empty.csv: cannot read the report: the file is empty (0 bytes)"), emptyReport.standardError)
        let latin1 = dir.file("latin1.csv")
        try Data("call_id,item,verdict\nRO-3001,prompt_greeting,s".utf8 + [0xEC] + "\n".utf8).write(to: latin1)
        let notUTF8 = try CommandRunner.run(["calibrate", report, "--human", latin1.path])
        XCTAssertEqual(notUTF8.status, 2)
        XCTAssertTrue(
            notUTF8.standardError.contains("latin1.csv:2:26: the human evaluations are not valid UTF-8 text: byte 0xEC ('ì' in Windows-1252")
                && notUTF8.standardError.contains("save the file as UTF-8"), notUTF8.standardError)

        // Excel in Italian or Spanish saves semicolons, and a QA team writes its own headings:
        // read as manifests are (it was "the header needs the columns call_id, item and human
        // (found: call id;item;human)").
        for (name, text) in [("semicolons.csv", "Call ID;Item;Human\r\nIT-1001;prompt_greeting;pass\r\nRO-3001;prompt_greeting;fail\r\n"),
                             ("tabs.csv", "call-id\titem\tHUMAN\nIT-1001\tprompt_greeting\tpass\nRO-3001\tprompt_greeting\tfail\n")] {
            try Data(text.utf8).write(to: dir.file(name))
            let localized = try CommandRunner.run(["calibrate", report, "--human", dir.file(name).path])
            XCTAssertEqual(localized.status, 0, "\(name): \(localized.standardError)")
            let read = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(localized.standardOutput.utf8)) as? [String: Any], name)
            XCTAssertEqual(read["compared"] as? Int, 2, name)
        }

        // Evaluations keyed by something callqa does not know (a ticket number): nothing could be
        // compared, so there is no calibration (it wrote an empty one with status 0): an error
        // after the per-line warnings says what call_id is and how the reports name their calls.
        try Data("call_id,item,human\nT-1,prompt_greeting,pass\nT-2,prompt_greeting,fail\n".utf8).write(to: dir.file("tickets.csv"))
        let unmatched = try CommandRunner.run(["calibrate", report, "--human", dir.file("tickets.csv").path])
        XCTAssertEqual(unmatched.status, 2, unmatched.standardError)
        XCTAssertEqual(unmatched.standardOutput, "")
        XCTAssertTrue(unmatched.standardError.contains("tickets.csv:3: call T-2 is not among the scored calls"), unmatched.standardError)
        XCTAssertTrue(unmatched.standardError.contains(
            "error: \(dir.file("tickets.csv").path): none of its 2 evaluations could be compared with callqa's results, so there is no "
                + "calibration (nothing written); a row's call_id is the call's call_id metadata (or its file name without the extension) "
                + "and its item a checklist item id; the reports' scored calls are 'EN-4001', 'EN-4002', 'ES-2001' ..."), unmatched.standardError)
        // Every row a bad value (no row left to compare; it wrote an empty calibration with status
        // 0 and not even the warning), into --out: the same error, and no file.
        try Data("call_id,item,human\nIT-1001,prompt_greeting,maybe\n,prompt_greeting,pass\n".utf8).write(to: dir.file("bad.csv"))
        let noneValid = try CommandRunner.run(["calibrate", report, "--human", dir.file("bad.csv").path, "--out", dir.file("cal.json").path])
        XCTAssertEqual(noneValid.status, 2, noneValid.standardError)
        XCTAssertTrue(noneValid.standardError.contains("bad.csv: none of its 2 evaluations could be compared"), noneValid.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("cal.json").path))
        // No report could be read: nothing to compare with (it printed an empty calibration, status 1).
        let noReports = try CommandRunner.run(["calibrate", dir.file("none.json").path, "--human", human.path])
        XCTAssertEqual(noReports.status, 2, noReports.standardError)
        XCTAssertTrue(noReports.standardError.contains("error: no calls to compare the human evaluations with in"), noReports.standardError)
        XCTAssertEqual(noReports.standardOutput, "")
    }

    /// Reports from `cd d1 && callqa score --manifest calls.csv` and the same in d2 both name
    /// `001.wav`: two calls (their call_ids differ), from the reports, from the history, and from
    /// both; the same report named twice is still one call per call.
    func testTheSameSourceWithTwoCallIDsIsTwoCalls() throws {
        let dir = try TemporaryDirectory()
        _ = try scoreTheSameNameInTwoFolders(in: dir)
        func calls(_ arguments: [String]) throws -> Int? {
            let result = try CommandRunner.run(["scorecard"] + arguments, in: dir.url)
            XCTAssertEqual(result.status, 0, result.standardError)
            let card = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            return (card["overall"] as? [String: Any])?["calls"] as? Int
        }
        XCTAssertEqual(try calls(["r1.json", "r2.json"]), 2)
        XCTAssertEqual(try calls(["r1.json", "r2.json", "r1.json"]), 2)
        XCTAssertEqual(try calls(["r1.json", "--state", "hist.sqlite"]), 2)
        XCTAssertEqual(try calls(["r1.json", "r2.json", "--state", "hist.sqlite"]), 2)
    }

    /// The same recordings scored from two folders (`fixtures/calls/x.wav` and `calls/x.wav`,
    /// the same call_ids): "all calls 16" of 8 calls, every agent twice, in silence. Each call
    /// is counted once now, and one line says how many entries were dropped.
    func testTheSameCallsScoredFromAnotherFolderAreCountedOnce() throws {
        let dir = try TemporaryDirectory()
        let report = try scoreFixtures(in: dir)
        var moved = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        moved["calls"] = try XCTUnwrap(moved["calls"] as? [[String: Any]]).map { call in
            var call = call
            call["source"] = (call["source"] as? String)?.replacingOccurrences(of: "fixtures/", with: "")
            return call
        }
        try JSONSerialization.data(withJSONObject: moved).write(to: dir.file("moved.json"))
        let result = try CommandRunner.run(["scorecard", report, dir.file("moved.json").path])
        XCTAssertEqual(result.status, 0, result.standardError)
        let card = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual((card["overall"] as? [String: Any])?["calls"] as? Int, 8)
        XCTAssertEqual(try XCTUnwrap(card["groups"] as? [[String: Any]]).compactMap { $0["calls"] as? Int }, [2, 2, 2, 2])
        XCTAssertEqual(result.standardError.split(separator: "\n").count, 1, result.standardError)
        XCTAssertTrue(result.standardError.hasPrefix("callqa: warning: 8 duplicate calls dropped: the same call_id and the same recording"),
            result.standardError)
    }
}

/// `--redact`: names and ids never reach the report or the state, and scorecards still group.
final class RedactionCommandTests: XCTestCase {
    func testRedactedRunsGroupTheSameAndLeakNothing() throws {
        let dir = try TemporaryDirectory()
        let key = dir.file("key")
        try Data("a-secret-key-of-32-bytes-for-tests".utf8).write(to: key)
        var reports: [String] = []
        for run in 1...2 {
            let out = dir.file("r\(run).json").path
            let result = try CommandRunner.run([
                "score", "--manifest", "fixtures/manifest.csv", "--checklist", "checklists/inbound.yaml", "--redact", "agent_id",
                "--redact", "agent_name", "--redact", "source", "--redact-key-file", key.path, "--out", out,
                "--state", dir.file("state.sqlite").path,
            ])
            XCTAssertEqual(result.status, 0, result.standardError)
            reports.append(out)
        }
        let first = try String(contentsOfFile: reports[0], encoding: .utf8)
        XCTAssertEqual(first, try String(contentsOfFile: reports[1], encoding: .utf8), "stable across runs (the second from the state)")
        for secret in ["Marco Rossi", "Lucía García", "A17", "it_inbound_ulaw8k", "fixtures/calls"] {
            XCTAssertFalse(first.contains(secret), "\(secret) leaked into the report")
        }
        let database = try Data(contentsOf: dir.file("state.sqlite"))
        for secret in ["Marco Rossi", "it_inbound_ulaw8k"] {
            XCTAssertNil(database.range(of: Data(secret.utf8)), "\(secret) is in the state database")
        }
        let card = try CommandRunner.run(["scorecard", reports[0], "--format", "csv"])
        XCTAssertEqual(card.status, 0, card.standardError)
        let rows = card.standardOutput.components(separatedBy: "\r\n").filter { $0.hasPrefix("h:") }
        XCTAssertEqual(rows.count, 4, "four agents, grouped by their hashed ids: \(card.standardOutput)")
        let missingKey = try CommandRunner.run(["score", "fixtures/calls/it_mono_pcm8k.wav", "--redact", "agent_name"])
        XCTAssertEqual(missingKey.status, 2)
        XCTAssertTrue(missingKey.standardError.contains("--redact needs a secret key"), missingKey.standardError)
        // Shown with the score command's usage (it was the top level's, "Usage: callqa <subcommand>").
        XCTAssertTrue(missingKey.standardError.contains("callqa score --help"), missingKey.standardError)
    }

    /// Calibrating a report scored with --redact call_id: without the key, calibrate says once
    /// that the report's call ids are redacted keyed hashes (it listed 'h:...' ids as the calls
    /// the evaluations should name, with nothing saying why); with the key (--redact-key-file or
    /// CALLQA_REDACT_KEY) it hashes the evaluations' call_ids and matches them, naming the calls as
    /// the evaluations write them; a wrong key is said to match nothing.
    func testCalibrateMatchesRedactedCallIDsWithTheKeyAndSaysWhyWithout() throws {
        let dir = try TemporaryDirectory()
        let key = dir.file("key"), wrong = dir.file("wrong")
        try Data("a-secret-key-of-32-bytes-for-tests".utf8).write(to: key)
        try Data("another-key-of-32-bytes-for-tests".utf8).write(to: wrong)
        let report = dir.file("r.json").path
        let scored = try CommandRunner.run([
            "score", "--manifest", "fixtures/manifest.csv", "--checklist", "checklists/inbound.yaml", "--redact", "call_id",
            "--redact-key-file", key.path, "--out", report,
        ])
        XCTAssertEqual(scored.status, 0, scored.standardError)
        let human = dir.file("human.csv")
        try Data("call_id,item,human\nIT-1001,prompt_greeting,pass\nRO-3001,prompt_greeting,fail\n".utf8).write(to: human)

        let withoutKey = try CommandRunner.run(["calibrate", report, "--human", human.path], environment: [:])
        XCTAssertEqual(withoutKey.status, 2, withoutKey.standardError)
        let notice = "the reports' call ids are redacted (scored with --redact call_id, or --redact source for calls named by their "
            + "file): they are keyed hashes ('h:...'), so the human evaluations' call_ids match them only if they were hashed with "
            + "the same key; give that key (--redact-key-file FILE, or CALLQA_REDACT_KEY) to match the evaluations' call_ids as written"
        XCTAssertEqual(withoutKey.standardError.components(separatedBy: notice).count, 2, "once: \(withoutKey.standardError)")
        XCTAssertTrue(withoutKey.standardError.contains("the reports' scored calls are named by keyed hashes (redacted: 'h:"),
                      withoutKey.standardError)

        for (arguments, environment) in [
            (["--redact-key-file", key.path], [String: String]()),
            ([], ["CALLQA_REDACT_KEY": "a-secret-key-of-32-bytes-for-tests"]),
        ] {
            let matched = try CommandRunner.run(["calibrate", report, "--human", human.path] + arguments, environment: environment)
            XCTAssertEqual(matched.status, 0, matched.standardError)
            XCTAssertFalse(matched.standardError.contains("redacted"), matched.standardError)
            let calibration = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(matched.standardOutput.utf8)) as? [String: Any])
            XCTAssertEqual(calibration["compared"] as? Int, 2)
            let calls = try XCTUnwrap(calibration["calls"] as? [[String: Any]])
            XCTAssertEqual(calls.compactMap { $0["call_id"] as? String }, ["RO-3001"], "named as the evaluations name it")
        }

        let wrongKey = try CommandRunner.run(["calibrate", report, "--human", human.path, "--redact-key-file", wrong.path], environment: [:])
        XCTAssertEqual(wrongKey.status, 2, wrongKey.standardError)
        XCTAssertTrue(wrongKey.standardError.contains("none of the human evaluations' call_ids hashed with the key given matches one: "
            + "is it the key the reports were scored with?"), wrongKey.standardError)
    }

    /// Under --redact source, a manifest row's missing or repeated recording is named by its hash
    /// in the report (it was named in clear: `recording 'marco_rossi.wav' not found`); standard
    /// error names every failed file in clear, for the operator, as README says (it named the
    /// hash of a file that could not be read).
    func testRedactedSourcesLeaveTheReportAndStayOnStandardError() throws {
        let dir = try TemporaryDirectory()
        let key = dir.file("key")
        try Data("a-secret-key-of-32-bytes-for-tests".utf8).write(to: key)
        try FileManager.default.copyItem(at: Fixtures.url("calls/it_mono_pcm8k.wav"), to: dir.file("marco_rossi.wav"))
        try Data("not audio".utf8).write(to: dir.file("lucia_garcia.wav"))
        try "path,call_id\nmarco_rossi.wav,C1\nmarco_rossi.wav,C2\nanna_bianchi.wav,C3\nlucia_garcia.wav,C4\n"
            .write(to: dir.file("m.csv"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run([
            "score", "--manifest", dir.file("m.csv").path, "--redact", "source", "--redact-key-file", key.path,
            "--out", dir.file("r.json").path,
        ])
        XCTAssertEqual(result.status, 1, result.standardError)
        let report = try String(contentsOf: dir.file("r.json"), encoding: .utf8)
        for name in ["marco_rossi", "anna_bianchi", "lucia_garcia"] {
            XCTAssertFalse(report.contains(name), "\(name) leaked into the report")
            XCTAssertTrue(result.standardError.contains(name), "standard error names \(name): \(result.standardError)")
        }
        XCTAssertTrue(report.contains("recording 'h:"), report)
    }

    /// A field that no call has redacts nothing: the run says so (not with --quiet) and names the
    /// fields the calls have; a misspelt one is a usage error with the field meant.
    func testARedactedFieldNoCallHasIsWarnedAbout() throws {
        let dir = try TemporaryDirectory()
        let key = dir.file("key")
        try Data("a-secret-key-of-32-bytes-for-tests".utf8).write(to: key)
        let arguments = ["score", "--manifest", "fixtures/manifest.csv", "--redact", "site", "--redact", "Agent-ID",
                         "--redact-key-file", key.path, "--out", dir.file("r.json").path]
        let result = try CommandRunner.run(arguments)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardError.contains("--redact site: no call has a field 'site', so nothing is redacted under that name (the calls' fields: agent_id,"), result.standardError)
        XCTAssertFalse(result.standardError.contains("--redact agent_id"), result.standardError)
        XCTAssertFalse(try String(contentsOf: dir.file("r.json"), encoding: .utf8).contains("\"A17\""), "Agent-ID is agent_id, redacted")
        let quiet = try CommandRunner.run(arguments + ["--quiet"])
        XCTAssertEqual(quiet.standardError, "")
        let typo = try CommandRunner.run(["score", "fixtures/calls", "--redact", "agnet_id", "--redact-key-file", key.path])
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.standardError.contains("did you mean --redact agent_id?"), typo.standardError)
    }
}
