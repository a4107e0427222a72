import Foundation
import TestSupport
import XCTest

/// Four shards run as separate processes, merged, equal the single-process report byte for byte.
final class ShardMergeTests: XCTestCase {
    func testFourShardsMergeToTheSingleProcessReport() throws {
        let dir = try TemporaryDirectory()
        let arguments = ["score", "--manifest", "fixtures/manifest.csv", "fixtures/bad", "--checklist", "checklists/inbound.yaml"]
        let whole = try CommandRunner.run(arguments + ["--out", dir.file("whole.json").path])
        XCTAssertEqual(whole.status, 1, whole.standardError)
        var parts: [String] = []
        var processes: [Process] = []
        for k in 1...4 {
            let part = dir.file("part-\(k).json").path
            parts.append(part)
            let process = Process()
            process.executableURL = CommandRunner.callqaURL
            process.arguments = arguments + ["--shard", "\(k)/4", "--out", part, "--quiet", "--state", dir.file("state-\(k).sqlite").path]
            process.currentDirectoryURL = Fixtures.repositoryRoot
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        var sizes: [Int] = []
        for (process, part) in zip(processes, parts) {
            process.waitUntilExit()
            XCTAssertLessThanOrEqual(process.terminationStatus, 1)
            let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: part))) as? [String: Any])
            sizes.append((report["calls"] as? [Any])?.count ?? 0)
        }
        XCTAssertEqual(sizes.reduce(0, +), 12, "each call in exactly one shard: \(sizes)")
        XCTAssertGreaterThan(sizes.filter { $0 > 0 }.count, 1, "the work is spread: \(sizes)")
        let merged = try CommandRunner.run(["merge"] + parts + ["--out", dir.file("merged.json").path])
        XCTAssertEqual(merged.status, 0, merged.standardError)
        XCTAssertEqual(try Data(contentsOf: dir.file("merged.json")), try Data(contentsOf: dir.file("whole.json")))

        // The shards' state databases merged into one: a whole run with it analyses nothing again
        // (the 4 broken files are never stored, so they are the only ones tried again) and writes
        // the same report.
        let state = dir.file("state.sqlite").path
        let stateParts = (1...4).flatMap { ["--state-part", dir.file("state-\($0).sqlite").path] }
        let mergedState = try CommandRunner.run(["merge", "--state", state] + stateParts)
        XCTAssertEqual(mergedState.status, 0, mergedState.standardError)
        let again = try CommandRunner.run(arguments + ["--state", state, "--out", dir.file("again.json").path])
        XCTAssertEqual(again.status, 1, again.standardError)
        XCTAssertTrue(again.standardError.contains("8 scored (8 unchanged, from the state database)"), again.standardError)
        XCTAssertEqual(try Data(contentsOf: dir.file("again.json")), try Data(contentsOf: dir.file("whole.json")))

        // Merging the same parts again is idempotent; a part that is not a state database is an error.
        XCTAssertEqual(try CommandRunner.run(["merge", "--state", state] + stateParts).status, 0)
        let wrong = try CommandRunner.run(["merge", "--state", state, "--state-part", dir.file("whole.json").path])
        XCTAssertEqual(wrong.status, 2)
        XCTAssertTrue(wrong.standardError.contains("whole.json: cannot merge the state database"), wrong.standardError)
        let missing = try CommandRunner.run(["merge", "--state", state, "--state-part", dir.file("nope.sqlite").path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.standardError.contains("nope.sqlite: cannot merge the state database: no such file"), missing.standardError)
    }

    /// Each recording lands in exactly one shard however each shard's run spells it (relative,
    /// absolute, with `.` and `..`, through a symbolic link to its folder, from a manifest named
    /// either way): shards are chosen by the canonical path, as the state keys recordings. They
    /// were chosen by the path as written, so `calls/c1.wav` in shard 1's run and
    /// `/data/calls/c1.wav` in shard 2's could be scored twice or never, and merge took both.
    func testEachRecordingLandsInOneShardHoweverItIsSpelled() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: dir.file("calls"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: dir.file("linked"), withDestinationURL: dir.file("calls"))
        let names = (1...8).map { "c\($0).wav" }
        let tone = Signals.sine(frequencyHz: 440, peakDBFS: -20, seconds: 0.5, sampleRate: 8000)
        for name in names { try WAVWriter.write(channels: [tone], sampleRate: 8000, to: dir.file("calls/\(name)")) }
        try (["path"] + names.map { "calls/\($0)" } + ["calls/missing.wav"]).joined(separator: "\n")
            .write(to: dir.file("m.csv"), atomically: true, encoding: .utf8)
        let root = dir.url.resolvingSymlinksInPath().path
        let spellings: [(name: String, arguments: [String], folder: URL)] = [
            ("relative", names.map { "calls/\($0)" }, dir.url),
            ("absolute", names.map { "\(root)/calls/\($0)" }, URL(fileURLWithPath: "/")),
            ("dotted", names.map { "./calls/../calls/\($0)" }, dir.url),
            ("linked", names.map { "linked/\($0)" }, dir.url),
            ("manifest", ["--manifest", "m.csv"], dir.url),
            ("absolute manifest", ["--manifest", "\(root)/m.csv"], URL(fileURLWithPath: "/")),
        ]
        for (first, second) in zip(spellings, spellings.dropFirst() + spellings.prefix(1)) {
            var sources: [String] = []
            for (k, spelling) in [(1, first), (2, second)] {
                let part = dir.file("part-\(k).json").path
                let run = try CommandRunner.run(
                    ["score"] + spelling.arguments + ["--shard", "\(k)/2", "--out", part, "--quiet"], in: spelling.folder)
                XCTAssertLessThanOrEqual(run.status, 1, "\(spelling.name): \(run.standardError)")
                let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: part))) as? [String: Any])
                sources += (report["calls"] as? [[String: Any]] ?? []).compactMap { $0["source"] as? String }
            }
            let context = "shard 1 \(first.name), shard 2 \(second.name): \(sources.sorted())"
            let recordings = sources.filter { $0.hasSuffix(".wav") }.map { ($0 as NSString).lastPathComponent }
            XCTAssertEqual(recordings.sorted(), names, context)
            if first.name.hasSuffix("manifest"), second.name.hasSuffix("manifest") {
                XCTAssertEqual(sources.filter { $0.hasSuffix("m.csv:10") }.count, 1, "the bad row once: \(context)")
            }
        }
    }

    /// Each part records its shard (and whether its run was interrupted): a merge of some of the
    /// shards, or of an interrupted part, is refused instead of passing for the whole run.
    func testAnIncompleteSetOfShardsIsRefused() throws {
        let dir = try TemporaryDirectory()
        let parts = (1...3).map { dir.file("part-\($0).json").path }
        for (k, part) in parts.enumerated() {
            let run = try CommandRunner.run(["score", "fixtures/calls", "--shard", "\(k + 1)/3", "--out", part, "--quiet"])
            XCTAssertLessThanOrEqual(run.status, 1, run.standardError)
            let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: part))) as? [String: Any])
            let shard = try XCTUnwrap(report["shard"] as? [String: Any])
            XCTAssertEqual(shard["index"] as? Int, k + 1)
            XCTAssertEqual(shard["count"] as? Int, 3)
            XCTAssertEqual((shard["options"] as? [String: String])?["--loudness-mode"], "exact")
        }
        let two = try CommandRunner.run(["merge", parts[0], parts[2], "--out", dir.file("m.json").path])
        XCTAssertEqual(two.status, 2)
        XCTAssertTrue(two.standardError.contains("the parts are not a whole sharded run: shard 2/3 is missing"), two.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("m.json").path))
        let twice = try CommandRunner.run(["merge", parts[0], parts[1], parts[1], parts[2]])
        XCTAssertEqual(twice.status, 2)
        XCTAssertTrue(twice.standardError.contains("\(parts[1]) (shard 2/3) is named twice; name each shard's report once"), twice.standardError)
        let all = try CommandRunner.run(["merge"] + parts + ["--out", dir.file("m.json").path])
        XCTAssertEqual(all.status, 0, all.standardError)
        let merged = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("m.json"))) as? [String: Any])
        XCTAssertNil(merged["shard"], "the merged report is a whole run's")
        // A part whose run was interrupted holds only what it finished.
        var cut = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: parts[1]))) as? [String: Any])
        cut["interrupted"] = true
        try JSONSerialization.data(withJSONObject: cut).write(to: URL(fileURLWithPath: parts[1]))
        let interrupted = try CommandRunner.run(["merge"] + parts)
        XCTAssertEqual(interrupted.status, 2)
        XCTAssertTrue(interrupted.standardError.contains("part-2.json: the run that wrote it was interrupted"), interrupted.standardError)
    }

    /// JSON Lines parts (`--format jsonl`) carry no shard, version or checklists to check: merge
    /// says so and what to do, instead of "not a callqa JSON report (The data isn't in the correct
    /// format.)"; an empty part is named as empty.
    func testJSONLinesPartsAreRefusedWithWhatToDo() throws {
        let dir = try TemporaryDirectory()
        let parts = (1...2).map { dir.file("part-\($0).jsonl").path }
        for (k, part) in parts.enumerated() {
            let run = try CommandRunner.run(["score", "fixtures/calls", "--shard", "\(k + 1)/2", "--format", "jsonl", "--out", part, "--quiet"])
            XCTAssertLessThanOrEqual(run.status, 1, run.standardError)
        }
        let merged = try CommandRunner.run(["merge"] + parts + ["--out", dir.file("m.json").path])
        XCTAssertEqual(merged.status, 2)
        XCTAssertTrue(merged.standardError.contains("part-1.jsonl: a JSON Lines report (--format jsonl)"), merged.standardError)
        XCTAssertTrue(merged.standardError.contains("score the shards with --format json"), merged.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.file("m.json").path))
        _ = FileManager.default.createFile(atPath: dir.file("empty.json").path, contents: Data())
        let empty = try CommandRunner.run(["merge", dir.file("empty.json").path])
        XCTAssertEqual(empty.status, 2)
        XCTAssertTrue(empty.standardError.contains("empty.json: cannot read the report: the file is empty (0 bytes)"), empty.standardError)
    }

    func testStatePartsThatDisagreeAreAConflict() throws {
        let dir = try TemporaryDirectory()
        let call = dir.file("call.wav")
        try FileManager.default.copyItem(at: Fixtures.repositoryRoot.appendingPathComponent("fixtures/calls/it_mono_pcm8k.wav"), to: call)
        XCTAssertEqual(try CommandRunner.run(["score", call.path, "--state", dir.file("a.sqlite").path, "--out", dir.file("a.json").path]).status, 0)
        // The same path scored with another checklist: a different stored result.
        XCTAssertEqual(try CommandRunner.run(["score", call.path, "--checklist", "checklists/inbound.yaml", "--state", dir.file("b.sqlite").path, "--out", dir.file("b.json").path]).status, 0)
        let merged = try CommandRunner.run(["merge", "--state", dir.file("all.sqlite").path, "--state-part", dir.file("a.sqlite").path, "--state-part", dir.file("b.sqlite").path])
        XCTAssertEqual(merged.status, 2)
        XCTAssertTrue(merged.standardError.contains("b.sqlite: has a different result for"), merged.standardError)
        let usage = try CommandRunner.run(["merge", "--state-part", dir.file("a.sqlite").path])
        XCTAssertEqual(usage.status, 2)
        XCTAssertTrue(usage.standardError.contains("--state-part needs --state FILE"), usage.standardError)
        // A state database named as a report part: said to be one, with the option that takes it.
        let asPart = try CommandRunner.run(["merge", dir.file("a.json").path, dir.file("a.sqlite").path])
        XCTAssertEqual(asPart.status, 2)
        XCTAssertTrue(asPart.standardError.contains("a.sqlite: cannot read the report: a SQLite database (a shard's --state database?)"), asPart.standardError)
        XCTAssertTrue(asPart.standardError.contains("--state-part \(dir.file("a.sqlite").path)"), asPart.standardError)
    }

    /// Shards scored with options that change the results (another loudness filter, agent
    /// channel, redaction key) are not one run: merge names the option and both values instead of
    /// mixing them into one report in silence.
    func testShardsScoredWithOtherOptionsAreRefused() throws {
        let dir = try TemporaryDirectory()
        let calls = dir.file("calls")
        try FileManager.default.createDirectory(at: calls, withIntermediateDirectories: true)
        for name in ["it_mono_pcm8k.wav", "es_mono_gsm8k.wav"] {
            try FileManager.default.copyItem(at: Fixtures.repositoryRoot.appendingPathComponent("fixtures/calls/\(name)"), to: calls.appendingPathComponent(name))
        }
        func shard(_ k: Int, _ options: [String], environment: [String: String] = [:]) throws -> String {
            let part = dir.file("part-\(k)-\(options.joined(separator: "_")).json").path
            let run = try CommandRunner.run(["score", calls.path, "--shard", "\(k)/2", "--out", part, "--quiet"] + options,
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
            XCTAssertLessThanOrEqual(run.status, 1, run.standardError)
            return part
        }
        let first = try shard(1, [])
        let ebur128 = try CommandRunner.run(["merge", first, try shard(2, ["--loudness-mode", "ebur128"])])
        XCTAssertEqual(ebur128.status, 2)
        XCTAssertTrue(ebur128.standardError.contains("scored with --loudness-mode ebur128, the first report with --loudness-mode exact"), ebur128.standardError)
        let swapped = try CommandRunner.run(["merge", first, try shard(2, ["--agent-channel", "1"])])
        XCTAssertEqual(swapped.status, 2)
        XCTAssertTrue(swapped.standardError.contains("scored with --agent-channel 1, the first report with --agent-channel 0"), swapped.standardError)
        // The same fields hashed with two keys: the hashes of one agent would differ between shards.
        let keyA = ["CALLQA_REDACT_KEY": "first-key-0123456789"], keyB = ["CALLQA_REDACT_KEY": "second-key-0123456789"]
        let redactedA = try shard(1, ["--redact", "source"], environment: keyA)
        let otherKey = try CommandRunner.run(["merge", redactedA, try shard(2, ["--redact", "source"], environment: keyB)])
        XCTAssertEqual(otherKey.status, 2)
        XCTAssertTrue(otherKey.standardError.contains("scored with --redact-key h:"), otherKey.standardError)
        XCTAssertFalse(otherKey.standardError.contains("first-key") || otherKey.standardError.contains("second-key"), "never the key")
        let unredacted = try CommandRunner.run(["merge", redactedA, try shard(2, [])])
        XCTAssertEqual(unredacted.status, 2)
        XCTAssertTrue(unredacted.standardError.contains("scored with --redact not given, the first report with --redact source"), unredacted.standardError)
        // Same options: merged.
        let same = try CommandRunner.run(["merge", redactedA, try shard(2, ["--redact", "source"], environment: keyA), "--out", dir.file("m.json").path])
        XCTAssertEqual(same.status, 0, same.standardError)
    }

    func testMergeRejectsReportsFromOtherChecklists() throws {
        let dir = try TemporaryDirectory()
        _ = try CommandRunner.run(["score", "fixtures/calls/it_mono_pcm8k.wav", "--out", dir.file("a.json").path])
        _ = try CommandRunner.run(["score", "fixtures/calls/es_mono_gsm8k.wav", "--checklist", "checklists/inbound.yaml", "--out", dir.file("b.json").path])
        let merged = try CommandRunner.run(["merge", dir.file("a.json").path, dir.file("b.json").path])
        XCTAssertEqual(merged.status, 2)
        XCTAssertTrue(merged.standardError.contains("scored with other checklists"), merged.standardError)
        let bad = try CommandRunner.run(["score", "fixtures/calls", "--shard", "5/4"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.standardError.contains("--shard takes K/N"), bad.standardError)
    }
}
