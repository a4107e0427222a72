import Analysis
import AudioIO
import Foundation
import Reporting

/// What `callqa loudness` does: decode each file and measure each channel's loudness and levels
/// (no speech detection, so speech-gated levels are absent). Prints one JSON object per file.
public enum LoudnessCommandRunner {
    struct FileLoudness: Encodable {
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

    public static func run(files: [String], mode: KWeightingMode) -> ExitStatus {
        // As `score` does: standard input is no recording, said before any file is measured.
        if let stream = files.first(where: InputFile.isStandardInputStream) {
            Diagnostics.error(InputError.standardInput(path: stream, command: "loudness"))
            return .usageError
        }
        // Each file's line is written as it is measured: a crash loses no other file's, and names its own.
        CrashGuard.install(journalPath: nil, batchHints: false)
        var failed = false
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for path in files {
            do {
                let measured = try CrashGuard.running(name: path, journalLine: nil) { () throws -> FileLoudness in
                    try measure(path: path, mode: mode)
                }
                // A file cut short was measured on what it holds, with nothing said (exit 0).
                for warning in measured.warnings ?? [] { Diagnostics.message("warning: \(path): \(warning)") }
                var data = try encoder.encode(measured)
                data.append(0x0A)
                try OutputSink.standardOutput.write(data)
            } catch let error as OutputError {
                Diagnostics.error(error)  // no use measuring more files
                return .someFailed
            } catch {
                Diagnostics.error(error)
                failed = true
            }
        }
        return failed ? .someFailed : .allScored
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
