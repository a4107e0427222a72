import Foundation
import Reporting

/// Reports that cannot be merged (usage error, exit status 2).
public enum MergeError: Error, LocalizedError, Equatable {
    case unreadable(path: String, reason: String)
    case incompatible(path: String, reason: String)
    case conflict(source: String, first: String, second: String)
    /// A part of an interrupted run: it holds only the calls finished before the interruption.
    case interrupted(path: String)
    /// The parts are not the whole of one sharded run.
    case incompleteShards(reason: String)
    /// A JSON Lines report (`--format jsonl`): its lines carry no shard, version or checklists.
    case jsonLines(path: String)

    public var errorDescription: String? {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read the report: \(reason)"
        case .incompatible(let path, let reason): "\(path): cannot be merged with the first report: \(reason)"
        case .conflict(let source, let first, let second): "\(source) has different results in \(first) and \(second)"
        case .interrupted(let path):
            "\(path): the run that wrote it was interrupted, so it holds only the calls finished by then; "
                + "run that shard again (with --state it goes on where it stopped)"
        case .incompleteShards(let reason): "the parts are not a whole sharded run: \(reason)"
        case .jsonLines(let path):
            "\(path): a JSON Lines report (--format jsonl), whose lines do not say which shard, version and checklists "
                + "wrote them, so merge cannot check the parts are one whole run; score the shards with --format json (the "
                + "default) to merge them, or join JSON Lines parts as they are (cat part-*.jsonl > report.jsonl; "
                + "callqa scorecard and calibrate read JSON Lines)"
        }
    }
}

/// What `callqa merge` does: combines the partial reports of a sharded run into one report,
/// equal to the report a single process would have written.
public enum MergeCommandRunner {
    public static func merge(_ paths: [String]) throws(MergeError) -> Report {
        var first: (path: String, report: Report)?
        var calls: [String: (path: String, call: CallReport)] = [:]
        var shards: [(path: String, shard: ShardInfo?)] = []
        for path in paths {
            let data: Data
            switch InputFile.read(path) {
            case .success(let read): data = read
            case .failure(let problem): throw .unreadable(path: path, reason: problem.reason)
            }
            let report: Report
            do {
                report = try ReportEncoding.decode(data)
            } catch {
                if data.starts(with: ReportLoader.sqliteHeader) {
                    // A shard's state database named as a part read "not a callqa JSON report
                    // (The data isn't in the correct format.)".
                    throw .unreadable(path: path, reason: "a SQLite database (a shard's --state database?), not a report: "
                        + "merge state databases with --state merged.sqlite --state-part \(path)")
                }
                if isJSONLines(data) { throw .jsonLines(path: path) }
                if ReportEncoding.endsInsideValue(data) {
                    throw .unreadable(path: path, reason: "it is cut off (it ends in the middle of the JSON document: an incomplete copy?); "
                        + "copy it again whole, or score that part again")
                }
                if (try? JSONSerialization.jsonObject(with: data)) != nil {
                    throw .unreadable(path: path, reason: "not a callqa JSON report (a JSON document without callqa's calls: a "
                        + "scorecard's or a calibration's output?); name the reports 'callqa score --shard' wrote")
                }
                throw .unreadable(path: path, reason: "not a callqa JSON report (\(error.localizedDescription))")
            }
            if let base = first {
                if report.schemaVersion != base.report.schemaVersion || report.tool != base.report.tool {
                    throw .incompatible(path: path, reason: "written by \(report.tool.name) \(report.tool.version) (schema \(report.schemaVersion)), not \(base.report.tool.version) (schema \(base.report.schemaVersion))")
                }
                if report.checklists.map(\.contentHash) != base.report.checklists.map(\.contentHash) {
                    throw .incompatible(path: path, reason: "scored with other checklists (\(report.checklists.map(\.id).joined(separator: ", ")))")
                }
                if let options = report.shard?.options, let baseOptions = base.report.shard?.options,
                    let name = Set(options.keys).union(baseOptions.keys).sorted().first(where: { options[$0] != baseOptions[$0] }) {
                    func described(_ value: String?) -> String {
                        guard let value else { return "not recorded" }
                        return value.isEmpty ? "not given" : value
                    }
                    throw .incompatible(path: path, reason: "scored with \(name) \(described(options[name])), the first report with \(name) "
                        + "\(described(baseOptions[name])) (\(base.path)): score every shard with the same options")
                }
            } else {
                first = (path, report)
            }
            if report.interrupted == true { throw .interrupted(path: path) }
            shards.append((path, report.shard))
            for call in report.calls {
                if let seen = calls[call.source] {
                    guard seen.call == call else { throw .conflict(source: call.source, first: seen.path, second: path) }
                    continue
                }
                calls[call.source] = (path, call)
            }
        }
        try checkShards(shards)
        return Report(checklists: first?.report.checklists ?? [], calls: calls.values.map(\.call))
    }

    /// Whether `data` reads as a `--format jsonl` report: its first line is one call.
    static func isJSONLines(_ data: Data) -> Bool {
        guard let line = data.split(separator: 0x0A).first(where: { !$0.allSatisfy { $0 == 0x20 || $0 == 0x0D } }) else { return false }
        return (try? JSONDecoder().decode(CallReport.self, from: Data(line))) != nil
    }

    /// Parts written with `--shard K/N` must be the N shards of one run, each once. (Reports
    /// without a shard, from whole runs, are merged as they come.)
    static func checkShards(_ parts: [(path: String, shard: ShardInfo?)]) throws(MergeError) {
        let sharded = parts.compactMap { part in part.shard.map { (part.path, $0) } }
        guard let count = sharded.first?.1.count else { return }
        if let whole = parts.first(where: { $0.shard == nil }) {
            throw .incompleteShards(reason: "\(whole.path) is a whole run's report, the others are shards")
        }
        if let other = sharded.first(where: { $0.1.count != count }) {
            throw .incompleteShards(reason: "\(other.0) is shard \(other.1.index)/\(other.1.count), \(sharded[0].0) one of \(count)")
        }
        var seen: [Int: String] = [:]
        for (path, shard) in sharded {
            if let earlier = seen[shard.index] {
                // The same file named twice read "part2.json and part2.json are both shard 2/3".
                if earlier == path || FileIdentity(path: earlier) == FileIdentity(path: path) {
                    throw .incompleteShards(reason: earlier == path
                        ? "\(path) (shard \(shard.index)/\(count)) is named twice; name each shard's report once"
                        : "\(earlier) and \(path) are the same file (shard \(shard.index)/\(count)), named twice; name each shard's report once")
                }
                throw .incompleteShards(reason: "\(earlier) and \(path) are both shard \(shard.index)/\(count)")
            }
            seen[shard.index] = path
        }
        let missing = (1...count).filter { seen[$0] == nil }
        if !missing.isEmpty {
            let list = missing.map { "\($0)/\(count)" }.joined(separator: ", ")
            throw .incompleteShards(reason: "shard\(missing.count > 1 ? "s" : "") \(list) \(missing.count > 1 ? "are" : "is") missing")
        }
    }

    /// Copies the results of the shards' state databases `parts` into the state database at
    /// `target` (created if needed), so the next run skips everything any shard finished.
    /// Returns the number of results copied. Every part is checked first: a missing part, or one
    /// that is not a state database, stops the merge before the target is created or changed.
    public static func mergeState(_ parts: [String], into target: String) throws -> Int {
        for part in parts { try StateStore.checkPart(part) }
        let store = try StateStore(path: target, exclusiveRun: true)
        var copied = 0
        for part in parts {
            if URL(fileURLWithPath: part).standardizedFileURL == URL(fileURLWithPath: target).standardizedFileURL { continue }
            copied += try store.importResults(from: part)
        }
        return copied
    }

    /// Merges and writes the report (when `paths` is not empty) and the state databases (when
    /// `stateParts` is not empty); prints the error and returns the exit status: 2 before anything
    /// is written (a part cannot be merged, an output names an input), 1 when the report cannot
    /// be written.
    public static func run(_ paths: [String], outputPath: String?, stateParts: [String] = [], statePath: String? = nil) -> ExitStatus {
        do {
            var uses: [FileUse] = [outputPath].compactMap { $0 }.map { .output($0, "--out") }
            uses += [statePath].compactMap { $0 }.map { FileUse($0, role: "--state", access: .readWrite) }
            uses += paths.map { .input($0, "the partial report") } + stateParts.map { .input($0, "--state-part") }
            try OutputPaths.check(uses)
            if !paths.isEmpty {
                let report = try merge(paths)
                let data = try ReportEncoding.json(report)
                if let outputPath { try AtomicFileWriter.write(data, to: outputPath) } else { try OutputSink.standardOutput.write(data) }
            }
            if let statePath, !stateParts.isEmpty {
                _ = try mergeState(stateParts, into: statePath)
            }
            return .allScored
        } catch {
            Diagnostics.error(error)
            return error is OutputError ? .someFailed : .usageError
        }
    }
}
