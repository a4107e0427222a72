import ArgumentParser
import Pipeline

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the partial JSON reports of a sharded run (--shard K/N) into one report.",
        discussion: "Exit status: 0 merged; 2 a report cannot be read, or the reports come from different versions or checklists, or disagree about a call."
    )

    @Argument(help: "Partial JSON reports.")
    var parts: [String] = []

    @Option(name: .shortAndLong, help: "Write the merged report to this file (atomically) instead of standard output.")
    var out: String?

    func validate() throws {
        if parts.isEmpty { throw ValidationError("Name the partial reports to merge, e.g. 'callqa merge part-*.json --out report.json'.") }
    }

    func run() throws {
        let status = MergeCommandRunner.run(parts, outputPath: out)
        if status != .allScored { throw ExitCode(status.rawValue) }
    }
}
