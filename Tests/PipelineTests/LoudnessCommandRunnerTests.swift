import Analysis
import AudioIO
import Foundation
import TestSupport
import XCTest

@testable import Pipeline

final class LoudnessCommandRunnerTests: XCTestCase {
    /// `callqa loudness` refuses a float file with a NaN or a sample far past full scale, named,
    /// as `score` does (it printed nulls, or failed to encode an infinity without naming the file);
    /// the same file with the sample in range is measured.
    func testImplausibleSamplesAreTheFilesError() throws {
        let dir = try TemporaryDirectory()
        for (name, bad) in [("nan.wav", Float.nan), ("huge.wav", Float(1e20)), ("fine.wav", Float(0.5))] {
            var samples = (0..<16000).map { Float(sin(Double($0) * 0.2)) * 0.1 }
            samples[8000] = bad
            let path = dir.file(name).path
            try floatWAV(samples, rate: 16000).write(to: URL(fileURLWithPath: path))
            if name == "fine.wav" {
                XCTAssertNoThrow(try LoudnessCommandRunner.measure(path: path, mode: .exact))
                continue
            }
            XCTAssertThrowsError(try LoudnessCommandRunner.measure(path: path, mode: .exact), name) { error in
                XCTAssertEqual((error as? AudioError)?.code, "audio.invalid_samples")
                XCTAssertTrue(error.localizedDescription.hasPrefix(path + ": "), error.localizedDescription)
            }
        }
    }

    /// A file under 100 ms (a header without samples, a 50 ms clip) is the file's error, as in
    /// `score`: it printed a line of nulls, or a speech level 4.4 dB high, with status 0.
    func testARecordingUnder100MillisecondsIsTheFilesError() throws {
        let dir = try TemporaryDirectory()
        for (name, frames, says) in [("none.wav", 0, "holds no audio"), ("clip.wav", 800, "lasts 50 ms"), ("long.wav", 1600, nil)] {
            let path = dir.file(name).path
            try floatWAV((0..<frames).map { Float(sin(Double($0) * 0.2)) * 0.1 }, rate: 16000).write(to: URL(fileURLWithPath: path))
            guard let says else {
                XCTAssertNoThrow(try LoudnessCommandRunner.measure(path: path, mode: .exact))
                continue
            }
            XCTAssertThrowsError(try LoudnessCommandRunner.measure(path: path, mode: .exact), name) { error in
                XCTAssertEqual((error as? AudioError)?.code, "audio.too_short")
                XCTAssertTrue(error.localizedDescription.hasPrefix(path + ": "), error.localizedDescription)
                XCTAssertTrue(error.localizedDescription.contains(says), error.localizedDescription)
            }
        }
    }

    /// A file cut short is measured on what it holds and says so, as `score` warns on the call
    /// (it was measured in silence, exit 0); a whole file carries no warnings.
    func testACutShortFileSaysSo() throws {
        let dir = try TemporaryDirectory()
        let whole = floatWAV((0..<16000).map { Float(sin(Double($0) * 0.2)) * 0.1 }, rate: 16000)
        try whole.write(to: dir.file("whole.wav"))
        try whole.prefix(44 + 8000 * 4).write(to: dir.file("cut.wav"))
        XCTAssertNil(try LoudnessCommandRunner.measure(path: dir.file("whole.wav").path, mode: .exact).warnings)
        let cut = try LoudnessCommandRunner.measure(path: dir.file("cut.wav").path, mode: .exact)
        XCTAssertEqual(cut.warnings, ["the header declares 1.0 s of audio but only 0.5 s could be decoded (a file cut short, or damaged at that point)"])
        let json = String(decoding: try JSONEncoder().encode(cut), as: UTF8.self)
        XCTAssertTrue(json.contains("a file cut short, or damaged at that point"), json)
    }

    /// docs/loudness.md lists the warnings `callqa loudness` can give (they were documented in
    /// `--help` only, as "a warning"): every kind the code gives, made here from a file of each
    /// kind, is in its table with its numbers as N, and the table lists nothing else.
    func testTheDocumentedWarningsAreTheOnesGiven() throws {
        let dir = try TemporaryDirectory()
        let whole = floatWAV((0..<16000).map { Float(sin(Double($0) * 0.2)) * 0.1 }, rate: 16000)
        try whole.prefix(44 + 8000 * 4).write(to: dir.file("cut.wav"))
        var stale = whole
        stale.replaceSubrange(40..<44, with: withUnsafeBytes(of: UInt32(8000 * 4).littleEndian) { Data($0) })
        try stale.write(to: dir.file("stale.wav"))
        let ogg = try Data(contentsOf: Fixtures.url("formats/opus_48k.opus"))
        try ogg.prefix(ogg.count / 2).write(to: dir.file("cut.opus"))
        var given: Set<String> = []
        for name in ["cut.wav", "stale.wav", "cut.opus"] {
            let warnings = try LoudnessCommandRunner.measure(path: dir.file(name).path, mode: .exact).warnings ?? []
            XCTAssertEqual(warnings.count, 1, "\(name): \(warnings)")
            given.formUnion(warnings.map { $0.replacingOccurrences(of: #"[0-9]+(\.[0-9]+)?"#, with: "N", options: .regularExpression) })
        }
        let doc = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("docs/loudness.md"), encoding: .utf8)
        let section = try XCTUnwrap(doc.components(separatedBy: "## `callqa loudness` output").dropFirst().first)
            .components(separatedBy: "\n## ")[0]
        let table = try XCTUnwrap(section.components(separatedBy: "| warning | meaning |").dropFirst().first)
        let documented = Set(table.split(separator: "\n").prefix { $0.hasPrefix("|") }.compactMap { row -> String? in
            guard row.hasPrefix("| `") else { return nil }
            return row.dropFirst(3).components(separatedBy: "` |").first
        })
        XCTAssertEqual(given, documented)
    }

    /// A mono 32-bit float WAV file (format 3), as written by any editor.
    private func floatWAV(_ samples: [Float], rate: UInt32) -> Data {
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        let bytes = UInt32(samples.count * 4)
        data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36) + bytes)
        data.append(contentsOf: Array("WAVEfmt ".utf8)); append(UInt32(16)); append(UInt16(3)); append(UInt16(1))
        append(rate); append(rate * 4); append(UInt16(4)); append(UInt16(32))
        data.append(contentsOf: Array("data".utf8)); append(bytes)
        for sample in samples { append(sample.bitPattern) }
        return data
    }
}
