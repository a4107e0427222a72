import ArgumentParser
import Pipeline

struct MusicFeatures: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "music-features",
        abstract: "Print the recorded-music model's window features of audio files (for scripts/train-music-model).",
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
