import Analysis
import ArgumentParser
import Foundation
import Pipeline
import Reporting
import Scorecards

/// `--checklist-mode` values.
enum ChecklistModeArgument: String, ExpressibleByArgument, CaseIterable {
    case all
    case first

    var mode: ChecklistSelectionMode { self == .all ? .all : .first }
}

/// `--loudness-mode` values.
enum LoudnessModeArgument: String, ExpressibleByArgument, CaseIterable {
    case exact
    case ebur128

    var mode: KWeightingMode { self == .exact ? .exact : .ebur128 }
}

/// `--out` values: a file to write, or '-' for standard output (as with no `--out`).
struct OutputArgument: ExpressibleByArgument {
    /// The file to write; nil for standard output.
    let path: String?

    init?(argument: String) {
        guard !argument.isEmpty else { return nil }
        path = argument == "-" ? nil : argument
    }
}

/// `--format` values.
enum ReportFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case json
    case jsonl

    var format: ReportFormat { self == .json ? .json : .jsonl }
}

/// `--log-format` values.
enum LogFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case text
    case json

    var format: LogFormat { self == .text ? .text : .json }
}

/// `--format` of the views.
enum ViewFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case json
    case csv
    case html

    var format: ViewFormat { ViewFormat(rawValue: rawValue) ?? .json }
}

/// `--csv-style` of the views.
enum CSVStyleArgument: String, ExpressibleByArgument, CaseIterable {
    case plain
    case excel
    case excelSemicolon = "excel-semicolon"

    var style: CSVStyle { CSVStyle(rawValue: rawValue) ?? .plain }
}

/// `--by` of `callqa scorecard`.
enum GroupingArgument: String, ExpressibleByArgument, CaseIterable {
    case agent
    case team
    case queue
    case campaign

    var grouping: ScorecardGrouping { ScorecardGrouping(rawValue: rawValue) ?? .agent }
}

/// Refuses an empty file name given to an option that names a file (`--state ''`, or a shell
/// variable that was not set): it failed later as ": no such file", naming no file, and `--html ''`
/// only after the whole batch was scored.
func requireFileNames(_ values: [String?], for option: String) throws {
    if values.contains("") { throw ValidationError("\(option) needs a file name; the value given is empty.") }
}
