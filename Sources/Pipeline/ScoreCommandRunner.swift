import Analysis
import Foundation
import Reporting
import Scoring

#if canImport(Glibc)
import Glibc
#endif

/// What `callqa score` does, end to end: load and validate the checklists (before any audio is
/// read), collect the inputs, score, write the report atomically, print the summary, and decide
/// the exit status once.
public enum ScoreCommandRunner {
    public static func run(_ request: ScoreRequest, outputPath: String?, printSummary: Bool) -> ExitStatus {
        let checklists: [LoadedChecklist]
        do {
            checklists = try ChecklistScoring.load(request.checklistPaths)
        } catch {
            Diagnostics.error(error)
            return .usageError
        }
        let paths: [String]
        do {
            paths = try InputCollector.collect(request.inputs)
        } catch {
            Diagnostics.error(error)
            return .usageError
        }
        if paths.isEmpty {
            Diagnostics.message("no audio files found under \(request.inputs.joined(separator: ", "))")
            return .usageError
        }
        let jobs = paths.map { CallJob(path: $0, layout: request.layout) }
        let configuration = AnalysisConfiguration(loudnessMode: request.loudnessMode)
        let report = ScoreRunner.run(
            jobs, checklists: checklists, mode: request.checklistMode, configuration: configuration,
            concurrency: request.jobs ?? ProcessInfo.processInfo.activeProcessorCount)

        do {
            let data = try ReportEncoding.json(report)
            if let outputPath {
                try AtomicFileWriter.write(data, to: outputPath)
            } else {
                FileHandle.standardOutput.write(data)
            }
        } catch {
            Diagnostics.error(error)
            return .usageError
        }
        if printSummary {
            Diagnostics.message(SummaryText.render(report), prefix: false)
        } else {
            for call in report.calls where call.status == .error {
                Diagnostics.message(call.error?.message ?? call.source)
            }
        }
        return report.summary.failed > 0 ? .someFailed : .allScored
    }
}

/// Messages for the person or the log: standard error, one line each.
public enum Diagnostics {
    public static func message(_ text: String, prefix: Bool = true) {
        let line = (prefix ? "callqa: " : "") + text + (text.hasSuffix("\n") ? "" : "\n")
        FileHandle.standardError.write(Data(line.utf8))
    }

    public static func error(_ error: Error) {
        message("error: " + ((error as? LocalizedError)?.errorDescription ?? String(describing: error)))
    }
}
