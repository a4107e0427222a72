import Foundation
import TestSupport
import XCTest

/// The checklists shipped in checklists/ on calls in which no one, or not the agent, speaks.
final class ShippedChecklistTests: XCTestCase {
    private let shipped = ["checklists/inbound.yaml", "checklists/outbound.yaml", "checklists/switchboard.yaml"]

    /// A dead line or a failed recording (30 s of line noise, stereo or mono) fails every shipped
    /// checklist on its gates, `someone_speaks` (and, in stereo, `agent_speaks`), whatever the
    /// other items score. A silent stereo call passed all three with 75-80 (its per-party items
    /// were n/a and left out), a silent mono call the switchboard checklist. So does a stereo call
    /// in which only the customer talks.
    func testACallWithoutTheAgentsVoiceFailsEveryShippedChecklist() throws {
        let dir = try TemporaryDirectory()
        let noise = { (seed: UInt64) in Signals.whiteNoise(rmsDBFS: -70, seconds: 30, sampleRate: 8000, seed: seed) }
        try WAVWriter.write(channels: [noise(1), noise(2)], sampleRate: 8000, to: dir.file("silent_stereo.wav"))
        try WAVWriter.write(channels: [noise(3)], sampleRate: 8000, to: dir.file("silent_mono.wav"))
        var customer = noise(4)
        Signals.mix(
            Signals.speechLike(rmsDBFS: -22, seconds: 8, sampleRate: 8000, seed: 5), into: &customer, atSeconds: 2, sampleRate: 8000)
        try WAVWriter.write(channels: [noise(6), customer], sampleRate: 8000, to: dir.file("customer_only.wav"))
        let out = dir.file("report.json")
        let checklists = shipped.flatMap { ["--checklist", $0] }
        let result = try CommandRunner.run(["score", dir.url.path, "--out", out.path] + checklists)
        XCTAssertEqual(result.status, 0, result.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        let calls = try XCTUnwrap(report["calls"] as? [[String: Any]])
        XCTAssertEqual(calls.count, 3)
        for call in calls {
            let name = URL(fileURLWithPath: try XCTUnwrap(call["source"] as? String)).lastPathComponent
            let results = try XCTUnwrap(call["checklists"] as? [[String: Any]], name)
            XCTAssertEqual(results.count, 3, name)
            for checklist in results {
                let id = checklist["id"] as? String ?? "?"
                XCTAssertEqual(checklist["passed"] as? Bool, false, "\(name), \(id)")
                XCTAssertEqual(checklist["critical_fail"] as? Bool, true, "\(name), \(id)")
                let items = try XCTUnwrap(checklist["items"] as? [[String: Any]])
                let failed = Set(items.filter { $0["status"] as? String == "fail" }.compactMap { $0["id"] as? String })
                let gate = name == "customer_only.wav" ? "agent_speaks" : "someone_speaks"
                XCTAssertTrue(failed.contains(gate), "\(name), \(id): \(failed)")
            }
        }
    }
}
