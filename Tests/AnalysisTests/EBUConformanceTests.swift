import Analysis
import TestSupport
import XCTest

/// EBU Tech 3341 (loudness) and Tech 3342 (loudness range) test signals, generated from their
/// published definitions, at 48, 16 and 8 kHz. The cases are stereo programmes with identical
/// channels; callqa measures one channel as a mono programme, so the two-channel programme
/// reading is the mono reading + 10·log10(2) (both channels weigh 1.0 in BS.1770).
final class EBUConformanceTests: XCTestCase {
    private let stereo = 10 * log10(2.0)

    /// A 1 kHz sine in segments of (seconds, peak dBFS).
    private func segments(_ parts: [(Double, Double)], rate: Double) -> [Float] {
        parts.flatMap { Signals.sine(frequencyHz: 1000, peakDBFS: $0.1, seconds: $0.0, sampleRate: rate) }
    }

    private func measure(_ samples: [Float], rate: Double) -> LoudnessMeasurement {
        var meter = LoudnessMeter(sampleRate: rate)
        meter.process(samples)
        return meter.finish()
    }

    func testTech3341Cases1to5() {
        let cases: [(name: String, parts: [(Double, Double)], integrated: Double)] = [
            ("3341-1", [(20, -23)], -23), ("3341-2", [(20, -33)], -33),
            ("3341-3", [(10, -36), (60, -23), (10, -36)], -23),
            ("3341-4", [(10, -72), (10, -36), (60, -23), (10, -36), (10, -72)], -23),
            ("3341-5", [(20, -26), (20.1, -20), (20, -26)], -23),
        ]
        for rate in [48_000.0, 16_000, 8_000] {
            for c in cases {
                let m = measure(segments(c.parts, rate: rate), rate: rate)
                XCTAssertEqual((m.integratedLUFS ?? 0) + stereo, c.integrated, accuracy: 0.1, "\(c.name) at \(rate) Hz: I")
                if c.parts.count == 1 {
                    XCTAssertEqual((m.maxMomentaryLUFS ?? 0) + stereo, c.integrated, accuracy: 0.1, "\(c.name) at \(rate) Hz: M")
                    XCTAssertEqual((m.maxShortTermLUFS ?? 0) + stereo, c.integrated, accuracy: 0.1, "\(c.name) at \(rate) Hz: S")
                }
            }
        }
    }

    func testTech3342Cases1to4() {
        let cases: [(name: String, parts: [(Double, Double)], range: Double)] = [
            ("3342-1", [(20, -20), (20, -30)], 10), ("3342-2", [(20, -20), (20, -15)], 5),
            ("3342-3", [(20, -40), (20, -20)], 20),
            ("3342-4", [(20, -50), (20, -35), (20, -20), (20, -35), (20, -50)], 15),
        ]
        for rate in [48_000.0, 16_000, 8_000] {
            for c in cases {
                let m = measure(segments(c.parts, rate: rate), rate: rate)
                XCTAssertEqual(m.loudnessRangeLU ?? 0, c.range, accuracy: 1, "\(c.name) at \(rate) Hz: LRA")
                XCTAssertEqual(m.loudnessRangeReliable, c.parts.reduce(0) { $0 + $1.0 } >= 60, c.name)
            }
        }
    }
}
