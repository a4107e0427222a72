import Analysis
import Foundation
import Reporting
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

    /// A call's conversation facts follow its checklists' parameters since a result stored
    /// before used the defaults: with a checklist that sets other parameters the key says so
    /// (those calls are scored again), with the defaults it is as before (nothing to redo).
    func testTheKeyNamesChecklistParametersOnlyWhenAChecklistSetsThem() throws {
        let dir = try TemporaryDirectory()
        let store = try StateStore(path: dir.file("state.sqlite").path)
        let request = ScoreRequest(inputs: [dir.file("a.wav").path])
        func loaded(_ parameters: String) throws -> LoadedChecklist {
            let url = dir.file("c.yaml")
            try """
                id: c
                name: c
                version: "1"
                \(parameters)
                sections:
                  - id: s
                    items: [{id: i, metric: interruptions, condition: "<=", threshold: 1}]
                """.write(to: url, atomically: true, encoding: .utf8)
            return try ChecklistScoring.load([url.path])[0]
        }
        let custom = IncrementalRun(store: store, checklists: [try loaded("parameters: {dead_air_min_s: 2s}")], request: request).runKey
        let defaults = IncrementalRun(store: store, checklists: [try loaded("")], request: request).runKey
        XCTAssertTrue(custom.hasSuffix(";conversation=checklist-parameters"), custom)
        XCTAssertFalse(defaults.contains("conversation="), defaults)
    }

    /// Each leg of a two-leg call is measured as its own encoding carries it since a result
    /// stored before took the agent leg's encoding for both: a two-leg call's key says so (such
    /// calls are scored again once, not reused with a µ-law customer leg's clipping missed); a
    /// one-file call's key is as before (nothing to redo).
    func testATwoLegCallsKeyNamesPerLegFormats() throws {
        let dir = try TemporaryDirectory()
        let store = try StateStore(path: dir.file("state.sqlite").path)
        let run = IncrementalRun(store: store, checklists: [], request: ScoreRequest(inputs: []))
        let legs = run.keyParts(for: CallJob(path: dir.file("a.wav").path, customerLegPath: dir.file("c.wav").path))
        let single = run.keyParts(for: CallJob(path: dir.file("a.wav").path))
        XCTAssertEqual(legs.last, "leg_formats=each", "\(legs)")
        XCTAssertFalse(single.contains { $0.hasPrefix("leg_formats=") }, "\(single)")
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

    /// A recording only touched (same size and content, a new modification time) reuses its
    /// finished result; it was scored again. One whose content changed at the same size is not
    /// reused.
    func testATouchedFileIsNotRescoredButAChangedOneIs() throws {
        let dir = try TemporaryDirectory()
        let recording = dir.file("a.wav").path
        try Data([1, 2, 3, 4]).write(to: URL(fileURLWithPath: recording))
        let run = IncrementalRun(
            store: try StateStore(path: dir.file("state.sqlite").path), checklists: [], request: ScoreRequest(inputs: [recording]))
        let job = CallJob(path: recording)
        let first = run.partition([job], concurrency: 1)
        XCTAssertEqual(first.pending.count, 1)
        try run.record(CallReport(source: recording, status: .ok), job: job, fingerprint: first.pending[0].1)

        func setModified(secondsSince1970 seconds: Int) {
            var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
            XCTAssertEqual(utimensat(AT_FDCWD, recording, &times, 0), 0)
        }
        setModified(secondsSince1970: 1_700_000_000)
        let touched = run.partition([job], concurrency: 1)
        XCTAssertEqual(touched.reused.count, 1, "a file only touched was scored again")
        XCTAssertTrue(touched.pending.isEmpty)

        try Data([1, 2, 3, 5]).write(to: URL(fileURLWithPath: recording))
        setModified(secondsSince1970: 1_700_000_000)
        let changed = run.partition([job], concurrency: 1)
        XCTAssertTrue(changed.reused.isEmpty, "a file whose content changed was reused")
        XCTAssertEqual(changed.pending.count, 1)
    }
}
