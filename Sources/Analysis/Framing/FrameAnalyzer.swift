import FFT

#if canImport(Glibc)
import Glibc
#endif

/// Cuts one channel's samples into Hann-windowed frames and computes each frame's spectral
/// features with an FFT. Streaming: feed blocks of any size; memory stays one frame long.
public final class FrameAnalyzer {
    /// Sample rate, in Hz.
    public let sampleRate: Double
    /// Frame length, in samples.
    public let windowLength: Int
    /// Hop between frames, in samples.
    public let hopLength: Int

    private let fft: RealFFT
    private let window: [Float]
    private let windowPowerSum: Float
    private let bandBins: Range<Int>
    /// Bin ranges of the `FrameFeatures.subbandCount` log-spaced sub-bands of the speech band.
    private let subbandRanges: [Range<Int>]
    /// Whether the sub-bands cover the speech band exactly once (not when it has under 16 bins).
    private let subbandsPartitionBand: Bool
    private var pending: [Float] = []
    private var readOffset = 0
    private var frame: [Float]
    private var power: [Float]
    private var nextIndex = 0
    /// Magnitude spectra (square roots of the band's bin powers) of the last
    /// `stabilityLagFrames` frames, for `FrameFeatures.spectralStability`.
    private let stabilityLagFrames: Int
    private var pastMagnitudes: [Float]
    /// Per stored spectrum: the sum of its magnitudes and of their squares.
    private var pastSums: [Double]
    private var pastSquareSums: [Double]

    /// Creates an analyzer for a channel sampled at `sampleRate` Hz.
    public init(sampleRate: Double, configuration: FrameConfiguration = FrameConfiguration()) {
        self.sampleRate = sampleRate
        windowLength = max(16, Int((configuration.windowSeconds * sampleRate).rounded()))
        hopLength = max(1, Int((configuration.hopSeconds * sampleRate).rounded()))
        var fftSize = 16
        while fftSize < windowLength { fftSize *= 2 }
        guard let fft = RealFFT(size: fftSize) else {
            preconditionFailure("FFTW could not plan a \(fftSize)-point transform")
        }
        self.fft = fft
        let length = windowLength
        window = (0..<length).map { n in
            Float(0.5 - 0.5 * cos(2 * Double.pi * Double(n) / Double(length)))
        }
        windowPowerSum = window.reduce(0) { $0 + $1 * $1 }
        let binHz = sampleRate / Double(fftSize)
        let nyquistBin = fftSize / 2
        let low = min(nyquistBin, max(1, Int((configuration.speechBandLowHz / binHz).rounded(.up))))
        let high = min(nyquistBin, Int((configuration.speechBandHighHz / binHz).rounded(.down)))
        bandBins = low..<max(low + 1, high + 1)
        subbandRanges = Self.logSpacedRanges(bandBins, count: FrameFeatures.subbandCount)
        subbandsPartitionBand = subbandRanges.map(\.count).reduce(0, +) == bandBins.count
        stabilityLagFrames = max(1, Int((configuration.stabilityLagSeconds / configuration.hopSeconds).rounded()))
        pastMagnitudes = Array(repeating: 0, count: stabilityLagFrames * bandBins.count)
        pastSums = Array(repeating: 0, count: stabilityLagFrames)
        pastSquareSums = Array(repeating: 0, count: stabilityLagFrames)
        frame = Array(repeating: 0, count: fftSize)
        power = Array(repeating: 0, count: fftSize / 2 + 1)
        pending.reserveCapacity(4 * windowLength)
    }

    /// Time of the centre of frame `index`, in seconds.
    public func centerSeconds(ofFrame index: Int) -> Double {
        (Double(index * hopLength) + Double(windowLength) / 2) / sampleRate
    }

    /// Hop between frames, in seconds.
    public var hopSeconds: Double { Double(hopLength) / sampleRate }

    /// Appends samples and calls `emit` for each frame completed.
    public func process(_ samples: UnsafeBufferPointer<Float>, emit: (FrameFeatures) -> Void) {
        pending.append(contentsOf: samples)
        while pending.count - readOffset >= windowLength {
            emit(analyzeFrame(at: readOffset))
            readOffset += hopLength
        }
        if readOffset > 0, readOffset >= pending.count / 2 {
            let removed = min(readOffset, pending.count)
            pending.removeFirst(removed)
            readOffset -= removed
        }
    }

    private func analyzeFrame(at offset: Int) -> FrameFeatures {
        let length = windowLength
        pending.withUnsafeBufferPointer { source in
            window.withUnsafeBufferPointer { w in
                frame.withUnsafeMutableBufferPointer { f in
                    for n in 0..<length { f[n] = source[offset + n] * w[n] }
                }
            }
        }
        frame.withUnsafeBufferPointer { f in
            power.withUnsafeMutableBufferPointer { p in
                fft.powerSpectrum(UnsafeBufferPointer(rebasing: f[0..<length]), into: p)
            }
        }
        // Mean square of the windowed frame: Parseval, one-sided spectrum, normalised by the
        // window's power so a stationary signal reads its own mean square.
        let scale = 2 / (Float(fft.size) * windowPowerSum)
        var band: Float = 0
        var peakBin = bandBins.lowerBound
        var secondPeakBin = -1
        var twoComponents: Float = 0
        var subbands = SIMD16<Float>()
        power.withUnsafeBufferPointer { p in
            // One pass: sub-band sums (they partition the speech band) and the strongest bin.
            var strongest: Float = -1
            for (index, range) in subbandRanges.enumerated() {
                var sum: Float = 0
                for k in range {
                    let value = p[k]
                    sum += value
                    if value > strongest { strongest = value; peakBin = k }
                }
                subbands[index] = sum
            }
            band = subbandsPartitionBand ? subbands.sum() : bandBins.reduce(0) { $0 + p[$1] }
            // The second strongest component, at least 3 bins away from the first.
            var second: Float = -1
            var secondBin = -1
            for k in bandBins where p[k] > second && abs(k - peakBin) > 2 {
                second = p[k]
                secondBin = k
            }
            func around(_ center: Int) -> Float {
                guard center >= 0 else { return 0 }
                var sum: Float = 0
                for k in max(bandBins.lowerBound, center - 1)...min(bandBins.upperBound - 1, center + 1) { sum += p[k] }
                return sum
            }
            twoComponents = around(peakBin) + around(secondBin)
            secondPeakBin = secondBin
        }
        subbands *= scale
        let stability = spectralStability(frameIndex: nextIndex)
        let index = nextIndex
        nextIndex += 1
        return FrameFeatures(
            index: index,
            speechBandDBFS: Self.decibels(band * scale),
            peakiness: band > 0 ? min(1, twoComponents / band) : 0,
            peakBin: peakBin,
            secondPeakBin: secondPeakBin,
            subbandPower: subbands,
            spectralStability: stability
        )
    }

    /// Correlation of this frame's band magnitude spectrum with the one `stabilityLagFrames`
    /// earlier, and remembers this frame's spectrum. 0 until there is an earlier frame.
    /// One pass, eight bins at a time: Pearson's r from the sums of x, x², y, y² and xy. The
    /// magnitudes are square roots taken by halving the power's exponent (its bit pattern shifted
    /// right, re-biased): within 3.5 %, ample for a correlation, and vectorised where the exact
    /// square root is a scalar call per bin.
    private func spectralStability(frameIndex: Int) -> Float {
        let bins = bandBins.count
        let slot = frameIndex % stabilityLagFrames
        let low = bandBins.lowerBound
        var sumX = SIMD8<Float>(), sumXX = SIMD8<Float>(), sumXY = SIMD8<Float>()
        var tailX: Float = 0, tailXX: Float = 0, tailXY: Float = 0
        power.withUnsafeBufferPointer { p in
            pastMagnitudes.withUnsafeMutableBufferPointer { past in
                let source = UnsafeRawPointer(p.baseAddress! + low)
                let stored = UnsafeMutableRawPointer(past.baseAddress! + slot * bins)
                let stride = MemoryLayout<Float>.stride
                var i = 0
                while i + 8 <= bins {
                    let bits = source.loadUnaligned(fromByteOffset: i * stride, as: SIMD8<UInt32>.self)
                    let x = unsafeBitCast((bits &>> 1) &+ Self.squareRootBias, to: SIMD8<Float>.self)
                    let y = stored.loadUnaligned(fromByteOffset: i * stride, as: SIMD8<Float>.self)
                    sumX += x
                    sumXX += x * x
                    sumXY += x * y
                    stored.storeBytes(of: x, toByteOffset: i * stride, as: SIMD8<Float>.self)
                    i += 8
                }
                while i < bins {
                    let x = Float(bitPattern: (p[low + i].bitPattern >> 1) &+ Self.squareRootBias[0])
                    let y = past[slot * bins + i]
                    tailX += x
                    tailXX += x * x
                    tailXY += x * y
                    past[slot * bins + i] = x
                    i += 1
                }
            }
        }
        let n = Double(bins)
        let x = Double(sumX.sum() + tailX), xx = Double(sumXX.sum() + tailXX)
        let y = pastSums[slot], yy = pastSquareSums[slot]
        pastSums[slot] = x
        pastSquareSums[slot] = xx
        guard frameIndex >= stabilityLagFrames else { return 0 }
        let covariance = Double(sumXY.sum() + tailXY) - x * y / n
        let norm = ((xx - x * x / n) * (yy - y * y / n)).squareRoot()
        return norm > 0 ? Float(max(-1, min(1, covariance / norm))) : 0
    }

    /// Added to a non-negative Float's bit pattern shifted right by one: an approximate square root.
    private static let squareRootBias = SIMD8<UInt32>(repeating: 0x1FBD_1DF5)

    /// Splits `bins` into `count` contiguous, non-empty ranges with log-spaced edges (ranges
    /// repeat the last bin when there are fewer bins than ranges).
    static func logSpacedRanges(_ bins: Range<Int>, count: Int) -> [Range<Int>] {
        let low = Double(max(1, bins.lowerBound)), high = Double(bins.upperBound)
        var edges: [Int] = []
        for i in 0...count {
            edges.append(Int((low * pow(high / low, Double(i) / Double(count))).rounded()))
        }
        var ranges: [Range<Int>] = []
        var start = bins.lowerBound
        for i in 1...count {
            let end = min(bins.upperBound, max(start + 1, edges[i]))
            ranges.append(min(start, bins.upperBound - 1)..<max(min(start, bins.upperBound - 1) + 1, end))
            start = end
        }
        return ranges
    }

    private static func decibels(_ meanSquare: Float) -> Float {
        meanSquare > 1e-12 ? 10 * log10f(meanSquare) : -120
    }
}
