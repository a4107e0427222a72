import CSV
import Foundation

/// A manifest that cannot be used at all (usage error, exit status 2).
public enum ManifestError: Error, LocalizedError, Equatable {
    /// The manifest file cannot be read.
    case unreadable(path: String, reason: String)
    /// The header lacks the columns that name the recordings.
    case missingPathColumn(path: String)
    /// The file is not valid CSV or JSON Lines at this line.
    case malformed(path: String, line: Int, reason: String)

    public var errorDescription: String? {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read the manifest: \(reason)"
        case .missingPathColumn(let path):
            "\(path):1: the manifest needs a 'path' column, or 'agent_path' and 'customer_path' columns for two leg files"
        case .malformed(let path, let line, let reason): "\(path):\(line): \(reason)"
        }
    }
}

/// One row of a manifest: a call to score, or a problem with the row (which becomes an error
/// entry in the report; the rest of the batch runs).
public struct ManifestRow: Sendable, Equatable {
    /// 1-based line of the row in the manifest.
    public var line: Int
    public var job: CallJob?
    /// `manifest.missing_file`, `manifest.duplicate_row` or `manifest.bad_value`.
    public var problemCode: String?
    public var problem: String?
}

/// Reads manifests exported by telephony platforms: CSV with a header row (RFC 4180) or JSON
/// Lines, one call per row. Columns: `path` (or `agent_path` and `customer_path` for two leg
/// files), `agent_channel` (0/1 or left/right), and any metadata (call_id, agent_id, agent_name,
/// team, direction, queue, campaign, started_at, ...), all kept as call metadata. Relative paths
/// are relative to the manifest's folder.
public enum Manifest {
    public static func read(path: String, defaultLayout: ChannelLayout = .agentLeft) throws(ManifestError) -> [ManifestRow] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "missing or unreadable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "not UTF-8 text")
        }
        let records = try isJSONLines(path) ? jsonLines(text, path: path) : csv(text, path: path)
        let folder = PathName.deletingLastComponent(path)
        func resolve(_ file: String) -> String {
            file.hasPrefix("/") || folder.isEmpty ? file : PathName.appending(folder, file)
        }
        var seen: [String: Int] = [:]
        var rows: [ManifestRow] = []
        for (line, fields) in records {
            func problem(_ code: String, _ message: String) {
                rows.append(ManifestRow(line: line, job: nil, problemCode: code, problem: "\(path):\(line): \(message)"))
            }
            if let bad = fields["__bad"] {
                problem("manifest.bad_value", "the row \(bad)")
                continue
            }
            let single = fields["path"].flatMap { $0.isEmpty ? nil : $0 }
            let agentLeg = fields["agent_path"].flatMap { $0.isEmpty ? nil : $0 }
            let customerLeg = fields["customer_path"].flatMap { $0.isEmpty ? nil : $0 }
            guard let recording = single ?? agentLeg else {
                problem("manifest.bad_value", "no recording: 'path' (or 'agent_path' and 'customer_path') is empty")
                continue
            }
            if single == nil, customerLeg == nil {
                problem("manifest.bad_value", "'agent_path' is given without 'customer_path'")
                continue
            }
            var layout = defaultLayout
            if let channel = fields["agent_channel"], !channel.isEmpty {
                switch channel.lowercased() {
                case "0", "left", "l": layout = .agentLeft
                case "1", "right", "r": layout = .agentRight
                default:
                    problem("manifest.bad_value", "agent_channel must be 0, 1, left or right; got '\(channel)'")
                    continue
                }
            }
            let files = [recording] + (single == nil ? [customerLeg ?? ""] : [])
            let resolved = files.map(resolve)
            if let missing = zip(files, resolved).first(where: { !FileManager.default.fileExists(atPath: $0.1) }) {
                problem("manifest.missing_file", "recording '\(missing.0)' not found")
                continue
            }
            let key = resolved.joined(separator: "\n")
            if let first = seen[key] {
                problem("manifest.duplicate_row", "'\(files.joined(separator: "' + '"))' is listed again (first on line \(first))")
                continue
            }
            seen[key] = line
            var metadata = fields.filter { !$0.value.isEmpty && !["path", "agent_channel"].contains($0.key) }
            metadata["manifest_line"] = String(line)
            rows.append(ManifestRow(
                line: line,
                job: CallJob(path: resolved[0], customerLegPath: resolved.count > 1 ? resolved[1] : nil, layout: layout, metadata: metadata),
                problemCode: nil, problem: nil))
        }
        return rows
    }

    static func isJSONLines(_ path: String) -> Bool {
        ["jsonl", "ndjson"].contains(PathName.pathExtension(path).lowercased())
    }

    /// CSV records with the line each starts on (quoted fields may span lines).
    static func csv(_ text: String, path: String) throws(ManifestError) -> [(Int, [String: String])] {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true)
        } catch {
            throw .malformed(path: path, line: 1, reason: "not valid CSV: \(error)")
        }
        guard let header = reader.headerRow?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw .missingPathColumn(path: path)
        }
        guard header.contains("path") || (header.contains("agent_path") && header.contains("customer_path")) else {
            throw .missingPathColumn(path: path)
        }
        var line = 1 + header.joined().filter { $0 == "\n" }.count + 1
        var records: [(Int, [String: String])] = []
        while let row = reader.next() {
            let start = line
            line += 1 + row.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
            if row.count == 1, row[0].isEmpty { continue }  // blank line
            var fields: [String: String] = [:]
            for (index, name) in header.enumerated() where index < row.count { fields[name] = row[index] }
            if row.count != header.count {
                fields["__bad"] = "has \(row.count) fields but the header has \(header.count)"
            }
            records.append((start, fields))
        }
        if let error = reader.error {
            throw .malformed(path: path, line: line, reason: "not valid CSV: \(error)")
        }
        return records
    }

    /// JSON Lines records: one object per line; non-string values are kept as their JSON text.
    static func jsonLines(_ text: String, path: String) throws(ManifestError) -> [(Int, [String: String])] {
        var records: [(Int, [String: String])] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                records.append((index + 1, ["__bad": "is not a JSON object"]))
                continue
            }
            var fields: [String: String] = [:]
            for (key, value) in object {
                switch value {
                case let string as String: fields[key.lowercased()] = string
                case let number as NSNumber: fields[key.lowercased()] = number.stringValue
                case is NSNull: continue
                default: fields[key.lowercased()] = String(describing: value)
                }
            }
            records.append((index + 1, fields))
        }
        if records.isEmpty || !records.contains(where: { $0.1["path"] != nil || $0.1["agent_path"] != nil }) {
            throw .missingPathColumn(path: path)
        }
        return records
    }
}
