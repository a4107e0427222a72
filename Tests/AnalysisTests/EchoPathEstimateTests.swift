@testable import Analysis
import XCTest

final class EchoPathEstimateTests: XCTestCase {
    /// The learnt delay is where the matches gather, not their mean: a held vowel matched at a
    /// shorter delay too (here 8 frames, 5 times) would pull a running mean of the delays and
    /// losses between the two (to about 12 frames and 19 dB).
    func testTheDelayIsWhereTheMatchesGather() {
        var estimate = EchoPathEstimate(lagFrames: 26)
        for _ in 0..<5 { estimate.add(lag: 8, gapDB: 15) }
        for (lag, gap) in [(14, 21.0), (15, 22.0), (15, 22.0), (15, 22.0), (16, 23.0), (15, 22.0), (15, 22.0)] as [(Int, Float)] {
            estimate.add(lag: lag, gapDB: gap)
        }
        XCTAssertEqual(estimate.matchesAtDelay, 7)
        XCTAssertEqual(estimate.delayFrames, 15, accuracy: 1e-6)
        XCTAssertEqual(estimate.lossDB, 22, accuracy: 1e-6)
        // A delay out of range is no match.
        estimate.add(lag: 26, gapDB: 40)
        XCTAssertEqual(estimate.matchesAtDelay, 7)
    }

    /// Until more matches gather elsewhere, the first ones set the delay and loss.
    func testTheFirstMatchesSetTheEstimate() {
        var estimate = EchoPathEstimate(lagFrames: 26)
        estimate.add(lag: 3, gapDB: 30)
        XCTAssertEqual(estimate.matchesAtDelay, 1)
        XCTAssertEqual(estimate.delayFrames, 3, accuracy: 1e-6)
        XCTAssertEqual(estimate.lossDB, 30, accuracy: 1e-6)
        estimate.add(lag: 0, gapDB: 20)
        XCTAssertEqual(estimate.matchesAtDelay, 1, "0 and 3 are more than a frame apart")
        XCTAssertEqual(estimate.delayFrames, 0, accuracy: 1e-6, "a tie goes to the shorter delay")
    }
}
