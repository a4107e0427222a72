import Foundation
import Reporting
import Scoring

/// What `callqa checklist validate|explain` and `callqa metrics` do.
public enum ChecklistCommandRunner {
    /// Validates each file; prints `file: ok` or every diagnostic. Exit status 2 on any problem,
    /// 1 when standard output cannot be written.
    public static func validate(_ files: [String]) -> ExitStatus {
        var failed = false
        var writeFailed = false
        for file in files {
            do {
                let checklist = try ChecklistParser.load(path: file)
                if !writeFailed {
                    writeFailed = !write("\(file): ok (\(checklist.id) version \(checklist.version), \(Plural.count(checklist.items.count, "item")))\n")
                }
                // Valid, but it passes a dead line: a checklist written without the defaults' gates.
                if let warning = checklist.silentCallWarning { Diagnostics.message("\(file): warning: \(warning)", prefix: false) }
            } catch {
                failed = true
                for diagnostic in error.diagnostics { Diagnostics.message(diagnostic.description, prefix: false) }
            }
        }
        if !failed {
            // Files are fine one by one; together they must not share an id.
            do { _ = try ChecklistScoring.load(files) } catch {
                failed = true
                for diagnostic in error.diagnostics { Diagnostics.message(diagnostic.description, prefix: false) }
            }
        }
        return failed ? .usageError : writeFailed ? .someFailed : .allScored
    }

    public static func explain(_ file: String) -> ExitStatus {
        do {
            let text = ChecklistExplainer.explain(try ChecklistParser.load(path: file))
            return write(text) ? .allScored : .someFailed
        } catch {
            for diagnostic in error.diagnostics { Diagnostics.message(diagnostic.description, prefix: false) }
            return .usageError
        }
    }

    /// Prints the metric catalogue; exit status 1 when standard output cannot be written.
    public static func printMetrics() -> ExitStatus {
        write(MetricCatalog.renderText()) ? .allScored : .someFailed
    }

    /// Writes `text` to standard output; on failure prints why and returns false.
    private static func write(_ text: String) -> Bool {
        do {
            try OutputSink.standardOutput.write(Data(text.utf8))
            return true
        } catch {
            Diagnostics.error(error)
            return false
        }
    }
}
