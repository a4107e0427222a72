import Analysis
import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

@testable import Pipeline

/// The state database's key for a finished call names the analysis it was measured with.
final class IncrementalRunTests: XCTestCase {
    /// After an upgrade that retunes the analysis (another parameter, another music model), a
    /// finished call's key changes, so the call is scored again instead of reused; the same
    /// analysis gives the same key.
    func testACallsKeyChangesWithTheAnalysis() throws {
        let dir = try TemporaryDirectory()
        let store = try StateStore(path: dir.file("state.sqlite").path)
        let request = ScoreRequest(inputs: [dir.file("a.wav").path])
        func key(_ revision: String) -> String {
            IncrementalRun(store: store, checklists: [], request: request, analysisRevision: revision)
                .key(for: CallJob(path: dir.file("a.wav").path))
        }
        var retuned = AnalysisConfiguration()
        retuned.activity.sustainedSoundMaximumDeviationDB += 1
        let current = AnalysisConfiguration().revision
        XCTAssertEqual(key(current), key(AnalysisConfiguration().revision))
        XCTAssertNotEqual(key(current), key(retuned.revision))
        XCTAssertEqual(
            IncrementalRun(store: store, checklists: [], request: request).key(for: CallJob(path: dir.file("a.wav").path)),
            key(current), "the default is the analysis callqa runs")
        XCTAssertTrue(current.contains("sustainedSoundMaximumDeviationDB: 6.0"), current)
        XCTAssertTrue(current.contains("music model: "), current)
    }

    /// A pipe or a device among the inputs is not fingerprinted (reading a pipe without a writer
    /// blocks, a device never ends): with `--state` the run went on forever; such an input now
    /// fails as unreadable when scored, as it does without `--state`. A regular file is.
    func testOnlyRegularFilesAreFingerprinted() throws {
        let dir = try TemporaryDirectory()
        let pipe = dir.file("p.wav").path
        XCTAssertEqual(mkfifo(pipe, 0o600), 0)
        let regular = dir.file("r.wav").path
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: regular))
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var results: [FileFingerprint?] = []
        Thread.detachNewThread {
            results = [FileFingerprint.of(pipe), FileFingerprint.of("/dev/zero"), FileFingerprint.of(regular)]
            done.signal()
        }
        XCTAssertEqual(done.wait(timeout: .now() + 20), .success, "fingerprinting a pipe or a device did not return")
        guard results.count == 3 else { return }
        XCTAssertNil(results[0])
        XCTAssertNil(results[1])
        XCTAssertEqual(results[2]?.sizeBytes, 3)
    }
}
