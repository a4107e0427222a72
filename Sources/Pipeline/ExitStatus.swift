/// The process exit status of a run, decided once at the end. Documented in README.
public enum ExitStatus: Int32, Sendable {
    /// Every call was scored.
    case allScored = 0
    /// Some files could not be analysed; each is an error entry in the report.
    case someFailed = 1
    /// A usage, configuration or checklist error; nothing was scored.
    case usageError = 2
    /// The run was interrupted (SIGINT/SIGTERM) before it finished.
    case interrupted = 3
}
