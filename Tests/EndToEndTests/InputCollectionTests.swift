import Foundation
import TestSupport
import XCTest

/// How `callqa score` collects its inputs, seen from the command line: a recording named or found
/// under several spellings is scored once, two files whose names differ only in Unicode form are
/// both scored, and file names that `--name-pattern` does not match are reported.
final class InputCollectionTests: XCTestCase {
    func testAFileNamedUnderSeveralSpellingsIsScoredOnce() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.writeShortCalls(2, seconds: 2, in: dir.file("audio"))
        let nfc = "caf\u{00E9}.wav", nfd = "cafe\u{0301}.wav"
        try FileManager.default.moveItem(at: dir.file("audio/c000.wav"), to: dir.file("audio/" + nfc))
        try FileManager.default.moveItem(at: dir.file("audio/c001.wav"), to: dir.file("audio/" + nfd))
        try "path,call_id\naudio/\(nfc),M1\n".write(to: dir.file("calls.csv"), atomically: true, encoding: .utf8)
        let out = dir.file("r.json")
        let result = try CommandRunner.run(
            ["score", "audio/\(nfd)", dir.file("audio/\(nfd)").path, "./audio//\(nfd)", "audio", "--manifest", "calls.csv", "--out", out.path],
            in: dir.url)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardError.contains("2 calls, 2 scored"), result.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        let calls = try XCTUnwrap(report["calls"] as? [[String: Any]])
        let sources = calls.compactMap { $0["source"] as? String }
        XCTAssertEqual(Set(sources.map { Array($0.utf8) }), [Array("audio/\(nfc)".utf8), Array("audio/\(nfd)".utf8)])
        let fromManifest = try XCTUnwrap(calls.first { ($0["metadata"] as? [String: String])?["call_id"] == "M1" })
        XCTAssertEqual((fromManifest["source"] as? String).map { Array($0.utf8) }, Array("audio/\(nfc)".utf8), "the manifest's row, not the walk's")
    }

    /// A folder named with a manifest of two-leg calls whose legs it holds: each leg belongs to
    /// its manifest call, and no leg is scored again on its own (each customer leg was a mono
    /// call of its own, besides the manifest's call).
    func testLegFilesOfAManifestFoundInAFolderAreNotScoredAgain() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.writeShortCalls(2, seconds: 2, in: dir.file("audio"))
        let tone = Signals.sine(frequencyHz: 300, peakDBFS: -12, seconds: 2, sampleRate: 8000)
        try WAVWriter.write(channels: [tone], sampleRate: 8000, to: dir.file("audio/agent.wav"))
        try WAVWriter.write(channels: [tone], sampleRate: 8000, to: dir.file("audio/customer.wav"))
        try "agent_path,customer_path,call_id\naudio/agent.wav,audio/customer.wav,L1\n"
            .write(to: dir.file("calls.csv"), atomically: true, encoding: .utf8)
        let out = dir.file("r.json")
        let result = try CommandRunner.run(["score", "--manifest", "calls.csv", "audio", "--out", out.path], in: dir.url)
        XCTAssertEqual(result.status, 0, result.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        let sources = try XCTUnwrap(report["calls"] as? [[String: Any]]).compactMap { $0["source"] as? String }
        XCTAssertEqual(sources, ["audio/agent.wav + audio/customer.wav", "audio/c000.wav", "audio/c001.wav"])
    }

    /// A manifest another program writes into callqa (`export | callqa score --manifest
    /// /dev/stdin`, a shell's `<(...)`) is read (it was "nothing could be read from it"), its
    /// paths from the current folder; a manifest file given as standard input (`< calls.csv`) has
    /// its paths read from its folder, as when it is named (they were looked for in /dev).
    func testAManifestFromStandardInputOrAPipeIsRead() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.writeShortCalls(1, seconds: 2, in: dir.file("lists/audio"))
        try "path,call_id\naudio/c000.wav,P1\n".write(to: dir.file("lists/calls.csv"), atomically: true, encoding: .utf8)
        let callqa = CommandRunner.callqaURL.path
        for (line, folder, source) in [
            ("cat lists/calls.csv | sed 's|audio/|lists/audio/|' | '\(callqa)' score --manifest /dev/stdin --out r.json", "", "lists/audio/c000.wav"),
            ("'\(callqa)' score --manifest /dev/stdin --out r.json < lists/calls.csv", "", dir.file("lists/audio/c000.wav").path),
            ("'\(callqa)' score --manifest /dev/stdin --out ../r.json < calls.csv", "lists", dir.file("lists/audio/c000.wav").path),
        ] {
            let result = try CommandRunner.run(["-c", line], executable: URL(fileURLWithPath: "/bin/sh"), in: dir.file(folder))
            XCTAssertEqual(result.status, 0, "\(line): \(result.standardError)")
            let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("r.json"))) as? [String: Any])
            let calls = try XCTUnwrap(report["calls"] as? [[String: Any]])
            XCTAssertEqual(calls.compactMap { $0["source"] as? String }, [source], line)
            XCTAssertEqual(calls.compactMap { $0["status"] as? String }, ["ok"], line)
            try FileManager.default.removeItem(at: dir.file("r.json"))
        }
    }

    /// `score` and `loudness` refuse standard input as a recording in the same words, with status
    /// 2 and nothing measured: `score -` was refused while `loudness -` looked for a file named
    /// '-' ("no such file", status 1), and `/dev/stdin` fed by a pipe was a failed call ("not a
    /// regular file", status 1) in both. Standard input redirected from a file is that file.
    func testStandardInputIsNoRecordingToScoreOrLoudness() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.write(
            channels: [Signals.speechLike(rmsDBFS: -22, seconds: 2, sampleRate: 8000, seed: 3)], sampleRate: 8000, to: dir.file("call.wav"))
        let callqa = CommandRunner.callqaURL.path
        for command in ["score", "loudness"] {
            let out = command == "score" ? " --out r.json" : ""
            for name in ["-", "/dev/stdin"] {
                let line = "cat call.wav | '\(callqa)' \(command) \(name)\(out)"
                let result = try CommandRunner.run(["-c", line], executable: URL(fileURLWithPath: "/bin/sh"), in: dir.url)
                XCTAssertEqual(result.status, 2, "\(line): \(result.standardError)")
                XCTAssertEqual(result.standardOutput, "", line)
                XCTAssertTrue(result.standardError.hasPrefix("callqa: error: \(name == "-" ? "'-' (standard input)" : "/dev/stdin (standard input, not a file)") "
                    + "is no recording: callqa reads each recording from a file, at several places (its header, its length, its end), "
                    + "which a pipe cannot give; save the audio to a file and name it (for example: ffmpeg -i in.m4a call.wav, then "
                    + "callqa \(command) call.wav)"), "\(line): \(result.standardError)")
                XCTAssertEqual(result.standardError.contains("--manifest -"), command == "score", result.standardError)
                XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("r.json").path), line)
            }
            // Redirected from a file, standard input is that file.
            let redirected = try CommandRunner.run(
                ["-c", "'\(callqa)' \(command) /dev/stdin\(out) < call.wav"], executable: URL(fileURLWithPath: "/bin/sh"), in: dir.url)
            XCTAssertEqual(redirected.status, 0, "\(command): \(redirected.standardError)")
            try? FileManager.default.removeItem(at: dir.file("r.json"))
        }
    }

    /// `--manifest -` reads the manifest from standard input (it was looked for as a file named
    /// '-': "no such file"), CSV or JSON Lines told apart by its content, its paths read as
    /// `/dev/stdin`'s are (from a pipe, the current folder; from a file, its folder), its rows
    /// named as lines of "standard input". Two inputs that both read standard input are refused.
    func testDashReadsTheManifestFromStandardInput() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.writeShortCalls(1, seconds: 2, in: dir.file("lists/audio"))
        try "path,call_id\naudio/c000.wav,P1\n".write(to: dir.file("lists/calls.csv"), atomically: true, encoding: .utf8)
        let callqa = CommandRunner.callqaURL.path
        for (line, folder, source) in [
            ("sed 's|audio/|lists/audio/|' lists/calls.csv | '\(callqa)' score --manifest - --out r.json", "", "lists/audio/c000.wav"),
            ("printf '{\"path\": \"lists/audio/c000.wav\"}\\n' | '\(callqa)' score --manifest - --out r.json", "", "lists/audio/c000.wav"),
            ("'\(callqa)' score --manifest - --out ../r.json < calls.csv", "lists", dir.file("lists/audio/c000.wav").path),
        ] {
            let result = try CommandRunner.run(["-c", line], executable: URL(fileURLWithPath: "/bin/sh"), in: dir.file(folder))
            XCTAssertEqual(result.status, 0, "\(line): \(result.standardError)")
            let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("r.json"))) as? [String: Any], line)
            let calls = try XCTUnwrap(report["calls"] as? [[String: Any]])
            XCTAssertEqual(calls.compactMap { $0["source"] as? String }, [source], line)
            XCTAssertEqual(calls.compactMap { $0["status"] as? String }, ["ok"], line)
            try FileManager.default.removeItem(at: dir.file("r.json"))
        }
        let missing = try CommandRunner.run(
            ["-c", "printf 'path\\ngone.wav\\n' | '\(callqa)' score --manifest - --out r.json"], executable: URL(fileURLWithPath: "/bin/sh"),
            in: dir.url)
        XCTAssertEqual(missing.status, 1, missing.standardError)
        XCTAssertTrue(missing.standardError.contains("standard input:2: recording 'gone.wav' not found"), missing.standardError)
        try FileManager.default.removeItem(at: dir.file("r.json"))

        let twice = try CommandRunner.run(
            ["-c", "'\(callqa)' score --manifest - --checklist /dev/stdin --out r.json < lists/calls.csv"],
            executable: URL(fileURLWithPath: "/bin/sh"), in: dir.url)
        XCTAssertEqual(twice.status, 2, twice.standardError)
        XCTAssertTrue(twice.standardError.contains("--manifest - and --checklist /dev/stdin all read standard input, which can be read "
            + "only once: give all but one of them as a file."), twice.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("r.json").path))
    }

    /// `--name-pattern`: the extension matches in any case; a file whose name does not match gets
    /// a warning on its call and one line on standard error, in the run's log format.
    func testFileNamesThatDoNotMatchTheNamePatternAreReported() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.writeShortCalls(2, seconds: 2, in: dir.file("calls"))
        try FileManager.default.moveItem(at: dir.file("calls/c000.wav"), to: dir.file("calls/2026-11-20_A17_C-99.WAV"))
        let pattern = "{date}_{agent_id}_{call_id}.wav"
        let out = dir.file("r.json")
        let result = try CommandRunner.run(["score", dir.file("calls").path, "--name-pattern", pattern, "--out", out.path])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardError.contains(
            "callqa: 1 of 2 file names does not match --name-pattern '\(pattern)', so no metadata was taken from it: 'c001.wav'\n"), result.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        let calls = try XCTUnwrap(report["calls"] as? [[String: Any]])
        XCTAssertEqual(calls.count, 2)
        XCTAssertEqual((calls[0]["metadata"] as? [String: String])?["call_id"], "C-99")
        XCTAssertEqual((calls[0]["warnings"] as? [String])?.contains { $0.contains("--name-pattern") }, false)
        XCTAssertEqual((calls[1]["metadata"] as? [String: String]) ?? [:], [:])
        XCTAssertEqual((calls[1]["warnings"] as? [String])?.first,
                       "the file name does not match --name-pattern '\(pattern)': no metadata was taken from it")

        let json = try CommandRunner.run(["score", dir.file("calls").path, "--name-pattern", pattern, "--log-format", "json", "--out", out.path])
        let lines = json.standardError.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, json.standardError)
        let warning = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        XCTAssertEqual(warning["level"] as? String, "warning")
        XCTAssertEqual(warning["unmatched"] as? Int, 1)
        XCTAssertEqual(try CommandRunner.run(["score", dir.file("calls").path, "--name-pattern", pattern, "--quiet", "--out", out.path]).standardError, "")
    }
}
