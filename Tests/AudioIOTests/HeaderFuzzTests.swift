import AudioIO
import Foundation
import TestSupport
import XCTest

/// Mutated audio headers through the decoder: every file either decodes or fails with an
/// `AudioError` naming it; no crash, no hang. Count: CALLQA_AUDIO_FUZZ_CASES (default 300;
/// `scripts/check` runs 20,000).
final class HeaderFuzzTests: XCTestCase {
    func testMutatedHeadersNeverCrashTheDecoder() throws {
        let count = Int(ProcessInfo.processInfo.environment["CALLQA_AUDIO_FUZZ_CASES"] ?? "") ?? 300
        let dir = try TemporaryDirectory()
        let tone = (0..<4000).map { Float(0.3 * sin(Double($0) * 0.3)) }
        var seeds: [(ext: String, bytes: [UInt8])] = [
            ("wav", Array(WAVWriter.data(channels: [tone, tone], sampleRate: 8000))),
            ("wav", Array(WAVWriter.data(channels: [tone], sampleRate: 16000, encoding: .float32))),
        ]
        for name in ["formats/pcm24_16k.wav", "formats/opus_48k.opus", "calls/en_inbound_mp3_16k.mp3", "calls/en_outbound_flac16k.flac", "calls/es_mono_gsm8k.wav"] {
            let data = try Data(contentsOf: Fixtures.url(name))
            seeds.append(((name as NSString).pathExtension, Array(data.prefix(24_000))))
        }
        var random = SeededRandom(seed: 79)
        var decoded = 0, refused = 0
        for i in 0..<count {
            let seed = seeds[i % seeds.count]
            var bytes = seed.bytes
            let region = min(bytes.count, i % 3 == 0 ? bytes.count : 128)  // mostly the header
            for _ in 0..<(1 + random.next() % 6) where region > 0 {
                bytes[Int(random.next() % UInt64(region))] = UInt8(truncatingIfNeeded: random.next())
            }
            if i % 5 == 0 { bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count + 1)))) }
            let url = dir.file("case.\(seed.ext)")
            try Data(bytes).write(to: url)
            do {
                let file = try SoundFile(path: url.path)
                var block = AudioBlock(channelCount: file.info.channelCount, capacity: 4096)
                var blocks = 0
                while try file.read(into: &block, maximumFrames: 4096) > 0 {
                    blocks += 1
                    if blocks > 10_000 { return XCTFail("case \(i): no end of stream") }
                }
                decoded += 1
            } catch {
                refused += 1
                XCTAssertEqual(error.path, url.path, "case \(i)")
            }
        }
        print("audio header fuzz: \(count) files, \(decoded) decoded, \(refused) refused with an error, no crash")
    }
}
