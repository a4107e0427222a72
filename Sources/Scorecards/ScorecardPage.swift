import Analysis
import Foundation
import Reporting
import Scoring

/// The self-contained HTML page of a scorecard (and of `callqa score --html`): run summary, a
/// sortable and filterable group table, a section per group with item pass rates and the calls
/// to listen to first, and per call the checklist results and a timeline. No network: the style
/// sheet and the small sorting script are inline; every data string is escaped.
public enum ScorecardPage {
    /// Calls with a full section (timeline and items) when there are more than this many; the
    /// worst calls of every group are always included.
    public static let maximumCallSections = 500

    /// The page. `notices` are shown in the header, before anything else, for what makes the
    /// page partial (an interrupted run, one shard of a sharded run).
    public static func render(_ scorecard: Scorecard, calls: [CallReport], title: String, sources: [String], notices: [String] = []) -> String {
        let groupLabel = scorecard.groupedBy.rawValue.capitalized
        let sortedCalls = calls.sorted { $0.source < $1.source }
        // Anchors per call, not per source: two calls may share a source (`001.wav` scored in two
        // folders) and still be two calls (`CallIdentity`).
        var callIDs: [CallIdentity: String] = [:]
        for (index, call) in sortedCalls.enumerated() { callIDs[CallIdentity(call)] = "call-\(index + 1)" }
        let worst = Set(scorecard.groups.flatMap { $0.worstCalls.map(CallIdentity.init) } + scorecard.overall.worstCalls.map(CallIdentity.init))
        let shown = sortedCalls.count <= maximumCallSections ? sortedCalls : sortedCalls.filter { worst.contains(CallIdentity($0)) }

        var body: [HTMLNode] = []
        body.append(.el("header", children: [.el("h1", .text(title)), .el("p", ["class": "meta"], .text(subtitle(scorecard, sources: sources)))]
            + notices.map { .el("p", ["class": "notice", "role": "alert"], .text($0)) }))
        body.append(summarySection(scorecard))
        body.append(groupTable(scorecard, label: groupLabel))
        body.append(.el("section", ["id": "group-details"], children:
            [.el("h2", .text("\(groupLabel) details"))] + scorecard.groups.enumerated().map { index, group in
                groupDetails(group, index: index, callIDs: callIDs, shown: Set(shown.map(CallIdentity.init)))
            }))
        var callNodes: [HTMLNode] = [.el("h2", .text("Calls"))]
        if sortedCalls.isEmpty {
            // A night without calls: the page said so only as "0 calls" above empty tables.
            callNodes.append(.el("p", ["class": "empty"], .text(emptyText)))
        }
        if shown.count < sortedCalls.count {
            callNodes.append(.el("p", .text("\(Plural.count(sortedCalls.count, "call")): only the \(Plural.count(shown.count, "call")) to listen to first \(shown.count == 1 ? "has" : "have") a section here; the table below lists the others.")))
            callNodes.append(callIndex(sortedCalls.filter { !worst.contains(CallIdentity($0)) }))
        }
        for call in shown { callNodes.append(callSection(call, id: callIDs[CallIdentity(call)] ?? "call")) }
        body.append(.el("section", ["id": "calls"], children: callNodes))
        return document(title: title, body: body)
    }

    /// The calibration page: agreement per item and the calls to review.
    public static func render(_ calibration: Calibration, title: String, sources: [String]) -> String {
        var body: [HTMLNode] = [.el("header", .el("h1", .text(title)), .el("p", ["class": "meta"], .text("From \(sources.joined(separator: ", ")).")))]
        body.append(.el("section", ["id": "summary"],
            .el("h2", .text("Agreement")),
            .el("p", .text("\(calibration.compared) of \(calibration.evaluations) human evaluations compared; agreement \(percent(calibration.overallAgreement)), Cohen's kappa \(decimal(calibration.overallKappa)).")),
            table(id: "items", headers: [("Checklist", false), ("Item", false), ("Description", false), ("Calls", true), ("Agreement", true), ("Kappa", true), ("callqa pass", true), ("Human pass", true), ("callqa pass, human fail", true), ("callqa fail, human pass", true)],
                  rows: calibration.items.map { item in
                      [cell(item.checklist), cell(item.item), cell(item.description), cell(item.compared), cell(percent(item.agreement), item.agreement),
                       cell(decimal(item.kappa), item.kappa ?? -2), cell(percent(item.callqaPassRate), item.callqaPassRate),
                       cell(percent(item.humanPassRate), item.humanPassRate), cell(item.callqaPassedHumanFailed), cell(item.callqaFailedHumanPassed)]
                  })))
        body.append(.el("section", ["id": "disagreements"], .el("h2", .text("Calls with the most disagreements")),
            table(id: "calls-table", headers: [("Call", false), ("Source", false), ("Compared", true), ("Disagreements", true), ("Items", false)],
                  rows: calibration.calls.map { [cell($0.callID), cell($0.source), cell($0.compared), cell($0.disagreements), cell($0.items.joined(separator: "; "))] })))
        if !calibration.problems.isEmpty {
            body.append(.el("section", ["id": "problems"], .el("h2", .text("Evaluations not compared")),
                .el("ul", children: calibration.problems.map { .el("li", .text("line \($0.line): \($0.message)")) })))
        }
        return document(title: title, body: body)
    }

    /// The page around `body`, with callqa's style sheet and script inline.
    private static func document(title: String, body: [HTMLNode]) -> String {
        let page = HTMLNode.el("html", ["lang": "en"],
            .el("head",
                .el("meta", ["charset": "utf-8"]),
                .el("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"]),
                .el("title", .text(title)),
                .el("style", .trusted(styleSheet))),
            .el("body", children: body + [.el("script", .trusted(script))]))
        return "<!DOCTYPE html>\n" + page.render() + "\n"
    }

    // MARK: - Sections

    /// What a page without calls says where its tables and call sections would be.
    public static let emptyText = "No calls: nothing was scored (no recordings were found, or the reports and history named hold no calls)."

    private static func subtitle(_ scorecard: Scorecard, sources: [String]) -> String {
        var text = "\(Plural.count(scorecard.overall.calls, "call")) from \(sources.joined(separator: ", "))"
        if let period = scorecard.period {
            text += "; calls dated \(period.from) to \(period.to), compared with \(period.previousFrom) to \(period.previousTo)"
        }
        if scorecard.undatedCallsExcluded > 0 { text += "; \(Plural.count(scorecard.undatedCallsExcluded, "undated call")) left out" }
        if let checklist = scorecard.checklist { text += "; checklist \(checklist)" }
        return text + "."
    }

    private static func summarySection(_ scorecard: Scorecard) -> HTMLNode {
        let all = scorecard.overall
        var facts: [(String, String)] = [
            ("Calls", "\(all.calls) (\(all.failedCalls) not analysed)"),
            ("Mean score", scoreText(all.score)),
            ("Pass rate", rateText(all.passRate)),
            ("Critical failures", "\(all.criticalFailures)"),
            ("Calls with level problems", "\(all.levelProblemCalls)"),
            ("Dead air per call", all.deadAirSecondsPerCall.map { String(format: "%.1f s (%.1f events)", $0, all.deadAirEventsPerCall ?? 0) } ?? "n/a"),
        ]
        if let change = all.change { facts.append(("Change against the previous period", changeText(change))) }
        return .el("section", ["id": "summary"],
            .el("h2", .text("Run summary")),
            .el("dl", children: facts.flatMap { [HTMLNode.el("dt", .text($0.0)), .el("dd", .text($0.1))] }))
    }

    private static func groupTable(_ scorecard: Scorecard, label: String) -> HTMLNode {
        var headers: [(String, Bool)] = [(label, false)]
        if scorecard.groupedBy == .agent { headers += [("Name", false), ("Team", false)] }
        headers += [("Calls", true), ("Mean score (95% CI)", true), ("Median", true), ("Pass rate", true), ("Critical failures", true),
                    ("Agent talk ratio", true), ("Dead air per call (s)", true), ("Interruptions per call by agent / customer", true),
                    ("Level problem calls", true), ("Change in mean score", true)]
        let rows: [[TableCell]] = scorecard.groups.enumerated().map { index, group in
            var row: [TableCell] = [TableCell(node: .el("a", ["href": "#group-\(index + 1)"], .text(group.key)), sort: group.key)]
            if scorecard.groupedBy == .agent { row += [cell(group.name ?? ""), cell(group.team ?? "")] }
            row += [
                cell(group.calls), cell(scoreText(group.score), group.score?.mean ?? -1), cell(decimal(group.score?.median, places: 1), group.score?.median ?? -1),
                cell(rateText(group.passRate), group.passRate?.rate ?? -1), cell(group.criticalFailures),
                cell(percent(group.agentTalkRatio?.mean), group.agentTalkRatio?.mean ?? -1),
                cell(decimal(group.deadAirSecondsPerCall, places: 1), group.deadAirSecondsPerCall ?? -1),
                cell("\(decimal(group.interruptionsByAgentPerCall, places: 2)) / \(decimal(group.interruptionsByCustomerPerCall, places: 2))", group.interruptionsByAgentPerCall ?? -1),
                cell(group.levelProblemCalls),
                cell(group.change?.meanScoreChange.map { String(format: "%+.1f", $0) } ?? "n/a", group.change?.meanScoreChange ?? 0),
            ]
            return row
        }
        if rows.isEmpty {
            return .el("section", ["id": "groups"], .el("h2", .text("\(label)s")), .el("p", ["class": "empty"], .text(emptyText)))
        }
        return .el("section", ["id": "groups"],
            .el("h2", .text("\(label)s")),
            .el("p", ["class": "hint"], .text("Click a column heading to sort; type to filter. Every figure shows how many calls it rests on: a mean over a handful of calls is mostly noise.")),
            .el("label", ["for": "filter"], .text("Filter ")),
            .el("input", ["type": "search", "id": "filter", "data-table": "group-table", "placeholder": "name, team, id"]),
            table(id: "group-table", headers: headers, rows: rows))
    }

    private static func groupDetails(_ group: GroupScorecard, index: Int, callIDs: [CallIdentity: String], shown: Set<CallIdentity>) -> HTMLNode {
        let heading = joined([group.key, group.name, group.team].compactMap { $0 }.map(isolated), separator: " · ")
        var children: [HTMLNode] = [.el("summary", children: heading + [.text(": \(Plural.count(group.calls, "call")), mean score \(scoreText(group.score))")])]
        if let change = group.change { children.append(.el("p", .text("Against the previous period: \(changeText(change))."))) }
        if !group.levelProblems.isEmpty {
            children.append(.el("p", .text("Level problems: " + group.levelProblems.sorted { $0.key < $1.key }.map { "\($0.key.replacingOccurrences(of: "_", with: " ")) \($0.value)" }.joined(separator: ", "))))
        }
        children.append(.el("h4", .text("Pass rate per item")))
        children.append(table(id: "items-\(index + 1)", headers: [("Checklist", false), ("Item", false), ("Description", false), ("Critical", false), ("Pass rate (95% CI)", true), ("Calls", true)],
            rows: group.items.map { item in
                [cell(item.checklist), cell(item.item), cell(item.description), cell(item.critical ? "yes" : ""), cell(rateText(item.passRate), item.passRate.rate), cell(item.passRate.count)]
            }))
        children.append(.el("h4", .text("Calls to listen to first")))
        children.append(.el("ol", children: group.worstCalls.map { worst in
            let label: [HTMLNode] = (worst.callID.map { [isolated($0), .text(" ("), isolated(worst.source), .text(")")] } ?? [isolated(worst.source)])
                + (worst.score.map { [.text(" — score \(ChecklistScore.text($0, passMark: worst.passMark, places: 1))")] } ?? [])
            let identity = CallIdentity(worst)
            let link: HTMLNode = shown.contains(identity) ? .el("a", ["href": "#\(callIDs[identity] ?? "")"], children: label) : .fragment(label)
            return .el("li", link, .text(": \(worst.reason)"))
        }))
        return .el("details", ["id": "group-\(index + 1)", "class": "group"], children: children)
    }

    private static func callSection(_ call: CallReport, id: String) -> HTMLNode {
        var children: [HTMLNode] = [.el("h3", children: joined(([call.metadata["call_id"]].compactMap { $0 } + [call.source]).map(isolated), separator: " — "))]
        let metadata = call.metadata.sorted { $0.key < $1.key }
        if !metadata.isEmpty {
            children.append(.el("p", ["class": "meta"], children: joined(metadata.map { .fragment([isolated($0.key), .text(": "), isolated($0.value)]) }, separator: " · ")))
        }
        if let error = call.error {
            children.append(.el("p", ["class": "error"], .text("Not analysed (\(error.code)): \(error.message)")))
            return .el("article", ["id": id, "class": "call"], children: children)
        }
        if let svg = CallTimeline.svg(for: call, id: "\(id)-timeline") {
            children.append(.el("figure", svg, .el("figcaption", .text(call.conversation.map { CallTimeline.description(call, conversation: $0) } ?? ""))))
            children.append(legend)
        }
        for warning in call.warnings { children.append(.el("p", ["class": "warning"], .text("Warning: \(warning)"))) }
        for result in call.checklists {
            children.append(.el("h4", .text("\(result.name) \(result.version): \(result.scoreText(places: 1)) — \(result.status.replacingOccurrences(of: "_", with: " "))")))
            children.append(table(id: "\(id)-\(result.id)", headers: [("Item", false), ("Result", false), ("Measured", true), ("Expected", false), ("Reason", false)],
                rows: result.items.map { item in
                    return [itemCell(item), TableCell(node: .el("span", ["class": "status \(statusClass(item.status))"], .text(item.status)), sort: item.status),
                            cell(item.measuredText, item.measured ?? -1e9), cell(item.expected), cell(item.reason)]
                }))
            if let note = result.parametersNote(against: call.conversation) {
                children.append(.el("p", ["class": "meta"], .text(note)))
            }
        }
        return .el("article", ["id": id, "class": "call"], children: children)
    }

    /// Built per call section, not stored: a stored tree of indirect enum cases keeps its boxes
    /// behind tagged pointers, which LeakSanitizer reports as leaked at exit.
    private static var legend: HTMLNode { .el("p", ["class": "legend"], children: [
        ("Agent", CallTimeline.agentColour), ("Customer", CallTimeline.customerColour), ("Overlap", CallTimeline.overlapColour),
        ("Dead air", CallTimeline.deadAirColour), ("Hold", CallTimeline.holdColour),
    ].map { .el("span", .el("span", ["class": "swatch", "style": "background:\($0.1)"]), .text(" \($0.0) ")) } + [
        .text("▼ interruption (on the interrupter's lane); level lines: agent solid, customer dashed."),
    ]) }

    private static func statusClass(_ status: String) -> String {
        ["pass", "warn", "fail", "na"].contains(status) ? status : "na"
    }

    // MARK: - Tables

    /// Calls in the compact table of a long page at most (a row is some 300 bytes).
    public static let maximumIndexRows = 20_000

    /// One row per call without a section (a long page gave the calls to listen to first only,
    /// and a supervisor looking for one call among thousands could not find it): call, source,
    /// agent, score, result; filterable and sortable like the group table.
    private static func callIndex(_ calls: [CallReport]) -> HTMLNode {
        let listed = calls.prefix(maximumIndexRows)
        let rows: [[TableCell]] = listed.map { call in
            let score = call.score
            let result = call.status != .ok ? "not analysed (\(call.error?.code ?? "error"))" : call.passed.map { $0 ? "pass" : "fail" } ?? "n/a"
            return [
                cell(call.metadata["call_id"] ?? ""), cell(call.source), cell(call.metadata["agent_id"] ?? ""),
                cell(call.scoreText(places: 1) ?? "n/a", score ?? -1), cell(result),
            ]
        }
        var nodes: [HTMLNode] = [
            .el("h3", .text("Other calls")),
            .el("label", ["for": "call-filter"], .text("Filter ")),
            .el("input", ["type": "search", "id": "call-filter", "data-table": "call-table", "placeholder": "call id, file, agent"]),
            table(id: "call-table", headers: [("Call", false), ("Recording", false), ("Agent", false), ("Score", true), ("Result", false)], rows: rows),
        ]
        if calls.count > listed.count {
            nodes.append(.el("p", ["class": "hint"], .text("The first \(listed.count) of \(calls.count) by recording; the JSON report has every call.")))
        }
        return .el("section", ["id": "call-index"], children: nodes)
    }

    /// A value from a manifest, a file name or a report inside running text, isolated in a
    /// `<bdi>`: a name written right to left (Arabic, Hebrew) orders only itself, not the
    /// separators and the values after it on the line. (Bidirectional controls in it are written
    /// as text by `HTMLNode.escape`.) Table cells need none: each is a paragraph of its own.
    private static func isolated(_ value: String) -> HTMLNode { .el("bdi", .text(value)) }

    private static func joined(_ nodes: [HTMLNode], separator: String) -> [HTMLNode] {
        nodes.enumerated().flatMap { index, node in index == 0 ? [node] : [.text(separator), node] }
    }

    struct TableCell {
        var node: HTMLNode
        var sort: String
    }

    /// An item's cell in a call's results: its id always (calibration evaluations name items by
    /// it, and a description is optional: the cell was blank without one), then the description.
    private static func itemCell(_ item: ItemResultReport) -> TableCell {
        var nodes: [HTMLNode] = [.el("code", .text(item.id))]
        if item.critical { nodes.append(.text(" (critical)")) }
        if !item.description.isEmpty { nodes.append(.text(": \(item.description)")) }
        return TableCell(node: .fragment(nodes), sort: item.id)
    }

    private static func cell(_ text: String) -> TableCell { TableCell(node: .text(text), sort: text) }
    private static func cell(_ text: String, _ sort: Double) -> TableCell { TableCell(node: .text(text), sort: String(sort)) }
    private static func cell(_ value: Int) -> TableCell { TableCell(node: .text(String(value)), sort: String(value)) }

    private static func table(id: String, headers: [(String, Bool)], rows: [[TableCell]]) -> HTMLNode {
        .el("table", ["id": id, "class": "sortable"],
            .el("thead", .el("tr", children: headers.enumerated().map { index, header in
                .el("th", ["scope": "col", "class": header.1 ? "num" : "text"],
                    .el("button", ["type": "button", "data-column": String(index), "data-numeric": header.1 ? "1" : "0"], .text(header.0)))
            })),
            .el("tbody", children: rows.map { row in
                .el("tr", children: row.enumerated().map { index, cell in
                    .el("td", ["data-sort": cell.sort, "class": headers.indices.contains(index) && headers[index].1 ? "num" : "text"], cell.node)
                })
            }))
    }

    // MARK: - Formatting

    static func scoreText(_ score: MeanEstimate?) -> String {
        guard let score else { return "n/a" }
        guard let low = score.low, let high = score.high else { return String(format: "%.1f (n=%d)", score.mean, score.count) }
        return String(format: "%.1f (%.1f-%.1f, n=%d)", score.mean, max(0, low), min(100, high), score.count)
    }

    static func rateText(_ rate: RateEstimate?) -> String {
        guard let rate else { return "n/a" }
        return String(format: "%.0f%% (%.0f-%.0f%%, %d/%d)", rate.rate * 100, rate.low * 100, rate.high * 100, rate.successes, rate.count)
    }

    static func changeText(_ change: PeriodChange) -> String {
        let score = change.meanScoreChange.map { String(format: "mean score %+.1f", $0) } ?? "mean score n/a"
        let pass = change.passRateChange.map { String(format: "pass rate %+.0f points", $0 * 100) } ?? "pass rate n/a"
        return "\(score), \(pass) (previous period: \(Plural.count(change.previousCalls, "call")))"
    }

    private static func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "n/a" }
    private static func decimal(_ value: Double?, places: Int = 2) -> String { value.map { String(format: "%.\(places)f", $0) } ?? "n/a" }

    // MARK: - Constant style and script (no data inside)

    static let styleSheet = """
        :root { --fg: #1a1a1a; --muted: #555; --line: #ccc; --bg: #fff; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        body { color: var(--fg); background: var(--bg); max-width: 1200px; margin: 0 auto; padding: 1rem 1.5rem; line-height: 1.4; }
        h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid var(--line); padding-bottom: 0.2rem; margin-top: 2rem; }
        .meta, .hint { color: var(--muted); font-size: 0.9rem; }
        .notice { border-left: 4px solid #d55e00; padding: 0.3rem 0.6rem; font-weight: 600; }
        dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1.2rem; } dt { font-weight: 600; } dd { margin: 0; }
        table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
        th, td { border-bottom: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        th button { font: inherit; font-weight: 600; background: none; border: none; padding: 0; cursor: pointer; text-align: inherit; color: inherit; }
        th button::after { content: " \\2195"; color: var(--muted); }
        tbody tr:nth-child(even) { background: #f6f6f6; }
        input[type=search] { font: inherit; padding: 0.2rem 0.4rem; width: 18rem; }
        details.group { border: 1px solid var(--line); border-radius: 4px; padding: 0.4rem 0.8rem; margin: 0.4rem 0; }
        details.group summary { cursor: pointer; font-weight: 600; }
        article.call { border-top: 1px solid var(--line); padding-top: 0.5rem; margin-top: 1.5rem; }
        figure { margin: 0.5rem 0; } figcaption { color: var(--muted); font-size: 0.85rem; }
        svg.timeline { max-width: 100%; height: auto; font-size: 11px; }
        svg.timeline .lane { fill: #f2f2f2; } svg.timeline .lane-label, svg.timeline .axis { fill: var(--fg); }
        svg.timeline .tick { stroke: #ddd; stroke-width: 0.5; } svg.timeline .grid { stroke: #ccc; stroke-dasharray: 2 2; }
        svg.timeline .interruption { fill: #000; }
        .legend { font-size: 0.85rem; } .swatch { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: middle; border: 1px solid #333; }
        .status { font-weight: 600; padding: 0 0.3rem; border-radius: 3px; }
        .status.pass { background: #d7ecf7; } .status.warn { background: #fbe9c6; } .status.fail { background: #f6d0c0; } .status.na { color: var(--muted); }
        .status.fail::before { content: "✗ "; } .status.pass::before { content: "✓ "; } .status.warn::before { content: "! "; }
        .error, .warning { color: #8a3000; }
        @media print { body { max-width: none; padding: 0; } input, .hint, th button::after { display: none; } details.group { break-inside: avoid; } article.call { break-inside: avoid-page; } }
        """

    static let script = """
        (function () {
          function key(cell, numeric) {
            var v = cell.getAttribute('data-sort') || '';
            if (numeric) { var n = parseFloat(v); return isNaN(n) ? -Infinity : n; }
            return v.toLowerCase();
          }
          document.querySelectorAll('table.sortable th button').forEach(function (button) {
            button.addEventListener('click', function () {
              var table = button.closest('table'), body = table.tBodies[0];
              var column = +button.getAttribute('data-column'), numeric = button.getAttribute('data-numeric') === '1';
              var ascending = button.getAttribute('aria-sort') !== 'ascending';
              table.querySelectorAll('th button').forEach(function (b) { b.removeAttribute('aria-sort'); });
              button.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
              var rows = Array.prototype.slice.call(body.rows);
              rows.sort(function (a, b) {
                var x = key(a.cells[column], numeric), y = key(b.cells[column], numeric);
                return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
              });
              rows.forEach(function (row) { body.appendChild(row); });
            });
          });
          document.querySelectorAll('input[data-table]').forEach(function (input) {
            input.addEventListener('input', function () {
              var table = document.getElementById(input.getAttribute('data-table'));
              var text = input.value.toLowerCase();
              Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
                row.hidden = text !== '' && row.textContent.toLowerCase().indexOf(text) < 0;
              });
            });
          });
          window.addEventListener('beforeprint', function () {
            document.querySelectorAll('details').forEach(function (d) { d.open = true; });
          });
        })();
        """
}
