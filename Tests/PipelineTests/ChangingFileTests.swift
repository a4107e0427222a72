import Analysis
import AudioIO
import Foundation
import TestSupport
import XCTest

@testable import Pipeline

/// Files that change under a running batch: one removed after it was listed is an error entry
/// (`audio.unreadable`, "no such file"); one that grows while it is read is read up to the
/// length its header declared when it was opened.
final class ChangingFileTests: XCTestCase {
    func testAFileRemovedAfterListingIsReportedAndTheBatchGoesOn() throws {
        let dir = try TemporaryDirectory()
        let gone = dir.file("gone.wav"), kept = dir.file("kept.wav")
        let tone = (0..<8000).map { Float(0.3 * sin(Double($0) * 0.2)) }
        try WAVWriter.write(channels: [tone, tone], sampleRate: 8000, to: gone)
        try WAVWriter.write(channels: [tone, tone], sampleRate: 8000, to: kept)
        let listed = try InputCollector.collect([dir.url.path])
        XCTAssertEqual(listed.count, 2)
        try FileManager.default.removeItem(at: gone)
        let reports = listed.map { ScoreRunner.scoreCall(CallJob(path: $0), checklists: [], mode: .all, configuration: AnalysisConfiguration()) }
        let failed = try XCTUnwrap(reports.first { $0.source.hasSuffix("gone.wav") })
        XCTAssertEqual(failed.error?.code, "audio.unreadable")
        XCTAssertTrue(failed.error?.message.contains("gone.wav: cannot read as audio: no such file") ?? false, failed.error?.message ?? "")
        XCTAssertEqual(reports.first { $0.source.hasSuffix("kept.wav") }?.status, .ok)
    }

    func testAFileThatGrowsWhileReadIsReadToItsDeclaredLength() throws {
        let dir = try TemporaryDirectory()
        let url = dir.file("growing.wav")
        let tone = (0..<16_000).map { Float(0.3 * sin(Double($0) * 0.2)) }
        try WAVWriter.write(channels: [tone, tone], sampleRate: 8000, to: url)
        let file = try SoundFile(path: url.path)
        // The recorder keeps appending after the header was written.
        let handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
        handle.write(Data(count: 8000 * 4 * 10))
        try handle.close()
        var block = AudioBlock(channelCount: 2, capacity: 4096)
        var frames = 0
        while true {
            let count = try file.read(into: &block, maximumFrames: 4096)
            if count == 0 { break }
            frames += count
        }
        XCTAssertEqual(frames, 16_000)
    }
}
