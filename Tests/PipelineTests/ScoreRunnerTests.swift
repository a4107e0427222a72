import AudioIO
import Conversation
import Reporting
import TestSupport
import XCTest

@testable import Pipeline

final class ScoreRunnerTests: XCTestCase {
    /// A call whose report cannot be encoded (an infinite measurement) becomes that call's
    /// failure, named, so that the batch's reports are still written; any other call is kept.
    func testACallWithAnInfiniteMeasurementFailsAloneAndNamed() throws {
        var report = CallReport(source: "calls/a.wav", status: .ok, metadata: ["agent": "7"], checklists: [], warnings: ["w"])
        report.score = 0.5
        let kept = ScoreRunner.encodable(report, path: "/data/calls/a.wav", warnings: ["w"])
        XCTAssertEqual(kept.status, .ok)
        XCTAssertEqual(kept.score, 0.5)

        report.score = .infinity
        let failed = ScoreRunner.encodable(report, path: "/data/calls/a.wav", warnings: ["w"])
        XCTAssertEqual(failed.status, .error)
        XCTAssertEqual(failed.error?.code, ScoreRunner.unmeasurableCode)
        XCTAssertTrue(failed.error?.message.hasPrefix("/data/calls/a.wav: ") ?? false, failed.error?.message ?? "")
        XCTAssertEqual(failed.source, "calls/a.wav")
        XCTAssertEqual(failed.metadata, ["agent": "7"])
        XCTAssertEqual(failed.warnings, ["w"])
        XCTAssertNoThrow(try ReportEncoding.jsonLine(failed))
    }
}

/// A call's conversation facts follow the parameters of the checklists applied to it.
final class ScoreRunnerParametersTests: XCTestCase {
    private let items = """
        sections:
          - id: s
            items:
              - {id: i, metric: interruptions, condition: "<=", threshold: 10}
              - {id: ai, metric: agent_interruptions, condition: "<=", threshold: 10}
              - {id: ci, metric: customer_interruptions, condition: "<=", threshold: 10}
              - {id: b, metric: backchannels, condition: "<=", threshold: 10}
              - {id: d, metric: dead_air_count, condition: "<=", threshold: 10}
              - {id: ds, metric: dead_air_s, condition: "<=", threshold: 100s}
        """

    private func checklists(_ parameters: [(id: String, dead: String, overlap: String, backchannel: String)]) throws -> [LoadedChecklist] {
        let dir = try TemporaryDirectory()
        let paths = try parameters.map { p in
            let url = dir.file("\(p.id).yaml")
            try """
                id: \(p.id)
                name: \(p.id)
                version: "1"
                parameters:
                  dead_air_min_s: \(p.dead)
                  interruption_min_overlap_s: \(p.overlap)
                  backchannel_max_s: \(p.backchannel)
                \(items)
                """.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        return try ChecklistScoring.load(paths)
    }

    /// Short overlaps (0.45 s: an interruption at 0.4 s, not at 0.5 s), short acknowledgements
    /// (0.5 s: a backchannel up to 1 s, not up to 0.3 s) and 2-3 s pauses (dead air from 1.5 s,
    /// not from 5 s): every conversation count depends on the parameters.
    private let call = TestCalls.stereo(
        duration: 60,
        agent: [(1, 10), (14, 20), (20.4, 21), (26, 34), (40, 41)],
        customer: [(9.55, 12), (16, 16.5), (21, 25), (33.55, 38), (45, 50)])

    private func analyzed() -> AnalyzedCall {
        AnalyzedCall(
            audio: AudioFormatInfo(container: "wav", encoding: "pcm_16", sampleRate: 8000, channelCount: 2, frameCount: 480_000),
            measurements: call, warnings: [])
    }

    private func measured(_ report: CallReport, _ checklist: String, _ item: String) -> Double? {
        report.checklists.first { $0.id == checklist }?.items.first { $0.id == item }?.measured
    }

    /// One checklist with its own parameters: the report's conversation section (its
    /// parameters, interruptions, backchannels, dead air), which the HTML timeline and the
    /// scorecard read, says what the items say. It said the defaults' numbers: 2 interruptions
    /// on the timeline next to an item measuring 3.
    func testTheConversationFactsUseTheParametersOfTheOneChecklistApplied() throws {
        let loaded = try checklists([("strict", "1.5s", "0.4s", "0.3s")])
        let report = ScoreRunner.report(CallJob(path: "/calls/a.wav"), analyzed: analyzed(), checklists: loaded, mode: .all)
        let conversation = try XCTUnwrap(report.conversation)
        XCTAssertEqual(conversation.parameters, loaded[0].checklist.parameters)
        XCTAssertEqual(report.warnings, [])

        let interruptions = try XCTUnwrap(conversation.interruptions)
        XCTAssertEqual(Double(interruptions.count), measured(report, "strict", "i"))
        XCTAssertEqual(Double(interruptions.filter { $0.by == .agent }.count), measured(report, "strict", "ai"))
        XCTAssertEqual(Double(interruptions.filter { $0.by == .customer }.count), measured(report, "strict", "ci"))
        XCTAssertEqual(Double(try XCTUnwrap(conversation.backchannels).count), measured(report, "strict", "b"))
        XCTAssertEqual(Double(conversation.deadAir.count), measured(report, "strict", "d"))
        XCTAssertEqual(try XCTUnwrap(measured(report, "strict", "ds")), conversation.deadAirSeconds, accuracy: 1e-3)
        XCTAssertNil(report.checklists[0].parametersNote(against: conversation))

        // The call is one where the parameters matter: under the defaults every count differs.
        let defaults = ConversationReport(call.conversation, levelDifferenceDB: nil)
        XCTAssertNotEqual(defaults.interruptions?.count, interruptions.count)
        XCTAssertNotEqual(defaults.backchannels?.count, conversation.backchannels?.count)
        XCTAssertNotEqual(defaults.deadAir.count, conversation.deadAir.count)
    }

    /// Checklists that disagree on parameters: the conversation section keeps the defaults, the
    /// call says so once (naming the checklists and only the parameters that differ), each
    /// checklist's items keep their own, and the HTML says so next to each checklist's items.
    /// With `--checklist-mode first` only the first is applied: its parameters, no warning.
    func testChecklistsThatDisagreeLeaveTheDefaultsWithAWarning() throws {
        let loaded = try checklists([("strict", "1.5s", "0.4s", "0.3s"), ("loose", "3s", "0.4s", "0.5s")])
        let report = ScoreRunner.report(CallJob(path: "/calls/a.wav"), analyzed: analyzed(), checklists: loaded, mode: .all)
        let conversation = try XCTUnwrap(report.conversation)
        XCTAssertEqual(conversation.parameters, ConversationParameters())
        XCTAssertEqual(conversation.interruptions?.count, call.conversation.interruptions?.count)
        XCTAssertEqual(report.warnings, [
            "the checklists strict, loose use different parameters (dead_air_min_s 1.5 s in strict, 3 s in loose; "
                + "backchannel_max_s 0.3 s in strict, 0.5 s in loose): the conversation facts, timeline and scorecard "
                + "figures of this call use the defaults (dead_air_min_s 5 s, interruption_min_overlap_s 0.5 s, "
                + "backchannel_max_s 1 s), and each checklist's items its own parameters",
        ])
        XCTAssertEqual(report.checklists.map(\.parameters), loaded.map(\.checklist.parameters))
        XCTAssertNotEqual(measured(report, "strict", "i"), Double(conversation.interruptions?.count ?? -1),
                          "the items keep their own parameters")
        XCTAssertEqual(report.checklists[0].parametersNote(against: conversation),
                       "This checklist's items are measured with its own parameters, dead_air_min_s 1.5 s, "
                        + "interruption_min_overlap_s 0.4 s, backchannel_max_s 0.3 s; the timeline and conversation facts with 5 s, 0.5 s, 1 s.")

        let first = ScoreRunner.report(CallJob(path: "/calls/a.wav"), analyzed: analyzed(), checklists: loaded, mode: .first)
        XCTAssertEqual(first.conversation?.parameters, loaded[0].checklist.parameters)
        XCTAssertEqual(first.warnings, [])
    }
}
