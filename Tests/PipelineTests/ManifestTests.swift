import Foundation
import Pipeline
import TestSupport
import XCTest

final class ManifestTests: XCTestCase {
    func testCommittedManifestListsEveryCallWithMetadata() throws {
        let rows = try Manifest.read(path: Fixtures.url("manifest.csv").path)
        XCTAssertEqual(rows.count, 8)
        XCTAssertTrue(rows.allSatisfy { $0.job != nil }, "\(rows.filter { $0.job == nil })")
        let first = try XCTUnwrap(rows.first?.job)
        XCTAssertEqual(first.metadata["agent_name"], "Marco Rossi")
        XCTAssertEqual(first.metadata["direction"], "inbound")
        XCTAssertEqual(first.metadata["manifest_line"], "2")
        XCTAssertTrue(FileManager.default.fileExists(atPath: first.path), "paths are relative to the manifest")
    }

    func testBadRowsAreReportedWithTheirLineAndTheRestRuns() throws {
        let dir = try TemporaryDirectory()
        let leg = (0..<8000).map { _ in Float(0) }
        try WAVWriter.write(channels: [leg], sampleRate: 8000, to: dir.file("agent leg.wav"))
        try WAVWriter.write(channels: [leg], sampleRate: 8000, to: dir.file("customer.wav"))
        try WAVWriter.write(channels: [leg, leg], sampleRate: 8000, to: dir.file("call.wav"))
        let manifest = dir.file("m.csv")
        try #"""
            path,agent_path,customer_path,agent_channel,agent_name,extra
            call.wav,,,1,"Rossi, ""Marco""",kept
            missing.wav,,,0,X,
            call.wav,,,0,Y,
            ,agent leg.wav,customer.wav,,Z,
            call2.wav,,,sideways,W,
            "multi
            line",,,0,V,
            ,agent leg.wav,,,U,
            too,few
            """#.write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.line), [2, 3, 4, 5, 6, 7, 9, 10])
        XCTAssertEqual(rows[0].job?.layout, .agentRight)
        XCTAssertEqual(rows[0].job?.metadata["agent_name"], "Rossi, \"Marco\"")
        XCTAssertEqual(rows[0].job?.metadata["extra"], "kept", "unknown columns are kept as metadata")
        XCTAssertEqual(rows[1].problemCode, "manifest.missing_file")
        XCTAssertEqual(rows[1].problem, "\(manifest.path):3: recording 'missing.wav' not found")
        XCTAssertEqual(rows[2].problemCode, "manifest.duplicate_row")
        XCTAssertEqual(rows[2].problem, "\(manifest.path):4: 'call.wav' is listed again (first on line 2)")
        XCTAssertEqual(rows[3].job?.customerLegPath, dir.file("customer.wav").path)
        XCTAssertEqual(rows[4].problem, "\(manifest.path):6: agent_channel must be 0, 1, left or right; got 'sideways'")
        XCTAssertEqual(rows[5].problemCode, "manifest.missing_file", "a quoted field may span lines; the row starts on line 7")
        XCTAssertEqual(rows[6].problem, "\(manifest.path):9: 'agent_path' is given without 'customer_path'")
        XCTAssertEqual(rows[7].problem, "\(manifest.path):10: the row has 2 fields but the header has 6")
    }

    func testManifestWithoutPathColumnIsAUsageError() throws {
        let dir = try TemporaryDirectory()
        let manifest = dir.file("m.csv")
        try "file,agent\na.wav,x\n".write(to: manifest, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Manifest.read(path: manifest.path)) { error in
            XCTAssertEqual(error as? ManifestError, .missingPathColumn(path: manifest.path))
        }
    }

    func testJSONLinesManifest() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.write(channels: [[Float](repeating: 0, count: 800)], sampleRate: 8000, to: dir.file("a.wav"))
        let manifest = dir.file("m.jsonl")
        try "{\"path\": \"a.wav\", \"agent_id\": 7, \"direction\": \"inbound\"}\nnot json\n".write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows[0].job?.metadata["agent_id"], "7")
        XCTAssertEqual(rows[1].problem, "\(manifest.path):2: the row is not a JSON object")
    }

    func testNamePatternExtractsMetadata() throws {
        let pattern = try NamePattern("{date}_{agent_id}_{call_id}.wav")
        XCTAssertEqual(pattern.metadata(for: "/x/2026-11-20_A17_C-99.wav"), ["date": "2026-11-20", "agent_id": "A17", "call_id": "C-99"])
        XCTAssertNil(pattern.metadata(for: "/x/other.flac"))
        XCTAssertThrowsError(try NamePattern("call.wav")) { XCTAssertEqual($0 as? NamePatternError, .noField(pattern: "call.wav")) }
        XCTAssertThrowsError(try NamePattern("{a}_{a}.wav")) { XCTAssertEqual($0 as? NamePatternError, .repeatedField(pattern: "{a}_{a}.wav", field: "a")) }
        XCTAssertThrowsError(try NamePattern("{date.wav")) { XCTAssertEqual($0 as? NamePatternError, .unclosedBrace(pattern: "{date.wav")) }
    }

    func testTwoLegCallIsAnalysedAsStereo() throws {
        let dir = try TemporaryDirectory()
        let rate = 8000.0
        var agent = Signals.whiteNoise(rmsDBFS: -70, seconds: 6, sampleRate: rate, seed: 1)
        Signals.mix(Signals.speechLike(rmsDBFS: -22, seconds: 2, sampleRate: rate, seed: 2), into: &agent, atSeconds: 0.5, sampleRate: rate)
        var customer = Signals.whiteNoise(rmsDBFS: -70, seconds: 5, sampleRate: rate, seed: 3)
        Signals.mix(Signals.speechLike(rmsDBFS: -25, seconds: 1.5, sampleRate: rate, f0Hz: 220, seed: 4), into: &customer, atSeconds: 3, sampleRate: rate)
        try WAVWriter.write(channels: [agent], sampleRate: 8000, to: dir.file("a.wav"))
        try WAVWriter.write(channels: [customer], sampleRate: 8000, to: dir.file("c.wav"))
        let job = CallJob(path: dir.file("a.wav").path, customerLegPath: dir.file("c.wav").path)
        let report = ScoreRunner.scoreCall(job, checklists: [], mode: .all, configuration: .init())
        XCTAssertEqual(report.status, .ok, "\(String(describing: report.error))")
        XCTAssertEqual(report.audio?.durationSeconds, 6, "the shorter leg is padded")
        XCTAssertEqual(report.channels.map(\.role), [.agent, .customer])
        XCTAssertEqual(report.channels[1].talkSeconds, 1.5, accuracy: 0.3)
        XCTAssertEqual(report.conversation?.firstAgentSpeechSeconds ?? 0, 0.5, accuracy: 0.05)
    }
}
