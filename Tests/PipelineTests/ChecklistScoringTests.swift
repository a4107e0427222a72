import Foundation
import Pipeline
import Scoring
import TestSupport
import XCTest

final class ChecklistScoringTests: XCTestCase {
    private func write(_ text: String, _ name: String, in dir: TemporaryDirectory) throws -> String {
        let url = dir.file(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private func checklist(id: String, direction: String) -> String {
        """
        id: \(id)
        name: \(id)
        version: "1"
        applies_to:
          direction: [\(direction)]
        sections:
          - id: s
            items:
              - id: long
                metric: duration_s
                condition: ">"
                threshold: 1s
        """
    }

    func testAllOrFirstMatchingChecklists() throws {
        let dir = try TemporaryDirectory()
        let paths = [
            try write(checklist(id: "a", direction: "inbound"), "a.yaml", in: dir),
            try write(checklist(id: "b", direction: "inbound"), "b.yaml", in: dir),
            try write(checklist(id: "c", direction: "outbound"), "c.yaml", in: dir),
        ]
        let loaded = try ChecklistScoring.load(paths)
        let inbound = TestCalls.stereo(duration: 20, agent: [(1, 3)], customer: [(4, 6)], metadata: ["direction": "inbound"])
        XCTAssertEqual(ChecklistScoring.evaluate(loaded, on: inbound, mode: .all).map(\.id), ["a", "b"])
        XCTAssertEqual(ChecklistScoring.evaluate(loaded, on: inbound, mode: .first).map(\.id), ["a"])
        let outbound = TestCalls.stereo(duration: 20, agent: [(1, 3)], customer: [(4, 6)], metadata: ["direction": "outbound"])
        XCTAssertEqual(ChecklistScoring.evaluate(loaded, on: outbound, mode: .all).map(\.id), ["c"])
    }

    /// A call no checklist applies to has no score; its warning says why, per checklist (the
    /// report showed only "score: null"). A call some checklist applies to has no such warning.
    func testACallNoChecklistAppliesToSaysWhy() throws {
        let dir = try TemporaryDirectory()
        let paths = [
            try write(checklist(id: "a", direction: "inbound"), "a.yaml", in: dir),
            try write(checklist(id: "long", direction: "outbound").replacingOccurrences(of: "applies_to:", with: "applies_to:\n  min_duration_s: 30s"), "l.yaml", in: dir),
        ]
        let loaded = try ChecklistScoring.load(paths)
        let sales = TestCalls.stereo(duration: 20, agent: [(1, 3)], customer: [(4, 6)], metadata: ["direction": "Sales"])
        XCTAssertEqual(ChecklistScoring.noneAppliesWarning(loaded, on: sales),
                       "no checklist applies to this call, so it has no score (applies_to: a: direction is 'Sales', not inbound; "
                        + "long: the call lasts 20 s, under min_duration_s 30 s)")
        let inbound = TestCalls.stereo(duration: 20, agent: [(1, 3)], customer: [(4, 6)], metadata: ["direction": "INBOUND"])
        XCTAssertNil(ChecklistScoring.noneAppliesWarning(loaded, on: inbound))
        XCTAssertNil(ChecklistScoring.noneAppliesWarning([], on: sales), "no checklist given: nothing to say")
    }

    /// A checklist whose items are all stereo-only, on a mono call: not applicable, and the
    /// report says neither pass nor fail (a scorecard would count `false` as a failed call).
    func testAChecklistWithNoApplicableItemHasNoVerdict() throws {
        let dir = try TemporaryDirectory()
        let text = """
            id: calm
            name: calm
            version: "1"
            sections:
              - id: s
                items:
                  - id: no_interruptions
                    metric: interruptions
                    condition: "=="
                    threshold: 0
            """
        let loaded = try ChecklistScoring.load([try write(text, "calm.yaml", in: dir)])
        let mono = try XCTUnwrap(ChecklistScoring.evaluate(loaded, on: TestCalls.mono(duration: 20, speech: [(1, 5)]), mode: .all).first)
        XCTAssertEqual(mono.status, "not_applicable")
        XCTAssertNil(mono.passed)
        let stereo = TestCalls.stereo(duration: 20, agent: [(1, 3)], customer: [(4, 6)])
        XCTAssertEqual(ChecklistScoring.evaluate(loaded, on: stereo, mode: .all).first?.passed, true)
    }

    /// `--checklist-mode first` scores a call with the first checklist that applies to it, one
    /// that gives a verdict: a checklist of per-party items is `not_applicable` on a mono call,
    /// and was picked, leaving the call without a verdict although the next one applied (and
    /// failed it). When none gives a verdict, the first is kept, so the report says why.
    func testFirstModeSkipsAChecklistThatIsNotApplicableToTheCall() throws {
        let dir = try TemporaryDirectory()
        let party = """
            id: party
            name: party
            version: "1"
            sections:
              - id: s
                items:
                  - id: ratio
                    metric: agent_talk_ratio
                    condition: between
                    threshold: [30%, 70%]
            """
        let napass = """
            id: napass
            name: napass
            version: "1"
            sections:
              - id: s
                items:
                  - id: long
                    metric: duration_s
                    condition: ">"
                    threshold: 1s
                  - id: short
                    metric: duration_s
                    condition: "<"
                    threshold: 1s
            """
        let loaded = try ChecklistScoring.load([try write(party, "party.yaml", in: dir), try write(napass, "napass.yaml", in: dir)])
        let mono = TestCalls.mono(duration: 20, speech: [(1, 5)])
        let first = ChecklistScoring.evaluate(loaded, on: mono, mode: .first)
        XCTAssertEqual(first.map(\.id), ["napass"])
        XCTAssertEqual(first.first?.score, 50)
        XCTAssertEqual(first.first?.passed, false)
        XCTAssertEqual(ChecklistScoring.evaluate(loaded, on: mono, mode: .all).map(\.status), ["not_applicable", "fail"])
        XCTAssertEqual(ChecklistScoring.evaluate(Array(loaded.prefix(1)), on: mono, mode: .first).map(\.status), ["not_applicable"])
        let stereo = TestCalls.stereo(duration: 20, agent: [(1, 3)], customer: [(4, 6)])
        XCTAssertEqual(ChecklistScoring.evaluate(loaded, on: stereo, mode: .first).map(\.id), ["party"])
    }

    func testDuplicateChecklistIdsAreRejected() throws {
        let dir = try TemporaryDirectory()
        let paths = [try write(checklist(id: "a", direction: "inbound"), "a.yaml", in: dir), try write(checklist(id: "a", direction: "outbound"), "b.yaml", in: dir)]
        XCTAssertThrowsError(try ChecklistScoring.load(paths)) { error in
            XCTAssertTrue("\(error.localizedDescription)".contains("checklist id 'a' is also used by"), error.localizedDescription)
            // Like every checklist problem, at the file, line and column of the id (it named only the file).
            XCTAssertEqual(
                (error as? ChecklistError)?.diagnostics.map(\.description),
                ["\(paths[1]):1:5: id: checklist id 'a' is also used by \(paths[0]):1:5; ids must be unique in a run"])
        }
    }

    /// The same checklist named twice, under any spelling, is refused naming the file (it read
    /// "checklist id 'a' is also used by a.yaml", the same file); two files with one id still
    /// read so.
    func testAChecklistNamedTwiceIsRefusedAsSuch() throws {
        let dir = try TemporaryDirectory()
        let path = try write(checklist(id: "a", direction: "inbound"), "a.yaml", in: dir)
        try FileManager.default.createSymbolicLink(atPath: dir.file("link.yaml").path, withDestinationPath: path)
        let folder = dir.file("a.yaml").deletingLastPathComponent().path
        for (second, mention) in [
            (path, ""), ("\(folder)/./a.yaml", " (first as \(path), the same file)"),
            (dir.file("link.yaml").path, " (first as \(path), the same file)"),
        ] {
            XCTAssertThrowsError(try ChecklistScoring.load([path, second])) { error in
                XCTAssertEqual(error.localizedDescription, "\(second): this checklist is named twice\(mention); name each checklist once")
            }
        }
    }
}
