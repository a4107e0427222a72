@testable import Pipeline
import Reporting
import Scorecards
import XCTest

final class ReportLoaderTests: XCTestCase {
    /// A scorecard (or calibration) of an interrupted run's report, or of some of a sharded run's
    /// reports, aggregated part of the calls as if they were all, in silence; it is said now.
    /// Every shard of a run named together is the whole run: nothing to say.
    func testReportsOfPartOfARunAreNamed() {
        func report(shard: (Int, Int)? = nil, interrupted: Bool? = nil) -> Report {
            var report = Report(checklists: [], calls: [])
            report.shard = shard.map { ShardInfo(index: $0.0, count: $0.1) }
            report.interrupted = interrupted
            return report
        }
        XCTAssertEqual(ReportLoader.partialRunWarnings([("a.json", report()), ("b.json", report(interrupted: false))]), [])
        XCTAssertEqual(ReportLoader.partialRunWarnings([("a.json", report(interrupted: true))]), [
            "a.json is the report of an interrupted run: it holds only the calls finished by then "
                + "(run it again, with --state to go on where it stopped)",
        ])
        XCTAssertEqual(ReportLoader.partialRunWarnings([("p1.json", report(shard: (1, 3))), ("p3.json", report(shard: (3, 3)))]), [
            "p1.json, p3.json are part of a run scored in 3 shards, without shard 2/3: the calls of the missing shards are not "
                + "counted; name every shard's report, or merge them first (callqa merge)",
        ])
        XCTAssertEqual(ReportLoader.partialRunWarnings([("p2.json", report(shard: (2, 2))), ("p1.json", report(shard: (1, 2)))]), [])
    }

    /// The same call and item evaluated pass and then fail read "duplicate evaluation ... the
    /// first is used", as if the row were repeated; it says the two conflict now, with both lines.
    func testConflictingDuplicateEvaluationsAreNamedAsConflicts() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("callqa-conflict-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try "call_id,item,human\nC013,no_clipping,pass\nC013,no_clipping,fail\nC014,greeting,pass\nC014,greeting,yes\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let (evaluations, problems) = try CalibrateCommandRunner.readEvaluations(file.path)
        XCTAssertEqual(evaluations.map(\.line), [2, 4])
        XCTAssertEqual(problems, [
            CalibrationProblem(line: 3, message: "conflicting evaluations of item no_clipping on call C013: fail here, pass on line 2; "
                + "the first (pass) is used: correct the one that is wrong"),
            CalibrationProblem(line: 5, message: "duplicate evaluation of item greeting on call C014; the first is used"),
        ])
    }

    /// QA sheets in Italian, Spanish and Romanian write yes and no in their language: "Sì" was
    /// refused while "No" read as a fail, so a sheet's fails were compared and its passes dropped
    /// (a human pass rate of 0 and a meaningless kappa). Every such word reads now, in any case.
    func testYesAndNoInItalianSpanishAndRomanianAreRead() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("callqa-words-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        let words = [("Sì", true), ("si", true), ("SÍ", true), ("No", false), ("da", true), ("Nu", false), ("OK", true), ("ko", false)]
        try ("call_id;item;human\r\n" + words.enumerated().map { "C\($0.offset);greeting;\($0.element.0)\r\n" }.joined())
            .write(to: file, atomically: true, encoding: .utf8)
        let (evaluations, problems) = try CalibrateCommandRunner.readEvaluations(file.path)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(evaluations.map(\.passed), words.map(\.1))
    }

    /// Human evaluations saved for Excel with a first line `sep=;` were refused: "the header
    /// needs the columns call_id, item and human (found: sep=)". Lines count from the first.
    func testAnExcelSeparatorLineInHumanEvaluationsNamesTheSeparator() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("callqa-sep-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try "\u{FEFF}sep=;\r\ncall_id;item;human\r\nC1;greeting;pass\r\nC2;greeting;maybe\r\n".write(to: file, atomically: true, encoding: .utf8)
        let (evaluations, problems) = try CalibrateCommandRunner.readEvaluations(file.path)
        XCTAssertEqual(evaluations.map(\.line), [3])
        XCTAssertEqual(problems.map(\.line), [4])
    }
}
