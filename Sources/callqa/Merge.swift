import ArgumentParser
import Pipeline

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the partial JSON reports (and state databases) of a sharded run (--shard K/N) into one.",
        discussion: """
            Reports: 'callqa merge part-*.json --out report.json'. State: '--state state.sqlite --state-part state-1.sqlite --state-part state-2.sqlite ...' copies every finished result of the shards' state databases into one, so the next unsharded (or differently sharded) run with --state state.sqlite skips what any shard finished.

            Exit status: 0 merged; 1 the merged report could not be written; 2 a report or state database cannot be read, or the reports come from different versions, checklists or options, or parts disagree about a call, or an output names an input.
            """
    )

    @Argument(help: "Partial JSON reports.")
    var parts: [String] = []

    @Option(name: .shortAndLong, help: "Write the merged report to this file (atomically) instead of standard output ('-': standard output).")
    var out: OutputArgument?

    @Option(help: "The state database to merge the shards' state databases into (created if missing).")
    var state: String?

    @Option(name: .customLong("state-part"), help: "A shard's state database (--state of 'callqa score --shard'); repeat for each shard.")
    var stateParts: [String] = []

    func validate() throws {
        try RepeatedOptions.check(Self.self)
        try requireFileNames([state], for: "--state")
        try requireFileNames(stateParts, for: "--state-part")
        if parts.isEmpty && stateParts.isEmpty {
            throw ValidationError("Name the partial reports to merge, e.g. 'callqa merge part-*.json --out report.json'.")
        }
        if !stateParts.isEmpty && state == nil {
            throw ValidationError("--state-part needs --state FILE: the state database to merge into.")
        }
        if state != nil && stateParts.isEmpty {
            throw ValidationError("--state needs at least one --state-part FILE to merge.")
        }
    }

    func run() throws {
        let status = MergeCommandRunner.run(parts, outputPath: out?.path, stateParts: stateParts, statePath: state)
        if status != .allScored { throw ExitCode(status.rawValue) }
    }
}
