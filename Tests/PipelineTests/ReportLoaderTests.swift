@testable import Pipeline
import Reporting
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
}
