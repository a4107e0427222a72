/// The process exit status of a run, decided once at the end. Documented in README.
public enum ExitStatus: Int32, Sendable {
    /// Every call was scored.
    case allScored = 0
    /// Some files could not be analysed (each is an error entry in the report), an output could
    /// not be written (`callqa: cannot write PATH: REASON`), or the state database failed to
    /// record a call part-way through the run (the report still holds every call).
    case someFailed = 1
    /// A usage, configuration or checklist error, or an output that names an input, another
    /// output, or a missing or unwritable folder; nothing was scored or written.
    case usageError = 2
    /// The run was interrupted (SIGINT/SIGTERM) before it finished.
    case interrupted = 3
}
