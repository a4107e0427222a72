import Reporting

/// One human QA evaluation of one checklist item on one call.
public struct HumanEvaluation: Sendable, Equatable {
    public var callID: String
    /// The checklist id, when the evaluations name it; otherwise the item is looked up in every
    /// checklist applied to the call.
    public var checklist: String?
    public var item: String
    public var passed: Bool
    /// Line in the evaluations file, for messages.
    public var line: Int

    public init(callID: String, checklist: String?, item: String, passed: Bool, line: Int) {
        self.callID = callID
        self.checklist = checklist
        self.item = item
        self.passed = passed
        self.line = line
    }
}

/// Agreement between callqa and human evaluators on one item.
public struct ItemAgreement: Codable, Sendable, Equatable {
    public var checklist: String
    public var item: String
    public var description: String
    /// Calls both rated.
    public var compared: Int
    /// Share of the calls where both gave the same result, 0-1.
    public var agreement: Double
    /// Cohen's kappa; `null` when every call got the same single answer from both.
    public var kappa: Double?
    public var callqaPassRate: Double
    public var humanPassRate: Double
    /// callqa passed what the human failed / failed what the human passed.
    public var callqaPassedHumanFailed: Int
    public var callqaFailedHumanPassed: Int

    enum CodingKeys: String, CodingKey {
        case checklist, item, description, compared, agreement, kappa, callqaPassRate = "callqa_pass_rate"
        case humanPassRate = "human_pass_rate", callqaPassedHumanFailed = "callqa_passed_human_failed"
        case callqaFailedHumanPassed = "callqa_failed_human_passed"
    }
}

/// A call where callqa and the human disagree on some items.
public struct CallDisagreement: Codable, Sendable, Equatable {
    public var callID: String
    public var source: String
    public var compared: Int
    public var disagreements: Int
    /// `checklist/item: callqa pass, human fail` for each disagreement.
    public var items: [String]

    enum CodingKeys: String, CodingKey { case callID = "call_id", source, compared, disagreements, items }
}

/// An evaluation that could not be compared, with its line.
public struct CalibrationProblem: Codable, Sendable, Equatable {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

/// `callqa calibrate`: callqa's item results against human QA evaluations of the same calls.
public struct Calibration: Codable, Sendable, Equatable {
    public var evaluations: Int
    public var compared: Int
    public var overallAgreement: Double?
    public var overallKappa: Double?
    public var items: [ItemAgreement]
    /// Calls with at least one disagreement, most disagreements first.
    public var calls: [CallDisagreement]
    public var problems: [CalibrationProblem]

    enum CodingKeys: String, CodingKey {
        case evaluations, compared, overallAgreement = "overall_agreement", overallKappa = "overall_kappa", items, calls, problems
    }

    /// Matches evaluations to calls by `call_id` metadata (or, without one, the file name without
    /// its extension) and to items by id.
    /// A share or a kappa to 4 decimals, as the scorecards round theirs (2 of 3 agreeing is 0.6667).
    static func rounded(_ value: Double) -> Double { Rounding.round(value, places: 4) }

    /// - Parameter redactedID: How the reports name a call that an evaluation names in clear,
    ///   when they were scored with `--redact call_id` (or `source`) and the key is at hand: its
    ///   keyed hash. An evaluation is matched by its `call_id` as written, then by that.
    public init(calls: [CallReport], evaluations: [HumanEvaluation], redactedID: ((String) -> String)? = nil) {
        // Every scored call an evaluation's call_id can name. Two of them under one name (the same
        // call_id on two recordings, or two files named 001.wav without call_ids) cannot be told
        // apart: the later one was compared, silently. The same call in two reports (the same
        // source, or the same call_id and file name written from two folders) is one: the later.
        var byID: [String: [CallReport]] = [:]
        // Calls in the reports that could not be analysed: an evaluation of one says so (it read
        // "not among the scored calls", as if the call were missing from the reports).
        var failed: [String: CallReport] = [:]
        for call in calls where call.status != .ok { failed[Self.identifier(of: call)] = call }
        for call in calls where call.status == .ok {
            let id = Self.identifier(of: call)
            var named = byID[id] ?? []
            if let same = named.firstIndex(where: { Self.sameCall($0, call) }) { named[same] = call } else { named.append(call) }
            byID[id] = named
        }
        var pairs: [String: (description: String, values: [(Bool, Bool)])] = [:]
        var itemOrder: [String] = []
        var perCall: [String: (source: String, compared: Int, items: [String])] = [:]
        var problems: [CalibrationProblem] = []
        var all: [(Bool, Bool)] = []
        func lookup<T>(_ table: [String: T], _ id: String) -> T? { table[id] ?? redactedID.flatMap { table[$0(id)] } }
        // The scored calls' ids without case: "c009" for C009 read only "not among the scored calls".
        var idsWithoutCase: [String: [String]] = [:]
        for id in Set(byID.keys).union(failed.keys).sorted() { idsWithoutCase[id.lowercased(), default: []].append(id) }
        for evaluation in evaluations {
            guard let named = lookup(byID, evaluation.callID), let call = named.first else {
                let message = lookup(failed, evaluation.callID).map { call in
                    "call \(evaluation.callID) (\(call.source)) could not be analysed (\(call.error?.code ?? "error")), so it has no results to compare; "
                        + "score it again once the recording is readable"
                } ?? "call \(evaluation.callID) is not among the scored calls"
                    + Self.didYouMean(idsWithoutCase[evaluation.callID.lowercased()] ?? [], "call_ids")
                problems.append(CalibrationProblem(line: evaluation.line, message: message))
                continue
            }
            guard named.count == 1 else {
                problems.append(CalibrationProblem(line: evaluation.line, message: Self.ambiguity(evaluation.callID, named)))
                continue
            }
            let candidates = call.checklists.filter { evaluation.checklist == nil || $0.id == evaluation.checklist }
            let found = candidates.compactMap { c in c.items.first { $0.id == evaluation.item }.map { (c, $0) } }
            guard let (checklist, item) = found.first else {
                let sameButCase = Set(candidates.flatMap { $0.items.map(\.id) }.filter { $0.lowercased() == evaluation.item.lowercased() }).sorted()
                problems.append(CalibrationProblem(
                    line: evaluation.line,
                    message: "call \(evaluation.callID) has no checklist item \(evaluation.item)" + Self.didYouMean(sameButCase, "item ids")))
                continue
            }
            if Set(found.map(\.1.status)).count > 1 {
                // The same item id in two checklists applied to the call, with different results:
                // the first checklist's was compared, silently.
                let results = found.map { "\($0.0.id): \($0.1.status)" }.joined(separator: ", ")
                problems.append(CalibrationProblem(
                    line: evaluation.line,
                    message: "item \(evaluation.item) is in \(found.count) checklists applied to call \(evaluation.callID), with different results "
                        + "(\(results)): not compared; add a checklist column naming the checklist the person evaluated"))
                continue
            }
            guard item.status != "na" else {
                problems.append(CalibrationProblem(line: evaluation.line, message: "item \(evaluation.item) did not apply to call \(evaluation.callID) (\(item.reason))"))
                continue
            }
            let ours = item.status == "pass"
            let key = "\(checklist.id)/\(item.id)"
            if pairs[key] == nil {
                pairs[key] = (item.description, [])
                itemOrder.append(key)
            }
            pairs[key]?.values.append((ours, evaluation.passed))
            all.append((ours, evaluation.passed))
            var entry = perCall[evaluation.callID] ?? (call.source, 0, [])
            entry.compared += 1
            if ours != evaluation.passed {
                entry.items.append("\(key): callqa \(ours ? "pass" : "fail"), human \(evaluation.passed ? "pass" : "fail")")
            }
            perCall[evaluation.callID] = entry
        }
        self.evaluations = evaluations.count
        compared = all.count
        overallAgreement = all.isEmpty ? nil : Self.rounded(Double(all.filter { $0.0 == $0.1 }.count) / Double(all.count))
        overallKappa = Statistics.cohensKappa(all).map(Self.rounded)
        items = itemOrder.compactMap { key in
            guard let entry = pairs[key] else { return nil }
            let values = entry.values, n = Double(values.count)
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            return ItemAgreement(
                checklist: parts[0], item: parts.count > 1 ? parts[1] : "", description: entry.description,
                compared: values.count,
                agreement: Self.rounded(Double(values.filter { $0.0 == $0.1 }.count) / n),
                kappa: Statistics.cohensKappa(values).map(Self.rounded),
                callqaPassRate: Self.rounded(Double(values.filter { $0.0 }.count) / n),
                humanPassRate: Self.rounded(Double(values.filter { $0.1 }.count) / n),
                callqaPassedHumanFailed: values.filter { $0.0 && !$0.1 }.count,
                callqaFailedHumanPassed: values.filter { !$0.0 && $0.1 }.count)
        }
        self.calls = perCall.filter { !$0.value.items.isEmpty }
            .map { CallDisagreement(callID: $0.key, source: $0.value.source, compared: $0.value.compared, disagreements: $0.value.items.count, items: $0.value.items) }
            .sorted { ($0.disagreements, $1.callID) > ($1.disagreements, $0.callID) }
        self.problems = problems
    }

    /// Whether two scored calls that evaluations name alike are one call: the same source, or
    /// the same `call_id` and file name (one recording written from two folders by two runs).
    static func sameCall(_ a: CallReport, _ b: CallReport) -> Bool {
        if Array(a.source.utf8) == Array(b.source.utf8) { return true }
        guard let id = a.metadata["call_id"], !id.isEmpty, b.metadata["call_id"] == id else { return false }
        return a.source.split(separator: "/").last.map { Array($0.utf8) } == b.source.split(separator: "/").last.map { Array($0.utf8) }
    }

    /// The hint for an id that differs from `matches` only in case: `; did you mean C009?`
    /// (`what` says which ids are matched with their case), or nothing without a match.
    static func didYouMean(_ matches: [String], _ what: String) -> String {
        guard !matches.isEmpty else { return "" }
        return "; did you mean \(matches.joined(separator: " or "))? (\(what) are matched with their case)"
    }

    /// Why an evaluation naming several scored calls is not compared, naming them.
    static func ambiguity(_ id: String, _ calls: [CallReport]) -> String {
        let sources = calls.map(\.source)
        let listed = sources.count > 3 ? sources.prefix(3).joined(separator: ", ") + " and \(sources.count - 3) more" : sources.joined(separator: " and ")
        let byName = calls.allSatisfy { ($0.metadata["call_id"] ?? "").isEmpty }
        return "call \(id) names \(calls.count) scored calls, \(listed)\(byName ? " (calls without a call_id are named by their file name)" : " (the same call_id)"): "
            + "not compared, since which one was evaluated cannot be told; give each call its own call_id"
            + (byName ? " (a manifest column) and name the calls by it in the evaluations" : "")
    }

    /// How evaluations name a call: its `call_id`, or its file name without the extension.
    public static func identifier(of call: CallReport) -> String {
        if let id = call.metadata["call_id"], !id.isEmpty { return id }
        let name = call.source.split(separator: "/").last.map(String.init) ?? call.source
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
