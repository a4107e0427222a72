import Foundation
import TestSupport
import XCTest

/// Runs the built binary: pins --help, --version and exit statuses.
final class CommandLineTests: XCTestCase {
    func testVersionPrintsTheVersion() throws {
        let result = try CommandRunner.run(["--version"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.standardOutput.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, result.standardOutput)
    }

    func testScoreHelpExplainsEveryOption() throws {
        let result = try CommandRunner.run(["score", "--help"])
        XCTAssertEqual(result.status, 0)
        for option in ["--checklist", "--out", "--agent-channel", "--swap-channels", "--jobs", "--loudness-mode", "--summary", "--checklist-mode"] {
            XCTAssertTrue(result.standardOutput.contains(option), "help lacks \(option)")
        }
        XCTAssertTrue(result.standardOutput.contains("Exit status"))
        // Where a manifest's relative paths are read from (README said; the help did not).
        let flat = result.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(flat.contains("relative paths are read from the manifest's folder"), result.standardOutput)
    }

    /// Every subcommand's help says what its exit statuses mean, as `score`'s does: a cron job
    /// or script author reads them there (`loudness`, `checklist`, `metrics` gave none).
    func testEveryHelpGivesTheExitStatuses() throws {
        let commands: [[String]] = [
            [], ["score"], ["merge"], ["scorecard"], ["calibrate"], ["checklist"], ["checklist", "validate"], ["checklist", "explain"],
            ["metrics"], ["loudness"], ["music-features"],
        ]
        for command in commands {
            let result = try CommandRunner.run(command + ["--help"])
            XCTAssertEqual(result.status, 0, "\(command): \(result.standardError)")
            XCTAssertTrue(result.standardOutput.contains("Exit status: 0 "), "callqa \(command.joined(separator: " ")) --help: \(result.standardOutput)")
        }
    }

    /// A manifest column a letter away from a named field is scored as written, with one run
    /// warning that names the field meant (not under `--quiet`).
    func testAMisspeltManifestColumnIsWarnedAbout() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.copyItem(at: Fixtures.url("calls/es_inbound_alaw8k.wav"), to: dir.file("x.wav"))
        try "path,agnet_name,site\nx.wav,Ann,Rome\n".write(to: dir.file("m.csv"), atomically: true, encoding: .utf8)
        let arguments = ["score", "--manifest", dir.file("m.csv").path, "--out", dir.file("r.json").path]
        let result = try CommandRunner.run(arguments)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardError.contains("the column 'agnet_name' is kept as call metadata"), result.standardError)
        XCTAssertTrue(result.standardError.contains("did you mean 'agent_name'?"), result.standardError)
        XCTAssertFalse(result.standardError.contains("'site'"), result.standardError)
        let quiet = try CommandRunner.run(arguments + ["--quiet"])
        XCTAssertEqual(quiet.status, 0, quiet.standardError)
        XCTAssertFalse(quiet.standardError.contains("agnet_name"), quiet.standardError)
    }

    /// A manifest row without its empty last fields, as Excel saves them, is scored (it was a
    /// failed call, status 1), with one run warning naming the short rows (not under `--quiet`).
    func testAManifestRowWithoutItsEmptyLastFieldsIsScored() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.copyItem(at: Fixtures.url("calls/es_inbound_alaw8k.wav"), to: dir.file("x.wav"))
        try FileManager.default.copyItem(at: Fixtures.url("calls/it_mono_pcm8k.wav"), to: dir.file("y.wav"))
        try "path;call_id;agent_id;agent_channel\r\nx.wav;C1;A1;0\r\ny.wav;C2;A2\r\n"
            .write(to: dir.file("m.csv"), atomically: true, encoding: .utf8)
        let arguments = ["score", "--manifest", dir.file("m.csv").path, "--out", dir.file("r.json").path]
        let result = try CommandRunner.run(arguments)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardError.contains("m.csv: 1 row (line 3) has fewer fields than the header: the missing last "
            + "fields are read as empty"), result.standardError)
        let quiet = try CommandRunner.run(arguments + ["--quiet"])
        XCTAssertEqual(quiet.status, 0, quiet.standardError)
        XCTAssertEqual(quiet.standardError, "")
    }

    /// `checklist validate` warns, with status 0, of a valid checklist that a call in which no
    /// one speaks passes (no gate on talk: its items n/a or passing on a dead line).
    func testValidateWarnsOfAChecklistThatPassesASilentCall() throws {
        let dir = try TemporaryDirectory()
        try "id: t\nname: T\nversion: \"1\"\nsections:\n  - id: s\n    items:\n      - id: few\n        metric: agent_interruptions\n        condition: \"<=\"\n        threshold: 2\n"
            .write(to: dir.file("t.yaml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["checklist", "validate", dir.file("t.yaml").path])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("t.yaml: ok (t version 1, 1 item)"), result.standardOutput)
        XCTAssertTrue(result.standardError.contains("t.yaml: warning: a stereo call in which no one speaks (a dead line"), result.standardError)
    }

    /// `--out -` means standard output, as on most command-line tools: the report is printed and
    /// no file named '-' is written (a first user's habit, and one a script may rely on).
    func testOutDashWritesToStandardOutput() throws {
        let dir = try TemporaryDirectory()
        let call = Fixtures.url("calls/es_inbound_alaw8k.wav").path
        let result = try CommandRunner.run(["score", call, "--format", "jsonl", "--out", "-"], in: dir.url)
        XCTAssertEqual(result.status, 0, result.standardError)
        let lines = result.standardOutput.split(separator: "\n")
        XCTAssertFalse(lines.isEmpty)
        for line in lines {
            XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("-").path), "a file named '-' was written")
    }

    /// Under `--redact source`, a two-leg call whose customer leg cannot be used names neither
    /// leg in the report: its source is the hash of both, and its error message (which names the
    /// customer leg) the hash of that leg; the customer leg reached the report in clear.
    func testARedactedLegPairNamesNeitherLegInTheReport() throws {
        let dir = try TemporaryDirectory()
        let tone = Signals.sine(frequencyHz: 300, peakDBFS: -12, seconds: 2, sampleRate: 8000)
        try WAVWriter.write(channels: [tone], sampleRate: 8000, to: dir.file("agent_marco.wav"))
        try WAVWriter.write(channels: [tone, tone], sampleRate: 8000, to: dir.file("customer_rossi.wav"))
        try "agent_path,customer_path\nagent_marco.wav,customer_rossi.wav\n".write(to: dir.file("m.csv"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(
            ["score", "--manifest", dir.file("m.csv").path, "--redact", "source", "--out", dir.file("r.json").path],
            environment: ["CALLQA_REDACT_KEY": "a redaction key of at least sixteen bytes"])
        XCTAssertEqual(result.status, 1, result.standardError)
        XCTAssertTrue(result.standardError.contains("customer_rossi.wav"), "standard error names the file for the operator: \(result.standardError)")
        let report = try String(contentsOf: dir.file("r.json"), encoding: .utf8)
        XCTAssertTrue(report.contains("a leg file must be mono"), report)
        XCTAssertFalse(report.contains("marco"), report)
        XCTAssertFalse(report.contains("rossi"), report)
    }

    /// A manifest row naming a recording that does not exist is an error entry with the row's
    /// metadata (redacted as asked), as an unreadable file's is: it had `metadata: {}`, so the
    /// report did not say which call and agent lacked a recording.
    func testAMissingRecordingsErrorEntryKeepsTheRowsMetadata() throws {
        let dir = try TemporaryDirectory()
        try "not audio at all, but enough bytes to be looked at".write(to: dir.file("corrupt.wav"), atomically: true, encoding: .utf8)
        try "path,call_id,agent_id\ncorrupt.wav,C1,A1\nmissing.wav,C2,A2\n".write(to: dir.file("m2.csv"), atomically: true, encoding: .utf8)
        let key = ["CALLQA_REDACT_KEY": "a redaction key of at least sixteen bytes"]
        for redact in [[], ["--redact", "agent_id"]] {
            let result = try CommandRunner.run(
                ["score", "--manifest", dir.file("m2.csv").path, "--out", dir.file("r.json").path] + redact, environment: key)
            XCTAssertEqual(result.status, 1, result.standardError)
            let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("r.json"))) as? [String: Any])
            let calls = try XCTUnwrap(report["calls"] as? [[String: Any]])
            let metadata = Dictionary(uniqueKeysWithValues: calls.map { call in
                ((call["error"] as? [String: Any])?["code"] as? String ?? "?", call["metadata"] as? [String: String] ?? [:])
            })
            XCTAssertEqual(metadata["manifest.missing_file"]?["call_id"], "C2", "\(redact): \(metadata)")
            XCTAssertEqual(metadata["audio.unreadable"]?["call_id"], "C1", "\(redact): \(metadata)")
            let agents = [metadata["manifest.missing_file"]?["agent_id"], metadata["audio.unreadable"]?["agent_id"]]
            if redact.isEmpty {
                XCTAssertEqual(agents, ["A2", "A1"])
            } else {
                XCTAssertTrue(agents.allSatisfy { $0?.hasPrefix("h:") == true }, "\(agents)")
            }
        }
    }

    /// `--csv-style excel-semicolon` writes the scorecard as Excel in Italian or Spanish opens
    /// it; a CSV style without `--format csv` is a usage error, since it would change nothing.
    func testScorecardCSVForExcelInItalian() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.writeShortCalls(1, seconds: 2, in: dir.file("calls"))
        try "path,agent_id,agent_name\ncalls/c000.wav,A1,Ștefan\n".write(to: dir.file("m.csv"), atomically: true, encoding: .utf8)
        let scored = try CommandRunner.run(["score", "--manifest", dir.file("m.csv").path, "--out", dir.file("r.json").path])
        XCTAssertEqual(scored.status, 0, scored.standardError)
        let card = try CommandRunner.run(["scorecard", dir.file("r.json").path, "--format", "csv", "--csv-style", "excel-semicolon"])
        XCTAssertEqual(card.status, 0, card.standardError)
        XCTAssertTrue(card.standardOutput.hasPrefix("\u{FEFF}agent;name;team;calls;"), card.standardOutput)
        XCTAssertTrue(card.standardOutput.contains("\r\nA1;Ștefan;;1;"), card.standardOutput)
        let html = try CommandRunner.run(["scorecard", dir.file("r.json").path, "--format", "html", "--csv-style", "excel"])
        XCTAssertEqual(html.status, 2)
        XCTAssertTrue(html.standardError.contains("give it with --format csv"), html.standardError)
    }

    /// Human evaluations with a header alone are an error (status 2, nothing written): an empty
    /// calibration with status 0 looked like a result. Blank lines and a spreadsheet's ",,," rows
    /// are not evaluations (each was "call_id and item must not be empty"), and lines are counted
    /// as a spreadsheet numbers them, past a quoted line break.
    func testCalibrateWithoutEvaluationsOrWithBlankRows() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.writeShortCalls(1, seconds: 2, in: dir.file("calls"))
        try "path,call_id\ncalls/c000.wav,C1\n".write(to: dir.file("m.csv"), atomically: true, encoding: .utf8)
        try WAVWriter.writeShortCalls(2, seconds: 2, in: dir.file("more"))
        try "path,call_id\nmore/c000.wav,D1\nmore/c001.wav,D1\n".write(to: dir.file("twice.csv"), atomically: true, encoding: .utf8)
        let twice = try CommandRunner.run(["score", "--manifest", dir.file("twice.csv").path, "--out", dir.file("t.json").path])
        XCTAssertEqual(twice.status, 0, twice.standardError)
        XCTAssertTrue(twice.standardError.contains("twice.csv: the call_id 'D1' is given to 2 recordings (lines 2, 3); each is scored, but "
            + "human evaluations (callqa calibrate) name calls by call_id and cannot tell them apart"), twice.standardError)
        try "id: one\nname: One\nversion: 1\nsections:\n  - id: s\n    items:\n      - id: talk\n        metric: talk_s\n        condition: \">=\"\n        threshold: 1s\n"
            .write(to: dir.file("one.yaml"), atomically: true, encoding: .utf8)
        let scored = try CommandRunner.run(["score", "--manifest", dir.file("m.csv").path, "--checklist", dir.file("one.yaml").path, "--out", dir.file("r.json").path])
        XCTAssertEqual(scored.status, 0, scored.standardError)
        try "call_id,item,human\n".write(to: dir.file("h0.csv"), atomically: true, encoding: .utf8)
        let none = try CommandRunner.run(["calibrate", dir.file("r.json").path, "--human", dir.file("h0.csv").path, "--out", dir.file("c.json").path])
        XCTAssertEqual(none.status, 2, none.standardError)
        XCTAssertTrue(none.standardError.contains("h0.csv: no evaluations in the file (a header alone)"), none.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("c.json").path))
        try "call_id,item,human,note\n\n,,,\nC1,talk,pass,\"two\nlines\"\nC1,nope,pass,\n".write(to: dir.file("h1.csv"), atomically: true, encoding: .utf8)
        let blank = try CommandRunner.run(["calibrate", dir.file("r.json").path, "--human", dir.file("h1.csv").path])
        XCTAssertEqual(blank.status, 0, blank.standardError)
        XCTAssertEqual(blank.standardError, "callqa: warning: \(dir.file("h1.csv").path):6: call C1 has no checklist item nope\n")
    }

    func testUsageErrorsExitWithTwo() throws {
        let noInputs = try CommandRunner.run(["score"])
        XCTAssertEqual(noInputs.status, 2, noInputs.standardError)
        XCTAssertTrue(noInputs.standardError.contains("Name at least one audio file"), noInputs.standardError)

        let badChannel = try CommandRunner.run(["score", "fixtures/calls", "--agent-channel", "3"])
        XCTAssertEqual(badChannel.status, 2)
        XCTAssertTrue(badChannel.standardError.contains("--agent-channel must be 0 (left) or 1 (right)"), badChannel.standardError)

        // A negative number is read as the option's value and refused with what to write, not
        // taken for an unknown option ("Missing value for '--jobs'").
        for (option, value, message) in [
            ("--jobs", "-1", "--jobs must be at least 1; got -1"), ("--file-timeout", "-5", "--file-timeout takes a number of seconds above 0"),
            ("--agent-channel", "-1", "--agent-channel must be 0 (left) or 1 (right); got -1"),
        ] {
            let negative = try CommandRunner.run(["score", "fixtures/calls", option, value])
            XCTAssertEqual(negative.status, 2)
            XCTAssertTrue(negative.standardError.contains(message), negative.standardError)
        }

        // --swap-channels with an explicit --agent-channel: 0 contradicts it (and was silently
        // overridden: the agent went to channel 1), 1 repeats it.
        for (channel, message) in [
            ("0", "--swap-channels (the agent on channel 1, right) contradicts --agent-channel 0 (the agent on channel 0, left): give one of them."),
            ("1", "--swap-channels means --agent-channel 1: give one of them, not both."),
        ] {
            for arguments in [["--swap-channels", "--agent-channel", channel], ["--agent-channel", channel, "--swap-channels"]] {
                let both = try CommandRunner.run(["score", "fixtures/calls"] + arguments)
                XCTAssertEqual(both.status, 2, "\(arguments): \(both.standardError)")
                XCTAssertTrue(both.standardError.contains(message), "\(arguments): \(both.standardError)")
            }
        }

        let unknownOption = try CommandRunner.run(["score", "fixtures/calls", "--frobnicate"])
        XCTAssertEqual(unknownOption.status, 2)

        let missing = try CommandRunner.run(["score", "no/such/dir"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.standardError.contains("no/such/dir: no such file or directory"), missing.standardError)
    }

    /// A single-valued option given twice is a usage error naming it, in every subcommand (the
    /// options come from the binary's own description of its commands, so a new one is covered);
    /// the last value won in silence: `--manifest a.csv --manifest b.csv` scored b.csv alone.
    /// Repeatable options (`--checklist`) are still taken, each value.
    func testASingleValuedOptionGivenTwiceIsAUsageError() throws {
        let dump = try CommandRunner.run(["--experimental-dump-help"])
        XCTAssertEqual(dump.status, 0, dump.standardError)
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(dump.standardOutput.utf8)) as? [String: Any])
        var checked = 0
        func visit(_ command: [String: Any], path: [String]) throws {
            let options = (command["arguments"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "option" }
            func spelling(_ option: [String: Any]) -> String {
                let names = option["names"] as? [[String: Any]] ?? []
                let long = names.first { $0["kind"] as? String == "long" } ?? names[0]
                return (long["kind"] as? String == "long" ? "--" : "-") + (long["name"] as? String ?? "")
            }
            func value(_ option: [String: Any]) -> String { (option["allValues"] as? [String])?.first ?? "1" }
            // Each required option once, so that the command line parses.
            let required = options.filter { $0["isOptional"] as? Bool == false }
            for option in options where option["isRepeating"] as? Bool == false {
                let name = spelling(option)
                let others = required.filter { spelling($0) != name }.flatMap { [spelling($0), value($0)] }
                let result = try CommandRunner.run(path + others + [name, value(option), name, value(option)])
                XCTAssertEqual(result.status, 2, "\(path) \(name): \(result.standardError)")
                XCTAssertTrue(result.standardError.contains("\(name) is given twice ('\(value(option))', '\(value(option))') but takes one value"),
                              "\(path) \(name): \(result.standardError)")
                checked += 1
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                try visit(sub, path: path + [sub["commandName"] as? String ?? ""])
            }
        }
        try visit(try XCTUnwrap(root["command"] as? [String: Any]), path: [])
        XCTAssertGreaterThanOrEqual(checked, 25, "score, merge, scorecard, calibrate and loudness options")

        let dir = try TemporaryDirectory()
        try FileManager.default.copyItem(at: Fixtures.url("calls/es_inbound_alaw8k.wav"), to: dir.file("x.wav"))
        try "path\nx.wav\n".write(to: dir.file("a.csv"), atomically: true, encoding: .utf8)
        try "path\nx.wav\n".write(to: dir.file("b.csv"), atomically: true, encoding: .utf8)
        let out = dir.file("r.json")
        let manifests = try CommandRunner.run(["score", "--manifest", "a.csv", "--manifest=b.csv", "--out", out.path], in: dir.url)
        XCTAssertEqual(manifests.status, 2, manifests.standardError)
        XCTAssertTrue(manifests.standardError.contains(
            "--manifest is given twice ('a.csv', 'b.csv') but takes one value (only the last would be used): give it once. "
                + "To score several manifests, join their rows under one header, or run callqa once per manifest."), manifests.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
        // The short and the long spelling are one option; a value that looks like an option is a value.
        let mixed = try CommandRunner.run(["score", "x.wav", "-o", "a.json", "--jobs", "-1", "--out", "b.json"], in: dir.url)
        XCTAssertEqual(mixed.status, 2, mixed.standardError)
        XCTAssertTrue(mixed.standardError.contains("--out is given twice ('a.json', 'b.json')"), mixed.standardError)
        // Repeatable options and a single-valued one given once still run.
        let repeated = try CommandRunner.run(
            ["score", ".", "--include", "*.wav", "--include", "*.flac", "--checklist", Fixtures.repositoryRoot.path + "/checklists/inbound.yaml",
             "--checklist", Fixtures.repositoryRoot.path + "/checklists/outbound.yaml", "--out", out.path], in: dir.url)
        XCTAssertEqual(repeated.status, 0, repeated.standardError)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.path))
    }

    /// An empty file name (`--html ''`, `--state ''`: a shell variable not set) is a usage error
    /// saying the value is empty, before anything is scored; `--html ''` failed only after the
    /// whole batch ("cannot write : No such file or directory", status 1), the others named an
    /// empty path (": cannot use the state database"). `--html -` is refused too: it wrote a
    /// file named '-', where `--out -` means standard output.
    func testAnEmptyFileNameOrHTMLToStandardOutputIsAUsageError() throws {
        let dir = try TemporaryDirectory()
        let call = Fixtures.url("calls/es_inbound_alaw8k.wav").path
        let report = dir.file("r.json").path
        let cases: [(arguments: [String], message: String)] = [
            (["score", call, "--out", report, "--html", ""], "--html needs a file name; the value given is empty."),
            (["score", call, "--out", report, "--state", ""], "--state needs a file name; the value given is empty."),
            (["score", call, "", "--out", report], "An audio file or folder to score is given as an empty name (a shell variable that was not set?); name each one."),
            (["score", ".", "--include", "", "--out", report], "--include needs a glob such as '*.wav'; the value given is empty (a shell variable that was not set?)."),
            (["score", call, "--exclude", "", "--out", report], "--exclude needs a glob such as '*.wav'; the value given is empty (a shell variable that was not set?)."),
            (["score", "--manifest", "", "--out", report], "--manifest needs a file name; the value given is empty."),
            (["score", call, "--checklist", "checklists/inbound.yaml", "--checklist", "", "--out", report], "--checklist needs a file name; the value given is empty."),
            (["scorecard", "--state", ""], "--state needs a file name; the value given is empty."),
            (["merge", "--state", "s.sqlite", "--state-part", ""], "--state-part needs a file name; the value given is empty."),
            (["calibrate", "r.json", "--human", ""], "--human needs a file name; the value given is empty."),
            (["score", call, "--out", report, "--html", "-"], "--html writes the HTML report to a file: name one, e.g. --html report.html"),
            (["scorecard", "r.json", "--html", "-"], "--html writes the page to a file: name one, e.g. --html scorecard.html; for the page on standard output, give --format html."),
        ]
        for testCase in cases {
            let result = try CommandRunner.run(testCase.arguments, in: dir.url)
            XCTAssertEqual(result.status, 2, "\(testCase.arguments): \(result.standardError)")
            XCTAssertTrue(result.standardError.contains(testCase.message), "\(testCase.arguments): \(result.standardError)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: report), "\(testCase.arguments): scored before refusing")
            XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("-").path), "\(testCase.arguments): wrote a file named '-'")
        }
    }

    func testMissingChecklistExitsWithTwoBeforeReadingAudio() throws {
        let dir = try TemporaryDirectory()
        let out = dir.file("report.json").path
        let result = try CommandRunner.run(["score", "fixtures/calls", "--checklist", "no-such-checklist.yaml", "--out", out])
        XCTAssertEqual(result.status, 2, result.standardError)
        XCTAssertTrue(result.standardError.contains("no-such-checklist.yaml"), result.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "no report may be written on a usage error")
    }
}

final class ChecklistCommandTests: XCTestCase {
    func testValidateReportsPositionsAndExitsTwo() throws {
        let dir = try TemporaryDirectory()
        let bad = dir.file("bad.yaml")
        try "id: x\nname: X\nversion: \"1\"\nsections:\n  - id: s\n    items:\n      - id: i\n        metric: dead_ari_s\n        condition: \"<\"\n        threshold: 5s\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["checklist", "validate", "checklists/inbound.yaml", bad.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.standardOutput.contains("checklists/inbound.yaml: ok"), result.standardOutput)
        XCTAssertTrue(result.standardError.contains("\(bad.path):8:17: sections[0].items[0].metric: unknown metric 'dead_ari_s'; did you mean 'dead_air_s'?"), result.standardError)
        // score validates first: exit 2 and no report.
        let out = dir.file("report.json")
        let score = try CommandRunner.run(["score", "fixtures/calls", "--checklist", bad.path, "--out", out.path])
        XCTAssertEqual(score.status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }

    /// A checklist nested thousands of levels deep is a checklist error (status 2, with its line
    /// and column), in `checklist validate` and in `score`; it killed callqa with SIGSEGV (a stack
    /// overflow in the YAML library).
    func testADeeplyNestedChecklistIsAnErrorNotACrash() throws {
        let dir = try TemporaryDirectory()
        let deep = dir.file("deep.yaml")
        try ("x: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n").write(to: deep, atomically: true, encoding: .utf8)
        let validate = try CommandRunner.run(["checklist", "validate", deep.path])
        XCTAssertEqual(validate.status, 2, validate.standardError)
        XCTAssertTrue(validate.standardError.contains("\(deep.path):1:67: lists and mappings are nested more than 64 levels deep"), validate.standardError)
        let out = dir.file("report.json")
        let score = try CommandRunner.run(["score", "fixtures/calls", "--checklist", deep.path, "--out", out.path])
        XCTAssertEqual(score.status, 2, score.standardError)
        XCTAssertTrue(score.standardError.contains("\(deep.path):1:67:"), score.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }

    func testExplainAndMetrics() throws {
        let explain = try CommandRunner.run(["checklist", "explain", "checklists/inbound.yaml"])
        XCTAssertEqual(explain.status, 0)
        XCTAssertTrue(explain.standardOutput.contains("Score = 100 x sum(weight x credit)"), explain.standardOutput)
        XCTAssertTrue(explain.standardOutput.contains("[Opening] (section opening)"), "sections by their names: \(explain.standardOutput)")
        XCTAssertTrue(explain.standardOutput.contains("CRITICAL"), explain.standardOutput)
        let metrics = try CommandRunner.run(["metrics"])
        XCTAssertEqual(metrics.status, 0)
        for name in ["first_agent_speech_s", "agent_integrated_lufs", "dead_air_count", "hold_s", "level_difference_db"] {
            XCTAssertTrue(metrics.standardOutput.contains(name), name)
        }
    }
}

final class DefaultChecklistsTests: XCTestCase {
    /// The three default checklists score every fixture call (calls without direction or queue
    /// metadata are not excluded by those fields); every item result carries its reason.
    func testDefaultChecklistsScoreTheFixtures() throws {
        let dir = try TemporaryDirectory()
        let out = dir.file("report.json")
        let result = try CommandRunner.run([
            "score", "fixtures/calls", "--checklist", "checklists/inbound.yaml", "--checklist", "checklists/outbound.yaml",
            "--checklist", "checklists/switchboard.yaml", "--out", out.path,
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        XCTAssertEqual((report["checklists"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, ["inbound", "outbound", "switchboard"])
        for call in try XCTUnwrap(report["calls"] as? [[String: Any]]) {
            let results = try XCTUnwrap(call["checklists"] as? [[String: Any]])
            XCTAssertEqual(results.compactMap { $0["id"] as? String }, ["inbound", "outbound", "switchboard"], "\(call["source"] ?? "")")
            for checklist in results {
                for item in try XCTUnwrap(checklist["items"] as? [[String: Any]]) {
                    XCTAssertFalse((item["reason"] as? String ?? "").isEmpty)
                }
            }
            // Every level field is filled on every fixture channel (they all carry speech and
            // pauses), and the level difference is agent minus customer on two-party calls.
            let channels = try XCTUnwrap(call["channels"] as? [[String: Any]])
            for channel in channels {
                let loudness = try XCTUnwrap(channel["loudness"] as? [String: Any])
                for (field, value) in loudness {
                    XCTAssertFalse(value is NSNull, "\(call["source"] ?? "") \(channel["role"] ?? ""): \(field) is null")
                }
            }
            let difference = (call["conversation"] as? [String: Any])?["level_difference_db"]
            if channels.count == 2 {
                let levels = channels.compactMap { ($0["loudness"] as? [String: Any])?["active_speech_level_dbfs"] as? Double }
                XCTAssertEqual(difference as? Double ?? 99, levels[0] - levels[1], accuracy: 0.011, "\(call["source"] ?? "")")
            } else {
                XCTAssertTrue(difference is NSNull, "mono: no level difference")
            }
        }
    }
}
