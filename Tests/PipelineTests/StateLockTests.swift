import Foundation
import Pipeline
import TestSupport
import XCTest

/// Two runs on one state database would score the same recordings twice: the second waits for
/// the first's lock, then fails clearly.
final class StateLockTests: XCTestCase {
    func testASecondRunWaitsForTheFirstThenFailsClearly() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("state.sqlite").path
        var first: StateStore? = try StateStore(path: path, exclusiveRun: true)
        XCTAssertNotNil(first)
        let started = Date()
        XCTAssertThrowsError(try StateStore(path: path, exclusiveRun: true, lockWaitSeconds: 0.5)) { error in
            XCTAssertEqual(
                (error as? StateError)?.localizedDescription,
                "\(path): another callqa run has been using this state database for over 1 s; let it finish, or give this run its own --state file")
        }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.4, "it waited")
        // Reading the history (scorecards) takes no lock.
        XCTAssertNoThrow(try StateStore(path: path))
        first = nil
        XCTAssertNoThrow(try StateStore(path: path, exclusiveRun: true, lockWaitSeconds: 0.5), "the lock goes with the first run")
    }
}
