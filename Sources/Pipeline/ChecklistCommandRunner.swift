import Foundation
import Scoring

/// What `callqa checklist validate|explain` and `callqa metrics` do.
public enum ChecklistCommandRunner {
    /// Validates each file; prints `file: ok` or every diagnostic. Exit status 2 on any problem.
    public static func validate(_ files: [String]) -> ExitStatus {
        var failed = false
        for file in files {
            do {
                let checklist = try ChecklistParser.load(path: file)
                print("\(file): ok (\(checklist.id) version \(checklist.version), \(checklist.items.count) items)")
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
        return failed ? .usageError : .allScored
    }

    public static func explain(_ file: String) -> ExitStatus {
        do {
            print(ChecklistExplainer.explain(try ChecklistParser.load(path: file)), terminator: "")
            return .allScored
        } catch {
            for diagnostic in error.diagnostics { Diagnostics.message(diagnostic.description, prefix: false) }
            return .usageError
        }
    }

    public static func printMetrics() {
        print(MetricCatalog.renderText(), terminator: "")
    }
}
