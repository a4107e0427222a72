import FFT
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

final class RealFFTTests: XCTestCase {
    /// A sine exactly at bin k peaks at bin k, for a grid of sizes and bins.
    func testSineAtBinPeaksAtThatBin() throws {
        for size in [64, 256, 400, 1024] {
            let fft = try XCTUnwrap(RealFFT(size: size), "size \(size)")
            for bin in [1, 5, size / 4, size / 2 - 1] {
                let x = (0..<size).map { Float(sin(2 * Double.pi * Double(bin) * Double($0) / Double(size))) }
                let power = fft.power(of: x)
                let peak = power.indices.max { power[$0] < power[$1] }
                XCTAssertEqual(peak, bin, "size \(size), bin \(bin)")
            }
        }
    }

    /// Parseval: the time-domain energy equals the one-sided spectral energy / N.
    func testParsevalHolds() throws {
        var random = SeededRandom(seed: 42)
        for size in [16, 128, 512, 2048] {
            let fft = try XCTUnwrap(RealFFT(size: size))
            let x = (0..<size).map { _ in random.nextSigned() }
            let power = fft.power(of: x)
            let timeEnergy = x.reduce(0.0) { $0 + Double($1 * $1) }
            var spectral = Double(power[0]) + Double(power[size / 2])
            for k in 1..<(size / 2) { spectral += 2 * Double(power[k]) }
            spectral /= Double(size)
            XCTAssertEqual(spectral, timeEnergy, accuracy: timeEnergy * 1e-4, "size \(size)")
        }
    }

    /// Short input is zero-padded: the transform of fewer samples than `size` is well defined.
    func testShortInputIsZeroPadded() throws {
        let fft = try XCTUnwrap(RealFFT(size: 32))
        let power = fft.power(of: [1], overwriting: 1)
        for value in power { XCTAssertEqual(value, 1, accuracy: 1e-6) }
    }

    /// The inverse of a power spectrum is `size` times the circular autocorrelation of the input.
    func testInverseOfPowerSpectrumIsTheAutocorrelation() throws {
        var random = SeededRandom(seed: 7)
        for size in [16, 256, 400, 2048] {
            let fft = try XCTUnwrap(RealFFT(size: size))
            let x = (0..<size).map { _ in random.nextSigned() }
            let power = fft.power(of: x)
            var correlation = [Float](repeating: 0, count: size)
            let planned = power.withUnsafeBufferPointer { p in
                correlation.withUnsafeMutableBufferPointer { fft.inverseOfRealSpectrum(p, into: $0) }
            }
            XCTAssertTrue(planned)
            for lag in [0, 1, size / 3, size - 1] {
                var direct = 0.0
                for n in 0..<size { direct += Double(x[n]) * Double(x[(n + lag) % size]) }
                XCTAssertEqual(Double(correlation[lag]) / Double(size), direct, accuracy: 1e-3 * Double(size), "size \(size), lag \(lag)")
            }
        }
    }

    /// Transforms on several threads at once share the cached plan safely.
    func testConcurrentUseGivesIdenticalResults() throws {
        let size = 512
        let x = (0..<size).map { Float(sin(Double($0) * 0.1)) }
        let results = UnsafeSendableBox(Array(repeating: [Float](), count: 8))
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            guard let fft = RealFFT(size: size) else { return }
            let power = fft.power(of: x)
            results.set(i, power)
        }
        for i in 1..<8 { XCTAssertEqual(results.value[i], results.value[0], "thread \(i)") }
    }
}

private extension RealFFT {
    /// The power spectrum of `x`, written into an array first filled with `overwriting` (so a
    /// test can tell that every bin was written).
    func power(of x: [Float], overwriting initial: Float = 0) -> [Float] {
        var power = [Float](repeating: initial, count: binCount)
        x.withUnsafeBufferPointer { input in
            power.withUnsafeMutableBufferPointer { powerSpectrum(input, into: $0) }
        }
        return power
    }
}

private final class UnsafeSendableBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var value: [[Float]]
    init(_ value: [[Float]]) { self.value = value }
    func set(_ index: Int, _ element: [Float]) {
        lock.lock()
        value[index] = element
        lock.unlock()
    }
}
