import Analysis
import TestSupport
import XCTest

final class SpeechActivityTests: XCTestCase {
    private func detect(_ samples: [Float], sampleRate: Double, configuration: AnalysisConfiguration = AnalysisConfiguration()) -> [TimeSpan] {
        let analyzer = SignalAnalyzer(channelCount: 1, sampleRate: sampleRate, configuration: configuration)
        // Feed in uneven blocks to exercise streaming.
        var offset = 0
        var size = 1000
        samples.withUnsafeBufferPointer { all in
            while offset < all.count {
                let end = min(all.count, offset + size)
                analyzer.process(UnsafeBufferPointer(rebasing: all[offset..<end]))
                offset = end
                size = size == 1000 ? 4097 : 1000
            }
        }
        return analyzer.finish(durationSeconds: Double(samples.count) / sampleRate)[0].speech
    }

    func testSilenceAndNoiseHaveNoSpeech() {
        for rate in [8000.0, 16000, 44100, 48000] {
            XCTAssertEqual(detect(Signals.silence(seconds: 3, sampleRate: rate), sampleRate: rate), [], "silence at \(rate) Hz")
            let noise = Signals.whiteNoise(rmsDBFS: -40, seconds: 5, sampleRate: rate, seed: 9)
            XCTAssertEqual(detect(noise, sampleRate: rate), [], "noise at \(rate) Hz")
        }
    }

    func testSteadyToneIsNotSpeech() {
        for rate in [8000.0, 16000] {
            for frequency in [425.0, 1000, 2000] {
                let tone = Signals.sine(frequencyHz: frequency, peakDBFS: -15, seconds: 4, sampleRate: rate)
                var signal = Signals.silence(seconds: 1, sampleRate: rate) + tone
                signal += Signals.silence(seconds: 1, sampleRate: rate)
                XCTAssertEqual(detect(signal, sampleRate: rate), [], "\(frequency) Hz tone at \(rate) Hz")
            }
        }
    }

    /// Speech-like bursts in noise are found with onsets and offsets within 50 ms, across rates
    /// and levels.
    func testSpeechBurstsAreFoundWithAccurateEdges() {
        for rate in [8000.0, 16000, 44100, 48000] {
            for level in [-45.0, -30, -12] {
                let duration = 10.0
                var signal = Signals.whiteNoise(rmsDBFS: level - 25, seconds: duration, sampleRate: rate, seed: 5)
                let bursts = [(1.0, 3.0), (4.2, 5.0), (6.5, 9.0)]
                for (i, (start, end)) in bursts.enumerated() {
                    let speech = Signals.speechLike(rmsDBFS: level, seconds: end - start, sampleRate: rate, seed: UInt64(i))
                    Signals.mix(speech, into: &signal, atSeconds: start, sampleRate: rate)
                }
                let found = detect(signal, sampleRate: rate)
                let context = "rate \(rate) Hz, level \(level) dBFS: \(found)"
                XCTAssertEqual(found.count, bursts.count, context)
                for (segment, truth) in zip(found, bursts) {
                    XCTAssertEqual(segment.startSeconds, truth.0, accuracy: 0.05, context)
                    XCTAssertEqual(segment.endSeconds, truth.1, accuracy: 0.12, context)
                }
            }
        }
    }

    /// Pauses shorter than the merge gap do not split a segment; longer ones do.
    func testShortPausesDoNotSplitSegments() {
        let rate = 8000.0
        var signal = Signals.silence(seconds: 6, sampleRate: rate)
        Signals.mix(Signals.speechLike(rmsDBFS: -25, seconds: 1, sampleRate: rate), into: &signal, atSeconds: 0.5, sampleRate: rate)
        Signals.mix(Signals.speechLike(rmsDBFS: -25, seconds: 1, sampleRate: rate), into: &signal, atSeconds: 1.7, sampleRate: rate)
        Signals.mix(Signals.speechLike(rmsDBFS: -25, seconds: 1, sampleRate: rate), into: &signal, atSeconds: 3.5, sampleRate: rate)
        let found = detect(signal, sampleRate: rate)
        XCTAssertEqual(found.count, 2, "\(found)")
        XCTAssertEqual(found.first?.endSeconds ?? 0, 2.7, accuracy: 0.12)
    }

    func testCleaningDropsClicksAndMergesGaps() {
        let configuration = SpeechActivityConfiguration()
        let runs = [TimeSpan(1.0, 1.02), TimeSpan(2.0, 2.5), TimeSpan(2.7, 3.0), TimeSpan(5.0, 5.06)]
        let cleaned = SpeechActivityDetector.clean(runs, configuration: configuration, durationSeconds: 10)
        XCTAssertEqual(cleaned.count, 1)
        XCTAssertEqual(cleaned[0].startSeconds, 2.0 - configuration.onsetPadSeconds, accuracy: 1e-9)
        XCTAssertEqual(cleaned[0].endSeconds, 3.0 + configuration.hangoverSeconds, accuracy: 1e-9)
    }
}
