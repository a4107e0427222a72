import Conversation
import Foundation
import Reporting
import Scorecards
import XCTest

/// Aggregation, confidence intervals, periods, worst calls and calibration on hand-made calls.
final class ScorecardTests: XCTestCase {
    private func call(
        _ source: String, agent: String, team: String = "T1", date: String? = nil, score: Double?, critical: Bool = false,
        items: [(String, String)] = [("greeting", "pass"), ("dead_air", "pass")]
    ) -> CallReport {
        var metadata = ["agent_id": agent, "team": team, "call_id": source.uppercased(), "agent_name": "Name \(agent)"]
        if let date { metadata["started_at"] = "\(date)T10:00:00+01:00" }
        let results = items.map { id, status in
            ItemResultReport(
                id: id, section: "s", metric: "m", description: "item \(id)", status: status, measured: nil, unit: "s",
                expected: "<= 5 s", credit: status == "pass" ? 1 : 0, weight: 1, critical: critical && id == "greeting",
                reason: "\(id) was \(status)")
        }
        let checklist = ChecklistResultReport(
            id: "inbound", name: "Inbound", version: "1", contentHash: "x", status: critical ? "critical_fail" : "pass", score: score,
            passMark: 80, passed: (score ?? 0) >= 80 && !critical, criticalFail: critical, parameters: ConversationParameters(), items: results)
        return CallReport(source: source, status: .ok, metadata: metadata, checklists: score == nil ? [] : [checklist])
    }

    func testGroupsCountsMeansAndConfidenceIntervals() throws {
        let calls = [
            call("a1", agent: "A", score: 90), call("a2", agent: "A", score: 70, items: [("greeting", "fail"), ("dead_air", "pass")]),
            call("a3", agent: "A", score: 80), call("b1", agent: "B", score: 60, critical: true, items: [("greeting", "fail"), ("dead_air", "fail")]),
            .failure(source: "b2", code: "audio.unreadable", message: "b2: cannot read", metadata: ["agent_id": "B"]),
        ]
        let card = Scorecard(calls: calls, grouping: .agent)
        XCTAssertEqual(card.groups.map(\.key), ["A", "B"])
        let a = card.groups[0]
        XCTAssertEqual(a.calls, 3)
        XCTAssertEqual(a.name, "Name A")
        XCTAssertEqual(a.score?.mean ?? 0, 80, accuracy: 1e-9)
        XCTAssertEqual(a.score?.median, 80)
        // s = 10, t(2) = 4.303: 80 +- 4.303 * 10 / sqrt(3).
        XCTAssertEqual(a.score?.low ?? 0, 80 - 4.303 * 10 / 3.0.squareRoot(), accuracy: 1e-4)
        XCTAssertEqual(a.passRate?.successes, 2)
        XCTAssertEqual(a.passRate?.count, 3)
        let greeting = try XCTUnwrap(a.items.first { $0.item == "greeting" })
        XCTAssertEqual(greeting.passRate.successes, 2)
        XCTAssertEqual(greeting.passRate.count, 3)
        let b = card.groups[1]
        XCTAssertEqual(b.calls, 2)
        XCTAssertEqual(b.failedCalls, 1)
        XCTAssertEqual(b.criticalFailures, 1)
        XCTAssertNil(b.score?.low, "one score has no interval")
        // Worst first: the unreadable call, then the critical failure.
        XCTAssertEqual(b.worstCalls.map(\.source), ["b2", "b1"])
        XCTAssertTrue(b.worstCalls[0].reason.contains("cannot read"))
        XCTAssertEqual(b.worstCalls[1].reason, "critical: greeting was fail; dead_air was fail")
        XCTAssertEqual(card.overall.calls, 5)
        XCTAssertEqual(Scorecard(calls: calls, grouping: .team).groups.map(\.key), ["(no team)", "T1"])
    }

    /// A checklist none of whose items applied (a stereo-only checklist on a mono call) neither
    /// passes nor fails the call: it is out of the pass rate as it is out of the mean score.
    /// Reports written before `passed` could be null said `false`: their status still tells.
    func testANotApplicableChecklistIsOutOfThePassRate() throws {
        func notApplicable(_ source: String, passed: Bool?) -> CallReport {
            let result = ChecklistResultReport(
                id: "inbound", name: "Inbound", version: "1", contentHash: "x", status: "not_applicable", score: nil,
                passMark: 80, passed: passed, criticalFail: false, parameters: ConversationParameters(), items: [])
            return CallReport(source: source, status: .ok, metadata: ["agent_id": "A"], checklists: [result])
        }
        let mono = notApplicable("m1", passed: nil)
        XCTAssertNil(mono.passed, "no verdict on the call")
        let calls = [call("a1", agent: "A", score: 90), mono, notApplicable("m2", passed: false)]
        let group = try XCTUnwrap(Scorecard(calls: calls, grouping: .agent).groups.first)
        XCTAssertEqual(group.calls, 3)
        XCTAssertEqual(group.passRate?.successes, 1)
        XCTAssertEqual(group.passRate?.count, 1)
        XCTAssertEqual(group.score?.mean ?? 0, 90, accuracy: 1e-9)
    }

    /// A call that fails a checklist is a failed call in the scorecard whatever checklist comes
    /// first: a `not_applicable` one (per-party items on a mono call), or one it passed. The
    /// scorecard counted each call's first checklist: the first call was left out, the second
    /// counted as passed, and the pass rate read 100 % (1/1 here, 2/2 with the third).
    func testAFailedChecklistIsNeverHiddenByTheOneBeforeIt() throws {
        func result(_ id: String, _ status: String, score: Double?, passed: Bool?, critical: Bool = false, failing: String? = nil) -> ChecklistResultReport {
            let items = failing.map { [ItemResultReport(
                id: $0, section: "s", metric: "duration_s", description: $0, status: "fail", measured: 30, unit: "s",
                expected: "< 1 s", credit: 0, weight: 1, critical: critical, reason: "duration_s = 30 s, expected < 1 s")] } ?? []
            return ChecklistResultReport(
                id: id, name: id, version: "1", contentHash: "x", status: status, score: score, passMark: 70, passed: passed,
                criticalFail: critical, parameters: ConversationParameters(), items: items)
        }
        let notApplicable = result("party", "not_applicable", score: nil, passed: nil)
        let mono = CallReport(source: "m1", status: .ok, metadata: ["agent_id": "A"], checklists: [
            notApplicable, result("napass", "fail", score: 50, passed: false, failing: "short")])
        XCTAssertEqual(mono.score, 50, "the score of the first checklist with a verdict")
        XCTAssertEqual(mono.passed, false)
        let second = CallReport(source: "s1", status: .ok, metadata: ["agent_id": "A"], checklists: [
            result("easy", "pass", score: 90, passed: true), result("strict", "critical_fail", score: 80, passed: false, critical: true, failing: "greeting")])
        let good = CallReport(source: "g1", status: .ok, metadata: ["agent_id": "A"], checklists: [result("easy", "pass", score: 100, passed: true)])
        let card = Scorecard(calls: [mono, second, good], grouping: .agent)
        XCTAssertEqual(card.overall.passRate?.successes, 1)
        XCTAssertEqual(card.overall.passRate?.count, 3)
        XCTAssertEqual(card.overall.score?.mean ?? 0, (50 + 90 + 100) / 3, accuracy: 1e-9)
        XCTAssertEqual(card.overall.criticalFailures, 1)
        XCTAssertEqual(Set(card.overall.items.map { "\($0.checklist)/\($0.item)" }), ["napass/short", "strict/greeting"])
        XCTAssertEqual(card.overall.worstCalls.map(\.source), ["s1", "m1", "g1"])
        XCTAssertEqual(card.overall.worstCalls[0].reason, "critical: strict: duration_s = 30 s, expected < 1 s")
        XCTAssertEqual(card.overall.worstCalls[1].reason, "duration_s = 30 s, expected < 1 s")
        // With --checklist, that checklist's results alone, as before.
        let easy = Scorecard(calls: [mono, second, good], grouping: .agent, checklist: "easy")
        XCTAssertEqual(easy.overall.passRate?.successes, 2)
        XCTAssertEqual(easy.overall.passRate?.count, 2)
    }

    /// Scores lie in 0-100, so the interval of their mean does too (docs/scorecards.md: "clipped to
    /// 0-100"): three calls at 100, 100 and 60 have a t interval of 86.7 +- 57.4, shown as 29.3-100,
    /// not 29.3-144.
    func testScoreIntervalIsClippedToTheScoreRange() throws {
        let calls = [call("a1", agent: "A", score: 100), call("a2", agent: "A", score: 100), call("a3", agent: "A", score: 60)]
        let card = Scorecard(calls: calls, grouping: .agent)
        for group in [try XCTUnwrap(card.groups.first), card.overall] {
            let score = try XCTUnwrap(group.score)
            XCTAssertEqual(score.mean, 86.6667, accuracy: 1e-4, group.key)
            XCTAssertEqual(score.high, 100, "\(group.key): the interval stops at 100")
            // s = 23.094, t(2) = 4.303: 86.667 - 4.303 * 23.094 / sqrt(3).
            XCTAssertEqual(score.low ?? 0, 86.6667 - 4.3027 * 23.094 / 3.0.squareRoot(), accuracy: 1e-2, group.key)
        }
    }

    func testWilsonIntervalAndTQuantiles() throws {
        let rate = try XCTUnwrap(RateEstimate(successes: 8, count: 10))
        XCTAssertEqual(rate.low, 0.4902, accuracy: 0.0005)  // textbook Wilson interval for 8/10
        XCTAssertEqual(rate.high, 0.9433, accuracy: 0.0005)
        XCTAssertNil(RateEstimate(successes: 0, count: 0))
        XCTAssertEqual(Statistics.t975(degreesOfFreedom: 1), 12.706, accuracy: 1e-3)
        XCTAssertEqual(Statistics.t975(degreesOfFreedom: 60), 2.000, accuracy: 2e-3)
        XCTAssertEqual(Statistics.t975(degreesOfFreedom: 1000), 1.962, accuracy: 2e-3)
    }

    func testPeriodAndChangeAgainstThePreviousPeriod() throws {
        let calls = [
            call("old1", agent: "A", date: "2026-11-10", score: 60), call("old2", agent: "A", date: "2026-11-12", score: 70),
            call("new1", agent: "A", date: "2026-11-17", score: 90), call("new2", agent: "A", date: "2026-11-23", score: 80),
            call("undated", agent: "A", score: 10), call("later", agent: "A", date: "2026-11-24", score: 10),
        ]
        let period = try XCTUnwrap(ScorecardPeriod(from: "2026-11-17", to: "2026-11-23"))
        XCTAssertEqual(period.previousFrom, "2026-11-10")
        XCTAssertEqual(period.previousTo, "2026-11-16")
        let card = Scorecard(calls: calls, grouping: .agent, period: period)
        XCTAssertEqual(card.undatedCallsExcluded, 1)
        let a = try XCTUnwrap(card.groups.first)
        XCTAssertEqual(a.calls, 2)
        XCTAssertEqual(a.score?.mean ?? 0, 85, accuracy: 1e-9)
        XCTAssertEqual(a.change?.previousCalls, 2)
        XCTAssertEqual(a.change?.meanScoreChange ?? 0, 20, accuracy: 1e-9)
        XCTAssertNil(ScorecardPeriod(from: "2026-11-23", to: "2026-11-17"))
        XCTAssertNil(ScorecardPeriod(from: "2026-02-30", to: "2026-03-01"))
        var compact = call("c", agent: "A", score: 50)
        compact.metadata["date"] = "20261118"
        XCTAssertEqual(Scorecard.date(of: compact), "2026-11-18")
    }

    /// A team whose calls were all in the previous period vanished from a --from/--to
    /// scorecard: all calls' previous_calls (4) was more than the groups' (2 + 1). It has a row
    /// now, with 0 calls in the period and its previous figures; per agent, its name and team.
    func testAGroupWithCallsOnlyInThePreviousPeriodHasARow() throws {
        let calls = [
            call("n1", agent: "A1", team: "north", date: "2026-02-23", score: 90), call("n2", agent: "A1", team: "north", date: "2026-02-25", score: 80),
            call("s1", agent: "A2", team: "south", date: "2026-02-24", score: 70), call("e1", agent: "A4", team: "east", date: "2026-02-26", score: 60),
            call("n3", agent: "A1", team: "north", date: "2026-03-02", score: 85), call("s2", agent: "A2", team: "south", date: "2026-03-03", score: 75),
        ]
        let period = try XCTUnwrap(ScorecardPeriod(from: "2026-03-02", to: "2026-03-08"))
        let card = Scorecard(calls: calls, grouping: .team, period: period)
        XCTAssertEqual(card.groups.map(\.key), ["east", "north", "south"])
        XCTAssertEqual(card.groups.map(\.calls), [0, 1, 1])
        XCTAssertEqual(card.groups.map { $0.change?.previousCalls }, [1, 2, 1])
        XCTAssertEqual(card.groups.compactMap { $0.change?.previousCalls }.reduce(0, +), card.overall.change?.previousCalls)
        let east = try XCTUnwrap(card.groups.first)
        XCTAssertNil(east.score)
        XCTAssertEqual(east.change?.previousMeanScore, 60)
        XCTAssertNil(east.change?.meanScoreChange, "no calls in the period: no change")
        XCTAssertEqual(east.worstCalls, [])
        let agents = Scorecard(calls: calls, grouping: .agent, period: period)
        XCTAssertEqual(agents.groups.map(\.key), ["A1", "A2", "A4"])
        XCTAssertEqual(agents.groups.last?.name, "Name A4")
        XCTAssertEqual(agents.groups.last?.team, "east")
        // Without a period every group has calls: nothing changes.
        XCTAssertEqual(Scorecard(calls: calls, grouping: .team).groups.map(\.calls), [1, 3, 2])
        // The CSV and the page show the row.
        XCTAssertTrue(ScorecardCSV.table(card).rows.contains { $0.first == .text("east") })
        XCTAssertTrue(ScorecardPage.render(card, calls: Scorecard.select(calls, period: period).current, title: "t", sources: ["r.json"]).contains("east"))
    }

    func testCohensKappaAndCalibration() throws {
        // Textbook example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> kappa 0.4.
        let pairs = Array(repeating: (true, true), count: 20) + Array(repeating: (true, false), count: 5)
            + Array(repeating: (false, true), count: 10) + Array(repeating: (false, false), count: 15)
        XCTAssertEqual(Statistics.cohensKappa(pairs) ?? 0, 0.4, accuracy: 1e-9)
        XCTAssertNil(Statistics.cohensKappa([(true, true), (true, true)]))

        let calls = [
            call("c1", agent: "A", score: 90), call("c2", agent: "A", score: 50, items: [("greeting", "fail"), ("dead_air", "fail")]),
            call("c3", agent: "A", score: 90, items: [("greeting", "pass"), ("dead_air", "na")]),
        ]
        let evaluations = [
            HumanEvaluation(callID: "C1", checklist: nil, item: "greeting", passed: true, line: 2),
            HumanEvaluation(callID: "C2", checklist: nil, item: "greeting", passed: true, line: 3),
            HumanEvaluation(callID: "C2", checklist: "inbound", item: "dead_air", passed: true, line: 4),
            HumanEvaluation(callID: "C3", checklist: nil, item: "dead_air", passed: false, line: 5),
            HumanEvaluation(callID: "C9", checklist: nil, item: "greeting", passed: true, line: 6),
            HumanEvaluation(callID: "C1", checklist: nil, item: "nope", passed: true, line: 7),
        ]
        let calibration = Calibration(calls: calls, evaluations: evaluations)
        XCTAssertEqual(calibration.compared, 3)
        XCTAssertEqual(calibration.problems.map(\.line), [5, 6, 7])
        let greeting = try XCTUnwrap(calibration.items.first { $0.item == "greeting" })
        XCTAssertEqual(greeting.compared, 2)
        XCTAssertEqual(greeting.agreement, 0.5)
        XCTAssertEqual(greeting.callqaFailedHumanPassed, 1)
        XCTAssertEqual(calibration.calls.first?.callID, "C2")
        XCTAssertEqual(calibration.calls.first?.disagreements, 2)
        // Shares and kappas to 4 decimals, like the scorecards (1 of 3 agree: 0.3333, not 0.3333333333333333).
        XCTAssertEqual(calibration.overallAgreement, 0.3333)
        let twoOfThree = Calibration(calls: calls, evaluations: [
            HumanEvaluation(callID: "C1", checklist: nil, item: "greeting", passed: true, line: 2),
            HumanEvaluation(callID: "C2", checklist: nil, item: "greeting", passed: true, line: 3),
            HumanEvaluation(callID: "C3", checklist: nil, item: "greeting", passed: true, line: 4),
        ])
        let item = try XCTUnwrap(twoOfThree.items.first)
        XCTAssertEqual([item.agreement, item.callqaPassRate], [0.6667, 0.6667])
    }

    /// Two scored calls with one call_id (or, without call_ids, one file name): an evaluation of
    /// it names both and is not compared (the later one was compared, silently). The same call in
    /// two reports, written from two folders, is still one call.
    /// Call ids and item ids are matched with their case: "call c009 is not among the scored
    /// calls" gave no hint that C009 was; it says "did you mean C009?" now, and so of items.
    func testCalibrationSuggestsAnIDThatDiffersOnlyInCase() {
        let calls = [call("c009", agent: "A", score: 90, items: [("No_Long_Dead_Air", "pass")]), call("c010", agent: "A", score: 90)]
        let calibration = Calibration(calls: calls, evaluations: [
            HumanEvaluation(callID: "c009", checklist: nil, item: "No_Long_Dead_Air", passed: true, line: 2),
            HumanEvaluation(callID: "C009", checklist: nil, item: "no_long_dead_air", passed: true, line: 3),
            HumanEvaluation(callID: "C999", checklist: nil, item: "greeting", passed: true, line: 4),
            HumanEvaluation(callID: "C010", checklist: nil, item: "no_such_item", passed: true, line: 5),
        ])
        XCTAssertEqual(calibration.problems.map(\.message), [
            "call c009 is not among the scored calls; did you mean C009? (call_ids are matched with their case)",
            "call C009 has no checklist item no_long_dead_air; did you mean No_Long_Dead_Air? (item ids are matched with their case)",
            "call C999 is not among the scored calls",
            "call C010 has no checklist item no_such_item",
        ])
    }

    func testCalibrationRefusesAnEvaluationNamingTwoCalls() throws {
        var first = call("d1/c1.wav", agent: "A", score: 90), second = call("d2/c9.wav", agent: "B", score: 50)
        second.metadata["call_id"] = first.metadata["call_id"]
        var named1 = call("d1/001.wav", agent: "A", score: 90), named2 = call("d2/001.wav", agent: "A", score: 90)
        named1.metadata["call_id"] = nil
        named2.metadata["call_id"] = nil
        let again = call("/data/d1/c7.wav", agent: "A", score: 90)
        let evaluations = [
            HumanEvaluation(callID: "D1/C1.WAV", checklist: nil, item: "greeting", passed: true, line: 2),
            HumanEvaluation(callID: "001", checklist: nil, item: "greeting", passed: true, line: 3),
            HumanEvaluation(callID: "/DATA/D1/C7.WAV", checklist: nil, item: "greeting", passed: true, line: 4),
        ]
        var moved = call("d1/c7.wav", agent: "A", score: 90)
        moved.metadata["call_id"] = again.metadata["call_id"]
        let calibration = Calibration(calls: [first, second, named1, named2, again, moved], evaluations: evaluations)
        XCTAssertEqual(calibration.compared, 1, "the same call from two folders is one call")
        XCTAssertEqual(calibration.problems.map(\.line), [2, 3])
        XCTAssertEqual(calibration.problems.first?.message,
            "call D1/C1.WAV names 2 scored calls, d1/c1.wav and d2/c9.wav (the same call_id): not compared, since which one "
                + "was evaluated cannot be told; give each call its own call_id")
        XCTAssertEqual(calibration.problems.last?.message,
            "call 001 names 2 scored calls, d1/001.wav and d2/001.wav (calls without a call_id are named by their file name): "
                + "not compared, since which one was evaluated cannot be told; give each call its own call_id (a manifest column) "
                + "and name the calls by it in the evaluations")
    }

    /// An item id in two checklists applied to the call (inbound and outbound both have
    /// few_interruptions) with different results is not compared without a checklist column; it
    /// was compared with the first checklist's result, silently. With the same result, or with the
    /// checklist named, it is compared.
    func testCalibrationRefusesAnItemTwoChecklistsScoredDifferently() throws {
        var scored = call("c1", agent: "A", score: 90, items: [("greeting", "pass"), ("dead_air", "pass")])
        var outbound = try XCTUnwrap(call("c1", agent: "A", score: 50, items: [("greeting", "fail"), ("dead_air", "pass")]).checklists.first)
        outbound.id = "outbound"
        scored.checklists.append(outbound)
        let calibration = Calibration(calls: [scored], evaluations: [
            HumanEvaluation(callID: "C1", checklist: nil, item: "greeting", passed: true, line: 2),
            HumanEvaluation(callID: "C1", checklist: "outbound", item: "greeting", passed: true, line: 3),
            HumanEvaluation(callID: "C1", checklist: nil, item: "dead_air", passed: true, line: 4),
        ])
        XCTAssertEqual(calibration.compared, 2)
        XCTAssertEqual(calibration.problems.map(\.message), [
            "item greeting is in 2 checklists applied to call C1, with different results (inbound: pass, outbound: fail): not compared; "
                + "add a checklist column naming the checklist the person evaluated",
        ])
    }

    /// An evaluation of a call the reports hold but that could not be analysed says so; it read
    /// "not among the scored calls", as if the call were missing from the reports.
    func testCalibrationNamesAnEvaluatedCallThatFailed() {
        let broken = CallReport.failure(source: "d/c4.wav", code: "audio.unreadable", message: "d/c4.wav: cannot read", metadata: ["call_id": "C4"])
        let calibration = Calibration(calls: [broken], evaluations: [HumanEvaluation(callID: "C4", checklist: nil, item: "greeting", passed: true, line: 2)])
        XCTAssertEqual(calibration.problems.map(\.message), [
            "call C4 (d/c4.wav) could not be analysed (audio.unreadable), so it has no results to compare; score it again once the recording is readable",
        ])
    }

    /// A page without calls (a night without recordings) says so where the agent table and the
    /// call sections would be; it showed "0 calls" above an empty table and an empty section.
    func testAPageWithoutCallsSaysSo() {
        let page = ScorecardPage.render(Scorecard(calls: [], grouping: .agent), calls: [], title: "t", sources: ["empty"])
        XCTAssertEqual(page.components(separatedBy: ScorecardPage.emptyText).count - 1, 2, page)
        XCTAssertFalse(page.contains("<table id=\"group-table\""), "no empty table")
        XCTAssertTrue(page.contains("0 calls from empty."))
    }

    /// A page of more calls than get a section lists every other call in a filterable table;
    /// it said only how many there were, so one call among thousands could not be found.
    func testALongPageListsTheCallsWithoutASection() {
        let calls = (0..<(ScorecardPage.maximumCallSections + 10)).map { call(String(format: "c%04d.wav", $0), agent: "A\($0 % 7)", score: 80) }
        let page = ScorecardPage.render(Scorecard(calls: calls, grouping: .agent), calls: calls, title: "t", sources: ["r.json"])
        XCTAssertTrue(page.contains("<table id=\"call-table\""), "a table of the other calls")
        XCTAssertTrue(page.contains("the table below lists the others"))
        // A call without a section is a row: its call id, file and score.
        XCTAssertTrue(page.contains(">C0400.WAV</td><td data-sort=\"c0400.wav\" class=\"text\">c0400.wav</td>"), String(page.suffix(2000)))
        let index = page.components(separatedBy: "<table id=\"call-table\"").last?.components(separatedBy: "</table>").first ?? ""
        XCTAssertEqual(page.components(separatedBy: "<article").count - 1 + index.components(separatedBy: "<tr><td").count - 1, calls.count,
            "every call once, in a section or a row")
    }

    func testHTMLEscapesDataInTextAndAttributes() {
        let hostile = "<script>alert(1)</script>\" onmouseover=\"alert(2)"
        let node = HTMLNode.el("td", ["data-sort": hostile, "title": hostile], .text(hostile))
        let html = node.render()
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.contains("\" onmouseover"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;alert(2)"))

        var evil = call("x.wav", agent: hostile, score: 40)
        evil.metadata["team"] = "<img src=x onerror=alert(3)>"
        let page = ScorecardPage.render(Scorecard(calls: [evil], grouping: .agent), calls: [evil], title: "t", sources: ["<b>r</b>.json"])
        XCTAssertEqual(page.components(separatedBy: "<script>").count - 1, 1, "only callqa's own script element")
        XCTAssertFalse(page.contains("<img"))
        XCTAssertFalse(page.contains("<b>r</b>"))
        XCTAssertTrue(page.contains("&lt;img src=x onerror=alert(3)&gt;"))
    }

    /// A call's Measured column writes each value as its Expected column writes the threshold
    /// (`MetricUnit.format`): it showed `0.58 ratio` next to `between 30 % and 70 %`, and
    /// `0.00 count` next to `<= 1`.
    func testMeasuredValuesAreWrittenLikeTheirThresholds() {
        var report = call("x.wav", agent: "A", score: 80)
        let measured: [(String, Double?, String, String)] = [
            ("talk_share", 0.58, "ratio", "between 30 % and 70 %"), ("dead_air_events", 0, "count", "<= 1"),
            ("interruptions", 1, "count", "<= 2"), ("greeting", 12.3, "s", "<= 15 s"), ("level", -23.25, "LUFS", ">= -26 LUFS"),
            ("peak", -1.3572, "dBTP", "<= -1 dBTP"), ("snr", 36, "dB", ">= 15 dB"), ("mono", nil, "ratio", "<= 70 %"),
        ]
        report.checklists[0].items = measured.map { id, value, unit, expected in
            ItemResultReport(id: id, section: "s", metric: id, description: "item \(id)", status: value == nil ? "na" : "pass", measured: value,
                             unit: unit, expected: expected, credit: value == nil ? nil : 1, weight: 1, critical: false, reason: "r")
        }
        let page = ScorecardPage.render(Scorecard(calls: [report], grouping: .agent), calls: [report], title: "t", sources: ["r.json"])
        let cells = page.components(separatedBy: "class=\"num\">").dropFirst().map { $0.prefix { $0 != "<" } }
        for expected in ["58 %", "0", "1", "12.3 s", "-23.25 LUFS", "-1.36 dBTP", "36 dB", "n/a"] {
            XCTAssertTrue(page.contains("class=\"num\">\(expected)</td>"), "measured \(expected) in \(cells)")
        }
        XCTAssertNil(page.range(of: "[0-9] (ratio|count)<", options: .regularExpression), "no value in 'ratio' or 'count'")
        XCTAssertTrue(page.contains("data-sort=\"0.58\""), "still sorted by the number")
    }

    /// The page writes a score on its side of the pass mark: 79.96 against a pass mark of 80 read
    /// "80.0 — fail" in the call's heading and "score 80.0" among the calls to listen to first;
    /// now "79.96".
    func testScoresAreNeverShownOnTheOtherSideOfThePassMark() {
        var failing = call("x.wav", agent: "A", score: 79.96)
        failing.checklists[0].status = "fail"
        let calls = [failing]
        XCTAssertEqual(calls[0].passed, false)
        let page = ScorecardPage.render(Scorecard(calls: calls, grouping: .agent), calls: calls, title: "t", sources: ["r.json"])
        XCTAssertTrue(page.contains("Inbound 1: 79.96 — fail"), page)
        XCTAssertTrue(page.contains(" — score 79.96</a>"), page)
        XCTAssertFalse(page.contains("80.0 — fail") || page.contains(" — score 80.0"), page)
        let passing = [call("y.wav", agent: "A", score: 85.04)]
        let plain = ScorecardPage.render(Scorecard(calls: passing, grouping: .agent), calls: passing, title: "t", sources: ["r.json"])
        XCTAssertTrue(plain.contains("Inbound 1: 85.0 — pass"), "one decimal when it keeps the side: \(plain)")
    }

    /// A worst call's reason says "critical:" only of a critical item without credit: a late
    /// greeting with 50 % credit read "critical: ... meets <= 8 s: 50 % credit".
    func testAPartialPassOfACriticalItemIsNotCalledCritical() {
        var partial = call("p.wav", agent: "A", score: 60, items: [("greeting", "fail"), ("dead_air", "fail")])
        partial.checklists[0].items[0].critical = true
        partial.checklists[0].items[0].credit = 0.5
        partial.checklists[0].items[0].reason = "greeting meets <= 8 s: 50 % credit"
        let none = call("n.wav", agent: "A", score: 60, critical: true, items: [("greeting", "fail"), ("dead_air", "pass")])
        let worst = Scorecard(calls: [partial, none], grouping: .agent).overall.worstCalls
        XCTAssertEqual(worst.first { $0.source == "p.wav" }?.reason, "greeting meets <= 8 s: 50 % credit; dead_air was fail")
        XCTAssertEqual(worst.first { $0.source == "n.wav" }?.reason, "critical: greeting was fail")
    }

    /// A call's results table names each item by its id, then its description: the Item column
    /// held the description alone, blank for an item without one (descriptions are optional), and
    /// the id that calibration evaluations name items by never appeared.
    func testTheResultsTableNamesItemsByTheirIDs() {
        var report = call("x.wav", agent: "A", score: 80, critical: true, items: [("greeting", "fail"), ("dead_air", "pass")])
        report.checklists[0].items[1].description = ""
        let page = ScorecardPage.render(Scorecard(calls: [report], grouping: .agent), calls: [report], title: "t", sources: ["r.json"])
        XCTAssertTrue(page.contains("<td data-sort=\"greeting\" class=\"text\"><code>greeting</code> (critical): item greeting</td>"), page)
        XCTAssertTrue(page.contains("<td data-sort=\"dead_air\" class=\"text\"><code>dead_air</code></td>"), page)
    }

    /// A bidirectional control in metadata (U+202E, right-to-left override) is written as text,
    /// and metadata inside running text is isolated in `<bdi>`: an agent named
    /// `Marco <U+202E>issoR` showed as "Marco Rossi" on the call and scorecard page, with the
    /// override reordering the rest of its line.
    func testBidiControlsInMetadataCannotReorderThePage() throws {
        var spoof = call("x.wav", agent: "A\u{202E}71", score: 40, items: [("greeting", "fail"), ("dead_air", "pass")])
        spoof.metadata["agent_name"] = "Marco \u{202E}issoR"
        spoof.metadata["team"] = "\u{2067}Milano\u{2069}\u{200F}"
        spoof.metadata["queue"] = "שירות"
        spoof.metadata["call_id"] = "IT-1\u{202D}"
        let page = ScorecardPage.render(Scorecard(calls: [spoof], grouping: .agent), calls: [spoof], title: "t", sources: ["r.json"])
        for control in [0x202E, 0x202D, 0x2067, 0x2069, 0x200F] {
            let scalar = try XCTUnwrap(Unicode.Scalar(UInt32(control)))
            XCTAssertFalse(page.unicodeScalars.contains(scalar), "U+\(String(control, radix: 16, uppercase: true)) left in the page")
        }
        XCTAssertTrue(page.contains("Marco \\u{202E}issoR"), "the override is shown, not obeyed")
        XCTAssertTrue(page.contains("\\u{2067}Milano\\u{2069}\\u{200F}"))
        // Each value in the call's metadata line and heading is isolated from the next.
        XCTAssertTrue(page.contains("<bdi>agent_name</bdi>: <bdi>Marco \\u{202E}issoR</bdi> · "), page)
        XCTAssertTrue(page.contains("<bdi>queue</bdi>: <bdi>שירות</bdi>"))
        XCTAssertTrue(page.contains("<h3><bdi>IT-1\\u{202D}</bdi> — <bdi>x.wav</bdi></h3>"))
        // And so in the scorecard's group heading and its calls to listen to first.
        XCTAssertTrue(page.contains("<summary><bdi>A\\u{202E}71</bdi> · <bdi>Marco \\u{202E}issoR</bdi> · <bdi>\\u{2067}Milano"), page)
        XCTAssertTrue(page.contains("<bdi>IT-1\\u{202D}</bdi> (<bdi>x.wav</bdi>) — score 40.0</a>"))
    }

    /// `001.wav` scored in two folders is two calls when their call_ids differ; the same call in
    /// two reports is one (the last); sources are compared as bytes, not as Unicode-equivalent
    /// strings.
    func testCallsAreTheSameOnlyWhenSourceAndCallIDAgree() {
        var first = call("001.wav", agent: "A", score: 90)
        first.metadata["call_id"] = "D1-1"
        var second = call("001.wav", agent: "A", score: 50)
        second.metadata["call_id"] = "D2-1"
        var rescored = first
        rescored.score = 70
        var noID = call("001.wav", agent: "A", score: 60)
        noID.metadata["call_id"] = nil
        let nfc = call("caf\u{00E9}.wav", agent: "A", score: 80), nfd = call("cafe\u{0301}.wav", agent: "A", score: 80)
        XCTAssertNotEqual(CallIdentity(source: nfc.source, callID: "X"), CallIdentity(source: nfd.source, callID: "X"))

        var collection = CallCollection()
        for report in [first, second, rescored, noID, nfc, nfd] { collection.add(report) }
        XCTAssertEqual(collection.all.map(\.score), [70, 50, 60, 80, 80], "the later report of the same call replaces the earlier one")
        XCTAssertEqual(collection.all.map { $0.metadata["call_id"] }, ["D1-1", "D2-1", nil, nfc.metadata["call_id"], nfd.metadata["call_id"]])
        var history = first
        history.score = 10
        collection.addIfNew(history)
        var other = second
        other.metadata["call_id"] = "D3-1"
        collection.addIfNew(other)
        XCTAssertEqual(collection.all.map(\.score), [70, 50, 60, 80, 80, 50], "a report wins over the history; a new call is added")
    }

    /// The same recording scored from two folders (`week/call00.wav` and `call00.wav`, the same
    /// call_id) was counted twice; it is one call now, from the later report, and the drop is
    /// said. The same call_id on another recording (another length, another file name, or not
    /// analysed) stays two calls, and that is said too.
    func testTheSameRecordingUnderAnotherPathIsOneCall() {
        func scored(_ source: String, id: String, score: Double, seconds: Double = 25.228) -> CallReport {
            var made = call(source, agent: "A1", score: score)
            made.metadata["call_id"] = id
            made.audio = AudioReport(container: "wav", encoding: "pcm_s16", sampleRateHz: 16000, channels: 2, durationSeconds: seconds)
            return made
        }
        var collection = CallCollection()
        for report in [
            scored("week/call00.wav", id: "C000", score: 90), scored("week/call01.wav", id: "C001", score: 80),
            scored("call00.wav", id: "C000", score: 70), scored("call01.wav", id: "C001", score: 60),
        ] { collection.add(report) }
        XCTAssertEqual(collection.all.map(\.source), ["call00.wav", "call01.wav"], "the later report's entry, in the first one's place")
        XCTAssertEqual(collection.all.map(\.score), [70, 60])
        XCTAssertEqual(collection.warnings, [
            "2 duplicate calls dropped: the same call_id and the same recording (file name, format and length) named by different "
                + "paths, as C000 is week/call00.wav and call00.wav; each call is counted once, from the last report named (a report "
                + "before the --state history)",
        ])
        // A report wins over the history, under any path.
        collection.addIfNew(scored("/data/week/call00.wav", id: "C000", score: 10))
        XCTAssertEqual(collection.all.map(\.score), [70, 60])
        XCTAssertEqual(collection.duplicates.count, 3)

        // Only the call_id agrees: two calls, and one line says so.
        var other = CallCollection()
        var failed = scored("d3/call00.wav", id: "C000", score: 0)
        failed.status = .error
        for report in [
            scored("d1/call00.wav", id: "C000", score: 90), scored("d2/call00.wav", id: "C000", score: 80, seconds: 31),
            scored("d2/other.wav", id: "C000", score: 70), failed, scored("d1/call01.wav", id: "C001", score: 60),
        ] { other.add(report) }
        XCTAssertEqual(other.all.count, 5)
        XCTAssertEqual(other.duplicates, [])
        XCTAssertEqual(other.warnings, [
            "1 call_id is given to calls that are not shown to be the same recording (another file name, format or length, or not "
                + "analysed), as C000 to d1/call00.wav and d2/call00.wav: they are counted as separate calls; give each recording its "
                + "own call_id",
        ])
        // Two-leg calls compare each leg's file name.
        XCTAssertTrue(CallCollection.sameRecording(
            scored("w/a.wav + w/b.wav", id: "X", score: 1), scored("a.wav + b.wav", id: "X", score: 2)))
        XCTAssertFalse(CallCollection.sameRecording(
            scored("w/a.wav + w/b.wav", id: "X", score: 1), scored("a.wav + c.wav", id: "X", score: 2)))
    }

    /// Two calls with the same source each get their own section and anchor on the HTML page.
    func testPageAnchorsEachCallEvenWhenSourcesAgree() throws {
        var first = call("001.wav", agent: "A", score: 40, items: [("greeting", "fail"), ("dead_air", "pass")])
        first.metadata["call_id"] = "D1-1"
        var second = call("001.wav", agent: "A", score: 90)
        second.metadata["call_id"] = "D2-1"
        let calls = [first, second]
        let page = ScorecardPage.render(Scorecard(calls: calls, grouping: .agent), calls: calls, title: "t", sources: ["r1.json", "r2.json"])
        XCTAssertTrue(page.contains("id=\"call-1\""), "one section per call")
        XCTAssertTrue(page.contains("id=\"call-2\""))
        // The call to listen to first (the lower score) links to its own section.
        let link = try XCTUnwrap(page.range(of: "href=\"#call-"))
        let target = page[link.upperBound...].prefix { $0 != "\"" }
        let section = try XCTUnwrap(page.range(of: "id=\"call-\(target)\""))
        XCTAssertTrue(page[section.upperBound...].prefix(400).contains("D1-1"), String(page[section.upperBound...].prefix(400)))
    }

    func testCSVQuotesOnlyWhatItMustAndDefusesFormulas() {
        let table = CSVTable(header: ["name", "score", "calls"], rows: [
            [.text("Rossi, Marco"), .number(82.5), .integer(3)],
            [.text("=HYPERLINK(\"http://x\")"), .number(80), .empty],
            [.text("line\nbreak"), .number(-3.25), .integer(0)],
        ])
        let text = String(decoding: table.render(), as: UTF8.self)
        XCTAssertEqual(text, "name,score,calls\r\n\"Rossi, Marco\",82.5,3\r\n\"'=HYPERLINK(\"\"http://x\"\")\",80,\r\n\"line\nbreak\",-3.25,0\r\n")
        // After spaces an import may trim, and in full-width forms (read as ASCII by Excel in East
        // Asian locales), a formula is defused too; a value that only holds such a sign later is not.
        let more = CSVTable(header: ["name"], rows: [[.text("  =1+1")], [.text("\u{FF1D}1+1")], [.text("\u{A0}@SUM(A1)")], [.text("a=b")], [.text("   ")]])
        XCTAssertEqual(
            String(decoding: more.render(), as: UTF8.self),
            "name\r\n'  =1+1\r\n'\u{FF1D}1+1\r\n'\u{A0}@SUM(A1)\r\na=b\r\n   \r\n")
    }

    /// `--csv-style excel-semicolon`: what Excel in Italian or Spanish opens as columns and
    /// numbers (semicolons, decimal commas) and reads as UTF-8 (a byte order mark); `excel` the
    /// byte order mark only. A comma-separated file was one column of text there, and accented
    /// names (Ștefan, José) were garbled by Excel everywhere.
    func testCSVForExcelInEveryLocale() {
        let table = CSVTable(header: ["name", "score", "calls"], rows: [
            [.text("Ștefan; José"), .number(82.5), .integer(3)],
            [.text("-1"), .number(-0.3424), .empty],
        ])
        let bom = "\u{FEFF}"
        XCTAssertEqual(String(decoding: table.render(style: .excelSemicolon), as: UTF8.self),
            bom + "name;score;calls\r\n\"Ștefan; José\";82,5;3\r\n'-1;-0,3424;\r\n")
        XCTAssertEqual(String(decoding: table.render(style: .excel), as: UTF8.self),
            bom + "name,score,calls\r\nȘtefan; José,82.5,3\r\n'-1,-0.3424,\r\n")
        XCTAssertEqual(table.render(style: .plain).first, UInt8(ascii: "n"), "no byte order mark for scripts")
    }
}
