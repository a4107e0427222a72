import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Outputs that would destroy an input are refused before any work (exit 2); outputs that cannot
/// be written are a one-line error (exit 1), never a crash; a missing output folder is found
/// before any audio is read (exit 2).
final class OutputSafetyTests: XCTestCase {
    /// A folder with two calls (`calls/c000.wav`, `calls/c001.wav`; 11 s, long enough for the
    /// checklist to apply), a checklist, a report of the calls, a human evaluation file and a
    /// manifest.
    private func workspace() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try WAVWriter.writeShortCalls(2, seconds: 11, in: dir.file("calls"))
        try FileManager.default.copyItem(at: Fixtures.repositoryRoot.appendingPathComponent("checklists/inbound.yaml"), to: dir.file("cl.yaml"))
        let scored = try CommandRunner.run(["score", "calls", "--checklist", "cl.yaml", "--out", "r.json", "--quiet"], in: dir.url)
        XCTAssertEqual(scored.status, 0, scored.standardError)
        try Data("call_id,item,human\nc000,prompt_greeting,pass\n".utf8).write(to: dir.file("h.csv"))
        try Data("path\ncalls/c000.wav\n".utf8).write(to: dir.file("m.csv"))
        return dir
    }

    /// Runs callqa (or `executable`) in `directory` with standard output and standard error on the given handles
    /// (a pipe for each when nil); returns the status and what was read from the pipes.
    private func run(
        _ arguments: [String], in directory: URL, standardOutput: FileHandle? = nil, standardError: FileHandle? = nil,
        executable: URL = CommandRunner.callqaURL
    ) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = standardOutput == nil ? Pipe() : nil, err = standardError == nil ? Pipe() : nil
        process.standardOutput = standardOutput ?? out
        process.standardError = standardError ?? err
        try process.run()
        // At most one pipe at a time, or small outputs: reading one after the other cannot block.
        let errorText = err?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        let outputText = out?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputText, as: UTF8.self), String(decoding: errorText, as: UTF8.self))
    }

    private func contents(_ dir: TemporaryDirectory) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.subpathsOfDirectory(atPath: dir.url.path) {
            var isDirectory: ObjCBool = false
            let url = dir.file(name)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = try Data(contentsOf: url)
            }
        }
        return files
    }

    /// Every subcommand, every kind of input: exit status 2, a message naming the output and the
    /// input, and not one byte changed or added in the folder.
    func testAnOutputOnAnInputIsRefusedBeforeAnyWork() throws {
        let dir = try workspace()
        XCTAssertEqual(symlink("calls/c001.wav", dir.file("link.wav").path), 0)
        try Data("a redaction key of at least sixteen bytes".utf8).write(to: dir.file("key"))
        let cases: [(arguments: [String], message: String)] = [
            (["score", "calls/c000.wav", "-o", "calls/c000.wav"], "--out calls/c000.wav names the same file as the recording calls/c000.wav"),
            (["score", "calls", "-o", "./calls/c001.wav"], "--out ./calls/c001.wav names the same file as the recording calls/c001.wav"),
            (["score", "calls/c000.wav", "--checklist", "cl.yaml", "-o", "cl.yaml"], "--out cl.yaml names the same file as --checklist cl.yaml"),
            (["score", "calls/c001.wav", "--out", "link.wav"], "--out link.wav names the same file as the recording calls/c001.wav"),
            (["score", "calls/c000.wav", "--html", dir.file("cl.yaml").path, "--checklist", "cl.yaml"], "--html \(dir.file("cl.yaml").path) names the same file as --checklist cl.yaml"),
            (["score", "--manifest", "m.csv", "-o", "m.csv"], "--out m.csv names the same file as --manifest m.csv"),
            (["score", "--manifest", "m.csv", "-o", "calls/c000.wav"], "--out calls/c000.wav names the same file as the recording calls/c000.wav"),
            (["score", "calls", "--state", "calls/c000.wav"], "--state calls/c000.wav names the same file as the recording calls/c000.wav"),
            (["score", "calls", "--state", "r.json", "-o", "r.json"], "--out r.json names the same file as --state r.json"),
            (["score", "calls", "--redact", "agent_id", "--redact-key-file", "key", "-o", "key"], "--out key names the same file as --redact-key-file key"),
            (["score", "calls", "--shard", "1/2", "-o", "calls/c001.wav"], "--out calls/c001.wav names the same file as the recording calls/c001.wav"),
            (["scorecard", "r.json", "-o", "r.json"], "--out r.json names the same file as the report r.json"),
            (["scorecard", "r.json", "--html", "./r.json"], "--html ./r.json names the same file as the report r.json"),
            (["calibrate", "r.json", "--human", "h.csv", "--format", "csv", "-o", "h.csv"], "--out h.csv names the same file as --human h.csv"),
            (["calibrate", "r.json", "--human", "h.csv", "-o", "r.json"], "--out r.json names the same file as the report r.json"),
            (["merge", "r.json", "-o", "r.json"], "--out r.json names the same file as the partial report r.json"),
            (["merge", "--state", "s.sqlite", "--state-part", "./s.sqlite"], "--state s.sqlite names the same file as --state-part ./s.sqlite"),
        ]
        let before = try contents(dir)
        for (arguments, message) in cases {
            let result = try run(arguments, in: dir.url)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.error)")
            XCTAssertTrue(result.error.contains("callqa: error: " + message), "\(arguments): \(result.error)")
            XCTAssertEqual(result.error.split(separator: "\n").count, 1, "\(arguments): one line, no summary: \(result.error)")
            XCTAssertEqual(try contents(dir), before, "\(arguments) changed the folder")
        }
    }

    func testTwoOutputsOnOneFileAreRefused() throws {
        let dir = try workspace()
        let before = try contents(dir)
        for arguments in [
            ["score", "calls/c000.wav", "-o", "same.out", "--html", "same.out"],
            ["score", "calls/c000.wav", "-o", "same.out", "--html", "./same.out"],
            ["scorecard", "r.json", "--format", "html", "-o", "same.out", "--html", dir.file("same.out").path],
        ] {
            let result = try run(arguments, in: dir.url)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.error)")
            XCTAssertTrue(result.error.contains("same.out names the same file as --out same.out; give each output its own path"), "\(arguments): \(result.error)")
            XCTAssertEqual(try contents(dir), before, "\(arguments) changed the folder")
        }
    }

    /// The output folder is checked before any audio is read: exit 2 at once, no summary of
    /// analysed calls, nothing written.
    func testAMissingOutputFolderIsFoundBeforeAnyAudioIsRead() throws {
        let dir = try workspace()
        let before = try contents(dir)
        for (arguments, message) in [
            (["score", "calls", "-o", "nodir/r.json"], "--out nodir/r.json: there is no folder nodir"),
            (["score", "calls", "-o", "new.json", "--html", "nodir/r.html"], "--html nodir/r.html: there is no folder nodir"),
            (["score", "calls", "--format", "jsonl", "-o", "nodir/r.jsonl"], "--out nodir/r.jsonl: there is no folder nodir"),
            (["score", "calls", "-o", "r.json/x.json"], "--out r.json/x.json: there is no folder r.json"),
            (["score", "calls", "-o", "calls"], "--out calls is a directory"),
            (["scorecard", "r.json", "--html", "nodir/s.html"], "--html nodir/s.html: there is no folder nodir"),
            (["calibrate", "r.json", "--human", "h.csv", "-o", "nodir/c.json"], "--out nodir/c.json: there is no folder nodir"),
            (["merge", "r.json", "-o", "nodir/m.json"], "--out nodir/m.json: there is no folder nodir"),
        ] {
            let result = try run(arguments, in: dir.url)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.error)")
            XCTAssertTrue(result.error.contains("callqa: error: " + message), "\(arguments): \(result.error)")
            XCTAssertFalse(result.error.contains("calls,"), "\(arguments): audio was analysed first: \(result.error)")
            XCTAssertEqual(try contents(dir), before, "\(arguments) changed the folder")
        }
    }

    /// An output in a folder whose file system takes no new files (`/proc`; root passes every
    /// permission check there) said "callqa: cannot write /proc/version: No such file or
    /// directory" after the whole batch was scored. Every subcommand now refuses it before any
    /// work (exit 2), naming the output, its folder and the problem.
    func testAnOutputWhereNoFileCanBeCreatedIsRefusedNamingTheProblem() throws {
        var info = stat()
        guard stat("/proc/version", &info) == 0 else { throw XCTSkip("no /proc here") }
        let dir = try workspace()
        let before = try contents(dir)
        for (arguments, role) in [
            (["score", "calls", "-o", "/proc/version"], "--out"),
            (["score", "calls", "--format", "jsonl", "-o", "/proc/version"], "--out"),
            (["score", "calls", "-o", "new.json", "--html", "/proc/version"], "--html"),
            (["scorecard", "r.json", "--format", "csv", "-o", "/proc/version"], "--out"),
            (["scorecard", "r.json", "--html", "/proc/version"], "--html"),
            (["calibrate", "r.json", "--human", "h.csv", "-o", "/proc/version"], "--out"),
            (["merge", "r.json", "-o", "/proc/version"], "--out"),
        ] {
            let result = try run(arguments, in: dir.url)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.error)")
            XCTAssertTrue(result.error.contains("callqa: error: \(role) /proc/version: cannot write in the folder /proc ("), "\(arguments): \(result.error)")
            XCTAssertFalse(result.error.contains("No such file or directory"), "\(arguments): \(result.error)")
            XCTAssertFalse(result.error.contains("calls,"), "\(arguments): audio was analysed first: \(result.error)")
            XCTAssertEqual(try contents(dir), before, "\(arguments) changed the folder")
        }
    }

    /// Standard output that cannot be written (/dev/full; where it is missing, a descriptor open
    /// for reading only): every subcommand prints `callqa: cannot write standard output: REASON`
    /// and exits with status 1 instead of stopping on a trap (status 132).
    func testStandardOutputThatCannotBeWrittenIsAnErrorNotACrash() throws {
        let dir = try workspace()
        var info = stat()
        let sink: FileHandle
        let reason: String
        if stat("/dev/full", &info) == 0, info.st_mode & S_IFMT == S_IFCHR {
            sink = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
            reason = String(cString: strerror(ENOSPC))
        } else {
            print("no /dev/full character device here: standard output is a descriptor open for reading only")
            sink = try FileHandle(forReadingFrom: dir.file("h.csv"))
            reason = String(cString: strerror(EBADF))
        }
        for arguments in [
            ["score", "calls"], ["score", "calls", "--format", "jsonl"], ["scorecard", "r.json"],
            ["scorecard", "r.json", "--format", "csv"], ["calibrate", "r.json", "--human", "h.csv"], ["merge", "r.json"],
            ["checklist", "explain", "cl.yaml"], ["checklist", "validate", "cl.yaml"], ["metrics"], ["loudness", "calls/c000.wav"],
        ] {
            let result = try run(arguments, in: dir.url, standardOutput: sink)
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.error)")
            XCTAssertTrue(result.error.hasPrefix("callqa: cannot write standard output: \(reason)\n"), "\(arguments): \(result.error)")
            XCTAssertEqual(result.error.split(separator: "\n").count, 1, "\(arguments): \(result.error)")
        }
    }

    /// Standard error that cannot be written costs the messages, not the report.
    func testStandardErrorThatCannotBeWrittenDoesNotStopTheRun() throws {
        let dir = try workspace()
        let sink = try FileHandle(forReadingFrom: dir.file("h.csv"))  // every write fails (EBADF)
        let result = try run(["score", "calls", "--summary"], in: dir.url, standardError: sink)
        XCTAssertEqual(result.status, 0)
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    }

    /// A report that no longer fits (a file size limit stands in for a full disk): exit 1, one
    /// line naming the report, the previous report intact and no temporary file left, for the
    /// JSON Lines stream and for the whole document.
    func testAReportThatCannotBeWrittenLeavesThePreviousOneAndNoTemporaryFile() throws {
        let dir = try workspace()
        try WAVWriter.writeShortCalls(8, seconds: 2, in: dir.file("many"))
        try FileManager.default.createDirectory(at: dir.file("out"), withIntermediateDirectories: true)
        for (format, name) in [("jsonl", "r.jsonl"), ("json", "r.json")] {
            try Data("previous\n".utf8).write(to: dir.file("out/\(name)"))
            // 2 KiB at most per file (ulimit -f counts 512-byte blocks in dash, 1 KiB in bash);
            // SIGXFSZ ignored, so a write past the limit fails with EFBIG.
            let script = "ulimit -f 4; trap '' XFSZ; exec \"$0\" \"$@\""
            let result = try run(
                ["-c", script, CommandRunner.callqaURL.path, "score", "many", "--format", format, "-o", "out/\(name)"], in: dir.url,
                executable: URL(fileURLWithPath: "/bin/sh"))
            XCTAssertEqual(result.status, 1, "\(format): \(result.error)")
            XCTAssertEqual(result.error, "callqa: cannot write out/\(name): \(String(cString: strerror(EFBIG)))\n", format)
            let left = try FileManager.default.contentsOfDirectory(atPath: dir.file("out").path).filter { $0.hasPrefix(".") }
            XCTAssertEqual(left, [], "\(format): a temporary file was left behind")
            XCTAssertEqual(try String(contentsOf: dir.file("out/\(name)"), encoding: .utf8), "previous\n", format)
        }
    }

    /// `-o` on a FIFO writes into it; on a symbolic link, replaces the file it points to.
    func testAFIFOIsWrittenAndALinkIsFollowed() throws {
        let dir = try workspace()
        let fifo = dir.file("pipe").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        XCTAssertGreaterThanOrEqual(reader, 0)
        defer { close(reader) }
        let toFIFO = try run(["score", "calls/c000.wav", "--format", "jsonl", "-o", "pipe", "--quiet"], in: dir.url)
        XCTAssertEqual(toFIFO.status, 0, toFIFO.error)
        var buffer = [UInt8](repeating: 0, count: 60_000)
        let count = read(reader, &buffer, buffer.count)
        XCTAssertGreaterThan(count, 0, "nothing came through the FIFO")
        let line = Data(buffer.prefix(max(count, 0)))
        XCTAssertEqual((try JSONSerialization.jsonObject(with: line) as? [String: Any])?["source"] as? String, "calls/c000.wav")
        var info = stat()
        XCTAssertEqual(lstat(fifo, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the FIFO was replaced by a file")

        try Data("old".utf8).write(to: dir.file("target.json"))
        XCTAssertEqual(symlink("target.json", dir.file("link.json").path), 0)
        let toLink = try run(["score", "calls/c000.wav", "-o", "link.json", "--quiet"], in: dir.url)
        XCTAssertEqual(toLink.status, 0, toLink.error)
        XCTAssertEqual(lstat(dir.file("link.json").path, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFLNK, "the link was replaced by a file")
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("target.json"))) as? [String: Any])
    }
}
