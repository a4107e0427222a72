import ArgumentParser
import Pipeline

struct Loudness: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the loudness and levels of each channel of audio files (JSON on standard output).",
        discussion: """
            Each channel is measured on its own as a mono programme (see docs/loudness.md). One JSON \
            object per file on standard output; a file that cannot be measured (or lasts under \
            100 ms), or that callqa crashes on, is named on standard error and the others are measured \
            (in a worker process of callqa's own); a file cut short is \
            measured on what it holds, with a warning on standard error and in its "warnings" \
            (docs/loudness.md lists the fields and every warning).

            Files are read from disk: '-' (standard input) is refused, as 'callqa score' refuses it; save \
            audio another program writes to a file first.

            Exit status: 0 every file measured; 1 some files could not be read or measured, or standard \
            output could not be written; 2 usage error (including standard input named as a file).
            """
    )

    @Argument(help: "Audio files to measure.")
    var files: [String] = []

    @Option(help: "K-weighting filter: 'exact' (BS.1770 48 kHz response at every rate) or 'ebur128' (libebur128/ffmpeg compatible).")
    var mode: LoudnessModeArgument = .exact

    @Flag(help: "Measure the files in this process, not in a worker process (for a debugger or a profiler): a crash then ends the run, where a worker's crash costs only the file it happened on.")
    var inProcess = false

    func validate() throws {
        try RepeatedOptions.check(Self.self)
        if files.isEmpty { throw ValidationError("Name at least one audio file to measure.") }
    }

    func run() throws {
        let status = LoudnessCommandRunner.run(files: files, mode: mode.mode, workerExecutable: inProcess ? nil : AnalysisWorker.executable)
        if status != .allScored { throw ExitCode(status.rawValue) }
    }
}
