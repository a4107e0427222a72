import ArgumentParser
import Foundation
import Pipeline
import Scorecards

struct ScorecardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorecard",
        abstract: "Aggregate scored calls per agent, team, queue or campaign.",
        discussion: """
            Reads callqa reports (JSON, or JSON Lines from --format jsonl) and/or the history in a \
            state database (--state, every call ever scored with it), and prints per group: calls, \
            mean score with its 95% confidence interval, median, pass rate (95% Wilson interval), \
            critical failures, pass rate per checklist item, agent talk ratio, dead air and \
            interruptions per call, level problems, the calls to listen to first with the reason, \
            and, with --from/--to, the change against the previous period of the same length. \
            Call dates come from the started_at (or date) metadata. See docs/scorecards.md.

            Exit status: 0 done; 1 some report files or lines could not be read (the rest is \
            aggregated), or the output could not be written; 2 usage error (an output that names \
            an input, say) or no report could be read. A report without calls (a day without \
            calls) gives an empty scorecard with a warning and status 0.
            """
    )

    @Argument(help: "callqa reports (JSON or JSON Lines).")
    var reports: [String] = []

    @Option(help: "Also aggregate every result stored in this state database (the history of 'callqa score --state').")
    var state: String?

    @Option(help: "Group calls by 'agent' (agent_id), 'team', 'queue' or 'campaign'.")
    var by: GroupingArgument = .agent

    @Option(help: "Aggregate this checklist's results (default: each call's verdict: its score, and failed if it failed any checklist).")
    var checklist: String?

    @Option(help: "First call date to include, YYYY-MM-DD (with --to).")
    var from: String?

    @Option(help: "Last call date to include, YYYY-MM-DD (with --from).")
    var to: String?

    @Option(help: "Output format: json, csv (one row per group, then all calls) or html (self-contained page).")
    var format: ViewFormatArgument = .json

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output ('-': standard output).")
    var out: OutputArgument?

    @Option(help: "Also write the HTML page here (whatever --format is).")
    var html: String?

    @Option(help: "How --format csv is written: 'plain' (RFC 4180, for scripts), 'excel' (Excel in English: a UTF-8 byte order mark, which Excel needs to read accented names), or 'excel-semicolon' (Excel in Italian, Spanish, French, German ...: semicolons, decimal commas and the byte order mark).")
    var csvStyle: CSVStyleArgument = .plain

    func validate() throws {
        try RepeatedOptions.check(Self.self)
        try requireFileNames([state], for: "--state")
        try requireFileNames([html], for: "--html")
        if html == "-" {
            throw ValidationError("--html writes the page to a file: name one, e.g. --html scorecard.html; for the page on standard output, give --format html.")
        }
        if reports.isEmpty && state == nil {
            throw ValidationError("Name callqa reports or a --state database to aggregate, e.g. 'callqa scorecard report.json --format html --out scorecard.html'.")
        }
        if (from == nil) != (to == nil) {
            throw ValidationError("--from and --to go together: the period is from one date to the other, inclusive.")
        }
        if csvStyle != .plain, format != .csv {
            throw ValidationError("--csv-style \(csvStyle.rawValue) shapes the CSV view: give it with --format csv.")
        }
    }

    func run() throws {
        let status = ScorecardCommandRunner.run(.init(
            reports: reports, statePath: state, grouping: by.grouping, checklist: checklist, from: from, to: to,
            format: format.format, outputPath: out?.path, htmlPath: html, csvStyle: csvStyle.style))
        if status != .allScored { throw ExitCode(status.rawValue) }
    }
}

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare callqa's checklist item results with human QA evaluations of the same calls.",
        discussion: """
            The evaluations are a CSV file with a header: call_id (the call_id metadata, or the \
            file name without its extension), item (the checklist item id), human (pass/fail, \
            yes/no, sì/no, sí/no, da/nu, ok/ko, true/false, 1/0, met/not met) and optionally checklist. Prints, per item, the \
            percent agreement and Cohen's kappa, and the calls where callqa and the humans disagree \
            most. Rows that cannot be compared are listed with their line numbers.

            Exit status: 0 done; 1 some report files could not be read, or the output could not \
            be written; 2 usage error (an output that names an input, say), no call in the \
            reports to compare with, or no evaluation that could be compared (nothing is \
            written).
            """
    )

    @Argument(help: "callqa reports (JSON or JSON Lines) of the evaluated calls.")
    var reports: [String] = []

    @Option(help: "The human evaluations (CSV).")
    var human: String

    @Option(help: "Output format: json, csv (one row per item) or html.")
    var format: ViewFormatArgument = .json

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output ('-': standard output).")
    var out: OutputArgument?

    @Option(help: "How --format csv is written: 'plain' (RFC 4180, for scripts), 'excel' (Excel in English: a UTF-8 byte order mark, which Excel needs to read accented names), or 'excel-semicolon' (Excel in Italian, Spanish, French, German ...: semicolons, decimal commas and the byte order mark).")
    var csvStyle: CSVStyleArgument = .plain

    @Option(help: "The secret key the reports were scored with under --redact call_id (default: the CALLQA_REDACT_KEY environment variable): the evaluations' call_ids are hashed with it to match the reports' redacted ones.")
    var redactKeyFile: String?

    func validate() throws {
        try RepeatedOptions.check(Self.self)
        try requireFileNames([human], for: "--human")
        try requireFileNames([redactKeyFile], for: "--redact-key-file")
        if reports.isEmpty { throw ValidationError("Name the callqa reports of the evaluated calls.") }
        if csvStyle != .plain, format != .csv {
            throw ValidationError("--csv-style \(csvStyle.rawValue) shapes the CSV view: give it with --format csv.")
        }
    }

    func run() throws {
        let status = CalibrateCommandRunner.run(
            reports: reports, humanPath: human, format: format.format, outputPath: out?.path, csvStyle: csvStyle.style,
            redactKeyFile: redactKeyFile)
        if status != .allScored { throw ExitCode(status.rawValue) }
    }
}
