import Foundation
import TestSupport
import XCTest

@testable import Pipeline

#if canImport(Glibc)
import Glibc
#endif

/// The check every subcommand makes before any work: no output on an input or on another output
/// (by file identity), and every output's folder there and writable.
final class OutputPathsTests: XCTestCase {
    private func makeRecording(_ url: URL) throws {
        let tone = (0..<8000).map { Float(0.3 * sin(Double($0) * 0.2)) }
        try WAVWriter.write(channels: [tone, tone], sampleRate: 8000, to: url)
    }

    /// The error `OutputPaths.check(uses)` throws, or a failure when it throws none.
    private func refusal(_ uses: [FileUse], file: StaticString = #filePath, line: UInt = #line) -> OutputPathError? {
        do {
            try OutputPaths.check(uses)
            XCTFail("accepted \(uses.map { "\($0.role) \($0.path)" })", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func testAnOutputOnARecordingIsRefusedAndTheMessageNamesBoth() throws {
        let dir = try TemporaryDirectory()
        let call = dir.file("keep.wav").path
        try makeRecording(dir.file("keep.wav"))
        let error = refusal([.output(call, "--out"), .input(call, "the recording")])
        XCTAssertEqual(error, .overwritesInput(output: call, outputRole: "--out", input: call, inputRole: "the recording"))
        XCTAssertEqual(
            error?.localizedDescription,
            "--out \(call) names the same file as the recording \(call), which writing it would destroy; choose another path for --out")
        // Whichever comes first in the list, the output is named as the output.
        XCTAssertEqual(
            refusal([.input(call, "--checklist"), .output(call, "--html")]),
            .overwritesInput(output: call, outputRole: "--html", input: call, inputRole: "--checklist"))
    }

    /// `x.json`, `./x.json`, `sub/../x.json`, an absolute path, a symbolic link and a hard link are
    /// all one file.
    func testSpellingsAndLinksOfOneFileAreOneFile() throws {
        let dir = try TemporaryDirectory()
        try Data("{}".utf8).write(to: dir.file("x.json"))
        try FileManager.default.createDirectory(at: dir.file("sub"), withIntermediateDirectories: true)
        XCTAssertEqual(symlink("x.json", dir.file("link.json").path), 0)
        XCTAssertEqual(link(dir.file("x.json").path, dir.file("hard.json").path), 0)
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(dir.url.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        for spelling in ["./x.json", "sub/../x.json", dir.file("x.json").path, "link.json", "hard.json", "./sub/../link.json"] {
            XCTAssertEqual(
                refusal([.input("x.json", "the report"), .output(spelling, "--out")]),
                .overwritesInput(output: spelling, outputRole: "--out", input: "x.json", inputRole: "the report"), spelling)
        }
        // Files that do not exist yet compare by their absolute path.
        for spelling in ["./new.json", "sub/../new.json", dir.file("new.json").path] {
            XCTAssertEqual(
                refusal([.output("new.json", "--out"), .output(spelling, "--html")]),
                .sameOutput(path: spelling, role: "--html", otherPath: "new.json", otherRole: "--out"), spelling)
        }
        XCTAssertNoThrow(try OutputPaths.check([.output("new.json", "--out"), .output("sub/new.json", "--html"), .input("x.json", "the report")]))
    }

    func testTwoOutputsOnOneFileAndAnOutputOnTheStateDatabaseAreRefused() throws {
        let dir = try TemporaryDirectory()
        let out = dir.file("same.out").path, state = dir.file("state.sqlite").path
        XCTAssertEqual(
            refusal([.output(out, "--out"), .output(out, "--html")]),
            .sameOutput(path: out, role: "--html", otherPath: out, otherRole: "--out"))
        // The state database is read and written: an output on it, or it on a recording, destroys it.
        let stateUse = FileUse(state, role: "--state", access: .readWrite)
        XCTAssertEqual(
            refusal([.output(state, "--out"), stateUse]),
            .overwritesInput(output: state, outputRole: "--out", input: state, inputRole: "--state"))
        XCTAssertEqual(
            refusal([stateUse, .output(state, "--out")]),
            .overwritesInput(output: state, outputRole: "--out", input: state, inputRole: "--state"))
        try makeRecording(dir.file("call.wav"))
        XCTAssertEqual(
            refusal([FileUse(dir.file("call.wav").path, role: "--state", access: .readWrite), .input(dir.file("call.wav").path, "the recording")]),
            .overwritesInput(output: dir.file("call.wav").path, outputRole: "--state", input: dir.file("call.wav").path, inputRole: "the recording"))
    }

    /// Reading one file twice loses nothing; a FIFO or a device is written in place, never
    /// replaced, so it may take two outputs (`--out /dev/null --html /dev/null`).
    func testInputsNamedTwiceAndFIFOsAreAccepted() throws {
        let dir = try TemporaryDirectory()
        try makeRecording(dir.file("call.wav"))
        let call = dir.file("call.wav").path
        XCTAssertNoThrow(try OutputPaths.check([
            .output(dir.file("report.json").path, "--out"), .input(call, "the recording"), .input(call, "the recording"),
        ]))
        let fifo = dir.file("pipe").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0, String(cString: strerror(errno)))
        XCTAssertNoThrow(try OutputPaths.check([.output(fifo, "--out"), .output(fifo, "--html"), .input(call, "the recording")]))
    }

    func testAMissingFolderOrADirectoryIsRefused() throws {
        let dir = try TemporaryDirectory()
        let inMissing = dir.file("nodir/r.json").path
        XCTAssertEqual(refusal([.output(inMissing, "--out")]), .missingFolder(path: inMissing, role: "--out", folder: dir.file("nodir").path))
        XCTAssertEqual(
            refusal([.output(inMissing, "--html")])?.localizedDescription,
            "--html \(inMissing): there is no folder \(dir.file("nodir").path); create it first or choose another path")
        // A regular file where the folder should be.
        try Data().write(to: dir.file("file"))
        let underFile = dir.file("file/r.json").path
        XCTAssertEqual(refusal([.output(underFile, "--out")]), .missingFolder(path: underFile, role: "--out", folder: dir.file("file").path))
        XCTAssertEqual(refusal([.output(dir.url.path, "--out")]), .isDirectory(path: dir.url.path, role: "--out"))
        // A dangling symbolic link's folder is the folder of the file it points to.
        XCTAssertEqual(symlink(dir.file("gone/r.json").path, dir.file("dangling.json").path), 0)
        XCTAssertEqual(
            refusal([.output(dir.file("dangling.json").path, "--out")]),
            .missingFolder(path: dir.file("dangling.json").path, role: "--out", folder: dir.file("gone").path))
    }

    /// A folder without write permission (or, for root, who may write anywhere, a read-only
    /// tmpfs mount).
    func testAFolderThatCannotBeWrittenIsRefused() throws {
        let dir = try TemporaryDirectory()
        let locked = dir.file("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        let out = locked.appendingPathComponent("r.json").path
        let reason: Int32
        if geteuid() == 0 {
            let env = URL(fileURLWithPath: "/usr/bin/env")
            let mount = try CommandRunner.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", locked.path], executable: env)
            guard mount.status == 0 else { throw XCTSkip("root writes in any folder, and no read-only tmpfs can be mounted here: \(mount.standardError)") }
            reason = EROFS
            let result = Result { try OutputPaths.check([.output(out, "--out")]) }
            _ = try CommandRunner.run(["umount", locked.path], executable: env)
            XCTAssertThrowsError(try result.get()) { error in
                XCTAssertEqual(error as? OutputPathError, .unwritableFolder(path: out, role: "--out", folder: locked.path, reason: String(cString: strerror(reason))))
            }
            return
        }
        chmod(locked.path, 0o555)
        defer { chmod(locked.path, 0o755) }
        reason = EACCES
        XCTAssertEqual(
            refusal([.output(out, "--out")]),
            .unwritableFolder(path: out, role: "--out", folder: locked.path, reason: String(cString: strerror(reason))))
    }

    /// A folder whose file system takes no new files (/proc) is refused with what is wrong: root
    /// passes `access` there, the check let it through and the report failed at the end with
    /// "No such file or directory". (Others are refused by permission.)
    func testAFolderWhereNoFileCanBeCreatedIsRefused() throws {
        var info = stat()
        guard stat("/proc/version", &info) == 0 else { throw XCTSkip("no /proc here") }
        let expected = geteuid() == 0
            ? "no file can be created in /proc: its file system does not allow it, as /proc and /sys do not"
            : String(cString: strerror(EACCES))
        XCTAssertEqual(
            refusal([.output("/proc/version", "--out")]),
            .unwritableFolder(path: "/proc/version", role: "--out", folder: "/proc", reason: expected))
    }
}

/// Where writes go: a symbolic link's target is replaced and the link stays; a device or FIFO is
/// written in place, never replaced; a write that fails throws, names the output and leaves no
/// temporary file.
final class OutputWritingTests: XCTestCase {
    private func fileType(_ path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & S_IFMT
    }

    private func leftovers(in dir: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.contains(".tmp-") || $0.contains(".stream-") }
    }

    func testASymbolicLinkStaysALinkAndItsTargetIsReplaced() throws {
        let dir = try TemporaryDirectory()
        try Data("old".utf8).write(to: dir.file("target.json"))
        XCTAssertEqual(symlink("target.json", dir.file("link.json").path), 0)
        try AtomicFileWriter.write(Data("new".utf8), to: dir.file("link.json").path)
        XCTAssertEqual(fileType(dir.file("link.json").path), S_IFLNK, "the link was replaced by a file")
        XCTAssertEqual(try String(contentsOf: dir.file("target.json"), encoding: .utf8), "new")
        // A dangling link: the file it names is created, the link stays.
        XCTAssertEqual(symlink("later.json", dir.file("dangling.json").path), 0)
        try AtomicFileWriter.write(Data("created".utf8), to: dir.file("dangling.json").path)
        XCTAssertEqual(fileType(dir.file("dangling.json").path), S_IFLNK)
        XCTAssertEqual(try String(contentsOf: dir.file("later.json"), encoding: .utf8), "created")
        XCTAssertEqual(try leftovers(in: dir), [])
    }

    func testAJSONLinesStreamIntoASymbolicLinkReplacesItsTarget() throws {
        let dir = try TemporaryDirectory()
        try Data("old\n".utf8).write(to: dir.file("target.jsonl"))
        XCTAssertEqual(symlink("target.jsonl", dir.file("link.jsonl").path), 0)
        let output = try ReportOutput(path: dir.file("link.jsonl").path, streaming: true)
        try XCTUnwrap(output.stream).write(Data("{\"a\":1}\n".utf8))
        try output.finish(nil)
        XCTAssertEqual(fileType(dir.file("link.jsonl").path), S_IFLNK, "the link was replaced by a file")
        XCTAssertEqual(try String(contentsOf: dir.file("target.jsonl"), encoding: .utf8), "{\"a\":1}\n")
        XCTAssertEqual(try leftovers(in: dir), [])
    }

    /// A stream given up after a failure leaves the previous report as it was and no temporary
    /// file beside it.
    func testADiscardedStreamLeavesThePreviousReportAndNoTemporaryFile() throws {
        let dir = try TemporaryDirectory()
        try Data("previous\n".utf8).write(to: dir.file("r.jsonl"))
        let output = try ReportOutput(path: dir.file("r.jsonl").path, streaming: true)
        try XCTUnwrap(output.stream).write(Data("{\"partial\":true}\n".utf8))
        XCTAssertEqual(try leftovers(in: dir).count, 1, "the stream goes to a temporary file")
        output.discard()
        XCTAssertEqual(try leftovers(in: dir), [])
        XCTAssertEqual(try String(contentsOf: dir.file("r.jsonl"), encoding: .utf8), "previous\n")
    }

    /// A run killed with SIGKILL leaves its stream's temporary file (`.r.jsonl.stream-PID`, or
    /// `.r.html.tmp-PID`): the next run to the same report removes it, and leaves alone one whose process still runs
    /// and other reports' files. They piled up, hidden, one per kill.
    func testAStreamLeftByAKilledRunIsRemovedByTheNext() throws {
        let dir = try TemporaryDirectory()
        let ended = ".r.jsonl.stream-99999999", running = ".r.jsonl.stream-\(getppid())", other = ".s.jsonl.stream-99999999"
        for name in [ended, running, other] { try Data("{\"partial\"\n".utf8).write(to: dir.file(name)) }
        let output = try ReportOutput(path: dir.file("r.jsonl").path, streaming: true)
        try output.finish(nil)
        XCTAssertEqual(try leftovers(in: dir).sorted(), [running, other].sorted())
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.file("r.jsonl").path))
        // The same for a whole file's temporary (a JSON report, an HTML page).
        try Data("{".utf8).write(to: dir.file(".r.html.tmp-99999999"))
        try AtomicFileWriter.write(Data("<p>".utf8), to: dir.file("r.html").path)
        XCTAssertEqual(try leftovers(in: dir).sorted(), [running, other].sorted())
    }

    func testAFIFOIsWrittenInPlace() throws {
        let dir = try TemporaryDirectory()
        let fifo = dir.file("pipe").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0, String(cString: strerror(errno)))
        // A reader first, so the writer's open does not wait.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        XCTAssertGreaterThanOrEqual(reader, 0)
        defer { close(reader) }
        try AtomicFileWriter.write(Data("report".utf8), to: fifo)
        XCTAssertEqual(fileType(fifo), S_IFIFO, "the FIFO was replaced")
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(reader, &buffer, buffer.count)
        XCTAssertEqual(count, 6)
        XCTAssertEqual(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self), "report")
        XCTAssertEqual(try leftovers(in: dir), [])
    }

    /// Devices made in a temporary folder (as root: mknod), so a regression cannot replace the
    /// machine's own /dev/null or /dev/full.
    func testADeviceIsWrittenInPlaceAndAFullOneFailsWithAnError() throws {
        let dir = try TemporaryDirectory()
        let null = dir.file("null").path, full = dir.file("full").path
        // Linux's makedev(major, minor) for small numbers (a macro Swift does not import).
        func device(_ major: UInt64, _ minor: UInt64) -> dev_t { dev_t(major << 8 | minor) }
        guard mknod(null, S_IFCHR | 0o666, device(1, 3)) == 0, mknod(full, S_IFCHR | 0o666, device(1, 7)) == 0 else {
            throw XCTSkip("mknod needs root (\(String(cString: strerror(errno)))); testAFIFOIsWrittenInPlace covers writing in place")
        }
        try AtomicFileWriter.write(Data("report".utf8), to: null)
        XCTAssertEqual(fileType(null), S_IFCHR, "the device was replaced by a file")
        XCTAssertThrowsError(try AtomicFileWriter.write(Data("report".utf8), to: full)) { error in
            XCTAssertEqual(error as? OutputError, .writeFailed(path: full, reason: String(cString: strerror(ENOSPC))))
        }
        XCTAssertEqual(fileType(full), S_IFCHR, "the device was replaced by a file")
        let stream = try ReportOutput(path: full, streaming: true)
        XCTAssertThrowsError(try XCTUnwrap(stream.stream).write(Data("{}\n".utf8)))
        XCTAssertEqual(fileType(full), S_IFCHR)
        XCTAssertEqual(try leftovers(in: dir), [])
    }

    /// Standard output on a full device (or, where /dev/full is missing, a descriptor open for
    /// reading only): the write throws a message naming the output, it does not stop the process.
    /// Writing a report into /proc (its file system takes no new files) named the report and said
    /// "No such file or directory" of a folder that is there; it says what is wrong.
    func testAReportWhereNoFileCanBeCreatedSaysWhy() throws {
        var info = stat()
        guard stat("/proc/version", &info) == 0, geteuid() == 0 else { throw XCTSkip("needs /proc, and root (others are refused by permission)") }
        XCTAssertThrowsError(try AtomicFileWriter.write(Data("{}".utf8), to: "/proc/version")) { error in
            XCTAssertEqual(
                (error as? OutputError)?.localizedDescription,
                "cannot write /proc/version: no file can be created in /proc: its file system does not allow it, as /proc and /sys do not")
        }
    }

    func testAWriteThatFailsThrowsInsteadOfStoppingTheProcess() throws {
        let dir = try TemporaryDirectory()
        try Data("x".utf8).write(to: dir.file("read-only"))
        let readOnly = try FileHandle(forReadingFrom: dir.file("read-only"))
        let sink = OutputSink(descriptor: readOnly.fileDescriptor, name: "standard output", owned: false)
        XCTAssertThrowsError(try sink.write(Data("{}\n".utf8))) { error in
            XCTAssertEqual(error as? OutputError, .writeFailed(path: "standard output", reason: String(cString: strerror(EBADF))))
            XCTAssertEqual((error as? OutputError)?.localizedDescription, "cannot write standard output: \(String(cString: strerror(EBADF)))")
        }
        var info = stat()
        if stat("/dev/full", &info) == 0, info.st_mode & S_IFMT == S_IFCHR {
            let full = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
            let fullSink = OutputSink(descriptor: full.fileDescriptor, name: "standard output", owned: false)
            XCTAssertThrowsError(try fullSink.write(Data(count: 100_000))) { error in
                XCTAssertEqual(error as? OutputError, .writeFailed(path: "standard output", reason: String(cString: strerror(ENOSPC))))
            }
        } else {
            print("no /dev/full character device here: the read-only descriptor above stands in for it")
        }
    }
}
