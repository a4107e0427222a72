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
            process.arguments = arguments + ["--shard", "\(k)/4", "--out", part, "--quiet"]
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
