import AudioIO
import CSV
import Foundation
import Reporting
import Scoring

/// A manifest that cannot be used at all (usage error, exit status 2).
public enum ManifestError: Error, LocalizedError, Equatable {
    /// The manifest file cannot be read.
    case unreadable(path: String, reason: String)
    /// The header lacks the columns that name the recordings (`found`: the columns it has).
    case missingPathColumn(path: String, found: [String])
    /// The file is not valid CSV or JSON Lines at this line.
    case malformed(path: String, line: Int, reason: String)
    /// The file is not UTF-8 text (a spreadsheet's Windows-1252 or UTF-16) from this point.
    case notUTF8(path: String, problem: NotUTF8Text)

    public var errorDescription: String? {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read the manifest: \(reason)"
        case .missingPathColumn(let path, let found):
            "\(path):1: the manifest needs a 'path' column, or 'agent_path' and 'customer_path' columns for two leg files"
                + (found.isEmpty ? "" : " (found: \(found.map { "'\($0)'" }.joined(separator: ", ")))")
                + (found.first(where: Self.namesARecording).map(Self.listWithoutHeader) ?? "")
        case .malformed(let path, let line, let reason): "\(path):\(line): \(reason)"
        case .notUTF8(let path, let problem):
            "\(path):\(problem.line):\(problem.column): the manifest is \(problem.explanation); save it as UTF-8 "
                + "(in Excel: Save As, CSV UTF-8)"
        }
    }

    /// Whether a header field is a recording's name (an audio extension): a list of files, one a
    /// line, given as a manifest (`find ... | callqa score --manifest -`), which has no header.
    static func namesARecording(_ field: String) -> Bool {
        let ext = PathName.pathExtension(field).lowercased()
        return InputCollector.audioExtensions.contains(ext) || UnreadableFormats.byExtension[ext] != nil
    }

    /// What to do with a list of files given as a manifest: its first file read as the header.
    static func listWithoutHeader(_ field: String) -> String {
        "; '\(field)' is a recording, not a column name: a manifest's first line names its columns, so for a list of files, "
            + "one a line, put a line 'path' first (e.g. (echo path; find /recordings -name '*.wav') | callqa score --manifest -)"
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
    /// The recordings a problem row names, as written in it (its message names them): what
    /// `--redact source` replaces in the message.
    public var recordings: [String] = []
    /// A problem row's metadata, as its call would have carried it (its columns other than the
    /// recordings and agent_channel, and `manifest_line`), so its error entry says which call and
    /// agent lack a recording; empty for a row that could not be read into fields.
    public var metadata: [String: String] = [:]
    /// How many fields a CSV row has fewer than the header (read as empty): Excel leaves out the
    /// separators of a row's empty last cells. 0 for a row of every field.
    public var missingFields = 0
}

/// Reads manifests exported by telephony platforms and spreadsheets: CSV with a header row (RFC
/// 4180; fields separated by commas, semicolons or tabs, whichever gives the header its `path`
/// column) or JSON Lines (`.jsonl`, `.ndjson`, or any file whose first character is `{`), one
/// call per row, lines ending in LF, CRLF or CR. Columns: `path` (or `agent_path` and
/// `customer_path` for two leg files), `agent_channel` (0/1 or left/right), and any metadata
/// (call_id, agent_id, agent_name, team, direction, queue, campaign, started_at, ...), all kept as
/// call metadata. Relative paths are relative to the manifest's folder. Rows whose fields are all
/// empty (a spreadsheet's `,,,`) are blank lines. A recording named by a second row, under any
/// spelling (`x.wav`, `./x.wav`, an absolute path, a symbolic link), is a duplicate row. A JSON
/// Lines row that gives a key twice (`{"path": "a.wav", "path": "b.wav"}`, or `Path` and `path`)
/// is a bad row: JSON would keep one of the two values silently.
public enum Manifest {
    /// The metadata columns of `rows` that look like misspellings of the fields checklists and
    /// scorecards read (`agnet_name`: `agent_name`), each with the field meant, sorted: kept
    /// under the name written, they are read by nothing (the run warns, `manifest.unknown_column`).
    public static func misspelledColumns(in rows: [ManifestRow]) -> [(column: String, meant: String)] {
        let columns = Set(rows.flatMap { $0.job?.metadata.keys.map { $0 } ?? [] })
        return columns.sorted().compactMap { column in MetadataFields.misspelling(of: column).map { (column, $0) } }
    }

    /// The `call_id`s that several rows give to different recordings, each with the lines that
    /// give it, in order of first line: human evaluations (`callqa calibrate`) name calls by
    /// `call_id` and cannot tell such calls apart (the run warns, `manifest.duplicate_call_id`).
    public static func repeatedCallIDs(in rows: [ManifestRow]) -> [(callID: String, lines: [Int])] {
        var lines: [String: [Int]] = [:]
        var order: [String] = []
        for row in rows {
            guard let id = row.job?.metadata["call_id"], !id.isEmpty else { continue }
            if lines[id] == nil { order.append(id) }
            lines[id, default: []].append(row.line)
        }
        return order.compactMap { id in lines[id].flatMap { $0.count > 1 ? (id, $0) : nil } }
    }

    /// The lines of the CSV rows with fewer fields than the header, whose missing last fields
    /// were read as empty (the run warns, `manifest.short_rows`: as Excel writes rows whose last
    /// cells are empty, or a row with a field left out, whose later values moved one column left).
    public static func shortRows(in rows: [ManifestRow]) -> [Int] {
        rows.filter { $0.missingFields > 0 }.map(\.line)
    }

    /// The field under which `csv` marks a row with fewer fields than the header (how many).
    static let shortRowKey = "\u{0}short"

    /// The metadata field that holds the manifest line a call was listed on.
    public static let lineField = "manifest_line"

    /// The manifest path that names standard input (`--manifest -`).
    public static let standardInput = "-"

    /// How messages name the manifest at `path`: as given, or "standard input" for `-`.
    public static func displayName(_ path: String) -> String {
        path == standardInput ? "standard input" : path
    }

    /// The rows of the manifest at `path` (`-`: standard input, CSV or JSON Lines told apart by
    /// its content), each a call (`defaultLayout` unless its `agent_channel` says otherwise) or a
    /// problem of its own. Relative paths are read from the manifest's folder; from standard input,
    /// as from `/dev/stdin`, from the current folder when it is a pipe, and from the file's folder
    /// when it is a file (`< calls.csv`).
    ///
    /// - Throws: `ManifestError` for a manifest that cannot be used at all: unreadable, not UTF-8,
    ///   malformed, or without a `path` column. A manifest without rows (0 bytes, blank lines, a
    ///   header alone: a day without calls) has no rows.
    public static func read(path: String, defaultLayout: ChannelLayout = .agentLeft) throws(ManifestError) -> [ManifestRow] {
        // `-` was looked for as a file named '-' ("no such file"); it is read as /dev/stdin is.
        let file = path == standardInput ? "/dev/stdin" : path
        let path = displayName(path)
        let data: Data
        switch InputFile.read(file, allowEmpty: true) {
        case .success(let read): data = read
        case .failure(let problem): throw .unreadable(path: path, reason: problem.reason)
        }
        var text: String
        switch NotUTF8Text.decode(data) {
        case .success(let decoded): text = decoded
        case .failure(let problem): throw .notUTF8(path: path, problem: problem)
        }
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }  // Excel's "CSV UTF-8"
        // An export of a day without calls (0 bytes, or blank lines): no rows, as a header alone.
        if text.unicodeScalars.allSatisfy(CharacterSet.whitespacesAndNewlines.contains) { return [] }
        let json = isJSONLines(file, text: text)
        let records = try json ? jsonLines(text, path: path) : csv(text, path: path)
        let folder = recordingsFolder(file)
        func resolve(_ file: String) -> String {
            file.hasPrefix("/") || folder.isEmpty ? file : PathName.appending(folder, file)
        }
        var seen: [[FileIdentity]: Int] = [:]
        var rows: [ManifestRow] = []
        for (line, readFields) in records {
            var fields = readFields
            let missingFields = fields.removeValue(forKey: shortRowKey).flatMap { Int($0) } ?? 0
            // The recording columns are its source, not metadata: `agent_path` and `customer_path`
            // kept as metadata put the leg files in clear in a `--redact source` report.
            var metadata = fields.filter { !$0.value.isEmpty && !["path", "agent_path", "customer_path", "agent_channel"].contains($0.key) }
            metadata[Manifest.lineField] = String(line)
            // A row's problem keeps its metadata: a missing recording's entry was `metadata: {}`,
            // so nobody could tell which call and agent lacked it (an unreadable file's kept it).
            func problem(_ code: String, _ message: String, naming recordings: [String] = [], metadata: [String: String] = metadata) {
                rows.append(ManifestRow(
                    line: line, job: nil, problemCode: code, problem: "\(path):\(line): \(message)", recordings: recordings,
                    metadata: metadata, missingFields: missingFields))
            }
            if let bad = fields["__bad"] {
                problem("manifest.bad_value", "the row \(bad)", metadata: [:])
                continue
            }
            let single = fields["path"].flatMap { $0.isEmpty ? nil : $0 }
            let agentLeg = fields["agent_path"].flatMap { $0.isEmpty ? nil : $0 }
            let customerLeg = fields["customer_path"].flatMap { $0.isEmpty ? nil : $0 }
            guard let recording = single ?? agentLeg else {
                // A customer leg alone was "no recording", as if the row named none.
                problem("manifest.bad_value", customerLeg == nil
                    ? "no recording: 'path' (or 'agent_path' and 'customer_path') is \(json ? "null or empty" : "empty")"
                    : "'customer_path' is given without 'agent_path'")
                continue
            }
            if single != nil, agentLeg != nil || customerLeg != nil {
                // Which one the row means cannot be told: scoring 'path' left the legs out, silently.
                problem("manifest.bad_value", "the row gives both 'path' and '\(agentLeg != nil ? "agent_path" : "customer_path")'; "
                    + "give 'path' for one recording, or 'agent_path' and 'customer_path' for two leg files")
                continue
            }
            if single == nil, customerLeg == nil {
                problem("manifest.bad_value", "'agent_path' is given without 'customer_path'")
                continue
            }
            var layout = defaultLayout
            var requested: ManifestAgentChannel?
            if let channel = fields["agent_channel"], !channel.isEmpty {
                switch channel.lowercased() {
                case "0", "left", "l": layout = .agentLeft
                case "1", "right", "r": layout = .agentRight
                default:
                    problem("manifest.bad_value", "agent_channel must be 0, 1, left or right; got '\(channel)'")
                    continue
                }
                // Two leg files ignore it with their own warning (below).
                if single != nil {
                    requested = ManifestAgentChannel(manifest: path, line: line, value: channel, agentChannel: layout.agentChannel)
                }
            }
            let files = [recording] + (single == nil ? [customerLeg ?? ""] : [])
            let resolved = files.map(resolve)
            if let missing = zip(files, resolved).first(where: { !FileManager.default.fileExists(atPath: $0.1) }) {
                // A path written relative to the current folder, not to the manifest's, failed on
                // every row with no hint why: say where it was looked for, and what is there.
                let elsewhere = missing.0 != missing.1 && FileManager.default.fileExists(atPath: missing.0)
                let windows = elsewhere ? nil : windowsPathHint(missing.0, resolve: resolve) ?? urlOrHomeHint(missing.0)
                    ?? unicodeFormHint(missing.0, resolve: resolve)
                problem(
                    "manifest.missing_file",
                    "recording '\(missing.0)' not found"
                        + (elsewhere ? " at '\(missing.1)': paths in a manifest are relative to the manifest's folder, and "
                            + "'\(missing.0)' is in the current folder; write the paths from the manifest's folder, or absolute"
                            : windows?.hint ?? ""),
                    naming: [missing.0, missing.1] + (windows?.spellings ?? []))
                continue
            }
            let key = resolved.map { FileIdentity(path: $0) }
            if key.count == 2, key[0] == key[1] {
                // One recording heard as both parties: every word was overlap, silently.
                problem("manifest.bad_value", "'agent_path' and 'customer_path' name the same file ('\(files[0])'"
                    + "\(files[0] == files[1] ? "" : " and '\(files[1])'")); give each party's leg file", naming: files)
                continue
            }
            if let first = seen[key] {
                problem("manifest.duplicate_row", "'\(files.joined(separator: "' + '"))' is listed again (first on line \(first))", naming: files)
                continue
            }
            if key.count == 2, let first = seen[key.reversed()] {
                // One row per leg, as call records list them: the same call, once with its parties
                // swapped, so each party's talk, interruptions and greeting were the other's.
                problem("manifest.duplicate_row", "'\(files.joined(separator: "' + '"))' are the legs of line \(first) with agent and "
                    + "customer swapped: the same call; keep the row whose agent_path is the agent's leg", naming: files)
                continue
            }
            seen[key] = line
            var warnings: [String] = []
            if single == nil, let channel = fields["agent_channel"], !channel.isEmpty {
                // Leg files name the parties by their columns; the value was ignored, silently.
                warnings.append("\(path):\(line): agent_channel '\(channel)' does not apply to two leg files and was ignored: "
                    + "agent_path is the agent's leg and customer_path the customer's (swap the columns if the platform swapped them)")
            }
            rows.append(ManifestRow(
                line: line,
                job: CallJob(
                    path: resolved[0], customerLegPath: resolved.count > 1 ? resolved[1] : nil, layout: layout, metadata: metadata,
                    warnings: warnings, manifestAgentChannel: requested),
                problemCode: nil, problem: nil, missingFields: missingFields))
        }
        return rows
    }

    /// What to say of a missing recording written as a Windows path (`rec\\call.wav`,
    /// `C:\\Recordings\\call.wav`, as platforms on Windows export them): on Linux a backslash is
    /// part of a file name, so every such row was "not found" with no hint why. The path is not
    /// rewritten (a file name may hold a backslash); the message says how to write it, and
    /// whether the file is there under that spelling (`spellings`: the ones it names, for
    /// `--redact source`). nil for other paths.
    static func windowsPathHint(_ file: String, resolve: (String) -> String) -> (hint: String, spellings: [String])? {
        guard file.contains("\\") else { return nil }
        var unix = file.replacingOccurrences(of: "\\", with: "/")
        if unix.count >= 2, unix.first?.isLetter == true, unix.dropFirst().first == ":" {
            return (": it is a Windows path (drive \(unix.prefix(2))); write the paths as the recordings' folder is named on this "
                + "machine, with '/' between folders", [])
        }
        while unix.hasPrefix("./") { unix.removeFirst(2) }
        let there = FileManager.default.fileExists(atPath: resolve(unix))
        return (": it is written with '\\' between folders, as on Windows; write '/'" + (there ? " ('\(unix)' is there)" : ""),
                there ? [unix] : [])
    }

    /// What to say of a missing recording written as a URL (`file:///rec/call.wav`,
    /// `https://...`, as platforms export links to recordings) or from the home folder
    /// (`~/rec/call.wav`, which only a shell expands): each was "not found" with no hint why.
    /// `spellings`: the path it names on this machine, when that file is there. nil for other
    /// paths.
    static func urlOrHomeHint(_ file: String) -> (hint: String, spellings: [String])? {
        let lower = file.lowercased()
        if lower.hasPrefix("file://") {
            let local = URL(string: file)?.path ?? String(file.dropFirst(7))
            let there = !local.isEmpty && FileManager.default.fileExists(atPath: local)
            return (": it is a file:// URL; write the recording's path" + (there ? " ('\(local)' is there)" : ""), there ? [local] : [])
        }
        if let scheme = ["http://", "https://", "ftp://", "sftp://", "s3://"].first(where: lower.hasPrefix) {
            return (": it is a \(scheme.dropLast(3)) URL; callqa reads recordings from this machine's files: download them "
                + "and write their paths", [])
        }
        if file == "~" || file.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty {
            let local = home + file.dropFirst()
            let there = FileManager.default.fileExists(atPath: local)
            return (": a manifest's paths are not read by a shell, so '~' is not your home folder; write the full path"
                + (there ? " ('\(local)' is there)" : ""), there ? [local] : [])
        }
        return nil
    }

    /// What to say of a missing recording whose name is there with its accented letters encoded
    /// the other way (Unicode NFC, one code point for `ñ`, against NFD, `n` and a combining tilde:
    /// names written on macOS, or typed on Windows): the two look the same, so "recording
    /// 'llamada_Muñoz.wav' not found" named what looked like the file that was there. Names are
    /// compared byte for byte (two such files are two recordings), so the row is not read as the
    /// other file. nil when neither form is there.
    static func unicodeFormHint(_ file: String, resolve: (String) -> String) -> (hint: String, spellings: [String])? {
        let forms = [("NFC", file.precomposedStringWithCanonicalMapping), ("NFD", file.decomposedStringWithCanonicalMapping)]
        for (form, other) in forms where Array(other.utf8) != Array(file.utf8) && FileManager.default.fileExists(atPath: resolve(other)) {
            let written = form == "NFC" ? "NFD" : "NFC"
            return (": a file whose name looks the same is there, with its accented letters encoded otherwise (Unicode \(form); "
                + "the manifest writes \(written)); names are compared byte for byte: write them as the files have them, or rename the files",
                [other])
        }
        return nil
    }

    /// The folder relative paths in the manifest at `path` are read from: the manifest's. A
    /// manifest read from standard input or another program (`/dev/stdin`, `/dev/fd/N`, a
    /// shell's `<(...)`) has none of its own: paths in a pipe are relative to the current folder,
    /// and in a file given as standard input (`< calls.csv`) to that file's folder (they were
    /// looked for in /dev or /dev/fd, and none was found).
    static func recordingsFolder(_ path: String) -> String {
        guard path.hasPrefix("/dev/") || path.hasPrefix("/proc/") else { return PathName.deletingLastComponent(path) }
        if InputFile.isPipe(path) { return "" }
        guard let resolved = realpath(path, nil) else { return PathName.deletingLastComponent(path) }
        defer { free(resolved) }
        let file = String(cString: resolved)
        return file.hasPrefix("/") && !file.hasPrefix("/dev/") && !file.hasPrefix("/proc/")
            ? PathName.deletingLastComponent(file) : ""
    }

    /// JSON Lines when the name says so (`.jsonl`, `.ndjson`) or the content is JSON (its first
    /// character is `{`, as in a JSON Lines file named `.json`; or `[`, a JSON array, refused
    /// with a message saying how to write it); CSV otherwise.
    static func isJSONLines(_ path: String, text: String) -> Bool {
        if ["jsonl", "ndjson"].contains(PathName.pathExtension(path).lowercased()) { return true }
        let first = text.unicodeScalars.first { !CharacterSet.whitespacesAndNewlines.contains($0) }
        return first == "{" || first == "["
    }

    /// The field separators a CSV manifest may use, in the order they are tried: commas, then
    /// semicolons (Excel in locales whose decimal mark is a comma: Italian, Spanish, French,
    /// German ...), then tabs.
    static let separators: [Unicode.Scalar] = [",", ";", "\t"]

    /// The separator a first line `sep=;` (or `sep=,`, `sep=<tab>`) names, and the text after
    /// that line: Excel splits a CSV file on the separator such a line names, so files made for
    /// Excel (by platforms, scripts, colleagues) carry it. It was read as the header, and the
    /// manifest had no 'path' column ("found: 'sep='"). nil without such a line.
    static func excelSeparatorLine(_ text: String) -> (separator: Unicode.Scalar, rest: String)? {
        var rest = Substring(text).unicodeScalars
        guard rest.starts(with: "sep=".unicodeScalars) || rest.starts(with: "SEP=".unicodeScalars) else { return nil }
        rest = rest.dropFirst(4)
        guard let separator = rest.first, separators.contains(separator) else { return nil }
        // A spreadsheet that saved the line again wrote the separators of its empty cells after it.
        rest = rest.drop { $0 == separator || $0 == " " }
        switch rest.first {
        case nil: break
        case "\r": rest = rest.dropFirst(); if rest.first == "\n" { rest = rest.dropFirst() }
        case "\n": rest = rest.dropFirst()
        default: return nil
        }
        return (separator, String(Substring(rest)))
    }

    /// Whether a header (names trimmed and lower-cased) names the recordings.
    static func namesRecordings(_ header: [String]) -> Bool {
        header.contains("path") || (header.contains("agent_path") && header.contains("customer_path"))
    }

    /// Line breaks in `text`: LF, CRLF and a lone CR each end one line (a CSV reader and a
    /// spreadsheet count them so). CRLF is one `Character` in Swift, so counting `"\n"`
    /// characters misses it.
    static func lineBreaks<S: StringProtocol>(in text: S) -> Int {
        text.reduce(0) { $0 + ($1 == "\n" || $1 == "\r\n" || $1 == "\r" ? 1 : 0) }
    }

    /// A CSV header's column as the metadata names it: trimmed, lower case, and spaces and hyphens
    /// as `_`, so a platform's `Call ID` or `Agent-ID` export is `call_id` and `agent_id`, the
    /// fields checklists, scorecards and calibration read (it was `call id`, read by none).
    static func columnName(_ header: String) -> String {
        header.trimmingCharacters(in: .whitespaces).lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "-" }).joined(separator: "_")
    }

    /// CSV records with the line each starts on (quoted fields may span lines). The separator is
    /// the first of `separators` whose header has the columns that name the recordings.
    static func csv(_ file: String, path: String) throws(ManifestError) -> [(Int, [String: String])] {
        // Excel's `sep=;` line names the separator; the header is on the next line.
        let hint = excelSeparatorLine(file)
        let text = hint?.rest ?? file
        let offset = hint == nil ? 0 : 1
        var chosen: (reader: CSVReader, header: [String], separator: Unicode.Scalar)?
        var widestHeader: [String] = []
        for separator in hint.map({ [$0.separator] }) ?? separators {
            let reader: CSVReader
            do {
                reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true, delimiter: separator)
            } catch {
                throw .malformed(path: path, line: 1 + offset, reason: "not valid CSV: \(error)")
            }
            // Named as written (the first file of a list without a header, too: a manifest's
            // own column names are shown as its header has them).
            let written = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
            let header = written.map(columnName)
            if written.count > widestHeader.count { widestHeader = written }
            if namesRecordings(header) {
                chosen = (reader, header, separator)
                break
            }
        }
        guard let (reader, header, separator) = chosen else {
            throw .missingPathColumn(path: path, found: widestHeader.filter { !$0.isEmpty })
        }
        // The reader takes a quote left open as a field that runs to the end of the file: the
        // rows after a stray '"' were read into one field, and the run scored the rows before
        // it and exited 0, the rest of the day's calls gone in silence.
        if let runaway = runawayQuote(in: text, delimiter: separator) {
            throw .malformed(path: path, line: runaway.line + offset, reason: runaway.reason)
        }
        // A column named twice (`path,...,path`, or `Call_ID` and `call_id`) would give each row
        // the value of one of them only, silently. (Unnamed columns, a spreadsheet's trailing
        // separators, may repeat.)
        var firstColumn: [String: Int] = [:]
        for (index, name) in header.enumerated() where !name.isEmpty {
            if let first = firstColumn[name] {
                throw .malformed(
                    path: path, line: 1 + offset,
                    reason: "the header names the column '\(name)' twice (columns \(first + 1) and \(index + 1); names are "
                        + "compared without case, a space or hyphen read as _): each row would keep only one of its values; rename or remove one")
            }
            firstColumn[name] = index
        }
        var line = 1 + offset + header.reduce(0) { $0 + lineBreaks(in: $1) } + 1
        var records: [(Int, [String: String])] = []
        while let row = reader.next() {
            let start = line
            line += 1 + row.reduce(0) { $0 + lineBreaks(in: $1) }
            if row.allSatisfy(\.isEmpty) { continue }  // a blank line, or a spreadsheet's ",,,"
            // The header again: two exports joined with `cat`, as one header row over the rows of
            // several manifests is how to score them together. It failed as a call whose
            // recording 'path' was not found, and the run exited 1.
            if repeatsHeader(row, header) { continue }
            var fields: [String: String] = [:]
            for (index, name) in header.enumerated() where index < row.count { fields[name] = row[index] }
            if row.count > header.count {
                fields["__bad"] = "has \(Plural.count(row.count, "field")) but the header has \(header.count)"
            } else if row.count < header.count {
                // Excel leaves out the separators of a row's empty last cells (in chunks of rows
                // whose last column is empty: a mono call's agent_channel, an empty campaign):
                // each such row was a failed call, "the row has 9 fields but the header has 10".
                // Its missing fields are read as empty, and the run says which rows were short.
                fields[shortRowKey] = String(header.count - row.count)
            }
            records.append((start, fields))
        }
        if let error = reader.error {
            throw .malformed(path: path, line: line, reason: "not valid CSV: \(error)")
        }
        return records
    }

    /// Whether a CSV row is the header again (`header` as `columnName` gives it): two files
    /// joined with `cat`, each with its header.
    static func repeatsHeader(_ row: [String], _ header: [String]) -> Bool {
        row.count == header.count && zip(row, header).allSatisfy { columnName($0) == $1 }
    }

    /// The first quoted field of `text` that `CSVReader` (fields trimmed) would read past the end
    /// of its row, with the line to name: a quote never closed (a stray `"` in a name), or a
    /// closing quote followed by more of the field (`"Rossi, Marco" jr`), which the reader drops a
    /// character of and keeps open up to the next quote. Either way every row up to that quote
    /// (or the end of the file) became part of one field, silently. nil when every quoted field
    /// ends where its field does.
    static func runawayQuote(in text: String, delimiter: Unicode.Scalar) -> (line: Int, reason: String)? {
        enum State { case fieldStart, unquoted, quoted, closed }
        var blanks = CharacterSet.whitespaces
        blanks.remove(delimiter)
        var state = State.fieldStart
        var line = 1, openedOn = 1
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            let lineBreak = scalar == "\n" || scalar == "\r"
            defer {
                if scalar == "\r" || (scalar == "\n" && previous != "\r") { line += 1 }
                previous = scalar
            }
            switch state {
            case .fieldStart:
                if scalar == "\"" {
                    state = .quoted
                    openedOn = line
                } else if scalar != delimiter, !lineBreak, !blanks.contains(scalar) {
                    state = .unquoted
                }
            case .unquoted:
                if scalar == delimiter || lineBreak { state = .fieldStart }
            case .quoted:
                if scalar == "\"" { state = .closed }
            case .closed:
                if scalar == "\"" {
                    state = .quoted  // "" inside a quoted field: one quote
                } else if scalar == delimiter || lineBreak {
                    state = .fieldStart
                } else if !blanks.contains(scalar) {
                    return (line, "a quoted field goes on after its closing '\"' (at '\(Character(scalar))'): the rows after it "
                        + "would be read into that field; quote the whole field and write a '\"' inside it as '\"\"'")
                }
            }
        }
        guard state == .quoted else { return nil }
        return (openedOn, "the quoted field that starts on this line is never closed: every row after it would be read "
            + "into that field; close its '\"', or write a '\"' inside a quoted field as '\"\"'")
    }

    /// The columns that name a call's recordings.
    static let recordingColumns: Set<String> = ["path", "agent_path", "customer_path"]

    /// JSON Lines records: one object per line (LF, CRLF or CR, mixed or not); non-string values
    /// are kept as their JSON text; an object with no non-empty value is a blank line, unless it
    /// gives a recording key (`{"path": null}`: a row without a recording, named as such); an
    /// object that gives a key twice is a bad row.
    static func jsonLines(_ text: String, path: String) throws(ManifestError) -> [(Int, [String: String])] {
        if text.unicodeScalars.first(where: { !CharacterSet.whitespacesAndNewlines.contains($0) }) == "[" {
            throw .malformed(path: path, line: 1, reason: "the manifest is one JSON array; write one JSON object per line (JSON Lines), e.g. {\"path\": \"call.wav\", \"call_id\": \"C1\"}")
        }
        var records: [(Int, [String: String])] = []
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                records.append((index + 1, ["__bad": "is not a JSON object"]))
                continue
            }
            var fields: [String: String] = [:]
            for (name, value) in object {
                // Keys are read as CSV headers are: `Call ID` and `call-id` are `call_id`.
                let key = columnName(name)
                switch value {
                case let string as String: fields[key] = string
                // JSON's true and false arrive as NSNumber too (objCType "c", where JSON numbers
                // read "i", "q" or "d"): kept as "true" and "false", not "1" and "0".
                case let number as NSNumber where String(cString: number.objCType) == "c":
                    fields[key] = number.boolValue ? "true" : "false"
                case let number as NSNumber: fields[key] = number.stringValue
                // A recording key given as null is the row's empty recording (every row
                // `{"path": null}` was a manifest "without a 'path' column"); other keys, absent.
                case is NSNull: if recordingColumns.contains(key) { fields[key] = "" }
                // A list or an object: its JSON text (it read as Swift's `["x": 1]`).
                default:
                    let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
                    fields[key] = data.map { String(decoding: $0, as: UTF8.self) } ?? ""
                }
            }
            // `{"path": null}` or `{"path": ""}` is a call without its recording, which a program
            // wrote (a JSON object is no spreadsheet's leftover row): named by its line, not skipped.
            if fields.values.allSatisfy(\.isEmpty), recordingColumns.isDisjoint(with: fields.keys) { continue }
            if let (first, second) = repeatedKey(inObject: trimmed) {
                let spellings = first == second ? "" : " ('\(first)' and '\(second)': keys are compared without case, spaces and hyphens as _)"
                fields["__bad"] = "gives the key '\(columnName(second))' twice\(spellings); JSON keeps only one of its values: give each key once"
            }
            records.append((index + 1, fields))
        }
        if records.isEmpty || !records.contains(where: { $0.1["path"] != nil || $0.1["agent_path"] != nil }) {
            let found = Set(records.flatMap { $0.1.keys.filter { $0 != "__bad" } }).sorted()
            throw .missingPathColumn(path: path, found: found)
        }
        return records
    }

    /// The first key that the top level of `json` (one valid JSON object) gives twice, as
    /// spelled the first and the second time; keys are compared as manifest columns are, without
    /// case. `nil` when every key is given once.
    static func repeatedKey(inObject json: String) -> (String, String)? {
        let bytes = Array(json.utf8)
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), colon = UInt8(ascii: ":")
        let blanks: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        var seen: [String: String] = [:]
        var depth = 0
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case quote:
                let start = i
                i += 1
                while i < bytes.count, bytes[i] != quote { i += bytes[i] == backslash ? 2 : 1 }
                guard depth == 1, i < bytes.count else { break }
                var next = i + 1
                while next < bytes.count, blanks.contains(bytes[next]) { next += 1 }
                guard next < bytes.count, bytes[next] == colon else { break }
                // The key as JSON reads it (escapes such as \u0070 decoded).
                let literal = Data(bytes[start...i])
                guard let key = (try? JSONSerialization.jsonObject(with: literal, options: .fragmentsAllowed)) as? String else { break }
                if let earlier = seen[columnName(key)] { return (earlier, key) }
                seen[columnName(key)] = key
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
            i += 1
        }
        return nil
    }
}
