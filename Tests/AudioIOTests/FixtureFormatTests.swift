import AudioIO
import Foundation
import TestSupport
import XCTest

/// Every committed recording decodes with the expected container, encoding, rate and length.
final class FixtureFormatTests: XCTestCase {
    private func decodedFrames(_ file: SoundFile) throws -> Int {
        var block = AudioBlock(channelCount: file.info.channelCount, capacity: 4096)
        var total = 0
        while true {
            let count = try file.read(into: &block, maximumFrames: 4096)
            if count == 0 { break }
            XCTAssertTrue(block.channels.allSatisfy { $0.count == count })
            total += count
        }
        return total
    }

    func testCommittedCallsDecode() throws {
        let expected: [String: (String, String, Int, Int)] = [
            "it_inbound_ulaw8k.wav": ("wav", "ulaw", 8000, 2), "es_inbound_alaw8k.wav": ("wav", "alaw", 8000, 2),
            "ro_inbound_echo_pcm16k.wav": ("wav", "pcm_s16", 16000, 2), "en_outbound_flac16k.flac": ("flac", "pcm_s16", 16000, 2),
            "it_mono_pcm8k.wav": ("wav", "pcm_s16", 8000, 1), "es_mono_gsm8k.wav": ("wav", "gsm610", 8000, 1),
            "en_inbound_mp3_16k.mp3": ("mp3", "mp3", 16000, 2), "ro_hold_vorbis16k.ogg": ("ogg", "vorbis", 16000, 2),
        ]
        for (name, (container, encoding, rate, channels)) in expected {
            let file = try SoundFile(path: Fixtures.url("calls/\(name)").path)
            XCTAssertEqual(file.info.container, container, name)
            XCTAssertEqual(file.info.encoding, encoding, name)
            XCTAssertEqual(file.info.sampleRate, rate, name)
            XCTAssertEqual(file.info.channelCount, channels, name)
            // MP3 and Vorbis are transform codecs (their segments' edges are trimmed), the rest not.
            XCTAssertEqual(file.info.isTransformCoded, ["mp3", "vorbis"].contains(encoding), name)
            let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("truth/\((name as NSString).deletingPathExtension).truth.json"))) as? [String: Any]
            let duration = try XCTUnwrap(truth?["duration_s"] as? Double)
            XCTAssertEqual(Double(try decodedFrames(file)) / Double(rate), duration, accuracy: 0.1, name)
        }
    }

    func testOtherEncodingsAndRatesDecode() throws {
        let expected: [String: (String, String, Int)] = [
            "pcm24_16k.wav": ("wav", "pcm_s24", 16000), "pcm32_8k.wav": ("wav", "pcm_s32", 8000),
            "float_8k.wav": ("wav", "float32", 8000), "pcm16_44k.wav": ("wav", "pcm_s16", 44100),
            "opus_48k.opus": ("ogg", "opus", 48000),
        ]
        for (name, (container, encoding, rate)) in expected {
            let file = try SoundFile(path: Fixtures.url("formats/\(name)").path)
            XCTAssertEqual(file.info.container, container, name)
            XCTAssertEqual(file.info.encoding, encoding, name)
            XCTAssertEqual(file.info.sampleRate, rate, name)
            XCTAssertEqual(file.info.isTransformCoded, encoding == "opus", name)
            XCTAssertEqual(Double(try decodedFrames(file)) / Double(rate), 4.92, accuracy: 0.1, name)
        }
    }
}
