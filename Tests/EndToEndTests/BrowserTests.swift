import Foundation
import TestSupport
import XCTest

/// The HTML report in a real browser: `scripts/browser-check` renders the fixtures' report and
/// scorecard in headless Chromium and checks the DOM (tables, timelines, escaping, sorting).
/// `.ci/run` installs Chromium and sets CALLQA_REQUIRE_BROWSER=1, so in CI a missing browser is a
/// failure, not a skip.
final class BrowserTests: XCTestCase {
    func testHTMLReportRendersInChromium() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.repositoryRoot.appendingPathComponent("scripts/browser-check").path, "--callqa", CommandRunner.callqaURL.path]
        process.currentDirectoryURL = Fixtures.repositoryRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 77 && ProcessInfo.processInfo.environment["CALLQA_REQUIRE_BROWSER"] != "1" {
            throw XCTSkip("Chromium is not installed here (scripts/bootstrap --test installs it): \(text)")
        }
        XCTAssertEqual(process.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("browser-check: passed"), text)
    }
}
