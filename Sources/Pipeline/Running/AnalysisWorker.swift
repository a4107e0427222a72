import Analysis
import Foundation
import Reporting

#if canImport(Glibc)
import Glibc
#endif

/// How a worker scores the calls it is given: everything of the run but the calls.
struct WorkerSettings: Codable, Sendable {
    var checklistPaths: [String]
    /// The content hashes of the checklists the run loaded: a worker that reads other ones (a
    /// file edited during the run) refuses, as the report's header names the run's.
    var checklistHashes: [String]
    var checklistMode: String
    var loudnessMode: String
    var timeLimitSeconds: Double?
    /// The run's `--log-format`, for the worker's own errors.
    var logFormat: String
}

/// What a worker does with each file it is given.
enum WorkerTask: Codable, Sendable {
    /// Scores calls as `callqa score` does.
    case score(WorkerSettings)
    /// Measures files as `callqa loudness` does (`KWeightingMode`'s raw value).
    case loudness(mode: String)

    /// The `--file-timeout` of the run, if any.
    var timeLimitSeconds: Double? {
        if case .score(let settings) = self { settings.timeLimitSeconds } else { nil }
    }

    /// Whether the run logs JSON lines (`--log-format json`).
    var logsJSON: Bool {
        if case .score(let settings) = self { settings.logFormat == LogFormat.json.rawValue } else { false }
    }
}

/// What a run (`callqa score`, `callqa loudness`) asks of one worker process (`AnalysisWorker`),
/// in a file. Not on standard input, which is the run's: a recording named `/dev/stdin`
/// (redirected from a file) is read there.
struct WorkerRequest: Codable, Sendable {
    struct Item: Codable, Sendable {
        /// The call's place in the run's batch, which names it in the worker's answers.
        var index: Int
        var job: CallJob
    }

    var task: WorkerTask
    var items: [Item]
    /// Calls analysed at once.
    var concurrency: Int
    /// Where the worker's crash guard notes the call it crashed on (`index TAB signal`).
    var journalPath: String
}

/// What a worker answers for one file.
enum WorkerAnswer: Sendable {
    /// The call's report (`WorkerTask.score`; a failure is a report too).
    case call(CallReport)
    /// The file's loudness, or why it could not be measured (`WorkerTask.loudness`).
    case measured(LoudnessCommandRunner.Measurement)
}

/// A worker's answers, one line each on its standard output: `started INDEX` as it takes a file,
/// then `finished INDEX REPORT` (a call's report as one JSON line) or `measured INDEX JSON` (a
/// file's loudness) as it finishes it.
enum WorkerLine {
    case started(Int)
    case finished(Int, WorkerAnswer)

    static let startedTag = "started "
    static let finishedTag = "finished "
    static let measuredTag = "measured "

    /// The line's meaning; nil for a line no worker writes.
    init?(_ line: Substring) {
        if line.hasPrefix(Self.startedTag), let index = Int(line.dropFirst(Self.startedTag.count)) {
            self = .started(index)
            return
        }
        let measured = line.hasPrefix(Self.measuredTag)
        guard measured || line.hasPrefix(Self.finishedTag) else { return nil }
        let rest = line.dropFirst(measured ? Self.measuredTag.count : Self.finishedTag.count)
        guard let space = rest.firstIndex(of: " "), let index = Int(rest[..<space]) else { return nil }
        let json = Data(rest[rest.index(after: space)...].utf8)
        let answer: WorkerAnswer? = measured
            ? (try? JSONDecoder().decode(LoudnessCommandRunner.Measurement.self, from: json)).map { .measured($0) }
            : (try? JSONDecoder().decode(CallReport.self, from: json)).map { .call($0) }
        guard let answer else { return nil }
        self = .finished(index, answer)
    }
}

/// The worker process `callqa score` analyses its calls in, and `callqa loudness` measures its
/// files in (`callqa analysis-worker`, started by `WorkerSupervisor`, never by hand): it reads a
/// `WorkerRequest` from the file named, scores the calls in parallel as `callqa score` would (or
/// measures the files as `callqa loudness` would), and writes `WorkerLine`s to standard output. A
/// crash ends only this process: its crash guard notes the file in the request's journal, and
/// the supervisor reports it and starts another worker for the rest.
public enum AnalysisWorker {
    /// The hidden subcommand that runs a worker.
    public static let commandName = "analysis-worker"

    /// The executable a run starts as its worker: this very binary, even when the file is
    /// replaced during the run (Linux).
    public static let executable = "/proc/self/exe"

    /// Runs the worker; returns its exit status: 0 when every call it started was answered, 1
    /// when its standard output failed (the supervisor is gone), 2 when the request is unusable.
    public static func run(requestPath: String) -> Int32 {
        guard let input = FileManager.default.contents(atPath: requestPath),
            let request = try? JSONDecoder().decode(WorkerRequest.self, from: input)
        else {
            Diagnostics.message("error: \(commandName) analyses the files 'callqa score' or 'callqa loudness' gives it in a file; it is not run by hand")
            return ExitStatus.usageError.rawValue
        }
        // It names recordings and their metadata: gone at once, even if the run is killed later.
        // Only a request is removed: a file named by hand that is none is left alone.
        unlink(requestPath)
        // Each file's answer: its line's tag and JSON.
        let answer: @Sendable (CallJob) -> (tag: String, json: String)
        switch request.task {
        case .score(let settings):
            guard let score = scorer(settings) else { return ExitStatus.usageError.rawValue }
            answer = score
        case .loudness(let mode):
            guard let mode = KWeightingMode(rawValue: mode) else {
                Diagnostics.message("error: \(commandName): a mode this version of callqa does not know")
                return ExitStatus.usageError.rawValue
            }
            answer = { job in
                let measurement = LoudnessCommandRunner.measurement(path: job.path, mode: mode)
                let json = (try? JSONEncoder().encode(measurement)).map { String(decoding: $0, as: UTF8.self) } ?? ""
                return (WorkerLine.measuredTag, json)
            }
        }
        // Answers go out on a descriptor of their own; anything else written to standard output
        // (by a library, say) goes to standard error and cannot break a line.
        // Close-on-exec: a process it starts (the Swift runtime's backtracer, at a crash) does
        // not hold the pipe open after it.
        let answers = fcntl(1, F_DUPFD_CLOEXEC, 0)
        dup2(2, 1)
        // A run killed outright (`kill -9`) cannot stop its worker: the worker goes when its
        // parent does, not at its next answer, which a call stuck in a library never gives.
        // A thread of its own: the analysis may hold every thread of Dispatch's pool.
        // A write to a run that is gone fails (EPIPE) instead of killing the worker: the worker
        // then starts nothing more and removes the run's folder, as below.
        signal(SIGPIPE, SIG_IGN)
        let parent = getppid()
        Thread.detachNewThread {
            while getppid() == parent { sleep(1) }
            removeFolder(of: request)
            _exit(ExitStatus.someFailed.rawValue)
        }
        // The supervisor names the call; the guard only notes it for the supervisor.
        CrashGuard.install(journalPath: request.journalPath, announce: false)
        let interrupt = InterruptFlag()
        interrupt.installSignalHandlers()
        let channel = AnswerChannel(descriptor: answers)
        _ = parallelMap(request.items, maximumConcurrency: request.concurrency, shouldStop: { interrupt.isSet || channel.isBroken }) {
            item in
            channel.send(WorkerLine.startedTag + String(item.index))
            let (tag, json) = CrashGuard.running(name: item.job.source, journalLine: "\(item.index)\t") { answer(item.job) }
            channel.send(tag + "\(item.index) " + json)
        }
        guard !channel.isBroken else {
            removeFolder(of: request)
            return ExitStatus.someFailed.rawValue
        }
        return ExitStatus.allScored.rawValue
    }

    /// The answer to each call of a `callqa score` run (`finished JSON`), or nil when the
    /// checklists cannot be loaded as the run loaded them (said on standard error).
    private static func scorer(_ settings: WorkerSettings) -> (@Sendable (CallJob) -> (tag: String, json: String))? {
        let format = LogFormat(rawValue: settings.logFormat) ?? .text
        let checklists: [LoadedChecklist]
        do {
            checklists = try ChecklistScoring.load(settings.checklistPaths)
        } catch {
            Diagnostics.error(error, format: format)
            return nil
        }
        let hashes = checklists.map(\.info.contentHash)
        guard hashes == settings.checklistHashes else {
            let changed = zip(settings.checklistPaths, zip(hashes, settings.checklistHashes)).first { $1.0 != $1.1 }?.0
            let what = changed.map { "\($0) changed" } ?? "the checklists changed"
            Diagnostics.runMessage("\(what) on disk while the run was going on; run the batch again", level: "error", format: format)
            return nil
        }
        guard let mode = ChecklistSelectionMode(rawValue: settings.checklistMode),
            let loudness = KWeightingMode(rawValue: settings.loudnessMode)
        else {
            Diagnostics.runMessage("\(commandName): a mode this version of callqa does not know", level: "error", format: format)
            return nil
        }
        let configuration = AnalysisConfiguration(loudnessMode: loudness)
        return { job in
            let call = ScoreRunner.scoreCall(
                job, checklists: checklists, mode: mode, configuration: configuration, timeLimitSeconds: settings.timeLimitSeconds)
            // `scoreCall` gives only reports a JSON line can hold (`ScoreRunner.encodable`).
            let line = (try? ReportEncoding.jsonLine(call)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return (WorkerLine.finishedTag, line.trimmingCharacters(in: .newlines))
        }
    }

    /// Removes the run's temporary folder, for a worker whose run is gone (killed outright): the
    /// journal, then the folder, which `rmdir` removes only when nothing else is in it.
    private static func removeFolder(of request: WorkerRequest) {
        unlink(request.journalPath)
        rmdir((request.journalPath as NSString).deletingLastPathComponent)
    }
}

/// The worker's standard output: whole lines, one writer at a time.
private final class AnswerChannel: @unchecked Sendable {
    private let lock = NSLock()
    private let descriptor: Int32
    private var broken = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Whether a write failed: the supervisor is gone, and nothing more is started.
    var isBroken: Bool {
        lock.lock()
        defer { lock.unlock() }
        return broken
    }

    func send(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        guard !broken else { return }
        let bytes = Array((line + "\n").utf8)
        var done = 0
        while done < bytes.count {
            let written = bytes[done...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                broken = true
                return
            }
            done += written
        }
    }
}
