import Foundation
import TestSupport
import XCTest

/// Runs the built binary: pins --help, --version and exit statuses.
final class CommandLineTests: XCTestCase {
    func testVersionPrintsTheVersion() throws {
        let result = try CommandRunner.run(["--version"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.standardOutput.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, result.standardOutput)
    }

    func testScoreHelpExplainsEveryOption() throws {
        let result = try CommandRunner.run(["score", "--help"])
        XCTAssertEqual(result.status, 0)
        for option in ["--checklist", "--out", "--agent-channel", "--swap-channels", "--jobs", "--loudness-mode", "--summary", "--checklist-mode"] {
            XCTAssertTrue(result.standardOutput.contains(option), "help lacks \(option)")
        }
        XCTAssertTrue(result.standardOutput.contains("Exit status"))
    }

    func testUsageErrorsExitWithTwo() throws {
        let noInputs = try CommandRunner.run(["score"])
        XCTAssertEqual(noInputs.status, 2, noInputs.standardError)
        XCTAssertTrue(noInputs.standardError.contains("Name at least one audio file"), noInputs.standardError)

        let badChannel = try CommandRunner.run(["score", "fixtures/calls", "--agent-channel", "3"])
        XCTAssertEqual(badChannel.status, 2)
        XCTAssertTrue(badChannel.standardError.contains("--agent-channel must be 0 (left) or 1 (right)"), badChannel.standardError)

        let unknownOption = try CommandRunner.run(["score", "fixtures/calls", "--frobnicate"])
        XCTAssertEqual(unknownOption.status, 2)

        let missing = try CommandRunner.run(["score", "no/such/dir"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.standardError.contains("no/such/dir: no such file or directory"), missing.standardError)
    }

    func testMissingChecklistExitsWithTwoBeforeReadingAudio() throws {
        let dir = try TemporaryDirectory()
        let out = dir.file("report.json").path
        let result = try CommandRunner.run(["score", "fixtures/calls", "--checklist", "no-such-checklist.yaml", "--out", out])
        XCTAssertEqual(result.status, 2, result.standardError)
        XCTAssertTrue(result.standardError.contains("no-such-checklist.yaml"), result.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "no report may be written on a usage error")
    }
}
