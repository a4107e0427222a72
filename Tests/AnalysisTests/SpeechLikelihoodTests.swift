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
}
