import ArgumentParser
import Foundation
import Pipeline

#if canImport(Glibc)
import Glibc
#endif

@main
struct CallQA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callqa",
        abstract: "Score call-centre recordings: talk, dead air, cross-talk, interruptions, loudness, QA checklists.",
        discussion: """
            Exit status: 0 all calls scored; 1 some files failed (each is an error entry in the \
            report) or an output could not be written; 2 usage or checklist error, or an output \
            that names an input or another output (nothing was scored); 3 interrupted.
            """,
        version: Pipeline.version,
        subcommands: [
            Score.self, Merge.self, ScorecardCommand.self, Calibrate.self, ChecklistCommand.self, Metrics.self, Loudness.self, MusicFeatures.self,
            AnalysisWorkerCommand.self,
        ]
    )

    /// Parses and runs the command; any usage or configuration error exits with status 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Self.exit(withError: exit)
        } catch {
            let code = exitCode(for: error)
            if code == .success { Self.exit(withError: error) }
            if Diagnostics.logFormat(in: Array(CommandLine.arguments.dropFirst())) == .json {
                Diagnostics.usageError(message(for: error))
            } else {
                Diagnostics.message(fullMessage(for: error), prefix: false)
            }
            Glibc.exit(ExitStatus.usageError.rawValue)
        }
    }
}
