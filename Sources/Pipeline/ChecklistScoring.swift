import Conversation
import Reporting
import Scoring

/// A checklist loaded for a run, with its identity as reports record it.
public struct LoadedChecklist: Sendable {
    public var checklist: Checklist
    public var info: ChecklistInfo

    public init(_ checklist: Checklist) {
        self.checklist = checklist
        info = ChecklistInfo(
            id: checklist.id, name: checklist.name, version: checklist.version,
            contentHash: checklist.contentHash, path: checklist.path)
    }
}

/// Loading checklists for a run, and turning their results into report entries.
public enum ChecklistScoring {
    /// Loads and validates every checklist; all problems of all files are reported together. A
    /// file named twice (under any spelling: `a.yaml`, `./a.yaml`, an absolute path, a link to
    /// it) is refused as such: scoring it once would hide a mistake in the command (a checklist
    /// meant to be another one), and its second reading only clashed with its own id.
    public static func load(_ paths: [String]) throws(ChecklistError) -> [LoadedChecklist] {
        var loaded: [LoadedChecklist] = []
        var diagnostics: [ChecklistDiagnostic] = []
        var named: [FileIdentity: String] = [:]
        for path in paths {
            let identity = FileIdentity(path: path)
            if let first = named[identity] {
                diagnostics.append(ChecklistDiagnostic(
                    file: path, line: 0, column: 0, path: "",
                    message: "this checklist is named twice" + (first == path ? "" : " (first as \(first), the same file)")
                        + "; name each checklist once"))
                continue
            }
            named[identity] = path
            do {
                loaded.append(LoadedChecklist(try ChecklistParser.load(path: path)))
            } catch {
                diagnostics += error.diagnostics
            }
        }
        var seen: [String: Checklist] = [:]
        for entry in loaded {
            let checklist = entry.checklist
            if let other = seen[checklist.id] {
                let position = other.idLine > 0 ? "\(other.path):\(other.idLine):\(other.idColumn)" : other.path
                diagnostics.append(ChecklistDiagnostic(
                    file: checklist.path, line: checklist.idLine, column: checklist.idColumn, path: "id",
                    message: "checklist id '\(checklist.id)' is also used by \(position); ids must be unique in a run"))
            } else {
                seen[checklist.id] = checklist
            }
        }
        if !diagnostics.isEmpty { throw ChecklistError(diagnostics: diagnostics) }
        return loaded
    }

    /// Scores the call with every checklist whose `applies_to` matches it, or, in `.first` mode,
    /// with the first that applies: its `applies_to` matches and it gives a verdict (some item of
    /// it is measurable on the call; a checklist of per-party items on a mono recording does not).
    /// When every matching checklist is `not_applicable`, `.first` keeps the first one's result, so
    /// the report says why the call has no score.
    public static func evaluate(
        _ checklists: [LoadedChecklist], on measurements: CallMeasurements, mode: ChecklistSelectionMode
    ) -> [ChecklistResultReport] {
        let matching = checklists.filter {
            $0.checklist.appliesTo.matches(metadata: measurements.metadata, durationSeconds: measurements.durationSeconds)
        }
        let evaluate = { (entry: LoadedChecklist) in report(ChecklistEvaluator.evaluate(entry.checklist, measurements: measurements)) }
        guard mode == .first else { return matching.map(evaluate) }
        var firstResult: ChecklistResultReport?
        for entry in matching {
            let result = evaluate(entry)
            if result.hasVerdict { return [result] }
            if firstResult == nil { firstResult = result }
        }
        return firstResult.map { [$0] } ?? []
    }

    /// The call's warning when checklists were given and none applies to it (its score is n/a
    /// with no word why): each checklist with the condition of its `applies_to` the call misses.
    public static func noneAppliesWarning(_ checklists: [LoadedChecklist], on measurements: CallMeasurements) -> String? {
        guard !checklists.isEmpty else { return nil }
        var reasons: [String] = []
        for entry in checklists {
            guard let reason = entry.checklist.appliesTo.mismatch(
                metadata: measurements.metadata, durationSeconds: measurements.durationSeconds) else { return nil }
            reasons.append("\(entry.checklist.id): \(reason)")
        }
        return "no checklist applies to this call, so it has no score (applies_to: \(reasons.joined(separator: "; ")))"
    }

    /// The parameters a call's conversation facts (the report's `conversation`, its timeline,
    /// the scorecard's dead air and interruptions) are computed with: those of the checklists
    /// applied to it (`results`) when they all use the same, so every number on the report
    /// agrees with the items; otherwise the defaults, with a warning naming the checklists and
    /// the parameters they differ in (each checklist's items keep their own). No checklist
    /// applied: the defaults, without a word.
    public static func conversationParameters(
        _ results: [ChecklistResultReport]
    ) -> (parameters: ConversationParameters, warning: String?) {
        guard let first = results.first else { return (ConversationParameters(), nil) }
        guard results.contains(where: { $0.parameters != first.parameters }) else { return (first.parameters, nil) }
        let defaults = ConversationParameters()
        let fields: [(name: String, value: (ConversationParameters) -> Double)] = [
            ("dead_air_min_s", \.deadAirMinimumSeconds),
            ("interruption_min_overlap_s", \.interruptionMinimumOverlapSeconds),
            ("backchannel_max_s", \.backchannelMaximumSeconds),
        ]
        let seconds = { (value: Double) in MetricUnit.seconds.format(value, places: MetricUnit.seconds.places(toShow: value)) }
        let differing = fields.filter { field in results.contains { field.value($0.parameters) != field.value(first.parameters) } }
            .map { field in
                "\(field.name) " + results.map { "\(seconds(field.value($0.parameters))) in \($0.id)" }.joined(separator: ", ")
            }
        let used = fields.map { "\($0.name) \(seconds($0.value(defaults)))" }.joined(separator: ", ")
        return (defaults, "the checklists \(results.map(\.id).joined(separator: ", ")) use different parameters ("
            + differing.joined(separator: "; ") + "): the conversation facts, timeline and scorecard figures of this call use the defaults ("
            + used + "), and each checklist's items its own parameters")
    }

    static func report(_ result: ChecklistResult) -> ChecklistResultReport {
        let c = result.checklist
        return ChecklistResultReport(
            id: c.id, name: c.name, version: c.version, contentHash: c.contentHash, status: result.status,
            score: result.score, passMark: c.passMark, passed: result.status == "not_applicable" ? nil : result.passed,
            criticalFail: result.criticalFail,
            parameters: c.parameters, items: result.items.map { item in
                ItemResultReport(
                    id: item.item.id, section: item.item.section, metric: item.item.metric,
                    description: item.item.description, status: item.status.rawValue, measured: item.measured,
                    unit: item.item.unit.rawValue, expected: item.item.pass.describe(item.item.unit),
                    credit: item.credit, weight: item.item.weight, critical: item.item.critical, reason: item.reason)
            })
    }
}
