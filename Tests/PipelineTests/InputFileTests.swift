import Foundation
import Pipeline
import TestSupport
import XCTest

/// Input files (manifests, reports, human evaluations) that cannot be used say why: they all read
/// "no such file, or not readable" (or "missing or unreadable"), and an empty file read as a
/// malformed one ("not a CSV file (cannotReadHeaderRow)").
final class InputFileTests: XCTestCase {
    func testEachReasonIsNamed() throws {
        let dir = try TemporaryDirectory()
        let fm = FileManager.default
        _ = fm.createFile(atPath: dir.file("empty.csv").path, contents: Data())
        _ = fm.createFile(atPath: dir.file("full.csv").path, contents: Data("a\n".utf8))
        try fm.createDirectory(at: dir.file("folder"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: dir.file("dangling.csv").path, withDestinationPath: dir.file("gone.csv").path)
        func reason(_ name: String) -> String? {
            if case .failure(let problem) = InputFile.read(dir.file(name).path) { return problem.reason }
            return nil
        }
        XCTAssertEqual(reason("none.csv"), "no such file")
        XCTAssertEqual(reason("empty.csv"), "the file is empty (0 bytes)")
        XCTAssertEqual(reason("folder"), "a folder, not a file; name a file in it")
        XCTAssertEqual(reason("dangling.csv"), "a symbolic link to a file that does not exist")
        XCTAssertNil(reason("full.csv"))
        XCTAssertEqual(try InputFile.read(dir.file("empty.csv").path, allowEmpty: true).get(), Data())
    }

    /// A pipe (`/dev/stdin` fed by another program, a shell's `<(...)`) is read to its end: it
    /// read "nothing could be read from it".
    func testAPipeIsReadToItsEnd() throws {
        let dir = try TemporaryDirectory()
        let fifo = dir.file("calls.csv").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let text = "path\n" + String(repeating: "call.wav\n", count: 20_000)
        for (written, allowEmpty) in [(text, false), ("", true), ("", false)] {
            let writer = Thread {
                let handle = FileHandle(forWritingAtPath: fifo)
                handle?.write(Data(written.utf8))
                try? handle?.close()
            }
            writer.start()
            let read = InputFile.read(fifo, allowEmpty: allowEmpty)
            switch (read, written.isEmpty && !allowEmpty) {
            case (.success(let data), false): XCTAssertEqual(String(decoding: data, as: UTF8.self), written)
            case (.failure(let problem), true): XCTAssertEqual(problem.reason, "nothing could be read from it (a pipe: what writes into it wrote nothing)")
            default: XCTFail("\(read)")
            }
            while !writer.isFinished { usleep(1000) }
        }
    }
}
