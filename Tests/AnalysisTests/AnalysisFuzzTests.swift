import Analysis
import Foundation
import TestSupport
import XCTest

/// Signals pieced together from what recordings hold between and around the talk (digital
/// silence, noise, tones, square waves, the Nyquist frequency alone, clicks, a constant offset, a
/// voice) at levels from -80 to 0 dBFS, at rates from 8 to 192 kHz, cut at any length and fed in
/// blocks of any size: the analysis always reaches the end, and its spans are sorted, disjoint
/// and inside the call. Count: CALLQA_ANALYSIS_FUZZ_CASES (default 40;
/// `scripts/check long` runs 1,000). A channel that started with digital silence and went on
/// loud stopped the program (an infinite speech likelihood, then NaN converted to a histogram
/// bin) before the noise spectrum had a floor: that code fails within these 40 cases.
final class AnalysisFuzzTests: XCTestCase {
    func testPiecedSignalsAreAnalysedToTheirEnd() {
        let count = Int(ProcessInfo.processInfo.environment["CALLQA_ANALYSIS_FUZZ_CASES"] ?? "") ?? 40
        var random = SeededRandom(seed: 2026)
        func uniform(_ low: Double, _ high: Double) -> Double {
            low + (high - low) * (Double(random.nextSigned()) + 1) / 2
        }
        func pick(_ count: Int) -> Int { Int(random.next() % UInt64(count)) }
        for i in 0..<count {
            let rates = [8000.0, 11025, 12000, 16000, 22050, 32000, 44100, 48000, 96000, 192000]
            let rate = rates[pick(rates.count)]
            let channelCount = 1 + pick(2)
            let channels = (0..<channelCount).map { _ -> [Float] in
                var samples: [Float] = []
                // Half the channels open on digital silence, as a recorder's often do.
                let pieces = 2 + pick(6)
                let opensOnSilence = pick(2) == 0
                for piece in 0..<pieces {
                    let seconds = piece == 0 && opensOnSilence ? uniform(0.5, 3) : uniform(0.02, 4)
                    let level = uniform(-80, 0)
                    let count = Int(seconds * rate)
                    switch piece == 0 && opensOnSilence ? 0 : pick(9) {
                    case 0: samples += Signals.silence(seconds: seconds, sampleRate: rate)
                    case 1: samples += Signals.whiteNoise(rmsDBFS: level, seconds: seconds, sampleRate: rate, seed: random.next())
                    case 2: samples += Signals.sine(frequencyHz: uniform(50, rate / 2.2), peakDBFS: level, seconds: seconds, sampleRate: rate)
                    case 3: samples += [Float](repeating: Signals.amplitude(dB: level), count: count)
                    case 4:
                        // A square wave (a clipped tone, a buzzer), up to full scale.
                        let period = max(2, Int(rate / uniform(20, rate / 4)))
                        let amplitude = Signals.amplitude(dB: level)
                        samples += (0..<count).map { ($0 % period) < period / 2 ? amplitude : -amplitude }
                    case 5:
                        // Everything at the Nyquist frequency: +a, -a, +a, ...
                        let amplitude = Signals.amplitude(dB: level)
                        samples += (0..<count).map { $0 % 2 == 0 ? amplitude : -amplitude }
                    case 6:
                        // Clicks: lone full-level samples over digital silence.
                        var clicks = [Float](repeating: 0, count: count)
                        for _ in 0..<(count / max(1, 20 + pick(2000))) { clicks[pick(max(1, count))] = Signals.amplitude(dB: level) }
                        samples += clicks
                    default:
                        samples += Signals.speechLike(
                            rmsDBFS: min(-3, level), seconds: seconds, sampleRate: rate, f0Hz: uniform(90, 250), seed: random.next())
                    }
                }
                return samples
            }
            let length = max(Int(0.3 * rate), channels.map(\.count).max() ?? 0)
            let padded = channels.map { $0 + [Float](repeating: 0, count: length - $0.count) }
            let durationSeconds = Double(length) / rate
            let analyzer = SignalAnalyzer(channelCount: channelCount, sampleRate: rate)
            var start = 0
            while start < length {
                let end = min(length, start + 1 + pick(9000))
                let slices = padded.map { Array($0[start..<end]) }
                withBuffers(slices) { analyzer.process($0) }
                start = end
            }
            let results = analyzer.finish(durationSeconds: durationSeconds)
            XCTAssertEqual(results.count, channelCount, "case \(i)")
            for (channel, result) in results.enumerated() {
                for spans in [result.speech, result.hold] {
                    for span in spans {
                        XCTAssertGreaterThanOrEqual(span.startSeconds, 0, "case \(i) channel \(channel): \(spans)")
                        XCTAssertLessThan(span.startSeconds, span.endSeconds, "case \(i) channel \(channel): \(spans)")
                        XCTAssertLessThanOrEqual(span.endSeconds, durationSeconds + 1e-9, "case \(i) channel \(channel): \(spans)")
                    }
                    for (a, b) in zip(spans, spans.dropFirst()) {
                        XCTAssertLessThan(a.endSeconds, b.startSeconds, "case \(i) channel \(channel): \(spans)")
                    }
                }
            }
        }
    }

    /// Hands `SignalAnalyzer.process` one buffer per channel.
    private func withBuffers(_ channels: [[Float]], _ body: ([UnsafeBufferPointer<Float>]) -> Void) {
        func nest(_ index: Int, _ buffers: [UnsafeBufferPointer<Float>]) {
            guard index < channels.count else { return body(buffers) }
            channels[index].withUnsafeBufferPointer { nest(index + 1, buffers + [$0]) }
        }
        nest(0, [])
    }
}
