import Reporting
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
