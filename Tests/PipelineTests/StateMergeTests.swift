import Foundation
import Pipeline
import TestSupport
import XCTest

/// `callqa merge --state` exits 2, "nothing written", when a part cannot be merged: the target
/// must then be neither created nor changed.
final class StateMergeTests: XCTestCase {
    func testAPartThatCannotBeMergedLeavesTheTargetUntouched() throws {
        let dir = try TemporaryDirectory()
        let good = dir.file("state-1.sqlite").path
        _ = try StateStore(path: good)
        let notState = dir.file("report.json").path
        try Data("{\"calls\": []}".utf8).write(to: URL(fileURLWithPath: notState))
        let target = dir.file("merged.sqlite").path
        for (parts, problem) in [
            ([dir.file("nope.sqlite").path], "nope.sqlite: cannot merge the state database: no such file"),
            ([good, notState], "report.json: cannot merge the state database"),
        ] {
            XCTAssertThrowsError(try MergeCommandRunner.mergeState(parts, into: target)) { error in
                XCTAssertTrue(error.localizedDescription.contains(problem), error.localizedDescription)
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: target), "\(parts): the target was created")
        }
        XCTAssertEqual(try MergeCommandRunner.mergeState([good], into: target), 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: target))
    }
}
