import Foundation
import Reporting

#if canImport(Glibc)
import Glibc
#endif

/// How run messages are written to standard error.
public enum LogFormat: String, Sendable, CaseIterable {
    /// One plain line per message.
    case text
    /// One JSON object per line, for log collectors.
    case json
}

/// Watches a run as calls finish: the progress bar on a terminal, one line per failure otherwise,
/// the summary line at the end, and the JSON Lines stream. Serialised by the batch runner.
final class RunObserver: @unchecked Sendable {
    private let total: Int
    private let showProgress: Bool
    private let quiet: Bool
    private let logFormat: LogFormat
    private let stream: OutputSink?
    private let started = Date()
    private var done = 0
    private var failed = 0
    private var audioSeconds = 0.0
    /// Audio decoded by this run: not the calls reused from the state database.
    private var analysedAudioSeconds = 0.0
    /// Set from `record` (serialised), read from any thread (`shouldStop` of the batch).
    private let streamError = FailureBox()

    init(total: Int, quiet: Bool, logFormat: LogFormat, stream: OutputSink?) {
        self.total = total
        self.quiet = quiet
        self.logFormat = logFormat
        self.stream = stream
        showProgress = !quiet && isatty(2) == 1 && logFormat == .text
    }

    /// A call finished (or could not be analysed); `reused`: taken from the state database. A
    /// failure's line names `operatorSource` and says `operatorMessage` when given: the file in
    /// clear, where a redacted report names its hash; `logFields` are more fields of its JSON line.
    func record(
        _ call: CallReport, reused: Bool = false, operatorSource: String? = nil, operatorMessage: String? = nil,
        logFields: [String: LogValue] = [:]
    ) {
        done += 1
        audioSeconds += call.audio?.durationSeconds ?? 0
        if !reused { analysedAudioSeconds += call.audio?.durationSeconds ?? 0 }
        if call.status == .error {
            failed += 1
            clearProgress()
            let source = operatorSource ?? call.source
            let fields = logFields.merging(["source": .text(source), "code": .text(call.error?.code ?? "")]) { $1 }
            log(level: "error", operatorMessage ?? call.error?.message ?? source, fields: fields)
        }
        if let stream, !streamError.isSet {
            do { try stream.write(try ReportEncoding.jsonLine(call)) } catch { streamError.set(error) }
        }
        drawProgress()
    }

    /// A run error that is not a call's (the state database failing part-way, say): one line in
    /// the run's `--log-format`, also with `--quiet`, the progress bar drawn again under it.
    func logError(_ message: String, fields: [String: LogValue]) {
        clearProgress()
        log(level: "error", message, fields: fields)
        drawProgress()
    }

    /// The error that stopped the JSON Lines stream (a full disk, say), if any.
    var failure: Error? { streamError.error }

    /// The last line of the run.
    /// Logs the summary line; `reused` calls came from the state database, not a new analysis.
    func finish(_ summary: RunSummary, reused: Int, interrupted: Bool) {
        clearProgress()
        let elapsed = Date().timeIntervalSince(started)
        let text = Self.summaryLine(
            summary, reused: reused, analysedAudioSeconds: analysedAudioSeconds, elapsedSeconds: elapsed, interrupted: interrupted)
        if quiet, summary.failed == 0, !interrupted { return }
        log(level: interrupted || summary.failed > 0 ? "warning" : "info", text, fields: [
            "calls": .integer(summary.calls), "scored": .integer(summary.scored), "from_state": .integer(reused),
            "failed": .integer(summary.failed), "passed": .integer(summary.passed), "audio_s": .number(summary.audioSeconds),
            "interrupted": .flag(interrupted),
        ])
    }

    /// The summary line's text. The speed is that of the audio this run decoded: calls reused
    /// from the state database took no time (counted in, they made a rerun "9997x real time"),
    /// and a run that decoded nothing has no speed (it read "0 s of audio in 0.0 s (0x real time)").
    static func summaryLine(
        _ summary: RunSummary, reused: Int, analysedAudioSeconds: Double, elapsedSeconds: Double, interrupted: Bool
    ) -> String {
        let counts = "\(interrupted ? "interrupted: " : "")\(Plural.count(summary.calls, "call")), \(summary.scored) scored"
            + "\(reused > 0 ? " (\(reused) unchanged, from the state database)" : ""), \(summary.failed) failed, \(summary.passed) passed; "
        let elapsed = DurationText.format(elapsedSeconds)
        let reusedAudio = summary.audioSeconds - analysedAudioSeconds
        // Under 0.05 s, "0.0 s from the state database" would be none.
        let reused = reusedAudio >= 0.05 ? DurationText.format(reusedAudio) : nil
        let audio: String
        if analysedAudioSeconds > 0 {
            let speed = Int((analysedAudioSeconds / max(elapsedSeconds, 1e-6)).rounded())
            audio = "\(DurationText.format(analysedAudioSeconds)) of audio analysed in \(elapsed) (\(speed)x real time)"
                + (reused.map { ", \($0) from the state database" } ?? "")
        } else if let reused {
            audio = "no audio analysed (\(reused) from the state database) in \(elapsed)"
        } else {
            audio = "no audio analysed\(summary.failed > 0 ? " (see the errors above)" : "") in \(elapsed)"
        }
        return counts + audio
    }

    private func log(level: String, _ message: String, fields: [String: LogValue]) {
        Diagnostics.runMessage(message, level: level, format: logFormat, fields: fields)
    }

    private func drawProgress() {
        guard showProgress else { return }
        let elapsed = max(Date().timeIntervalSince(started), 1e-6)
        let fraction = Double(done) / Double(max(total, 1))
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        let line = "\r[\(bar)] \(done)/\(Plural.count(total, "file")), \(DurationText.format(audioSeconds)) audio, "
            + "\(Int((analysedAudioSeconds / elapsed).rounded()))x real time, ETA \(DurationText.format(eta)), \(failed) failed"
        try? OutputSink.standardError.write(Data(line.utf8))
    }

    private func clearProgress() {
        guard showProgress else { return }
        try? OutputSink.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
