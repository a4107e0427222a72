import Conversation
import Foundation
import Yams

/// Reads checklist files (YAML, or JSON, which is YAML) into `Checklist`s, reporting every
/// problem with its file:line:column and path, before any audio is read.
public enum ChecklistParser {
    /// Largest checklist file accepted, in bytes.
    public static let maximumBytes = 1 << 20

    /// Largest item weight accepted. Weights are relative; a weight such as 1e308 made the sum of
    /// weights overflow and every score not a number.
    public static let maximumWeight = 1_000_000.0

    /// Deepest nesting of lists and mappings accepted (a checklist nests fewer than 10 levels).
    /// The YAML library reads nested collections recursively: a few thousand levels, in a file of
    /// a few kilobytes, overflowed the stack and killed the process (SIGSEGV) instead of giving
    /// an error.
    public static let maximumNestingDepth = 64

    /// Loads and validates the checklist at `path`: a file, or a pipe (a shell's `<(...)`, as
    /// manifests take), read to its end.
    public static func load(path: String) throws(ChecklistError) -> Checklist {
        func refused(_ message: String) -> ChecklistError {
            ChecklistError(diagnostics: [ChecklistDiagnostic(file: path, line: 0, column: 0, path: "", message: message)])
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw refused("no such file") }
        if isFolder.boolValue {
            // `callqa score --checklist DIR/*.yaml`, as it said to write, passes the option only
            // the glob's first match (the others become recordings): score takes each file after
            // its own --checklist.
            let folder = path.hasSuffix("/") ? path : path + "/"
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { ["yaml", "yml", "json"].contains(($0 as NSString).pathExtension.lowercased()) && !$0.hasPrefix(".") }
                .sorted()
            let each = names.isEmpty ? ["inbound.yaml", "outbound.yaml"] : Array(names.prefix(3))
            let options = each.map { "--checklist \(folder)\($0)" }.joined(separator: " ") + (names.count > 3 ? " ..." : "")
            throw refused(
                "is a folder, not a checklist; name the checklist files in it: callqa checklist validate \(folder)*.yaml, "
                    + "and for callqa score each after its own --checklist (\(options)): after --checklist, a shell glob "
                    + "passes only its first match to the option")
        }
        // Read through a handle, not `FileManager.contents(atPath:)`, which read nothing from a
        // pipe or a device and said "cannot read the file (permission denied?)" of `<(cat x.yaml)`
        // and of /dev/null. At most one byte past the limit: a pipe or a device has no size to
        // check first, and /dev/zero has no end.
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw refused(FileManager.default.isReadableFile(atPath: path) ? "cannot open the file" : "cannot open the file: permission denied")
        }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch {
            throw refused("cannot read the file: \(error.localizedDescription)")
        }
        if data.count > maximumBytes {
            throw refused("the file is larger than \(maximumBytes / 1024) KiB; a checklist is a short text file")
        }
        if data.isEmpty {
            throw refused("the file is empty (0 bytes); a checklist needs id, name, version and sections (checklists/inbound.yaml is an example)")
        }
        switch NotUTF8Text.decode(data) {
        case .success(let text):
            return try parse(text, file: path, contentHash: SHA256.hex(data))
        case .failure(let problem):
            throw ChecklistError(diagnostics: [ChecklistDiagnostic(
                file: path, line: problem.line, column: problem.column, path: "",
                message: "the file is \(problem.explanation); save the file as UTF-8")])
        }
    }

    /// Parses checklist text; `file` names it in diagnostics.
    public static func parse(_ text: String, file: String, contentHash: String? = nil) throws(ChecklistError) -> Checklist {
        var reader = Reader(file: file)
        let checklist = reader.read(text, contentHash: contentHash ?? SHA256.hex(Array(text.utf8)))
        if let checklist, reader.diagnostics.isEmpty { return checklist }
        throw ChecklistError(diagnostics: reader.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
    }
}

/// Walks the YAML node tree, collecting diagnostics.
private struct Reader {
    let file: String
    var diagnostics: [ChecklistDiagnostic] = []
    /// The sections' names read so far, by section id.
    var sectionNames: [String: String] = [:]

    init(file: String) { self.file = file }

    mutating func problem(_ node: Node?, _ path: String, _ message: String) {
        diagnostics.append(ChecklistDiagnostic(
            file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0, path: path, message: message))
    }

    mutating func read(_ text: String, contentHash: String) -> Checklist? {
        if text.utf8.count > ChecklistParser.maximumBytes {
            problem(nil, "", "the file is larger than \(ChecklistParser.maximumBytes / 1024) KiB; a checklist is a short text file")
            return nil
        }
        if let line = Self.aliasLine(text) {
            diagnostics.append(ChecklistDiagnostic(file: file, line: line, column: 1, path: "", message: "YAML anchors and aliases (& and *) are not supported in checklists; write each item out"))
            return nil
        }
        if let (line, column) = YAMLNesting.firstPosition(deeperThan: ChecklistParser.maximumNestingDepth, in: text) {
            diagnostics.append(ChecklistDiagnostic(
                file: file, line: line, column: column, path: "",
                message: "lists and mappings are nested more than \(ChecklistParser.maximumNestingDepth) levels deep here (a checklist "
                    + "needs fewer than 10); look for [ or { that are never closed, or text that needs quotes"))
            return nil
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            diagnostics.append(Self.diagnostic(for: error, file: file, text: text))
            return nil
        } catch {
            problem(nil, "", "\(Self.notValid(file)): \(error)")
            return nil
        }
        guard let root, case .mapping(let mapping) = root else {
            problem(root, "", "expected a mapping with id, name, version and sections at the top level")
            return nil
        }
        var fields = keyed(mapping, path: "", allowed: ["id", "name", "version", "description", "pass_mark", "applies_to", "parameters", "sections"])
        let id = string(fields["id"], "id", required: true, root: root) ?? ""
        let name = string(fields["name"], "name", required: true, root: root) ?? ""
        let version = string(fields["version"], "version", required: true, root: root) ?? ""
        let description = string(fields["description"], "description", required: false, root: root) ?? ""
        let passMark = self.passMark(fields["pass_mark"]) ?? 70
        let appliesTo = applicability(fields.removeValue(forKey: "applies_to"))
        let parameters = conversationParameters(fields.removeValue(forKey: "parameters"))
        var items: [ChecklistItem] = []
        if let sectionsNode = fields["sections"] {
            guard case .sequence(let sections) = sectionsNode, !sections.isEmpty else {
                // `sections: []` is a list, an empty one: "expected a list" read as if it were not.
                let isEmptyList = if case .sequence = sectionsNode { true } else { false }
                problem(sectionsNode, "sections", isEmptyList
                    ? "the list of sections is empty; a checklist needs at least one section with items"
                    : "expected a list of sections, each with an id and items")
                return nil
            }
            var sectionIDs = Set<String>(), itemIDs = Set<String>()
            for (s, sectionNode) in sections.enumerated() {
                let path = "sections[\(s)]"
                guard case .mapping(let sectionMap) = sectionNode else {
                    problem(sectionNode, path, "expected a section with id, name and items")
                    continue
                }
                let section = keyed(sectionMap, path: path, allowed: ["id", "name", "description", "items"])
                let sectionID = string(section["id"], "\(path).id", required: true, root: sectionNode) ?? ""
                if let sectionName = string(section["name"], "\(path).name", required: false, root: sectionNode), !sectionID.isEmpty {
                    sectionNames[sectionID] = sectionName
                }
                if !sectionID.isEmpty, !sectionIDs.insert(sectionID).inserted {
                    problem(section["id"], "\(path).id", "duplicate section id '\(sectionID)'")
                }
                guard let itemsNode = section["items"], case .sequence(let itemNodes) = itemsNode, !itemNodes.isEmpty else {
                    problem(section["items"] ?? sectionNode, "\(path).items", "expected a non-empty list of items")
                    continue
                }
                for (i, itemNode) in itemNodes.enumerated() {
                    let item = self.item(itemNode, path: "\(path).items[\(i)]", section: sectionID)
                    // Every item's id counts, whatever else is wrong with either item: a second
                    // `greet` was reported only once the first `greet` had no other problem.
                    if let itemID = Self.itemID(itemNode), !itemIDs.insert(itemID).inserted {
                        problem(itemNode, "\(path).items[\(i)].id", "duplicate item id '\(itemID)'")
                    } else if let item {
                        items.append(item)
                    }
                }
            }
        } else if !mapping.keys.contains(where: { $0.string == "items" }) {
            // Items without a section have their own problem, which says what to write.
            problem(root, "sections", "missing 'sections': a checklist needs at least one section with items")
        }
        guard diagnostics.isEmpty else { return nil }
        return Checklist(
            id: id, name: name, version: version, description: description, passMark: passMark,
            appliesTo: appliesTo, parameters: parameters, items: items, contentHash: contentHash, path: file,
            sectionNames: sectionNames, idLine: fields["id"]?.mark?.line ?? 0, idColumn: fields["id"]?.mark?.column ?? 0)
    }

    // MARK: Items

    /// One item, or nil when it has problems. Every field is checked whatever the others hold
    /// (each problem reported once): an unknown metric or condition leaves out only the checks
    /// that need it (the thresholds' units and form), not `weight`, `critical` or `when_na`,
    /// which were reported only once the metric was fixed.
    mutating func item(_ node: Node, path: String, section: String) -> ChecklistItem? {
        guard case .mapping(let map) = node else {
            problem(node, path, "expected an item with id, metric, condition, threshold and weight")
            return nil
        }
        let f = keyed(map, path: path, allowed: ["id", "description", "metric", "condition", "threshold", "warn", "partial", "weight", "critical", "when_na"])
        let before = diagnostics.count
        let id = string(f["id"], "\(path).id", required: true, root: node) ?? ""
        let description = string(f["description"], "\(path).description", required: false, root: node) ?? ""
        let metricName = string(f["metric"], "\(path).metric", required: true, root: node)
        var counting: CountRule?
        // The unit thresholds are read in; nil when the metric is missing or wrong.
        var unit: MetricUnit?
        if let metricName {
            if metricName.hasPrefix("count(") {
                counting = countRule(metricName, node: f["metric"], path: "\(path).metric")
                if counting != nil { unit = .count }
            } else if let metric = MetricCatalog.metric(named: metricName) {
                unit = metric.unit
            } else {
                let suggestion = Suggestions.metricSuggestion(for: metricName, in: MetricCatalog.names)
                problem(f["metric"], "\(path).metric", "unknown metric '\(metricName)'\(suggestion) (`callqa metrics` lists them)")
            }
        }
        let comparisonText = string(f["condition"], "\(path).condition", required: true, root: node) ?? "<="
        let comparison = Comparison(rawValue: comparisonText)
        if comparison == nil {
            let names = Comparison.allCases.map(\.rawValue).joined(separator: ", ")
            // The spellings other languages and habits give the same comparisons.
            let habits = ["=>": ">=", "=<": "<=", "=": "==", "<>": "!=", "≥": ">=", "≤": "<=", "≠": "!=", "!<": ">=", "!>": "<="]
            let trimmed = comparisonText.trimmingCharacters(in: .whitespaces)
            let meant = habits[trimmed] ?? Comparison(rawValue: trimmed.lowercased())?.rawValue
            let hint = meant.map { "; did you mean '\($0)'?" } ?? ""
            problem(f["condition"], "\(path).condition", "unknown condition '\(comparisonText)'\(hint) (expected one of \(names))")
        }
        // A threshold read as the metric and the condition say; nil (and no second problem) when
        // either is wrong.
        func threshold(_ node: Node, _ path: String) -> Condition? {
            guard let unit, let comparison else { return nil }
            return condition(comparison, node, unit: unit, path: path)
        }
        var pass: Condition?
        if let thresholdNode = f["threshold"] {
            pass = threshold(thresholdNode, "\(path).threshold")
        } else {
            problem(node, "\(path).threshold", "missing 'threshold'")
        }
        var warn: Condition?
        if let warnNode = f["warn"] {
            warn = threshold(warnNode, "\(path).warn")
            // A warning level marks passing values short of a stricter one: one the threshold
            // implies never warns, one outside it warns on every pass.
            if let level = warn, let pass, let unit, pass.implies(level) || !level.implies(pass) {
                problem(warnNode, "\(path).warn", "the warning level \(level.describe(unit)) is not stricter than the threshold "
                    + "\(pass.describe(unit)), so it would \(pass.implies(level) ? "never warn" : "warn on passing values it does not cover")"
                    + "; write a level inside the threshold, or remove 'warn'")
            }
        }
        var bands: [CreditBand] = []
        if let partialNode = f["partial"] {
            if case .sequence(let bandNodes) = partialNode {
                for (b, bandNode) in bandNodes.enumerated() {
                    let bandPath = "\(path).partial[\(b)]"
                    guard case .mapping(let bandMap) = bandNode else {
                        problem(bandNode, bandPath, "expected {threshold: ..., credit: ...}")
                        continue
                    }
                    let bf = keyed(bandMap, path: bandPath, allowed: ["threshold", "credit"])
                    var credit: Double?
                    if let creditNode = bf["credit"] {
                        // A share as thresholds take one: 0.5 or 50%. (50% read "missing 'credit'"
                        // and "expected a number" at once.)
                        credit = Self.percentage(creditNode).map({ $0 / 100 }) ?? number(creditNode, "\(bandPath).credit")
                        if let share = credit, !(share > 0 && share < 1) {
                            problem(creditNode, "\(bandPath).credit", "partial credit must be between 0 and 1 (exclusive); got \(share)")
                        }
                    } else {
                        problem(bandNode, "\(bandPath).credit", "missing 'credit'")
                    }
                    guard let thresholdNode = bf["threshold"] else { problem(bandNode, "\(bandPath).threshold", "missing 'threshold'"); continue }
                    if let c = threshold(thresholdNode, "\(bandPath).threshold"), let unit {
                        // A band is read only when the threshold fails, bands in order: one that the
                        // threshold or an earlier band covers never gives its credit.
                        if let pass, c.implies(pass) {
                            problem(thresholdNode, "\(bandPath).threshold", "the partial-credit band \(c.describe(unit)) lies inside the "
                                + "threshold \(pass.describe(unit)), so it never applies; a band is looser than the threshold")
                        } else if let earlier = bands.firstIndex(where: { c.implies($0.condition) }) {
                            problem(thresholdNode, "\(bandPath).threshold", "the partial-credit band \(c.describe(unit)) lies inside "
                                + "partial[\(earlier)] (\(bands[earlier].condition.describe(unit))), which is read first, so it never "
                                + "applies; list the bands from the strictest to the loosest")
                        }
                        bands.append(CreditBand(condition: c, credit: credit ?? 0))
                    }
                }
            } else {
                problem(partialNode, "\(path).partial", "expected a list of {threshold, credit} bands")
            }
        }
        let weight = number(f["weight"], "\(path).weight") ?? 1
        if !(weight > 0) || !(weight <= ChecklistParser.maximumWeight) {
            problem(f["weight"], "\(path).weight", "weight must be a positive number up to \(MetricUnit.trim(ChecklistParser.maximumWeight)) "
                + "(weights are relative: 1, 2, 5); got \(MetricUnit.trim(weight))")
        }
        let critical = bool(f["critical"], "\(path).critical") ?? false
        var policy = NotApplicablePolicy.exclude
        if let naText = string(f["when_na"], "\(path).when_na", required: false, root: node) {
            if let parsed = NotApplicablePolicy(rawValue: naText) { policy = parsed } else {
                problem(f["when_na"], "\(path).when_na", "expected exclude, pass or fail; got '\(naText)'")
            }
        }
        guard diagnostics.count == before, let metricName, let unit, let pass else { return nil }
        return ChecklistItem(
            id: id, section: section, description: description, metric: metricName, unit: unit, counting: counting, pass: pass,
            warn: warn, bands: bands, weight: weight, critical: critical, whenNotApplicable: policy)
    }

    /// `count(LIST OP DURATION)`, e.g. `count(dead_air >= 8s)`.
    mutating func countRule(_ text: String, node: Node?, path: String) -> CountRule? {
        let inner = text.dropFirst("count(".count)
        guard inner.hasSuffix(")") else {
            problem(node, path, "a counting rule is written count(LIST OP DURATION), e.g. count(dead_air >= 8s)")
            return nil
        }
        let body = inner.dropLast().trimmingCharacters(in: .whitespaces)
        let operators = [">=", "<=", "==", "!=", ">", "<"]
        guard let op = operators.first(where: { body.contains($0) }), let range = body.range(of: op),
              let comparison = Comparison(rawValue: op) else {
            problem(node, path, "a counting rule needs a comparison: count(\(body) >= 8s)")
            return nil
        }
        let list = body[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        let threshold = body[range.upperBound...].trimmingCharacters(in: .whitespaces)
        guard MetricCatalog.eventList(named: list) != nil else {
            let names = MetricCatalog.eventLists.map(\.name)
            let suggestion = Suggestions.closest(to: list, in: names).map { "; did you mean '\($0)'?" } ?? ""
            problem(node, path, "unknown event list '\(list)'\(suggestion) (expected one of: \(names.joined(separator: ", ")))")
            return nil
        }
        guard let value = Units.parse(threshold, as: .seconds) else {
            problem(node, path, Units.explain(threshold, as: .seconds))
            return nil
        }
        if value < 0 {
            problem(node, path, "'\(threshold)' in the counting rule is negative; durations are never below 0")
            return nil
        }
        return CountRule(list: list, condition: Condition(comparison: comparison, low: value, high: value))
    }

    mutating func condition(_ comparison: Comparison, _ node: Node, unit: MetricUnit, path: String) -> Condition? {
        if comparison.isRange {
            guard case .sequence(let pair) = node, pair.count == 2 else {
                problem(node, path, "'\(comparison.rawValue)' needs two thresholds, low and high, e.g. \(unit.exampleRange)")
                return nil
            }
            let nodes = Array(pair)
            guard let low = quantity(nodes[0], unit: unit, path: "\(path)[0]"), let high = quantity(nodes[1], unit: unit, path: "\(path)[1]") else { return nil }
            if low > high {
                problem(node, path, "impossible range: the low threshold \(unit.format(low)) is above the high \(unit.format(high))")
                return nil
            }
            return Condition(comparison: comparison, low: low, high: high)
        }
        guard let value = quantity(node, unit: unit, path: path) else { return nil }
        return Condition(comparison: comparison, low: value, high: value)
    }

    /// A threshold with an optional unit, converted to the metric's unit.
    mutating func quantity(_ node: Node, unit: MetricUnit, path: String) -> Double? {
        if let null = Self.nullValue(node) {
            problem(node, path, "expected a threshold such as 5s, -20 LUFS or 30%, \(null)")
            return nil
        }
        guard case .scalar(let scalar) = node else {
            problem(node, path, "expected a threshold such as 5s, -20 LUFS or 30%")
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        guard let parsed = Units.parse(text, as: unit) else {
            problem(node, path, Units.explain(text, as: unit))
            return nil
        }
        // A threshold no measurement can reach makes an item that always passes or always fails.
        if unit == .ratio, !(0...1).contains(parsed) {
            problem(node, path, "'\(text)' is out of range for a ratio: a share lies between 0% and 100%")
            return nil
        }
        if unit == .seconds || unit == .count, parsed < 0 {
            problem(node, path, "'\(text)' is negative; \(unit == .count ? "counts" : "times") are never below 0")
            return nil
        }
        return parsed
    }

    // MARK: Header blocks

    /// The number of a plain `50%` (50), or `nil`.
    static func percentage(_ node: Node) -> Double? {
        guard case .scalar(let scalar) = node else { return nil }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        guard text.hasSuffix("%"), let value = Units.decimal(text.dropLast().trimmingCharacters(in: .whitespaces)) else { return nil }
        return value
    }

    /// The pass mark, a score out of 100: `80` or `80%`. A fraction (`0.8`, a share written as in
    /// ratio thresholds) would pass every call scoring 1 or more, so it is refused with the score meant.
    mutating func passMark(_ node: Node?) -> Double? {
        guard let node else { return nil }
        if case .scalar(let scalar) = node, Self.nullValue(node) == nil {
            let text = scalar.string.trimmingCharacters(in: .whitespaces)
            let percent = text.hasSuffix("%")
            if let value = Units.decimal(percent ? String(text.dropLast()).trimmingCharacters(in: .whitespaces) : text) {
                if !(0...100).contains(value) {
                    problem(node, "pass_mark", "must be between 0 and 100; got \(value)")
                    return nil
                }
                if !percent, value > 0, value < 1 {
                    problem(node, "pass_mark", "is a score out of 100, so \(MetricUnit.trim(value)) would pass every call scoring 1 "
                        + "or more; write \(MetricUnit.trim(value * 100)) (or \(MetricUnit.trim(value * 100))%)")
                    return nil
                }
                return value
            }
        }
        let got = Self.nullValue(node) ?? "got '\(node.string ?? "a list or a mapping")'"
        problem(node, "pass_mark", "expected a score out of 100, such as 70 or 70%; \(got)")
        return nil
    }

    mutating func applicability(_ node: Node?) -> Applicability {
        guard let node else { return Applicability() }
        guard case .mapping(let map) = node else {
            problem(node, "applies_to", "expected a mapping of metadata fields to accepted values, e.g. direction: [inbound]")
            return Applicability()
        }
        var result = Applicability()
        for (keyNode, valueNode) in map {
            let key = keyNode.string ?? ""
            let path = "applies_to.\(key)"
            // A field no call has excludes nothing: a key a letter or two from a field the
            // manifests name, or from the duration bounds, is a typo that would pass unnoticed.
            if !Self.namedApplicabilityKeys.contains(key),
                let suggestion = Suggestions.closest(to: key, in: Self.namedApplicabilityKeys) {
                problem(keyNode, path, "unknown field '\(key)'; did you mean '\(suggestion)'? (a field that no call has "
                    + "excludes no call; write any other metadata field exactly as the manifest names it)")
                continue
            }
            switch key {
            case "min_duration_s": result.minimumDurationSeconds = durationValue(valueNode, path)
            case "max_duration_s": result.maximumDurationSeconds = durationValue(valueNode, path)
            default:
                // A null value or list entry would match calls whose field reads "~" or "null".
                if let null = Self.nullValue(valueNode) ?? {
                    if case .sequence(let values) = valueNode { return values.lazy.compactMap(Self.nullValue).first }
                    return nil
                }() {
                    problem(valueNode, path, "expected a value or a list of values, \(null); list the values to score "
                        + "(e.g. \(key): [value]) or remove '\(key)'")
                    continue
                }
                switch valueNode {
                case .scalar(let s): result.fields[key] = [s.string]
                case .sequence(let values) where values.isEmpty:
                    // No accepted value: every call with the field would be left out, silently.
                    problem(valueNode, path, "an empty list accepts no value, so every call with a \(key) would be left out; "
                        + "list the values to score (e.g. \(key): [value]) or remove '\(key)'")
                case .sequence(let values): result.fields[key] = values.compactMap(\.string)
                default: problem(valueNode, path, "expected a value or a list of values")
                }
            }
        }
        if let minimum = result.minimumDurationSeconds, let maximum = result.maximumDurationSeconds, minimum > maximum {
            problem(node, "applies_to", "min_duration_s \(MetricUnit.seconds.format(minimum)) is above max_duration_s "
                + "\(MetricUnit.seconds.format(maximum)): no call would be scored")
        }
        return result
    }

    /// The duration bounds and the metadata fields README names for manifests: `applies_to` keys
    /// checked for typos.
    static let namedApplicabilityKeys = ["min_duration_s", "max_duration_s"] + MetadataFields.named

    /// A duration (`quantity` rejects negative ones).
    mutating func durationValue(_ node: Node, _ path: String) -> Double? {
        quantity(node, unit: .seconds, path: path)
    }

    mutating func conversationParameters(_ node: Node?) -> ConversationParameters {
        var parameters = ConversationParameters()
        guard let node else { return parameters }
        guard case .mapping(let map) = node else {
            problem(node, "parameters", "expected a mapping such as dead_air_min_s: 8s")
            return parameters
        }
        let f = keyed(map, path: "parameters", allowed: ["dead_air_min_s", "interruption_min_overlap_s", "backchannel_max_s"])
        if let n = f["dead_air_min_s"], let v = parameterValue(n, "dead_air_min_s") { parameters.deadAirMinimumSeconds = v }
        if let n = f["interruption_min_overlap_s"], let v = parameterValue(n, "interruption_min_overlap_s") { parameters.interruptionMinimumOverlapSeconds = v }
        if let n = f["backchannel_max_s"], let v = parameterValue(n, "backchannel_max_s") { parameters.backchannelMaximumSeconds = v }
        return parameters
    }

    /// The most each conversation parameter can be, in seconds. Beyond it the event it defines
    /// (dead air, an interruption) all but never happens, or every utterance is a backchannel: a
    /// value over it is a unit slip, `interruption_min_overlap_s: 500` written for 500 ms, which
    /// read as 500 s and counted no interruption on any call, so every interruption item passed.
    static let parameterMaximumSeconds: [String: Double] = [
        "dead_air_min_s": 120, "interruption_min_overlap_s": 10, "backchannel_max_s": 10,
    ]

    /// A conversation parameter (a duration up to `parameterMaximumSeconds`).
    mutating func parameterValue(_ node: Node, _ key: String) -> Double? {
        let path = "parameters.\(key)"
        guard let value = durationValue(node, path), let maximum = Self.parameterMaximumSeconds[key] else { return nil }
        guard value > maximum else { return value }
        let text = node.scalar?.string.trimmingCharacters(in: .whitespaces) ?? ""
        let bare = Units.decimal(text) != nil
        let meant = bare && value / 1000 <= maximum
            ? "; a number without a unit is in seconds: for \(text) milliseconds write \(text) ms" : ""
        problem(node, path, "'\(text)' is \(MetricUnit.seconds.format(value)), more than \(key) can be (at most "
            + "\(MetricUnit.seconds.format(maximum)): \(Self.parameterMeaning[key] ?? ""))\(meant)")
        return nil
    }

    /// What a conversation parameter over its maximum would do, for its message.
    static let parameterMeaning: [String: String] = [
        "dead_air_min_s": "dead air would all but never be counted",
        "interruption_min_overlap_s": "no interruption would be counted",
        "backchannel_max_s": "almost every utterance would be a backchannel, and none an interruption or a turn",
    ]

    // MARK: Scalars

    /// The mapping's values by key; unknown keys are reported with a suggestion.
    mutating func keyed(_ map: Node.Mapping, path: String, allowed: [String]) -> [String: Node] {
        var result: [String: Node] = [:]
        for (keyNode, valueNode) in map {
            guard let key = keyNode.string else {
                problem(keyNode, path, "keys must be plain words")
                continue
            }
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            if !allowed.contains(key) {
                var suggestion = Suggestions.closest(to: key, in: allowed).map { "; did you mean '\($0)'?" } ?? ""
                if key == "items", allowed.contains("sections") {
                    // Items written straight under the checklist, as a flat list.
                    suggestion = "; items belong to a section: write 'sections:', a list of sections each with an id, a name and its "
                        + "'items:' (docs/checklists.md)"
                }
                problem(keyNode, keyPath, "unknown key '\(key)'\(suggestion) (expected one of: \(allowed.joined(separator: ", ")))")
                continue
            }
            if result[key] != nil {
                problem(keyNode, keyPath, "'\(key)' appears twice")
                continue
            }
            result[key] = valueNode
        }
        return result
    }

    /// What to do about the YAML mistakes supervisors make most, from the parser's problem and
    /// the line it points at; "" when none applies.
    static func yamlHint(problem: String, line: String) -> String {
        // A tab in the indentation (an editor's Tab key): YAML reads it as no character at all.
        if line.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
            return "; the line is indented with a tab: YAML indents with spaces only (replace the tab with spaces)"
        }
        let value = line.split(separator: ":", maxSplits: 1).dropFirst().first?.drop { $0 == " " } ?? ""
        if let first = value.first, "<>=!|".contains(first) {
            return "; write the value in quotes, e.g. condition: \"\(value.trimmingCharacters(in: .whitespaces))\" "
                + "(unquoted, > and | start a block of text in YAML)"
        }
        if problem.contains("found another document") {
            // A second `---` document: two checklists pasted into one file.
            return "; the file holds more than one YAML document (a line '---' starts another): write one checklist "
                + "per file, and name each with --checklist"
        }
        if problem.contains("mapping values are not allowed") {
            return "; a value holding ': ' needs quotes, e.g. description: \"Greeting: within 5 s\""
        }
        if problem.contains("expected '-' indicator") || problem.contains("block mapping") || problem.contains("indentation") {
            return "; check the indentation: keys of one item line up under each other, with spaces"
        }
        return ""
    }

    /// What a value that YAML reads as null says it is ("got no value ..."), or `nil` for any other
    /// value. Unquoted `~`, `null` and nothing at all are null in YAML; read as text they became
    /// an id or a name "~" (or "null"), silently.
    static func nullValue(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return nil }
        switch scalar.string {
        case "": return "got an empty value"
        case "~", "null", "Null", "NULL":
            return "got no value ('\(scalar.string)' is YAML's null)"
        default: return nil
        }
    }

    mutating func string(_ node: Node?, _ path: String, required: Bool, root: Node) -> String? {
        guard let node else {
            if required { problem(root, path, "missing '\(path.split(separator: ".").last ?? "")'") }
            return nil
        }
        if let null = Self.nullValue(node) {
            let quoted = node.string.map { $0.isEmpty ? "" : "; write \"\($0)\" in quotes if you mean those characters" } ?? ""
            problem(node, path, "expected text, \(null)\(quoted)")
            return nil
        }
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            if case .scalar(let scalar) = node, scalar.style == .folded || scalar.style == .literal {
                problem(node, path, "expected text; write the value in quotes, e.g. condition: \">\" "
                    + "(unquoted, > and | start a block of text in YAML)")
            } else {
                problem(node, path, "expected text")
            }
            return nil
        }
        return scalar.string
    }

    mutating func number(_ node: Node?, _ path: String) -> Double? {
        guard let node else { return nil }
        if let null = Self.nullValue(node) {
            problem(node, path, "expected a number, \(null)")
            return nil
        }
        guard case .scalar(let scalar) = node, let value = Units.decimal(scalar.string.trimmingCharacters(in: .whitespaces)) else {
            problem(node, path, "expected a number")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node?, _ path: String) -> Bool? {
        guard let node else { return nil }
        if let null = Self.nullValue(node) {
            problem(node, path, "expected true or false, \(null)")
            return nil
        }
        switch node.string?.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            problem(node, path, "expected true or false")
            return nil
        }
    }

    /// The `id` an item is written with, if it is text (`item(_:path:section:)` reports it
    /// otherwise).
    static func itemID(_ node: Node) -> String? {
        guard case .mapping(let map) = node, let value = map.first(where: { $0.key.string == "id" })?.value,
              case .scalar(let scalar) = value, !scalar.string.isEmpty, nullValue(value) == nil else { return nil }
        return scalar.string
    }

    static func aliasLine(_ text: String) -> Int? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            var previous: Character = " "
            var inQuote: Character?
            for character in code {
                if let quote = inQuote {
                    if character == quote { inQuote = nil }
                } else if character == "\"" || character == "'" {
                    inQuote = character
                } else if (character == "*" || character == "&"), " [{,:-".contains(previous) {
                    return index + 1
                }
                previous = character
            }
        }
        return nil
    }

    /// What a checklist that cannot be parsed is not: a `.json` file is read as YAML (JSON is
    /// YAML), but its writer wrote JSON.
    static func notValid(_ file: String) -> String {
        file.lowercased().hasSuffix(".json") ? "not valid JSON" : "not valid YAML"
    }

    static func diagnostic(for error: YamlError, file: String, text: String) -> ChecklistDiagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let line = mark.line >= 1 && mark.line <= lines.count ? String(lines[mark.line - 1]) : ""
            return ChecklistDiagnostic(
                file: file, line: mark.line, column: mark.column, path: "",
                message: "\(notValid(file)): \(problem)" + yamlHint(problem: problem, line: line))
        default:
            return ChecklistDiagnostic(file: file, line: 0, column: 0, path: "", message: "\(notValid(file)): \(error)")
        }
    }
}
