import CSV
import Foundation
import Reporting
import Scorecards
import Scoring

/// Output formats of the views (`callqa scorecard`, `callqa calibrate`).
public enum ViewFormat: String, CaseIterable, Sendable {
    case json, csv, html
}

/// What `callqa scorecard` and `callqa calibrate` read: reports (JSON, or JSON Lines from
/// `--format jsonl`) and, for the scorecard, the history in a state database.
public enum ReportLoader {
    /// The calls of every readable input; a file or line that cannot be read is printed as an
    /// error naming it and skipped (`failed` is set). The same call (`CallIdentity`: the same
    /// source and call_id; or the same call_id and recording under another source) in several
    /// inputs is taken from the last one, and what was dropped is said in a warning.
    public static func load(_ paths: [String], failed: inout Bool) -> [CallReport] {
        let collection = collect(paths, stateOption: false, failed: &failed)
        warnAboutDuplicates(collection)
        return collection.all
    }

    /// Says what `collection` dropped as duplicates, and the call_ids it kept on separate calls.
    public static func warnAboutDuplicates(_ collection: CallCollection) {
        collection.warnings.forEach { Diagnostics.message("warning: " + $0) }
    }

    /// The first bytes of every SQLite 3 database file (a `--state` database). Bytes, not
    /// `Data`: LeakSanitizer cannot follow `Data`'s packed storage reference from a global, and
    /// read this constant as a leak (`scripts/check asan`).
    static let sqliteHeader: [UInt8] = Array("SQLite format 3\0".utf8)

    /// The calls of every readable input, as `load` reads them, without a word of duplicates.
    /// - Parameter stateOption: Whether the command takes a state database (`--state`), to
    ///   suggest when one is named as a report.
    public static func collect(_ paths: [String], stateOption: Bool, failed: inout Bool) -> CallCollection {
        var collection = CallCollection()
        func add(_ call: CallReport) { collection.add(call) }
        var whole: [(path: String, report: Report)] = []
        defer { partialRunWarnings(whole).forEach { Diagnostics.message("warning: " + $0) } }
        for path in paths {
            let data: Data
            switch InputFile.read(path) {
            case .success(let read): data = read
            case .failure(let problem):
                Diagnostics.message("error: \(path): cannot read the report: \(problem.reason)")
                failed = true
                continue
            }
            if data.starts(with: sqliteHeader) {
                // A state database named as a report read "not a callqa report or report line".
                Diagnostics.message("error: \(path): a SQLite database (a callqa state database?), not a report: "
                    + (stateOption ? "give it with --state \(path)" : "name the report 'callqa score' wrote (--out)"))
                failed = true
                continue
            }
            if let report = try? ReportEncoding.decode(data) {
                report.calls.forEach(add)
                whole.append((path, report))
                continue
            }
            let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
            func blank(_ line: Data.SubSequence) -> Bool { line.allSatisfy { $0 == 0x20 || $0 == 0x0D || $0 == 0x09 } }
            let first = lines.firstIndex { !blank($0) }, last = lines.lastIndex { !blank($0) }
            if let first, Array(lines[first].filter { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) == [UInt8(ascii: "{")] {
                // A whole JSON document (its first line an opening brace alone), not JSON Lines:
                // one message (each of its lines was one).
                Diagnostics.message(ReportEncoding.endsInsideValue(data)
                    ? "error: \(path): the report is cut off (it ends in the middle of the JSON document: an incomplete copy?); "
                        + "none of its calls could be read: copy it again whole"
                    : "error: \(path): not a callqa report (a JSON document without callqa's calls: a scorecard's or a "
                        + "calibration's output?); name the report 'callqa score' wrote")
                failed = true
                continue
            }
            let decoder = JSONDecoder()
            var read = 0
            for (index, line) in lines.enumerated() where !blank(line) {
                do {
                    add(try decoder.decode(CallReport.self, from: Data(line)))
                    read += 1
                } catch {
                    failed = true
                    if read == 0 && index == first && index != last {
                        Diagnostics.message("error: \(path):\(index + 1): not a callqa report or report line")
                        break  // not JSON Lines at all: one message
                    }
                    if ReportEncoding.endsInsideValue(line) {
                        // A killed run, or a copy that stopped: the complete lines are still used.
                        let why = index == last ? ", where the file ends: a run stopped while writing it, or an incomplete copy?" : ""
                        Diagnostics.message(
                            "error: \(path):\(index + 1): the line is cut off (it ends in the middle of a call\(why)); "
                                + "that call is left out, the calls of the complete lines are read")
                        continue
                    }
                    Diagnostics.message("error: \(path):\(index + 1): not a callqa report or report line")
                }
            }
        }
        return collection
    }

    /// What to say of reports that hold part of a run: an interrupted run's (the calls finished
    /// by then), and the shards of a run (`--shard K/N`) named without all the others. Their
    /// calls were aggregated as if they were the whole run, in silence.
    static func partialRunWarnings(_ reports: [(path: String, report: Report)]) -> [String] {
        var warnings: [String] = []
        for (path, report) in reports where report.interrupted == true {
            warnings.append("\(path) is the report of an interrupted run: it holds only the calls finished by then "
                + "(run it again, with --state to go on where it stopped)")
        }
        var shards: [Int: (paths: [String], indices: Set<Int>)] = [:]
        for (path, report) in reports {
            guard let shard = report.shard else { continue }
            shards[shard.count, default: ([], [])].paths.append(path)
            shards[shard.count, default: ([], [])].indices.insert(shard.index)
        }
        for (count, named) in shards.sorted(by: { $0.key < $1.key }) {
            let missing = (1...max(count, 1)).filter { !named.indices.contains($0) }
            guard !missing.isEmpty else { continue }
            warnings.append("\(named.paths.joined(separator: ", ")) \(named.paths.count == 1 ? "is" : "are") part of a run scored "
                + "in \(count) shards, without shard \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")): the calls of the "
                + "missing shards are not counted; name every shard's report, or merge them first (callqa merge)")
        }
        return warnings
    }
}

/// What `callqa scorecard` does.
public enum ScorecardCommandRunner {
    public struct Request: Sendable {
        public var reports: [String]
        public var statePath: String?
        public var grouping: ScorecardGrouping
        public var checklist: String?
        public var from: String?
        public var to: String?
        public var format: ViewFormat
        public var outputPath: String?
        public var htmlPath: String?
        /// How `--format csv` is written (for scripts, or for Excel in a locale).
        public var csvStyle: CSVStyle

        public init(
            reports: [String], statePath: String?, grouping: ScorecardGrouping, checklist: String?, from: String?, to: String?,
            format: ViewFormat, outputPath: String?, htmlPath: String?, csvStyle: CSVStyle = .plain
        ) {
            (self.reports, self.statePath, self.grouping, self.checklist) = (reports, statePath, grouping, checklist)
            (self.from, self.to, self.format, self.outputPath, self.htmlPath) = (from, to, format, outputPath, htmlPath)
            self.csvStyle = csvStyle
        }
    }

    public static func run(_ request: Request) -> ExitStatus {
        do {
            var uses: [FileUse] = [request.outputPath].compactMap { $0 }.map { .output($0, "--out") }
            uses += [request.htmlPath].compactMap { $0 }.map { .output($0, "--html") }
            uses += request.reports.map { .input($0, "the report") }
            uses += [request.statePath].compactMap { $0 }.map { .input($0, "--state") }
            try OutputPaths.check(uses)
        } catch {
            Diagnostics.error(error)
            return .usageError
        }
        var period: ScorecardPeriod?
        if let from = request.from, let to = request.to {
            guard let valid = ScorecardPeriod(from: from, to: to) else {
                let notDates = [("--from", from), ("--to", to)].filter { ScorecardPeriod.day($0.1) == nil }
                let problem = notDates.isEmpty
                    ? "--from \(from) is after --to \(to)"
                    : notDates.map { "\($0.0) \($0.1) is not a date" }.joined(separator: " and ") + " (YYYY-MM-DD, a day the month has)"
                Diagnostics.message("error: \(problem)")
                return .usageError
            }
            period = valid
        }
        var failed = false
        var collection = ReportLoader.collect(request.reports, stateOption: true, failed: &failed)
        if let statePath = request.statePath {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: statePath, isDirectory: &isFolder) else {
                Diagnostics.message("error: \(statePath): no such state database")
                return .usageError
            }
            guard !isFolder.boolValue else {
                // It read "SQLite error 14: unable to open database file".
                Diagnostics.message("error: --state \(statePath) is a folder, not a state database; name the file 'callqa score --state' wrote")
                return .usageError
            }
            do {
                try StateStore(path: statePath).allResults().forEach { collection.addIfNew($0) }
            } catch {
                Diagnostics.error(error)
                return .usageError
            }
        }
        ReportLoader.warnAboutDuplicates(collection)
        let calls = collection.all
        if calls.isEmpty, failed {
            Diagnostics.message("error: no calls to aggregate in \((request.reports + [request.statePath].compactMap { $0 }).joined(separator: ", "))")
            return .usageError
        }
        if calls.isEmpty {
            // A report of a day without calls (`callqa score` exits 0 on an empty folder or
            // manifest) is an empty scorecard, not a usage error: `callqa score ... && callqa
            // scorecard ...` in a nightly job failed with status 2 on every day without calls.
            Diagnostics.message("warning: no calls in \((request.reports + [request.statePath].compactMap { $0 }).joined(separator: ", ")): "
                + "the scorecard is empty")
        }
        if let checklist = request.checklist, !calls.isEmpty, !calls.contains(where: { $0.checklists.contains { $0.id == checklist } }) {
            let known = Set(calls.flatMap { $0.checklists.map(\.id) }).sorted()
            Diagnostics.message("error: no call was scored with checklist '\(checklist)' (found: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
            return .usageError
        }
        let scorecard = Scorecard(calls: calls, grouping: request.grouping, checklist: request.checklist, period: period)
        if scorecard.undatedCallsExcluded > 0 {
            // Left out of the period, and out of the CSV and HTML views, with no word (only the
            // JSON view counted them).
            Diagnostics.message("warning: " + undatedMessage(calls, excluded: scorecard.undatedCallsExcluded))
        }
        let sources = request.reports + [request.statePath].compactMap { $0 }
        let shownCalls = period.map { Scorecard.select(calls, period: $0).current } ?? calls
        do {
            var page: Data?
            func html() -> Data {
                if let page { return page }
                let rendered = Data(ScorecardPage.render(scorecard, calls: shownCalls, title: "callqa scorecard", sources: sources).utf8)
                page = rendered
                return rendered
            }
            let data: Data
            switch request.format {
            case .json: data = try encode(scorecard)
            case .csv: data = ScorecardCSV.table(scorecard).render(style: request.csvStyle)
            case .html: data = html()
            }
            try write(data, to: request.outputPath)
            if let htmlPath = request.htmlPath { try AtomicFileWriter.write(html(), to: htmlPath) }
        } catch {
            Diagnostics.error(error)
            return error is OutputError ? .someFailed : .usageError
        }
        return failed ? .someFailed : .allScored
    }

    /// What a period run says of the calls it left out for want of a date.
    static func undatedMessage(_ calls: [CallReport], excluded: Int) -> String {
        let example = calls.lazy.filter { Scorecard.date(of: $0) == nil }.compactMap { call -> String? in
            for key in ["started_at", "date"] {
                if let value = call.metadata[key], !value.isEmpty { return "\(call.source): \(key) '\(value)'" }
            }
            return nil
        }.first
        return "\(excluded) call\(excluded == 1 ? "" : "s") left out of --from/--to: no started_at or date that reads as a date"
            + (example.map { " (e.g. \($0))" } ?? "")
            + "; dates are read as YYYY-MM-DD (2026-11-20, or ISO 8601 such as 2026-11-20T09:14:00+01:00) or YYYYMMDD"
    }

    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }

    /// Writes `data` to the file at `path` (atomically) or, for `nil`, to standard output.
    static func write(_ data: Data, to path: String?) throws(OutputError) {
        if let path { try AtomicFileWriter.write(data, to: path) } else { try OutputSink.standardOutput.write(data) }
    }
}

/// What `callqa calibrate` does: reads human QA evaluations (CSV with a header: `call_id`,
/// `item`, `human`, optionally `checklist`) and compares them with the reports' item results.
public enum CalibrateCommandRunner {
    /// - Parameter redactKeyFile: The key the reports were scored with under `--redact`
    ///   (otherwise `CALLQA_REDACT_KEY` in `environment`): when the reports' call ids are keyed
    ///   hashes, the evaluations' call_ids are hashed with it to match them.
    public static func run(
        reports: [String], humanPath: String, format: ViewFormat, outputPath: String?, csvStyle: CSVStyle = .plain,
        redactKeyFile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ExitStatus {
        do {
            let output: [FileUse] = [outputPath].compactMap { $0 }.map { .output($0, "--out") }
            try OutputPaths.check(output + [.input(humanPath, "--human")] + reports.map { .input($0, "the report") }
                + [redactKeyFile].compactMap { $0 }.map { .input($0, "--redact-key-file") })
        } catch {
            Diagnostics.error(error)
            return .usageError
        }
        var failed = false
        let calls = ReportLoader.load(reports, failed: &failed)
        if calls.isEmpty {
            // As the scorecard: an empty calibration with status 1 looked like a result.
            Diagnostics.message("error: no calls to compare the human evaluations with in \(reports.joined(separator: ", "))")
            return .usageError
        }
        let evaluations: [HumanEvaluation]
        var problems: [CalibrationProblem] = []
        do {
            (evaluations, problems) = try readEvaluations(humanPath)
        } catch {
            Diagnostics.message("error: \(error)")
            return .usageError
        }
        // Reports scored with --redact call_id (or source) name their calls by keyed hashes, which
        // no evaluation's call_id matched: every row was "not among the scored calls", and the
        // calls listed were 'h:...' ids with nothing saying why.
        let reportIDs = Set(calls.map(Calibration.identifier(of:)))
        let redacted = reportIDs.contains(where: Redaction.isHash)
        var key: Redaction?
        if redactKeyFile != nil || (redacted && environment["CALLQA_REDACT_KEY"] != nil) {
            do {
                key = try Redaction(fields: [], keyFile: redactKeyFile, environment: environment)
            } catch {
                Diagnostics.error(error)
                return .usageError
            }
        }
        let inClear = evaluations.filter { !Redaction.isHash($0.callID) && !reportIDs.contains($0.callID) }
        if redacted, !inClear.isEmpty {
            if let key {
                if !inClear.contains(where: { reportIDs.contains(key.hash($0.callID)) }) {
                    Diagnostics.message("warning: the reports' call ids are redacted (keyed hashes, 'h:...'), and none of the human "
                        + "evaluations' call_ids hashed with the key given matches one: is it the key the reports were scored with? (A call without a call_id "
                        + "cannot be matched by its file name under --redact source: the hash is of its whole path.)")
                }
            } else {
                Diagnostics.message("warning: " + redactedIDsMessage)
            }
        }
        let hashed: ((String) -> String)? = redacted ? key.map { key in { key.hash($0) } } : nil
        var calibration = Calibration(calls: calls, evaluations: evaluations, redactedID: hashed)
        calibration.problems = (problems + calibration.problems).sorted { $0.line < $1.line }
        calibration.evaluations += problems.count
        for problem in calibration.problems { Diagnostics.message("warning: \(humanPath):\(problem.line): \(problem.message)") }
        if calibration.compared == 0 {
            // An empty calibration with status 0 looked like a result (evaluations keyed by a
            // ticket number, the wrong report, every row a bad value): nothing to write.
            Diagnostics.message("error: " + nothingCompared(humanPath, rows: calibration.evaluations, calls: calls))
            return .usageError
        }
        do {
            let data: Data
            switch format {
            case .json: data = try ScorecardCommandRunner.encode(calibration)
            case .csv: data = ScorecardCSV.table(calibration).render(style: csvStyle)
            case .html: data = Data(ScorecardPage.render(calibration, title: "callqa calibration", sources: reports + [humanPath]).utf8)
            }
            try ScorecardCommandRunner.write(data, to: outputPath)
        } catch {
            Diagnostics.error(error)
            return error is OutputError ? .someFailed : .usageError
        }
        return failed ? .someFailed : .allScored
    }

    /// What calibrate says, once, of reports whose call ids are keyed hashes when no key is given.
    static let redactedIDsMessage = "the reports' call ids are redacted (scored with --redact call_id, or --redact source for "
        + "calls named by their file): they are keyed hashes ('h:...'), so the human evaluations' call_ids match them only if "
        + "they were hashed with the same key; give that key (--redact-key-file FILE, or CALLQA_REDACT_KEY) to match the "
        + "evaluations' call_ids as written"

    /// Why a calibration in which no evaluation could be compared is not written: how many rows
    /// there were, what a row's `call_id` and `item` must be, and how the reports' calls are named.
    static func nothingCompared(_ humanPath: String, rows: Int, calls: [CallReport]) -> String {
        let names = Array(Set(calls.filter { $0.status == .ok }.map(Calibration.identifier(of:)))).sorted()
        let examples = names.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (names.count > 3 ? " ..." : "")
        return "\(humanPath): none of its \(Plural.count(rows, "evaluation")) could be compared with callqa's results, so there is "
            + "no calibration (nothing written); a row's call_id is the call's call_id metadata (or its file name without the "
            + "extension) and its item a checklist item id"
            + (names.isEmpty ? "" : names.allSatisfy(Redaction.isHash)
                ? "; the reports' scored calls are named by keyed hashes (redacted: \(examples))" : "; the reports' scored calls are \(examples)")
    }

    /// Human verdicts callqa understands, lower-cased: English, and yes and no as QA sheets in
    /// Italian (sì/no), Spanish (sí/no) and Romanian (da/nu) write them, with or without the
    /// accent, and the OK/KO of Italian and Spanish sheets. Only English was read: "No" was a
    /// fail while "Sì" was refused, so a sheet's fails were compared and its passes dropped.
    static let passWords: Set<String> = ["pass", "passed", "yes", "y", "true", "1", "met", "ok", "sì", "sí", "si", "da"]
    static let failWords: Set<String> = ["fail", "failed", "no", "n", "false", "0", "not met", "unmet", "nu", "ko"]

    struct EvaluationFileError: Error, CustomStringConvertible {
        var description: String
    }

    static func readEvaluations(_ path: String) throws -> ([HumanEvaluation], [CalibrationProblem]) {
        let data: Data
        switch InputFile.read(path) {
        case .success(let read): data = read
        case .failure(let problem):
            let needs = problem.reason.hasPrefix("the file is empty") ? "; it needs a header row (call_id,item,human) and one row per item a person evaluated" : ""
            throw EvaluationFileError(description: "\(path): cannot read the human evaluations: \(problem.reason)\(needs)")
        }
        let text: String
        switch NotUTF8Text.decode(data) {
        case .success(let decoded): text = decoded
        case .failure(let problem):
            throw EvaluationFileError(
                description: "\(path):\(problem.line):\(problem.column): the human evaluations are \(problem.explanation); "
                    + "save the file as UTF-8 (in Excel: Save As, CSV UTF-8)")
        }
        // As manifests are read: commas, semicolons (Excel in Italian, Spanish, French, German) or
        // tabs, whichever gives the header its columns; names without case, spaces and hyphens as
        // `_` (`Call ID`). Only commas and exact names were read.
        let unmarked = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        // Excel's `sep=;` line names the separator; the header is on the next line.
        let hint = Manifest.excelSeparatorLine(unmarked)
        let body = hint?.rest ?? unmarked
        let offset = hint == nil ? 0 : 1
        var chosen: (reader: CSVReader, header: [String], separator: Unicode.Scalar)?
        var widestHeader: [String] = []
        func column(_ header: [String], _ names: String...) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
        func hasColumns(_ header: [String]) -> Bool {
            column(header, "call_id", "call") != nil && column(header, "item", "item_id") != nil
                && column(header, "human", "result", "passed", "human_result") != nil
        }
        for separator in hint.map({ [$0.separator] }) ?? Manifest.separators {
            let reader: CSVReader
            do {
                reader = try CSVReader(string: body, hasHeaderRow: true, trimFields: true, delimiter: separator)
            } catch {
                throw EvaluationFileError(description: "\(path): not a CSV file (\(error))")
            }
            let header = (reader.headerRow ?? []).map(Manifest.columnName)
            if header.count > widestHeader.count { widestHeader = header }
            if hasColumns(header) {
                chosen = (reader, header, separator)
                break
            }
        }
        guard let (reader, header, separator) = chosen, let callColumn = column(header, "call_id", "call"),
            let itemColumn = column(header, "item", "item_id"), let resultColumn = column(header, "human", "result", "passed", "human_result")
        else {
            throw EvaluationFileError(description: "\(path):\(1 + offset): the header needs the columns call_id, item and human (found: \(widestHeader.joined(separator: ", ")))")
        }
        // As in a manifest: a quote left open read every later row into one field, so those
        // evaluations were lost behind one "is not pass/fail" warning, and the run exited 0.
        if let runaway = Manifest.runawayQuote(in: body, delimiter: separator) {
            throw EvaluationFileError(description: "\(path):\(runaway.line + offset): \(runaway.reason)")
        }
        let checklistColumn = column(header, "checklist", "checklist_id")
        var evaluations: [HumanEvaluation] = [], problems: [CalibrationProblem] = []
        // Lines as a spreadsheet numbers them: a quoted field may hold line breaks.
        var next = 1 + offset + header.reduce(0) { $0 + Manifest.lineBreaks(in: $1) } + 1
        var line = 1
        var seen: [String: (passed: Bool, line: Int)] = [:]
        var rows = 0
        while let row = reader.next() {
            line = next
            next += 1 + row.reduce(0) { $0 + Manifest.lineBreaks(in: $1) }
            // A blank line, or a spreadsheet's ",,,": not an evaluation (it was "call_id and item must not be empty").
            if row.allSatisfy(\.isEmpty) { continue }
            // The header again (two files joined with `cat`): no evaluation (it was "human result
            // 'human' is not pass/fail").
            if Manifest.repeatsHeader(row, header) { continue }
            rows += 1
            func field(_ index: Int) -> String { index < row.count ? row[index] : "" }
            let call = field(callColumn), item = field(itemColumn), verdict = field(resultColumn).lowercased()
            if call.isEmpty || item.isEmpty {
                problems.append(CalibrationProblem(line: line, message: "call_id and item must not be empty"))
                continue
            }
            let passed: Bool
            if passWords.contains(verdict) {
                passed = true
            } else if failWords.contains(verdict) {
                passed = false
            } else {
                problems.append(CalibrationProblem(line: line, message: "human result '\(field(resultColumn))' is not pass/fail (also: yes/no, sì/no, sí/no, da/nu, ok/ko, true/false, 1/0, met/not met)"))
                continue
            }
            let checklist = checklistColumn.map(field).flatMap { $0.isEmpty ? nil : $0 }
            let key = "\(call)\u{0}\(checklist ?? "")\u{0}\(item)"
            if let first = seen[key] {
                // Pass on one line and fail on another read as a harmless repeat.
                func word(_ passed: Bool) -> String { passed ? "pass" : "fail" }
                problems.append(CalibrationProblem(line: line, message: first.passed == passed
                    ? "duplicate evaluation of item \(item) on call \(call); the first is used"
                    : "conflicting evaluations of item \(item) on call \(call): \(word(passed)) here, \(word(first.passed)) on line "
                        + "\(first.line); the first (\(word(first.passed))) is used: correct the one that is wrong"))
                continue
            }
            seen[key] = (passed, line)
            evaluations.append(HumanEvaluation(callID: call, checklist: checklist, item: item, passed: passed, line: line))
        }
        if let error = reader.error {
            problems.append(CalibrationProblem(line: next, message: "cannot read further: \(error)"))
        }
        if rows == 0, reader.error == nil {
            // An empty calibration with status 0 looked like a result.
            throw EvaluationFileError(description: "\(path): no evaluations in the file (a header alone); "
                + "it needs one row per item a person evaluated: call_id, item, human (pass or fail)")
        }
        return (evaluations, problems)
    }
}
