import ArgumentParser
import Pipeline

struct ChecklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "Validate or explain QA checklists.",
        discussion: "Exit status: 0 done; 1 standard output could not be written; 2 a checklist has a problem (each is printed with file:line:column), or usage error.",
        subcommands: [Validate.self, Explain.self]
    )

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check checklist files and report every problem with file:line:column (exit 2 if any).",
            discussion: """
                Prints 'FILE: ok' for each valid file on standard output, and every problem with \
                file:line:column on standard error. Checklists used together must not share an id.

                Exit status: 0 every checklist is valid; 1 standard output could not be written; 2 a \
                checklist has a problem (or two share an id), or usage error.
                """)

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
            abstract: "Print a checklist in plain language with its score arithmetic.",
            discussion: """
                Exit status: 0 printed; 1 standard output could not be written; 2 the checklist has a \
                problem (each is printed with file:line:column), or usage error.
                """)

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
        abstract: "List the metrics checklists can use, with units and definitions.",
        discussion: "Exit status: 0 printed; 1 standard output could not be written.")

    func run() throws {
        let status = ChecklistCommandRunner.printMetrics()
        if status != .allScored { throw ExitCode(status.rawValue) }
    }
}
