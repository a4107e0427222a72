import Foundation
import TestSupport
import XCTest

/// Scores the committed fixtures with the built binary and checks talk, silence, overlap and
/// interruptions against their ground truth (fixtures/truth, made by scripts/make-fixtures).
final class FixtureAccuracyTests: XCTestCase {
    /// Tolerances, as a share of the call's duration, for talk, silence and overlap seconds.
    static let talkTolerance = 0.05
    static let silenceTolerance = 0.05
    static let overlapTolerance = 0.02

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cached: (report: [String: Any], status: Int32, stderr: String)?

    /// Runs the binary once for all tests of this class.
    private func scoredReport() throws -> (report: [String: Any], status: Int32, stderr: String) {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        if let cached = Self.cached { return cached }
        let dir = try TemporaryDirectory()
        let out = dir.file("report.json")
        let result = try CommandRunner.run([
            "score", "fixtures/calls", "fixtures/bad", "--checklist", "checklists/inbound.yaml", "--out", out.path,
        ])
        let data = try Data(contentsOf: out)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        // Keep a copy for the schema test.
        try data.write(to: FileManager.default.temporaryDirectory.appendingPathComponent("callqa-e2e-report.json"))
        Self.cached = (report, result.status, result.standardError)
        return Self.cached!
    }

    private func calls() throws -> [[String: Any]] {
        try XCTUnwrap(scoredReport().report["calls"] as? [[String: Any]])
    }

    private func truth(for source: String) throws -> [String: Any]? {
        let name = (source as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        for candidate in ["truth/\(stem).truth.json", "truth/\(name).truth.json", "calls/\(stem).truth.json"] {
            let url = Fixtures.url(candidate)
            if let data = try? Data(contentsOf: url) {
                return try JSONSerialization.jsonObject(with: data) as? [String: Any]
            }
        }
        return nil
    }

    func testBadFilesBecomeErrorEntriesAndTheBatchGoesOn() throws {
        let run = try scoredReport()
        XCTAssertEqual(run.status, 1, "some fixtures are broken on purpose: exit status 1")
        let calls = try calls()
        let bad = calls.filter { ($0["source"] as? String)?.contains("fixtures/bad/") == true }
        XCTAssertFalse(bad.isEmpty)
        for call in bad {
            let source = try XCTUnwrap(call["source"] as? String)
            XCTAssertEqual(call["status"] as? String, "error", source)
            let message = try XCTUnwrap((call["error"] as? [String: Any])?["message"] as? String, source)
            XCTAssertTrue(message.contains(source), "message names the file: \(message)")
            XCTAssertTrue(run.stderr.contains(source), "stderr names the failed file \(source)")
        }
        let good = calls.filter { ($0["source"] as? String)?.contains("fixtures/calls/") == true }
        XCTAssertGreaterThanOrEqual(good.count, 6)
        for call in good { XCTAssertEqual(call["status"] as? String, "ok", "\(call["source"] ?? "")") }
    }

    func testReportValidatesAgainstTheSchema() throws {
        _ = try scoredReport()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("callqa-e2e-report.json").path
        let result = try CommandRunner.run(
            ["python3", "scripts/validate-report", path], executable: URL(fileURLWithPath: "/usr/bin/env"))
        XCTAssertEqual(result.status, 0, "schema validation failed:\n\(result.standardError)")
    }

    func testMeasurementsAgreeWithGroundTruth() throws {
        var checked = 0
        var lines: [String] = ["file | talk err agent/customer (s) | silence err (s) | overlap err (s) | interruptions truth/found"]
        var exactInterruptions = 0, interruptionCalls = 0
        for call in try calls() where call["status"] as? String == "ok" {
            let source = try XCTUnwrap(call["source"] as? String)
            guard let truth = try truth(for: source) else { continue }
            checked += 1
            let duration = try XCTUnwrap(truth["duration_s"] as? Double)
            let channels = try XCTUnwrap(call["channels"] as? [[String: Any]])
            let conversation = try XCTUnwrap(call["conversation"] as? [String: Any])
            func talk(_ role: String) -> Double? {
                channels.first { $0["role"] as? String == role }?["talk_s"] as? Double
            }
            func truthTalk(_ role: String) -> Double? {
                if let value = (truth["talk_s"] as? [String: Any])?[role] as? Double { return value }
                if let party = truth[role] as? [String: Any], let speech = party["speech"] as? [[Double]] {
                    return speech.reduce(0) { $0 + $1[1] - $1[0] }
                }
                return nil
            }
            var talkErrors: [String] = []
            for role in ["agent", "customer", "mixed"] {
                guard let expected = truthTalk(role) else { continue }
                let measured = try XCTUnwrap(talk(role), "\(source): no \(role) channel")
                talkErrors.append(String(format: "%+.2f", measured - expected))
                XCTAssertEqual(measured, expected, accuracy: Self.talkTolerance * duration, "\(source): \(role) talk")
            }
            let silence = try XCTUnwrap(conversation["silence_s"] as? Double)
            let truthSilence = try XCTUnwrap(truth["silence_s"] as? Double)
            XCTAssertEqual(silence, truthSilence, accuracy: Self.silenceTolerance * duration, "\(source): silence")
            var overlapText = "n/a"
            var interruptionText = "n/a"
            if truth["layout"] as? String == "mono" {
                XCTAssertTrue(conversation["overlap"] is NSNull, "\(source): overlap must be null on mono")
                XCTAssertTrue(conversation["interruptions"] is NSNull, "\(source): interruptions must be null on mono")
                XCTAssertTrue(channels.allSatisfy { $0["talk_ratio"] is NSNull }, "\(source): talk_ratio null on mono")
            } else {
                let overlap = try XCTUnwrap(conversation["overlap_s"] as? Double, source)
                let truthOverlap = try XCTUnwrap(truth["overlap_s"] as? Double)
                overlapText = String(format: "%+.2f", overlap - truthOverlap)
                XCTAssertEqual(overlap, truthOverlap, accuracy: Self.overlapTolerance * duration, "\(source): overlap")
                let found = try XCTUnwrap(conversation["interruptions"] as? [[String: Any]], source)
                let expected = try XCTUnwrap(truth["interruptions"] as? [[String: Any]])
                interruptionCalls += 1
                if found.count == expected.count { exactInterruptions += 1 }
                interruptionText = "\(expected.count)/\(found.count)"
                XCTAssertEqual(
                    found.compactMap { $0["by"] as? String }, expected.compactMap { $0["by"] as? String },
                    "\(source): who interrupted")
            }
            lines.append("\((source as NSString).lastPathComponent) | \(talkErrors.joined(separator: "/")) | "
                + String(format: "%+.2f", silence - truthSilence) + " | \(overlapText) | \(interruptionText)")
        }
        XCTAssertGreaterThanOrEqual(checked, 6, "fixtures with ground truth")
        print(lines.joined(separator: "\n"))
        print("interruption counts exact on \(exactInterruptions)/\(interruptionCalls) stereo calls")
    }
}
