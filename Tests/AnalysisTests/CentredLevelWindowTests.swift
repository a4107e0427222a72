import XCTest

@testable import Analysis

final class CentredLevelWindowTests: XCTestCase {
    /// Slid over random levels frame by frame, the window holds the last `2 * halfWidth + 1`
    /// levels appended, and its lowest level, mean, deviation and quiet spread (20th percentile
    /// less the 5th) are those of those levels, counted afresh (the percentiles to their 0.25 dB
    /// bins, nearest rank rounded down).
    func testTheWindowsStatisticsAreThoseOfItsFrames() {
        var generator = SystemRandomNumberGenerator()
        for halfWidth in [0, 1, 3, 20] {
            let levels = (0..<1500).map { _ in (Float.random(in: -90 ... -10, using: &generator) * 4).rounded() / 4 }
            var window = CentredLevelWindow(halfWidth: halfWidth)
            for (index, level) in levels.enumerated() {
                window.append(level)
                let inside = Array(levels[max(0, index - 2 * halfWidth)...index])
                let context = "frame \(index), half width \(halfWidth)"
                XCTAssertEqual(window.count, inside.count, context)
                XCTAssertEqual(window.lowest, inside.min()!, accuracy: 1e-3, context)
                let mean = inside.reduce(0.0) { $0 + Double($1) } / Double(inside.count)
                let deviation = (inside.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(inside.count)).squareRoot()
                XCTAssertEqual(Double(window.mean), mean, accuracy: 1e-3, context)
                XCTAssertEqual(Double(window.deviationDB), deviation, accuracy: 1e-2, context)
                let sorted = inside.sorted()
                func percentile(_ fraction: Double) -> Float { sorted[Int(fraction * Double(sorted.count - 1))] }
                XCTAssertEqual(window.quietSpreadDB, percentile(0.2) - percentile(0.05), accuracy: 1e-3, context)
            }
        }
    }

    func testAnEmptyWindowHasNoLevels() {
        let window = CentredLevelWindow(halfWidth: 5)
        XCTAssertEqual(window.count, 0)
        XCTAssertEqual(window.lowest, .infinity)
        XCTAssertEqual(window.deviationDB, .infinity)
        XCTAssertEqual(window.quietSpreadDB, 0)
    }
}
