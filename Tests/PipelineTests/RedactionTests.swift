import Foundation
import Reporting
import TestSupport
import XCTest

@testable import Pipeline

final class RedactionTests: XCTestCase {
    private let key = ["CALLQA_REDACT_KEY": "0123456789abcdef-secret"]

    func testHMACMatchesRFC4231() {
        // RFC 4231 test case 2.
        let mac = Redaction.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        XCTAssertEqual(mac.map { String(format: "%02x", $0) }.joined(), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    func testFieldsAreReplacedByAStableKeyedHash() throws {
        let redaction = try Redaction(fields: ["agent_name", "source"], keyFile: nil, environment: key)
        let again = try Redaction(fields: ["agent_name", "source"], keyFile: nil, environment: key)
        let other = try Redaction(fields: ["agent_name"], keyFile: nil, environment: ["CALLQA_REDACT_KEY": "another-key-of-16+bytes"])
        XCTAssertEqual(redaction.hash("Marco Rossi"), again.hash("Marco Rossi"), "stable across runs")
        XCTAssertNotEqual(redaction.hash("Marco Rossi"), other.hash("Marco Rossi"), "depends on the key")
        XCTAssertNotEqual(redaction.hash("Marco Rossi"), redaction.hash("Marco Rosso"))
        XCTAssertTrue(redaction.hash("x").hasPrefix("h:"))
        XCTAssertEqual(redaction.hash("x").count, 18)

        let call = CallReport.failure(
            source: "/calls/2026/marco_rossi.wav", code: "audio.unreadable", message: "/calls/2026/marco_rossi.wav: cannot read as audio",
            metadata: ["agent_name": "Marco Rossi", "team": "Milano-1"])
        let redacted = redaction.apply(to: call)
        XCTAssertEqual(redacted.metadata["agent_name"], redaction.hash("Marco Rossi"))
        XCTAssertEqual(redacted.metadata["team"], "Milano-1", "fields not named stay")
        XCTAssertEqual(redacted.source, redaction.hash("/calls/2026/marco_rossi.wav"))
        XCTAssertFalse(redacted.error?.message.contains("marco") ?? true, redacted.error?.message ?? "")
    }

    /// Under `--redact source`, a call's warnings name the hashes of its files: a two-leg call's
    /// warnings name each leg ("the customer leg (/calls/marco_rossi-c.wav) carries no speech"),
    /// and the leg stayed in clear beside the hashed source.
    func testATwoLegCallsWarningsNameTheHashesOfItsLegs() throws {
        let redaction = try Redaction(fields: ["source"], keyFile: nil, environment: key)
        let agent = "/calls/marco_rossi-a.wav", customer = "/calls/marco_rossi-c.wav"
        var call = CallReport.failure(source: "\(agent) + \(customer)", code: "audio.empty", message: "\(customer): the file is empty (0 bytes)")
        call.warnings = [
            "the customer leg (\(customer)) carries no speech",
            "the agent leg (\(agent)): the header declares 10.0 s of audio but only 4.0 s could be decoded (a file cut short, or damaged at that point)",
        ]
        let redacted = redaction.apply(to: call, recordings: [agent, customer])
        XCTAssertEqual(redacted.warnings, [
            "the customer leg (\(redaction.hash(customer))) carries no speech",
            "the agent leg (\(redaction.hash(agent))): the header declares 10.0 s of audio but only 4.0 s could be decoded (a file cut short, or damaged at that point)",
        ])
        XCTAssertEqual(redacted.error?.message, "\(redaction.hash(customer)): the file is empty (0 bytes)")
    }

    /// A manifest row's error entry keeps the row's metadata, redacted as a scored call's is;
    /// its source (the manifest's line) stays.
    func testAManifestRowsErrorEntryHasItsMetadataRedacted() throws {
        let redaction = try Redaction(fields: ["agent_id", "source"], keyFile: nil, environment: key)
        let problem = CallReport.failure(
            source: "m2.csv:3", code: "manifest.missing_file", message: "m2.csv:3: recording 'marco.wav' not found",
            metadata: ["agent_id": "A2", "call_id": "C2", "manifest_line": "3"])
        let redacted = redaction.apply(toManifestProblem: problem, recordings: ["marco.wav"])
        XCTAssertEqual(redacted.metadata, ["agent_id": redaction.hash("A2"), "call_id": "C2", "manifest_line": "3"])
        XCTAssertEqual(redacted.source, "m2.csv:3")
        XCTAssertEqual(redacted.error?.message, "m2.csv:3: recording '\(redaction.hash("marco.wav"))' not found")
    }

    /// A field is read as manifest columns are (`Agent-ID` is `agent_id`); one a letter away from
    /// a named field, or the path called `path`, is refused: nothing was redacted under it, silently,
    /// and the report carried the agent ids the run was asked to hide.
    func testFieldsAreReadAsColumnsAndMisspellingsAreRefused() throws {
        XCTAssertEqual(try Redaction(fields: ["Agent-ID", "CALL ID", "source"], keyFile: nil, environment: key).fields, ["agent_id", "call_id", "source"])
        let call = CallReport.failure(source: "a.wav", code: "audio.empty", message: "a.wav: empty", metadata: ["agent_id": "A17"])
        XCTAssertNotEqual(try Redaction(fields: ["Agent ID"], keyFile: nil, environment: key).apply(to: call).metadata["agent_id"], "A17")
        XCTAssertThrowsError(try Redaction(fields: ["agentid"], keyFile: nil, environment: key)) {
            XCTAssertEqual($0 as? RedactionError, .misspelledField("agentid", meant: "agent_id"))
            XCTAssertEqual(($0 as? RedactionError)?.errorDescription,
                           "--redact agentid: no call has that field, so nothing would be redacted; did you mean --redact agent_id?")
        }
        XCTAssertThrowsError(try Redaction(fields: ["path"], keyFile: nil, environment: key)) {
            XCTAssertEqual($0 as? RedactionError, .pathField("path"))
        }
        XCTAssertEqual(try Redaction(fields: ["site"], keyFile: nil, environment: key).fields, ["site"], "a field of the site's own")
    }

    func testAKeyIsRequiredAndMustBeLongEnough() throws {
        XCTAssertThrowsError(try Redaction(fields: ["agent_name"], keyFile: nil, environment: [:])) {
            XCTAssertEqual($0 as? RedactionError, .missingKey)
        }
        XCTAssertThrowsError(try Redaction(fields: ["agent_name"], keyFile: nil, environment: ["CALLQA_REDACT_KEY": "short"])) {
            XCTAssertEqual($0 as? RedactionError, .shortKey(bytes: 5))
        }
        XCTAssertThrowsError(try Redaction(fields: ["agent_name"], keyFile: "/no/such/key", environment: [:])) {
            XCTAssertEqual($0 as? RedactionError, .unreadableKey(path: "/no/such/key", reason: "no such file"))
        }
        // An empty key file is a key too short, said so (FileManager read nothing: "cannot read").
        let dir = try TemporaryDirectory()
        try Data().write(to: dir.file("key"))
        XCTAssertThrowsError(try Redaction(fields: ["agent_name"], keyFile: dir.file("key").path, environment: [:])) {
            XCTAssertEqual($0 as? RedactionError, .shortKey(bytes: 0))
            XCTAssertTrue(($0 as? RedactionError)?.errorDescription?.contains("the redaction key is empty") == true)
        }
    }
}
