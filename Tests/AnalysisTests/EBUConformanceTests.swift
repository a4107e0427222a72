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

    /// Case 6: a 5.0 programme (L, R -28 dBFS; C -24; Ls, Rs -30), surround channels weighted
    /// 1.41 (BS.1770-4 Table 3): I = -23.0 +-0.1 LUFS.
    func testTech3341Case6FiveChannels() {
        let levels = [-28.0, -28, -24, -30, -30], weights = [1.0, 1, 1, 1.41, 1.41]
        for rate in [48_000.0, 16_000, 8_000] {
            let meters = levels.map { level -> LoudnessMeter in
                var meter = LoudnessMeter(sampleRate: rate)
                meter.process(segments([(20, level)], rate: rate))
                return meter
            }
            let programme = LoudnessMeter.programme(meters, weights: weights)
            XCTAssertEqual(programme?.integratedLUFS ?? 0, -23, accuracy: 0.1, "3341-6 at \(rate) Hz")
        }
        XCTAssertNil(LoudnessMeter.programme([LoudnessMeter(sampleRate: 8_000)], weights: [1, 1]), "one weight per channel")
    }

    /// Cases 9 and 12: tones switching between -20 and -30 dBFS with the period of the window, so
    /// short-term (case 9) and momentary (case 12) loudness stay at -23.0 +-0.1 LUFS once the
    /// window is full (after 3 s and 1 s).
    func testTech3341Cases9And12ConstantShortTermAndMomentary() {
        for rate in [48_000.0, 16_000, 8_000] {
            let nine = Array(repeating: segments([(1.34, -20), (1.66, -30)], rate: rate), count: 5).flatMap { $0 }
            let shortTerm = stereoProgramme(nine, rate: rate).shortTermLUFS  // first window ends at 3 s
            XCTAssertEqual(shortTerm.count, 121, "\(rate) Hz")
            for (index, value) in shortTerm.enumerated() {
                XCTAssertEqual(value ?? 0, -23, accuracy: 0.1, "3341-9 at \(rate) Hz, S ending at \(3 + Double(index) * 0.1) s")
            }
            let twelve = Array(repeating: segments([(0.18, -20), (0.22, -30)], rate: rate), count: 25).flatMap { $0 }
            let momentary = stereoProgramme(twelve, rate: rate).momentaryLUFS  // first window ends at 0.4 s
            XCTAssertEqual(momentary.count, 97, "\(rate) Hz")
            for (index, value) in momentary.enumerated() where index >= 6 {
                XCTAssertEqual(value ?? 0, -23, accuracy: 0.1, "3341-12 at \(rate) Hz, M ending at \(0.4 + Double(index) * 0.1) s")
            }
        }
    }

    /// Cases 15-19: sines at fs/4, fs/6 and fs/8 whose peaks fall between samples (10 ms fades),
    /// fed in uneven blocks: maximum true peak -6.0 (+3.0 for case 19) +0.2/-0.4 dBTP.
    func testTech3341Cases15to19TruePeak() {
        let cases: [(name: String, divisor: Double, amplitude: Double, phaseDegrees: Double, expected: Double)] = [
            ("3341-15", 4, 0.5, 0, -6), ("3341-16", 4, 0.5, 45, -6), ("3341-17", 6, 0.5, 60, -6),
            ("3341-18", 8, 0.5, 67.5, -6), ("3341-19", 4, 1.41, 45, 3),
        ]
        for rate in [48_000.0, 16_000, 8_000] {
            for c in cases {
                let count = Int(rate)  // 1 s
                let fade = Int(0.01 * rate)
                let samples = (0..<count).map { n -> Float in
                    let gain = Double(min(n, count - 1 - n, fade)) / Double(fade)
                    return Float(gain * c.amplitude * sin(2 * Double.pi * Double(n) / c.divisor + c.phaseDegrees * Double.pi / 180))
                }
                var meter = LoudnessMeter(sampleRate: rate)
                var offset = 0
                while offset < count {
                    let end = min(count, offset + 997)
                    samples[offset..<end].withUnsafeBufferPointer { meter.process($0) }
                    offset = end
                }
                let peak = meter.finish().truePeakDBTP ?? -99
                XCTAssertTrue((c.expected - 0.4)...(c.expected + 0.2) ~= peak, "\(c.name) at \(rate) Hz: \(peak) dBTP")
            }
        }
    }

    /// Two identical channels (weight 1.0 each), the stereo programme of the EBU cases.
    private func stereoProgramme(_ samples: [Float], rate: Double) -> ProgrammeLoudness {
        var meter = LoudnessMeter(sampleRate: rate)
        meter.process(samples)
        return LoudnessMeter.programme([meter, meter], weights: [1, 1])!
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
