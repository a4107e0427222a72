import AudioIO
import Foundation
import Pipeline
import TestSupport
import XCTest

/// The same utterance in every encoding and rate is found with edges within 50 ms of the truth.
final class FormatAccuracyTests: XCTestCase {
    func testSpeechEdgesAcrossEncodingsAndRates() throws {
        let truth = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("formats/formats.truth.json"))) as? [String: [String: Any]])
        XCTAssertEqual(truth.count, 5)
        for (name, entry) in truth.sorted(by: { $0.key < $1.key }) {
            let expected = try XCTUnwrap(entry["speech"] as? [[Double]])
            let path = Fixtures.url("formats/\(name)").path
            let call = try CallAnalyzer.analyze(SoundFile(path: path), path: path)
            let speech = call.measurements.parties[0].speech
            XCTAssertEqual(speech.count, expected.count, "\(name): \(speech)")
            for (found, truth) in zip(speech, expected) {
                XCTAssertEqual(found.startSeconds, truth[0], accuracy: 0.05, "\(name) onset")
                XCTAssertEqual(found.endSeconds, truth[1], accuracy: 0.06, "\(name) offset")
            }
        }
    }
}
