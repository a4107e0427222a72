import Analysis
import AudioIO
import Foundation

/// What `callqa music-features` does (a tool for training and checking the recorded-music model,
/// hidden from the help): decode each file and print, for every channel, the features of every
/// window the speech detector's music model scores, one line each:
/// `file<TAB>channel<TAB>end frame<TAB>feature 0<TAB>...`.
public enum MusicFeaturesCommandRunner {
    public static func run(files: [String]) -> ExitStatus {
        var failed = false
        for path in files {
            do {
                var text = ""
                for (channel, collector) in try collect(path: path).enumerated() {
                    for window in collector.windows {
                        text += "\(path)\t\(channel)\t\(window.endFrame)\t"
                            + window.features.map { String($0) }.joined(separator: "\t") + "\n"
                    }
                }
                try OutputSink.standardOutput.write(Data(text.utf8))
            } catch let error as OutputError {
                Diagnostics.error(error)
                return .someFailed
            } catch {
                Diagnostics.error(error)
                failed = true
            }
        }
        return failed ? .someFailed : .allScored
    }

    static func collect(path: String) throws -> [MusicFeatureCollector] {
        let file = try SoundFile(path: path)
        var collectors = (0..<file.info.channelCount).map { _ in
            MusicFeatureCollector(sampleRate: Double(file.info.sampleRate))
        }
        var block = AudioBlock(channelCount: file.info.channelCount, capacity: 8192)
        while try file.read(into: &block, maximumFrames: 8192) > 0 {
            for index in collectors.indices {
                block.channels[index].withUnsafeBufferPointer { collectors[index].process($0) }
            }
        }
        return collectors
    }
}
