import ArgumentParser
import Pipeline

struct ChecklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "Validate or explain QA checklists.",
        subcommands: [Validate.self, Explain.self]
    )

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check checklist files and report every problem with file:line:column (exit 2 if any).")

        @Argument(help: "Checklist files (YAML or JSON).")
        var files: [String] = []

        func validate() throws {
            if files.isEmpty { throw ValidationError("Name at least one checklist file to validate.") }
        }

        func run() throws {
            let status = ChecklistCommandRunner.validate(files)
            if status != .allScored { throw ExitCode(status.rawValue) }
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a checklist in plain language with its score arithmetic.")

        @Argument(help: "A checklist file (YAML or JSON).")
        var file: String

        func run() throws {
            let status = ChecklistCommandRunner.explain(file)
            if status != .allScored { throw ExitCode(status.rawValue) }
        }
    }
}

struct Metrics: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the metrics checklists can use, with units and definitions.")

    func run() throws {
        let status = ChecklistCommandRunner.printMetrics()
        if status != .allScored { throw ExitCode(status.rawValue) }
    }
}
