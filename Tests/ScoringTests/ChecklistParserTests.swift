import Foundation
import Scoring
import XCTest

final class ChecklistParserTests: XCTestCase {
    private let valid = """
        id: demo
        name: Demo
        version: "1"
        sections:
          - id: s
            items:
              - id: greet
                metric: first_agent_speech_s
                condition: "<="
                threshold: 5s
                weight: 2
        """

    func testDefaultChecklistsValidate() throws {
        for name in ["inbound", "outbound", "switchboard"] {
            let path = TestPaths.repository + "/checklists/\(name).yaml"
            let checklist = try ChecklistParser.load(path: path)
            XCTAssertEqual(checklist.id, name)
            XCTAssertFalse(checklist.items.isEmpty, name)
            XCTAssertEqual(checklist.contentHash.count, 64, name)
        }
    }

    /// A checklist written as JSON (which YAML reads) that is broken says it is not valid JSON:
    /// its writer wrote JSON, and "not valid YAML" sent them looking for YAML.
    func testABrokenJSONChecklistIsNotValidJSON() throws {
        XCTAssertThrowsError(try ChecklistParser.parse("{\"id\": \"x\", \"name\": ", file: "qa.json")) { error in
            let messages = (error as? ChecklistError)?.diagnostics.map(\.message) ?? []
            XCTAssertEqual(messages.count, 1, "\(messages)")
            XCTAssertTrue(messages.first?.hasPrefix("not valid JSON: ") == true, "\(messages)")
        }
    }

    func testValidChecklistParses() throws {
        let checklist = try ChecklistParser.parse(valid, file: "demo.yaml")
        XCTAssertEqual(checklist.items.map(\.id), ["greet"])
        XCTAssertEqual(checklist.items[0].pass, Condition(comparison: .lessOrEqual, low: 5, high: 5))
        XCTAssertEqual(checklist.passMark, 70)
        // A pass mark written as a percentage is the score out of 100 (it read "expected a number").
        XCTAssertEqual(try ChecklistParser.parse("pass_mark: 80%\n" + valid, file: "p.yaml").passMark, 80)
        XCTAssertEqual(try ChecklistParser.parse("pass_mark: 1\n" + valid, file: "p.yaml").passMark, 1)
    }

    /// A folder (`callqa checklist validate checklists/`) is named as a folder, with what to write
    /// instead; a missing file as missing. Both read "cannot read the file (missing or unreadable)".
    /// What to write for `callqa score` is each file after its own --checklist: the
    /// `--checklist checklists/*.yaml` it said to write passed the option only the first file.
    func testAFolderOrAMissingFileIsNamedAsSuch() throws {
        let folder = TestPaths.repository + "/checklists/"
        XCTAssertThrowsError(try ChecklistParser.load(path: folder)) { error in
            XCTAssertEqual((error as? ChecklistError)?.diagnostics.map(\.description), [
                "\(folder): is a folder, not a checklist; name the checklist files in it: callqa checklist validate \(folder)*.yaml, "
                    + "and for callqa score each after its own --checklist (--checklist \(folder)inbound.yaml --checklist "
                    + "\(folder)outbound.yaml --checklist \(folder)switchboard.yaml): after --checklist, a shell glob passes only "
                    + "its first match to the option",
            ])
        }
        let missing = TestPaths.repository + "/checklists/nope.yaml"
        XCTAssertThrowsError(try ChecklistParser.load(path: missing)) { error in
            XCTAssertEqual((error as? ChecklistError)?.diagnostics.map(\.description), ["\(missing): no such file"])
        }
        // An empty file is named as empty; it read "expected a mapping with id, name, version and sections".
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("callqa-empty-\(UUID().uuidString).yaml").path
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: empty) }
        XCTAssertThrowsError(try ChecklistParser.load(path: empty)) { error in
            XCTAssertEqual((error as? ChecklistError)?.diagnostics.map(\.description),
                           ["\(empty): the file is empty (0 bytes); a checklist needs id, name, version and sections (checklists/inbound.yaml is an example)"])
        }
    }

    /// A checklist given as a pipe (a shell's `<(cat x.yaml)`, as manifests take) is read;
    /// /dev/null and a pipe with nothing in it are named as empty. All three read "cannot read
    /// the file (permission denied?)", which was not the problem.
    func testAPipeIsReadAndDevNullIsEmpty() throws {
        let text = try String(contentsOfFile: TestPaths.repository + "/checklists/inbound.yaml", encoding: .utf8)
        func pipe(_ contents: String) throws -> (path: String, pipe: Pipe) {
            let pipe = Pipe()
            try pipe.fileHandleForWriting.write(contentsOf: Data(contents.utf8))  // under a pipe's 64 KiB buffer
            try pipe.fileHandleForWriting.close()
            return ("/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)", pipe)
        }
        let full = try pipe(text)
        let checklist = try ChecklistParser.load(path: full.path)
        XCTAssertEqual(checklist.id, "inbound")
        XCTAssertEqual(checklist.contentHash, SHA256.hex(Array(text.utf8)))
        let empty = try pipe("")
        for path in ["/dev/null", empty.path] {
            XCTAssertThrowsError(try ChecklistParser.load(path: path)) { error in
                XCTAssertEqual((error as? ChecklistError)?.diagnostics.map(\.description), [
                    "\(path): the file is empty (0 bytes); a checklist needs id, name, version and sections (checklists/inbound.yaml is an example)",
                ])
            }
        }
        // A device without end is read no further than the size limit.
        XCTAssertThrowsError(try ChecklistParser.load(path: "/dev/zero")) { error in
            XCTAssertEqual((error as? ChecklistError)?.diagnostics.map(\.description),
                           ["/dev/zero: the file is larger than 1024 KiB; a checklist is a short text file"])
        }
    }

    func testContentHashIsSHA256OfTheBytes() {
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    func testUnitsConvertToTheMetricUnit() throws {
        let cases: [(String, String, Double)] = [
            ("first_agent_speech_s", "500 ms", 0.5), ("first_agent_speech_s", "2 min", 120), ("first_agent_speech_s", "7", 7),
            ("agent_talk_ratio", "30%", 0.3), ("agent_talk_ratio", "0.4", 0.4), ("agent_integrated_lufs", "-20 LUFS", -20),
            ("agent_true_peak_dbtp", "-1 dBTP", -1), ("agent_snr_db", "15 dB", 15), ("interruptions", "3", 3),
            ("agent_active_speech_level_dbfs", "-22 dBov", -22),
        ]
        for (metric, threshold, expected) in cases {
            let text = valid.replacingOccurrences(of: "first_agent_speech_s", with: metric).replacingOccurrences(of: "5s", with: "\"\(threshold)\"")
            let checklist = try ChecklistParser.parse(text, file: "u.yaml")
            XCTAssertEqual(checklist.items[0].pass.low, expected, accuracy: 1e-9, "\(metric) \(threshold)")
        }
    }

    /// Malformed checklists: each gives its exact message at its exact position.
    func testMalformedChecklistsGiveExactMessagesAndPositions() {
        let cases: [(name: String, edit: (String) -> String, line: Int, column: Int, message: String)] = [
            ("unknown metric", { $0.replacingOccurrences(of: "first_agent_speech_s", with: "first_agent_speach_s") }, 8, 17,
             "sections[0].items[0].metric: unknown metric 'first_agent_speach_s'; did you mean 'first_agent_speech_s'? (`callqa metrics` lists them)"),
            ("wrong unit", { $0.replacingOccurrences(of: "5s", with: "-20 LUFS") }, 10, 20,
             "sections[0].items[0].threshold: wrong unit 'LUFS' in '-20 LUFS': this metric is measured in s; use ms, min, s, sec, e.g. 5 s"),
            ("unknown key", { $0.replacingOccurrences(of: "weight: 2", with: "wieght: 2") }, 11, 9,
             "sections[0].items[0].wieght: unknown key 'wieght'; did you mean 'weight'? (expected one of: id, description, metric, condition, threshold, warn, partial, weight, critical, when_na)"),
            ("zero weight", { $0.replacingOccurrences(of: "weight: 2", with: "weight: 0") }, 11, 17,
             "sections[0].items[0].weight: weight must be a positive number up to 1000000 (weights are relative: 1, 2, 5); got 0"),
            ("negative weight", { $0.replacingOccurrences(of: "weight: 2", with: "weight: -1") }, 11, 17,
             "sections[0].items[0].weight: weight must be a positive number up to 1000000 (weights are relative: 1, 2, 5); got -1"),
            // Two such weights overflowed the sum: every score was not a number and the report could not be written.
            ("huge weight", { $0.replacingOccurrences(of: "weight: 2", with: "weight: 1e308") }, 11, 17,
             "sections[0].items[0].weight: weight must be a positive number up to 1000000 (weights are relative: 1, 2, 5); got 1e+308"),
            ("bad condition", { $0.replacingOccurrences(of: "\"<=\"", with: "\"=<\"") }, 9, 20,
             "sections[0].items[0].condition: unknown condition '=<'; did you mean '<='? (expected one of <, <=, >, >=, ==, !=, between, outside)"),
            ("condition not known at all", { $0.replacingOccurrences(of: "\"<=\"", with: "\"about\"") }, 9, 20,
             "sections[0].items[0].condition: unknown condition 'about' (expected one of <, <=, >, >=, ==, !=, between, outside)"),
            ("missing id", { $0.replacingOccurrences(of: "id: demo\n", with: "") }, 1, 1, "id: missing 'id'"),
            ("missing sections", { $0.components(separatedBy: "sections:")[0] }, 1, 1,
             "sections: missing 'sections': a checklist needs at least one section with items"),
            ("impossible range", { $0.replacingOccurrences(of: "\"<=\"", with: "between").replacingOccurrences(of: "5s", with: "[9s, 3s]") }, 10, 20,
             "sections[0].items[0].threshold: impossible range: the low threshold 9 s is above the high 3 s"),
            ("range needs two", { $0.replacingOccurrences(of: "\"<=\"", with: "between") }, 10, 20,
             "sections[0].items[0].threshold: 'between' needs two thresholds, low and high, e.g. [2s, 5s]"),
            // The example is in the metric's unit (it was LUFS for every metric).
            ("ratio range needs two", { $0.replacingOccurrences(of: "\"<=\"", with: "between").replacingOccurrences(of: "first_agent_speech_s", with: "agent_talk_ratio").replacingOccurrences(of: "5s", with: "30%") }, 10, 20,
             "sections[0].items[0].threshold: 'between' needs two thresholds, low and high, e.g. [30%, 70%]"),
            ("ratio out of range", { $0.replacingOccurrences(of: "first_agent_speech_s", with: "agent_talk_ratio").replacingOccurrences(of: "5s", with: "30") }, 10, 20,
             "sections[0].items[0].threshold: '30' is out of range for a ratio; write a percentage such as 30% or a fraction such as 0.3"),
            ("fractional count", { $0.replacingOccurrences(of: "first_agent_speech_s", with: "interruptions").replacingOccurrences(of: "5s", with: "2.5") }, 10, 20,
             "sections[0].items[0].threshold: '2.5' is not a whole number; counts are whole numbers"),
            ("not a number", { $0.replacingOccurrences(of: "5s", with: "soon") }, 10, 20,
             "sections[0].items[0].threshold: 'soon' is not a number with a unit; write e.g. 5 s"),
            ("unknown unit", { $0.replacingOccurrences(of: "5s", with: "5 parsecs") }, 10, 20,
             "sections[0].items[0].threshold: unknown unit 'parsecs' in '5 parsecs'; write e.g. 5 s"),
            ("pass mark", { "pass_mark: 120\n" + $0 }, 1, 12, "pass_mark: must be between 0 and 100; got 120.0"),
            // A share, as ratio thresholds are written: every call scoring 1 or more passed.
            ("pass mark fraction", { "pass_mark: 0.8\n" + $0 }, 1, 12,
             "pass_mark: is a score out of 100, so 0.8 would pass every call scoring 1 or more; write 80 (or 80%)"),
            ("pass mark text", { "pass_mark: high\n" + $0 }, 1, 12, "pass_mark: expected a score out of 100, such as 70 or 70%; got 'high'"),
            ("applies_to typo", { "applies_to:\n  directon: inbound\n" + $0 }, 2, 3,
             "applies_to.directon: unknown field 'directon'; did you mean 'direction'? (a field that no call has excludes no call; write any other metadata field exactly as the manifest names it)"),
            ("duration bound typo", { "applies_to:\n  min_duration: 10s\n" + $0 }, 2, 3,
             "applies_to.min_duration: unknown field 'min_duration'; did you mean 'min_duration_s'? (a field that no call has excludes no call; write any other metadata field exactly as the manifest names it)"),
            ("no call scored", { "applies_to:\n  min_duration_s: 20s\n  max_duration_s: 5s\n" + $0 }, 2, 3,
             "applies_to: min_duration_s 20 s is above max_duration_s 5 s: no call would be scored"),
            ("ratio over 100 %", { $0.replacingOccurrences(of: "first_agent_speech_s", with: "agent_talk_ratio").replacingOccurrences(of: "5s", with: "150%") }, 10, 20,
             "sections[0].items[0].threshold: '150%' is out of range for a ratio: a share lies between 0% and 100%"),
            ("unquoted condition", { $0.replacingOccurrences(of: "\"<=\"", with: ">=") }, 9, 21,
             "not valid YAML: did not find expected comment or line break; write the value in quotes, e.g. condition: \">=\" (unquoted, > and | start a block of text in YAML)"),
            ("tab indentation", { $0.replacingOccurrences(of: "        metric:", with: "\tmetric:") }, 8, 1,
             "not valid YAML: found a tab character that violates indentation; the line is indented with a tab: YAML indents with spaces only (replace the tab with spaces)"),
            ("tab before a list item", { $0.replacingOccurrences(of: "      - id: greet", with: "\t- id: greet") }, 7, 1,
             "not valid YAML: found character that cannot start any token; the line is indented with a tab: YAML indents with spaces only (replace the tab with spaces)"),
            // Two checklists pasted into one file: it read only "but found another document".
            ("two documents", { $0 + "\n---\nid: other\n" }, 12, 1,
             "not valid YAML: but found another document; the file holds more than one YAML document (a line '---' starts another): write one checklist per file, and name each with --checklist"),
            ("colon in text", { $0.replacingOccurrences(of: "id: greet", with: "id: greet\n        description: Greeting: within 5 s") }, 8, 30,
             "not valid YAML: mapping values are not allowed in this context; a value holding ': ' needs quotes, e.g. description: \"Greeting: within 5 s\""),
            ("empty applies_to list", { "applies_to:\n  direction: []\n" + $0 }, 2, 14,
             "applies_to.direction: an empty list accepts no value, so every call with a direction would be left out; list the values to score (e.g. direction: [value]) or remove 'direction'"),
            ("negative counted duration", { $0.replacingOccurrences(of: "metric: first_agent_speech_s", with: "metric: count(dead_air >= -8s)").replacingOccurrences(of: "5s", with: "1") }, 8, 17,
             "sections[0].items[0].metric: '-8s' in the counting rule is negative; durations are never below 0"),
            // warn and partial that can never take effect (the item is read differently from how it is written):
            ("warning never warns", { $0.replacingOccurrences(of: "threshold: 5s", with: "threshold: 5s\n        warn: 8s") }, 11, 15,
             "sections[0].items[0].warn: the warning level <= 8 s is not stricter than the threshold <= 5 s, so it would never warn; write a level inside the threshold, or remove 'warn'"),
            ("warning range outside the range", {
                $0.replacingOccurrences(of: "first_agent_speech_s", with: "agent_talk_ratio").replacingOccurrences(of: "\"<=\"", with: "between")
                    .replacingOccurrences(of: "threshold: 5s", with: "threshold: [30%, 70%]\n        warn: [20%, 60%]")
            }, 11, 15,
             "sections[0].items[0].warn: the warning level between 20 % and 60 % is not stricter than the threshold between 30 % and 70 %, so it would warn on passing values it does not cover; write a level inside the threshold, or remove 'warn'"),
            ("band inside the threshold", { $0.replacingOccurrences(of: "threshold: 5s", with: "threshold: 5s\n        partial:\n          - {threshold: 3s, credit: 0.5}") }, 12, 25,
             "sections[0].items[0].partial[0].threshold: the partial-credit band <= 3 s lies inside the threshold <= 5 s, so it never applies; a band is looser than the threshold"),
            ("band behind a looser band", {
                $0.replacingOccurrences(of: "threshold: 5s", with: "threshold: 5s\n        partial:\n          - {threshold: 10s, credit: 0.25}\n          - {threshold: 8s, credit: 0.5}")
            }, 13, 25,
             "sections[0].items[0].partial[1].threshold: the partial-credit band <= 8 s lies inside partial[0] (<= 10 s), which is read first, so it never applies; list the bands from the strictest to the loosest"),
            ("negative time", { $0.replacingOccurrences(of: "5s", with: "-5s") }, 10, 20,
             "sections[0].items[0].threshold: '-5s' is negative; times are never below 0"),
            ("bad critical", { $0 + "\n        critical: maybe" }, 12, 19, "sections[0].items[0].critical: expected true or false"),
            ("bad when_na", { $0 + "\n        when_na: ignore" }, 12, 18, "sections[0].items[0].when_na: expected exclude, pass or fail; got 'ignore'"),
            ("partial credit 1", { $0 + "\n        partial: [{threshold: 8s, credit: 1}]" }, 12, 43,
             "sections[0].items[0].partial[0].credit: partial credit must be between 0 and 1 (exclusive); got 1.0"),
            ("partial not list", { $0 + "\n        partial: 8s" }, 12, 18, "sections[0].items[0].partial: expected a list of {threshold, credit} bands"),
            ("duplicate item", { $0 + "\n      - id: greet\n        metric: duration_s\n        condition: \">\"\n        threshold: 1s" }, 12, 9,
             "sections[0].items[1].id: duplicate item id 'greet'"),
            ("duplicate key", { $0.replacingOccurrences(of: "name: Demo", with: "name: Demo\nname: Again") }, 3, 1, "name: 'name' appears twice"),
            ("top-level list", { _ in "- a\n- b\n" }, 1, 1, "expected a mapping with id, name, version and sections at the top level"),
            ("empty sections", { $0.components(separatedBy: "sections:")[0] + "sections: []\n" }, 4, 11,
             "sections: the list of sections is empty; a checklist needs at least one section with items"),
            ("sections not a list", { $0.components(separatedBy: "sections:")[0] + "sections: opening\n" }, 4, 11,
             "sections: expected a list of sections, each with an id and items"),
            ("no items", { $0.components(separatedBy: "    items:")[0] + "    items: []\n" }, 6, 12,
             "sections[0].items: expected a non-empty list of items"),
            ("section not mapping", { $0.components(separatedBy: "sections:")[0] + "sections:\n  - just text\n" }, 5, 5,
             "sections[0]: expected a section with id, name and items"),
            ("item not mapping", { $0.components(separatedBy: "    items:")[0] + "    items:\n      - greet\n" }, 7, 9,
             "sections[0].items[0]: expected an item with id, metric, condition, threshold and weight"),
            ("alias", { $0.replacingOccurrences(of: "weight: 2", with: "weight: *w") }, 11, 1,
             "YAML anchors and aliases (& and *) are not supported in checklists; write each item out"),
            ("invalid yaml", { $0.replacingOccurrences(of: "name: Demo", with: "name: [Demo") }, 3, 8, "not valid YAML: did not find expected ',' or ']'"),
            ("unknown top key", { $0 + "\nowner: me" }, 12, 1,
             "owner: unknown key 'owner' (expected one of: id, name, version, description, pass_mark, applies_to, parameters, sections)"),
            // A flat list of items, as a first checklist is often written.
            ("items without a section", { $0.components(separatedBy: "sections:")[0] + "items:\n  - id: greet\n" }, 4, 1,
             "items: unknown key 'items'; items belong to a section: write 'sections:', a list of sections each with an id, a name "
                + "and its 'items:' (docs/checklists.md) (expected one of: id, name, version, description, pass_mark, applies_to, "
                + "parameters, sections)"),
            ("applies_to not mapping", { "applies_to: inbound\n" + $0 }, 1, 13,
             "applies_to: expected a mapping of metadata fields to accepted values, e.g. direction: [inbound]"),
            ("negative duration", { "applies_to:\n  min_duration_s: -5s\n" + $0 }, 2, 19, "applies_to.min_duration_s: '-5s' is negative; times are never below 0"),
            ("bad parameter", { "parameters:\n  dead_air_min: 5s\n" + $0 }, 2, 3,
             "parameters.dead_air_min: unknown key 'dead_air_min'; did you mean 'dead_air_min_s'? (expected one of: dead_air_min_s, interruption_min_overlap_s, backchannel_max_s)"),
            ("missing threshold", { $0.replacingOccurrences(of: "        threshold: 5s\n", with: "") }, 7, 9, "sections[0].items[0].threshold: missing 'threshold'"),
            // Metrics are named per party: a name without the party had no suggestion at all.
            ("metric without its party", { $0.replacingOccurrences(of: "metric: first_agent_speech_s", with: "metric: talk_ratio") }, 8, 17,
             "sections[0].items[0].metric: unknown metric 'talk_ratio'; did you mean 'agent_talk_ratio' or 'customer_talk_ratio'? "
                + "(`callqa metrics` lists them)"),
            ("metric without a word", { $0.replacingOccurrences(of: "metric: first_agent_speech_s", with: "metric: agent_speech_level_dbfs") }, 8, 17,
             "sections[0].items[0].metric: unknown metric 'agent_speech_level_dbfs'; did you mean 'agent_active_speech_level_dbfs'? "
                + "(`callqa metrics` lists them)"),
            // Milliseconds written as a bare number read as seconds: no interruption was ever counted.
            ("parameter in milliseconds", { "parameters:\n  interruption_min_overlap_s: 500\n" + $0 }, 2, 31,
             "parameters.interruption_min_overlap_s: '500' is 500 s, more than interruption_min_overlap_s can be (at most 10 s: "
                + "no interruption would be counted); a number without a unit is in seconds: for 500 milliseconds write 500 ms"),
            ("parameter too long", { "parameters:\n  dead_air_min_s: 5 min\n" + $0 }, 2, 19,
             "parameters.dead_air_min_s: '5 min' is 300 s, more than dead_air_min_s can be (at most 120 s: dead air would all but "
                + "never be counted)"),
            ("backchannel in milliseconds", { "parameters:\n  backchannel_max_s: 1200\n" + $0 }, 2, 22,
             "parameters.backchannel_max_s: '1200' is 1200 s, more than backchannel_max_s can be (at most 10 s: almost every "
                + "utterance would be a backchannel, and none an interruption or a turn); a number without a unit is in seconds: "
                + "for 1200 milliseconds write 1200 ms"),
        ]
        XCTAssertGreaterThanOrEqual(cases.count, 30)
        for testCase in cases {
            let text = testCase.edit(valid)
            do {
                _ = try ChecklistParser.parse(text, file: "bad.yaml")
                XCTFail("\(testCase.name): accepted")
            } catch {
                guard let first = error.diagnostics.first else { return XCTFail("\(testCase.name): no diagnostic") }
                XCTAssertEqual(first.line, testCase.line, "\(testCase.name): line — \(first)")
                XCTAssertEqual(first.column, testCase.column, "\(testCase.name): column — \(first)")
                if !testCase.message.isEmpty {
                    let message = first.path.isEmpty ? first.message : "\(first.path): \(first.message)"
                    XCTAssertEqual(message, testCase.message, testCase.name)
                }
                XCTAssertTrue(first.description.hasPrefix("bad.yaml:"), testCase.name)
            }
        }
    }

    /// `checklist validate` reports every problem in one pass, in line order: a duplicate item id
    /// and a bad `when_na` were reported only once the other problems were fixed (an item with
    /// an unknown metric was not read further, and an item with any problem did not count
    /// towards the duplicate ids).
    func testEveryProblemIsReportedAtOnceInLineOrder() {
        let text = """
            id: demo
            name: Demo
            version: "1"
            sections:
              - id: opening
                items:
                  - id: greet
                    metric: first_agent_speech
                    condition: "<="
                    threshold: 5s
                  - id: greet
                    metric: first_agent_speech_s
                    condition: "<="
                    threshold: 5s
                  - id: talk
                    metric: agent_talk_ratio
                    condition: between
                    threshold: [30%, 70%]
                    when_na: skip
            """
        XCTAssertThrowsError(try ChecklistParser.parse(text, file: "qa.yaml")) { error in
            XCTAssertEqual((error as? ChecklistError)?.diagnostics.map(\.description), [
                "qa.yaml:8:17: sections[0].items[0].metric: unknown metric 'first_agent_speech'; did you mean 'first_agent_speech_s'? (`callqa metrics` lists them)",
                "qa.yaml:11:9: sections[0].items[1].id: duplicate item id 'greet'",
                "qa.yaml:19:18: sections[0].items[2].when_na: expected exclude, pass or fail; got 'skip'",
            ])
        }
        // The same problems the other way round: the first `greet` has the bad when_na, and the
        // item with the unknown metric also has a bad weight and when_na, and an unknown condition.
        let reversed = text
            .replacingOccurrences(of: "metric: first_agent_speech\n", with: "metric: first_agent_speech_s\n        when_na: never\n")
            .replacingOccurrences(of: "metric: agent_talk_ratio", with: "metric: agent_talk_rato")
            .replacingOccurrences(of: "condition: between", with: "condition: within\n        weight: -1")
        XCTAssertThrowsError(try ChecklistParser.parse(reversed, file: "qa.yaml")) { error in
            XCTAssertEqual((error as? ChecklistError)?.diagnostics.map(\.description), [
                "qa.yaml:9:18: sections[0].items[0].when_na: expected exclude, pass or fail; got 'never'",
                "qa.yaml:12:9: sections[0].items[1].id: duplicate item id 'greet'",
                "qa.yaml:17:17: sections[0].items[2].metric: unknown metric 'agent_talk_rato'; did you mean 'agent_talk_ratio'? (`callqa metrics` lists them)",
                "qa.yaml:18:20: sections[0].items[2].condition: unknown condition 'within' (expected one of <, <=, >, >=, ==, !=, between, outside)",
                "qa.yaml:19:17: sections[0].items[2].weight: weight must be a positive number up to 1000000 (weights are relative: 1, 2, 5); got -1",
                "qa.yaml:21:18: sections[0].items[2].when_na: expected exclude, pass or fail; got 'skip'",
            ])
        }
    }

    /// Thresholds as supervisors write them: the documented forms parse (5s, -23 LUFS, 80%); the
    /// others are refused at their line and column, with what to write instead (they read "is
    /// not a number with a unit" or "unknown unit" with no hint). Nothing is guessed.
    func testThresholdsWrittenAsSupervisorsDoGetHints() throws {
        for (metric, threshold, expected) in [
            ("first_agent_speech_s", "5s", 5.0), ("agent_speech_lufs", "-23 LUFS", -23), ("agent_talk_ratio", "80%", 0.8),
        ] + Self.spelledOutDurations.map({ ("first_agent_speech_s", $0.0, $0.1) }) {
            let text = valid.replacingOccurrences(of: "first_agent_speech_s", with: metric).replacingOccurrences(of: "5s", with: threshold)
            XCTAssertEqual(try ChecklistParser.parse(text, file: "u.yaml").items[0].pass.low, expected, accuracy: 1e-9, threshold)
        }
        let level = "agent_active_speech_level_dbfs"
        let cases: [(metric: String, threshold: String, message: String)] = [
            (level, "-20 dBm0", "dBm0 is not dBFS: for µ-law/A-law (G.711) audio, 0 dBm0 = -3.14 dBFS (A-law; -3.17 µ-law), so '-20 dBm0' is about -23.14 dBFS; write the value in dBFS"),
            (level, "-20 dBm", "dBm is an analogue line level, which a recording does not carry; write the digital level in dBFS (for µ-law/A-law (G.711) audio, 0 dBm0 = -3.14 dBFS: -20 dBm0 is about -23.14 dBFS)"),
            ("agent_speech_lufs", "-20 dBm0", "wrong unit 'dBm0' in '-20 dBm0': this metric is measured in LUFS; use LUFS, e.g. -20 LUFS"),
            ("first_agent_speech_s", "3,5", "'3,5' has a decimal comma: write 3.5, with a decimal point"),
            ("first_agent_speech_s", "3,5 s", "'3,5 s' has a decimal comma: write 3.5 s, with a decimal point"),
            (level, "-20,5 dBFS", "'-20,5 dBFS' has a decimal comma: write -20.5 dBFS, with a decimal point"),
            ("agent_talk_ratio", "0,8", "'0,8' has a decimal comma: write 0.8, with a decimal point"),
            ("first_agent_speech_s", "1,500 ms", "'1,500 ms' has a comma: write 1500 ms if it separates thousands, or 1.500 ms if it is a decimal comma (numbers take a decimal point and no thousands separator)"),
            ("first_agent_speech_s", "1.000,5", "'1.000,5' has a comma: write the number with a decimal point and no thousands separator, e.g. 1000.5"),
            ("agent_speech_lufs", "-23 LKFS", "LKFS is BS.1770's name for LUFS (the same scale): write -23 LUFS"),
            ("agent_speech_lufs", "-23 lufs", "unit 'lufs' in '-23 lufs' is written 'LUFS' (units are case-sensitive), e.g. -23 LUFS"),
            (level, "-20 dbfs", "unit 'dbfs' in '-20 dbfs' is written 'dBFS' (units are case-sensitive), e.g. -20 dBFS"),
            ("first_agent_speech_s", "5 LU", "wrong unit 'LU' in '5 LU': this metric is measured in s; use ms, min, s, sec, e.g. 5 s"),
            ("first_agent_speech_s", "5 lufs", "wrong unit 'lufs' in '5 lufs': this metric is measured in s; use ms, min, s, sec, e.g. 5 s"),
            ("agent_speech_lufs", "5 seconds", "wrong unit 'seconds' in '5 seconds': this metric is measured in LUFS; use LUFS, e.g. -20 LUFS"),
            ("agent_talk_ratio", "2 Minuti", "wrong unit 'Minuti' in '2 Minuti': this metric is measured in ratio; use %, e.g. 30 %"),
            ("first_agent_speech_s", "5 seconde", "unknown unit 'seconde' in '5 seconde'; write e.g. 5 s"),
        ]
        for (metric, threshold, message) in cases {
            let text = valid.replacingOccurrences(of: "first_agent_speech_s", with: metric).replacingOccurrences(of: "5s", with: threshold)
            XCTAssertThrowsError(try ChecklistParser.parse(text, file: "u.yaml"), threshold) { error in
                let first = (error as? ChecklistError)?.diagnostics.first
                XCTAssertEqual(first?.description, "u.yaml:10:20: sections[0].items[0].threshold: \(message)", threshold)
            }
        }
        // Spelled-out durations read in a counting rule and in applies_to too.
        let spelled = valid.replacingOccurrences(of: "5s", with: "1").replacingOccurrences(of: "first_agent_speech_s", with: "count(dead_air >= 8 secondi)")
        XCTAssertEqual(try ChecklistParser.parse(spelled, file: "u.yaml").items[0].counting?.condition.low, 8)
        XCTAssertEqual(try ChecklistParser.parse("applies_to:\n  min_duration_s: 2 minutos\n" + valid, file: "u.yaml").appliesTo.minimumDurationSeconds, 120)
        // The same hints in a counting rule and in applies_to.
        let rule = valid.replacingOccurrences(of: "5s", with: "1").replacingOccurrences(of: "first_agent_speech_s", with: "count(dead_air >= 8,5s)")
        XCTAssertThrowsError(try ChecklistParser.parse(rule, file: "u.yaml")) { error in
            XCTAssertEqual((error as? ChecklistError)?.diagnostics.first?.description,
                           "u.yaml:8:17: sections[0].items[0].metric: '8,5s' has a decimal comma: write 8.5s, with a decimal point")
        }
        XCTAssertThrowsError(try ChecklistParser.parse("applies_to:\n  min_duration_s: 2,5 min\n" + valid, file: "u.yaml")) { error in
            XCTAssertEqual((error as? ChecklistError)?.diagnostics.first?.description,
                           "u.yaml:2:19: applies_to.min_duration_s: '2,5 min' has a decimal comma: write 2.5 min, with a decimal point")
        }
    }

    /// Durations spelled out as supervisors write them, in English and in the languages of the
    /// job profiles (Italian, Spanish, Romanian), with the seconds each stands for.
    static let spelledOutDurations: [(String, Double)] = [
        ("5 seconds", 5), ("1 second", 1), ("5 secs", 5), ("1.5 minutes", 90), ("2 mins", 120), ("1 minute", 60),
        ("500 milliseconds", 0.5), ("250 msec", 0.25),
        ("5 secondi", 5), ("1 secondo", 1), ("2 minuti", 120), ("1 minuto", 60), ("800 millisecondi", 0.8),
        ("30 segundos", 30), ("10 seg", 10), ("3 minutos", 180), ("500 milisegundos", 0.5),
        ("3 secunde", 3), ("1 secundă", 1), ("1 secunda", 1), ("2 minute", 120), ("1 minut", 60), ("300 milisecunde", 0.3),
        ("5 Secondi", 5), ("5 SEGUNDOS", 5), ("5seconds", 5),
    ]

    /// A value YAML reads as null (`~`, `null`, nothing) is refused at its line and column, with
    /// what it is; `id: ~` was read as the id "~", `direction: ~` as a direction "~". Quoted,
    /// `"~"` is text and stays accepted.
    /// Numbers are read in decimal only: `0x10` read as 16 s (Swift's `Double` reads
    /// hexadecimal), in silence, where nothing else is guessed. Decimal forms still read.
    func testHexadecimalNumbersAreRefusedAndDecimalOnesRead() throws {
        for (threshold, expected) in [("10", 10.0), ("1.5", 1.5), ("2 min", 120), ("500 ms", 0.5), ("1e1", 10), ("+3s", 3)] {
            let text = valid.replacingOccurrences(of: "5s", with: threshold)
            XCTAssertEqual(try ChecklistParser.parse(text, file: "d.yaml").items[0].pass.low, expected, accuracy: 1e-9, threshold)
        }
        let ratio = valid.replacingOccurrences(of: "first_agent_speech_s", with: "agent_talk_ratio").replacingOccurrences(of: "5s", with: "90%")
        XCTAssertEqual(try ChecklistParser.parse(ratio, file: "d.yaml").items[0].pass.low, 0.9, accuracy: 1e-9)
        XCTAssertEqual(try ChecklistParser.parse("pass_mark: 80%\n" + valid, file: "d.yaml").passMark, 80)
        let cases: [(name: String, text: String, message: String)] = [
            ("threshold", valid.replacingOccurrences(of: "5s", with: "0x10"),
             "sections[0].items[0].threshold: '0x10' is written in hexadecimal; write the number in decimal, e.g. 5 s"),
            ("threshold with a unit", valid.replacingOccurrences(of: "5s", with: "0x5 s"),
             "sections[0].items[0].threshold: '0x5 s' is written in hexadecimal; write the number in decimal, e.g. 5 s"),
            ("hexadecimal float", valid.replacingOccurrences(of: "5s", with: "0x1p3"),
             "sections[0].items[0].threshold: '0x1p3' is written in hexadecimal; write the number in decimal, e.g. 5 s"),
            ("weight", valid.replacingOccurrences(of: "weight: 2", with: "weight: 0x2"), "sections[0].items[0].weight: expected a number"),
            ("pass mark", "pass_mark: 0x50\n" + valid, "pass_mark: expected a score out of 100, such as 70 or 70%; got '0x50'"),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try ChecklistParser.parse(testCase.text, file: "h.yaml"), testCase.name) { error in
                let first = (error as? ChecklistError)?.diagnostics.first
                XCTAssertEqual(first.map { "\($0.path): \($0.message)" }, testCase.message, testCase.name)
            }
        }
    }

    func testNullValuesAreRefusedAtTheirPosition() throws {
        let quote = "; write \"~\" in quotes if you mean those characters"
        let cases: [(name: String, edit: (String) -> String, position: String, message: String)] = [
            ("id ~", { $0.replacingOccurrences(of: "id: demo", with: "id: ~") }, "1:5", "id: expected text, got no value ('~' is YAML's null)\(quote)"),
            ("id null", { $0.replacingOccurrences(of: "id: demo", with: "id: null") }, "1:5",
             "id: expected text, got no value ('null' is YAML's null); write \"null\" in quotes if you mean those characters"),
            ("item id", { $0.replacingOccurrences(of: "id: greet", with: "id: ~") }, "7:13", "sections[0].items[0].id: expected text, got no value ('~' is YAML's null)\(quote)"),
            ("name empty", { $0.replacingOccurrences(of: "name: Demo", with: "name:") }, "2:6", "name: expected text, got an empty value"),
            ("weight", { $0.replacingOccurrences(of: "weight: 2", with: "weight: ~") }, "11:17", "sections[0].items[0].weight: expected a number, got no value ('~' is YAML's null)"),
            ("threshold", { $0.replacingOccurrences(of: "5s", with: "~") }, "10:20",
             "sections[0].items[0].threshold: expected a threshold such as 5s, -20 LUFS or 30%, got no value ('~' is YAML's null)"),
            ("critical", { $0 + "\n        critical: NULL" }, "12:19", "sections[0].items[0].critical: expected true or false, got no value ('NULL' is YAML's null)"),
            ("applies_to", { "applies_to:\n  direction: ~\n" + $0 }, "2:14",
             "applies_to.direction: expected a value or a list of values, got no value ('~' is YAML's null); list the values to score (e.g. direction: [value]) or remove 'direction'"),
            ("applies_to list", { "applies_to:\n  queue: [sales, null]\n" + $0 }, "2:10",
             "applies_to.queue: expected a value or a list of values, got no value ('null' is YAML's null); list the values to score (e.g. queue: [value]) or remove 'queue'"),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try ChecklistParser.parse(testCase.edit(valid), file: "n.yaml"), testCase.name) { error in
                XCTAssertEqual((error as? ChecklistError)?.diagnostics.map(\.description), ["n.yaml:\(testCase.position): \(testCase.message)"], testCase.name)
            }
        }
        let quoted = try ChecklistParser.parse(valid.replacingOccurrences(of: "id: demo", with: "id: \"~\""), file: "q.yaml")
        XCTAssertEqual(quoted.id, "~")
    }

    /// A partial credit is a share, written as thresholds' shares are: 0.5 or 50%. A credit that is
    /// not a number is one problem; it was reported twice, once as "missing 'credit'".
    func testPartialCreditTakesAPercentageAndABadOneIsOneProblem() throws {
        let percent = valid + "\n        partial: [{threshold: 8s, credit: 50%}]"
        XCTAssertEqual(try ChecklistParser.parse(percent, file: "p.yaml").items[0].bands.map(\.credit), [0.5])
        XCTAssertThrowsError(try ChecklistParser.parse(valid + "\n        partial: [{threshold: 8s, credit: half}]", file: "p.yaml")) { error in
            XCTAssertEqual((error as? ChecklistError)?.diagnostics.map(\.description), ["p.yaml:12:43: sections[0].items[0].partial[0].credit: expected a number"])
        }
        XCTAssertThrowsError(try ChecklistParser.parse(valid + "\n        partial: [{threshold: 8s, credit: 100%}]", file: "p.yaml")) { error in
            XCTAssertEqual((error as? ChecklistError)?.diagnostics.map(\.description),
                           ["p.yaml:12:43: sections[0].items[0].partial[0].credit: partial credit must be between 0 and 1 (exclusive); got 1.0"])
        }
    }

    /// A checklist file that is not UTF-8 is refused with its name, not parsed with replacements.
    func testInvalidUTF8ChecklistFileIsRefused() throws {
        let path = NSTemporaryDirectory() + "callqa-bad-utf8-\(getpid()).yaml"
        try Data([0x69, 0x64, 0x3A, 0x20, 0x78, 0x0A, 0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try ChecklistParser.load(path: path)) { error in
            XCTAssertTrue(error.localizedDescription.contains("callqa-bad-utf8") && error.localizedDescription.contains("not valid UTF-8"), error.localizedDescription)
        }
    }

    /// A checklist saved in Windows-1252 or Latin-1 (an accented description from an old Windows
    /// editor) or in UTF-16 is refused at the line and column of its first such byte, naming
    /// the byte and what it reads in Windows-1252, and saying to save the file as UTF-8 (it read
    /// "the file is not valid UTF-8 text", with no place and no remedy).
    func testALatin1ChecklistIsRefusedAtItsFirstBadByteWithAHint() throws {
        let path = NSTemporaryDirectory() + "callqa-latin1-\(getpid()).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = valid.replacingOccurrences(of: "weight: 2", with: "weight: 2\n        description: Qualità, l'operatore è cortese")
        // "Qualità" stays UTF-8 (so columns count characters, not bytes); "è" is Latin-1.
        var bytes = Array(text.utf8)
        let accent = try XCTUnwrap(bytes.indices.first { bytes[$0] == 0xC3 && bytes[$0 + 1] == 0xA8 })
        bytes.replaceSubrange(accent...(accent + 1), with: [0xE8])
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ChecklistParser.load(path: path)) { error in
            XCTAssertEqual(
                error.localizedDescription,
                "\(path):12:43: the file is not valid UTF-8 text: byte 0xE8 ('è' in Windows-1252 or Latin-1, as older Windows "
                    + "editors and spreadsheets save it) at byte offset \(accent); save the file as UTF-8")
        }
        try Data([0xFF, 0xFE] + Array(text.utf8).flatMap { [$0, 0] }).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ChecklistParser.load(path: path)) { error in
            XCTAssertEqual(
                error.localizedDescription,
                "\(path):1:1: the file is not valid UTF-8 text: the file is UTF-16 (it starts with a UTF-16 byte order mark); save the file as UTF-8")
        }
    }

    /// A "billion laughs" alias bomb (10^10 strings if expanded) is refused at its first anchor,
    /// without expanding anything.
    func testAliasBombIsRefusedWithoutExpansion() {
        var lines = ["id: bomb", "name: bomb", "version: \"1\"", "l0: &l0 [" + Array(repeating: "\"lol\"", count: 10).joined(separator: ",") + "]"]
        for level in 1..<10 {
            lines.append("l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ",") + "]")
        }
        XCTAssertThrowsError(try ChecklistParser.parse(lines.joined(separator: "\n") + "\n", file: "bomb.yaml")) { error in
            let first = (error as? ChecklistError)?.diagnostics.first
            XCTAssertEqual(first?.line, 4)
            XCTAssertTrue(first?.message.contains("anchors and aliases") ?? false, "\(String(describing: first))")
        }
    }

    /// Collections nested thousands of levels deep in a small file (a description of 3,000 `{`,
    /// `x: [[[...`, compact `- - - ...`, a staircase of keys) are refused at the line and column
    /// where they pass the limit; the YAML library, which reads nesting recursively, overflowed
    /// the stack on them (SIGSEGV, the process killed with no message).
    func testDeepNestingIsRefusedAtItsPositionWithoutCrashing() {
        let limit = ChecklistParser.maximumNestingDepth
        let staircase = (0...100).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n")
        let cases: [(name: String, text: String, line: Int, column: Int)] = [
            // Top-level mapping (1 level) + 64 `[`: the 64th, at column 3 + 64, is one too many.
            ("flow", "x: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n", 1, 3 + limit),
            // Mapping and indented line (2 levels) + one level per `- `, at the column after it.
            ("compact block", "x:\n  " + String(repeating: "- ", count: 5000) + "a\n", 2, 2 + 2 * (limit - 1) + 1),
            ("explicit keys", "x:\n" + String(repeating: "? ", count: 5000) + "a\n", 2, 2 * limit + 1),
            ("staircase", staircase, limit + 1, limit + 1),
            // In a real item: the top level, the section and the item (5 block levels) + 60 `{`.
            ("description", valid + "\n        description: " + String(repeating: "{", count: 3000) + String(repeating: "}", count: 3000),
             12, 22 + limit - 5),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try ChecklistParser.parse(testCase.text, file: "deep.yaml"), testCase.name) { error in
                XCTAssertEqual((error as? ChecklistError)?.diagnostics.map(\.description), [
                    "deep.yaml:\(testCase.line):\(testCase.column): lists and mappings are nested more than \(limit) levels deep "
                        + "here (a checklist needs fewer than 10); look for [ or { that are never closed, or text that needs quotes",
                ], testCase.name)
            }
        }
    }

    /// Brackets that are not nesting do not count: in quoted text, comments, block text (`|`),
    /// plain text after its first character, and JSON strings; nor does nesting up to the limit.
    func testBracketsInTextAndModerateNestingAreNotNesting() throws {
        let many = String(repeating: "[{", count: 100)
        let text = valid.replacingOccurrences(of: "weight: 2", with: """
            weight: 2  # \(many)
                    description: "\(many) \\" '[' \(many)"
                  - id: quoted
                    description: 'it''s \(many)'
                    metric: duration_s
                    condition: ">"
                    threshold: 1s
                  - id: plain
                    description: see \(many)
                    metric: talk_s
                    condition: ">"
                    threshold: 1s
                  - id: block
                    description: |
                      \(many)
                        [[[[[[[[ \(many)

                      \(many)
                    metric: silence_s
                    condition: ">"
                    threshold: 1s
            """)
        XCTAssertEqual(try ChecklistParser.parse(text, file: "text.yaml").items.map(\.id), ["greet", "quoted", "plain", "block"])
        XCTAssertTrue(try ChecklistParser.parse(text, file: "text.yaml").items[3].description.hasPrefix(many + "\n  [[[[[[[["))
        let json = #"{"id": "j", "name": "J", "version": "1", "description": "\#(many)", "sections": [{"id": "s", "items": "#
            + #"[{"id": "i", "metric": "talk_s", "condition": ">", "threshold": "1s", "description": "\#(many)"}]}]}"#
        XCTAssertEqual(try ChecklistParser.parse(json, file: "j.json").items.map(\.id), ["i"])
        // Nesting at the limit is accepted (the YAML library reads it); one level more is not.
        let limit = ChecklistParser.maximumNestingDepth
        func nested(_ levels: Int) -> String {
            valid + "\n        description: " + String(repeating: "[", count: levels) + "x" + String(repeating: "]", count: levels)
        }
        XCTAssertThrowsError(try ChecklistParser.parse(nested(limit - 5), file: "n.yaml")) { error in
            // Accepted by the nesting check; refused only as a description that is not text.
            XCTAssertEqual((error as? ChecklistError)?.diagnostics.map(\.message), ["expected text"])
        }
        XCTAssertThrowsError(try ChecklistParser.parse(nested(limit - 4), file: "n.yaml")) { error in
            XCTAssertTrue((error as? ChecklistError)?.diagnostics.first?.message.contains("nested more than") ?? false, "\(error)")
        }
    }

    /// Random and mutated inputs never crash the parser (count: CALLQA_FUZZ_CASES, default 3,000).
    func testParserSurvivesRandomAndMutatedInput() throws {
        let count = Int(ProcessInfo.processInfo.environment["CALLQA_FUZZ_CASES"] ?? "") ?? 3_000
        let seeds = try ["inbound", "outbound", "switchboard"].map {
            try String(contentsOfFile: TestPaths.repository + "/checklists/\($0).yaml", encoding: .utf8)
        } + [valid]
        var random = SplitMix(seed: 2026)
        let tokens = [":", "-", " ", "\n", "[", "]", "{", "}", "\"", "'", "#", "&a", "*a", "!!str", "5s", "-20 LUFS", "30%", "between", "items:", "sections:", "id: x", "metric: duration_s", "\t", "ü", "\u{0}"]
        var accepted = 0, rejected = 0
        for i in 0..<count {
            var bytes = Array(seeds[i % seeds.count].utf8)
            switch i % 4 {
            case 0:
                for _ in 0..<(1 + random.next() % 8) where !bytes.isEmpty {
                    bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
                }
            case 1:
                let cut = Int(random.next() % UInt64(max(1, bytes.count)))
                bytes = Array(bytes[..<cut])
            case 2:
                for _ in 0..<(1 + random.next() % 6) {
                    let token = Array(tokens[Int(random.next() % UInt64(tokens.count))].utf8)
                    let at = Int(random.next() % UInt64(bytes.count + 1))
                    bytes.insert(contentsOf: token, at: at)
                }
            default:
                bytes = (0..<(random.next() % 400)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                _ = try ChecklistParser.parse(text, file: "fuzz.yaml")
                accepted += 1
            } catch {
                rejected += 1
                XCTAssertFalse(error.diagnostics.isEmpty, "case \(i): an error without a diagnostic")
            }
        }
        XCTAssertEqual(accepted + rejected, count)
        print("checklist fuzz: \(count) inputs, \(accepted) accepted, \(rejected) rejected, no crash")
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum TestPaths {
    static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
}
