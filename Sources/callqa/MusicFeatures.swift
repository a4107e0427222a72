import ArgumentParser
import Pipeline

struct MusicFeatures: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "music-features",
        abstract: "Print the recorded-music model's window features of audio files (for scripts/train-music-model).",
        discussion: "Exit status: 0 every file read; 1 some files could not be read, or standard output could not be written; 2 usage error.",
        shouldDisplay: false
    )

    @Argument(help: "Audio files.")
    var files: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("Name at least one audio file.") }
    }

    func run() throws {
        let status = MusicFeaturesCommandRunner.run(files: files)
        if status != .allScored { throw ExitCode(status.rawValue) }
    }
}
