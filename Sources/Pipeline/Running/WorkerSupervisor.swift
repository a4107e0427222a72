import Foundation
import Reporting

#if canImport(Glibc)
import Glibc
#endif

/// Scores a batch in worker processes (`AnalysisWorker`), so that a crash while analysing one
/// recording (a bug in callqa, or in libsndfile, mpg123 or FFTW under it) costs that recording
/// only: the worker dies, the supervisor names the recording it crashed on, and a new worker
/// scores the rest of the batch. The run's report, state and exit status are the supervisor's.
///
/// Which recording: the worker's crash guard notes the one its faulting thread analysed. When a
/// worker dies without a note (killed by the kernel for memory, a stack overflow the guard
/// cannot run on), each call it had in flight is analysed again alone, in a worker of its own:
/// the one that dies again is the one reported.
struct WorkerSupervisor: Sendable {
    /// The callqa executable to run as worker (`/proc/self/exe`: this very binary, even when the
    /// file is replaced during the run).
    let executable: String
    let task: WorkerTask

    /// What became of one call of the batch.
    enum Event: Sendable {
        /// The worker's answer for the file (a call's report, a failure is a report too; or a
        /// file's loudness).
        case finished(WorkerAnswer)
        /// A worker died while analysing it.
        case crashed(WorkerCrash)
        /// Its analysis ran past the time limit and did not stop: its worker was ended.
        case timedOut
        /// Not analysed: no worker could go on (`reason`: what the worker did).
        case notAnalysed(reason: String)
    }

    /// How a worker died on a call.
    struct WorkerCrash: Sendable, Equatable {
        /// The signal (`SIGSEGV`), or `exit status N`.
        var cause: String
        /// Whether the call itself brought the fault about: the worker's guard caught the fault on
        /// the thread analysing it, or the worker died of a fault (not a kill) with this call alone
        /// in flight. Only such a crash is kept in the state database; a worker killed from
        /// outside is not the recording's fault.
        var faulted: Bool
        /// What the worker wrote on standard error as it died (the Swift runtime's backtrace),
        /// when the run logs in JSON: then it is a field of the crash's log line, not plain text
        /// among the JSON lines. Nil otherwise (the text went straight to standard error).
        var report: String? = nil
    }

    /// The first worker could not be started (no `/proc`, say): nothing was analysed.
    struct StartFailure: Error {
        var reason: String
    }

    /// Scores `jobs` with up to `concurrency` calls at once and calls `onEvent` (serially, from
    /// the calling thread) with each call's index and outcome as it comes. `control` stops the
    /// batch: the calls in flight finish, no more start.
    func run(
        _ jobs: [CallJob], concurrency: Int, control: WorkerControl, onEvent: (Int, Event) -> Void
    ) throws(StartFailure) {
        var remaining = Array(jobs.indices)
        // Calls a worker had in flight when it died without a note: each is analysed alone.
        var alone: [Int] = []
        var startedAny = false
        while !control.isStopped {
            let batch: [Int]
            if !alone.isEmpty {
                batch = [alone.removeFirst()]
            } else if !remaining.isEmpty {
                batch = remaining
            } else {
                break
            }
            let exit: WorkerExit
            do {
                exit = try runWorker(batch, jobs: jobs, concurrency: concurrency, control: control, onEvent: onEvent)
            } catch {
                if startedAny { return fail(alone + remaining, cause: "could not be started again: \(error.reason)", onEvent: onEvent) }
                throw error
            }
            startedAny = true
            let answered = exit.finished.union(exit.crashed.map(\.index)).union([exit.timedOut].compactMap { $0 })
            // Died without a note, and of which call in flight (below).
            let unexplained = !exit.cleanly && !control.isStopped && exit.crashed.isEmpty && exit.timedOut == nil
            let suspects = batch.filter { exit.started.contains($0) && !answered.contains($0) }
            // The worker's standard error (with `--log-format json`) is its crash's report, or
            // else a run message of its own, before the calls it concerns.
            if let output = exit.output, exit.crashed.isEmpty, !(unexplained && suspects.count == 1) {
                Diagnostics.runMessage(
                    "callqa's analysis process wrote this on standard error", level: "warning", format: .json,
                    fields: ["code": "worker.output", "output": .text(output)])
            }
            for (index, crash) in exit.crashed { onEvent(index, .crashed(crash)) }
            if let index = exit.timedOut { onEvent(index, .timedOut) }
            remaining.removeAll { answered.contains($0) }
            if exit.cleanly || control.isStopped {
                // Every call started was answered; a worker stopped early leaves the rest.
                if answered.isEmpty && !control.isStopped {
                    return fail(alone + remaining, cause: "ended without answering", onEvent: onEvent)
                }
                continue
            }
            // Ended for a known call: the calls in flight beside it are analysed again.
            guard unexplained else { continue }
            // Died without a note: which call was it?
            if suspects.count == 1 {
                // The one call in flight when the worker died of a fault: its own.
                let crash = WorkerCrash(cause: exit.cause, faulted: exit.faulted, report: exit.output)
                onEvent(suspects[0], .crashed(crash))
                remaining.removeAll { $0 == suspects[0] }
            } else if suspects.isEmpty {
                // It died before taking any call: another worker would too.
                return fail(alone + remaining, cause: "ended (\(exit.cause)) before analysing any call", onEvent: onEvent)
            } else {
                alone += suspects
                remaining.removeAll { suspects.contains($0) }
            }
        }
    }

    /// Reports every call of `indices` as not analysed, for a worker that cannot go on.
    private func fail(_ indices: [Int], cause: String, onEvent: (Int, Event) -> Void) {
        for index in indices { onEvent(index, .notAnalysed(reason: cause)) }
    }

    /// How one worker ended.
    private struct WorkerExit {
        var started: Set<Int> = []
        var finished: Set<Int> = []
        /// The calls its crash guard noted, with their signals.
        var crashed: [(index: Int, crash: WorkerCrash)] = []
        /// Exit status 0: every call it started was answered.
        var cleanly = false
        /// Its signal or exit status, as a crash's cause.
        var cause = ""
        /// Whether it died of a fault signal (`CrashGuard.signals`).
        var faulted = false
        /// The call it was ended for, past the hard time limit (`Watchdog`).
        var timedOut: Int?
        /// What it wrote on standard error that is no JSON log line, with `--log-format json`
        /// (its JSON lines are written to the run's standard error as they are).
        var output: String?
    }

    /// Runs one worker over `batch` to its end.
    private func runWorker(
        _ batch: [Int], jobs: [CallJob], concurrency: Int, control: WorkerControl, onEvent: (Int, Event) -> Void
    ) throws(StartFailure) -> WorkerExit {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw StartFailure(reason: "cannot start the analysis worker: \(executable) is no executable file")
        }
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("callqa-worker-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StartFailure(reason: "cannot start the analysis worker: cannot make a temporary folder in \(NSTemporaryDirectory()): \(Diagnostics.describe(error))")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let journal = folder.appendingPathComponent("crashed").path
        // With JSON logs, the worker's standard error is read after its end: a crash's backtrace
        // (plain text, from the Swift runtime) becomes a field of the crash's log line.
        let messages = task.logsJSON ? folder.appendingPathComponent("messages").path : nil
        let requestFile = folder.appendingPathComponent("request.json")
        let request = WorkerRequest(
            task: task, items: batch.map { WorkerRequest.Item(index: $0, job: jobs[$0]) }, concurrency: concurrency,
            journalPath: journal)
        let process: ChildProcess
        do {
            // A file, not a pipe: a worker that dies before reading cannot stop the writer.
            try JSONEncoder().encode(request).write(to: requestFile)
        } catch {
            throw StartFailure(reason: "cannot start the analysis worker: cannot write \(requestFile.path): \(Diagnostics.describe(error))")
        }
        do throws(ChildProcess.LaunchFailure) {
            process = try control.launch(
                executable: executable, arguments: [AnalysisWorker.commandName, requestFile.path], standardErrorPath: messages)
        } catch {
            throw StartFailure(reason: "cannot start the analysis worker (\(executable) \(AnalysisWorker.commandName)): \(error.reason)")
        }
        let watchdog = task.timeLimitSeconds.map { Watchdog(process: process, limitSeconds: Self.hardTimeLimit($0)) }
        var exit = WorkerExit()
        var pending: [UInt8] = []
        while true {
            let chunk = process.read()
            if chunk.isEmpty { break }
            // Only the new bytes can end a line.
            var searchFrom = pending.count
            pending += chunk
            while let end = pending[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(...end)
                searchFrom = 0
                switch WorkerLine(line[...]) {
                case .started(let index)?:
                    exit.started.insert(index)
                    watchdog?.started(index)
                case .finished(let index, let report)?:
                    exit.finished.insert(index)
                    watchdog?.finished(index)
                    onEvent(index, .finished(report))
                case nil:
                    // Not a line a worker writes; the call it was about is found missing below.
                    break
                }
            }
        }
        // The worker has closed its output: it is ending. Nothing may signal it once it has been
        // waited for (its process number may be another process's by then).
        exit.timedOut = watchdog?.cancel()
        control.finished(process)
        switch process.wait() {
        case .exited(let status):
            exit.cleanly = status == 0
            exit.cause = "exit status \(status)"
        case .signalled(let signal):
            let name = "\(signalName(signal))"
            exit.cause = name == "signal" ? "signal \(signal)" : name
            exit.faulted = CrashGuard.signals.contains(signal)
        }
        if let messages { exit.output = Self.relayJSONLines(ofFile: messages) }
        if !exit.cleanly, let text = try? String(contentsOfFile: journal, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: "\t")
                guard fields.count == 2, let index = Int(fields[0]), batch.contains(index), !exit.finished.contains(index) else { continue }
                exit.crashed.append((index, WorkerCrash(cause: String(fields[1]), faulted: true, report: exit.output)))
            }
        }
        return exit
    }

    /// Writes the JSON log lines of a worker's standard error (`file`) with `relay` (to this
    /// process's standard error), and returns the rest of its text (nil when there is none). Up
    /// to `limit` bytes are read: a library that writes without end cannot fill the run's memory.
    static func relayJSONLines(
        ofFile file: String, limit: Int = 1 << 20,
        relay: (Substring) -> Void = { try? OutputSink.standardError.write(Data(($0 + "\n").utf8)) }
    ) -> String? {
        guard let handle = FileHandle(forReadingAtPath: file) else { return nil }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limit)) ?? Data()
        var rest: [Substring] = []
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("{"), (try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any] {
                relay(line)
            } else {
                rest.append(line)
            }
        }
        let output = rest.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !output.isEmpty else { return nil }
        return data.count == limit ? output + "\n[cut at \(limit) bytes]" : output
    }

    /// The error code of a call no worker could analyse (a worker that ends before analysing
    /// any call: a checklist edited during the run, say).
    static let failedCode = "analysis.worker_failed"

    /// When a call's analysis that has not stopped at `--file-timeout` (checked between decoded
    /// blocks) is stopped from outside: a hang in a decoder library, or a stage after decoding,
    /// never reaches that check.
    static func hardTimeLimit(_ limitSeconds: Double) -> Double {
        2 * limitSeconds + 1
    }
}

/// The worker in flight, so that a stop (an interrupt, a failed output) reaches it: it finishes
/// the calls it has started and takes no more.
final class WorkerControl: @unchecked Sendable {
    private let lock = NSLock()
    private var current: ChildProcess?
    private var stopped = false

    /// Whether the batch was stopped.
    var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// Stops the batch: the worker in flight (if any) is asked to stop.
    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        current?.send(SIGTERM)
    }

    /// Starts a worker as the one in flight (asked to stop at once if the batch was).
    func launch(executable: String, arguments: [String], standardErrorPath: String?) throws(ChildProcess.LaunchFailure) -> ChildProcess {
        lock.lock()
        defer { lock.unlock() }
        let process = try ChildProcess(executable: executable, arguments: arguments, standardErrorPath: standardErrorPath)
        current = process
        if stopped { process.send(SIGTERM) }
        return process
    }

    /// The worker has ended (before it is waited for).
    func finished(_ process: ChildProcess) {
        lock.lock()
        defer { lock.unlock() }
        if current === process { current = nil }
    }
}

/// Ends a worker whose call runs past the hard time limit (`WorkerSupervisor.hardTimeLimit`).
private final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private let process: ChildProcess
    private let limit: Duration
    private let clock = ContinuousClock()
    private var inFlight: [Int: ContinuousClock.Instant] = [:]
    private var ended: Int?
    private var cancelled = false
    private let timer = DispatchSource.makeTimerSource(queue: .global())

    init(process: ChildProcess, limitSeconds: Double) {
        self.process = process
        limit = .milliseconds(Int64((limitSeconds * 1000).rounded()))
        timer.setEventHandler { [weak self] in self?.check() }
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250))
        timer.resume()
    }

    func started(_ index: Int) {
        lock.lock()
        inFlight[index] = clock.now
        lock.unlock()
    }

    func finished(_ index: Int) {
        lock.lock()
        inFlight[index] = nil
        lock.unlock()
    }

    /// Stops watching (no kill after it returns); returns the call the worker was ended for, if any.
    func cancel() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        cancelled = true
        timer.cancel()
        return ended
    }

    private func check() {
        lock.lock()
        defer { lock.unlock() }
        guard !cancelled, ended == nil, let (index, _) = inFlight.filter({ clock.now - $0.value > limit }).min(by: { $0.value < $1.value }) else { return }
        ended = index
        process.send(SIGKILL)
    }
}
