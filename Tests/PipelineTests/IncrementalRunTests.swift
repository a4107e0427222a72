import Analysis
import TestSupport
import XCTest

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
}
