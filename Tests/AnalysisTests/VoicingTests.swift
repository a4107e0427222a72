import Analysis
import FFT
import TestSupport
import XCTest

/// `FrameAnalyzer.voicing(ofFrame:)`: how periodic a frame's speech band is. Voiced speech reads
/// high, noise of every colour low, at every rate; this is what tells a breath from a word.
final class VoicingTests: XCTestCase {
    /// The voicing of every frame of `samples`, and the frames' speech-band levels.
    private func voicing(_ samples: [Float], sampleRate: Double) -> [(voicing: Float, level: Float)] {
        let analyzer = FrameAnalyzer(sampleRate: sampleRate)
        var result: [(Float, Float)] = []
        samples.withUnsafeBufferPointer { all in
            analyzer.process(all) { features in
                result.append((analyzer.voicing(ofFrame: features.index), features.speechBandDBFS))
            }
        }
        return result
    }

    private func share(_ values: [Float], atLeast bar: Float) -> Double {
        Double(values.filter { $0 >= bar }.count) / Double(max(1, values.count))
    }

    /// Leaky-integrated white noise: brown noise (-6 dB per octave), whose autocorrelation decays
    /// slowly; without whitening it reads as periodic (10 % of its frames did with a 1.5 kHz
    /// moving-mean whitening instead of the power-law fit).
    private func brownNoise(seconds: Double, sampleRate: Double, seed: UInt64) -> [Float] {
        let white = Signals.whiteNoise(rmsDBFS: -30, seconds: seconds, sampleRate: sampleRate, seed: seed)
        var state: Float = 0
        return white.map { sample in
            state = 0.995 * state + sample
            return state
        }
    }

    func testVoicedSpeechReadsHighAndNoiseOfAnyColourLow() {
        let bar = SpeechActivityConfiguration().voicingThreshold
        for rate in [8000.0, 16000, 44100, 48000] {
            for f0 in [90.0, 140, 230] {
                let speech = Signals.speechLike(rmsDBFS: -25, seconds: 4, sampleRate: rate, f0Hz: f0, seed: 5)
                let frames = voicing(speech, sampleRate: rate)
                let loudest = frames.map(\.level).max() ?? 0
                // The frames within 10 dB of the loudest: the syllables' nuclei. (A deep voice has
                // the fewest voiced frames, about 65 %: two periods fill a 25 ms frame.)
                let nuclei = frames.filter { $0.level > loudest - 10 }.map(\.voicing)
                XCTAssertGreaterThan(share(nuclei, atLeast: bar), 0.55, "\(rate) Hz, f0 \(f0) Hz")
            }
            let noises: [(String, [Float])] = [
                ("white", Signals.whiteNoise(rmsDBFS: -30, seconds: 4, sampleRate: rate, seed: 6)),
                ("brown", brownNoise(seconds: 4, sampleRate: rate, seed: 7)),
                ("band 500-3000 Hz", Signals.bandLimitedNoise(
                    lowHz: 500, highHz: 3000, components: 400, rmsDBFS: -30, seconds: 4, sampleRate: rate, seed: 8)),
            ]
            for (name, noise) in noises {
                let values = voicing(noise, sampleRate: rate).map(\.voicing)
                XCTAssertLessThan(share(values, atLeast: bar), 0.03, "\(name) noise at \(rate) Hz")
            }
        }
    }

    /// Under white noise at 10 dB SNR a voice still has voiced frames (it only takes a few).
    func testVoiceUnderNoiseKeepsVoicedFrames() {
        let rate = 8000.0
        var signal = Signals.speechLike(rmsDBFS: -25, seconds: 4, sampleRate: rate, seed: 9)
        let noise = Signals.whiteNoise(rmsDBFS: -35, seconds: 4, sampleRate: rate, seed: 10)
        for i in signal.indices { signal[i] += noise[i] }
        let values = voicing(signal, sampleRate: rate).map(\.voicing)
        XCTAssertGreaterThan(share(values, atLeast: SpeechActivityConfiguration().voicingThreshold), 0.2)
    }

    /// Frames can be asked about until they are discarded, in any order, with the same answer.
    func testStoredFramesGiveTheSameVoicingLater() {
        let rate = 16000.0
        let speech = Signals.speechLike(rmsDBFS: -25, seconds: 20, sampleRate: rate, seed: 11)
        let analyzer = FrameAnalyzer(sampleRate: rate)
        var immediate: [Float] = []
        speech.withUnsafeBufferPointer { all in
            analyzer.process(all) { immediate.append(analyzer.voicing(ofFrame: $0.index)) }
        }
        // All 2000 frames are still stored (the ring grew): ask again, backwards.
        for index in immediate.indices.reversed() {
            XCTAssertEqual(analyzer.voicing(ofFrame: index), immediate[index], "frame \(index)")
        }
        analyzer.discardSpectra(before: 1500)
        XCTAssertEqual(analyzer.voicing(ofFrame: 1700), immediate[1700])
    }
}
