import Foundation
@testable import Pipeline
import Reporting
import TestSupport
import XCTest

/// The summary line a cron log keeps: its speed is that of the audio the run decoded.
final class RunSummaryLineTests: XCTestCase {
    private func summary(_ calls: Int, scored: Int, failed: Int, passed: Int, audio: Double) throws -> RunSummary {
        try JSONDecoder().decode(RunSummary.self, from: Data(
            #"{"calls": \#(calls), "scored": \#(scored), "failed": \#(failed), "passed": \#(passed), "audio_s": \#(audio)}"#.utf8))
    }

    func testSpeedIsOfTheAudioThisRunDecoded() throws {
        // (calls, scored, failed, passed, audio in the report, reused, analysed, elapsed, line)
        let cases: [(Int, Int, Int, Int, Double, Int, Double, Double, String)] = [
            (8, 8, 0, 8, 262, 0, 262, 10,
             "8 calls, 8 scored, 0 failed, 8 passed; 262.0 s of audio analysed in 10.0 s (26x real time)"),
            // Every call from the state database: it read "262 s of audio in 0.0 s (9997x real time)".
            (8, 8, 0, 8, 262, 8, 0, 0.03,
             "8 calls, 8 scored (8 unchanged, from the state database), 0 failed, 8 passed; no audio analysed (262.0 s from the state database) in 0.0 s"),
            (8, 8, 0, 8, 262, 7, 22, 1,
             "8 calls, 8 scored (7 unchanged, from the state database), 0 failed, 8 passed; 22.0 s of audio analysed in 1.0 s (22x real time), 240.0 s from the state database"),
            // Hours from an hour on; the run's own time is written as the audio's.
            (120, 120, 0, 120, 27_432, 0, 27_432, 9.96,
             "120 calls, 120 scored, 0 failed, 120 passed; 7.62 h of audio analysed in 10.0 s (2754x real time)"),
            // Nothing decoded (every file broken): it read "0 s of audio in 0.0 s (0x real time)".
            (4, 0, 4, 0, 0, 0, 0, 0.02,
             "4 calls, 0 scored, 4 failed, 0 passed; no audio analysed (see the errors above) in 0.0 s"),
        ]
        for (calls, scored, failed, passed, audio, reused, analysed, elapsed, expected) in cases {
            let line = RunObserver.summaryLine(
                try summary(calls, scored: scored, failed: failed, passed: passed, audio: audio), reused: reused,
                analysedAudioSeconds: analysed, elapsedSeconds: elapsed, interrupted: false)
            XCTAssertEqual(line, expected)
            XCTAssertEqual(line.contains("real time"), analysed > 0, line)
        }
    }

    /// Counts agree with their nouns: a run of one call read "1 calls" on standard error and in
    /// --summary, and checklist validate "1 items".
    func testOneCallIsOneCall() throws {
        let one = try summary(1, scored: 1, failed: 0, passed: 1, audio: 30)
        XCTAssertEqual(
            RunObserver.summaryLine(one, reused: 0, analysedAudioSeconds: 30, elapsedSeconds: 1, interrupted: false),
            "1 call, 1 scored, 0 failed, 1 passed; 30.0 s of audio analysed in 1.0 s (30x real time)")
        XCTAssertEqual([0, 1, 2].map { Plural.count($0, "call") }, ["0 calls", "1 call", "2 calls"])
        let dir = try TemporaryDirectory()
        try "id: one\nname: One\nversion: 1\nsections:\n  - id: s\n    items:\n      - id: talk\n        metric: talk_s\n        condition: \">=\"\n        threshold: 1s\n        weight: 1\n"
            .write(to: dir.file("one.yaml"), atomically: true, encoding: .utf8)
        let validate = try CommandRunner.run(["checklist", "validate", dir.file("one.yaml").path])
        XCTAssertEqual(validate.status, 0, validate.standardError)
        XCTAssertTrue(validate.standardOutput.hasSuffix("ok (one version 1, 1 item)\n"), validate.standardOutput)
    }

    /// The HTML page of a shard's run or of an interrupted run says first that it is partial.
    func testTheHTMLPageOfAPartialRunSaysSo() {
        var report = Report(checklists: [], calls: [CallReport.failure(source: "a.wav", code: "audio.empty", message: "a.wav: empty")])
        XCTAssertEqual(ScoreCommandRunner.htmlNotices(report), [])
        report.shard = ShardInfo(index: 2, count: 4)
        report.interrupted = true
        let notices = ScoreCommandRunner.htmlNotices(report)
        XCTAssertEqual(notices.count, 2)
        XCTAssertTrue(notices[0].hasPrefix("This run was interrupted: the page holds only the 1 call finished by then."), notices[0])
        XCTAssertTrue(notices[1].hasPrefix("Shard 2 of 4: the page holds only this part of the batch"), notices[1])
    }

    func testTheEndToEndSummaryOfABrokenBatchHasNoSpeed() throws {
        let dir = try TemporaryDirectory()
        let result = try CommandRunner.run(["score", "fixtures/bad", "--out", dir.file("r.json").path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardError.contains("4 calls, 0 scored, 4 failed, 0 passed; no audio analysed (see the errors above) in "), result.standardError)
    }
}
