import Reporting
import TestSupport
import XCTest

@testable import Pipeline

/// The supervisor's side of the worker processes; the workers' crashes themselves are pinned end
/// to end (`CrashTests`), as only the built binary can be a worker.
final class WorkerSupervisorTests: XCTestCase {
    private let settings = WorkerSettings(
        checklistPaths: [], checklistHashes: [], checklistMode: "all", loudnessMode: "exact", timeLimitSeconds: nil, logFormat: "text")
    private let jobs = [CallJob(path: "a.wav"), CallJob(path: "b.wav"), CallJob(path: "c.wav")]

    private func events(_ executable: String) throws -> [Int: WorkerSupervisor.Event] {
        var events: [Int: WorkerSupervisor.Event] = [:]
        try WorkerSupervisor(executable: executable, task: .score(settings)).run(jobs, concurrency: 2, control: WorkerControl()) { index, event in
            XCTAssertNil(events[index], "each call is answered once")
            events[index] = event
        }
        return events
    }

    /// A worker that cannot be started at all: the run is told (and analyses in its own process).
    func testAWorkerThatCannotStartIsAStartFailure() {
        XCTAssertThrowsError(try events("/nonexistent/callqa")) { error in
            XCTAssertTrue((error as? WorkerSupervisor.StartFailure)?.reason.contains("/nonexistent/callqa") ?? false, "\(error)")
        }
    }

    /// A run whose worker cannot be started analyses in its own process: every call is scored.
    func testARunWithoutAWorkerAnalysesInItsOwnProcess() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.writeShortCalls(2, seconds: 2, in: dir.file("calls"))
        var request = ScoreRequest(inputs: [dir.file("calls").path], jobs: 2)
        request.quiet = true
        request.workerExecutable = "/nonexistent/callqa"
        XCTAssertEqual(ScoreCommandRunner.run(request, outputPath: dir.file("r.json").path, printSummary: false), .allScored)
        let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: dir.file("r.json")))
        XCTAssertEqual(report.calls.map(\.status), [.ok, .ok])
    }

    /// A worker that ends (with a failure, or without one) before answering anything fails every
    /// call once, with why, and is not started again and again.
    func testAWorkerThatAnswersNothingFailsEveryCallOnce() throws {
        for (executable, cause) in [
            ("/bin/false", "ended (exit status 1) before analysing any call"), ("/bin/true", "ended without answering"),
        ] {
            let events = try events(executable)
            XCTAssertEqual(events.keys.sorted(), [0, 1, 2], executable)
            for event in events.values {
                guard case .notAnalysed(let reason) = event else { return XCTFail("\(executable): \(event)") }
                XCTAssertEqual(reason, cause)
            }
        }
    }

    /// A worker refuses a request it cannot read, and checklists that are not the run's (edited
    /// on disk since the run loaded them): the report's header names the run's.
    func testAWorkerRefusesARequestItCannotHonour() throws {
        let dir = try TemporaryDirectory()
        XCTAssertEqual(AnalysisWorker.run(requestPath: dir.file("none.json").path), ExitStatus.usageError.rawValue)
        // A loudness mode this version does not know.
        try JSONEncoder().encode(WorkerRequest(task: .loudness(mode: "loud"), items: [], concurrency: 1, journalPath: dir.file("j").path))
            .write(to: dir.file("l.json"))
        XCTAssertEqual(AnalysisWorker.run(requestPath: dir.file("l.json").path), ExitStatus.usageError.rawValue)
        // A file that is no request, named by hand, is left as it was.
        try Data("{\"calls\": []}".utf8).write(to: dir.file("report.json"))
        XCTAssertEqual(AnalysisWorker.run(requestPath: dir.file("report.json").path), ExitStatus.usageError.rawValue)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.file("report.json").path))
        let checklist = Fixtures.repositoryRoot.appendingPathComponent("checklists/inbound.yaml").path
        XCTAssertEqual(try ChecklistScoring.load([checklist]).count, 1, "the checklist itself is good")
        for hashes in [["not its hash"], []] {
            var settings = settings
            settings.checklistPaths = [checklist]
            settings.checklistHashes = hashes
            let request = WorkerRequest(task: .score(settings), items: [], concurrency: 1, journalPath: dir.file("j").path)
            try JSONEncoder().encode(request).write(to: dir.file("r.json"))
            XCTAssertEqual(AnalysisWorker.run(requestPath: dir.file("r.json").path), ExitStatus.usageError.rawValue, "\(hashes)")
        }
    }

    /// The worker's lines: a file taken, a call's report, a file's loudness; anything else is no
    /// line of a worker.
    func testWorkerLinesRoundTrip() throws {
        let report = CallReport.failure(source: "a b.wav", code: "audio.too_short", message: "a b.wav: too short", metadata: ["call_id": "7"])
        let text = String(decoding: try ReportEncoding.jsonLine(report), as: UTF8.self).trimmingCharacters(in: .newlines)
        guard case .finished(let index, .call(let decoded))? = WorkerLine(Substring(WorkerLine.finishedTag + "12 " + text)) else {
            return XCTFail("not read")
        }
        XCTAssertEqual(index, 12)
        XCTAssertEqual(try ReportEncoding.jsonLine(decoded), try ReportEncoding.jsonLine(report))
        guard case .started(3)? = WorkerLine(Substring(WorkerLine.startedTag + "3")) else { return XCTFail("not read") }
        let path = Fixtures.repositoryRoot.appendingPathComponent("fixtures/calls/it_mono_pcm8k.wav").path
        for measurement in [LoudnessCommandRunner.measurement(path: path, mode: .exact), .init(error: "x.wav: the file is empty (0 bytes)")] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let json = String(decoding: try encoder.encode(measurement), as: UTF8.self)
            guard case .finished(4, .measured(let decoded))? = WorkerLine(Substring(WorkerLine.measuredTag + "4 " + json)) else {
                return XCTFail("not read: \(json)")
            }
            XCTAssertEqual(String(decoding: try encoder.encode(decoded), as: UTF8.self), json)
        }
        XCTAssertNotNil(LoudnessCommandRunner.measurement(path: path, mode: .exact).loudness, "a file measured")
        for garbage in ["", "started", "started x", "finished 3", "finished x {}", "finished 3 {", "done 3", "measured 3 {\"calls\": 1}",
            "measured 3 " + text] {
            XCTAssertNil(WorkerLine(Substring(garbage)), garbage)
        }
    }

    /// A worker's standard error with JSON logs: its JSON lines are the run's; the rest (a
    /// backtrace) is returned as it was, trimmed, and cut at the limit, saying so.
    func testAWorkersStandardErrorKeepsItsTextApartFromItsJSONLines() throws {
        let dir = try TemporaryDirectory()
        let file = dir.file("messages")
        let json = #"{"level":"error","message":"m"}"#
        var relayed: [Substring] = []
        try Data("\n*** Signal 4: Backtracing ***\n\(json)\n  0 frame\n{not json\n\n".utf8).write(to: file)
        XCTAssertEqual(
            WorkerSupervisor.relayJSONLines(ofFile: file.path) { relayed.append($0) }, "*** Signal 4: Backtracing ***\n  0 frame\n{not json")
        XCTAssertEqual(relayed, [Substring(json)])
        XCTAssertEqual(WorkerSupervisor.relayJSONLines(ofFile: file.path, limit: 12) { relayed.append($0) }, "*** Signal\n[cut at 12 bytes]")
        try Data("\(json)\n\n".utf8).write(to: file)
        XCTAssertNil(WorkerSupervisor.relayJSONLines(ofFile: file.path) { relayed.append($0) })
        XCTAssertNil(WorkerSupervisor.relayJSONLines(ofFile: dir.file("none").path) { relayed.append($0) })
        XCTAssertEqual(relayed, [Substring(json), Substring(json)])
    }
}
