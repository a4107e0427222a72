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
        let analysed = RunObserver.summaryLine(
            try summary(8, scored: 8, failed: 0, passed: 8, audio: 262), reused: 0, analysedAudioSeconds: 262, elapsedSeconds: 10, interrupted: false)
        XCTAssertEqual(analysed, "8 calls, 8 scored, 0 failed, 8 passed; 262 s of audio analysed in 10.0 s (26x real time)")
        // Every call from the state database: it read "262 s of audio in 0.0 s (9997x real time)".
        let reused = RunObserver.summaryLine(
            try summary(8, scored: 8, failed: 0, passed: 8, audio: 262), reused: 8, analysedAudioSeconds: 0, elapsedSeconds: 0.03, interrupted: false)
        XCTAssertEqual(reused, "8 calls, 8 scored (8 unchanged, from the state database), 0 failed, 8 passed; no audio analysed (262 s from the state database) in 0.0 s")
        let mixed = RunObserver.summaryLine(
            try summary(8, scored: 8, failed: 0, passed: 8, audio: 262), reused: 7, analysedAudioSeconds: 22, elapsedSeconds: 1, interrupted: false)
        XCTAssertEqual(mixed, "8 calls, 8 scored (7 unchanged, from the state database), 0 failed, 8 passed; 22 s of audio analysed in 1.0 s (22x real time), 240 s from the state database")
        // Nothing decoded (every file broken): it read "0 s of audio in 0.0 s (0x real time)".
        let broken = RunObserver.summaryLine(
            try summary(4, scored: 0, failed: 4, passed: 0, audio: 0), reused: 0, analysedAudioSeconds: 0, elapsedSeconds: 0.02, interrupted: false)
        XCTAssertEqual(broken, "4 calls, 0 scored, 4 failed, 0 passed; no audio analysed (see the errors above) in 0.0 s")
        XCTAssertFalse(broken.contains("real time"))
    }

    func testTheEndToEndSummaryOfABrokenBatchHasNoSpeed() throws {
        let dir = try TemporaryDirectory()
        let result = try CommandRunner.run(["score", "fixtures/bad", "--out", dir.file("r.json").path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardError.contains("4 calls, 0 scored, 4 failed, 0 passed; no audio analysed (see the errors above) in "), result.standardError)
    }
}
