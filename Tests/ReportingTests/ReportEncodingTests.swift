import Conversation
import Foundation
import Reporting
import TestSupport
import XCTest

final class ReportEncodingTests: XCTestCase {
    private func report(_ call: CallMeasurements) -> Report {
        let entry = CallReport(
            source: "b.wav", status: .ok,
            audio: AudioReport(container: "wav", encoding: "ulaw", sampleRateHz: 8000, channels: call.parties.count, durationSeconds: call.durationSeconds),
            channels: call.parties.map { ChannelReport($0, call: call) },
            conversation: ConversationReport(call.conversation))
        return Report(checklists: [], calls: [entry, .failure(source: "a.wav", code: "audio.empty", message: "a.wav: the file is empty (0 bytes)")])
    }

    func testNotApplicableIsNullNeverZero() throws {
        let data = try ReportEncoding.json(report(TestCalls.mono(duration: 10, speech: [(1, 4)])))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let calls = try XCTUnwrap(json["calls"] as? [[String: Any]])
        let mono = try XCTUnwrap(calls.first { $0["source"] as? String == "b.wav" })
        let conversation = try XCTUnwrap(mono["conversation"] as? [String: Any])
        for key in ["overlap", "overlap_s", "interruptions", "backchannels", "turns", "first_agent_speech_s"] {
            XCTAssertTrue(conversation[key] is NSNull, "\(key) must be null on mono")
        }
        let channel = try XCTUnwrap((mono["channels"] as? [[String: Any]])?.first)
        XCTAssertEqual(channel["role"] as? String, "mixed")
        XCTAssertTrue(channel["talk_ratio"] is NSNull)
    }

    /// A report edited by hand (or damaged) to an absurd duration still draws its timeline, with
    /// about 12 ticks: a duration of 1e300 s looped for ever (ticks every 2 hours), and the clock
    /// of a time beyond Int trapped.
    func testATimelineOfAnAbsurdDurationIsDrawn() throws {
        var call = try XCTUnwrap(report(TestCalls.stereo(duration: 10, agent: [(1, 3)], customer: [(4, 6)])).calls.last)
        for duration in [1e300, 1e13, 3 * 86_400.0] {
            call.audio?.durationSeconds = duration
            let svg = try XCTUnwrap(CallTimeline.svg(for: call, id: "c")).render()
            XCTAssertLessThanOrEqual(svg.components(separatedBy: "class=\"tick\"").count - 1, 14, "\(duration)")
        }
        XCTAssertEqual(CallTimeline.clock(3725), "1:02:05")
        XCTAssertEqual(CallTimeline.clock(1e300), "1e+300 s")
    }

    func testReportIsDeterministicSortedAndRounded() throws {
        let call = TestCalls.stereo(duration: 12.3456789, agent: [(1.00049, 4.12345)], customer: [(5, 7)])
        let a = try ReportEncoding.json(report(call)), b = try ReportEncoding.json(report(call))
        XCTAssertEqual(a, b)
        let text = String(decoding: a, as: UTF8.self)
        XCTAssertTrue(text.contains("\"duration_s\" : 12.346"), text)
        XCTAssertTrue(text.contains("1.0,") || text.contains("1,"), "spans rounded to ms")
        let decoded = try ReportEncoding.decode(a)
        XCTAssertEqual(decoded.calls.map(\.source), ["a.wav", "b.wav"], "calls sorted by source")
        XCTAssertEqual(decoded.summary.failed, 1)
        XCTAssertEqual(decoded.summary.scored, 1)
        XCTAssertEqual(decoded, report(call))
    }

    /// `café.wav` written NFC and NFD are two files that Swift `String` holds equal: their calls
    /// come in byte order, whatever order they finished in.
    func testSourcesInTwoUnicodeFormsAreSortedByTheirBytes() {
        let nfc = CallReport.failure(source: "caf\u{00E9}.wav", code: "audio.empty", message: "empty")
        let nfd = CallReport.failure(source: "cafe\u{0301}.wav", code: "audio.empty", message: "empty")
        let other = CallReport.failure(source: "b.wav", code: "audio.empty", message: "empty")
        let expected = [Array(other.source.utf8), Array(nfd.source.utf8), Array(nfc.source.utf8)]
        for calls in [[nfc, nfd, other], [nfd, other, nfc], [other, nfc, nfd]] {
            XCTAssertEqual(Report(checklists: [], calls: calls).calls.map { Array($0.source.utf8) }, expected)
        }
    }

    func testJSONLinesAreOneCallPerLine() throws {
        let line = try ReportEncoding.jsonLine(CallReport.failure(source: "x.wav", code: "audio.empty", message: "x.wav: empty"))
        XCTAssertEqual(line.filter { $0 == 0x0A }.count, 1)
        XCTAssertEqual(line.last, 0x0A)
    }

    func testSummaryTextNamesFailures() {
        let text = SummaryText.render(report(TestCalls.stereo(duration: 10, agent: [(1, 3)], customer: [(4, 6)])))
        XCTAssertTrue(text.contains("\na.wav ") && text.contains("ERROR") && text.contains("audio.empty"), text)
        XCTAssertTrue(text.contains("error: a.wav: the file is empty (0 bytes)"), text)
    }

    /// Durations are written one way everywhere: tenths of a second under an hour, hours from an
    /// hour on. The `--summary` table wrote a run's audio as `262.0 s` and the run's summary line
    /// under it `262 s`; the table ends with its rows, as the run's summary line gives the totals
    /// (they were printed twice).
    func testDurationsAreWrittenOneWayAndTheTableHasNoTotals() {
        let cases: [(Double, String)] = [
            (0, "0.0 s"), (0.26, "0.3 s"), (-0.01, "0.0 s"), (8.24, "8.2 s"), (262, "262.0 s"), (3599.94, "3599.9 s"),
            (3599.96, "1.00 h"), (27_432, "7.62 h"), (.nan, "n/a"),
        ]
        for (seconds, text) in cases {
            XCTAssertEqual(DurationText.format(seconds), text, "\(seconds)")
        }
        let text = SummaryText.render(report(TestCalls.stereo(duration: 10, agent: [(1, 3)], customer: [(4, 6)])))
        XCTAssertFalse(text.contains("scored"), text)
        XCTAssertFalse(text.contains("of audio"), text)
        XCTAssertTrue(text.contains("  10.0 s  "), "the call's length: \(text)")
    }

    /// A call whose first checklist is `not_applicable` (per-party items on a mono call) and
    /// whose second fails it has the second's score and `passed: false`, and the summary row says
    /// FAIL: it read `score: null` and `n/a`, with no hint of the failure.
    func testTheCallsScoreSkipsANotApplicableChecklist() throws {
        func result(_ id: String, _ status: String, score: Double?, passed: Bool?) -> ChecklistResultReport {
            ChecklistResultReport(
                id: id, name: id, version: "1", contentHash: "x", status: status, score: score, passMark: 70, passed: passed,
                criticalFail: false, parameters: ConversationParameters(), items: [])
        }
        var call = try XCTUnwrap(report(TestCalls.mono(duration: 10, speech: [(1, 3)])).calls.first { $0.status == .ok })
        call = CallReport(
            source: call.source, status: .ok, audio: call.audio, channels: call.channels, conversation: call.conversation,
            checklists: [result("party", "not_applicable", score: nil, passed: nil), result("napass", "fail", score: 50, passed: false)])
        XCTAssertEqual(call.score, 50)
        XCTAssertEqual(call.passed, false)
        let text = SummaryText.render(Report(checklists: [], calls: [call]))
        XCTAssertTrue(text.contains("50 FAIL"), text)
    }

    /// The summary writes a score on its side of the pass mark: 69.96 against 70 read "70 FAIL"
    /// (the whole number), and 69.997, reported as 70, read "70 FAIL" too (the verdict compared
    /// the unrounded score); now "69.96 FAIL" and "70 pass".
    func testTheSummaryNeverShowsAScoreOnTheOtherSideOfThePassMark() throws {
        let ok = try XCTUnwrap(report(TestCalls.mono(duration: 10, speech: [(1, 3)])).calls.first { $0.status == .ok })
        func call(_ source: String, score: Double, passed: Bool) -> CallReport {
            let result = ChecklistResultReport(
                id: "c", name: "c", version: "1", contentHash: "x", status: passed ? "pass" : "fail", score: score, passMark: 70,
                passed: passed, criticalFail: false, parameters: ConversationParameters(), items: [])
            return CallReport(source: source, status: .ok, audio: ok.audio, channels: ok.channels, conversation: ok.conversation, checklists: [result])
        }
        let text = SummaryText.render(Report(checklists: [], calls: [call("a.wav", score: 69.96, passed: false), call("b.wav", score: 70, passed: true)]))
        XCTAssertTrue(text.contains("  69.96 FAIL\n"), text)
        XCTAssertTrue(text.contains("  70 pass\n"), text)
        XCTAssertFalse(text.contains("70 FAIL"), text)
    }

    /// Calls are named below the folder they all share: `d1/001.wav` and `d2/001.wav`, a folder
    /// per day with the platform's numbering, were both `001.wav`. A control character in a name
    /// is written as an escape, so a row stays one line and a terminal runs no escape sequence.
    func testSummaryTextNamesCallsApartAndOnOneLine() {
        func failure(_ source: String) -> CallReport { .failure(source: source, code: "audio.empty", message: "\(source): empty") }
        let days = SummaryText.render(Report(checklists: [], calls: ["/data/2026-11-20/001.wav", "/data/2026-11-21/001.wav"].map(failure)))
        XCTAssertTrue(days.contains("\n2026-11-20/001.wav "), days)
        XCTAssertTrue(days.contains("\n2026-11-21/001.wav "), days)
        XCTAssertFalse(days.contains("/data/2026-11-20/001.wav  "), days)
        XCTAssertTrue(SummaryText.render(Report(checklists: [], calls: [failure("/data/x/001.wav")])).contains("\n001.wav "))
        // Each leg of a two-leg call below the shared folder (the customer leg was named from the root).
        let legs = SummaryText.render(Report(checklists: [], calls: [failure("/data/x/a1.wav + /data/x/c1.wav"), failure("/data/x/a2.wav")]))
        XCTAssertTrue(legs.contains("\na1.wav + c1.wav "), legs)
        let odd = SummaryText.render(Report(checklists: [], calls: ["in/bad\nname.wav", "in/esc\u{1B}[31m.wav"].map(failure)))
        XCTAssertEqual(odd.split(separator: "\n").count, 5, odd)  // header, 2 rows, 2 errors
        XCTAssertTrue(odd.contains("bad\\nname.wav"), odd)
        XCTAssertTrue(odd.contains("esc\\u{1B}[31m.wav"), odd)
        XCTAssertFalse(odd.contains("\u{1B}"), odd)
        XCTAssertEqual(TerminalText.escapingControls("a\tb\rc\u{7F}d é"), "a\\tb\\rc\\u{7F}d é")
        // Bidi controls: a name that shows as another name, and reorders the rest of the line.
        XCTAssertEqual(TerminalText.escapingControls("Marco \u{202E}issoR.wav"), "Marco \\u{202E}issoR.wav")
        XCTAssertEqual(TerminalText.escapingControls("a\u{2066}b\u{200F}c ש"), "a\\u{2066}b\\u{200F}c ש")
        let bidi = SummaryText.render(Report(checklists: [], calls: [failure("in/Marco \u{202E}issoR.wav")]))
        XCTAssertFalse(bidi.unicodeScalars.contains { $0.properties.isBidiControl }, bidi)
    }
}
