import Foundation

/// Runs the built `callqa` binary from tests and captures its output.
public enum CommandRunner {
    public struct Result: Sendable {
        /// The exit status, or the signal's number when a signal ended the process.
        public var status: Int32
        /// The signal that ended the process, if one did (a crash).
        public var signal: Int32?
        public var standardOutput: String
        public var standardError: String
    }

    /// The `callqa` executable next to the test bundle (the same build directory).
    public static var callqaURL: URL {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("callqa"),
            Bundle.main.bundleURL.appendingPathComponent("callqa"),
            Fixtures.repositoryRoot.appendingPathComponent(".build/debug/callqa"),
        ]
        for url in Bundle.allBundles.map({ $0.bundleURL.deletingLastPathComponent().appendingPathComponent("callqa") })
            + candidates where FileManager.default.isExecutableFile(atPath: url.path) {
            return url
        }
        return candidates[2]
    }

    /// Runs `executable` with `arguments` in `directory` and waits for it.
    public static func run(
        _ arguments: [String], executable: URL = callqaURL, in directory: URL = Fixtures.repositoryRoot,
        environment: [String: String]? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        let errBox = DataBox()
        let reader = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errBox.done { usleep(1000) }
        return Result(
            status: process.terminationStatus,
            signal: process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errBox.data, as: UTF8.self))
    }
}

private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Data()
    private var finished = false
    var data: Data {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; finished = true; lock.unlock() }
    }
    var done: Bool { lock.lock(); defer { lock.unlock() }; return finished }
}
