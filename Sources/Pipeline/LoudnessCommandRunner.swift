import Analysis
import AudioIO
import Foundation
import Reporting

/// What `callqa loudness` does: decode each file and measure each channel's loudness and levels
/// (no speech detection, so speech-gated levels are absent). Prints one JSON object per file.
public enum LoudnessCommandRunner {
    struct FileLoudness: Codable, Sendable {
        var file: String
        var sampleRateHz: Int
        var mode: String
        var channels: [LoudnessReport]
        /// What `score` warns of on the call: a file cut short, or holding audio after what its
        /// header declares; absent when there is nothing to say.
        var warnings: [String]?

        enum CodingKeys: String, CodingKey {
            case file, sampleRateHz = "sample_rate_hz", mode, channels, warnings
        }
    }

    /// One file's loudness, or why it could not be measured (as `Diagnostics.error` says it).
    struct Measurement: Codable, Sendable {
        var loudness: FileLoudness?
        var error: String?

        init(loudness: FileLoudness? = nil, error: String? = nil) {
            self.loudness = loudness
            self.error = error
        }

        /// Exactly one of the two: JSON that holds neither (a call's report) is no measurement.
        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            loudness = try container.decodeIfPresent(FileLoudness.self, forKey: .loudness)
            error = try container.decodeIfPresent(String.self, forKey: .error)
            guard (loudness == nil) != (error == nil) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "a loudness or an error, not both or neither"))
            }
        }
    }

    /// Measures `files` one after the other, each in `workerExecutable` (a worker process of
    /// this binary, so that a crash costs one file: `WorkerSupervisor`) or, when nil or when no
    /// worker can be started, in this process.
    public static func run(files: [String], mode: KWeightingMode, workerExecutable: String? = nil) -> ExitStatus {
        // As `score` does: standard input is no recording, said before any file is measured.
        if let stream = files.first(where: InputFile.isStandardInputStream) {
            Diagnostics.error(InputError.standardInput(path: stream, command: "loudness"))
            return .usageError
        }
        var failed = false
        // Each file's line is written as it is measured: a failed write ends the run.
        func emit(_ measurement: Measurement, path: String) -> Bool {
            do throws(OutputError) {
                try write(measurement, path: path)
            } catch {
                Diagnostics.error(error)  // no use measuring more files
                return false
            }
            if measurement.error != nil { failed = true }
            return true
        }
        if let workerExecutable {
            let control = WorkerControl()
            var outputFailed = false
            let supervisor = WorkerSupervisor(executable: workerExecutable, task: .loudness(mode: mode.rawValue))
            do throws(WorkerSupervisor.StartFailure) {
                try supervisor.run(files.map { CallJob(path: $0) }, concurrency: 1, control: control) { index, event in
                    let path = files[index]
                    switch event {
                    case .finished(.measured(let measurement)):
                        if !emit(measurement, path: path) {
                            outputFailed = true
                            control.stop()
                        }
                        return
                    case .crashed(let crash) where crash.faulted:
                        Diagnostics.message("error: \(path): callqa crashed (\(crash.cause)) while measuring this file; please report it with the file. The other files are measured")
                    case .crashed(let crash):
                        Diagnostics.message("error: \(path): callqa's measuring process ended (\(crash.cause)) while measuring this file (killed for lack of memory, or by another process). The other files are measured")
                    case .notAnalysed(let reason):
                        Diagnostics.message("error: \(path): not measured: callqa's measuring process \(reason) (see the messages above); please report it")
                    case .finished(.call), .timedOut:
                        // Answers of a `score` worker, or with a time limit: not this run's.
                        Diagnostics.message("error: \(path): not measured: callqa's measuring process answered as for another command; please report it")
                    }
                    failed = true
                }
                return outputFailed || failed ? .someFailed : .allScored
            } catch {
                Diagnostics.message("warning: \(error.reason); measuring in this process instead, where a crash ends the run")
            }
        }
        // A crash names the file it happened on, and ends the run; the files before it were written.
        CrashGuard.install(journalPath: nil, batchHints: false)
        for path in files {
            let measured = CrashGuard.running(name: path, journalLine: nil) { Self.measurement(path: path, mode: mode) }
            guard emit(measured, path: path) else { return .someFailed }
        }
        return failed ? .someFailed : .allScored
    }

    /// Writes a file's measurement: its JSON line on standard output and its warnings, or its
    /// error, on standard error.
    private static func write(_ measurement: Measurement, path: String) throws(OutputError) {
        guard let loudness = measurement.loudness else {
            Diagnostics.message("error: \(measurement.error ?? "\(path): not measured")")
            return
        }
        // A file cut short was measured on what it holds, with nothing said (exit 0).
        for warning in loudness.warnings ?? [] { Diagnostics.message("warning: \(path): \(warning)") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The value's own types encode without fail.
        guard var data = try? encoder.encode(loudness) else { return }
        data.append(0x0A)
        try OutputSink.standardOutput.write(data)
    }

    /// `measure`, its error as a message.
    static func measurement(path: String, mode: KWeightingMode) -> Measurement {
        do {
            return Measurement(loudness: try measure(path: path, mode: mode))
        } catch {
            return Measurement(error: Diagnostics.describe(error))
        }
    }

    static func measure(path: String, mode: KWeightingMode) throws -> FileLoudness {
        let file = try SoundFile(path: path)
        var meters = (0..<file.info.channelCount).map { _ in
            LoudnessMeter(sampleRate: Double(file.info.sampleRate), mode: mode, loudestSample: file.info.loudestSample)
        }
        var block = AudioBlock(channelCount: file.info.channelCount, capacity: 8192)
        var framesDecoded: Int64 = 0
        while case let count = try file.read(into: &block, maximumFrames: 8192), count > 0 {
            framesDecoded += Int64(count)
            for index in meters.indices {
                // As `score` does: NaN, infinite or absurd samples are the file's error, named.
                guard block.channels[index].withUnsafeBufferPointer(CallAnalyzer.allPlausible) else {
                    throw AudioError.invalidSamples(path: path)
                }
                block.channels[index].withUnsafeBufferPointer { meters[index].process($0) }
            }
        }
        // As `score` does: a file under 100 ms (a header without samples, a copy cut short) is
        // the file's error, named; it printed a line of nulls (or a P.56 level 4.4 dB high on a
        // 50 ms tone) with status 0.
        let info = file.info
        let rate = Double(info.sampleRate)
        let seconds = Double(framesDecoded) / rate
        if seconds < CallAnalyzer.minimumSeconds {
            let cutShort = info.lengthKnown && info.frameCount > 0 && framesDecoded < info.frameCount - Int64(info.sampleRate) / 10
            throw AudioError.tooShort(path: path, seconds: seconds, declaredSeconds: cutShort ? Double(info.frameCount) / rate : nil)
        }
        return FileLoudness(
            file: path, sampleRateHz: file.info.sampleRate, mode: mode.rawValue,
            channels: meters.map { LoudnessReport($0.finish(), SpeechLevels()) },
            warnings: file.warnings.isEmpty ? nil : file.warnings)
    }
}
