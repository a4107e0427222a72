import Analysis
import TestSupport
import XCTest

/// Lost packets written as digital silence (`DropoutConcealer`): filled from the signal around
/// them before framing, so that their clicks are no talk and music stays music.
final class DropoutConcealerTests: XCTestCase {
    private static let rate = 8000.0

    /// The samples after concealment, fed in blocks of `blockSize` (nil: all at once).
    private func concealed(_ samples: [Float], blockSize: Int? = nil) -> (samples: [Float], runs: Int) {
        var concealer = DropoutConcealer(sampleRate: Self.rate)
        var out: [Float] = []
        samples.withUnsafeBufferPointer { all in
            let step = blockSize ?? max(1, all.count)
            var offset = 0
            while offset < all.count {
                let end = min(all.count, offset + step)
                concealer.process(UnsafeBufferPointer(rebasing: all[offset..<end])) { out += $0 }
                offset = end
            }
        }
        concealer.finish { out += $0 }
        return (out, concealer.concealedRuns)
    }

    private func zeroed(_ samples: [Float], at seconds: Double, length: Double, value: Float = 0) -> [Float] {
        var out = samples
        let start = Int(seconds * Self.rate)
        out.replaceSubrange(start..<(start + Int(length * Self.rate)), with: repeatElement(value, count: Int(length * Self.rate)))
        return out
    }

    private func rms(_ samples: ArraySlice<Float>) -> Float {
        (samples.reduce(0) { $0 + $1 * $1 } / Float(samples.count)).squareRoot()
    }

    func testALostPacketIsFilledWithTheSignalAroundIt() {
        let tone = Signals.sine(frequencyHz: 440, peakDBFS: -20, seconds: 1, sampleRate: Self.rate)
        for value: Float in [0, 8.0 / 32768, -8.0 / 32768] {  // 16-bit PCM's and µ-law's zero, A-law's silence codes
            let damaged = zeroed(tone, at: 0.5, length: 0.02, value: value)
            let (filled, runs) = concealed(damaged)
            XCTAssertEqual(runs, 1, "value \(value)")
            XCTAssertEqual(filled.count, tone.count)
            let gap = filled[4000..<4160]
            XCTAssertEqual(rms(gap), rms(tone[4000..<4160]), accuracy: rms(tone[4000..<4160]) * 0.3, "value \(value)")
            // No click: no step between neighbouring samples larger than the tone's own.
            let largestStep = zip(tone.dropFirst(), tone).map { abs($0 - $1) }.max() ?? 0
            let steps = zip(filled[3990..<4170].dropFirst(), filled[3990..<4170]).map { abs($0 - $1) }
            XCTAssertLessThanOrEqual(steps.max() ?? 0, largestStep * 1.5, "value \(value)")
            XCTAssertEqual(Array(filled[..<4000]), Array(tone[..<4000]), "the signal before is unchanged")
            XCTAssertEqual(Array(filled[4160...]), Array(tone[4160...]), "the signal after is unchanged")
        }
    }

    func testLongRunsQuietLinesFadedPausesAndTheFilesEdgesAreLeftAlone() {
        let tone = Signals.sine(frequencyHz: 440, peakDBFS: -20, seconds: 2, sampleRate: Self.rate)
        // A line that sends nothing between talk spurts: 0.3 s of zeros is no lost packet.
        let spurts = zeroed(tone, at: 0.8, length: 0.3)
        XCTAssertEqual(concealed(spurts).samples, spurts)
        XCTAssertEqual(concealed(spurts).runs, 0)
        // A quiet line's own zeros (under -60 dBFS around them).
        let quiet = zeroed(Signals.whiteNoise(rmsDBFS: -75, seconds: 1, sampleRate: Self.rate, seed: 3), at: 0.5, length: 0.02)
        XCTAssertEqual(concealed(quiet).samples, quiet)
        // Zeros that open or close the file have nothing on one side.
        let edges = zeroed(zeroed(tone, at: 0, length: 0.05), at: 1.95, length: 0.05)
        XCTAssertEqual(concealed(edges).samples, edges)
        // A run of 1 ms is a waveform's own (a quiet passage's zero crossings at 8 bits).
        let short = zeroed(tone, at: 1, length: 0.001)
        XCTAssertEqual(concealed(short).samples, short)
        // A pause of digital silence the signal fades into and out of (a synthesised prompt's):
        // 10 ms fades either side of 40 ms of zeros.
        var faded = tone
        let pause = 8000..<8320, fade = 80
        for n in 0..<fade {
            let gain = Float(n) / Float(fade)
            faded[pause.lowerBound - 1 - n] *= gain
            faded[pause.upperBound + n] *= gain
        }
        faded.replaceSubrange(pause, with: repeatElement(0, count: pause.count))
        XCTAssertEqual(concealed(faded).samples, faded)
    }

    func testBlockSizesDoNotChangeTheResult() {
        // A chord over a line's faint noise.
        var damaged = Signals.whiteNoise(rmsDBFS: -66, seconds: 6, sampleRate: Self.rate, seed: 6)
        for f in [261.6, 329.6, 392.0] {
            let tone = Signals.sine(frequencyHz: f, peakDBFS: -24, seconds: 6, sampleRate: Self.rate)
            for i in damaged.indices { damaged[i] += tone[i] }
        }
        for (at, length) in [(0.5, 0.005), (1.0, 0.02), (1.03, 0.02), (2.0, 0.06), (3.0, 0.1), (4.0, 0.13), (5.9, 0.1)] {
            damaged = zeroed(damaged, at: at, length: length)
        }
        let whole = concealed(damaged)
        XCTAssertEqual(whole.samples.count, damaged.count)
        // 0.005, the two 0.02 s runs, 0.06 and 0.1 s; not the 0.13 s run, nor the one at the end.
        XCTAssertEqual(whole.runs, 5)
        for size in [1, 7, 160, 4096] {
            XCTAssertEqual(concealed(damaged, blockSize: size).samples, whole.samples, "blocks of \(size)")
        }
    }

    /// Hold music with 20 ms packets lost every 0.3-0.5 s: without concealment, the clicks in and
    /// out of the gaps read as talk and break the windows that find music.
    func testMusicWithLostPacketsIsStillHold() {
        let rate = 16000.0
        var music = Signals.whiteNoise(rmsDBFS: -70, seconds: 3, sampleRate: rate, seed: 1)
        music += Signals.heldChords(bars: 40, sampleRate: rate)
        music += Signals.whiteNoise(rmsDBFS: -70, seconds: 1, sampleRate: rate, seed: 2)
        var random = SeededRandom(seed: 9)
        var at = 3.2
        while at < 18.5 {
            let start = Int(at * rate)
            music.replaceSubrange(start..<(start + 320), with: repeatElement(0, count: 320))
            at += 0.3 + 0.2 * Double(random.nextSigned() + 1) / 2
        }
        func analysed(_ conceals: Bool) -> ChannelAnalysis {
            var configuration = AnalysisConfiguration()
            configuration.frame.concealsDropouts = conceals
            let analyzer = SignalAnalyzer(channelCount: 1, sampleRate: rate, configuration: configuration)
            music.withUnsafeBufferPointer { analyzer.process($0) }
            return analyzer.finish(durationSeconds: Double(music.count) / rate)[0]
        }
        let concealed = analysed(true)
        XCTAssertLessThan(concealed.speech.totalSeconds, 0.5, "\(concealed.speech)")
        XCTAssertGreaterThan(concealed.hold.totalSeconds, 14, "\(concealed.hold)")
        let raw = analysed(false)
        XCTAssertGreaterThan(raw.speech.totalSeconds, 2, "the dropouts unconcealed: \(raw.speech)")
    }
}
