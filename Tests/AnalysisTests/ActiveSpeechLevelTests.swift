@testable import Analysis
import XCTest

/// The P.56 envelope moved a group of samples at a time (`ActiveSpeechLevel.Group`) against the
/// two smoothers run a sample at a time, as P.56 writes them.
final class ActiveSpeechLevelTests: XCTestCase {
    /// Samples of a noisy, gated signal (seeded, so a failure repeats).
    private static func samples(count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { i in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Float(Int64(bitPattern: state) >> 11) / Float(1 << 52)
            return (i / 4000) % 3 == 0 ? noise * 0.001 : noise * 0.5
        }
    }

    func testGroupedEnvelopeMatchesTheSampleRecursion() {
        for rate in [8_000.0, 16_000.0, 44_100.0] {
            for blockLength in [1, 3, 8, 777, 4096] {
                let signal = Self.samples(count: 20_011, seed: UInt64(rate) &+ UInt64(blockLength))
                var level = ActiveSpeechLevel(sampleRate: rate)
                let g = exp(-1 / (0.03 * rate))
                var p = 0.0, q = 0.0
                var offset = 0
                while offset < signal.count {
                    let end = min(signal.count, offset + blockLength)
                    signal[offset..<end].withUnsafeBufferPointer { level.process($0) }
                    for x in signal[offset..<end] {
                        p = g * p + (1 - g) * abs(Double(x))
                        q = g * q + (1 - g) * p
                    }
                    offset = end
                    let envelope = level.envelope
                    let context = "\(rate) Hz, blocks of \(blockLength), after \(end) samples"
                    XCTAssertEqual(envelope.samples, end, context)
                    XCTAssertEqual(envelope.p, p, accuracy: 1e-12 * max(p, 1e-6), context)
                    XCTAssertEqual(envelope.q, q, accuracy: 1e-12 * max(q, 1e-6), context)
                    if envelope.samples != end || abs(envelope.q - q) > 1e-12 * max(q, 1e-6) { return }
                }
            }
        }
    }

    /// A meter fed in uneven blocks keeps the same level as one fed the call whole: the groups
    /// split at the blocks' ends join up again at the next decision.
    func testLevelDoesNotDependOnBlockSizes() {
        let signal = Self.samples(count: 48_000, seed: 7)
        func level(blockLength: Int) -> Double? {
            var meter = LoudnessMeter(sampleRate: 16_000)
            var offset = 0
            while offset < signal.count {
                let end = min(signal.count, offset + blockLength)
                signal[offset..<end].withUnsafeBufferPointer { meter.process($0) }
                offset = end
            }
            return meter.finish().activeSpeechLevelDBFS
        }
        let whole = level(blockLength: signal.count)
        XCTAssertNotNil(whole)
        for blockLength in [1, 5, 13, 1_111] {
            XCTAssertEqual(level(blockLength: blockLength) ?? 0, whole ?? 99, accuracy: 1e-9, "blocks of \(blockLength)")
        }
    }
}
