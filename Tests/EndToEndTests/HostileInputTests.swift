import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Broken and hostile recordings: each becomes an error entry with a documented code, or is
/// scored with a warning; nothing crashes or hangs and the batch goes on.
final class HostileInputTests: XCTestCase {
    private func tone(_ seconds: Double, rate: Int = 8000, level: Float = 0.3) -> [Float] {
        (0..<Int(seconds * Double(rate))).map { level * sin(2 * Float.pi * 440 * Float($0) / Float(rate)) }
    }

    /// A 2 s stereo PCM WAV with the header bytes at `offset` replaced by `value` (little endian).
    private func patched(_ offset: Int, _ value: UInt32, bytes: Int = 4) -> Data {
        var data = WAVWriter.data(channels: [tone(2), tone(2)], sampleRate: 8000)
        for i in 0..<bytes { data[offset + i] = UInt8((value >> (8 * UInt32(i))) & 0xFF) }
        return data
    }

    func testEveryBrokenRecordingGetsItsCodeAndTheBatchGoesOn() throws {
        let dir = try TemporaryDirectory()
        let folder = dir.file("calls")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func write(_ name: String, _ data: Data) throws { try data.write(to: folder.appendingPathComponent(name)) }
        var random = SeededRandom(seed: 9)
        let noise = Data((0..<5000).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        let good = WAVWriter.data(channels: [tone(2), tone(2)], sampleRate: 8000)
        try write("zero.wav", Data())
        try write("truncated_header.wav", good.prefix(30))
        try write("random.wav", noise)
        try write("random.mp3", noise)
        try write("random.flac", noise)
        try write("bogus_fmt_size.wav", patched(16, 0x7FFF_FFFF))
        try write("unknown_codec.wav", patched(20, 0x1234, bytes: 2))
        try write("zero_channels.wav", patched(22, 0, bytes: 2))
        try write("claims_more_data.wav", patched(40, 32000 * 60))
        try write("three_channels.wav", WAVWriter.data(channels: [tone(1), tone(1), tone(1)], sampleRate: 8000))
        try write("rate_4000.wav", WAVWriter.data(channels: [tone(2, rate: 4000)], sampleRate: 4000))
        try write("rate_384000.wav", WAVWriter.data(channels: [tone(0.5, rate: 384_000)], sampleRate: 384_000))
        var nan = tone(1)
        nan[100] = .nan
        try write("nan.wav", WAVWriter.data(channels: [nan, tone(1)], sampleRate: 8000, encoding: .float32))
        var infinite = tone(1)
        infinite[200] = .infinity
        try write("infinity.wav", WAVWriter.data(channels: [tone(1), infinite], sampleRate: 8000, encoding: .float32))
        try write("short_50ms.wav", WAVWriter.data(channels: [tone(0.05), tone(0.05)], sampleRate: 8000))
        try write("silent.wav", WAVWriter.data(channels: [[Float](repeating: 0, count: 24000), [Float](repeating: 0, count: 24000)], sampleRate: 8000))
        // Clipped before G.711 encoding: flat at the codecs' loudest codes, under full scale.
        let overdriven = Signals.sine(frequencyHz: 300, peakDBFS: 12, seconds: 3, sampleRate: 8000)
        try write("clipped.wav", WAVWriter.data(channels: [overdriven, tone(3)], sampleRate: 8000))
        // Full scale throughout, which no sound gives: damaged data, not clipping.
        try write("stuck.wav", WAVWriter.data(channels: [[Float](repeating: 1, count: 24000), tone(3)], sampleRate: 8000))
        try write("clipped_ulaw.wav", WAVWriter.data(channels: [tone(3), overdriven], sampleRate: 8000, encoding: .muLaw))
        try write("clipped_alaw.wav", WAVWriter.data(channels: [tone(3), overdriven], sampleRate: 8000, encoding: .aLaw))
        try write("dc_offset.wav", WAVWriter.data(channels: [[Float](repeating: 0.2, count: 24000), [Float](repeating: -0.2, count: 24000)], sampleRate: 8000))
        try write("pure_tone.wav", WAVWriter.data(channels: [tone(5), tone(5)], sampleRate: 8000))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("dangling.wav").path, withDestinationPath: "/nonexistent/call.wav")
        // A named pipe with an audio name: opening it would block forever; it is refused instead.
        XCTAssertEqual(mkfifo(folder.appendingPathComponent("pipe.wav").path, 0o644), 0)
        // A file nobody may read (as root, which reads anything, it is simply scored).
        try WAVWriter.data(channels: [tone(1), tone(1)], sampleRate: 8000).write(to: folder.appendingPathComponent("locked.wav"))
        chmod(folder.appendingPathComponent("locked.wav").path, 0)
        let loop = folder.appendingPathComponent("loop")
        try FileManager.default.createDirectory(at: loop, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: loop.appendingPathComponent("up").path, withDestinationPath: "..")

        // The pure tone is also named on its own: it is scored once.
        let out = dir.file("report.json")
        let result = try CommandRunner.run(["score", folder.path, folder.appendingPathComponent("pure_tone.wav").path, "--out", out.path, "--file-timeout", "60"])
        XCTAssertEqual(result.status, 1, result.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        var byName: [String: [String: Any]] = [:]
        for call in try XCTUnwrap(report["calls"] as? [[String: Any]]) {
            byName[((call["source"] as? String) ?? "" as String).split(separator: "/").last.map(String.init) ?? ""] = call
        }
        let expected: [String: String] = [
            "zero.wav": "audio.empty", "truncated_header.wav": "audio.unreadable", "random.wav": "audio.unreadable",
            "random.mp3": "audio.unreadable", "random.flac": "audio.unreadable", "bogus_fmt_size.wav": "audio.unreadable",
            "unknown_codec.wav": "audio.unreadable", "zero_channels.wav": "audio.unreadable",
            "three_channels.wav": "audio.unsupported_layout", "rate_4000.wav": "audio.unsupported_layout",
            "rate_384000.wav": "audio.unsupported_layout", "nan.wav": "audio.invalid_samples", "infinity.wav": "audio.invalid_samples",
            "short_50ms.wav": "audio.too_short", "dangling.wav": "audio.unreadable", "pipe.wav": "audio.unreadable",
        ]
        for (name, code) in expected {
            let call = try XCTUnwrap(byName[name], "\(name) is missing from the report")
            XCTAssertEqual(call["status"] as? String, "error", name)
            let error = call["error"] as? [String: Any]
            XCTAssertEqual(error?["code"] as? String, code, name)
            let message = error?["message"] as? String ?? ""
            XCTAssertTrue(message.contains(name), "the message names the file: \(message)")
            XCTAssertTrue(result.standardError.contains(name), "one line per failure names \(name)")
        }
        XCTAssertTrue((byName["random.mp3"]?["error"] as? [String: Any])?["message"] as? String == "\(folder.path)/random.mp3: cannot read as audio: not a recognised audio format")
        XCTAssertTrue(((byName["dangling.wav"]?["error"] as? [String: Any])?["message"] as? String ?? "").contains("symbolic link to a file that does not exist"))
        XCTAssertTrue(((byName["pipe.wav"]?["error"] as? [String: Any])?["message"] as? String ?? "").contains("not a regular file"))
        if geteuid() == 0 {
            XCTAssertEqual(byName["locked.wav"]?["status"] as? String, "ok", "root reads a mode-000 file")
        } else {
            let message = (byName["locked.wav"]?["error"] as? [String: Any])?["message"] as? String ?? ""
            XCTAssertTrue(message.hasSuffix("locked.wav: cannot read as audio: permission denied"), message)
        }
        XCTAssertTrue(((byName["rate_384000.wav"]?["error"] as? [String: Any])?["message"] as? String ?? "").contains("outside the accepted 8000-192000 Hz"))

        // Scored, with what a person should know.
        func warnings(_ name: String) -> [String] { byName[name]?["warnings"] as? [String] ?? [] }
        for name in ["claims_more_data.wav", "silent.wav", "clipped.wav", "stuck.wav", "dc_offset.wav", "pure_tone.wav"] {
            XCTAssertEqual(byName[name]?["status"] as? String, "ok", name)
        }
        XCTAssertTrue(warnings("silent.wav").contains { $0.contains("digital silence") })
        XCTAssertTrue(warnings("clipped.wav").contains { $0.contains("channel 0 (agent) is clipped for 2.5 s (83% of the call)") }, "\(warnings("clipped.wav"))")
        XCTAssertTrue(warnings("stuck.wav").contains { $0.hasPrefix("channel 0 (agent) holds 3.0 s of damaged audio") }, "\(warnings("stuck.wav"))")
        XCTAssertFalse(warnings("stuck.wav").contains { $0.contains("clipped") }, "\(warnings("stuck.wav"))")
        for name in ["clipped_ulaw.wav", "clipped_alaw.wav"] {
            XCTAssertEqual(byName[name]?["status"] as? String, "ok", name)
            XCTAssertTrue(warnings(name).contains { $0.contains("channel 1 (customer) is clipped for") }, "\(name): \(warnings(name))")
            XCTAssertFalse(warnings(name).contains { $0.contains("channel 0 (agent) is clipped") }, "\(name): \(warnings(name))")
        }
        XCTAssertTrue(warnings("dc_offset.wav").contains { $0.contains("carries no speech") })
        XCTAssertTrue(warnings("pure_tone.wav").contains { $0.contains("carries no speech") })
        let toneChannels = try XCTUnwrap(byName["pure_tone.wav"]?["channels"] as? [[String: Any]])
        XCTAssertEqual(toneChannels.compactMap { $0["talk_s"] as? Double }, [0, 0], "a steady tone is not speech")
        XCTAssertEqual(byName.count, expected.count + 9, "each file once, the loop not followed: \(byName.keys.sorted())")
    }

    /// Names with spaces, quotes, commas and non-ASCII letters, in a directory walk and in a
    /// manifest (CSV quoting), and a manifest that is not UTF-8 or has an enormous line.
    func testAwkwardNamesAndBrokenManifests() throws {
        let dir = try TemporaryDirectory()
        let folder = dir.file("Grabaciones de Lucía")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let names = ["llamada 'García' ñ.wav", "call \"quoted\", with comma.wav", "звонок №1.wav", "通话.wav"]
        for name in names {
            try WAVWriter.write(channels: [tone(1), tone(1)], sampleRate: 8000, to: folder.appendingPathComponent(name))
        }
        let walked = try CommandRunner.run(["score", folder.path, "--out", dir.file("walk.json").path])
        XCTAssertEqual(walked.status, 0, walked.standardError)
        let walkReport = try String(contentsOf: dir.file("walk.json"), encoding: .utf8)
        for name in names { XCTAssertTrue(walkReport.contains(name.replacingOccurrences(of: "\"", with: "\\\"")), name) }

        let manifest = dir.file("manifest.csv")
        let rows = names.map { "\"Grabaciones de Lucía/\($0.replacingOccurrences(of: "\"", with: "\"\""))\",Ana \"la\" O'Brien" }
        try Data((["path,agent_name"] + rows).joined(separator: "\n").utf8).write(to: manifest)
        let listed = try CommandRunner.run(["score", "--manifest", manifest.path, "--out", dir.file("manifest.json").path])
        XCTAssertEqual(listed.status, 0, listed.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("manifest.json"))) as? [String: Any])
        let calls = try XCTUnwrap(report["calls"] as? [[String: Any]])
        XCTAssertEqual(calls.count, 4)
        XCTAssertTrue(calls.allSatisfy { ($0["metadata"] as? [String: String])?["agent_name"] == "Ana \"la\" O'Brien" })

        let latin1 = dir.file("latin1.csv")
        try Data([0x70, 0x61, 0x74, 0x68, 0x0A, 0x6C, 0x6C, 0x61, 0x6D, 0x61, 0x64, 0x61, 0xF1, 0x2E, 0x77, 0x61, 0x76, 0x0A]).write(to: latin1)
        let notUTF8 = try CommandRunner.run(["score", "--manifest", latin1.path])
        XCTAssertEqual(notUTF8.status, 2)
        XCTAssertTrue(notUTF8.standardError.contains("latin1.csv") && notUTF8.standardError.contains("UTF-8"), notUTF8.standardError)

        let enormous = dir.file("enormous.csv")
        try Data(("path,call_id\n\"" + String(repeating: "x", count: 5_000_000) + ".wav\",1\n").utf8).write(to: enormous)
        let big = try CommandRunner.run(["score", "--manifest", enormous.path, "--out", dir.file("big.json").path])
        XCTAssertEqual(big.status, 1, "the row is reported, not a crash: \(big.standardError.prefix(300))")
        XCTAssertTrue(big.standardError.contains("enormous.csv:2"), String(big.standardError.prefix(300)))
    }

    /// A copy cut short after a few bytes of audio says the file is truncated and how long its
    /// header says the call is; it read "the recording lasts 62 ms", as if the call were that short.
    func testACutShortCopyTooShortToMeasureSaysItIsTruncated() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.data(channels: [tone(10)], sampleRate: 8000).prefix(44 + 1000).write(to: dir.file("cut.wav"))
        let result = try CommandRunner.run(["score", dir.file("cut.wav").path, "--out", dir.file("r.json").path])
        XCTAssertEqual(result.status, 1, result.standardError)
        XCTAssertTrue(result.standardError.contains("cut.wav: the header declares 10.0 s of audio but the file holds only 63 ms (a truncated file"), result.standardError)
        let report = try String(contentsOf: dir.file("r.json"), encoding: .utf8)
        XCTAssertTrue(report.contains("\"audio.too_short\""), report)
    }

    func testFileTimeoutStopsOneFileAndTheBatchGoesOn() throws {
        let dir = try TemporaryDirectory()
        let long = dir.file("long.wav"), short = dir.file("short.wav")
        try WAVWriter.write(channels: [tone(120), tone(120)], sampleRate: 8000, to: long)
        try WAVWriter.write(channels: [tone(0.5), tone(0.5)], sampleRate: 8000, to: short)
        // A limit far below what the 2-minute file takes (about 0.05 s in an optimised build on a
        // fast machine, which made a 0.05 s limit a coin toss); the short file is one block,
        // which is always finished.
        let result = try CommandRunner.run(["score", long.path, short.path, "--file-timeout", "0.005", "--jobs", "1", "--out", dir.file("r.json").path])
        XCTAssertEqual(result.status, 1, result.standardError)
        XCTAssertTrue(result.standardError.contains("long.wav: analysis stopped after the per-file time limit of 0.005 s (--file-timeout)"), result.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("r.json"))) as? [String: Any])
        let calls = try XCTUnwrap(report["calls"] as? [[String: Any]])
        XCTAssertEqual(calls.compactMap { ($0["error"] as? [String: Any])?["code"] as? String }, ["audio.timeout"])
        let bad = try CommandRunner.run(["score", short.path, "--file-timeout", "0"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.standardError.contains("--file-timeout takes a number of seconds above 0"), bad.standardError)
    }

    /// A damaged MP3 (bytes overwritten in three places, garbage appended): libmpg123, inside
    /// libsndfile, printed "Note: Illegal Audio-MPEG-Header 0x... at offset ...", "Note: Trying to
    /// resync..." on standard error, under --quiet (nothing but errors) and among --log-format
    /// json's records (each line one JSON object). Standard error is callqa's alone now.
    func testADamagedMP3LeavesStandardErrorToCallqa() throws {
        let dir = try TemporaryDirectory()
        var bytes = [UInt8](try Data(contentsOf: Fixtures.url("calls/en_inbound_mp3_16k.mp3")))
        var random = SeededRandom(seed: 3)
        for start in [bytes.count / 3, bytes.count / 2, 2 * bytes.count / 3] {
            for i in start..<(start + 400) { bytes[i] = UInt8(truncatingIfNeeded: random.next()) }
        }
        bytes += (0..<3000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let mp3 = dir.file("damaged.mp3")
        try Data(bytes).write(to: mp3)

        let json = try CommandRunner.run(["score", mp3.path, "--log-format", "json", "--out", dir.file("r.json").path])
        XCTAssertEqual(json.status, 0, json.standardError)
        let lines = json.standardError.split(separator: "\n")
        XCTAssertFalse(lines.isEmpty, "the summary record is missing")
        for line in lines {
            let record = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            XCTAssertNotNil(record?["message"] as? String, "not a JSON log record: \(line)")
        }
        let quiet = try CommandRunner.run(["score", mp3.path, "--quiet", "--out", dir.file("q.json").path])
        XCTAssertEqual(quiet.status, 0, quiet.standardError)
        XCTAssertEqual(quiet.standardError, "")
        // What the notes were about is in the report: the damage stopped the decoding.
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("q.json"))) as? [String: Any])
        let warnings = try XCTUnwrap((report["calls"] as? [[String: Any]])?.first?["warnings"] as? [String])
        XCTAssertTrue(warnings.contains { $0.contains("could be decoded") }, "\(warnings)")
    }
}

/// callqa opens no network connection: the binary links no networking library and imports none
/// of the socket calls.
final class NoNetworkTests: XCTestCase {
    func testTheBinaryHasNoNetworkingCode() throws {
        let binary = CommandRunner.callqaURL.path
        let libraries = try CommandRunner.run(["ldd", binary], executable: URL(fileURLWithPath: "/usr/bin/env"))
        XCTAssertEqual(libraries.status, 0, libraries.standardError)
        for library in ["FoundationNetworking", "libcurl", "libssl", "libnghttp"] {
            XCTAssertFalse(libraries.standardOutput.contains(library), "callqa links \(library)")
        }
        let symbols = try CommandRunner.run(["nm", "-D", "--undefined-only", binary], executable: URL(fileURLWithPath: "/usr/bin/env"))
        XCTAssertEqual(symbols.status, 0, "nm (binutils, installed with the Swift toolchain) is needed: \(symbols.standardError)")
        let imported = Set(symbols.standardOutput.split(separator: "\n").compactMap { $0.split(separator: " ").last.map { String($0.split(separator: "@").first ?? "") } })
        for call in ["socket", "connect", "getaddrinfo", "gethostbyname", "sendto"] {
            XCTAssertFalse(imported.contains(call), "callqa imports \(call)")
        }
        XCTAssertTrue(imported.contains("sf_open"), "the symbol list was read (libsndfile is imported)")
    }
}
