import Foundation
import TestSupport
import XCTest

/// `--loudness-mode ebur128` reproduces libebur128 (the reference open meter, apt libebur128-dev,
/// used only here through scripts/compare-loudness) within 0.02 LU on the EBU 1 kHz cases and the
/// telephony sines and noise, and the true-peak signals at 48, 16 and 8 kHz, and on two fixture calls.
final class LoudnessReferenceTests: XCTestCase {
    func testEbur128ModeMatchesLibebur128() throws {
        let dir = try TemporaryDirectory()
        let result = try CommandRunner.run(
            ["python3", "scripts/compare-loudness", "--callqa", CommandRunner.callqaURL.path, "--check-ebur128", "0.02",
             "--signals", dir.file("signals").path, "fixtures/calls/it_inbound_ulaw8k.wav", "fixtures/calls/ro_inbound_echo_pcm16k.wav"],
            executable: URL(fileURLWithPath: "/usr/bin/env"))
        XCTAssertEqual(result.status, 0, result.standardOutput + result.standardError)
        print(String(result.standardOutput.split(separator: "\n").last ?? ""))
        XCTAssertTrue(result.standardOutput.contains("over 56 files"), result.standardOutput)
    }
}
