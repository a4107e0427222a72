import Foundation
@testable import Pipeline
import Reporting
import TestSupport
import XCTest

final class ManifestTests: XCTestCase {
    func testCommittedManifestListsEveryCallWithMetadata() throws {
        let rows = try Manifest.read(path: Fixtures.url("manifest.csv").path)
        XCTAssertEqual(rows.count, 8)
        XCTAssertTrue(rows.allSatisfy { $0.job != nil }, "\(rows.filter { $0.job == nil })")
        let first = try XCTUnwrap(rows.first?.job)
        XCTAssertEqual(first.metadata["agent_name"], "Marco Rossi")
        XCTAssertEqual(first.metadata["direction"], "inbound")
        XCTAssertEqual(first.metadata["manifest_line"], "2")
        XCTAssertTrue(FileManager.default.fileExists(atPath: first.path), "paths are relative to the manifest")
    }

    /// A row with a problem keeps its metadata, as its call would have had it: a missing
    /// recording's error entry had `metadata: {}` (an unreadable file's kept call_id and
    /// agent_id), so supervisors could not tell which call and agent lacked a recording. A row
    /// that cannot be read into fields has none.
    func testAProblemRowKeepsTheRowsMetadata() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.write(channels: [[Float](repeating: 0, count: 8000)], sampleRate: 8000, to: dir.file("ok.wav"))
        let manifest = dir.file("m2.csv")
        try """
            path,call_id,agent_id,agent_channel
            ok.wav,C1,A1,
            missing.wav,C2,A2,
            ok.wav,C3,A3,
            ok2.wav,C4,A4,sideways
            ,C5,A5,
            too,many,fields,in,a,row
            """.write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.problemCode), [nil, "manifest.missing_file", "manifest.duplicate_row", "manifest.bad_value", "manifest.bad_value", "manifest.bad_value"])
        for (row, number) in zip(rows.dropFirst().prefix(4), 2...) {
            XCTAssertEqual(row.metadata, ["call_id": "C\(number)", "agent_id": "A\(number)", "manifest_line": "\(number + 1)"], "line \(row.line)")
        }
        XCTAssertEqual(rows[5].metadata, [:], "a row of the wrong number of fields")
    }

    func testBadRowsAreReportedWithTheirLineAndTheRestRuns() throws {
        let dir = try TemporaryDirectory()
        let leg = (0..<8000).map { _ in Float(0) }
        try WAVWriter.write(channels: [leg], sampleRate: 8000, to: dir.file("agent leg.wav"))
        try WAVWriter.write(channels: [leg], sampleRate: 8000, to: dir.file("customer.wav"))
        try WAVWriter.write(channels: [leg, leg], sampleRate: 8000, to: dir.file("call.wav"))
        try WAVWriter.write(channels: [leg, leg], sampleRate: 8000, to: dir.file("other.wav"))
        let manifest = dir.file("m.csv")
        try #"""
            path,agent_path,customer_path,agent_channel,agent_name,extra
            call.wav,,,1,"Rossi, ""Marco""",kept
            missing.wav,,,0,X,
            call.wav,,,0,Y,
            ,agent leg.wav,customer.wav,,Z,
            call2.wav,,,sideways,W,
            "multi
            line",,,0,V,
            ,agent leg.wav,,,U,
            ,,customer.wav,,S,
            too,many,,,,,fields
            other.wav,agent leg.wav,customer.wav,,T,
            """#.write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.line), [2, 3, 4, 5, 6, 7, 9, 10, 11, 12])
        XCTAssertEqual(rows[0].job?.layout, .agentRight)
        XCTAssertEqual(rows[0].job?.metadata["agent_name"], "Rossi, \"Marco\"")
        XCTAssertEqual(rows[0].job?.metadata["extra"], "kept", "unknown columns are kept as metadata")
        XCTAssertEqual(rows[1].problemCode, "manifest.missing_file")
        XCTAssertEqual(rows[1].problem, "\(manifest.path):3: recording 'missing.wav' not found")
        XCTAssertEqual(rows[2].problemCode, "manifest.duplicate_row")
        XCTAssertEqual(rows[2].problem, "\(manifest.path):4: 'call.wav' is listed again (first on line 2)")
        XCTAssertEqual(rows[3].job?.customerLegPath, dir.file("customer.wav").path)
        XCTAssertEqual(rows[4].problem, "\(manifest.path):6: agent_channel must be 0, 1, left or right; got 'sideways'")
        XCTAssertEqual(rows[5].problemCode, "manifest.missing_file", "a quoted field may span lines; the row starts on line 7")
        XCTAssertEqual(rows[6].problem, "\(manifest.path):9: 'agent_path' is given without 'customer_path'")
        XCTAssertEqual(rows[7].problem, "\(manifest.path):10: 'customer_path' is given without 'agent_path'", "it was 'no recording'")
        XCTAssertEqual(rows[8].problem, "\(manifest.path):11: the row has 7 fields but the header has 6")
        // One recording and two legs on one row: which call is meant cannot be told (it scored 'path' silently).
        XCTAssertEqual(rows[9].problemCode, "manifest.bad_value")
        XCTAssertEqual(rows[9].problem, "\(manifest.path):12: the row gives both 'path' and 'agent_path'; "
            + "give 'path' for one recording, or 'agent_path' and 'customer_path' for two leg files")
    }

    /// Excel leaves out the separators of a row's empty last cells (a mono call's empty
    /// agent_channel, an empty campaign), so a manifest edited in Excel had rows of fewer fields
    /// than its header, and each was a failed call ("the row has 3 fields but the header has 4").
    /// The missing last fields are empty now, and the rows are named for the run's warning.
    func testARowWithoutItsEmptyLastFieldsIsACall() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.write(channels: [[Float](repeating: 0, count: 8000)], sampleRate: 8000, to: dir.file("a.wav"))
        try WAVWriter.write(channels: [[Float](repeating: 0, count: 8000)], sampleRate: 8000, to: dir.file("b.wav"))
        let manifest = dir.file("m.csv")
        try "path;call_id;agent_id;campaign;agent_channel\r\na.wav;C1;A1;winter;1\r\nb.wav;C2;A2\r\n"
            .write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.problem), [nil, nil])
        XCTAssertEqual(rows[1].job?.metadata, ["call_id": "C2", "agent_id": "A2", "manifest_line": "3"])
        XCTAssertEqual(rows[1].job?.layout, .agentLeft, "an agent_channel left out is the default")
        XCTAssertEqual(rows.map(\.missingFields), [0, 2])
        XCTAssertEqual(Manifest.shortRows(in: rows), [3])
    }

    /// A first line `sep=;`, which tells Excel how to split the file (files made for Excel carry
    /// it), names the separator: it was read as the header, and the manifest had no 'path'
    /// column ("found: 'sep='"). Lines are counted from the file's first line.
    func testAnExcelSeparatorLineNamesTheSeparator() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.write(channels: [[Float](repeating: 0, count: 8000)], sampleRate: 8000, to: dir.file("a.wav"))
        let manifest = dir.file("m.csv")
        try "sep=;\r\npath;call_id;agent_name\r\na.wav;C1;Rossi, Marco\r\nmissing.wav;C2;Bianchi\r\n"
            .write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.line), [3, 4])
        XCTAssertEqual(rows[0].job?.metadata["agent_name"], "Rossi, Marco")
        XCTAssertEqual(rows[1].problem, "\(manifest.path):4: recording 'missing.wav' not found")
        XCTAssertEqual(Manifest.excelSeparatorLine("sep=,\npath\n")?.separator, ",")
        XCTAssertEqual(Manifest.excelSeparatorLine("sep=;;;\r\npath;x\r\n")?.rest, "path;x\r\n")
        XCTAssertNil(Manifest.excelSeparatorLine("sep=|\npath\n"), "a separator manifests do not use")
        XCTAssertNil(Manifest.excelSeparatorLine("separator,path\n"))
    }

    func testManifestWithoutPathColumnIsAUsageError() throws {
        let dir = try TemporaryDirectory()
        let manifest = dir.file("m.csv")
        try "file,agent\na.wav,x\n".write(to: manifest, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Manifest.read(path: manifest.path)) { error in
            XCTAssertEqual(error as? ManifestError, .missingPathColumn(path: manifest.path, found: ["file", "agent"]))
            XCTAssertTrue(error.localizedDescription.hasSuffix("(found: 'file', 'agent')"), error.localizedDescription)
        }
        // A list of files without a header (`find ... | callqa score --manifest -`): its first file
        // was read as the header, and the message named it as a column found, with no way on.
        let list = dir.file("list.txt")
        try "/recordings/2026-11-20/a.WAV\n/recordings/2026-11-20/b.wav\n".write(to: list, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Manifest.read(path: list.path)) { error in
            let text = error.localizedDescription
            XCTAssertTrue(text.contains("(found: '/recordings/2026-11-20/a.WAV'); '/recordings/2026-11-20/a.WAV' is a recording, "
                + "not a column name"), text)
            XCTAssertTrue(text.hasSuffix("put a line 'path' first (e.g. (echo path; find /recordings -name '*.wav') | callqa score --manifest -)"), text)
        }
    }

    /// A recording for the tests below, and the manifest's folder.
    private func folderWithRecording(_ name: String = "x.wav") throws -> TemporaryDirectory {
        try folderWithRecordings([name])
    }

    /// A folder holding a 0.1 s silent 8 kHz recording under each of `names`.
    private func folderWithRecordings(_ names: [String]) throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        for name in names {
            try WAVWriter.write(channels: [[Float](repeating: 0, count: 800)], sampleRate: 8000, to: dir.file(name))
        }
        return dir
    }

    func testTheSameRecordingUnderAnotherSpellingIsADuplicateRow() throws {
        let dir = try folderWithRecording()
        try FileManager.default.createDirectory(at: dir.file("m"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.file("link.wav").path, withDestinationPath: dir.file("x.wav").path)
        let manifest = dir.file("calls.csv")
        try "path,call_id\nx.wav,A\n./x.wav,B\nm/../x.wav,C\n\(dir.file("x.wav").path),D\nlink.wav,E\n"
            .write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.compactMap(\.job).map(\.metadata["call_id"]), ["A"])
        XCTAssertEqual(rows.dropFirst().map(\.problemCode), Array(repeating: "manifest.duplicate_row", count: 4))
        XCTAssertEqual(rows.dropFirst().map(\.line), [3, 4, 5, 6])
        XCTAssertEqual(rows[4].problem, "\(manifest.path):6: 'link.wav' is listed again (first on line 2)")
    }

    func testNamesInTwoUnicodeFormsAreTwoRecordings() throws {
        let nfc = "caf\u{00E9}.wav", nfd = "cafe\u{0301}.wav"
        let dir = try folderWithRecording(nfc)
        try WAVWriter.write(channels: [[Float](repeating: 0, count: 1600)], sampleRate: 8000, to: dir.file(nfd))
        let manifest = dir.file("calls.csv")
        try "path,call_id\n\(nfc),NFC\n\(nfd),NFD\n".write(to: manifest, atomically: true, encoding: .utf8)
        let jobs = try Manifest.read(path: manifest.path).compactMap(\.job)
        XCTAssertEqual(jobs.map(\.metadata["call_id"]), ["NFC", "NFD"])
        XCTAssertEqual(jobs.map { Array(PathName.lastComponent($0.path).utf8) }, [Array(nfc.utf8), Array(nfd.utf8)])
    }

    /// Excel in Italian, Spanish, French or German locales saves "CSV" with semicolons; some
    /// platforms export tabs. The separator is the one that gives the header its path column.
    func testSemicolonAndTabSeparatedManifests() throws {
        let dir = try folderWithRecording()
        for (name, text) in [
            ("semicolon.csv", "\u{FEFF}path;call_id;agent_name\r\nx.wav;IT-1;\"Rossi; Marco\"\r\n"),
            ("tab.tsv", "path\tcall_id\tagent_name\nx.wav\tIT-1\tRossi; Marco\n"),
            ("comma.csv", "path,call_id,agent_name\nx.wav,IT-1,Rossi; Marco\n"),
        ] {
            let manifest = dir.file(name)
            try text.write(to: manifest, atomically: true, encoding: .utf8)
            let rows = try Manifest.read(path: manifest.path)
            XCTAssertEqual(rows.count, 1, name)
            XCTAssertEqual(rows.first?.job?.metadata["call_id"], "IT-1", name)
            XCTAssertEqual(rows.first?.job?.metadata["agent_name"], "Rossi; Marco", name)
        }
        let manifest = dir.file("neither.csv")
        try "file;call_id\nx.wav;IT-1\n".write(to: manifest, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Manifest.read(path: manifest.path)) { error in
            XCTAssertEqual(error as? ManifestError, .missingPathColumn(path: manifest.path, found: ["file", "call_id"]))
        }
    }

    func testJSONLinesWithCRLFAndMixedLineEndings() throws {
        let dir = try folderWithRecordings(["x.wav", "y.wav"])
        let manifest = dir.file("m.jsonl")
        let text = "{\"path\": \"x.wav\", \"call_id\": \"A\"}\r\n\r\n{\"path\": \"gone.wav\"}\n{\"path\": \"y.wav\", \"call_id\": \"B\"}\r{\"path\": \"x.wav\"}\r\n"
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.line), [1, 3, 4, 5])
        XCTAssertEqual(rows.map(\.job?.metadata["call_id"]), ["A", nil, "B", nil])
        XCTAssertEqual(rows.map(\.problemCode), [nil, "manifest.missing_file", nil, "manifest.duplicate_row"])
    }

    /// A JSON Lines row that gives a key twice is a bad row naming the line and the key (JSON
    /// kept the last value silently: `{"path": "x.wav", "path": "y.wav"}` scored y.wav); keys are
    /// compared without case, as columns are, and after their escapes; keys inside a nested value
    /// or a string are no keys of the row. The other rows run.
    func testAJSONLinesKeyGivenTwiceIsABadRow() throws {
        let dir = try folderWithRecordings(["x.wav", "y.wav"])
        let manifest = dir.file("m.jsonl")
        try #"""
            {"path": "x.wav", "path": "y.wav", "call_id": "A"}
            {"path": "y.wav", "Call_ID": "B", "call_id": "C"}
            {"path": "x.wav", "p\u0061th" : "y.wav"}
            {"path": "y.wav", "note": {"k": 1, "path": 2}, "k": "v"}
            {"path": "x.wav", "note": "a \"path\": b", "call_id": "D"}
            """#.write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.line), [1, 2, 3, 4, 5])
        XCTAssertEqual(rows.map(\.problemCode), ["manifest.bad_value", "manifest.bad_value", "manifest.bad_value", nil, nil])
        XCTAssertEqual(
            rows[0].problem,
            "\(manifest.path):1: the row gives the key 'path' twice; JSON keeps only one of its values: give each key once")
        XCTAssertEqual(
            rows[1].problem,
            "\(manifest.path):2: the row gives the key 'call_id' twice ('Call_ID' and 'call_id': keys are compared without case, spaces and hyphens as _); "
                + "JSON keeps only one of its values: give each key once")
        XCTAssertTrue(rows[2].problem?.hasPrefix("\(manifest.path):3: the row gives the key 'path' twice") == true, rows[2].problem ?? "")
        XCTAssertEqual(rows[3].job?.metadata["k"], "v")
        XCTAssertEqual(rows[4].job?.metadata["call_id"], "D")
        XCTAssertEqual(rows[4].job?.path, dir.file("x.wav").path)
    }

    /// A CSV header that names a column twice is refused, naming the column and both positions;
    /// unnamed columns (trailing separators) may repeat.
    func testACSVColumnNamedTwiceIsAUsageError() throws {
        let dir = try folderWithRecording()
        let manifest = dir.file("m.csv")
        try "path,call_id,Path\nx.wav,A,y.wav\n".write(to: manifest, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Manifest.read(path: manifest.path)) { error in
            XCTAssertEqual(
                (error as? ManifestError)?.errorDescription,
                "\(manifest.path):1: the header names the column 'path' twice (columns 1 and 3; names are compared without "
                    + "case, a space or hyphen read as _): each row would keep only one of its values; rename or remove one")
        }
        try "path,call_id,,\nx.wav,A,,\n".write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.problemCode), [nil])
        XCTAssertEqual(rows.first?.job?.metadata["call_id"], "A")
    }

    /// Platforms export headers such as `Call ID` and `Agent-ID`: they are the call_id and
    /// agent_id that scorecards group by and calibration matches (they were kept as `call id` and
    /// `agent-id`, read by nothing, silently).
    func testSpacedAndHyphenatedHeadersAreTheNamedFields() throws {
        let dir = try folderWithRecording()
        let manifest = dir.file("m.csv")
        try "Path, Call ID ,Agent-ID,Agent  Name\nx.wav,C1,A7,Ann\n".write(to: manifest, atomically: true, encoding: .utf8)
        let metadata = try XCTUnwrap(try Manifest.read(path: manifest.path).first?.job?.metadata)
        XCTAssertEqual(metadata, ["call_id": "C1", "agent_id": "A7", "agent_name": "Ann", "manifest_line": "2"])
    }

    /// A metadata column a letter away from a field checklists and scorecards read (`agnet_name`,
    /// `callid`) is named with the field meant, for the run's warning; columns of one's own
    /// (`site`, `year`) and the named fields are not.
    func testMisspeltMetadataColumnsAreNamedWithTheFieldMeant() throws {
        let dir = try folderWithRecording()
        let manifest = dir.file("m.csv")
        try "path,agnet_name,callid,agent_id,site,year\nx.wav,Ann,C1,A7,Rome,2026\n".write(to: manifest, atomically: true, encoding: .utf8)
        let found = Manifest.misspelledColumns(in: try Manifest.read(path: manifest.path))
        XCTAssertEqual(found.map(\.column), ["agnet_name", "callid"])
        XCTAssertEqual(found.map(\.meant), ["agent_name", "call_id"])
    }

    /// A CSV manifest saved by Excel in Windows-1252 (an accented agent name) is refused (status
    /// 2) at the line and column of the first such byte, with what it reads and the remedy (it
    /// read "cannot read the manifest: not UTF-8 text").
    func testALatin1ManifestIsRefusedAtItsFirstBadByteWithAHint() throws {
        let dir = try folderWithRecording()
        let manifest = dir.file("m.csv")
        try Data("path,call_id,agent_name\nx.wav,C1,Niccol".utf8 + [0xF2] + " Bianchi\n".utf8).write(to: manifest)
        XCTAssertThrowsError(try Manifest.read(path: manifest.path)) { error in
            XCTAssertEqual(
                error.localizedDescription,
                "\(manifest.path):2:16: the manifest is not valid UTF-8 text: byte 0xF2 ('ò' in Windows-1252 or Latin-1, as older "
                    + "Windows editors and spreadsheets save it) at byte offset 39; save it as UTF-8 (in Excel: Save As, CSV UTF-8)")
        }
    }

    /// JSON's true and false are kept as "true" and "false" (they read "1" and "0"); numbers as
    /// written.
    func testJSONLinesBooleansAndNumbersKeepTheirMeaning() throws {
        let dir = try folderWithRecording()
        let manifest = dir.file("m.jsonl")
        try "{\"path\": \"x.wav\", \"vip\": true, \"escalated\": false, \"queue\": 1, \"score\": 2.5}\n"
            .write(to: manifest, atomically: true, encoding: .utf8)
        let metadata = try XCTUnwrap(try Manifest.read(path: manifest.path).first?.job?.metadata)
        XCTAssertEqual(metadata["vip"], "true")
        XCTAssertEqual(metadata["escalated"], "false")
        XCTAssertEqual(metadata["queue"], "1")
        XCTAssertEqual(metadata["score"], "2.5")
    }

    /// A list or an object is kept as its JSON text, as documented (it read as Swift's
    /// `["x": 1]`); keys are read as CSV headers are (`Call ID`, `Agent-ID`: `call_id`,
    /// `agent_id`; they were kept as "call id" and "agent-id", which nothing reads), and two
    /// spellings of one key are a bad row.
    func testJSONLinesListsObjectsAndSpacedKeys() throws {
        let dir = try folderWithRecording()
        let manifest = dir.file("m.jsonl")
        try #"""
            {"path": "x.wav", "tags": ["vip", "callback"], "crm": {"b": 2, "a": "x/y"}, "Call ID": "C1", "Agent-ID": "A7"}
            {"path": "x.wav", "call id": "C2", "call_id": "C3"}
            """#.write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        let metadata = try XCTUnwrap(rows.first?.job?.metadata)
        XCTAssertEqual(metadata["tags"], #"["vip","callback"]"#)
        XCTAssertEqual(metadata["crm"], #"{"a":"x/y","b":2}"#)
        XCTAssertEqual(metadata["call_id"], "C1")
        XCTAssertEqual(metadata["agent_id"], "A7")
        XCTAssertEqual(rows[1].problemCode, "manifest.bad_value")
        XCTAssertTrue(rows[1].problem?.contains("gives the key 'call_id' twice") == true, rows[1].problem ?? "")
    }

    func testJSONLinesNamedJSONIsReadAsJSONLines() throws {
        let dir = try folderWithRecording()
        let manifest = dir.file("calls.json")
        try "\n  {\"path\": \"x.wav\", \"call_id\": \"A\", \"agent_id\": 7}\r\n".write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.line), [2])
        XCTAssertEqual(rows.first?.job?.metadata["agent_id"], "7")
        let array = dir.file("array.json")
        try "[{\"path\": \"x.wav\"}]".write(to: array, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Manifest.read(path: array.path)) { error in
            XCTAssertTrue(error.localizedDescription.contains("one JSON object per line"), error.localizedDescription)
        }
    }

    /// Excel writes a row of empty cells as `,,,`: a blank line, not a bad row.
    func testRowsOfEmptyFieldsAreBlankLines() throws {
        let dir = try folderWithRecording()
        let manifest = dir.file("m.csv")
        try "path,call_id,agent_id\n,,\nx.wav,A,7\n , ,\n,,,\n\ngone.wav,B,8\n,,\n".write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.line), [3, 7])
        XCTAssertEqual(rows.map(\.problemCode), [nil, "manifest.missing_file"])
        let jsonl = dir.file("m.jsonl")
        try "{\"call_id\": null}\n{}\n{\"path\": \"x.wav\"}\n".write(to: jsonl, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Manifest.read(path: jsonl.path).map(\.line), [3])
    }

    /// A JSON Lines row whose path is null or empty is a row without a recording, named by its
    /// line, and the other rows are read: every row `{"path": null}` made the manifest one
    /// "without a 'path' column", and such rows beside good ones vanished as blank lines.
    func testAJSONLinesRowWithANullPathIsNamed() throws {
        let dir = try folderWithRecording()
        let jsonl = dir.file("m.jsonl")
        try "{\"path\": null}\n{\"path\": \"\", \"call_id\": null}\n{\"path\": \"x.wav\"}\n{\"agent_path\": null, \"customer_path\": null}\n"
            .write(to: jsonl, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: jsonl.path)
        XCTAssertEqual(rows.map(\.line), [1, 2, 3, 4])
        XCTAssertEqual(rows.map(\.problemCode), ["manifest.bad_value", "manifest.bad_value", nil, "manifest.bad_value"])
        XCTAssertEqual(rows[0].problem, "\(jsonl.path):1: no recording: 'path' (or 'agent_path' and 'customer_path') is null or empty")
        try "{\"path\": null, \"call_id\": \"C1\"}\n{\"path\": null}\n".write(to: jsonl, atomically: true, encoding: .utf8)
        let allNull = try Manifest.read(path: jsonl.path)
        XCTAssertEqual(allNull.map(\.line), [1, 2])
        XCTAssertEqual(allNull.map(\.problemCode), ["manifest.bad_value", "manifest.bad_value"])
        // CSV alike: an empty path beside other values is the same row problem.
        let csv = dir.file("m.csv")
        try "path,call_id\n,C1\nx.wav,C2\n".write(to: csv, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Manifest.read(path: csv.path).first?.problem,
                       "\(csv.path):2: no recording: 'path' (or 'agent_path' and 'customer_path') is empty")
    }

    /// A platform's export of a day without calls may be 0 bytes or blank lines: no rows, as a
    /// header alone (the run then writes a report without calls and exits 0); it was "not valid
    /// CSV: cannotReadHeaderRow", a usage error. A folder named as the manifest says so.
    func testAnEmptyManifestHasNoRows() throws {
        let dir = try TemporaryDirectory()
        for (name, text) in [("zero.csv", ""), ("blank.csv", "\n\r\n  \n"), ("header.csv", "path,call_id\n"), ("zero.jsonl", "")] {
            try text.write(to: dir.file(name), atomically: true, encoding: .utf8)
            XCTAssertEqual(try Manifest.read(path: dir.file(name).path), [], name)
        }
        XCTAssertThrowsError(try Manifest.read(path: dir.url.path)) { error in
            XCTAssertEqual(error as? ManifestError, .unreadable(path: dir.url.path, reason: "a folder, not a file; name a file in it"))
        }
    }

    /// Paths written relative to the current folder, not the manifest's (the manifest kept in a
    /// subfolder): the message says where the file was looked for and that it is elsewhere.
    func testAPathRelativeToTheCurrentFolderIsNamedAsSuch() throws {
        let dir = try folderWithRecording("call.wav")
        try FileManager.default.createDirectory(at: dir.file("manifests"), withIntermediateDirectories: true)
        try "path\ncall.wav\n".write(to: dir.file("manifests/m.csv"), atomically: true, encoding: .utf8)
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(dir.url.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        let rows = try Manifest.read(path: "manifests/m.csv")
        XCTAssertEqual(rows.first?.problemCode, "manifest.missing_file")
        XCTAssertEqual(rows.first?.problem, "manifests/m.csv:2: recording 'call.wav' not found at 'manifests/call.wav': paths in a manifest "
            + "are relative to the manifest's folder, and 'call.wav' is in the current folder; write the paths from the manifest's folder, or absolute")
    }

    /// Paths exported by a platform on Windows (backslashes, a drive letter) are named as such,
    /// with how to write them and whether the file is there written with '/' (each row read
    /// "not found", with no hint why).
    func testAWindowsPathIsNamedAsSuch() throws {
        let dir = try folderWithRecording("call.wav")
        try FileManager.default.createDirectory(at: dir.file("rec/2026"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: dir.file("call.wav"), to: dir.file("rec/2026/call.wav"))
        let manifest = dir.file("m.csv")
        try "path\nrec\\2026\\call.wav\n.\\rec\\gone.wav\nC:\\Recordings\\call.wav\n".write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.problemCode), Array(repeating: "manifest.missing_file", count: 3))
        XCTAssertEqual(rows.map(\.problem), [
            "\(manifest.path):2: recording 'rec\\2026\\call.wav' not found: it is written with '\\' between folders, as on Windows; "
                + "write '/' ('rec/2026/call.wav' is there)",
            "\(manifest.path):3: recording '.\\rec\\gone.wav' not found: it is written with '\\' between folders, as on Windows; write '/'",
            "\(manifest.path):4: recording 'C:\\Recordings\\call.wav' not found: it is a Windows path (drive C:); write the paths as the "
                + "recordings' folder is named on this machine, with '/' between folders",
        ])
    }

    /// Platforms export links to recordings (`file:///...`, `https://...`), and a path from the
    /// home folder (`~/...`) is expanded only by a shell: each was "not found" with no hint why.
    func testAURLOrAHomeFolderPathIsNamedAsSuch() throws {
        let dir = try folderWithRecording("call.wav")
        let manifest = dir.file("m.csv")
        let local = dir.file("call.wav").path
        try "path\nfile://\(local)\nHTTPS://rec.example.com/c.wav\n~/callqa-no-such-folder/c.wav\n".write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.problemCode), Array(repeating: "manifest.missing_file", count: 3))
        XCTAssertEqual(rows.map(\.problem), [
            "\(manifest.path):2: recording 'file://\(local)' not found: it is a file:// URL; write the recording's path ('\(local)' is there)",
            "\(manifest.path):3: recording 'HTTPS://rec.example.com/c.wav' not found: it is a https URL; callqa reads recordings from "
                + "this machine's files: download them and write their paths",
            "\(manifest.path):4: recording '~/callqa-no-such-folder/c.wav' not found: a manifest's paths are not read by a shell, so "
                + "'~' is not your home folder; write the full path",
        ])
        XCTAssertEqual(rows[0].recordings.last, local, "the spelling it names, for --redact source")
    }

    /// A name whose accented letters are encoded otherwise than the file's (Unicode NFD against
    /// NFC) looks the same: the message says that is why it was not found ("recording
    /// 'llamada_Muñoz.wav' not found" named what looked like the file that was there).
    func testANameInTheOtherUnicodeFormIsNamedAsSuch() throws {
        let nfc = "llamada_Mu\u{F1}oz.wav", nfd = "llamada_Mun\u{303}oz.wav"
        let dir = try folderWithRecording(nfc)
        let manifest = dir.file("m.csv")
        try Data("path\n\(nfd)\n".utf8).write(to: manifest)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.problemCode), ["manifest.missing_file"])
        XCTAssertEqual(rows.first?.problem.map { Array($0.utf8) }, Array((
            "\(manifest.path):2: recording '\(nfd)' not found: a file whose name looks the same is there, with its accented letters encoded "
                + "otherwise (Unicode NFC; the manifest writes NFD); names are compared byte for byte: write them as the files have them, "
                + "or rename the files").utf8))
        XCTAssertEqual(rows.first?.recordings.map { Array($0.utf8) }.last, Array(nfc.utf8), "named for --redact source")
    }

    /// A two-leg row whose legs are one file (under any spelling) is a bad row: the recording was
    /// scored as both parties, talking over each other throughout.
    func testLegsThatAreOneFileAreABadRow() throws {
        let dir = try folderWithRecording()
        try FileManager.default.createSymbolicLink(atPath: dir.file("link.wav").path, withDestinationPath: dir.file("x.wav").path)
        let manifest = dir.file("m.csv")
        try "agent_path,customer_path\nx.wav,x.wav\nx.wav,link.wav\n".write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.problemCode), ["manifest.bad_value", "manifest.bad_value"])
        XCTAssertEqual(rows[0].problem, "\(manifest.path):2: 'agent_path' and 'customer_path' name the same file ('x.wav'); give each party's leg file")
        XCTAssertEqual(rows[1].problem, "\(manifest.path):3: 'agent_path' and 'customer_path' name the same file ('x.wav' and 'link.wav'); give each party's leg file")
    }

    /// agent_channel on a row of two leg files (whose columns name the parties) is ignored with a
    /// warning on the call naming the line; it was ignored silently.
    func testAgentChannelOnLegFilesIsWarnedAbout() throws {
        let dir = try folderWithRecordings(["x.wav", "y.wav", "z.wav"])
        let manifest = dir.file("m.csv")
        try "agent_path,customer_path,agent_channel\nx.wav,y.wav,1\nx.wav,z.wav,\n".write(to: manifest, atomically: true, encoding: .utf8)
        let jobs = try Manifest.read(path: manifest.path).compactMap(\.job)
        XCTAssertEqual(jobs.map(\.warnings), [
            ["\(manifest.path):2: agent_channel '1' does not apply to two leg files and was ignored: agent_path is the agent's leg and "
                + "customer_path the customer's (swap the columns if the platform swapped them)"],
            [],
        ])
    }

    /// A manifest row's agent_channel on a mono recording is ignored with a warning on the call
    /// naming the line and the channel asked for (it was ignored silently); a stereo recording
    /// takes it, and --agent-channel, the batch's default for its stereo files, warns of nothing.
    func testAgentChannelOnAMonoRecordingIsWarnedAbout() throws {
        let dir = try TemporaryDirectory()
        let voice = Signals.speechLike(rmsDBFS: -25, seconds: 1, sampleRate: 8000, f0Hz: 200, seed: 1)
        try WAVWriter.write(channels: [voice], sampleRate: 8000, to: dir.file("mono.wav"))
        try WAVWriter.write(channels: [voice], sampleRate: 8000, to: dir.file("mono2.wav"))
        try WAVWriter.write(channels: [voice, [Float](repeating: 0, count: voice.count)], sampleRate: 8000, to: dir.file("stereo.wav"))
        let manifest = dir.file("m.csv")
        try "path,agent_channel\nmono.wav,right\nstereo.wav,1\nmono2.wav,\n".write(to: manifest, atomically: true, encoding: .utf8)
        let jobs = try Manifest.read(path: manifest.path, defaultLayout: .agentRight).compactMap(\.job)
        let calls = jobs.map { ScoreRunner.scoreCall($0, checklists: [], mode: .all, configuration: .init()) }
        XCTAssertEqual(calls.map(\.status), [.ok, .ok, .ok])
        let warning = "\(manifest.path):2: the manifest asks for the agent on channel 1 (agent_channel 'right'), but the recording is "
            + "mono (one mixed channel), so it was ignored: per-party metrics (talk ratio, overlap, interruptions, first agent "
            + "speech) are not measured"
        XCTAssertEqual(calls[0].warnings.first, warning, "\(calls[0].warnings)")
        XCTAssertFalse(calls[1].warnings.contains { $0.contains("agent_channel") }, "stereo: \(calls[1].warnings)")
        XCTAssertEqual(calls[1].channels.first { $0.role == .agent }?.index, 1)
        XCTAssertFalse(calls[2].warnings.contains { $0.contains("agent_channel") }, "the --agent-channel default: \(calls[2].warnings)")
        let option = ScoreRunner.scoreCall(
            CallJob(path: dir.file("mono.wav").path, layout: .agentRight), checklists: [], mode: .all, configuration: .init())
        XCTAssertFalse(option.warnings.contains { $0.contains("agent_channel") }, "\(option.warnings)")
    }

    /// A call_id that several rows give to different recordings is named with its lines (the run
    /// warns: calibrate cannot tell such calls apart).
    func testACallIDGivenToTwoRecordingsIsNamed() throws {
        let dir = try folderWithRecordings(["x.wav", "y.wav", "z.wav"])
        let manifest = dir.file("m.csv")
        try "path,call_id\nx.wav,C1\ny.wav,C2\nz.wav,C1\n".write(to: manifest, atomically: true, encoding: .utf8)
        let repeated = Manifest.repeatedCallIDs(in: try Manifest.read(path: manifest.path))
        XCTAssertEqual(repeated.map(\.callID), ["C1"])
        XCTAssertEqual(repeated.map(\.lines), [[2, 4]])
    }

    /// A leg pair listed again with its legs swapped (one row per leg, as call records list
    /// them) is a duplicate row naming the first; it was a second call with the parties swapped.
    func testALegPairListedAgainSwappedIsADuplicateRow() throws {
        let dir = try folderWithRecordings(["x.wav", "y.wav"])
        let manifest = dir.file("m.csv")
        try "agent_path,customer_path\nx.wav,y.wav\ny.wav,./x.wav\n".write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.problemCode), [nil, "manifest.duplicate_row"])
        XCTAssertEqual(rows[1].problem, "\(manifest.path):3: 'y.wav' + './x.wav' are the legs of line 2 with agent and customer swapped: "
            + "the same call; keep the row whose agent_path is the agent's leg")
    }

    /// A quoted field holding a CRLF line break: the next row starts one line further down.
    func testLineNumbersAfterAQuotedLineBreakInACRLFFile() throws {
        let dir = try folderWithRecording("call.wav")
        let manifest = dir.file("m.csv")
        try "path,call_id,note\r\ncall.wav,C1,\"a\r\nb\"\r\nnothere.wav,C2,x\r\n\"multi\rline.wav\",C3,\"\r\n\r\n\"\r\nlast.wav,C4,x\r\n"
            .write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.line), [2, 4, 5, 9])
        XCTAssertEqual(rows[0].job?.metadata["note"], "a\r\nb")
        XCTAssertEqual(rows[1].problem, "\(manifest.path):4: recording 'nothere.wav' not found")
        XCTAssertEqual(rows[3].problem, "\(manifest.path):9: recording 'last.wav' not found")
    }

    /// A quote left open (a stray '"' in a name) made the CSV reader read every later row into
    /// one field: the rows before it were scored, the rest of the day's calls were gone, exit 0.
    /// So did a closing quote followed by more text, up to the next quote. Both are named now.
    func testAQuoteThatRunsPastItsRowIsAUsageErrorAtItsLine() throws {
        let dir = try folderWithRecording("call.wav")
        let manifest = dir.file("m.csv")
        let cases: [(text: String, line: Int, says: String)] = [
            ("path,call_id\ncall.wav,C1\nb.wav,\"C2\nc.wav,C3\nd.wav,C4\n", 3, "never closed"),
            ("path,call_id\r\n\"a\r\nb.wav\",C1\r\ncall.wav,\"C2\r\n", 4, "never closed"),
            ("path;agent_name\ncall.wav;\"Rossi; Marco\" jr\nb.wav;\"x\"\n", 2, "goes on after its closing '\"' (at 'j')"),
        ]
        for (text, line, says) in cases {
            try text.write(to: manifest, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try Manifest.read(path: manifest.path), text) { error in
                guard case .malformed(_, let at, let reason)? = error as? ManifestError else { return XCTFail("\(error)") }
                XCTAssertEqual(at, line, text)
                XCTAssertTrue(reason.contains(says), reason)
                XCTAssertTrue(error.localizedDescription.hasPrefix("\(manifest.path):\(line): "), error.localizedDescription)
            }
        }
        // Quotes that close where their field ends are read as before: escaped quotes, blanks
        // after a closing quote, a quote inside an unquoted field, a quoted line break.
        try "path,note\n\"call.wav\" ,\"say \"\"hi\"\"\"\nx.wav,C\"2\"\ny.wav,\"a\nb\"\n".write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.line), [2, 3, 4])
        XCTAssertEqual(rows[0].job?.metadata["note"], "say \"hi\"")
    }

    /// Human evaluations are CSV read as manifests are: a stray quote lost every later
    /// evaluation behind one "is not pass/fail" warning, and calibrate exited 0.
    func testHumanEvaluationsWithAStrayQuoteOrTheHeaderRepeated() throws {
        let dir = try TemporaryDirectory()
        let human = dir.file("human.csv")
        try "call_id,item,human\nC1,greeting,pass\nC2,\"greeting,pass\nC3,greeting,fail\n".write(to: human, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CalibrateCommandRunner.readEvaluations(human.path)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(human.path):3: the quoted field that starts on this line is never closed"), "\(error)")
        }
        try "call_id,item,human\nC1,greeting,pass\n\"C2\",\"greeting\" ,fail\n".write(to: human, atomically: true, encoding: .utf8)
        XCTAssertEqual(try CalibrateCommandRunner.readEvaluations(human.path).0.map(\.callID), ["C1", "C2"])
        // The header again (two files joined with `cat`) is no evaluation, and no problem.
        try "call_id,item,human\nC1,greeting,pass\nCall ID,Item,Human\nC2,greeting,fail\n".write(to: human, atomically: true, encoding: .utf8)
        let (evaluations, problems) = try CalibrateCommandRunner.readEvaluations(human.path)
        XCTAssertEqual(evaluations.map(\.line), [2, 4])
        XCTAssertEqual(problems.map(\.message), [])
    }

    /// Two exports joined with `cat` repeat the header: that row is no call (it failed as
    /// "recording 'path' not found", exit 1). Line numbers still count it.
    func testARepeatedHeaderRowIsNoCall() throws {
        let dir = try folderWithRecording("call.wav")
        let manifest = dir.file("m.csv")
        try "path,Call ID\ncall.wav,C1\nPath,call_id\nmissing.wav,C2\npath,C3\n".write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows.map(\.line), [2, 4, 5])
        XCTAssertEqual(rows.map(\.problemCode), [nil, "manifest.missing_file", "manifest.missing_file"], "only the whole header is skipped")
    }

    func testJSONLinesManifest() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.write(channels: [[Float](repeating: 0, count: 800)], sampleRate: 8000, to: dir.file("a.wav"))
        let manifest = dir.file("m.jsonl")
        try "{\"path\": \"a.wav\", \"agent_id\": 7, \"direction\": \"inbound\"}\nnot json\n".write(to: manifest, atomically: true, encoding: .utf8)
        let rows = try Manifest.read(path: manifest.path)
        XCTAssertEqual(rows[0].job?.metadata["agent_id"], "7")
        XCTAssertEqual(rows[1].problem, "\(manifest.path):2: the row is not a JSON object")
    }

    func testNamePatternExtractsMetadata() throws {
        let pattern = try NamePattern("{date}_{agent_id}_{call_id}.wav")
        XCTAssertEqual(pattern.metadata(for: "/x/2026-11-20_A17_C-99.wav"), ["date": "2026-11-20", "agent_id": "A17", "call_id": "C-99"])
        XCTAssertNil(pattern.metadata(for: "/x/other.flac"))
        // The extension matches in any case; the rest of the pattern as written.
        XCTAssertEqual(pattern.metadata(for: "/x/2026-11-20_A17_C-99.WAV"), ["date": "2026-11-20", "agent_id": "A17", "call_id": "C-99"])
        XCTAssertEqual(pattern.metadata(for: "2026-11-20_A17_C-99.Wav")?["call_id"], "C-99")
        XCTAssertNil(pattern.metadata(for: "/x/2026-11-20_A17_C-99.wav.bak"))
        let prefixed = try NamePattern("call-{call_id}.wav")
        XCTAssertEqual(prefixed.metadata(for: "call-7.WAV"), ["call_id": "7"])
        XCTAssertNil(prefixed.metadata(for: "CALL-7.wav"), "only the extension ignores case")
        XCTAssertThrowsError(try NamePattern("call.wav")) { XCTAssertEqual($0 as? NamePatternError, .noField(pattern: "call.wav")) }
        XCTAssertThrowsError(try NamePattern("{a}_{a}.wav")) { XCTAssertEqual($0 as? NamePatternError, .repeatedField(pattern: "{a}_{a}.wav", field: "a")) }
        XCTAssertThrowsError(try NamePattern("{date.wav")) { XCTAssertEqual($0 as? NamePatternError, .unclosedBrace(pattern: "{date.wav")) }
        // A misspelt field the scorecards read would be kept under its misspelling: every call "(no agent)".
        for (pattern, meant) in [("{date}_{agnet_id}_{call_id}.wav", "agent_id"), ("{callid}.wav", "call_id"), ("{teams}-{x}.wav", "team")] {
            XCTAssertThrowsError(try NamePattern(pattern), pattern) {
                XCTAssertTrue($0.localizedDescription.contains("did you mean {\(meant)}?"), $0.localizedDescription)
            }
        }
        // Fields of the site's own are kept, also short ones near a named field.
        XCTAssertNoThrow(try NamePattern("{year}-{date}_{site}_{agent}_{line}.wav"))
        // Two fields with nothing between them: the first read one character (agent_id "2").
        XCTAssertThrowsError(try NamePattern("{date}_{agent_id}{call_id}.wav")) {
            XCTAssertEqual($0 as? NamePatternError, .adjacentFields(pattern: "{date}_{agent_id}{call_id}.wav", first: "agent_id", second: "call_id"))
        }
        // A pattern without an extension: names with any extension match and no field takes it
        // in (the call_id read "C-99.wav").
        let bare = try NamePattern("{date}_{agent_id}_{call_id}")
        XCTAssertEqual(bare.metadata(for: "/x/2026-11-20_A17_C-99.wav"), ["date": "2026-11-20", "agent_id": "A17", "call_id": "C-99"])
        XCTAssertEqual(bare.metadata(for: "2026-11-20_A17_C-99.v2.flac")?["call_id"], "C-99.v2")
        XCTAssertEqual(bare.metadata(for: "2026-11-20_A17_C-99")?["call_id"], "C-99")
        XCTAssertEqual(try NamePattern("{agent_id}_rec").metadata(for: "A17_rec.mp3"), ["agent_id": "A17"])
        // A last field left empty did not take the extension in (it read call_id ".wav").
        XCTAssertNil(bare.metadata(for: "/x/2026_A1_.wav"))
        XCTAssertNil(bare.metadata(for: "2026_A1_.WAV"))
        XCTAssertEqual(try NamePattern("{agent_id}.{call_id}").metadata(for: "A1.C2.wav"), ["agent_id": "A1", "call_id": "C2"])
        XCTAssertEqual(try NamePattern("{agent_id}.{call_id}").metadata(for: "A1.C2."), ["agent_id": "A1", "call_id": "C2."])
    }

    /// Two 8 kHz mono legs over line noise: the agent speaks 2 s from 0.5 s, the customer 1.5 s
    /// from 3 s.
    private func twoLegs(agentSeconds: Double, customerSeconds: Double) -> (agent: [Float], customer: [Float]) {
        let rate = 8000.0
        var agent = Signals.whiteNoise(rmsDBFS: -70, seconds: agentSeconds, sampleRate: rate, seed: 1)
        Signals.mix(Signals.speechLike(rmsDBFS: -22, seconds: 2, sampleRate: rate, seed: 2), into: &agent, atSeconds: 0.5, sampleRate: rate)
        var customer = Signals.whiteNoise(rmsDBFS: -70, seconds: customerSeconds, sampleRate: rate, seed: 3)
        Signals.mix(Signals.speechLike(rmsDBFS: -25, seconds: 1.5, sampleRate: rate, f0Hz: 220, seed: 4), into: &customer, atSeconds: 3, sampleRate: rate)
        return (agent, customer)
    }

    func testTwoLegCallIsAnalysedAsStereo() throws {
        let dir = try TemporaryDirectory()
        let rate = 8000.0
        let (agent, customer) = twoLegs(agentSeconds: 6, customerSeconds: 5)
        try WAVWriter.write(channels: [agent], sampleRate: 8000, to: dir.file("a.wav"))
        try WAVWriter.write(channels: [customer], sampleRate: 8000, to: dir.file("c.wav"))
        let job = CallJob(path: dir.file("a.wav").path, customerLegPath: dir.file("c.wav").path)
        let report = ScoreRunner.scoreCall(job, checklists: [], mode: .all, configuration: .init())
        XCTAssertEqual(report.status, .ok, "\(String(describing: report.error))")
        XCTAssertEqual(report.audio?.durationSeconds, 6, "the shorter leg is padded")
        XCTAssertEqual(report.channels.map(\.role), [.agent, .customer])
        XCTAssertEqual(report.channels[1].talkSeconds, 1.5, accuracy: 0.3)
        XCTAssertEqual(report.conversation?.firstAgentSpeechSeconds ?? 0, 0.5, accuracy: 0.05)
        XCTAssertFalse(report.warnings.contains { $0.contains("leg lasts") }, "1 s apart: \(report.warnings)")
        // Legs 9 s apart in length may not have started together: the call says so.
        try WAVWriter.write(channels: [agent + Signals.whiteNoise(rmsDBFS: -70, seconds: 9, sampleRate: rate, seed: 5)], sampleRate: 8000, to: dir.file("long.wav"))
        let uneven = ScoreRunner.scoreCall(
            CallJob(path: dir.file("long.wav").path, customerLegPath: dir.file("c.wav").path), checklists: [], mode: .all, configuration: .init())
        XCTAssertEqual(uneven.status, .ok)
        XCTAssertTrue(uneven.warnings.contains {
            $0.hasPrefix("the agent leg lasts 15.0 s and the customer leg 5.0 s: the shorter one was padded with silence")
        }, "\(uneven.warnings)")
    }

    /// A leg file cut short is named in the call's warnings, and legs are compared by the
    /// lengths decoded: a cut leg was padded with silence without a word (both headers declared
    /// the same length, so neither warning was given).
    func testALegCutShortIsNamedAndTheLegsAreComparedAsDecoded() throws {
        let dir = try TemporaryDirectory()
        let (agent, customer) = twoLegs(agentSeconds: 10, customerSeconds: 10)
        let whole = WAVWriter.data(channels: [agent], sampleRate: 8000)
        try whole.prefix(44 + 2 * 4000 * 8).write(to: dir.file("a.wav"))  // the first 4 s of 10
        try WAVWriter.write(channels: [customer], sampleRate: 8000, to: dir.file("c.wav"))
        let report = ScoreRunner.scoreCall(
            CallJob(path: dir.file("a.wav").path, customerLegPath: dir.file("c.wav").path), checklists: [], mode: .all, configuration: .init())
        XCTAssertEqual(report.status, .ok, "\(String(describing: report.error))")
        XCTAssertEqual(report.audio?.durationSeconds, 10)
        XCTAssertEqual(report.warnings.prefix(2), [
            "the agent leg (\(dir.file("a.wav").path)): the header declares 10.0 s of audio but only 4.0 s could be decoded (a file cut short, or damaged at that point)",
            "the agent leg lasts 4.0 s and the customer leg 10.0 s: the shorter one was padded with silence at its end; if the legs did not "
                + "start together, turns, overlaps and interruptions between the parties are misplaced",
        ])
    }

    /// A file whose name does not match `--name-pattern` gets a warning on its call instead of
    /// silently getting no metadata; manifest columns still win over fields from the name.
    func testFileNamesThatDoNotMatchThePatternGetAWarning() throws {
        let pattern = try NamePattern("{date}_{agent_id}_{call_id}.wav")
        var jobs = [
            CallJob(path: "/x/2026-11-20_A17_C-99.WAV", metadata: ["agent_id": "from manifest"]),
            CallJob(path: "/x/2026-11-20-A17-C-99.wav"),
            CallJob(path: "/x/recording.mp3"),
        ]
        let unmatched = pattern.apply(to: &jobs)
        XCTAssertEqual(unmatched, ["/x/2026-11-20-A17-C-99.wav", "/x/recording.mp3"])
        XCTAssertEqual(jobs[0].metadata, ["date": "2026-11-20", "agent_id": "from manifest", "call_id": "C-99"])
        XCTAssertEqual(jobs[0].warnings, [])
        XCTAssertEqual(jobs[1].metadata, [:])
        XCTAssertEqual(jobs[1].warnings, ["the file name does not match --name-pattern '{date}_{agent_id}_{call_id}.wav': no metadata was taken from it"])
        XCTAssertEqual(jobs[2].warnings, jobs[1].warnings)
        XCTAssertEqual(
            pattern.mismatchSummary(unmatched, total: 3),
            "2 of 3 file names do not match --name-pattern '{date}_{agent_id}_{call_id}.wav', so no metadata was taken from them: '2026-11-20-A17-C-99.wav', 'recording.mp3'")

        // The warning reaches the call's report, scored or not.
        let dir = try TemporaryDirectory()
        try WAVWriter.write(channels: [Signals.speechLike(rmsDBFS: -22, seconds: 1, sampleRate: 8000, seed: 1)], sampleRate: 8000, to: dir.file("call.wav"))
        for (path, status) in [(dir.file("call.wav").path, CallStatus.ok), (dir.file("gone.wav").path, .error)] {
            let job = CallJob(path: path, warnings: jobs[1].warnings)
            let report = ScoreRunner.scoreCall(job, checklists: [], mode: .all, configuration: .init())
            XCTAssertEqual(report.status, status)
            XCTAssertEqual(report.warnings.first, jobs[1].warnings[0], "\(status)")
        }
    }
}
