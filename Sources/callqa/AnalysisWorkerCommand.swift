import ArgumentParser
import Pipeline

/// The worker process `callqa score` analyses its calls in (and `callqa loudness` measures its
/// files in), so that a crash costs one recording, not the run. Started by those commands only.
struct AnalysisWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: AnalysisWorker.commandName,
        abstract: "Analyse the files 'callqa score' or 'callqa loudness' gives in a request file (started by them, not by hand).",
        shouldDisplay: false
    )

    @Argument(help: "The request file 'callqa score' wrote.")
    var request: String

    func run() throws {
        let status = AnalysisWorker.run(requestPath: request)
        if status != 0 { throw ExitCode(status) }
    }
}
