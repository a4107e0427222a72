import Analysis
import ArgumentParser
import Foundation
import Pipeline

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

extension FileHandle {
    static func standardErrorWrite(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
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
