import FFT

#if canImport(Glibc)
import Glibc
#endif

/// Cuts one channel's samples into Hann-windowed frames and computes each frame's spectral
/// features with an FFT, and on demand a frame's `voicing(ofFrame:)`. Streaming: feed blocks of
/// any size; memory stays one frame long, plus the speech band's spectrum (and in wideband audio
/// the bins above it up to `FrameConfiguration.widebandLevelHighHz`; 16 bits per bin) of
/// each frame not yet given up with `discardSpectra(before:)`, so a caller that streams a long
/// input must discard the frames it has decided (`SignalAnalyzer` does).
public final class FrameAnalyzer {
    /// Sample rate, in Hz.
    public let sampleRate: Double
    /// Frame length, in samples.
    public let windowLength: Int
    /// Hop between frames, in samples.
    public let hopLength: Int

    private let fft: RealFFT
    private let window: [Float]
    private let windowSum: Float
    /// The shortest run of exact zeros that makes a dropout (`FrameFeatures.holdsDropout`): 2 ms.
    private let dropoutSamples: Int
    private let windowPowerSum: Float
    private let bandBins: Range<Int>
    /// In wideband audio, the bins above the speech band up to `widebandLevelHighHz` (empty
    /// otherwise): `FrameFeatures.widebandDBFS` adds them to the speech band's power;
    /// `FrameFeatures.upperBandDBFS` is their level alone.
    private let widebandExtraBins: Range<Int>
    /// The bins whose power is stored for each frame (`storedSpectra`): the speech band's, then
    /// in wideband audio those of `widebandExtraBins` (where a voice's fricatives stand out of
    /// noise, for `speechLikelihood(ofFrame:)`).
    private let storedBins: Range<Int>
    /// Bin ranges of the `FrameFeatures.subbandCount` log-spaced sub-bands of the speech band.
    private let subbandRanges: [Range<Int>]
    /// Whether the sub-bands cover the speech band exactly once (not when it has under 16 bins).
    private let subbandsPartitionBand: Bool
    private var pending: [Float] = []
    private var readOffset = 0
    /// The per-frame scratch buffers (`frame`, `power`, the stability and voicing state below)
    /// are owned here and freed in `deinit`: written on every frame, an array property would
    /// pay a uniqueness and an exclusivity check at each access (4 % of a 16 kHz call).
    private let frame: UnsafeMutableBufferPointer<Float>
    private let power: UnsafeMutableBufferPointer<Float>
    private var nextIndex = 0
    /// Magnitude spectra (square roots of the band's bin powers) of the last
    /// `stabilityLagFrames` frames, for `FrameFeatures.spectralStability`.
    private let stabilityLagFrames: Int
    private let pastMagnitudes: UnsafeMutableBufferPointer<Float>
    /// Per stored spectrum: the sum of its magnitudes and of their squares.
    private let pastSums: UnsafeMutableBufferPointer<Double>
    private let pastSquareSums: UnsafeMutableBufferPointer<Double>
    /// Pitch-period lags searched by `voicing(ofFrame:)`, the reciprocal of the window's own
    /// (circular, normalised) autocorrelation at each, and the scratch buffers of the transform.
    private let voicingLags: Range<Int>
    private let inverseWindowCorrelation: [Float]
    private let whitenedSpectrum: UnsafeMutableBufferPointer<Float>
    private let correlation: UnsafeMutableBufferPointer<Float>
    /// The channel's noise power in each of the `storedBins`, learnt from the frames
    /// `learnNoise(fromFrame:)` was given (a mean over the first `noiseSpectrumFrames`, then an
    /// exponential one of that memory), its reciprocals, and how many frames it has learnt.
    private let noiseSpectrum: UnsafeMutableBufferPointer<Float>
    private let inverseNoiseSpectrum: UnsafeMutableBufferPointer<Float>
    private var noiseFramesLearnt = 0
    /// The sum of the frames given to `learnNoise(fromFrame:)` since the noise spectrum was last
    /// updated, and how many: it is updated once per `noiseBatchFrames` (its reciprocals cost a
    /// division per bin).
    private let noiseBatch: UnsafeMutableBufferPointer<Float>
    private var noiseBatchFrames = 0
    private static let noiseBatchFrames = 8
    private let noiseSpectrumFrames: Int
    /// `speechLikelihood(ofFrame:)` is 0 until the noise has been learnt from this many frames.
    private static let minimumNoiseFrames = 50
    /// The least noise power a bin is taken to hold, as a share of full scale's mean square
    /// (-140 dB; 16-bit PCM's quantisation noise puts some -122 dB in each bin of an 8 kHz frame):
    /// a channel whose noise was learnt from digital silence (a recording that starts with
    /// zeros, a line with silence suppression) held none, and the likelihood of the first loud
    /// frame after it overflowed to infinity, and to NaN in `g - 1 - ln g` (a crash further on).
    static let noiseFloorBinMeanSquare: Float = 1e-14
    /// `noiseFloorBinMeanSquare` as the FFT's unscaled power.
    private let noisePowerFloor: Float
    /// The power spectra (`storedBins`) of the frames from `firstStoredFrame` on (the ones
    /// `voicing(ofFrame:)` can still be asked about): a ring of `storedCapacity` frames (a power
    /// of two), frame `i` in slot `i % storedCapacity`, doubled when full. Each bin is kept as
    /// the upper half of its `Float` bit pattern (bfloat16: 8-bit exponent, 7-bit mantissa,
    /// within 0.8 %, ample for a voicing), so that the ring of some 1000 frames takes half the
    /// cache. Owned here (freed in `deinit`): written once per frame, without the copy-on-write
    /// and exclusivity checks of an array property.
    private var storedSpectra = UnsafeMutableBufferPointer<UInt16>(start: nil, count: 0)
    private var storedCapacity = 0
    private var firstStoredFrame = 0
    /// The band bins' base-2 log frequencies less their mean, and the sum of their squares: the
    /// regressor of the power-law fit that whitens the spectrum for `voicing(ofFrame:)`.
    private let centredLogBins: [Float]
    private let logBinsSpread: Float

    /// Creates an analyzer for a channel sampled at `sampleRate` Hz.
    public init(sampleRate: Double, configuration: FrameConfiguration = FrameConfiguration()) {
        self.sampleRate = sampleRate
        windowLength = max(16, Int((configuration.windowSeconds * sampleRate).rounded()))
        hopLength = max(1, Int((configuration.hopSeconds * sampleRate).rounded()))
        dropoutSamples = max(8, Int((0.002 * sampleRate).rounded()))
        let fftSize = Self.transformSize(
            atLeast: max(16, windowLength, Int((sampleRate / configuration.maximumBinSpacingHz).rounded(.up))))
        guard let fft = RealFFT(size: fftSize) else {
            preconditionFailure("FFTW could not plan a \(fftSize)-point transform")
        }
        self.fft = fft
        let length = windowLength
        window = (0..<length).map { n in
            Float(0.5 - 0.5 * cos(2 * Double.pi * Double(n) / Double(length)))
        }
        windowSum = window.reduce(0, +)
        windowPowerSum = window.reduce(0) { $0 + $1 * $1 }
        noisePowerFloor = Self.noiseFloorBinMeanSquare * Float(fftSize) * windowPowerSum / 2
        let binHz = sampleRate / Double(fftSize)
        let nyquistBin = fftSize / 2
        let low = min(nyquistBin, max(1, Int((configuration.speechBandLowHz / binHz).rounded(.up))))
        let high = min(nyquistBin, Int((configuration.speechBandHighHz / binHz).rounded(.down)))
        bandBins = low..<max(low + 1, high + 1)
        let widebandHigh = sampleRate >= configuration.widebandMinimumSampleRate
            ? min(nyquistBin, Int((configuration.widebandLevelHighHz / binHz).rounded(.down))) : 0
        widebandExtraBins = bandBins.upperBound..<max(bandBins.upperBound, widebandHigh + 1)
        storedBins = bandBins.lowerBound..<widebandExtraBins.upperBound
        subbandRanges = Self.logSpacedRanges(bandBins, count: FrameFeatures.subbandCount)
        subbandsPartitionBand = subbandRanges.map(\.count).reduce(0, +) == bandBins.count
        stabilityLagFrames = max(1, Int((configuration.stabilityLagSeconds / configuration.hopSeconds).rounded()))
        pastMagnitudes = Self.zeroed(stabilityLagFrames * bandBins.count)
        pastSums = Self.zeroed(stabilityLagFrames)
        pastSquareSums = Self.zeroed(stabilityLagFrames)
        frame = Self.zeroed(fftSize)
        power = Self.zeroed(fftSize / 2 + 1)
        whitenedSpectrum = Self.zeroed(fftSize / 2 + 1)
        correlation = Self.zeroed(fftSize)
        noiseSpectrum = Self.zeroed(storedBins.count)
        inverseNoiseSpectrum = Self.zeroed(storedBins.count)
        noiseBatch = Self.zeroed(storedBins.count)
        noiseSpectrumFrames = max(1, Int((configuration.noiseSpectrumSeconds / configuration.hopSeconds).rounded()))
        let shortest = max(1, Int((sampleRate / configuration.voicingHighestPitchHz).rounded(.down)))
        let longest = min(fftSize / 2, Int((sampleRate / configuration.voicingLowestPitchHz).rounded(.up)))
        voicingLags = shortest..<max(shortest, longest + 1)
        let logBins = bandBins.map { log2f(Float($0)) }
        let meanLogBin = logBins.reduce(0, +) / Float(logBins.count)
        centredLogBins = logBins.map { $0 - meanLogBin }
        logBinsSpread = max(1e-6, centredLogBins.reduce(0) { $0 + $1 * $1 })
        inverseWindowCorrelation = Self.inverseCorrelation(of: window, fft: fft, lags: voicingLags)
        pending.reserveCapacity(4 * windowLength)
    }

    /// The smallest even size of at least `minimum` whose only prime factors are 2, 3, 5 and 7
    /// (sizes FFTW transforms fast).
    static func transformSize(atLeast minimum: Int) -> Int {
        var size = max(2, minimum + minimum % 2)
        while true {
            var rest = size
            for factor in [2, 3, 5, 7] { while rest % factor == 0 { rest /= factor } }
            if rest == 1 { return size }
            size += 2
        }
    }

    /// Time of the centre of frame `index`, in seconds.
    public func centerSeconds(ofFrame index: Int) -> Double {
        (Double(index * hopLength) + Double(windowLength) / 2) / sampleRate
    }

    /// Hop between frames, in seconds.
    public var hopSeconds: Double { Double(hopLength) / sampleRate }

    /// Whether the audio is wideband: `FrameFeatures.widebandDBFS` then measures more than the
    /// speech band.
    public var hasWidebandLevel: Bool { !widebandExtraBins.isEmpty }

    /// The wideband level of the frame just transformed, from its speech band's power, and the
    /// level of the band above the speech band alone. Kept out of line: inlined, its access to
    /// the spectrum cost 2 % on 8 kHz calls, which never call it.
    @inline(never)
    private func widebandLevels(bandPower: Float, scale: Float) -> (wideband: Float, upper: Float) {
        do {
            let p = power
            // Eight lanes at a time: the plain sum of about a hundred bins cost 3 % of a 16 kHz call.
            var lanes = SIMD8<Float>()
            var k = widebandExtraBins.lowerBound
            while k + 8 <= widebandExtraBins.upperBound {
                lanes += SIMD8(p[k..<k + 8])
                k += 8
            }
            var sum = lanes.sum()
            while k < widebandExtraBins.upperBound {
                sum += p[k]
                k += 1
            }
            return (Self.decibels((bandPower + sum) * scale), Self.decibels(sum * scale))
        }
    }

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
        let f = frame
        let dropout = holdsDropout(at: offset)
        pending.withUnsafeBufferPointer { source in
            window.withUnsafeBufferPointer { w in
                // The frame's DC (its window-weighted mean) is taken out: a recording's DC offset
                // leaked from bin 0 into the speech band's lowest bins and moved the ends of quiet
                // words by a frame. Per frame, eight lanes at a time: a DC-blocking filter on
                // every sample, a recursion, cost 6 % of a call.
                var lanes = SIMD8<Float>()
                var n = 0
                while n + 8 <= length {
                    lanes += SIMD8(source[(offset + n)..<(offset + n + 8)]) * SIMD8(w[n..<(n + 8)])
                    n += 8
                }
                var weighted = lanes.sum()
                while n < length {
                    weighted += source[offset + n] * w[n]
                    n += 1
                }
                let mean = weighted / windowSum
                // Eight lanes at a time too: the plain loop was a quarter of the frame's analysis.
                let means = SIMD8(repeating: mean)
                let from = UnsafeRawPointer(source.baseAddress! + offset), weights = UnsafeRawPointer(w.baseAddress!)
                let to = UnsafeMutableRawPointer(f.baseAddress!)
                let stride = MemoryLayout<Float>.stride
                n = 0
                while n + 8 <= length {
                    let x = from.loadUnaligned(fromByteOffset: n * stride, as: SIMD8<Float>.self)
                    let weight = weights.loadUnaligned(fromByteOffset: n * stride, as: SIMD8<Float>.self)
                    to.storeBytes(of: (x - means) * weight, toByteOffset: n * stride, as: SIMD8<Float>.self)
                    n += 8
                }
                while n < length {
                    f[n] = (source[offset + n] - mean) * w[n]
                    n += 1
                }
            }
        }
        fft.powerSpectrum(UnsafeBufferPointer(rebasing: f[0..<length]), into: power)
        // Mean square of the windowed frame: Parseval, one-sided spectrum, normalised by the
        // window's power so a stationary signal reads its own mean square.
        let scale = 2 / (Float(fft.size) * windowPowerSum)
        var band: Float = 0
        var peakBin = bandBins.lowerBound
        var secondPeakBin = -1
        var twoComponents: Float = 0
        var subbands = SIMD16<Float>()
        do {
            let p = power
            for (index, range) in subbandRanges.enumerated() {
                var sum: Float = 0
                for k in range { sum += p[k] }
                subbands[index] = sum
            }
            if subbandsPartitionBand {
                band = subbands.sum()
                peakBin = Self.firstLargest(in: p, bandBins)?.index ?? bandBins.lowerBound
            } else {
                band = bandBins.reduce(0) { $0 + p[$1] }
                // The strongest bin of the sub-bands (they overlap in a band of under 16 bins).
                var strongest: Float = -1
                for range in subbandRanges {
                    for k in range where p[k] > strongest { strongest = p[k]; peakBin = k }
                }
            }
            // The second strongest component, at least 3 bins away from the first.
            let below = Self.firstLargest(in: p, bandBins.lowerBound..<max(bandBins.lowerBound, peakBin - 2))
            let above = Self.firstLargest(in: p, min(bandBins.upperBound, peakBin + 3)..<bandBins.upperBound)
            let secondBin = switch (below, above) {
            case let (below?, above?): above.value > below.value ? above.index : below.index
            case let (below?, nil): below.index
            case let (nil, above?): above.index
            case (nil, nil): -1
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
        let wideband = hasWidebandLevel ? widebandLevels(bandPower: band, scale: scale) : nil
        let stability = spectralStability(frameIndex: nextIndex)
        store(frame: nextIndex)
        let index = nextIndex
        nextIndex += 1
        return FrameFeatures(
            index: index,
            speechBandDBFS: Self.decibels(band * scale),
            peakiness: band > 0 ? min(1, twoComponents / band) : 0,
            peakBin: peakBin,
            secondPeakBin: secondPeakBin,
            subbandPower: subbands,
            spectralStability: stability,
            widebandDBFS: wideband?.wideband,
            upperBandDBFS: wideband?.upper ?? -120,
            holdsDropout: dropout
        )
    }

    /// The index of the last frame analysed (-1 before the first).
    public var lastFrameIndex: Int { nextIndex - 1 }

    /// How far frame `index`'s spectrum (a frame not yet discarded) stands over the channel's
    /// noise spectrum as learnt so far (`learnNoise(fromFrame:)`), bin by bin: the mean over
    /// the stored bins (the speech band's, and in wideband audio those above it up to
    /// `FrameConfiguration.widebandLevelHighHz`) of the log-likelihood ratio of speech against
    /// noise (Sohn, Kim and Sung 1999, with the a-priori SNR estimated as `g - 1`): `g - 1 - ln g`
    /// in a bin whose power is `g` times the noise's (more than once), 0 in the others. About
    /// 0.1-0.2 in noise, tens to hundreds in a vowel; 0 until the noise has been learnt from
    /// `minimumNoiseFrames` frames. The logarithm is `log2`'s (within 0.008).
    public func speechLikelihood(ofFrame index: Int) -> Float {
        precondition(index >= firstStoredFrame && index < nextIndex, "frame \(index) is not stored")
        guard noiseFramesLearnt >= Self.minimumNoiseFrames else { return 0 }
        let bins = storedBins.count
        let stored = storedSpectra.baseAddress! + (index & (storedCapacity - 1)) * bins
        let inverse = inverseNoiseSpectrum.baseAddress!
        // Eight bins at a time (per bin, it cost a tenth of an 8 kHz call); the last ones padded
        // with ratios of 0, which add nothing.
        func terms(_ ratio: SIMD8<Float>) -> SIMD8<Float> {
            (ratio - 1 - Self.log2(ratio) * 0.693_147_2).replacing(with: 0, where: ratio .<= 1)
        }
        var lanes = SIMD8<Float>()
        var k = 0
        let from = UnsafeRawPointer(stored), inverses = UnsafeRawPointer(inverse)
        while k + 8 <= bins {
            let half = from.loadUnaligned(fromByteOffset: k * 2, as: SIMD8<UInt16>.self)
            let power = unsafeBitCast(SIMD8<UInt32>(truncatingIfNeeded: half) &<< 16, to: SIMD8<Float>.self)
            lanes += terms(power * inverses.loadUnaligned(fromByteOffset: k * 4, as: SIMD8<Float>.self))
            k += 8
        }
        if k < bins {
            var ratio = SIMD8<Float>()
            for lane in 0..<(bins - k) { ratio[lane] = Self.storedPower(stored[k + lane]) * inverse[k + lane] }
            lanes += terms(ratio)
        }
        return lanes.sum() / Float(bins)
    }

    /// Adds frame `index`'s stored spectrum (a frame not yet discarded) to the channel's noise
    /// spectrum, against which `speechLikelihood(ofFrame:)` measures frames.
    public func learnNoise(fromFrame index: Int) {
        precondition(index >= firstStoredFrame && index < nextIndex, "frame \(index) is not stored")
        let stored = storedSpectra.baseAddress! + (index & (storedCapacity - 1)) * storedBins.count
        for k in 0..<storedBins.count { noiseBatch[k] += Self.storedPower(stored[k]) }
        noiseBatchFrames += 1
        guard noiseBatchFrames == Self.noiseBatchFrames else { return }
        // The batch's mean enters the running mean with the weight of its frames.
        noiseFramesLearnt += noiseBatchFrames
        let weight = Float(noiseBatchFrames) / Float(min(noiseFramesLearnt, noiseSpectrumFrames))
        let batchFrames = Float(noiseBatchFrames)
        for k in 0..<storedBins.count {
            noiseSpectrum[k] += weight * (noiseBatch[k] / batchFrames - noiseSpectrum[k])
            inverseNoiseSpectrum[k] = 1 / max(noiseSpectrum[k], noisePowerFloor)
            noiseBatch[k] = 0
        }
        noiseBatchFrames = 0
    }

    /// Whether the frame's samples from `offset` hold a run of at least `dropoutSamples` exact
    /// zeros among samples whose mean square is at least -60 dBFS (far over any quantisation
    /// step, 8-bit PCM's too): a dropout inside a signal, not a quiet line's zeros.
    private func holdsDropout(at offset: Int) -> Bool {
        pending.withUnsafeBufferPointer { source in
            // Most frames hold fewer zeros than a dropout's in all: counted eight lanes at a time
            // (the run scan below, on every frame, cost 5 % of an hour's 8 kHz call).
            var zeros = SIMD8<Int32>()
            var n = offset
            let end = offset + windowLength
            let samples = UnsafeRawPointer(source.baseAddress!)
            let stride = MemoryLayout<Float>.stride
            let one = SIMD8<Int32>(repeating: 1), none = SIMD8<Int32>()
            while n + 8 <= end {
                let x = samples.loadUnaligned(fromByteOffset: n * stride, as: SIMD8<Float>.self)
                zeros &+= none.replacing(with: one, where: x .== 0)
                n += 8
            }
            var count = Int(zeros.wrappedSum())
            while n < end {
                if source[n] == 0 { count += 1 }
                n += 1
            }
            guard count >= dropoutSamples else { return false }
            var run = 0, longest = 0, nonzero = 0
            var sumSquares: Float = 0
            for n in offset..<(offset + windowLength) {
                let x = source[n]
                if x == 0 {
                    run += 1
                    longest = max(longest, run)
                } else {
                    run = 0
                    nonzero += 1
                    sumSquares += x * x
                }
            }
            return longest >= dropoutSamples && nonzero > 0 && sumSquares >= 1e-6 * Float(nonzero)
        }
    }

    /// The first bin of `range` with the largest value of `p` (values that are NaN are passed
    /// over, as a scan with `>` passes them over); nil when the range is empty or all NaN. Eight
    /// lanes at a time for the largest value, then a scan for its first bin: the scan with `>`
    /// and a branch per bin was a sixth of the frame's analysis.
    static func firstLargest(in p: UnsafeMutableBufferPointer<Float>, _ range: Range<Int>) -> (index: Int, value: Float)? {
        guard !range.isEmpty else { return nil }
        let base = UnsafeRawPointer(p.baseAddress! + range.lowerBound)
        let count = range.count
        var lanes = SIMD8<Float>(repeating: -.infinity)
        var i = 0
        while i + 8 <= count {
            let values = base.loadUnaligned(fromByteOffset: i * MemoryLayout<Float>.stride, as: SIMD8<Float>.self)
            lanes.replace(with: values, where: lanes .< values)
            i += 8
        }
        // The lanes' largest by halves (`max()` on the vector was an out-of-line call per frame).
        var half = lanes.lowHalf
        half.replace(with: lanes.highHalf, where: half .< lanes.highHalf)
        var quarter = half.lowHalf
        quarter.replace(with: half.highHalf, where: quarter .< half.highHalf)
        var largest = quarter[0] < quarter[1] ? quarter[1] : quarter[0]
        while i < count {
            let value = p[range.lowerBound + i]
            if value > largest { largest = value }
            i += 1
        }
        for k in range where p[k] == largest { return (k, largest) }
        return nil
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
        do {
            let p = power, past = pastMagnitudes
            do {
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

    /// The reciprocal of `window`'s normalised autocorrelation at each of `lags` (0 where it is
    /// negligible), by the same zero-padded transforms as a frame's, so circular wrap-around is
    /// the same in both.
    private static func inverseCorrelation(of window: [Float], fft: RealFFT, lags: Range<Int>) -> [Float] {
        var power = [Float](repeating: 0, count: fft.binCount)
        var correlation = [Float](repeating: 0, count: fft.size)
        window.withUnsafeBufferPointer { w in
            power.withUnsafeMutableBufferPointer { fft.powerSpectrum(w, into: $0) }
        }
        _ = power.withUnsafeBufferPointer { p in
            correlation.withUnsafeMutableBufferPointer { fft.inverseOfRealSpectrum(p, into: $0) }
        }
        return lags.map { lag in
            let value = correlation[lag] / correlation[0]
            return value > 1e-3 ? 1 / value : 0
        }
    }

    /// How periodic frame `index`'s speech band is, 0-1: how much it sounds like a voice. It is
    /// the highest peak of the band's autocorrelation at the pitch-period lags of a voice
    /// (`FrameConfiguration.voicingLowestPitchHz` to `voicingHighestPitchHz`), normalised by its
    /// lag-zero value and by the window's own autocorrelation (Boersma 1993). The autocorrelation
    /// is the inverse transform of the band's whitened power spectrum: divided by the power law
    /// (a straight line of log power against log frequency) that fits it best, which removes the
    /// slope of coloured noise (pink, brown, rumble: its autocorrelation decays slowly and would
    /// pass for a voice) and keeps the harmonics' peaks, so that a voice under noise still reads
    /// as one. Vowels read 0.7-1 (less under noise); hiss, breath, clicks and noise
    /// of any colour stay under about 0.6.
    ///
    /// Computed on demand (few frames need it) from the stored spectrum, for any frame not yet
    /// discarded by `discardSpectra(before:)`.
    public func voicing(ofFrame index: Int) -> Float {
        precondition(index >= firstStoredFrame && index < nextIndex, "frame \(index) is not stored")
        return periodicity(storedAt: (index & (storedCapacity - 1)) * storedBins.count)
    }

    /// Forgets the stored spectra of the frames before `index`; `voicing(ofFrame:)` may no longer
    /// be asked about them.
    public func discardSpectra(before index: Int) {
        firstStoredFrame = max(firstStoredFrame, min(index, nextIndex))
    }

    /// Stores the `storedBins` of `power` as frame `index`'s spectrum, growing the ring when it is
    /// full.
    private func store(frame index: Int) {
        let bins = storedBins.count
        if index - firstStoredFrame >= storedCapacity {
            let capacity = max(256, 2 * storedCapacity)
            let grown = UnsafeMutableBufferPointer<UInt16>.allocate(capacity: capacity * bins)
            grown.initialize(repeating: 0)
            for frame in firstStoredFrame..<index {
                let from = (frame % storedCapacity) * bins, to = (frame % capacity) * bins
                (grown.baseAddress! + to).update(from: storedSpectra.baseAddress! + from, count: bins)
            }
            storedSpectra.deallocate()
            storedSpectra = grown
            storedCapacity = capacity
        }
        let slot = storedSpectra.baseAddress! + (index & (storedCapacity - 1)) * bins
        let band = power.baseAddress! + bandBins.lowerBound
        for k in 0..<bins { slot[k] = UInt16(truncatingIfNeeded: band[k].bitPattern >> 16) }
    }

    deinit {
        storedSpectra.deallocate()
        for buffer in [frame, power, pastMagnitudes, whitenedSpectrum, correlation, noiseSpectrum, inverseNoiseSpectrum, noiseBatch] {
            buffer.deallocate()
        }
        pastSums.deallocate()
        pastSquareSums.deallocate()
    }

    /// An owned buffer of `count` zeros (see `frame`).
    private static func zeroed<Element: Numeric>(_ count: Int) -> UnsafeMutableBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: count)
        buffer.initialize(repeating: 0)
        return buffer
    }

    private func periodicity(storedAt offset: Int) -> Float {
        guard !voicingLags.isEmpty else { return 0 }
        let bins = bandBins.count
        var total: Float = 0
        let stored = storedSpectra.baseAddress! + offset
        func band(_ k: Int) -> Float { Self.storedPower(stored[k]) }
        do {
            let spectrum = whitenedSpectrum
            centredLogBins.withUnsafeBufferPointer { x in
                // The slope of log power against log frequency (least squares over the bins),
                // then each bin divided by that power law. Base-2 logarithms and powers from the
                // floats' bit patterns (within 9 % and 6 %): a slope and a whitening need no more.
                var covariance: Float = 0
                for k in 0..<bins { covariance += x[k] * Self.roughLog2(band(k)) }
                let slope = covariance / logBinsSpread
                for k in 0..<bins {
                    let value = band(k) * Self.roughExp2(-slope * x[k])
                    spectrum[bandBins.lowerBound + k] = value
                    total += value
                }
            }
        }
        guard total > 0 else { return 0 }
        let transformed = fft.inverseOfRealSpectrum(UnsafeBufferPointer(whitenedSpectrum), into: correlation)
        // Without an inverse transform (FFTW could not plan one), every frame counts as voiced:
        // the voicing rule then never drops talk.
        guard transformed else { return 1 }
        let r = correlation
        return inverseWindowCorrelation.withUnsafeBufferPointer { inverse in
            let zeroLag = r[0]
            guard zeroLag > 0 else { return Float(0) }
            var best: Float = 0
            for i in 0..<inverse.count { best = max(best, r[voicingLags.lowerBound + i] * inverse[i]) }
            return min(1, best / zeroLag)
        }
    }

    /// log2 of a positive float from its bit pattern (exponent plus the mantissa read as a
    /// fraction): at most 0.09 under the exact value. 0 and subnormals read about -127.
    private static func roughLog2(_ value: Float) -> Float {
        Float(value.bitPattern) * (1 / 8_388_608) - 127
    }

    /// A bin's power as `storedSpectra` keeps it: the upper half of its `Float` bit pattern.
    private static func storedPower(_ half: UInt16) -> Float {
        Float(bitPattern: UInt32(half) << 16)
    }

    /// log2 of positive normal floats within 0.008: its exponent, plus its mantissa's `m` (0-1)
    /// logarithm `log2(1 + m)` taken as `m + 0.3466 m (1 - m)`. (Near 1, where a bin's power just
    /// passes the noise's, the likelihood `g - 1 - ln g` is the small difference of two terms:
    /// `roughLog2`'s 0.09 would be most of it.)
    private static func log2(_ values: SIMD8<Float>) -> SIMD8<Float> {
        let bits = unsafeBitCast(values, to: SIMD8<UInt32>.self)
        let exponent = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: bits &>> 23) &- 127)
        let mantissa = unsafeBitCast((bits & 0x007F_FFFF) | 0x3F80_0000, to: SIMD8<Float>.self) - 1
        return exponent + mantissa + 0.346_6 * mantissa * (1 - mantissa)
    }

    /// 2 to the power `exponent` built as a float's bit pattern (the inverse of `roughLog2`):
    /// within 6 %, clamped to the normal range.
    private static func roughExp2(_ exponent: Float) -> Float {
        let clamped = min(127, max(-126, exponent))
        return Float(bitPattern: UInt32((clamped + 127) * 8_388_608))
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
        meanSquare > 1e-12 ? 10 * log10f(meanSquare) : FrameFeatures.silenceDBFS
    }
}
