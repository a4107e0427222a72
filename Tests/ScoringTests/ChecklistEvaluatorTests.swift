import Conversation
import Scoring
import TestSupport
import XCTest

final class ChecklistEvaluatorTests: XCTestCase {
    private func checklist(_ items: String, header: String = "") throws -> Checklist {
        try ChecklistParser.parse("id: t\nname: T\nversion: \"1\"\n\(header)sections:\n  - id: s\n    items:\n\(items)", file: "t.yaml")
    }

    private func item(_ id: String, _ metric: String, _ condition: String, _ threshold: String, extra: String = "") -> String {
        "      - id: \(id)\n        metric: \(metric)\n        condition: \"\(condition)\"\n        threshold: \(threshold)\n\(extra)"
    }

    // Agent greets at 2 s, customer interrupts once at 6 s; 30 s call.
    private let call = TestCalls.stereo(duration: 30, agent: [(2, 8), (12, 20)], customer: [(6, 10), (21, 25)])

    /// A checklist written from the docs without a gate on talk passes a dead line: its
    /// per-party items are n/a and its holds and interruptions measure 0 (a dead-air item fails
    /// it: the whole call is dead air). `checklist validate`
    /// and `explain` say so; the shipped checklists, which open with critical gates, fail it.
    func testAChecklistThatPassesASilentCallIsNamed() throws {
        let ungated = try checklist(
            item("greet", "first_agent_speech_s", "<=", "5s") + item("hold", "longest_hold_s", "<", "60s")
                + item("few", "agent_interruptions", "<=", "2") + item("level", "agent_active_speech_level_dbfs", ">=", "-28 dBFS"))
        XCTAssertEqual(ungated.silentCallLayoutsPassing, ["stereo", "mono"])
        XCTAssertTrue(ungated.silentCallWarning?.hasPrefix("a call in which no one speaks (a dead line") == true)
        XCTAssertTrue(ChecklistExplainer.explain(ungated).contains("Warning: a call in which no one speaks"))
        let agentGate = try checklist(item("agent", "agent_talk_s", ">=", "1s", extra: "        critical: true\n") + item("hold", "longest_hold_s", "<", "60s"))
        XCTAssertEqual(agentGate.silentCallLayoutsPassing, ["mono"], "agent_talk_s is n/a on a mono call")
        XCTAssertTrue(agentGate.silentCallWarning?.hasPrefix("a mono call in which no one speaks") == true)
        for name in ["inbound", "outbound", "switchboard"] {
            let shipped = try ChecklistParser.load(path: TestPaths.repository + "/checklists/\(name).yaml")
            XCTAssertEqual(shipped.silentCallLayoutsPassing, [], name)
            XCTAssertFalse(ChecklistExplainer.explain(shipped).contains("Warning:"), name)
        }
    }

    func testEveryOperator() throws {
        let cases: [(String, String, String, Bool)] = [
            ("<", "first_agent_speech_s", "3s", true), ("<", "first_agent_speech_s", "2s", false),
            ("<=", "first_agent_speech_s", "2s", true), (">", "duration_s", "29s", true), (">", "duration_s", "30s", false),
            (">=", "duration_s", "30s", true), ("==", "interruptions", "1", true), ("==", "interruptions", "2", false),
            ("!=", "interruptions", "0", true), ("between", "agent_talk_ratio", "[50%, 70%]", true),
            ("between", "agent_talk_ratio", "[70%, 90%]", false), ("outside", "agent_talk_ratio", "[70%, 90%]", true),
            ("outside", "agent_talk_ratio", "[50%, 70%]", false),
        ]
        for (op, metric, threshold, passes) in cases {
            let result = ChecklistEvaluator.evaluate(try checklist(item("i", metric, op, threshold)), measurements: call)
            XCTAssertEqual(result.items[0].status, passes ? .pass : .fail, "\(metric) \(op) \(threshold): \(result.items[0].reason)")
            XCTAssertEqual(result.score, passes ? 100 : 0, "\(metric) \(op) \(threshold)")
        }
    }

    /// A supervisor's very large threshold (`1e300`, `2e19`) validates, so it must also print: the
    /// reasons and `checklist explain` converted it to a whole Int and trapped, ending the batch.
    func testVeryLargeThresholdsAreShownNotTrapped() throws {
        let items = item("long", "duration_s", "<", "1e300") + item("many", "interruptions", "<=", "20000000000000000000")
            + item("huge", "duration_s", ">=", "1e300")
        let list = try checklist(items)
        let result = ChecklistEvaluator.evaluate(list, measurements: call)
        XCTAssertEqual(result.items.map(\.status), [.pass, .pass, .fail])
        XCTAssertEqual(result.items[0].reason, "duration_s = 30 s, expected < 1e+300 s")
        XCTAssertEqual(result.items[1].reason, "interruptions = 1, expected <= 2e+19")
        XCTAssertTrue(ChecklistExplainer.explain(list).contains("full credit when duration_s < 1e+300 s"))
        XCTAssertEqual(MetricUnit.seconds.format(-.infinity), "-inf s")
    }

    /// `checklist explain` never says an item that counts is "0 % of the score" (weight 1 beside
    /// a weight of 1,000,000 is 0.0001 %), nor that the other is 100 %.
    func testExplainNeverCallsACountingItemZeroPercent() throws {
        let list = try checklist(
            item("big", "duration_s", ">=", "1s", extra: "        weight: 1000000\n") + item("small", "interruptions", "<=", "2"))
        let text = ChecklistExplainer.explain(list)
        XCTAssertTrue(text.contains("- small (weight 1, under 0.01 % of the score)"), text)
        XCTAssertTrue(text.contains("- big (weight 1000000, over 99.99 % of the score)"), text)
    }

    /// An announced hold is no dead air for the bundled checklists: "please hold", music from 11
    /// to 31 s, "thank you for holding". Their dead-air items measured `longest_silence_s`,
    /// which keeps the hold in (22 s here), and the call failed them; the same 22 s of silence
    /// without hold music still fails them.
    func testShippedDeadAirItemsLeaveAnnouncedHoldOut() throws {
        let agent = [(1.0, 5.0), (8.0, 10.0), (32.0, 36.0)], customer = [(5.5, 7.5), (37.0, 40.0)]
        let held = TestCalls.stereo(duration: 45, agent: agent, customer: customer, hold: [(11, 31)])
        let silent = TestCalls.stereo(duration: 45, agent: agent, customer: customer)
        XCTAssertEqual(MetricCatalog.metric(named: "longest_silence_s")?.value(held) ?? -1, 22, accuracy: 1e-9)
        XCTAssertEqual(MetricCatalog.metric(named: "longest_dead_air_s")?.value(held) ?? -1, 1, accuracy: 1e-9)
        for (file, itemID) in [("inbound", "no_long_dead_air"), ("outbound", "dead_air"), ("switchboard", "no_dead_air")] {
            let list = try ChecklistParser.load(path: Fixtures.repositoryRoot.appendingPathComponent("checklists/\(file).yaml").path)
            func status(_ call: CallMeasurements) throws -> ItemStatus {
                try XCTUnwrap(ChecklistEvaluator.evaluate(list, measurements: call).items.first { $0.item.id == itemID }, itemID).status
            }
            XCTAssertEqual(try status(held), .pass, "\(file).yaml \(itemID) with hold")
            XCTAssertEqual(try status(silent), .fail, "\(file).yaml \(itemID) without hold")
        }
    }

    func testScoreIsWeightedAndExcludesNotApplicable() throws {
        let items = item("a", "first_agent_speech_s", "<=", "5s", extra: "        weight: 3\n")
            + item("b", "interruptions", "==", "0", extra: "        weight: 1\n")
        let stereo = ChecklistEvaluator.evaluate(try checklist(items), measurements: call)
        XCTAssertEqual(stereo.score ?? -1, 75, accuracy: 1e-9)  // 100 x 3 / 4
        // Mono: both items are not applicable: excluded, no score, never a silent pass or fail.
        let mono = ChecklistEvaluator.evaluate(try checklist(items), measurements: TestCalls.mono(duration: 30, speech: [(1, 5)]))
        XCTAssertEqual(mono.items.map(\.status), [.notApplicable, .notApplicable])
        XCTAssertNil(mono.score)
        XCTAssertEqual(mono.status, "not_applicable")
        XCTAssertTrue(mono.items[0].reason.contains("not measurable on a mono recording"), mono.items[0].reason)
    }

    func testNotApplicablePolicies() throws {
        let mono = TestCalls.mono(duration: 30, speech: [(1, 5)])
        let items = item("a", "agent_talk_ratio", "<=", "70%", extra: "        when_na: pass\n")
            + item("b", "interruptions", "<=", "1", extra: "        when_na: fail\n") + item("c", "duration_s", ">", "10s")
        let result = ChecklistEvaluator.evaluate(try checklist(items), measurements: mono)
        XCTAssertEqual(result.items.map(\.status), [.pass, .fail, .pass])
        XCTAssertEqual(result.score ?? -1, 200.0 / 3, accuracy: 1e-9)
    }

    func testGreetingNotApplicableWhenTheAgentNeverSpeaks() throws {
        let silentAgent = TestCalls.stereo(duration: 20, agent: [], customer: [(1, 5)])
        let result = ChecklistEvaluator.evaluate(try checklist(item("g", "first_agent_speech_s", "<=", "5s")), measurements: silentAgent)
        XCTAssertEqual(result.items[0].status, .notApplicable)
    }

    func testCriticalFailureFailsTheCallButKeepsTheScore() throws {
        let items = item("a", "first_agent_speech_s", "<=", "1s", extra: "        critical: true\n        weight: 1\n")
            + item("b", "duration_s", ">", "10s", extra: "        weight: 9\n")
        let result = ChecklistEvaluator.evaluate(try checklist(items), measurements: call)
        XCTAssertEqual(result.score ?? -1, 90, accuracy: 1e-9)
        XCTAssertTrue(result.criticalFail)
        XCTAssertFalse(result.passed)
        XCTAssertEqual(result.status, "critical_fail")
    }

    /// A critical item fails the call only when it earns no credit: a partial-credit band on it is
    /// a partial pass. The bundled greetings (inbound: 50 % credit up to 8 s; switchboard: up to
    /// 5 s) gave a late greeting "50 % credit" and failed the call outright as a critical failure.
    func testPartialCreditOnACriticalItemIsAPartialPass() throws {
        let items = item("g", "first_agent_speech_s", "<=", "5s", extra: "        partial:\n          - {threshold: 8s, credit: 0.5}\n        critical: true\n")
            + item("d", "duration_s", ">", "10s", extra: "        weight: 9\n")
        let list = try checklist(items)
        let late = ChecklistEvaluator.evaluate(list, measurements: TestCalls.stereo(duration: 30, agent: [(6, 10)], customer: [(11, 15)]))
        XCTAssertEqual(late.items[0].credit, 0.5)
        XCTAssertFalse(late.criticalFail, late.items[0].reason)
        XCTAssertTrue(late.passed)
        XCTAssertEqual(late.score ?? -1, 95, accuracy: 1e-9)
        XCTAssertTrue(late.items[0].reason.hasSuffix("50 % credit (a partial pass: only no credit on this critical item fails the call)"), late.items[0].reason)
        let later = ChecklistEvaluator.evaluate(list, measurements: TestCalls.stereo(duration: 30, agent: [(9, 12)], customer: [(13, 15)]))
        XCTAssertEqual(later.items[0].credit, 0)
        XCTAssertTrue(later.criticalFail)
        XCTAssertEqual(later.status, "critical_fail")
        let explained = ChecklistExplainer.explain(list)
        XCTAssertTrue(explained.contains("- g (weight 1, 10 % of the score, CRITICAL: no credit on it fails the call)"), explained)
        XCTAssertTrue(explained.contains("otherwise 50 % credit when <= 8 s (a partial pass: the call does not fail on it)"), explained)
        XCTAssertTrue(explained.contains("otherwise no credit (the call fails);"), explained)

        for (file, greeting, start) in [("inbound", "prompt_greeting", 6.0), ("switchboard", "immediate_greeting", 4.0)] {
            let shipped = try ChecklistParser.load(path: Fixtures.repositoryRoot.appendingPathComponent("checklists/\(file).yaml").path)
            let call = TestCalls.stereo(duration: 60, agent: [(start, start + 10), (30, 40)], customer: [(17, 28), (42, 50)])
            let result = ChecklistEvaluator.evaluate(shipped, measurements: call)
            let item = try XCTUnwrap(result.items.first { $0.item.id == greeting })
            XCTAssertTrue(item.item.critical, "\(file) \(greeting)")
            XCTAssertEqual(item.credit, 0.5, "\(file) \(greeting): \(item.reason)")
            XCTAssertFalse(result.criticalFail, "\(file): \(result.items.filter { $0.status == .fail }.map(\.reason))")
        }
    }

    func testPartialCreditBandsAndWarnings() throws {
        let late = TestCalls.stereo(duration: 30, agent: [(7, 10)], customer: [(11, 15)])
        let items = item("g", "first_agent_speech_s", "<=", "5s", extra: "        warn: 3s\n        partial:\n          - {threshold: 8s, credit: 0.5}\n          - {threshold: 12s, credit: 0.25}\n")
        let partial = ChecklistEvaluator.evaluate(try checklist(items), measurements: late)
        XCTAssertEqual(partial.items[0].credit, 0.5)
        XCTAssertEqual(partial.score ?? -1, 50, accuracy: 1e-9)
        XCTAssertTrue(partial.items[0].reason.contains("50 % credit"), partial.items[0].reason)
        let warned = ChecklistEvaluator.evaluate(try checklist(items), measurements: TestCalls.stereo(duration: 30, agent: [(4, 9)], customer: [(10, 12)]))
        XCTAssertEqual(warned.items[0].status, .warn)
        XCTAssertEqual(warned.items[0].credit, 1)
    }

    func testPassMark() throws {
        let items = item("a", "duration_s", ">", "10s") + item("b", "interruptions", "==", "0")
        let result = ChecklistEvaluator.evaluate(try checklist(items, header: "pass_mark: 60\n"), measurements: call)
        XCTAssertEqual(result.score, 50)
        XCTAssertFalse(result.passed)
        XCTAssertEqual(result.status, "fail")
    }

    /// A call passes when its score as reported (2 decimals) is at or above the pass mark: weights
    /// 6999.7 and 3000.3 score 69.997, reported as 70, and two items of three score 66.666...,
    /// reported as 66.67. Both failed, the unrounded score being compared, while the summary,
    /// the JSON and the HTML showed a score equal to the pass mark. 69.96 still fails 70.
    func testAScoreEqualToThePassMarkAsReportedPasses() throws {
        let cases: [(weights: [Double], passMark: String, passes: Bool)] = [
            ([6999.7, 3000.3], "70", true), ([1, 1, 1], "66.67", true), ([6996, 3004], "70", false), ([1, 1, 1], "66.68", false),
        ]
        for (weights, passMark, passes) in cases {
            // The first items pass (duration_s > 10 s on a 30 s call), the last fails.
            let items = weights.enumerated().map { index, weight in
                item("i\(index)", "duration_s", index == weights.count - 1 ? "<" : ">", "10s", extra: "        weight: \(weight)\n")
            }.joined()
            let result = ChecklistEvaluator.evaluate(try checklist(items, header: "pass_mark: \(passMark)\n"), measurements: call)
            XCTAssertEqual(result.passed, passes, "weights \(weights), score \(result.score ?? -1), pass mark \(passMark)")
            XCTAssertEqual(result.status, passes ? "pass" : "fail", "weights \(weights), pass mark \(passMark)")
        }
    }

    func testChecklistParametersChangeTheDefinitions() throws {
        // One interruption with 4 s overlap (6-8... agent speaks 2-8, customer 6-10: 2 s of overlap).
        let strict = try checklist(item("i", "interruptions", "==", "0"), header: "parameters:\n  interruption_min_overlap_s: 3s\n")
        XCTAssertEqual(ChecklistEvaluator.evaluate(strict, measurements: call).items[0].status, .pass)
        let normal = try checklist(item("i", "interruptions", "==", "0"))
        XCTAssertEqual(ChecklistEvaluator.evaluate(normal, measurements: call).items[0].status, .fail)
    }

    func testReasonsNameMeasuredAndExpected() throws {
        let result = ChecklistEvaluator.evaluate(try checklist(item("g", "first_agent_speech_s", "<=", "1s")), measurements: call)
        XCTAssertEqual(result.items[0].reason, "first_agent_speech_s = 2 s, expected <= 1 s")
        XCTAssertEqual(result.items[0].measured, 2)
    }

    /// A value within rounding of its threshold is written with the decimals that keep it on its
    /// side ("first_agent_speech_s = 1 s, expected <= 1 s" failed), and a threshold with the ones
    /// it needs (`5ms` read "< 0.01 s"); other values keep 2 decimals.
    func testValuesAndThresholdsNearTheirBoundaryAreShownAsTheyAre() throws {
        let late = TestCalls.stereo(duration: 30, agent: [(1.004, 8)], customer: [(10, 12)])
        let items = item("g", "first_agent_speech_s", "<=", "1s") + item("h", "first_agent_speech_s", ">=", "1.0045s")
            + item("t", "first_agent_speech_s", "<", "5ms") + item("r", "agent_talk_ratio", "<=", "78.12%")
        let result = ChecklistEvaluator.evaluate(try checklist(items), measurements: late)
        XCTAssertEqual(result.items.map(\.status), [.fail, .fail, .fail, .pass])
        XCTAssertEqual(result.items[0].reason, "first_agent_speech_s = 1.004 s, expected <= 1 s")
        XCTAssertEqual(result.items[1].reason, "first_agent_speech_s = 1 s, expected >= 1.0045 s", "1 s is on its side")
        XCTAssertEqual(result.items[2].reason, "first_agent_speech_s = 1 s, expected < 0.005 s")
        XCTAssertEqual(result.items[3].reason, "agent_talk_ratio = 77.77 %, expected <= 78.12 %")
        XCTAssertEqual(MetricUnit.ratio.format(0.33333, places: 3), "33.333 %")
        XCTAssertEqual(MetricUnit.seconds.format(2.5, places: 4), "2.5 s")
    }

    func testApplicabilityMatchesMetadataAndDuration() throws {
        let c = try checklist(item("a", "duration_s", ">", "1s"), header: "applies_to:\n  direction: [inbound]\n  min_duration_s: 10s\n")
        XCTAssertTrue(c.appliesTo.matches(metadata: ["direction": "Inbound"], durationSeconds: 30))
        XCTAssertFalse(c.appliesTo.matches(metadata: ["direction": "outbound"], durationSeconds: 30))
        XCTAssertTrue(c.appliesTo.matches(metadata: [:], durationSeconds: 30), "a missing field does not exclude")
        XCTAssertFalse(c.appliesTo.matches(metadata: ["direction": "inbound"], durationSeconds: 5))
    }

    /// A manifest value with spaces around it (` Inbound `, a CSV written as `a.wav, Inbound`)
    /// matches as the channel-health checks read it (`MetadataValue`); it excluded the call.
    func testApplicabilityIgnoresCaseAndSpacesAroundValues() throws {
        let c = try checklist(item("a", "duration_s", ">", "1s"), header: "applies_to:\n  direction: [inbound]\n")
        for value in ["INBOUND", " Inbound ", "inbound\t"] {
            XCTAssertTrue(c.appliesTo.matches(metadata: ["direction": value], durationSeconds: 30), "'\(value)'")
            XCTAssertNil(c.appliesTo.mismatch(metadata: ["direction": value], durationSeconds: 30), "'\(value)'")
        }
        XCTAssertFalse(c.appliesTo.matches(metadata: ["direction": "in bound"], durationSeconds: 30))
    }

    func testEveryCatalogueMetricHasAUnitAndIsReadable() {
        for metric in MetricCatalog.all {
            XCTAssertFalse(metric.summary.isEmpty, metric.name)
            XCTAssertNotNil(metric.value(call) as Double?? ?? nil, "\(metric.name) on a stereo call")
        }
        XCTAssertEqual(Set(MetricCatalog.names).count, MetricCatalog.all.count, "names are unique")
    }
}

final class CountingRuleTests: XCTestCase {
    func testCountRulesCountEventsByDuration() throws {
        // Silences between speech: 3 s (5-8), 9 s (10-19), 6 s (21-27).
        let call = TestCalls.stereo(duration: 40, agent: [(1, 5), (19, 21)], customer: [(8, 10), (27, 30)])
        let text = """
            id: c
            name: C
            version: "1"
            sections:
              - id: s
                items:
                  - id: long_pauses
                    metric: count(dead_air >= 8s)
                    condition: "<="
                    threshold: 1
                  - id: any_pauses
                    metric: count(dead_air >= 5 s)
                    condition: "<="
                    threshold: 1
            """
        let result = ChecklistEvaluator.evaluate(try ChecklistParser.parse(text, file: "c.yaml"), measurements: call)
        XCTAssertEqual(result.items.map(\.measured), [1, 2])
        XCTAssertEqual(result.items.map(\.status), [.pass, .fail])
        let mono = ChecklistEvaluator.evaluate(
            try ChecklistParser.parse(text.replacingOccurrences(of: "dead_air >= 8s", with: "overlaps > 1s"), file: "c.yaml"),
            measurements: TestCalls.mono(duration: 10, speech: [(1, 4)]))
        XCTAssertEqual(mono.items[0].status, .notApplicable, "per-party event lists are n/a on mono")
    }

    func testCountRuleErrors() {
        let base = "id: c\nname: C\nversion: \"1\"\nsections:\n  - id: s\n    items:\n      - id: x\n        metric: METRIC\n        condition: \"<=\"\n        threshold: 1\n"
        let cases = [
            ("count(dead_ari >= 8s)", "sections[0].items[0].metric: unknown event list 'dead_ari'; did you mean 'dead_air'? (expected one of: dead_air, silences, holds, overlaps, interruptions, agent_turns, customer_turns)"),
            ("count(dead_air >= 8 LUFS)", "sections[0].items[0].metric: wrong unit 'LUFS' in '8 LUFS': this metric is measured in s; use ms, min, s, sec, e.g. 5 s"),
            ("count(dead_air)", "sections[0].items[0].metric: a counting rule needs a comparison: count(dead_air >= 8s)"),
        ]
        for (metric, message) in cases {
            do {
                _ = try ChecklistParser.parse(base.replacingOccurrences(of: "METRIC", with: "\"\(metric)\""), file: "c.yaml")
                XCTFail("\(metric) accepted")
            } catch {
                let first = error.diagnostics[0]
                XCTAssertEqual("\(first.path): \(first.message)", message)
                XCTAssertEqual(first.line, 8, metric)
                XCTAssertEqual(first.column, 17, metric)
            }
        }
    }

    func testJSONChecklistIsAccepted() throws {
        let json = """
            {"id": "j", "name": "J", "version": "2", "pass_mark": 80,
             "sections": [{"id": "s", "items": [{"id": "lu", "metric": "agent_loudness_range_lu", "condition": "<=", "threshold": "15 LU"}]}]}
            """
        let checklist = try ChecklistParser.parse(json, file: "j.json")
        XCTAssertEqual(checklist.items[0].pass.low, 15)
        XCTAssertEqual(checklist.passMark, 80)
    }
}
