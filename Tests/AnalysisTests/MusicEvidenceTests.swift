@testable import Analysis
import TestSupport
import XCTest

final class MusicEvidenceTests: XCTestCase {
    /// Frames whose sub-band and band levels wander, so every feature moves.
    private func frames(_ count: Int, seed: UInt64) -> [FrameFeatures] {
        var state = seed
        func next() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24)
        }
        return (0..<count).map { i in
            var sub = SIMD16<Float>()
            for b in 0..<16 { sub[b] = powf(10, (-70 + 40 * next() + Float(b % 3)) / 10) }
            return FrameFeatures(
                index: i, speechBandDBFS: -50 + 30 * next(), peakiness: 0.3, subbandPower: sub, spectralStability: 2 * next() - 1)
        }
    }

    /// The streaming window's features (running sums, fast logarithm) equal the same features
    /// computed from scratch over every second frame (`frameStep`) of the last `windowFrames`,
    /// wherever the window stands.
    func testStreamingFeaturesMatchAWindowComputedFromScratch() {
        let window = 120
        XCTAssertEqual(MusicEvidence.frameStep, 2)
        var evidence = MusicEvidence(windowFrames: window, strideFrames: 10, keptFrames: 1000)
        let all = frames(1000, seed: 3)
        for frame in all {
            evidence.push(frame, power: powf(10, frame.speechBandDBFS / 10))
            guard frame.index >= window - 2, frame.index % 98 == 0 || frame.index == 998 else { continue }
            let last = stride(from: frame.index - window + 2, through: frame.index, by: 2).map { all[$0] }
            guard let streamed = evidence.currentFeatures() else { return XCTFail("frame \(frame.index): no features") }
            let expected = Self.features(of: last, after: frame.index >= window ? all[frame.index - window] : nil)
            for k in 0..<MusicEvidence.featureCount {
                XCTAssertEqual(streamed[k], expected[k], accuracy: 0.02 * max(1, abs(expected[k])), "frame \(frame.index), feature \(k)")
            }
        }
    }

    /// The selection the background features use finds the same order statistics as a sort, with
    /// ties, a few distinct values and sorted input, and leaves the smaller values before it.
    func testSelectionFindsTheSortedValue() {
        var random = SeededRandom(seed: 7)
        for trial in 0..<300 {
            let count = 2 + trial % 40
            let values: [Float] = (0..<count).map { i in
                switch trial % 3 {
                case 0: Float.random(in: -1...1, using: &random)
                case 1: Float(Int.random(in: 0...3, using: &random))
                default: Float(i)
                }
            }
            let k = Int.random(in: 0..<count, using: &random)
            var buffer = values
            let found = buffer.withUnsafeMutableBufferPointer { MusicEvidence.select(k, in: $0, below: count) }
            XCTAssertEqual(found, values.sorted()[k], "\(values), k = \(k)")
            XCTAssertTrue(buffer[..<k].allSatisfy { $0 <= found } && buffer[k...].allSatisfy { $0 >= found }, "\(buffer)")
        }
    }

    /// The fast decibel conversion is within 0.02 dB over 160 dB.
    func testFastDecibelsAreExactEnough() {
        for exponent in stride(from: -14.0, through: 2.0, by: 0.013) {
            let x = Float(pow(10, exponent))
            let fast = MusicEvidence.decibels(SIMD16(repeating: x))[0]
            XCTAssertEqual(fast, 10 * log10f(x), accuracy: 0.02, "x = \(x)")
        }
    }

    /// A quiet window (mean band level under -55 dBFS) and frames without a spectrum are not
    /// scored; nor is a window before it fills.
    func testQuietAndEmptyWindowsAreNotScored() {
        var quiet = MusicEvidence(windowFrames: 50, strideFrames: 10, keptFrames: 200)
        var empty = MusicEvidence(windowFrames: 50, strideFrames: 10, keptFrames: 200)
        XCTAssertNil(quiet.currentFeatures())
        for frame in frames(100, seed: 5) {
            var low = frame
            low.speechBandDBFS = -70
            quiet.push(low, power: powf(10, low.speechBandDBFS / 10))
            var bare = frame
            bare.subbandPower = SIMD16()
            empty.push(bare, power: powf(10, bare.speechBandDBFS / 10))
        }
        XCTAssertNil(quiet.currentFeatures())
        XCTAssertNil(empty.currentFeatures())
        XCTAssertFalse(quiet.isInMusicRun(frame: 60, lastPushed: 99, model: .trained, runWindows: 1))
    }

    /// Windows that the trained model never saw, their features as `callqa music-features` printed
    /// them (`MusicEvidenceTests+Windows.swift`): more than half of 60 windows of recorded music
    /// are over the threshold (80 % of all that music's windows are); and the four runs of 13
    /// windows over a voice that it scored highest stay under it by more than 2 (the detector
    /// takes a window for music only within such a run: `isInMusicRun`).
    func testTheTrainedModelTellsRecordedMusicFromVoices() {
        let model = MusicModel.trained
        let music = Self.heldOutMusic.filter { model.score($0) > model.threshold }
        XCTAssertGreaterThan(Double(music.count), 0.5 * Double(Self.heldOutMusic.count), "\(music.count) of \(Self.heldOutMusic.count)")
        XCTAssertEqual(Self.heldOutVoiceRuns.count, 4)
        for (index, run) in Self.heldOutVoiceRuns.enumerated() {
            XCTAssertEqual(run.count, SpeechActivityConfiguration().recordedMusicRunWindows)
            let lowest = run.map { model.score($0) }.min() ?? .infinity
            XCTAssertLessThan(lowest, model.threshold - 2, "voice run \(index)")
        }
    }

    /// The early exit of `verdictScore` gives every window the verdicts of the full sum, against
    /// the threshold and against the lower bar of `recordedMusicExtendMargin`: on the held-out
    /// windows, on the voice runs, and on random feature vectors spread over and beyond the
    /// features' ranges (seeded); where it stops early, its number lies on the full score's side
    /// of both, and where it does not, it is the full score.
    func testTheEarlyExitKeepsEveryVerdict() {
        let model = MusicModel.trained
        var state: UInt64 = 12_345
        func random() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24)
        }
        let spans: [Float] = [1, 1, 1, 15, 10, 10, 15, 20, 15, 10, 10, 10]
        let randomWindows = (0..<20_000).map { _ in spans.map { $0 * (1.4 * random() - 0.2) } }
        var early = 0
        for window in Self.heldOutMusic + Self.heldOutVoiceRuns.flatMap({ $0 }) + randomWindows {
            let full = model.score(window)
            let low = model.threshold - SpeechActivityConfiguration().recordedMusicExtendMargin
            let verdict = window.withUnsafeBufferPointer { model.verdictScore($0, low: low) }
            XCTAssertEqual(verdict > model.threshold, full > model.threshold, "\(window)")
            XCTAssertEqual(verdict > low, full > low, "\(window)")
            if verdict != full { early += 1 }
        }
        XCTAssertGreaterThan(early, 10_000, "the exit is taken")
    }

    /// The features of `frames` computed directly, as documented on `MusicEvidence`.
    /// (`previous` is the frame before the window: the first frame's spectral change is from it.)
    private static func features(of frames: [FrameFeatures], after previous: FrameFeatures?) -> [Float] {
        let n = Float(frames.count)
        func mean(_ values: [Float]) -> Float { values.reduce(0, +) / Float(values.count) }
        func deviation(_ values: [Float]) -> Float {
            let m = mean(values)
            return (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Float(values.count)).squareRoot()
        }
        func relativeLevels(_ f: FrameFeatures) -> [Float] {
            let row = (0..<16).map { 10 * log10f(f.subbandPower[$0] + 1e-12) }
            return row.map { $0 - mean(row) }
        }
        let levels = frames.map { f in (0..<16).map { 10 * log10f(f.subbandPower[$0] + 1e-12) } }
        let relative = frames.map(relativeLevels)
        let powers = frames.map { powf(10, $0.speechBandDBFS / 10) }
        let half = mean(powers) / 2
        let bandDeviations = (0..<16).map { b in deviation(levels.map { $0[b] }) }.sorted()
        let shapeDeviations = (0..<16).map { b in deviation(relative.map { $0[b] }) }.sorted()
        let quietLimit = powers.sorted()[max(2, frames.count / 5) - 1]
        let quiet = frames.filter { powf(10, $0.speechBandDBFS / 10) <= quietLimit }
        var flux: Float = 0
        for i in relative.indices {
            guard let before = i > 0 ? relative[i - 1] : previous.map(relativeLevels) else { continue }
            flux += mean(zip(relative[i], before).map { abs($0 - $1) })
        }
        return [
            Float(powers.filter { $0 < half }.count) / n,
            Float(frames.filter { $0.spectralStability >= 0.7 }.count) / n,
            mean(frames.map(\.spectralStability)),
            deviation(frames.map(\.speechBandDBFS)),
            mean(shapeDeviations),
            flux / n,
            mean(bandDeviations),
            mean(Array(bandDeviations.suffix(4))),
            mean(Array(shapeDeviations.suffix(4))),
            mean(Array(bandDeviations.prefix(4))),
            deviation(quiet.map(\.speechBandDBFS)),
            mean((0..<16).map { b in deviation(quiet.map { relativeLevels($0)[b] }) }),
        ]
    }
}
