import XCTest

@testable import Analysis

final class CentredLevelWindowTests: XCTestCase {
    /// Slid over random levels as the detector slides it (frames appended up to `halfWidth` ahead
    /// of the frame, those more than `halfWidth` behind dropped; skipped stretches too), the
    /// window's lowest level, mean and deviation are those of its frames, counted afresh.
    func testTheWindowsStatisticsAreThoseOfItsFrames() {
        var generator = SystemRandomNumberGenerator()
        for halfWidth in [0, 1, 3, 20] {
            let levels = (0..<2000).map { _ in Float.random(in: -90 ... -10, using: &generator).rounded() }
            var window = CentredLevelWindow(halfWidth: halfWidth)
            var frame = 0
            while frame < levels.count {
                while window.nextFrame <= min(frame + halfWidth, levels.count - 1) {
                    window.append(levels[window.nextFrame])
                }
                window.drop(before: frame - halfWidth)
                let inside = Array(levels[max(0, frame - halfWidth)...min(frame + halfWidth, levels.count - 1)])
                XCTAssertEqual(window.count, inside.count, "frame \(frame), half width \(halfWidth)")
                XCTAssertEqual(window.lowest, inside.min(), "frame \(frame), half width \(halfWidth)")
                let mean = inside.reduce(0.0) { $0 + Double($1) } / Double(inside.count)
                let deviation = (inside.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(inside.count)).squareRoot()
                XCTAssertEqual(Double(window.mean), mean, accuracy: 1e-3)
                XCTAssertEqual(Double(window.deviationDB), deviation, accuracy: 1e-2)
                // Mostly frame by frame; now and then a jump.
                frame += Int.random(in: 0..<10, using: &generator) == 0 ? Int.random(in: 1...50, using: &generator) : 1
            }
        }
    }

    func testAnEmptyWindowHasNoLevels() {
        let window = CentredLevelWindow(halfWidth: 5)
        XCTAssertEqual(window.count, 0)
        XCTAssertEqual(window.lowest, .infinity)
        XCTAssertEqual(window.deviationDB, .infinity)
    }
}
