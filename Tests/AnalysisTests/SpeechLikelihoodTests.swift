import Analysis
import TestSupport
import XCTest

/// `FrameAnalyzer.speechLikelihood(ofFrame:)`: a frame's spectrum against the noise spectrum the
/// analyzer has learnt.
final class SpeechLikelihoodTests: XCTestCase {
    /// Frames of `signal` (8 kHz) analysed, with the analyzer.
    private func analyzed(_ signal: [Float]) -> (FrameAnalyzer, [FrameFeatures]) {
        let analyzer = FrameAnalyzer(sampleRate: 8000)
        var frames: [FrameFeatures] = []
        signal.withUnsafeBufferPointer { analyzer.process($0) { frames.append($0) } }
        return (analyzer, frames)
    }

    /// Until the noise is learnt, every frame reads 0. Learnt from a second of white noise, a
    /// frame of the same noise reads about 0.1-0.2 (the bins that chance lifts over their mean),
    /// and one where a 1 kHz tone stands 10 dB over the noise's whole band reads far more,
    /// though the band's level rises by only 10 dB.
    func testANoiseFrameReadsLowAndAToneOverTheNoiseHigh() {
        var signal = Signals.whiteNoise(rmsDBFS: -40, seconds: 2, sampleRate: 8000, seed: 71)
        Signals.mix(
            Signals.sine(frequencyHz: 1000, peakDBFS: -27, seconds: 0.5, sampleRate: 8000), into: &signal, atSeconds: 1.5,
            sampleRate: 8000)
        let (analyzer, frames) = analyzed(signal)
        XCTAssertEqual(analyzer.speechLikelihood(ofFrame: 120), 0, "nothing learnt yet")
        for index in 0..<100 { analyzer.learnNoise(fromFrame: index) }
        let noise = (100..<140).map { analyzer.speechLikelihood(ofFrame: $0) }
        let mean = noise.reduce(0, +) / Float(noise.count)
        XCTAssertGreaterThan(mean, 0.05, "\(noise)")
        XCTAssertLessThan(mean, 0.3, "\(noise)")
        XCTAssertLessThan(noise.max() ?? 1, 0.6, "\(noise)")
        let tone = analyzer.speechLikelihood(ofFrame: 170)
        XCTAssertGreaterThan(tone, 3, "a tone over the noise")
        XCTAssertEqual(frames.count, analyzer.lastFrameIndex + 1)
    }

    /// Noise learnt from digital silence (a recording that starts with zeros, a line with
    /// silence suppression) held no power: the first loud frame after it read an infinite
    /// likelihood (NaN in `g - 1 - ln g`), and converting it to a histogram bin stopped the
    /// program. The noise spectrum has a floor: the likelihoods stay finite and still far over
    /// any noise's. And a call that starts with a second of zeros and goes on with noise at -20,
    /// -10 or -3 dBFS is analysed to its end (it crashed at every one of these levels).
    func testNoiseLearntFromDigitalSilenceLeavesTheLikelihoodFinite() {
        var signal = [Float](repeating: 0, count: 8000)
        signal += Signals.whiteNoise(rmsDBFS: -3, seconds: 1, sampleRate: 8000, seed: 5)
        let (analyzer, _) = analyzed(signal)
        for index in 0..<60 { analyzer.learnNoise(fromFrame: index) }
        let loud = (110..<190).map { analyzer.speechLikelihood(ofFrame: $0) }
        XCTAssertTrue(loud.allSatisfy(\.isFinite), "\(loud)")
        XCTAssertGreaterThan(loud.min() ?? 0, 1e6, "\(loud)")

        for level in [-20.0, -10, -3] {
            var call = [Float](repeating: 0, count: 8000)
            call += Signals.whiteNoise(rmsDBFS: level, seconds: 5, sampleRate: 8000, seed: 9)
            let signalAnalyzer = SignalAnalyzer(channelCount: 1, sampleRate: 8000)
            call.withUnsafeBufferPointer { signalAnalyzer.process($0) }
            let channels = signalAnalyzer.finish(durationSeconds: 6)
            XCTAssertEqual(channels.count, 1)
            XCTAssertEqual(channels.first?.speech ?? [], [], "white noise at \(level) dBFS is no talk")
        }
    }
}
