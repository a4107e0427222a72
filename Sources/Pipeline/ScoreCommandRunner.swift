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
        let pattern: NamePattern?
        do {
            pattern = try request.namePattern.map { pattern throws(NamePatternError) in try NamePattern(pattern) }
        } catch {
            Diagnostics.error(error)
            return .usageError
        }
        var jobs: [CallJob] = []
        var problems: [CallReport] = []
        if let manifest = request.manifestPath {
            do {
                for row in try Manifest.read(path: manifest, defaultLayout: request.layout) {
                    if let job = row.job {
                        jobs.append(job)
                    } else {
                        problems.append(.failure(
                            source: "\(manifest):\(row.line)", code: row.problemCode ?? "manifest.bad_value",
                            message: row.problem ?? "\(manifest):\(row.line): unusable row"))
                    }
                }
            } catch {
                Diagnostics.error(error)
                return .usageError
            }
        }
        if !request.inputs.isEmpty {
            do {
                let listed = Set(jobs.map(\.path))
                jobs += try InputCollector.collect(request.inputs).filter { !listed.contains($0) }.map {
                    CallJob(path: $0, layout: request.layout)
                }
            } catch {
                Diagnostics.error(error)
                return .usageError
            }
        }
        if jobs.isEmpty, problems.isEmpty {
            let named = ([request.manifestPath].compactMap { $0 } + request.inputs).joined(separator: ", ")
            Diagnostics.message("no audio files found in \(named)")
            return .usageError
        }
        if let pattern {
            for index in jobs.indices {
                // Manifest columns win over fields taken from the file name.
                let found = pattern.metadata(for: jobs[index].path) ?? [:]
                jobs[index].metadata.merge(found) { manifest, _ in manifest }
            }
        }
        let configuration = AnalysisConfiguration(loudnessMode: request.loudnessMode)
        let output: ReportOutput
        do {
            output = try ReportOutput(path: outputPath, streaming: request.format == .jsonl)
        } catch {
            Diagnostics.error(error)
            return .usageError
        }
        let interrupt = InterruptFlag()
        interrupt.installSignalHandlers()
        let observer = RunObserver(total: jobs.count + problems.count, quiet: request.quiet, logFormat: request.logFormat, stream: output.stream)
        problems.forEach(observer.record)
        var report = ScoreRunner.run(
            jobs, checklists: checklists, mode: request.checklistMode, configuration: configuration,
            concurrency: request.jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            shouldStop: { interrupt.isSet }, onCall: observer.record)
        if !problems.isEmpty {
            report = Report(checklists: report.checklists, calls: report.calls + problems)
        }
        let interrupted = interrupt.isSet
        do {
            if let failure = observer.failure { throw failure }
            try output.finish(request.format == .json ? ReportEncoding.json(report) : nil)
        } catch {
            Diagnostics.error(error)
            return .someFailed
        }
        if printSummary { Diagnostics.message(SummaryText.render(report), prefix: false) }
        observer.finish(report.summary, interrupted: interrupted)
        if interrupted { return .interrupted }
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
