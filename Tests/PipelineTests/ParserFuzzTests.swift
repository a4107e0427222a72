import Foundation
import TestSupport
import XCTest

@testable import Pipeline

/// Random and mutated manifests and file-name patterns never crash the parsers: each input is
/// either accepted or rejected with an error naming the file (and line). Counts: CALLQA_FUZZ_CASES
/// (default 3,000 each; `scripts/check` runs 1,000,000).
final class ParserFuzzTests: XCTestCase {
    private var count: Int { Int(ProcessInfo.processInfo.environment["CALLQA_FUZZ_CASES"] ?? "") ?? 3_000 }

    private func mutate(_ seed: [UInt8], _ i: Int, _ random: inout SeededRandom, tokens: [String]) -> [UInt8] {
        var bytes = seed
        switch i % 4 {
        case 0:
            for _ in 0..<(1 + random.next() % 8) where !bytes.isEmpty {
                bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
            }
        case 1:
            bytes = Array(bytes[..<Int(random.next() % UInt64(max(1, bytes.count)))])
        case 2:
            for _ in 0..<(1 + random.next() % 6) {
                let token = Array(tokens[Int(random.next() % UInt64(tokens.count))].utf8)
                bytes.insert(contentsOf: token, at: Int(random.next() % UInt64(bytes.count + 1)))
            }
        default:
            bytes = (0..<(random.next() % 300)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        }
        return bytes
    }

    func testManifestParserSurvivesMutatedCSVAndJSONLines() throws {
        let dir = try TemporaryDirectory()
        let csv = Array(try Data(contentsOf: Fixtures.url("manifest.csv")))
        let jsonl = Array("""
            {"path": "calls/it_inbound_ulaw8k.wav", "call_id": "IT-1", "agent_id": "A17", "agent_channel": 0}
            {"agent_path": "calls/a.wav", "customer_path": "calls/b.wav", "team": "T \\"q\\" ü"}

            """.utf8)
        let tokens = [",", "\"", "\"\"", "\n", "\r\n", "{", "}", ":", "[", "]", "null", "agent_channel", "path", "\u{FEFF}", "é", "\u{0}", " ", "1e999"]
        var random = SeededRandom(seed: 77)
        let files = [dir.file("fuzz.csv"), dir.file("fuzz.jsonl")]
        var accepted = 0, rejected = 0, rows = 0
        for i in 0..<count {
            let jsonLines = i % 2 == 1
            try Data(mutate(jsonLines ? jsonl : csv, i / 2, &random, tokens: tokens)).write(to: files[jsonLines ? 1 : 0])
            do {
                let parsed = try Manifest.read(path: files[jsonLines ? 1 : 0].path)
                accepted += 1
                rows += parsed.count
                for row in parsed {
                    XCTAssertGreaterThanOrEqual(row.line, 1)
                    if row.job == nil {
                        XCTAssertTrue(row.problem?.contains("fuzz.") ?? false, "case \(i): a problem that does not name the file")
                    }
                }
            } catch {
                rejected += 1
                XCTAssertTrue(error.localizedDescription.contains("fuzz."), "case \(i): \(error.localizedDescription)")
            }
        }
        XCTAssertEqual(accepted + rejected, count)
        print("manifest fuzz: \(count) inputs, \(accepted) accepted (\(rows) rows), \(rejected) rejected, no crash")
    }

    /// Path splitting that Foundation's NSString crashes on (found by the fuzzer below at 1,000,000
    /// cases: `"x//Ŗ"`).
    func testPathNamesOfHostileStrings() throws {
        XCTAssertEqual(PathName.lastComponent("x//Ŗ"), "Ŗ")
        XCTAssertEqual(PathName.lastComponent("a/b/"), "b")
        XCTAssertEqual(PathName.lastComponent("/"), "/")
        XCTAssertEqual(PathName.lastComponent(""), "")
        XCTAssertEqual(PathName.lastComponent("a\u{0}b//Ŗ"), "Ŗ")
        XCTAssertEqual(PathName.deletingLastComponent("x//Ŗ"), "x")
        XCTAssertEqual(PathName.deletingLastComponent("/c"), "/")
        XCTAssertEqual(PathName.deletingLastComponent("c"), "")
        XCTAssertEqual(PathName.deletingLastComponent("a/b/c/"), "a/b")
        XCTAssertEqual(PathName.pathExtension("d.x/Call.WAV"), "WAV")
        XCTAssertEqual(PathName.pathExtension(".wav"), "")
        XCTAssertEqual(PathName.appending("a/", "b"), "a/b")
        let pattern = try NamePattern("{date}_{agent_id}/_{call_id}.wav")
        XCTAssertNil(pattern.metadata(for: "rec//Ŗ"))
        XCTAssertEqual(try NamePattern("{agent}_{call}.wav").metadata(for: "x//ü/A1_C9.wav"), ["agent": "A1", "call": "C9"])
    }

    func testNamePatternSurvivesRandomPatternsAndPaths() {
        let tokens = ["{", "}", "{date}", "{agent_id}", "{call_id}", "_", "-", ".wav", "*", "?", "[", "]", "\\", "/", "{}", "{a}{b}", "ü"]
        var random = SeededRandom(seed: 78)
        var valid = 0, invalid = 0
        for i in 0..<count {
            let pattern = String(decoding: mutate(Array("{date}_{agent_id}_{call_id}.wav".utf8), i, &random, tokens: tokens), as: UTF8.self)
            let path = String(decoding: mutate(Array("rec/2026-11-20_A17_IT-1001.wav".utf8), i + 1, &random, tokens: tokens), as: UTF8.self)
            do {
                let compiled = try NamePattern(pattern)
                valid += 1
                if let fields = compiled.metadata(for: path) {
                    XCTAssertFalse(fields.keys.contains(""), "case \(i): an empty field name")
                }
            } catch {
                invalid += 1
                XCTAssertFalse(error.localizedDescription.isEmpty)
            }
        }
        print("name-pattern fuzz: \(count) patterns, \(valid) valid, \(invalid) rejected, no crash")
    }
}
